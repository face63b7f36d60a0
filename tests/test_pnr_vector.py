"""Property: the array path for identity numbers agrees with the per-value reference
(:func:`bbic_su.importing.privacy.identity_number`, checked by python-stdnum) and with stdnum itself,
on valid numbers, near-misses and junk, in every format the readers accept."""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum import luhn
from stdnum.se import personnummer

from bbic_su.importing._identity_cache import IdentityCache
from bbic_su.importing._pnr_vector import (
    check_identity_numbers,
    pseudonym_array,
    pseudonyms,
)
from bbic_su.importing.privacy import InvalidIdentityNumber, identity_number, pseudonymise

KEY = b"a property-test key of 32 bytes!"
SHAPE = re.compile(r"^(?:[0-9]{2})?[0-9]{6}[-+]?[0-9]{4}$")


@st.composite
def valid_numbers(draw: st.DrawFn) -> str:
    born = draw(st.dates(dt.date(1850, 1, 1), dt.date(2099, 12, 31)))
    coordination = draw(st.booleans())
    serial = draw(st.integers(0, 999))
    day = born.day + (60 if coordination else 0)
    nine = f"{born:%y%m}{day:02d}{serial:03d}"
    ten = nine + luhn.calc_check_digit(nine)
    form = draw(st.sampled_from(["12-", "12", "10-", "10+", "10", "12+"]))
    head = f"{born.year // 100:02d}" if form.startswith("12") else ""
    sep = form[2:]
    return f"{head}{ten[:6]}{sep}{ten[6:]}"


@st.composite
def near_misses(draw: st.DrawFn) -> str:
    text = list(draw(valid_numbers()))
    digit_at = [i for i, c in enumerate(text) if c.isdigit()]
    how = draw(st.sampled_from(["digit", "swap", "drop", "add", "sep", "space", "unicode"]))
    i = draw(st.sampled_from(digit_at))
    if how == "digit":
        text[i] = str(draw(st.integers(0, 9)))
    elif how == "swap" and i + 1 < len(text):
        text[i], text[i + 1] = text[i + 1], text[i]
    elif how == "drop":
        del text[i]
    elif how == "add":
        text.insert(i, str(draw(st.integers(0, 9))))
    elif how == "sep":
        text.insert(len(text) - 4, draw(st.sampled_from(["-", "+", "/", ":", " ", "--"])))
    elif how == "space":
        text.insert(i, draw(st.sampled_from([" ", "\t", "\u00a0", "\n", "\u2003"])))
    else:
        text[i] = draw(st.sampled_from(["٣", "３", "x", "O"]))
    return "".join(text)


@st.composite
def special_dates(draw: st.DrawFn) -> str:
    """Dates at the calendar's edges: day 0, 29-31, 60-61, 91-92, month 0 and 13, year 0."""
    year = draw(st.sampled_from(["0000", "1900", "2000", "2023", "2024", "1899"]))
    month = draw(st.sampled_from(["00", "01", "02", "04", "12", "13"]))
    day = draw(st.sampled_from(["00", "28", "29", "30", "31", "32", "60", "61", "89", "90", "91"]))
    nine = f"{year[2:]}{month}{day}{draw(st.integers(0, 999)):03d}"
    check = luhn.calc_check_digit(nine) if draw(st.booleans()) else draw(st.sampled_from("0123"))
    ten = nine + check
    if draw(st.booleans()):
        return f"{year[:2]}{ten[:6]}-{ten[6:]}"
    return f"{ten[:6]}{draw(st.sampled_from(['-', '+', '']))}{ten[6:]}"


VALUES = st.one_of(
    valid_numbers(),
    near_misses(),
    special_dates(),
    st.text(max_size=16),
    st.from_regex(r"\A[0-9+\- ]{8,15}\Z"),
)
TODAY = st.dates(dt.date(1990, 1, 1), dt.date(2150, 12, 31))


