"""The identity numbers of one import, each checked and pseudonymised once, found by key.

>>> import numpy as np
>>> import pyarrow as pa
>>> from bbic_su.importing._identity_cache import IdentityCache
>>> from bbic_su.importing.privacy import pseudonymise
>>> cache, key = IdentityCache(), b"an example key, at least 16 bytes"
>>> cache.look_up(pa.array(["900101-0017", "1 mars"]), key).tolist()
[0, 1]
>>> cache.look_up(pa.array(["19900101-0018", "900101-0017"]), key).tolist()  # one is known
[2, 0]
>>> cache.valid.tolist(), [str(d) for d in cache.birth]
([True, False, False], ['1990-01-01', 'NaT', 'NaT'])
>>> got = cache.pseudonyms_at(np.array([0, 1, -1]))
>>> got.to_pylist() == [pseudonymise("900101-0017", key), None, None]
True

:class:`IdentityCache` keeps, for one import, every value already checked with its
pseudonym, birth date and sex, in arrays keyed by the value, so each distinct value is
checked (:func:`~bbic_su.importing._pnr_vector.check_shaped`) and hashed
(:func:`~bbic_su.importing._pnr_vector.pseudonym_array`) once, whichever chunk or file
it returns in.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from bbic_su.importing._pnr_vector import check_shaped, pseudonym_array, shapes_of

__all__ = ["IdentityCache"]


class IdentityCache:
    """Identity-number values already seen in this import: pseudonym, birth date and sex.

    Each distinct value is checked and pseudonymised once per import, whichever
    chunk or file it comes back in; the cache is dropped with the import. It is
    columnar and its look-up does not grow with the values already held: a value of
    the common shapes is one 64-bit key (its digits, its length and its sign), found
    by binary search in a sorted key array; any other value is a text key. The
    pseudonyms (16 ASCII letters each) are one byte matrix, grown by doubling, so no
    Python object is made per value and no array is rebuilt per chunk.
    """

    def __init__(self) -> None:
        self._sorted = np.empty(0, dtype=np.int64)  # the 64-bit keys, sorted
        self._at = np.empty(0, dtype=np.intp)  # the place of each sorted key
        self._other: dict[str, int] = {}  # values of other shapes
        self._n = 0
        self._pseudo = np.zeros((0, 16), dtype=np.uint8)
        self._valid = np.empty(0, dtype=bool)
        self._birth = np.empty(0, dtype="datetime64[D]")
        self._sex = np.empty(0, dtype=object)

    @property
    def valid(self) -> npt.NDArray[np.bool_]:
        """True where the value at that place is a valid number."""
        return self._valid[: self._n]

    @property
    def birth(self) -> npt.NDArray[np.datetime64]:
        """The birth date at each place (NaT where not valid)."""
        return self._birth[: self._n]

    @property
    def sex(self) -> npt.NDArray[np.object_]:
        """``"female"``, ``"male"`` or ``None`` at each place."""
        return self._sex[: self._n]

    def pseudonyms_at(self, at: npt.NDArray[np.intp]) -> pa.StringArray:
        """The pseudonyms of the places ``at`` (null at -1 and where the value is not valid)."""
        n = len(at)
        ok = at >= 0
        ok[ok] = self._valid[at[ok]]
        chars = self._pseudo[np.where(ok, at, 0)] if self._n else np.zeros((n, 16), np.uint8)
        offsets = np.arange(0, 16 * n + 1, 16, dtype=np.int32)
        mask = pa.py_buffer(np.packbits(ok, bitorder="little"))
        data = pa.py_buffer(np.ascontiguousarray(chars).reshape(-1))  # no copy
        return pa.StringArray.from_buffers(n, pa.py_buffer(offsets), data, mask)

    def look_up(self, values: pa.Array, key: bytes) -> npt.NDArray[np.intp]:
        """Places of ``values`` (distinct text) in the cache, checking and adding new ones."""
        values = values.cast(pa.string())  # one type whichever reader gave them (Arrow or rows)
        shapes = shapes_of(values)
        keys, common = shapes.keys, shapes.common
        pos = np.full(len(values), -1, dtype=np.intp)
        if len(self._sorted) and len(keys):
            order = np.argsort(keys)  # sorted queries: each search starts where the last ended
            i = np.minimum(np.searchsorted(self._sorted, keys[order]), len(self._sorted) - 1)
            hit = np.where(self._sorted[i] == keys[order], self._at[i], -1)
            pos[np.flatnonzero(common)[order]] = hit
        rest = np.flatnonzero(~common)
        others = values.take(pa.array(rest)).to_pylist()
        pos[rest] = [self._other.get(v, -1) for v in others]
        new = np.flatnonzero(pos < 0)
        if not len(new):
            return pos
        found = check_shaped(values.take(pa.array(new)), shapes.take(new), dt.date.today())
        made = pseudonym_array(found.twelve[found.valid], key)
        start = self._n
        pos[new] = np.arange(start, start + len(new))
        self._grow(start + len(new))
        rows = slice(start, start + len(new))
        if len(made):
            chars = np.frombuffer(made.buffers()[2], dtype=np.uint8)[: 16 * len(made)]
            self._pseudo[rows][found.valid] = chars.reshape(-1, 16)
        self._valid[rows], self._birth[rows], self._sex[rows] = found.valid, found.birth, found.sex
        self._n = start + len(new)
        fresh_common = new[common[new]]
        self._insert(keys[(np.cumsum(common) - 1)[fresh_common]], pos[fresh_common])
        for row, value in zip(rest.tolist(), others, strict=True):
            self._other.setdefault(value, int(pos[row]))
        return pos

    def _grow(self, size: int) -> None:
        if size <= len(self._valid):
            return
        room = max(size, 2 * len(self._valid), 1024)

        def wider(a: Any) -> Any:
            out = np.zeros((room, *a.shape[1:]), dtype=a.dtype)
            out[: self._n] = a[: self._n]
            return out

        self._pseudo, self._valid, self._sex = map(wider, (self._pseudo, self._valid, self._sex))
        self._birth = wider(self._birth)

    def _insert(self, keys: npt.NDArray[np.int64], places: npt.NDArray[np.intp]) -> None:
        order = np.argsort(keys, kind="stable")
        where = np.searchsorted(self._sorted, keys[order])
        self._sorted = np.insert(self._sorted, where, keys[order])
        self._at = np.insert(self._at, where, places[order])
