"""Parsing one cell into its typed value, shared by the frame and the record paths.

>>> from bbic_su.frames._parse import parse_value
>>> parse_value("date", None, "2024-02-29")
Parsed(value=datetime.date(2024, 2, 29), failure=None, shown=None)
>>> parse_value("date", None, "2024-02-30").failure.value
'invalid-date'
>>> parse_value("codes", frozenset({"a", "b"}), "b|a").value
'a|b'
>>> parse_value("code", frozenset({"a"}), "Barnet sa nej").failure.value
'free-text-in-code-field'

The frame path calls :func:`parse_value` once per *distinct* value of a column and
broadcasts the result to the rows; the record path calls it once per field. Typed
values follow the frame conventions: code strings, multi-select codes sorted and
joined by ``|``, :class:`datetime.date`, :class:`int`; ``None`` is missing. A value
that fails to parse becomes missing for every later rule.
"""

from __future__ import annotations

import datetime as dt
import re

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

from bbic_su.expr._evaluate_common import is_blank
from bbic_su.frames._schema_columns import MAX_KEY, UNSAFE_KEY
from bbic_su.spec.issue_codes import IssueCode

__all__ = [
    "MAX_KEY",
    "UNSAFE_KEY",
    "Parsed",
    "is_blank",
    "key_failures",
    "parse_value",
    "safe_code",
    "safe_int",
    "shown_value",
]

_CODE_SHAPE = re.compile(r"[a-z0-9][a-z0-9_]{0,63}")
_DATE_SHAPE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_INT_SHAPE = re.compile(r"[+-]?[0-9]{1,18}")
_UNSAFE_KEY = re.compile(UNSAFE_KEY)
_SAFE_INT = 10**6
_INT64 = 2**63


@attrs.frozen
class Parsed:
    """A typed value, the failure code (``None`` when fine) and the value safe to report."""

    value: object
    failure: IssueCode | None = None
    shown: str | int | None = None


_MISSING = Parsed(None)


def safe_code(text: str) -> str | None:
    """``text`` when it is shaped like a code (and cannot be an identity number), else None."""
    if _CODE_SHAPE.fullmatch(text) and not (text.isdigit() and len(text) > 4):
        return text
    return None


def safe_int(value: int) -> int | None:
    """``value`` when it is small enough never to be an identity number."""
    return value if -_SAFE_INT < value < _SAFE_INT else None


def shown_value(value: object) -> str | int | None:
    """A typed value as reported in :attr:`Issue.value` (None when unsafe or missing)."""
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):
        return safe_int(value)
    if isinstance(value, str):
        parts = [safe_code(p) for p in value.split("|")]
        return value if all(parts) else None
    return None


def _as_text(raw: object) -> str | None:
    if isinstance(raw, str):
        return str(raw)  # plain text also for the StrEnum codes of typed records
    if isinstance(raw, bool | np.bool_):
        return None
    if isinstance(raw, int | np.integer):
        return str(int(raw))
    if isinstance(raw, float | np.floating) and float(raw).is_integer():
        return str(int(raw))
    return None


def _code(codes: frozenset[str] | None, raw: object) -> Parsed:
    text = _as_text(raw)
    if text is not None and (codes is None or text in codes):
        return Parsed(text)
    if text is not None and safe_code(text):
        return Parsed(None, IssueCode.INVALID_CODE, text)
    return Parsed(None, IssueCode.FREE_TEXT_IN_CODE_FIELD)


def _codes(codes: frozenset[str] | None, raw: object) -> Parsed:
    if isinstance(raw, set | frozenset | list | tuple):
        items = [_as_text(v) for v in raw if not is_blank(v)]
    else:
        text = _as_text(raw)
        items = [text] if text is None else [p for p in text.split("|") if p]
    if any(i is None for i in items):
        return Parsed(None, IssueCode.FREE_TEXT_IN_CODE_FIELD)
    texts = sorted({i for i in items if i is not None})
    bad = [t for t in texts if codes is not None and t not in codes]
    if not bad:
        return Parsed("|".join(texts) or None)
    if all(safe_code(b) for b in bad):
        return Parsed(None, IssueCode.INVALID_CODE, "|".join(bad))
    return Parsed(None, IssueCode.FREE_TEXT_IN_CODE_FIELD)


def _date(raw: object) -> Parsed:
    if isinstance(raw, dt.datetime):
        return Parsed(raw.date())
    if isinstance(raw, dt.date):
        return Parsed(raw)
    if isinstance(raw, np.datetime64):
        day = raw.astype("datetime64[D]").item()
        return Parsed(day) if isinstance(day, dt.date) else Parsed(None, IssueCode.INVALID_DATE)
    if isinstance(raw, str) and _DATE_SHAPE.fullmatch(raw):
        try:
            return Parsed(dt.date.fromisoformat(raw))
        except ValueError:
            return Parsed(None, IssueCode.INVALID_DATE, raw)
    return Parsed(None, IssueCode.INVALID_DATE)


