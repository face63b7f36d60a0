"""Comparisons of measures: own municipality against a reference, periods, and trends.

>>> import pandas as pd
>>> from bbic_su.measures.comparisons import compare_periods, trend
>>> t = pd.DataFrame({"measure": "m", "kommunkod": "0180", "period": ["2023", "2024", "2025"],
...                   "share": [0.50, 0.60, 0.70], "ci_low": [0.4, 0.5, 0.6],
...                   "ci_high": [0.6, 0.7, 0.8], "suppressed": False})
>>> compare_periods(t)["difference_pp"].tolist()
[10.0, 10.0]
>>> trend(t)[["slope_pp", "n_periods"]].to_numpy().tolist()
[[10.0, 3]]

All three work on *published* values (after :func:`bbic_su.measures.disclosure.suppress`), so a
difference or a trend is null whenever a value it needs is hidden, and nothing they
publish lets a hidden cell be recomputed by subtraction.

* :func:`compare`: own results against a reference: other municipalities' datasets
  (pooled; the own municipality's kommunkod is left out of the pool) or a published
  reference table with the same key columns. Pooling datasets is for synthetic data
  and research only: no municipality may hold another's case data (social-services
  secrecy, OSL 26:1). A real municipality sends an aggregate package
  (:func:`bbic_su.write_package`, kind ``pool``) to a pooling party, which pools the
  packages with :func:`bbic_su.pool` and sends back the own results against all the
  others together (guide: *Jämföra med andra kommuner*). The pooled reference is protected like
  any table: when the other municipalities together contribute fewer than k units the
  reference value is hidden too. Output: ``difference_pp`` (own share minus reference
  share, percentage points) and ``intervals_overlap`` (the 95 % Wilson intervals
  overlap).
* :func:`compare_periods`: each period against the previous one (same columns).
* :func:`trend`: the least-squares slope of the share over consecutive periods, in
  percentage points per period, with the number of periods that have a published share.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd

from bbic_su._boundary import boundary
from bbic_su.frames.dataset import Dataset
from bbic_su.measures._breakdowns import TOTAL
from bbic_su.measures._compute import compute, finish_table
from bbic_su.measures._table import MeasureTable
from bbic_su.measures.disclosure import resolve_min_count, suppress_frame

__all__ = ["REFERENCE", "compare", "compare_periods", "trend"]

REFERENCE = "_ovriga"
"""The kommunkod label of a pooled reference (the other municipalities together)."""
_NUMBERS = ("numerator", "denominator", "share", "ci_low", "ci_high", "excluded", "pending")
_DROP = ("numerator", "denominator", "excluded", "pending", "suppressed", "suppression_reason")


def _keys(table: pd.DataFrame) -> list[str]:
    skip = {*_NUMBERS, "suppressed", "suppression_reason", "computable", "missing"}
    return [str(c) for c in table.columns if str(c) not in skip and not str(c).startswith("_")]


def _pool(raw: pd.DataFrame, own_kommuner: set[str]) -> pd.DataFrame:
    """Sum the counts of every kommunkod except the own ones (and the all-missing label)."""
    others = raw[~raw["kommunkod"].isin(own_kommuner)]
    keys = [k for k in _keys(raw) if k != "kommunkod"]
    counts = [c for c in ("numerator", "denominator", "excluded", "pending") if c in raw.columns]
    summed = others.groupby(keys, sort=False, dropna=False)[counts].sum()
    summed = summed.reset_index()
    parts: dict[str, list[Any]] = {k: [summed[k].to_numpy(dtype=object)] for k in keys}
    parts["kommunkod"] = [np.full(len(summed), REFERENCE, dtype=object)]
    for col in counts:
        parts[col] = [summed[col].to_numpy(dtype=np.int64)]
    order = ["measure", "kommunkod", *(k for k in keys if k != "measure")]
    return finish_table(parts, order)


def _frame(table: MeasureTable | pd.DataFrame) -> pd.DataFrame:
    return table.frame if isinstance(table, MeasureTable) else table


@boundary
def compare(
    own: Dataset | MeasureTable | pd.DataFrame,
    reference: Sequence[Dataset] | MeasureTable | pd.DataFrame,
    *,
    measures: Sequence[str] | None = None,
    by: Sequence[str] = (),
    period: str | None = None,
    plan: Any = None,
    min_count: int | Literal["default"] = "default",
    extraction_date: Any = None,
) -> MeasureTable:
    """Own results beside a reference, with the difference and whether intervals overlap.

    Args:
        own: The own dataset, or its published table from :func:`bbic_su.compute`
            (or that table's frame).
        reference: Other municipalities' datasets (pooled, own kommunkod left out; for
            synthetic data and research only, since a municipality may not hold
            another's case data: use :func:`bbic_su.pool` on aggregate packages), or a
            published reference table with the same key columns (its ``kommunkod`` is
            ignored).
        measures: Measure ids (``None``: all); used with datasets.
        by: Breakdowns (as for :func:`bbic_su.compute`); used with datasets.
        period: Period granularity; used with datasets.
        plan: Follow-up plan; used with datasets.
        min_count: Threshold k for both sides (default: the catalogue's ``min_cell``).
        extraction_date: As for :func:`bbic_su.compute` (each dataset's own by default).

    Returns:
        The own table's cells with the ``ref_*`` columns, ``difference_pp`` and
        ``intervals_overlap``, and the own table's metadata.
    """
    min_count = resolve_min_count(own.catalog if isinstance(own, Dataset) else None, min_count)
    opts: dict[str, Any] = {"measures": measures, "by": by, "period": period, "plan": plan}
    opts["extraction_date"] = extraction_date
    if isinstance(own, Dataset):
        table = compute(own, min_count=min_count, **opts)
    elif isinstance(own, MeasureTable):
        table = own
    else:
        table = MeasureTable(frame=own, min_count=min_count)
    mine = table.frame
    if isinstance(reference, MeasureTable | pd.DataFrame):
        ref = _frame(reference)
    else:
        raws = [compute(ds, min_count=None, **opts).frame for ds in reference]
        raw = pd.concat(raws, ignore_index=True) if raws else mine.iloc[:0]
        pooled = _pool(raw, set(mine["kommunkod"].astype(str)) - {TOTAL})
        ref = suppress_frame(pooled, min_count, table.breakdowns)
    keys = [k for k in _keys(mine) if k != "kommunkod" and k in ref.columns]
    numbers = [c for c in _NUMBERS if c in ref.columns]
    right = ref[[*keys, *numbers, "suppressed", "suppression_reason"]].rename(
        columns=lambda c: c if c in keys else f"ref_{c}"
    )
    out = mine.merge(right, on=keys, how="left", sort=False)
    share, ref_share = out["share"].astype("Float64"), out["ref_share"].astype("Float64")
    out["difference_pp"] = (100 * (share - ref_share)).round(10)
    overlap = (out["ci_low"] <= out["ref_ci_high"]) & (out["ref_ci_low"] <= out["ci_high"])
    known = out["ci_low"].notna() & out["ref_ci_low"].notna()
    out["intervals_overlap"] = overlap.astype("boolean").where(known)
    out["ref_suppressed"] = out["ref_suppressed"].astype("boolean")
    return table.with_frame(out)


def _series_frame(
    table: MeasureTable | pd.DataFrame,
) -> tuple[pd.DataFrame, list[str], list[str]]:
    table = _frame(table)
    if "period" not in table.columns:
        raise ValueError("the table has no period column; compute it with period=...")
    keys = [k for k in _keys(table) if k != "period"]
    periods = sorted(table["period"].astype(str).unique())
    frame = table.copy()
    frame["_pos"] = frame["period"].astype(str).map({p: i for i, p in enumerate(periods)})
    return frame.sort_values([*keys, "_pos"], kind="stable"), keys, periods


@boundary
def compare_periods(table: MeasureTable | pd.DataFrame) -> pd.DataFrame:
    """Each period against the previous one, from a published table with ``period``.

    Returns one row per cell and period that has a previous period, with
    ``previous_period``, ``share``, ``previous_share``, ``difference_pp`` and
    ``intervals_overlap`` (null when a share is hidden or undefined).
    """
    frame, keys, _ = _series_frame(table)
    grouped = frame.groupby(keys, sort=False, dropna=False)
    for col in ("period", "share", "ci_low", "ci_high", "_pos"):
        frame[f"previous_{col}"] = grouped[col].shift(1)
    frame = frame[frame["previous_period"].notna()].copy()
    share = frame["share"].astype("Float64")
    prev = frame["previous_share"].astype("Float64")
    frame["difference_pp"] = (100 * (share - prev)).round(10)
    overlap = (frame["ci_low"] <= frame["previous_ci_high"]) & (
        frame["previous_ci_low"] <= frame["ci_high"]
    )
    known = frame["ci_low"].notna() & frame["previous_ci_low"].notna()
    frame["intervals_overlap"] = overlap.astype("boolean").where(known)
    cols = [*keys, "period", "previous_period", "share", "previous_share"]
    return frame[[*cols, "difference_pp", "intervals_overlap"]].reset_index(drop=True)


@boundary
def trend(table: MeasureTable | pd.DataFrame) -> pd.DataFrame:
    """Least-squares slope of the published share over the periods of a table.

    Periods are numbered 0, 1, … in order over the whole table; the slope is in
    percentage points per period, null with fewer than two published shares.
    """
    frame, keys, periods = _series_frame(table)
    ok = frame["share"].notna().to_numpy(dtype=bool)
    x = frame["_pos"].to_numpy(dtype=np.float64)
    y = frame["share"].astype("Float64").fillna(0).to_numpy(dtype=np.float64)
    parts = pd.DataFrame(
        {"n": ok.astype(np.int64), "sx": x * ok, "sy": y * ok, "sxy": x * y * ok, "sxx": x * x * ok}
    )
    for k in keys:
        parts[k] = frame[k].to_numpy()
    sums = parts.groupby(keys, sort=False, dropna=False).sum().reset_index()
    n, sx, sy = sums["n"], sums["sx"], sums["sy"]
    denom = n * sums["sxx"] - sx * sx
    slope = (n * sums["sxy"] - sx * sy) / denom.where(denom != 0)
    sums["slope_pp"] = (100 * slope).round(10).astype("Float64").where(n >= 2)
    sums["n_periods"] = n
    sums["first_period"], sums["last_period"] = periods[0], periods[-1]
    return sums[[*keys, "slope_pp", "n_periods", "first_period", "last_period"]]
