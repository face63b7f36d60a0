"""Synthetic all-text frames for the validation benchmark (not shipped)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

import bbic_su
from bbic_su.expr._api import parse, refs
from bbic_su.expr._evaluate import evaluate_frame

# Codes left out of the random picks so that the generated rows satisfy the
# consistency rules (R21, R28) and conditional requirements; corruption is added later.
_AVOID = frozenset({"uppgift_saknas", "sammanbrott", "ja"})


def _blank_not_applicable(cat: Any, record_type: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Empty the cells whose variable does not apply (conditions may chain, so repeat)."""
    from bbic_su.frames._views import build_view
    from bbic_su.spec._check import CatalogResolver

    resolver = CatalogResolver(cat, record_type)
    for _ in range(3):
        view = build_view(cat, record_type, frame)
        for v in cat.variables_of(record_type):
            if v.applies_if is None:
                continue
            tree = parse(v.applies_if)
            if any(r.record_type for r in refs(tree)):
                continue
            applies = evaluate_frame(tree, view.columns, resolver, index=pd.RangeIndex(len(frame)))
            frame.loc[~applies.to_numpy(), v.id] = None
    return frame


def generate(record_type: str, rows: int, corrupt: float = 0.001, seed: int = 1) -> pd.DataFrame:
    """An all-text frame with every catalogue column; a ``corrupt`` share of bad cells."""
    cat = bbic_su.catalog()
    rng = np.random.default_rng(seed)
    rt = cat.record_type(record_type)
    data: dict[str, np.ndarray] = {}
    for kf in rt.keys:
        prefix = kf.field.removesuffix("_id")[:1]
        data[kf.field] = np.char.add(prefix, np.arange(rows).astype(str)).astype(object)
    base = np.datetime64("2020-01-01")
    for v in cat.variables_of(record_type):
        if v.datatype in ("code", "codes"):
            ids = [c for c in cat.value_set(v.value_set).code_ids if c not in _AVOID]
            codes = np.array(ids, dtype=object)
            col = codes[rng.integers(0, len(codes), rows)]
            if v.datatype == "codes":
                col2 = codes[rng.integers(0, len(codes), rows)]
                col = np.where(col < col2, col + "|" + col2, col)
        elif v.datatype == "date":
            days = base + rng.integers(0, 1500, rows).astype("timedelta64[D]")
            col = np.datetime_as_string(days, unit="D").astype(object)
        elif v.datatype == "integer":
            col = rng.integers(0, 20, rows).astype(str).astype(object)
        else:
            col = np.full(rows, "x", dtype=object)
        if not any(r.required or r.required_if for r in v.rules):
            col[rng.random(rows) < 0.05] = None
        data[v.id] = col
    frame = pd.DataFrame({k: pd.Series(v, dtype="str") for k, v in data.items()})
    frame = _blank_not_applicable(cat, record_type, frame)
    junk = {"code": "Fritext här", "codes": "a|Fritext", "date": "2024-02-30", "integer": "tre"}
    for v in cat.variables_of(record_type):
        bad = rng.random(rows) < corrupt
        if bad.any():
            frame.loc[bad, v.id] = junk.get(v.datatype, "x")
    return frame
