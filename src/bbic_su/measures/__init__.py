"""Measures: compute shares with breakdowns, protect small counts, compare."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bbic_su._exports import lazy

if TYPE_CHECKING:
    from bbic_su.measures._compute import COUNT_COLUMNS, MeasureError, compute, finish_table
    from bbic_su.measures._table import MeasureTable
    from bbic_su.measures.comparisons import REFERENCE, compare, compare_periods, trend
    from bbic_su.measures.disclosure import (
        DEFAULT,
        MARKER,
        PTABLE,
        check_min_count,
        human,
        perturb,
        resolve_min_count,
        suppress,
    )

__all__ = [
    "COUNT_COLUMNS",
    "DEFAULT",
    "MARKER",
    "PTABLE",
    "REFERENCE",
    "MeasureError",
    "MeasureTable",
    "check_min_count",
    "compare",
    "compare_periods",
    "compute",
    "finish_table",
    "human",
    "perturb",
    "resolve_min_count",
    "suppress",
    "trend",
]

__getattr__, __dir__ = lazy(
    __name__,
    {
        "COUNT_COLUMNS": "bbic_su.measures._compute",
        "DEFAULT": "bbic_su.measures.disclosure",
        "MARKER": "bbic_su.measures.disclosure",
        "MeasureError": "bbic_su.measures._compute",
        "MeasureTable": "bbic_su.measures._table",
        "PTABLE": "bbic_su.measures.disclosure",
        "REFERENCE": "bbic_su.measures.comparisons",
        "check_min_count": "bbic_su.measures.disclosure",
        "compare": "bbic_su.measures.comparisons",
        "compare_periods": "bbic_su.measures.comparisons",
        "compute": "bbic_su.measures._compute",
        "finish_table": "bbic_su.measures._compute",
        "human": "bbic_su.measures.disclosure",
        "perturb": "bbic_su.measures.disclosure",
        "resolve_min_count": "bbic_su.measures.disclosure",
        "suppress": "bbic_su.measures.disclosure",
        "trend": "bbic_su.measures.comparisons",
    },
)
