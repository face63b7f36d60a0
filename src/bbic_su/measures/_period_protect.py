"""Suppression that holds across tables: every period level and the all-period total at once.

>>> from bbic_su.measures._period_protect import parent_period
>>> [parent_period(p, g) for p, g in [("2024-05", "month"), ("2024Q2", "quarter"),
...                                   ("2024H1", "half"), ("2024", "year")]]
['2024Q2', '2024H1', '2024', '_total']

A table without periods is the margin, over periods, of the same table by
year; a table by year is the margin of the table by half-year, and so on down
to months. Whoever holds two of these outputs for the same data and threshold
can subtract: with the total 8/13 and the year 2023 at 5/10, a hidden 2024 is
3/3. So :func:`bbic_su.compute` never protects one of them alone: it computes
the table at every level (all periods, year, half-year, quarter, month), joins
them into one table whose period column is an additive, hierarchical dimension
(``_parent`` names each period's parent, ``_level`` its depth) and suppresses
that table once (:func:`bbic_su.measures.disclosure.suppress`). The table asked for is
a slice of the protected whole, so every output the library writes for the
same data and threshold comes from the same hidden pattern, and no hidden cell
of one is determined by the published cells of any other.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd

from bbic_su.measures._breakdowns import TOTAL, Granularity
from bbic_su.measures.disclosure import suppress_frame

__all__ = ["LEVELS", "joint_table", "parent_period", "protect_all_periods", "view"]

LEVELS: tuple[Granularity, ...] = ("month", "quarter", "half", "year")
"""The period levels, finest first (level numbers 0-3; the all-period total is 4)."""


def parent_period(label: str, granularity: Granularity) -> str:
    """The label of the period one level up (``_total`` above a year)."""
    if granularity == "year":
        return TOTAL
    if granularity == "half":
        return label[:-2]
    if granularity == "quarter":
        year, q = label[:-2], int(label[-1])
        return f"{year}H{(q + 1) // 2}"
    year, month = label.rsplit("-", 1)
    return f"{year}Q{(int(month) - 1) // 3 + 1}"


def joint_table(raw: Callable[[Granularity | None], pd.DataFrame]) -> pd.DataFrame:
    """The unprotected tables at every level in one, with ``period``, ``_parent`` and ``_level``.

    Args:
        raw: The unprotected table for a granularity (``None``: no periods).
    """
    total = raw(None)
    where = list(total.columns).index("kommunkod") + 1
    total.insert(where, "period", TOTAL)
    total["_parent"] = None
    total["_level"] = len(LEVELS)
    parts = [total]
    for level, gran in enumerate(LEVELS):
        t = raw(gran)
        parents = {p: parent_period(p, gran) for p in pd.unique(t["period"])}
        t["_parent"] = t["period"].map(parents).astype(object)
        t["_level"] = level
        parts.append(t)
    joint = pd.concat(parts, ignore_index=True)
    joint["period"] = joint["period"].astype("str")
    return joint


def view(protected: pd.DataFrame, granularity: Granularity | None) -> pd.DataFrame:
    """The rows of one level of the protected joint table, shaped as that level's own table."""
    level = len(LEVELS) if granularity is None else LEVELS.index(granularity)
    rows = protected[protected["_level"] == level]
    drop = ["_parent", "_level", *(["period"] if granularity is None else [])]
    return rows.drop(columns=drop).reset_index(drop=True)


def protect_all_periods(
    table: pd.DataFrame,
    raw: Callable[[Granularity | None], pd.DataFrame],
    granularity: Granularity | None,
    min_count: int,
    breakdowns: Sequence[str],
) -> pd.DataFrame:
    """Suppress ``table`` (at ``granularity``) as a slice of the joint table of every level.

    Args:
        table: The unprotected table asked for.
        raw: The unprotected table at another granularity (``None``: no periods).
        granularity: The granularity of ``table``.
        min_count: The threshold k.
        breakdowns: The additive breakdown columns.
    """

    def level(g: Granularity | None) -> pd.DataFrame:
        return table.copy() if g == granularity else raw(g)

    return view(suppress_frame(joint_table(level), min_count, breakdowns), granularity)
