"""Published tables of a report: one raw computation split into views, each protected.

>>> import pandas as pd
>>> from bbic_su.reporting._tables import hide_lone_periods
>>> t = pd.DataFrame({"measure": "m", "kommunkod": "0180", "period": ["2024Q1", "2024Q2"],
...                   "numerator": [None, 30], "denominator": [None, 40], "share": [None, 0.75],
...                   "ci_low": None, "ci_high": None, "excluded": 0,
...                   "suppressed": [True, False], "suppression_reason": ["primary", None]})
>>> raw_den = pd.Series([3, 40])
>>> hide_lone_periods(t, raw_den)["suppressed"].tolist()  # else 2024Q1 = total − 2024Q2
[True, True]

The report computes each dataset twice, unprotected (``min_count=None``), and never
shows those numbers: once broken down by kön × åldersgrupp (whose margins are the
total, the kön view and the age view) and once by period. Each view is then
protected on its own with :func:`bbic_su.measures.disclosure.suppress`, and two checks tie the
views together, so that no hidden value can be worked out from another view:

* when the total of a (measure, kommun) is hidden in one view it is hidden in every
  view, with all its cells and periods;
* the periods of a (measure, kommun) add up to at most its total, so a lone hidden
  period gets a second one hidden (the smallest non-zero published period).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from bbic_su.measures._breakdowns import MISSING, TOTAL
from bbic_su.measures._compute import finish_table
from bbic_su.measures.comparisons import REFERENCE
from bbic_su.measures.disclosure import suppress_frame

__all__ = [
    "AGE",
    "KON",
    "MISSING",
    "REFERENCE",
    "TOTAL",
    "distribution",
    "hide_lone_periods",
    "pool",
    "protect_views",
]

KON = "kon"
AGE = "aldersgrupp_officiell"
_COUNTS = ("numerator", "denominator", "excluded", "pending")
_VALUES = ("numerator", "denominator", "share", "ci_low", "ci_high", "excluded", "pending")
_OUTER = ["measure", "kommunkod"]


def _hide(table: pd.DataFrame, rows: Any) -> None:
    """Hide ``rows`` (a boolean mask) in place, as secondary suppression."""
    mask = np.asarray(rows, dtype=bool) & ~table["suppressed"].to_numpy(dtype=bool)
    if not mask.any():
        return
    for col in _VALUES:
        if col in table.columns:  # pending: only tables from compute carry it
            table[col] = table[col].mask(mask)
    table["suppressed"] = table["suppressed"].to_numpy(dtype=bool) | mask
    reason = table["suppression_reason"].astype(object).to_numpy().copy()
    reason[mask] = "secondary"
    table["suppression_reason"] = pd.Series(reason, index=table.index, dtype="str")


def hide_lone_periods(table: pd.DataFrame, raw_den: pd.Series) -> pd.DataFrame:
    """Hide a second period wherever a (measure, kommun) series has exactly one hidden.

    Args:
        table: Protected period table (``measure, kommunkod, period`` ...).
        raw_den: The unprotected denominators, aligned by position.
    """
    out = table.reset_index(drop=True).copy()
    den = pd.Series(np.asarray(raw_den, dtype=np.float64)).fillna(0).to_numpy()
    hidden = out["suppressed"].to_numpy(dtype=bool)
    group = out.groupby(_OUTER, sort=False).ngroup().to_numpy()
    extra = np.zeros(len(out), dtype=bool)
    for g in np.unique(group[hidden & (den > 0)]):
        members = np.flatnonzero(group == g)
        if (hidden[members] & (den[members] > 0)).sum() != 1:
            continue
        open_ = members[~hidden[members] & (den[members] > 0)]
        if open_.size:
            extra[open_[np.argmin(den[open_])]] = True
    _hide(out, extra)
    return out


def protect_views(
    raw2d: pd.DataFrame, rawp: pd.DataFrame, k: int
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The kön view, the age view and the period view of raw tables, protected together.

    Args:
        raw2d: Unprotected table by ``kon`` × ``aldersgrupp_officiell``.
        rawp: Unprotected table by period (no breakdowns).
        k: The threshold.
    """
    kon_raw = raw2d[raw2d[AGE] == TOTAL].drop(columns=AGE).reset_index(drop=True)
    age_raw = raw2d[raw2d[KON] == TOTAL].drop(columns=KON).reset_index(drop=True)
    kon = suppress_frame(kon_raw, k, [KON]).reset_index(drop=True)
    age = suppress_frame(age_raw, k, [AGE]).reset_index(drop=True)
    per = suppress_frame(rawp.reset_index(drop=True), k, [])
    per = hide_lone_periods(per, rawp["denominator"].reset_index(drop=True))
    hidden_totals: set[tuple[str, str]] = set()
    for view, dim in ((kon, KON), (age, AGE)):
        tot = view[(view[dim] == TOTAL) & view["suppressed"]]
        hidden_totals |= set(zip(tot["measure"], tot["kommunkod"], strict=True))
    if hidden_totals:
        for view in (kon, age, per):
            keys = zip(view["measure"], view["kommunkod"], strict=True)
            _hide(view, [key in hidden_totals for key in keys])
    return kon, age, per