def _integer(raw: object) -> Parsed:
    if isinstance(raw, bool | np.bool_):
        return Parsed(None, IssueCode.INVALID_INTEGER)
    if (
        isinstance(raw, int | np.integer)
        or (isinstance(raw, float | np.floating) and float(raw).is_integer())
        or (isinstance(raw, str) and _INT_SHAPE.fullmatch(raw) is not None)
    ):
        value = int(raw)
    else:
        shown = raw if isinstance(raw, str) and len(raw) <= 8 and safe_code(raw) else None
        return Parsed(None, IssueCode.INVALID_INTEGER, shown)
    if not -_INT64 <= value < _INT64:
        return Parsed(None, IssueCode.INVALID_INTEGER)
    return Parsed(value)


def _key(raw: object) -> Parsed:
    text = _as_text(raw)
    if text is None:
        text = str(raw)
    if len(text) > MAX_KEY or _UNSAFE_KEY.search(text):
        return Parsed(text, IssueCode.INVALID_KEY)
    return Parsed(text)


def parse_value(kind: str, codes: frozenset[str] | None, raw: object) -> Parsed:
    """Parse one raw cell of a column of datatype ``kind``.

    Args:
        kind: ``code``, ``codes``, ``date``, ``integer`` or ``text`` (key columns).
        codes: The value set's codes (code and codes kinds).
        raw: The cell as given (text from CSV, or an already-typed value).

    Returns:
        The typed value (``None`` when missing or invalid), the failure code, and
        the value that may be shown in a report. Key (``text``) values that fail
        keep their text so that records can still be linked; they are never shown.
    """
    if is_blank(raw):
        return _MISSING
    if kind == "code":
        return _code(codes, raw)
    if kind == "codes":
        return _codes(codes, raw)
    if kind == "date":
        return _date(raw)
    if kind == "integer":
        return _integer(raw)
    return _key(raw)


def _key_candidates(series: pd.Series) -> npt.NDArray[np.bool_] | None:
    """Rows that may fail :func:`_key`, from the bytes of an Arrow string column.

    A failing key has more than :data:`MAX_KEY` bytes, at least ten digits or a control
    byte (UTF-8 never uses bytes below 0x20 inside other characters). ``None`` when the
    column is not Arrow-backed.
    """
    if getattr(series.dtype, "storage", None) != "pyarrow":
        return None
    parts = []
    for chunk in series.array.__arrow_array__().chunks:
        if str(chunk.type) not in ("string", "large_string"):
            return None
        bufs = chunk.buffers()
        width = np.int64 if str(chunk.type) == "large_string" else np.int32
        offsets = np.frombuffer(bufs[1], dtype=width)[chunk.offset : chunk.offset + len(chunk) + 1]
        data = np.frombuffer(bufs[2], dtype=np.uint8) if bufs[2] is not None else np.zeros(0)
        seg = data[offsets[0] : offsets[-1]]
        rel = (offsets - offsets[0]).astype(np.intp)
        sizes = np.diff(rel)
        found = sizes > MAX_KEY
        for mask, least in (((seg - np.uint8(48)) < 10, 10), (seg < 32, 1)):
            if least == 10 and (len(sizes) == 0 or sizes.max() < 10):
                continue  # too short to hold ten digits
            if least == 1 and not mask.any():
                continue
            total = np.zeros(len(seg) + 1, dtype=np.int32)
            np.cumsum(mask, dtype=np.int32, out=total[1:])
            found |= total[rel[1:]] - total[rel[:-1]] >= least
        parts.append(found)
    return np.concatenate(parts) if parts else np.zeros(0, dtype=bool)


def key_failures(series: pd.Series) -> npt.NDArray[np.bool_]:
    """Rows of a text column whose key fails :func:`parse_value` (unsafe or too long).

    Vectorised over the rows (keys are mostly distinct); missing rows never fail.
    """
    texts = series.reset_index(drop=True)
    candidates = _key_candidates(texts)
    if candidates is not None:
        rows = np.flatnonzero(candidates)
        texts = texts.iloc[rows]
    bad = (texts.str.len() > MAX_KEY) | texts.str.contains(UNSAFE_KEY, regex=True)
    found = bad.to_numpy(dtype=bool, na_value=False) & texts.notna().to_numpy(dtype=bool)
    if candidates is None:
        return found
    out = np.zeros(len(series), dtype=bool)
    out[rows] = found
    return out
