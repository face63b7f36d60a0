"""Identity numbers checked, normalised and pseudonymised as whole arrays of distinct values.

>>> import datetime as dt
>>> from bbic_su.importing._pnr_vector import check_identity_numbers, pseudonyms
>>> found = check_identity_numbers(
...     ["900101-0017", "19900101-0018", "20100161-0003", "120101+0012", "1 mars"],
...     today=dt.date(2026, 1, 1),
... )
>>> found.digits.tolist()
['199001010017', None, '201001610003', '191201010012', None]
>>> [str(d) for d in found.birth], found.sex.tolist()
(['1990-01-01', 'NaT', '2010-01-01', '1912-01-01', 'NaT'], ['male', None, 'female', 'male', None])
>>> key = b"an example key, at least 16 bytes"
>>> from bbic_su.importing.privacy import pseudonymise
>>> pseudonyms(["199001010017"], key).tolist() == [pseudonymise("900101-0017", key)]
True

:func:`check_identity_numbers` gives exactly what
:func:`bbic_su.importing.privacy.identity_number` gives value by value (a property test
over valid numbers, near-misses and junk keeps them equal): the fast path takes
the values written the common ways (``YYYYMMDD-NNNN``, ``YYYYMMDDNNNN``,
``YYMMDD-NNNN``, ``YYMMDD+NNNN``, ``YYMMDDNNNN``, ASCII digits, nothing else)
and checks them with array operations: century from the four-digit year, or
from the reference date and the ``+`` sign; month and day (day minus 60 for a
samordningsnummer) against the calendar; the Luhn check digit. Every other
value (spaces inside, other digits, junk) goes to the per-value reference
:func:`~bbic_su.importing.privacy.identity_number`, which checks with python-stdnum.

:func:`contains_many` finds identity-number shapes (:mod:`bbic_su._pnr_detect`) in a
whole column, one search per distinct value.

:func:`pseudonyms` is :func:`bbic_su.importing.privacy.pseudonymise` for many normalised
numbers: HMAC-SHA-256 with the key's inner and outer pads hashed once, then one
HMAC per value, the 80-bit prefixes base32-encoded as one array.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from bbic_su._pnr_detect import PATTERN, PREFILTER
from bbic_su.importing._values import ARROW_TEXT, TEXT, distinct_text, factorize
from bbic_su.importing.privacy import (
    MIN_KEY_BYTES,
    InvalidIdentityNumber,
    PseudonymKeyError,
    identity_number,
)

__all__ = [
    "IdentityColumns",
    "Shapes",
    "check_identity_numbers",
    "check_shaped",
    "contains_many",
    "pseudonym_array",
    "pseudonyms",
    "shapes_of",
]

_STRICT = r"^(?:[0-9]{2})?[0-9]{6}[-+]?[0-9]{4}$"
_DAYS = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int64)
_SEXES = np.array(["female", "male"], dtype=object)  # by the parity of the ninth digit
_B32 = np.frombuffer(b"abcdefghijklmnopqrstuvwxyz234567", dtype=np.uint8)


@attrs.frozen
class IdentityColumns:
    """The outcome for each value, aligned with the values checked.

    Attributes:
        twelve: The normalised 12 digits as ASCII bytes (``S12``), empty where the
            value is not valid.
        birth: The date of birth (``datetime64[D]``, NaT where not valid).
        sex: ``"female"``, ``"male"`` or ``None``.
    """

    twelve: npt.NDArray[np.bytes_]
    birth: npt.NDArray[np.datetime64]
    sex: npt.NDArray[np.object_]

    @property
    def digits(self) -> npt.NDArray[np.object_]:
        """The normalised 12 digits as text, ``None`` where the value is not valid."""
        text = self.twelve.astype("U12").astype(object)
        text[~self.valid] = None
        return text

    @property
    def valid(self) -> npt.NDArray[np.bool_]:
        """True where the value is a valid personnummer or samordningsnummer."""
        return ~np.isnat(self.birth)


@attrs.frozen
class Shapes:
    """The values of the common shapes (``_STRICT``) and their parts, from one pass.

    Attributes:
        common: One flag per value: of a common shape.
        number: The digits as a number, one per common value.
        long: 12 digits (not 10), one per common value.
        minus: Written with ``-``, one per common value.
        plus: Written with ``+``, one per common value.
    """

    common: npt.NDArray[np.bool_]
    number: npt.NDArray[np.int64]
    long: npt.NDArray[np.bool_]
    minus: npt.NDArray[np.bool_]
    plus: npt.NDArray[np.bool_]

    @property
    def keys(self) -> npt.NDArray[np.int64]:
        """One key per common value: two different texts never share one."""
        return self.number * 8 + self.long * 3 + self.minus + 2 * self.plus.astype(np.int64)

    def take(self, rows: npt.NDArray[np.intp]) -> Shapes:
        """The shapes of the values at ``rows`` (ascending)."""
        kept = (np.cumsum(self.common) - 1)[rows[self.common[rows]]]
        parts = (self.number, self.long, self.minus, self.plus)
        return Shapes(self.common[rows], *(p[kept] for p in parts))


def shapes_of(texts: pa.Array) -> Shapes:
    """Which values are of a common shape, and their parts (one pass of each Arrow kernel)."""
    common = np.asarray(pc.fill_null(pc.match_substring_regex(texts, _STRICT), False), dtype=bool)
    strict = texts.filter(pa.array(common))
    digits = pc.replace_substring(pc.replace_substring(strict, "-", ""), "+", "")
    return Shapes(
        common,
        np.asarray(pc.cast(digits, pa.int64()), dtype=np.int64),
        np.asarray(pc.equal(pc.binary_length(digits), 12), dtype=bool),
        np.asarray(pc.match_substring(strict, "-"), dtype=bool),
        np.asarray(pc.match_substring(strict, "+"), dtype=bool),
    )


_POWERS = 10 ** np.arange(11, -1, -1, dtype=np.int64)


def _fast(
    shapes: Shapes, today: dt.date
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Validity, year and the digit matrix of the values of the common shapes."""
    d = shapes.number[:, None] // _POWERS % 10  # 10 digits: the first two are 0
    yy = d[:, 2] * 10 + d[:, 3]
    month = d[:, 4] * 10 + d[:, 5]
    day = d[:, 6] * 10 + d[:, 7]
    day = np.where(day > 60, day - 60, day)
    guessed = (today.year // 100) * 100 + yy
    guessed = np.where(guessed > today.year, guessed - 100, guessed)
    guessed = np.where(shapes.plus, guessed - 100, guessed)
    year = np.where(shapes.long, d[:, 0] * 1000 + d[:, 1] * 100 + yy, guessed)
    leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
    good_month = (month >= 1) & (month <= 12)
    last = _DAYS[np.where(good_month, month, 0)] + ((month == 2) & leap)
    good_date = (year >= 1) & good_month & (day >= 1) & (day <= last)
    ten = d[:, 2:]
    doubled = 2 * ten[:, 0:10:2]
    luhn = (ten[:, 1:10:2].sum(axis=1) + (doubled - 9 * (doubled > 9)).sum(axis=1)) % 10 == 0
    return good_date & luhn, year, d


def check_identity_numbers(
    values: Sequence[str] | npt.NDArray[np.object_] | pa.Array | pa.ChunkedArray,
    *,
    today: dt.date | None = None,
) -> IdentityColumns:
    """Check many values (distinct ones, ideally) as :func:`~.privacy.identity_number`.

    Args:
        values: Text values (no missing values), also as an Arrow string array.
        today: Places the century of a 10-digit number (default: today).
    """
    ref = today or dt.date.today()
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    texts = (
        values.cast(pa.string())
        if isinstance(values, pa.Array)
        else pa.array(np.asarray(values, dtype=object), type=pa.string())
    )
    return check_shaped(texts, shapes_of(texts), ref)


def check_shaped(texts: pa.Array, shapes: Shapes, ref: dt.date) -> IdentityColumns:
    """:func:`check_identity_numbers` of ``texts`` whose shapes are known."""
    n = len(texts)
    twelve = np.zeros(n, dtype="S12")
    birth = np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")
    sex = np.full(n, None, dtype=object)
    strict = shapes.common
    where = np.flatnonzero(strict)
    ok, year, d = _fast(shapes, ref)
    where, year, d = where[ok], year[ok], d[ok]
    if len(where):
        ymd = np.column_stack([year // 1000, year // 100 % 10, year // 10 % 10, year % 10])
        ascii_ = np.ascontiguousarray(np.hstack([ymd, d[:, 4:]]) + 48, dtype=np.uint8)
        twelve[where] = ascii_.view("S12").ravel()
        month = d[:, 4] * 10 + d[:, 5]
        day = d[:, 6] * 10 + d[:, 7]
        day = np.where(day > 60, day - 60, day)
        months = (year - 1970) * 12 + month - 1
        birth[where] = months.astype("datetime64[M]").astype("datetime64[D]") + (day - 1)
        sex[where] = _SEXES[d[:, 10] % 2]
    for i in np.flatnonzero(~strict):
        value = texts[int(i)].as_py()
        if value is None:
            continue
        try:
            ident = identity_number(value, today=ref)
        except InvalidIdentityNumber:
            continue
        twelve[i] = ident.digits.encode("ascii")
        birth[i] = np.datetime64(ident.birth_date, "D")
        sex[i] = ident.sex
    return IdentityColumns(twelve, birth, sex)


def _pads(key: bytes) -> tuple[hashlib._Hash, hashlib._Hash]:
    block = hashlib.sha256().block_size
    if len(key) > block:
        key = hashlib.sha256(key).digest()
    key = key.ljust(block, b"\0")
    inner = hashlib.sha256(bytes(b ^ 0x36 for b in key))
    outer = hashlib.sha256(bytes(b ^ 0x5C for b in key))
    return inner, outer


def pseudonym_array(digits: Sequence[str] | npt.NDArray[np.bytes_], key: bytes) -> pa.StringArray:
    """:func:`pseudonyms` as an Arrow string array (no Python string per value).

    Args:
        digits: Normalised 12-digit numbers, as text or as ASCII bytes (``S12``).
        key: The pseudonymisation key.

    Raises:
        PseudonymKeyError: ``key`` is too short.
    """
    if len(key) < MIN_KEY_BYTES:
        raise PseudonymKeyError(f"the pseudonymisation key must be at least {MIN_KEY_BYTES} bytes")
    inner, outer = _pads(key)
    ascii_ = (
        digits.tolist()
        if isinstance(digits, np.ndarray) and digits.dtype.kind == "S"
        else [text.encode("ascii") for text in digits]
    )
    macs = []
    for text in ascii_:
        h = inner.copy()
        h.update(text)
        o = outer.copy()
        o.update(h.digest())
        macs.append(o.digest())
    n = len(ascii_)
    raw = np.frombuffer(b"".join(macs), dtype=np.uint8).reshape(n, 32)[:, :10]
    bits = np.unpackbits(raw, axis=1).reshape(n, 16, 5)
    idx = bits @ np.array([16, 8, 4, 2, 1], dtype=np.uint8)
    chars = np.ascontiguousarray(_B32[idx])
    offsets = np.arange(0, 16 * n + 1, 16, dtype=np.int32)
    return pa.StringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(chars.reshape(-1)))


def pseudonyms(digits: Sequence[str], key: bytes) -> npt.NDArray[np.object_]:
    """The pseudonyms of normalised 12-digit numbers (as :func:`~.privacy.pseudonymise`).

    Raises:
        PseudonymKeyError: ``key`` is too short.
    """
    return np.asarray(pseudonym_array(digits, key).to_pylist(), dtype=object)


def contains_many(values: Iterable[Any]) -> np.ndarray[Any, np.dtype[np.bool_]]:
    """One boolean per value: does it hold an identity number? (columnar; missing is False).

    The distinct values are found once (Arrow's dictionary encoding for a text
    column); Arrow's regular expressions keep those that match
    :data:`~bbic_su._pnr_detect.PREFILTER`, a looser shape than
    :data:`~bbic_su._pnr_detect.PATTERN`; only those are searched with
    :data:`~bbic_su._pnr_detect.PATTERN`, and the answer is broadcast to the rows. A
    column of dates, durations or booleans holds no text and is not searched.

    >>> contains_many(["a", None, "19900101-0017", "a", 201410114183]).tolist()
    [False, False, True, False, True]
    """
    series = values if isinstance(values, pd.Series) else pd.Series(list(values), dtype=object)
    if series.dtype.kind in "Mmb":
        return np.zeros(len(series), dtype=bool)
    if ARROW_TEXT and series.dtype == TEXT:
        codes, texts = distinct_text(series)
    else:
        codes, distinct = factorize(series)
        texts = pa.array([v if isinstance(v, str) else str(v) for v in distinct], pa.string())
    near = np.flatnonzero(np.asarray(pc.match_substring_regex(texts, PREFILTER), dtype=bool))
    hit = np.zeros(len(texts) + 1, dtype=bool)  # the last: a missing cell
    for i, text in zip(near.tolist(), texts.take(pa.array(near)).to_pylist(), strict=True):
        hit[i] = PATTERN.search(text) is not None
    result: np.ndarray[Any, np.dtype[np.bool_]] = hit[codes]
    return result