def _reference(value: str, today: dt.date) -> tuple[str | None, str, str | None]:
    try:
        ident = identity_number(value, today=today)
    except InvalidIdentityNumber:
        return None, "NaT", None
    return ident.digits, ident.birth_date.isoformat(), ident.sex


@settings(max_examples=400, deadline=None)
@given(st.lists(VALUES, min_size=1, max_size=30), TODAY)
def test_array_path_equals_reference(values: list[str], today: dt.date) -> None:
    found = check_identity_numbers(values, today=today)
    got = [(d, str(b), s) for d, b, s in zip(found.digits, found.birth, found.sex, strict=True)]
    assert got == [_reference(v, today) for v in values]
    assert found.valid.tolist() == [r[0] is not None for r in got]


@settings(max_examples=300, deadline=None)
@given(st.one_of(valid_numbers(), near_misses(), special_dates()))
def test_agrees_with_stdnum(value: str) -> None:
    """stdnum knows no samordningsnummer: compared on personnummer in the readers' formats."""
    digits = value.replace("-", "").replace("+", "")
    if not SHAPE.match(value) or int(digits[-6:-4]) > 60:
        return
    found = check_identity_numbers([value])
    assert bool(found.valid[0]) == personnummer.is_valid(value)
    if found.valid[0]:
        born = personnummer.get_birth_date(value)
        assert found.digits[0] == f"{born.year:04d}{digits[-8:]}"
        assert str(found.birth[0]) == born.isoformat()
        assert found.sex[0] == {"M": "male", "F": "female"}[personnummer.get_gender(value)]


@settings(max_examples=100, deadline=None)
@given(st.lists(valid_numbers(), min_size=1, max_size=20))
def test_pseudonyms_equal_reference(values: list[str]) -> None:
    found = check_identity_numbers(values)
    expected = [pseudonymise(v, KEY) for v in values]
    assert pseudonyms(list(found.digits), KEY).tolist() == expected
    # the import's path: Arrow in, the digits as bytes, an Arrow array of pseudonyms out
    from_arrow = check_identity_numbers(pa.array(values, type=pa.string()))
    assert from_arrow.digits.tolist() == found.digits.tolist()
    assert pseudonym_array(from_arrow.twelve, KEY).to_pylist() == expected


def test_long_key_and_empty() -> None:
    long_key = bytes(range(100))
    assert pseudonyms(["199001010017"], long_key)[0] == pseudonymise("199001010017", long_key)
    assert pseudonyms([], KEY).shape == (0,)
    empty = check_identity_numbers(np.array([], dtype=object))
    assert empty.digits.shape == (0,) and empty.valid.shape == (0,)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.one_of(VALUES, valid_numbers()), max_size=25), min_size=1, max_size=5))
def test_the_cache_gives_each_value_its_own_answer_in_every_chunk(chunks: list[list[str]]) -> None:
    """The identity cache of an import, fed chunk after chunk of distinct values (some seen
    in earlier chunks, of every shape), gives each value the pseudonym, birth date and sex
    that the per-value reference gives; two texts never share a place."""
    cache = IdentityCache()
    places: dict[str, int] = {}
    today = dt.date.today()
    for values in chunks:
        distinct = list(dict.fromkeys(values))
        pos = cache.look_up(pa.array(distinct, type=pa.string()), KEY)
        pseudo = cache.pseudonyms_at(np.append(pos, -1)).to_pylist()
        assert pseudo[-1] is None  # -1: a blank cell
        for value, at, p in zip(distinct, pos.tolist(), pseudo[:-1], strict=True):
            assert places.setdefault(value, at) == at
            digits, born, sex = _reference(value, today)
            assert p == (pseudonymise(value, KEY) if digits else None)
            assert (str(cache.birth[at]), cache.sex[at], bool(cache.valid[at])) == (
                born,
                sex,
                digits is not None,
            )
    assert len(set(places.values())) == len(places) == len(cache.valid)
