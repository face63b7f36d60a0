"""Disclosure control across municipalities: the region as the total of a municipality margin.

>>> import pandas as pd
>>> from bbic_su.measures._pool_protect import REGION, protect_pooled
>>> raw = pd.DataFrame({"measure": "m", "kommunkod": ["0180", "0181", "0182", REGION],
...                     "numerator": [20, 2, 30, 52], "denominator": [40, 3, 50, 93],
...                     "excluded": 0})
>>> out = protect_pooled(raw, 5, breakdowns=[])
>>> out["suppression_reason"].fillna("-").tolist()  # 0181 small, then its complement
['secondary', 'primary', '-', '-']

The pooled table holds every municipality's cells and the region's (``kommunkod``
:data:`REGION`), which is their sum. For disclosure control the municipality becomes one
more additive breakdown whose total is the region, and the whole table goes through
:func:`bbic_su.measures.disclosure.suppress`: primary suppression in every cell, and secondary
suppression in every group, including each group *across* municipalities (the
municipalities' cells of one measure, period and breakdown cell with the region's cell
as their total), checked by the same linear test for tables of two or more breakdowns.
So no hidden cell of a municipality can be recomputed from the region's total and the
other municipalities' published cells; :mod:`bbic_su.measures._pool_audit` then hides more
until no hidden count is pinned by bounds either (counts are never negative, a
numerator never exceeds its denominator). Periods are tables of their own: no total over
periods is published, and the period comparisons and trends are computed from published
shares only.

:func:`others_table` gives one municipality's reference, *all the others together*
(region minus own): it is published only where both the own cell and the region's cell
are published (then it is their difference, and tells nothing new), else hidden.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from bbic_su.measures._breakdowns import TOTAL
from bbic_su.measures._compute import finish_table
from bbic_su.measures._pool_audit import harden
from bbic_su.measures.comparisons import REFERENCE
from bbic_su.measures.disclosure import suppress_frame

__all__ = ["COUNTS", "KOMMUN", "REGION", "SIDE", "others_table", "protect_pooled"]

REGION = "_region"
"""The kommunkod label of the region's totals (all pooled municipalities together)."""
KOMMUN = "pool_kommun"
"""The temporary breakdown column that carries the municipality during protection."""
COUNTS = ("numerator", "denominator", "excluded", "pending")
"""The counts of a measure table that pooling sums (``pending``: deadline measures)."""
SIDE = ("excluded", "pending")
"""Counts protected on their own (hidden with their row, and when small)."""
_VALUES = ("numerator", "denominator", "share", "ci_low", "ci_high", "excluded", "pending")


def protect_pooled(raw: pd.DataFrame, k: int, *, breakdowns: Sequence[str]) -> pd.DataFrame:
    """Protect a pooled table (municipalities and region) with the municipality as a margin.

    Args:
        raw: Unprotected cells of every municipality and the region (label :data:`REGION`).
        k: The threshold.
        breakdowns: The table's own additive breakdowns.
    """
    frame = raw.reset_index(drop=True).copy()
    kommun = frame["kommunkod"].astype(str)
    frame[KOMMUN] = kommun.where(kommun != REGION, TOTAL)
    frame["kommunkod"] = REGION
    dims = [*breakdowns, KOMMUN]
    out = suppress_frame(frame, k, dims)
    _harden(out, frame, dims, k)
    out["kommunkod"] = kommun.to_numpy()
    return out.drop(columns=[KOMMUN])


def _harden(out: pd.DataFrame, raw: pd.DataFrame, dims: Sequence[str], k: int) -> None:
    """Hide more cells of ``out`` (in place) until no hidden count is pinned by bounds."""
    hidden = out["denominator"].isna().to_numpy(dtype=bool)
    side = {c: out[c].isna().to_numpy(dtype=bool) for c in SIDE if c in out.columns}
    new_hidden, new_side = harden(raw, dims, hidden, side, k)
    more = new_hidden & ~hidden
    flagged = more.copy()
    for col in ("numerator", "denominator", "share", "ci_low", "ci_high"):
        if col in out.columns:
            out[col] = out[col].mask(more)
    for col, mask in new_side.items():
        grown = mask & ~side[col]
        out[col] = out[col].mask(grown)
        flagged |= grown
    if not flagged.any():
        return
    reason = out["suppression_reason"].astype(object).to_numpy().copy()
    reason[flagged & ~out["suppressed"].to_numpy(dtype=bool)] = "secondary"
    out["suppressed"] = out["suppressed"].to_numpy(dtype=bool) | flagged
    out["suppression_reason"] = pd.Series(reason, index=out.index, dtype="str")


def _keys(table: pd.DataFrame) -> list[str]:
    return [str(c) for c in table.columns[: list(table.columns).index("numerator")]]


def others_table(published: pd.DataFrame, raw: pd.DataFrame, own: str) -> pd.DataFrame:
    """All the other municipalities together (region minus ``own``), hidden where it must be.

    Args:
        published: The protected pooled table (from :func:`protect_pooled`).
        raw: The same table unprotected (same row order).
        own: The own kommunkod.

    Returns:
        A table with the keys and columns of ``published``, ``kommunkod`` being
        :data:`bbic_su.measures.comparisons.REFERENCE`.
    """
    keys = [k for k in _keys(raw) if k != "kommunkod"]
    kommun = raw["kommunkod"].astype(str)
    mine = raw[kommun == own].set_index(keys)
    region = raw[kommun == REGION].set_index(keys).reindex(mine.index)
    hidden_own = published[kommun == own].set_index(keys)["suppressed"]
    hidden_region = published[kommun == REGION].set_index(keys)["suppressed"]
    hidden_region = hidden_region.reindex(mine.index).fillna(True).astype(bool)
    parts: dict[str, list[Any]] = {}
    idx = mine.index.to_frame(index=False)
    for k in keys:
        parts[k] = [idx[k].to_numpy(dtype=object)]
    parts["kommunkod"] = [np.full(len(idx), REFERENCE, dtype=object)]
    for col in [c for c in COUNTS if c in raw.columns]:
        diff = region[col].fillna(0).to_numpy(dtype=np.int64) - mine[col].fillna(0).to_numpy(
            dtype=np.int64
        )
        parts[col] = [diff]
    order = ["measure", "kommunkod", *(k for k in keys if k != "measure")]
    ref = finish_table(parts, order)
    hide = (hidden_own.to_numpy(dtype=bool) | hidden_region.to_numpy(dtype=bool)).astype(bool)
    for col in [c for c in _VALUES if c in ref.columns]:
        ref[col] = ref[col].mask(hide)
    ref["suppressed"] = hide
    reason = np.where(hide, "secondary", "")
    ref["suppression_reason"] = pd.Series(reason, dtype="str").replace("", pd.NA)
    return ref
