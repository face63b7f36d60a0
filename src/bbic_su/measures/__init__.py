"""Measures: compute shares with breakdowns, protect small counts, compare."""

from __future__ import annotations

from bbic_su.measures._compute import (
    COUNT_COLUMNS,
    MeasureError,
    compute,
    finish_table,
)
from bbic_su.measures.comparisons import (
    REFERENCE,
    compare,
    compare_periods,
    trend,
)
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
