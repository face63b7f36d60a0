"""Hypothesis strategies built from the catalogue (never from hand-written code lists).

``records(rt)`` builds valid instances of the generated record class of record
type ``rt``: codes are sampled from the variable's value set, dates fall in a
plausible range, integers respect the variable's ``range`` rule when it has
one. ``record_dicts(rt)`` gives their ``to_dict`` form. ``junk_values()`` gives
values that are bad for at least some fields (use ``invalid_for`` to get values
bad for one given field).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from hypothesis import strategies as st

import bbic_su
from bbic_su.interchange.convert import to_dict
from bbic_su.spec.codes import VALUE_SETS
from bbic_su.spec.model import Variable
from bbic_su.spec.records import RECORDS

CAT = bbic_su.catalog()
MIN_DATE = dt.date(1990, 1, 1)
MAX_DATE = dt.date(2040, 12, 31)
DEFAULT_INT_RANGE = (0, 10_000)
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

ids = st.text(min_size=1, max_size=16)
"""Pseudonymous record ids: any non-empty text."""


def national_variables(record_type: str) -> tuple[Variable, ...]:
    return tuple(v for v in CAT.variables_of(record_type) if not v.local)


def codes_of(value_set: str) -> st.SearchStrategy[Any]:
    """One member of the value set's enum, sampled over the catalogue's codes."""
    enum_cls = VALUE_SETS[value_set]
    return st.sampled_from(CAT.value_set(value_set).code_ids).map(enum_cls)


def int_range(var: Variable) -> tuple[int, int]:
    ranges = [r.range for r in var.rules if r.range is not None]
    return ranges[0] if ranges else DEFAULT_INT_RANGE


def variable_values(var: Variable) -> st.SearchStrategy[Any]:
    """Valid values of one variable's field."""
    if var.datatype == "codes":
        return st.frozensets(codes_of(str(var.value_set)), max_size=4)
    if var.datatype == "code":
        inner: st.SearchStrategy[Any] = codes_of(str(var.value_set))
    elif var.datatype == "date":
        inner = st.dates(MIN_DATE, MAX_DATE)
    elif var.datatype == "integer":
        lo, hi = int_range(var)
        inner = st.integers(lo, hi)
    else:
        inner = st.text(max_size=40)
    return st.none() | inner


def records(record_type: str) -> st.SearchStrategy[Any]:
    """Valid instances of the record class of ``record_type``."""
    rt = CAT.record_type(record_type)
    fields: dict[str, st.SearchStrategy[Any]] = {}
    for key in rt.keys:
        required = key.role in ("primary", "parent_ref")
        fields[key.field] = ids if required else st.none() | ids
    for var in national_variables(record_type):
        fields[var.id] = variable_values(var)
    return st.builds(RECORDS[record_type], **fields)


def record_dicts(record_type: str) -> st.SearchStrategy[dict[str, Any]]:
    """Valid records of ``record_type`` in their ``to_dict`` form."""
    return records(record_type).map(to_dict)


personnummer = st.builds(
    lambda century, digits, sep, last: f"{century}{digits}{sep}{last}",
    st.sampled_from(["", "19", "20"]),
    st.from_regex(r"\A[0-9]{6}\Z"),
    st.sampled_from(["", "-", "+"]),
    st.from_regex(r"\A[0-9]{4}\Z"),
)
"""Strings shaped like a Swedish personal identity number (10 or 12 digits)."""


def junk_values() -> st.SearchStrategy[Any]:
    """JSON-like values of every shape, many of them bad for any given field."""
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=False),
        st.text(max_size=60),
        personnummer,
        st.sampled_from(["2024-02-30", "2024-13-01", "20240101", "1/2/2024", "", "ja "]),
    )
    return st.one_of(
        scalars,
        st.lists(scalars, max_size=3),
        st.dictionaries(st.text(max_size=5), scalars, max_size=2),
    )


def field_kind(record_type: str, field: str) -> str:
    """``key``, ``optional_key`` or the variable's datatype."""
    rt = CAT.record_type(record_type)
    for key in rt.keys:
        if key.field == field:
            return "key" if key.role in ("primary", "parent_ref") else "optional_key"
    return CAT.variable(field).datatype


def accepts(record_type: str, field: str, value: Any) -> bool:
    """Whether ``from_dict`` must accept ``value`` in ``field`` (the test oracle)."""
    kind = field_kind(record_type, field)
    if kind == "key":
        return isinstance(value, str)
    if kind == "codes":
        codes = set(CAT.value_set(str(CAT.variable(field).value_set)).code_ids)
        return isinstance(value, list) and all(isinstance(v, str) and v in codes for v in value)
    if value is None:
        return True
    if kind in ("optional_key", "text"):
        return isinstance(value, str)
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "date":
        if not (isinstance(value, str) and _DATE.fullmatch(value)):
            return False
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            return False
        return True
    codes = set(CAT.value_set(str(CAT.variable(field).value_set)).code_ids)
    return isinstance(value, str) and value in codes


def invalid_for(record_type: str, field: str) -> st.SearchStrategy[Any]:
    """Junk that ``from_dict`` must reject in ``field``."""
    return junk_values().filter(lambda v: not accepts(record_type, field, v))


def field_names(record_type: str) -> tuple[str, ...]:
    rt = CAT.record_type(record_type)
    return (*rt.key_fields, *(v.id for v in national_variables(record_type)))
