"""Exact integer identifiers of key values, without hashing the strings where possible.

>>> import pandas as pd
>>> from bbic_su.frames._keyids import key_ids
>>> ids = key_ids(pd.Series(["u1", "u2", None, "u1"], dtype="str"))
>>> ids.words, ids.values[0] == ids.values[3], ids.values[0] != ids.values[1], ids.values[2]
(True, np.True_, np.True_, np.int64(-1))

Keys are mostly distinct, so hashing them is the dominant cost of finding duplicate
keys, grouping records by their parent and linking them: an Arrow hash pass over a
million distinct strings takes about 0.2 s. Most keys are short, though, and a string
of at most eight bytes *is* an integer: its UTF-8 bytes read as one little-endian
64-bit word. For such columns the identifier of a row is that word, gathered straight
from the Arrow buffers (one memory read per row); equal identifiers mean equal keys,
exactly (a column holding a NUL byte, which would read the same as no byte at all,
does not take this path). Other columns are factorised as before. Missing keys
get ``-1``, which no word can be (it would be eight ``0xFF`` bytes, never valid UTF-8).
"""

from __future__ import annotations

from typing import Any

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

__all__ = ["MISSING", "KeyIds", "duplicated", "first_positions", "key_ids"]

Ints = npt.NDArray[np.int64]
MISSING = -1
"""The identifier of a missing key."""

_WIDTH = 8
_MASKS = np.array([(1 << (8 * k)) - 1 for k in range(_WIDTH)] + [2**64 - 1], dtype=np.uint64)
"""Per byte length 0..8: the bits a string of that length occupies in its word."""


@attrs.frozen
class KeyIds:
    """Per row an identifier (``MISSING`` for a missing key); equal iff the keys are equal.

    ``words``: the identifiers are the keys' bytes (comparable across columns);
    otherwise they are factorisation codes of this column alone.
    """

    values: Ints
    words: bool


def _chunk_words(chunk: Any) -> Ints | None:
    """The words of one Arrow string chunk, or None when a key is too long or holds NUL.

    ``chunk`` is a ``pyarrow`` array (``Any``: pyarrow ships no type information).
    """
    kind = str(chunk.type)
    if kind not in ("string", "large_string"):
        return None
    bufs = chunk.buffers()
    n = len(chunk)
    width = np.int64 if kind == "large_string" else np.int32
    start = chunk.offset
    offsets = np.asarray(np.frombuffer(bufs[1], dtype=width)[start : start + n + 1], np.intp)
    sizes = np.diff(offsets)
    if n and int(sizes.max()) > _WIDTH:
        return None
    data = np.frombuffer(bufs[2], dtype=np.uint8) if bufs[2] is not None else np.zeros(0, np.uint8)
    seg = data[offsets[0] : offsets[-1]] if n else data[:0]
    if seg.size and not seg.all():
        return None  # a NUL byte
    padded = np.zeros(seg.size + _WIDTH, dtype=np.uint8)
    padded[: seg.size] = seg
    # a word starting at every byte (unaligned reads), little-endian on every machine
    at = np.ndarray((seg.size + 1,), dtype="<u8", buffer=padded, strides=(1,))
    words = at[offsets[:-1] - offsets[0]]
    words &= _MASKS[sizes]
    return np.asarray(words.view(np.int64), dtype=np.int64)


def key_ids(series: pd.Series) -> KeyIds:
    """The :class:`KeyIds` of a key column (any dtype; Arrow strings are the fast path)."""
    n = len(series)
    if getattr(series.dtype, "storage", None) == "pyarrow":
        chunks = series.array.__arrow_array__().chunks
        found = [_chunk_words(c) for c in chunks]
        parts = [p for p in found if p is not None]
        if len(parts) == len(found):
            values = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
            values[series.isna().to_numpy(dtype=bool)] = MISSING
            return KeyIds(values.astype(np.int64, copy=False), words=True)
    try:
        codes, _ = pd.factorize(series, use_na_sentinel=True)
    except TypeError:  # unhashable junk
        codes, _ = pd.factorize(series.astype(str).where(series.notna()), use_na_sentinel=True)
    out = np.asarray(codes, dtype=np.int64)
    assert len(out) == n
    return KeyIds(out, words=False)


def _runs(ordered: Ints) -> npt.NDArray[np.bool_]:
    """True where a sorted array starts a new run of equal values."""
    start = np.ones(len(ordered), dtype=bool)
    start[1:] = ordered[1:] != ordered[:-1]
    return start


def duplicated(values: Ints) -> npt.NDArray[np.bool_]:
    """Rows whose identifier occurred in an earlier row (missing ones never count)."""
    present = values != MISSING
    if not len(values) or _runs(np.sort(values[present])).all():
        return np.zeros(len(values), dtype=bool)  # the usual case: no duplicates at all
    order = np.argsort(values, kind="stable")  # equal values keep their row order
    out = np.zeros(len(values), dtype=bool)
    out[order] = ~_runs(values[order])
    return np.asarray(out & present, dtype=bool)


def first_positions(parent: KeyIds, refs: KeyIds) -> npt.NDArray[np.intp] | None:
    """Position of each reference's first occurrence in ``parent`` (-1: none or missing).

    ``None`` unless both are word identifiers (the caller then compares the texts).
    """
    if not (parent.words and refs.words):
        return None
    index = pd.Index(parent.values)
    if index.is_unique:  # the usual case: one hash table of the parent's words
        found = np.asarray(index.get_indexer(pd.Index(refs.values)), dtype=np.intp)
        found[refs.values == MISSING] = -1
        return found
    m = len(parent.values)
    both = np.concatenate([parent.values, refs.values])
    order = np.argsort(both, kind="stable")  # parent rows first within a run, in row order
    ordered = both[order]
    starts = np.flatnonzero(_runs(ordered))
    head = np.repeat(order[starts], np.diff(np.append(starts, len(order))))
    found = np.where((head < m) & (ordered != MISSING), head, -1)
    out = np.empty(len(both), dtype=np.intp)
    out[order] = found
    return out[m:]
