"""Cell converters of the import: each distinct source value is converted once, then broadcast.

>>> import pandas as pd
>>> from bbic_su.importing._values import CellConverter
>>> conv = CellConverter("date", date_formats=("%Y%m%d",))
>>> conv.convert(pd.Series(["20240301", "20240301", "1 mars", None], dtype=object)).tolist()
['2024-03-01', '2024-03-01', '1 mars', nan]
>>> dict(conv.unmapped)
{'1 mars': 1}

A converter turns source text into canonical text: ``code`` (folded lookup),
``codes`` (split on a separator, each part looked up, sorted, joined by ``|``),
``date`` (strptime formats, ``excel`` serial days, ISO always accepted),
``integer`` (digits; a decimal mark followed only by zeros is accepted; spaces
as thousands separators are ignored) and ``text`` (kept as is). A value that
cannot be converted is *kept* in the cell, so validation flags it, and
counted in :attr:`CellConverter.unmapped`; one that looks like a personnummer
is replaced by ``<redacted>`` in the cell and in the count.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Mapping
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from bbic_su.frames._factorize import one_array
from bbic_su.importing.privacy import looks_like_personnummer

__all__ = [
    "ARROW_TEXT",
    "REDACTED",
    "TEXT",
    "CellConverter",
    "arrow_text",
    "coded",
    "distinct_text",
    "factorize",
    "parse_date",
    "to_text_series",
]

REDACTED = "<redacted>"
"""What replaces a value shaped like an identity number in cells and reports."""
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_ISO = ("%Y-%m-%d", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M")
_SERIAL = re.compile(r"^[0-9]{1,7}(?:[.,]0+)?$")
_INT = re.compile(r"^[+-]?[0-9]+$")


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def parse_date(text: str, formats: tuple[str, ...]) -> str | None:
    """The ISO date of ``text`` under the first matching format, else ``None``.

    >>> parse_date("45352", ("excel",)), parse_date("03/01/2024", ("%d/%m/%Y",))
    ('2024-03-01', '2024-01-03')
    """
    for fmt in (*formats, *_ISO):
        if fmt == "excel":
            if _SERIAL.match(text):
                days = int(re.split(r"[.,]", text)[0])
                if 1 <= days <= 2958465:
                    return (_EXCEL_EPOCH + dt.timedelta(days=days)).isoformat()
            continue
        try:
            return dt.datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def _parse_int(text: str, decimal: str) -> str | None:
    compact = "".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())
    if decimal in compact:
        whole, _, frac = compact.partition(decimal)
        if frac.strip("0"):
            return None
        compact = whole
    if not _INT.match(compact):
        return None
    return str(int(compact))


class CellConverter:
    """Converts one source column to canonical text, caching each distinct value.

    Args:
        kind: ``code``, ``codes``, ``date``, ``integer`` or ``text``.
        lookup: Folded source value to code (``code`` and ``codes``).
        separator: What separates multi-select options in a cell.
        date_formats: For ``date``.
        decimal: The decimal mark for ``integer``.
        blank: What a blank cell becomes (default ``None``, missing).
    """

    def __init__(
        self,
        kind: str,
        *,
        lookup: Mapping[str, str] | None = None,
        separator: str = "|",
        date_formats: tuple[str, ...] = (),
        decimal: str = ".",
        blank: str | None = None,
    ) -> None:
        self.kind = kind
        self.lookup = lookup or {}
        self.separator = separator
        self.date_formats = date_formats
        self.decimal = decimal
        self.blank = blank
        self.unmapped: Counter[str] = Counter()
        self._cache: dict[str, tuple[str | None, tuple[str, ...]]] = {}

    def _one(self, text: str) -> tuple[str | None, tuple[str, ...]]:
        """Canonical text of one value, and the unmapped parts (redacted)."""
        if self.kind == "text":
            return text, ()
        if self.kind == "codes":
            parts = [p.strip() for p in text.split(self.separator)]
            codes, bad = set(), []
            for part in parts:
                if not part:
                    continue
                code = self.lookup.get(_fold(part))
                if code is None:
                    part = REDACTED if looks_like_personnummer(part) else part
                    bad.append(part)
                    codes.add(part)
                else:
                    codes.add(code)
            return ("|".join(sorted(codes)) or None), tuple(bad)
        if self.kind == "code":
            found = self.lookup.get(_fold(text))
        elif self.kind == "date":
            found = parse_date(text, self.date_formats)
        else:
            found = _parse_int(text, self.decimal)
        if found is not None:
            return found, ()
        kept = REDACTED if looks_like_personnummer(text) else text
        return kept, (kept,)

    def convert(self, raw: pd.Series) -> pd.Series:
        """Convert a column of source cells (missing = blank) to a categorical column.

        Each distinct value is converted once (and cached across calls); the
        results are broadcast to the rows by their position in the distinct values.
        """
        if self.kind == "text" and self.blank is None and ARROW_TEXT and raw.dtype == TEXT:
            return _blank_missing(raw)  # kept as it is: no distinct values needed
        codes, uniques = factorize(raw)
        table = np.empty(len(uniques) + 1, dtype=object)  # the last: a blank cell
        table[-1] = self.blank
        if self.kind == "text":
            table[:-1] = uniques
            return coded(codes, table, raw.index)
        bad_parts: list[tuple[int, tuple[str, ...]]] = []
        for i, value in enumerate(uniques):
            text = str(value)
            hit = self._cache.get(text)
            if hit is None:
                hit = self._one(text)
                if len(self._cache) < 200_000:
                    self._cache[text] = hit
            table[i] = hit[0]
            if hit[1]:
                bad_parts.append((i, hit[1]))
        if bad_parts:
            counts = np.bincount(codes[codes >= 0], minlength=len(uniques))
            for i, parts in bad_parts:
                if not counts[i]:  # a category no row of this chunk holds
                    continue
                for part in parts:
                    self.unmapped[part] += int(counts[i])
        return coded(codes, table, raw.index)


TEXT = pd.Series(["a"], dtype=object).astype("str").dtype
"""The dtype of canonical text columns (``str``: Arrow-backed where pandas has it)."""
ARROW_TEXT = getattr(TEXT, "storage", None) == "pyarrow"


def arrow_text(values: Any, index: pd.Index) -> pd.Series:
    """A canonical text column holding an Arrow string array as it is (no copy)."""
    chunked = values if isinstance(values, pa.ChunkedArray) else pa.chunked_array([values])
    return pd.Series(pd.arrays.ArrowStringArray(chunked), index=index).astype(TEXT)


def _blank_missing(raw: pd.Series) -> pd.Series:
    """An Arrow-backed text column with its empty strings made missing."""
    arrow = pa.chunked_array(raw.array.__arrow_array__())
    blank = pc.equal(pc.binary_length(arrow), 0)
    if not pc.any(blank).as_py():
        return raw
    return arrow_text(pc.if_else(blank, None, arrow), raw.index)


def factorize(raw: pd.Series) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.object_]]:
    """Codes (-1 missing) and distinct values of a column.

    An Arrow-backed text column is dictionary-encoded by Arrow; a categorical
    column gives its own codes.
    """
    if isinstance(raw.dtype, pd.CategoricalDtype):
        codes = np.asarray(raw.cat.codes, dtype=np.intp)
        categories: npt.NDArray[np.object_] = raw.cat.categories.to_numpy(dtype=object)
        return codes, categories
    if ARROW_TEXT and raw.dtype == TEXT:
        keys, distinct = distinct_text(raw)
        return keys, np.asarray(distinct.to_pylist(), dtype=object)
    found, uniques = pd.factorize(raw.to_numpy(dtype=object))
    return np.asarray(found, dtype=np.intp), np.asarray(uniques, dtype=object)


def distinct_text(raw: pd.Series) -> tuple[npt.NDArray[np.intp], pa.Array]:
    """Codes (-1 missing or blank) and the distinct values as an Arrow string array.

    :func:`factorize` without a Python string per distinct value, for an Arrow-backed
    text column; other columns are factorised and their distinct values converted.
    """
    if not (ARROW_TEXT and raw.dtype == TEXT):
        codes, uniques = factorize(raw)
        return codes, pa.array(uniques, type=pa.string())
    encoded = pc.dictionary_encode(one_array(raw))
    keys = np.asarray(encoded.indices.fill_null(-1), dtype=np.intp)
    distinct = encoded.dictionary
    empty = np.flatnonzero(np.asarray(pc.equal(pc.binary_length(distinct), 0), dtype=bool))
    if len(empty):  # an empty (blank) cell is a missing one
        keys[keys == empty[0]] = -1
    return keys, distinct


def coded(
    codes: npt.NDArray[np.intp], table: npt.NDArray[np.object_], index: pd.Index
) -> pd.Series:
    """A text column whose row ``i`` holds ``table[codes[i]]`` (``None``: missing).

    Code -1 takes the table's last entry (what a blank cell becomes). With Arrow
    strings the table is converted once and taken by Arrow; else an object column.
    """
    if not ARROW_TEXT:
        return pd.Series(table[codes], index=index, dtype=object)
    picks = np.where(codes < 0, len(table) - 1, codes)
    return arrow_text(pa.array(table, type=pa.string()).take(pa.array(picks)), index)


def to_text_series(values: pd.Series) -> pd.Series:
    """A canonical text column (``str`` dtype, missing as NA)."""
    return values.astype("str").where(values.notna())
