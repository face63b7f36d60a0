"""Hypothesis strategies for raw cells, records and frames, built from the catalogue.

Cells are *raw* (as a CSV reader or a vendor gives them): valid code strings, ISO
dates and integers as text or typed, missing markers, and corruptions (junk
strings, wrong types, impossible dates, negative numbers, very long cells).
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pandas as pd
from hypothesis import strategies as st

import bbic_su

CAT = bbic_su.catalog()
RECORD_TYPES = tuple(rt.id for rt in CAT.record_types)

MISSING = st.sampled_from([None, "", math.nan, pd.NA, pd.NaT])
JUNK = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "2024-02-30",
            "2023-13-01",
            "-1",
            "-5",
            "3.5",
            "ja ",
            "Flicka",
            "1e3",
            "0001-01-01",
            "9999-12-31",
            "19121212-1212",
            "NULL",
            "uppgift saknas",
        ]
    ),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.just("x" * 10_000),
    st.lists(st.text(max_size=5), max_size=3),
    st.dates(),
)
DATES = st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2026, 12, 31))


def valid_cell(kind: str, codes: frozenset[str] | None) -> st.SearchStrategy[Any]:
    """A value that parses for a column of datatype ``kind``."""
    if kind == "code" and codes:
        return st.sampled_from(sorted(codes))
    if kind == "codes" and codes:
        sets = st.frozensets(st.sampled_from(sorted(codes)), min_size=1, max_size=3)
        return st.one_of(sets.map(lambda s: "|".join(sorted(s))), sets)
    if kind == "date":
        return st.one_of(DATES.map(dt.date.isoformat), DATES)
    if kind == "integer":
        ints = st.integers(min_value=-3, max_value=2030)
        return st.one_of(ints.map(str), ints)
    return st.text(alphabet="abcdef0123", min_size=1, max_size=8)


def cell(kind: str, codes: frozenset[str] | None, corrupt: bool) -> st.SearchStrategy[Any]:
    """A raw cell: usually valid, sometimes missing, and junk when ``corrupt``."""
    options = [valid_cell(kind, codes), MISSING]
    if corrupt:
        options.append(JUNK)
    return st.one_of(*options)


@st.composite
def record(
    draw: st.DrawFn, record_type: str, keys: dict[str, str], corrupt: bool
) -> dict[str, Any]:
    """One raw record of ``record_type``; key columns taken from ``keys`` (always valid)."""
    out: dict[str, Any] = {}
    for name, kind in CAT.columns_of(record_type).items():
        if kind == "text":
            if name in keys:
                out[name] = keys[name]
            continue
        if draw(st.booleans()):  # absent fields are simply missing
            out[name] = draw(cell(kind, CAT.codes_of(name), corrupt))
    return out


@st.composite
def chain(
    draw: st.DrawFn, corrupt: bool = False
) -> tuple[str, dict[str, Any], dict[str, dict[str, Any]]]:
    """A record type, a record and one consistent ancestor of every level above it."""
    rt = draw(st.sampled_from(RECORD_TYPES))
    keys = {f"{r}_id": f"{r[:2]}1" for r in RECORD_TYPES}
    ancestors = {a.id: draw(record(a.id, keys, corrupt)) for a in CAT.ancestors(rt)}
    return rt, draw(record(rt, keys, corrupt)), ancestors


def frame_of(records: list[dict[str, Any]]) -> pd.DataFrame:
    """A frame holding ``records`` exactly as given (object columns, nothing coerced)."""
    names: list[str] = []
    for rec in records:
        names += [k for k in rec if k not in names]
    return pd.DataFrame({n: pd.Series([r.get(n) for r in records], dtype=object) for n in names})


@st.composite
def junk_frame(draw: st.DrawFn, record_type: str) -> pd.DataFrame:
    """A small frame with junk anywhere: odd, duplicate, unknown and missing columns."""
    known = list(CAT.columns_of(record_type))
    cols = draw(st.lists(st.one_of(st.sampled_from(known), st.text(max_size=6)), max_size=8))
    rows = draw(st.integers(min_value=0, max_value=4))
    data = [
        [draw(st.one_of(JUNK, MISSING, st.text(max_size=4))) for _ in cols] for _ in range(rows)
    ]
    frame = pd.DataFrame(data, columns=pd.Index(cols, dtype=object), dtype=object)
    return frame if draw(st.booleans()) else frame.reset_index(drop=True)