def pool(raws: Sequence[pd.DataFrame], own: set[str]) -> pd.DataFrame | None:
    """Sum unprotected tables of other municipalities into one reference (own left out).

    Returns ``None`` when there is nothing to pool.
    """
    frames = [r for r in raws if len(r)]
    if not frames:
        return None
    raw = pd.concat(frames, ignore_index=True)
    others = raw[~raw["kommunkod"].astype(str).isin(own)]
    skip = {*_VALUES, "suppressed", "suppression_reason"}
    keys = [str(c) for c in raw.columns if c not in skip and not str(c).startswith("_")]
    keys = [c for c in keys if c != "kommunkod"]
    counts = [c for c in _COUNTS if c in raw.columns]
    summed = others.groupby(keys, sort=False, dropna=False)[counts].sum().reset_index()
    parts: dict[str, list[Any]] = {c: [summed[c].to_numpy(dtype=object)] for c in keys}
    parts["kommunkod"] = [np.full(len(summed), REFERENCE, dtype=object)]
    for col in counts:
        parts[col] = [summed[col].to_numpy(dtype=np.int64)]
    return finish_table(parts, ["measure", "kommunkod", *(c for c in keys if c != "measure")])


def distribution(
    values: pd.Series, kommun: pd.Series, codes: Sequence[str], name: str, k: int
) -> pd.DataFrame:
    """Protected counts of ``values`` per kommun: codes, ``_saknas``, ``_total``.

    Missing and invalid values count as ``_saknas``. Each category's count is both
    numerator and denominator, so the primary rule hides counts from 1 to k−1 and
    secondary suppression protects the total.

    >>> vals = pd.Series(["flicka"] * 12 + ["pojke"] * 3 + [None] * 9)
    >>> t = distribution(vals, pd.Series(["0180"] * 24), ["flicka", "pojke"], "kon", 5)
    >>> t[["category", "denominator"]].astype(object).to_numpy().tolist()
    [['flicka', 12], ['pojke', <NA>], ['_saknas', <NA>], ['_total', 24]]
    """
    labels = [*codes, MISSING]
    known = values.where(values.isin(list(codes)))  # invalid values count as _saknas
    cat_codes = np.asarray(pd.Categorical(known, categories=list(codes)).codes, dtype=np.int64)
    cat_codes = np.where(cat_codes < 0, len(codes), cat_codes)
    k_codes, k_labels = pd.factorize(kommun, sort=True)
    width = len(labels)
    flat = np.bincount(
        np.asarray(k_codes, dtype=np.int64) * width + cat_codes, minlength=len(k_labels) * width
    ).reshape(len(k_labels), width)
    flat = np.concatenate([flat, flat.sum(axis=1, keepdims=True)], axis=1)
    names = np.array([*labels, TOTAL], dtype=object)
    n_k, n_c = flat.shape
    parts: dict[str, list[Any]] = {
        "measure": [np.full(n_k * n_c, name, dtype=object)],
        "kommunkod": [np.repeat(np.asarray(k_labels, dtype=object), n_c)],
        "category": [np.tile(names, n_k)],
        "numerator": [flat.reshape(-1)],
        "denominator": [flat.reshape(-1)],
        "excluded": [np.zeros(n_k * n_c, dtype=np.int64)],
    }
    table = finish_table(parts, ["measure", "kommunkod", "category"])
    return suppress_frame(table, k, ["category"])
