"""Linked synthetic datasets for the validation benchmarks, clean or dirty (not shipped).

``dataset(rows, dirt)`` gives ``uppfoljning`` with ``rows`` rows and ``barn`` and
``insats`` with ``rows // 2`` each, every follow-up pointing to an intervention of its
own child. Columns are Arrow-backed text built by ``take`` from small dictionaries, so
even 10,000,000 rows are made without a Python object per cell.

* ``dirty``: every code column drawn uniformly from its whole value set, every date
  and number valid, conditions, date order and the rules over siblings ignored (a case
  system that fills every field and defaults codes): five or more findings per row.
* ``clean``: codes consistent (open care under SoL, follow-ups that neither review nor
  close), not-applicable cells blank, a record's dates in catalogue order and after
  its parents', about 0.1 % of the cells corrupted (free text, 30 February, "tre").
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

import bbic_su
from bbic_su.expr._api import parse, refs
from bbic_su.expr._evaluate import evaluate_frame

RECORD_TYPES = ("barn", "insats", "uppfoljning")
_STR = pd.StringDtype("pyarrow", na_value=np.nan)
_AVOID = frozenset({"uppgift_saknas", "sammanbrott", "ja"})
_FIXED = {
    "insats": {"insatstyp": "familjebehandling", "lagrum": "sol_bistand"},
    "uppfoljning": {"uppfoljningstyp": "uppfoljning_oppenvard"},
}
_BLANK = {"uppfoljning": ("antal_placeringsbyten", "sammanbrott")}  # round-the-clock care only
_START = {"barn": "2016-01-01", "insats": "2019-01-01", "uppfoljning": "2021-01-01"}
_JUNK = {"code": "Fritext här", "codes": "a|Fritext", "date": "2024-02-30", "integer": "tre"}


def _text(arr: pa.Array) -> pd.Series:
    from pandas.core.arrays.string_arrow import ArrowStringArray

    return pd.Series(ArrowStringArray(arr, dtype=_STR))


def _pick(values: list[Any], idx: np.ndarray) -> pd.Series:
    return _text(pa.array(values, pa.string()).take(pa.array(idx)))


def _ids(prefix: str, numbers: np.ndarray) -> pd.Series:
    digits = pc.cast(pa.array(numbers), pa.string())
    return _text(pc.binary_join_element_wise(prefix, digits, ""))


def _keys(rt: str, n: int, half: int) -> dict[str, pd.Series]:
    i = np.arange(n)
    if rt == "barn":
        return {"barn_id": _ids("b", i)}
    if rt == "insats":
        return {"insats_id": _ids("i", i), "barn_id": _ids("b", i % half)}
    ins = i % half
    return {"uppfoljning_id": _ids("f", i), "insats_id": _ids("i", ins), "barn_id": _ids("b", ins)}


def _days(start: str, count: int) -> list[str]:
    first = np.datetime64(start)
    return list(np.datetime_as_string(first + np.arange(count), unit="D"))


def _dirty(rt: str, n: int, half: int, rng: np.random.Generator) -> pd.DataFrame:
    cat = bbic_su.catalog()
    cols = _keys(rt, n, half)
    dates, numbers = _days("2019-01-01", 2000), [str(k) for k in range(20)]
    for v in cat.variables_of(rt):
        if v.datatype in ("code", "codes"):
            codes = list(cat.value_set(v.value_set).code_ids)
            cols[v.id] = _pick(codes, rng.integers(0, len(codes), n))
        elif v.datatype == "date":
            cols[v.id] = _pick(dates, rng.integers(0, len(dates), n))
        elif v.datatype == "integer":
            cols[v.id] = _pick(numbers, rng.integers(0, len(numbers), n))
    return pd.DataFrame(cols)


def _blank_not_applicable(cat: Any, rt: str, frame: pd.DataFrame) -> None:
    """Empty the cells whose variable does not apply (conditions may chain, so repeat)."""
    from bbic_su.frames._views import build_view
    from bbic_su.spec._check import CatalogResolver

    resolver = CatalogResolver(cat, rt)
    for _ in range(3):
        view = build_view(cat, rt, frame)
        for v in cat.variables_of(rt):
            if v.applies_if is None or any(r.record_type for r in refs(parse(v.applies_if))):
                continue
            index = pd.RangeIndex(len(frame))
            applies = evaluate_frame(parse(v.applies_if), view.columns, resolver, index=index)
            frame.loc[~applies.to_numpy(), v.id] = None


def _clean(rt: str, n: int, half: int, rng: np.random.Generator) -> pd.DataFrame:
    cat = bbic_su.catalog()
    cols = _keys(rt, n, half)
    fixed = _FIXED.get(rt, {})
    variables = cat.variables_of(rt)
    date_vars = [v.id for v in variables if v.datatype == "date"]
    steps = np.sort(rng.integers(0, 400, (n, max(1, len(date_vars)))), axis=1)
    days = _days(_START[rt], 400)
    for v in variables:
        optional = not any(r.required or r.required_if for r in v.rules)
        if v.id in fixed:
            cols[v.id] = _pick([fixed[v.id]], np.zeros(n, dtype=np.int64))
            continue
        if v.datatype in ("code", "codes"):
            values: list[Any] = [c for c in cat.value_set(v.value_set).code_ids if c not in _AVOID]
            idx = rng.integers(0, len(values), n)
        elif v.datatype == "date":
            values, idx = days, steps[:, date_vars.index(v.id)]
        elif v.datatype == "integer":
            lo, hi = next((r.range for r in v.rules if r.range is not None), (0, 19))
            lo, hi = (max(lo, 2005), min(hi, 2020)) if lo > 1000 else (lo, min(hi, 19))
            values = [str(k) for k in range(lo, hi + 1)]
            idx = rng.integers(0, len(values), n)
        else:
            values, idx = ["x"], np.zeros(n, dtype=np.int64)
        if optional:
            idx = np.where(rng.random(n) < 0.05, len(values), idx)
            values = [*values, None]
        cols[v.id] = _pick(values, idx)
    for name in _BLANK.get(rt, ()):
        cols[name] = _pick([None], np.zeros(n, dtype=np.int64))
    frame = pd.DataFrame(cols)
    _blank_not_applicable(cat, rt, frame)
    for v in variables:
        bad = rng.random(n) < 0.001
        if bad.any() and v.id not in _BLANK.get(rt, ()):
            frame.loc[bad, v.id] = _JUNK.get(v.datatype, "x")
    return frame


def dataset(rows: int, dirt: str, seed: int = 1) -> dict[str, pd.DataFrame]:
    """The three linked frames (see the module docstring), ``dirt`` ``clean`` or ``dirty``."""
    half = max(1, rows // 2)
    make = _dirty if dirt == "dirty" else _clean
    sizes = {"barn": half, "insats": half, "uppfoljning": rows}
    return {
        rt: make(rt, sizes[rt], half, np.random.default_rng(seed + i))
        for i, rt in enumerate(RECORD_TYPES)
    }
