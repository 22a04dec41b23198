"""The page around the reports: escaping, the style sheet, sections, tables, figures.

Every piece of text that comes from a dataset, a guideline or a file name goes
through :func:`esc` (``html.escape`` with quotes), so a response holding
``<script>`` shows as text. The page has no script; styles are inline; the layout is
one column that reflows from a laptop screen to a phone width (tables scroll
sideways inside their own box).

Severity colours are the terminal's (red errors, yellow warnings, cyan infos), in
shades whose lightness differs (dark red, light amber, mid cyan) so that they stay
apart in greyscale; a badge always carries the severity's name as well.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Sequence
from typing import TextIO

#: Severity → colour, as on the terminal (red, yellow, cyan); lightness differs.
SEVERITY_COLORS = {"error": "#b71c1c", "warning": "#f2c12e", "info": "#4fb3bf"}
#: Severity → hatching in charts, so bars differ without colour too.
SEVERITY_HATCH = {"error": "", "warning": "//", "info": ".."}

STYLE = """
:root{--fg:#1a1a1a;--muted:#555;--line:#d0d0d0;--bg:#fff;--panel:#f6f6f6;--accent:#1f4e79}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);
background:var(--bg)}
header,main,footer{max-width:1100px;margin:0 auto;padding:0 16px}
header{padding-top:16px;border-bottom:2px solid var(--accent)}
h1{font-size:1.5em;margin:.3em 0}h2{font-size:1.25em;margin:1.6em 0 .4em;
border-bottom:1px solid var(--line)}h3{font-size:1.05em;margin:1.2em 0 .3em}
nav ul{list-style:none;padding:0;margin:.5em 0;display:flex;flex-wrap:wrap;gap:.3em 1em}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:10px;margin:1em 0}
.card{background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:8px 12px}
.card .n{font-size:1.6em;font-weight:600;display:block}
.status{padding:10px 14px;border-radius:6px;font-weight:600;border:2px solid}
.status.fail{border-color:#b71c1c;background:#fdecea}.status.pass{border-color:#1b5e20;
background:#e8f5e9}
.figure{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:16px;align-items:start;
margin:.8em 0}
.figure svg{width:100%;height:auto;display:block}
.figure.wide{grid-template-columns:minmax(0,1fr)}.figure.wide svg{max-width:760px}
@media (max-width:760px){.figure{grid-template-columns:minmax(0,1fr)}}
.scroll{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;font-size:.9em;margin:.3em 0}
th,td{border-bottom:1px solid var(--line);padding:3px 8px;text-align:left;vertical-align:top}
th{background:var(--panel)}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
caption{text-align:left;font-weight:600;padding:2px 0;color:var(--muted)}
.sev{display:inline-block;border-radius:4px;padding:0 6px;font-size:.85em;font-weight:600}
.sev-error{background:#b71c1c;color:#fff}.sev-warning{background:#f2c12e;color:#1a1a1a}
.sev-info{background:#4fb3bf;color:#1a1a1a}
.finding{border-left:4px solid var(--line);padding:4px 10px;margin:6px 0;background:var(--panel);
overflow-wrap:anywhere}
.finding.error{border-color:#b71c1c}.finding.warning{border-color:#f2c12e}
.finding.info{border-color:#4fb3bf}
.where{font-family:ui-monospace,monospace;font-size:.9em}
.excerpt{font-family:ui-monospace,monospace;font-size:.9em;white-space:pre-wrap}
mark{background:#ffe08a;color:inherit;text-decoration:underline;font-weight:600}
.muted{color:var(--muted)}.left-out{font-style:italic;color:var(--muted)}
blockquote{margin:.3em 0;padding:.3em .8em;border-left:3px solid var(--line);background:#fafafa;
white-space:pre-wrap;overflow-wrap:anywhere}
details>summary{cursor:pointer}
footer{color:var(--muted);font-size:.85em;padding:24px 16px}
@media print{.figure{grid-template-columns:1fr}}
"""


def esc(value: object) -> str:
    """Text for HTML: ``&``, ``<``, ``>`` and both quotes escaped."""
    return html.escape(str(value), quote=True)


def number(value: float | int | None, digits: int = 3) -> str:
    """A number as the report's tables show it: ints as they are, other numbers with
    ``digits`` decimals, ``–`` for undefined (None, NaN, infinite)."""
    if value is None or isinstance(value, bool):
        return "–" if value is None else str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if not math.isfinite(value):
        return "–"
    if abs(value) >= 1e6:
        return f"{value:.4g}"
    text = f"{value:.{digits}f}"
    return "0." + "0" * digits if text == "-0." + "0" * digits else text


def percent(value: float | None) -> str:
    return "–" if value is None or not math.isfinite(value) else f"{value:.1%}"


def badge(severity: str) -> str:
    return f'<span class="sev sev-{esc(severity)}">{esc(severity)}</span>'


def table(
    columns: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    numeric: Iterable[int] = (),
    caption: str = "",
    name: str = "",
) -> str:
    """A table; ``rows`` hold HTML already escaped; ``numeric`` columns align right.

    ``name`` goes into ``data-table`` so tests (and people with a user style sheet) can
    find the table."""
    right = set(numeric)
    head = "".join(
        f'<th scope="col"{" class=num" if i in right else ""}>{esc(c)}</th>'
        for i, c in enumerate(columns)
    )
    body = "".join(
        "<tr>"
        + "".join(
            f"<td{' class=num' if i in right else ''}>{cell}</td>" for i, cell in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    data = f' data-table="{esc(name)}"' if name else ""
    return (
        f'<div class="scroll"><table{data}>{cap}<thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
    )


def figure(svg: str, table_html: str, *, name: str = "", wide: bool = False) -> str:
    """A chart with its table equivalent beside it (below it on a narrow screen, and
    always below it when the table is ``wide``)."""
    data = f' data-figure="{esc(name)}"' if name else ""
    kind = "figure wide" if wide else "figure"
    return f'<div class="{kind}"{data}><div>{svg}</div><div>{table_html}</div></div>'


class Page:
    """Writes one report page to a stream, section by section."""

    def __init__(self, stream: TextIO, title: str, subtitle: str = ""):
        self.stream = stream
        self.title = title
        self.subtitle = subtitle

    def open(self, sections: Sequence[tuple[str, str]]) -> None:
        """The head, the page header, and a table of contents of ``(id, title)``."""
        nav = "".join(f'<li><a href="#{esc(key)}">{esc(title)}</a></li>' for key, title in sections)
        self.stream.write(
            '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            # No request may leave the page: no script, no remote anything, no favicon.
            '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
            "style-src 'unsafe-inline'; img-src data:\">"
            '<link rel="icon" href="data:,">'
            f"<title>{esc(self.title)}</title><style>{STYLE}</style></head><body>\n"
            f"<header><h1>{esc(self.title)}</h1>"
            + (f'<p class="muted">{self.subtitle}</p>' if self.subtitle else "")
            + f'<nav aria-label="sections"><ul>{nav}</ul></nav></header>\n<main>\n'
        )

    def section(self, key: str, title: str, body: str) -> None:
        self.stream.write(
            f'<section id="{esc(key)}" aria-labelledby="{esc(key)}-h">'
            f'<h2 id="{esc(key)}-h">{esc(title)}</h2>\n{body}\n</section>\n'
        )

    def close(self, footer: str) -> None:
        self.stream.write(f"</main>\n<footer>{footer}</footer>\n</body></html>\n")
