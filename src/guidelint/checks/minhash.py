"""MinHash signatures of word shingles, and LSH bands to find near-duplicate texts.

The Jaccard similarity of two texts' sets of word ``shingle``-grams is estimated by
the share of equal values in their MinHash signatures: ``num_perm`` universal hash
functions ``(a * x + b) mod (2**31 - 1)`` over a 32-bit hash of each shingle, with
``a`` and ``b`` drawn from a generator seeded with ``seed`` (the same on every run and
machine). Signatures are cut into ``bands`` of ``rows`` values; two texts sharing a
band are candidates. ``rows`` is the largest for which a pair at ``threshold``
becomes a candidate with at least 98% probability (``1 - (1 - t**r)**b``).
"""

from __future__ import annotations

import hashlib
import zlib
from array import array
from collections.abc import Sequence
from typing import Any

import numpy as np

PRIME = (1 << 31) - 1
_MIX = np.uint64(0x100000001B3)  # the 64-bit FNV prime
_FINAL = (np.uint64(0xFF51AFD7ED558CCD), np.uint64(0xC4CEB9FE1A85EC53))
#: Probability that a pair exactly at the threshold shares at least one band.
RECALL_AT_THRESHOLD = 0.98


def lsh_shape(num_perm: int, threshold: float) -> tuple[int, int]:
    """(bands, rows) for ``num_perm`` values: the most rows keeping the recall target."""
    best = (num_perm, 1)
    for rows in range(1, num_perm + 1):
        bands = num_perm // rows
        if 1 - (1 - threshold**rows) ** bands >= RECALL_AT_THRESHOLD:
            best = (bands, rows)
    return best


def shingle_hashes(words: Sequence[str], size: int) -> np.ndarray[Any, np.dtype[np.uint64]]:
    """The distinct 32-bit hashes of a text's ``size``-word shingles (a shorter text is one).

    Each word is hashed once (CRC-32); a shingle's hash mixes its words' hashes in
    order (a polynomial with wrap-around, then murmur3's finaliser, vectorised) and
    keeps the top 32 bits.
    """
    words_hashed = np.fromiter(
        (zlib.crc32(w.encode("utf-8", "surrogatepass")) for w in words),
        dtype=np.uint64,
        count=len(words),
    )
    width = min(size, len(words))
    count = len(words) - width + 1
    mixed: np.ndarray[Any, np.dtype[np.uint64]] = np.zeros(count, dtype=np.uint64)
    for offset in range(width):
        mixed = (mixed * _MIX + words_hashed[offset : offset + count]).astype(np.uint64)
    for multiplier in _FINAL:  # murmur3's finaliser: every input bit moves the top bits
        mixed ^= mixed >> np.uint64(33)
        mixed *= multiplier
    mixed ^= mixed >> np.uint64(33)
    top: np.ndarray[Any, np.dtype[np.uint64]] = np.unique(mixed >> np.uint64(32))
    return top


class MinHasher:
    """Signatures, band keys and similarity estimates for one configuration."""

    def __init__(self, num_perm: int, threshold: float, shingle: int, seed: int):
        self.num_perm = num_perm
        self.threshold = threshold
        self.shingle = shingle
        generator = np.random.default_rng(seed)
        self._a = generator.integers(1, PRIME, size=num_perm, dtype=np.uint64)
        self._b = generator.integers(0, PRIME, size=num_perm, dtype=np.uint64)
        self.bands, self.rows = lsh_shape(num_perm, threshold)

    def signature(self, words: Sequence[str]) -> array[int]:
        """The MinHash signature (``num_perm`` 31-bit values) of a text's shingles."""
        hashes = shingle_hashes(words, self.shingle)
        values = (self._a[:, None] * hashes[None, :] + self._b[:, None]) % PRIME
        return array("I", values.min(axis=1).astype(np.uint32).tobytes())

    def band_keys(self, signature: array[int], salt: int = 0) -> list[int]:
        """One 64-bit key per band (``salt`` keeps separate tables apart)."""
        keys = []
        rows = self.rows
        for band in range(self.bands):
            chunk = signature[band * rows : (band + 1) * rows].tobytes()
            digest = hashlib.blake2b(
                chunk, digest_size=8, person=salt.to_bytes(4, "little") + band.to_bytes(4, "little")
            ).digest()
            keys.append(int.from_bytes(digest, "little"))
        return keys

    def similarity(self, first: array[int], second: array[int]) -> float:
        """Estimated Jaccard similarity: the share of equal signature values."""
        same = sum(1 for x, y in zip(first, second, strict=True) if x == y)
        return same / self.num_perm
