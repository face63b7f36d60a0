"""Which measures can be computed on a dataset, and the pending records of deadline measures.

>>> import bbic_su
>>> from bbic_su.measures._status import not_computable
>>> m = bbic_su.catalog().measure("m_forhandsbedomning_14_dagar")
>>> not_computable(bbic_su.catalog(), m, {}, None)
{'code': 'needs-extraction-date', 'variables': []}
>>> not_computable(bbic_su.catalog(), m, {}, "2024-12-31") is None
True

A measure is *not computable* when it has a ``deadline`` and no extraction date is
given, or when it reads a derived variable that could not be derived (its window needs
the extraction date). :func:`bbic_su.compute` leaves such measures out of the table and
lists them, with the reason code and the variables, in
``table.attrs["not_computable"]``; the CLI prints one line for each.

A deadline measure's record is *pending* when its event is missing and the limit
(``start`` plus the deadline's days or months) lies on or after the extraction date:
the time has not run out yet, so the record is neither in time nor late. Pending
records leave the denominator (and the numerator) and are counted in ``pending``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import numpy.typing as npt

from bbic_su.expr._evaluate_frame import IntValues, add_months_frame
from bbic_su.spec._catalog import Catalog
from bbic_su.spec._check import measure_variables
from bbic_su.spec.model import Measure, MeasureDeadline

__all__ = ["NEEDS_EXTRACTION_DATE", "not_computable", "pending_mask"]

NEEDS_EXTRACTION_DATE = "needs-extraction-date"
BoolArray = npt.NDArray[np.bool_]


def not_computable(
    cat: Catalog, measure: Measure, skipped: Mapping[str, str], extraction_date: object
) -> dict[str, Any] | None:
    """Why ``measure`` cannot be computed (a code and the variables), or ``None``."""
    lacking = sorted(measure_variables(cat, measure) & set(skipped))
    if lacking:
        return {"code": skipped[lacking[0]], "variables": lacking}
    if measure.deadline is not None and extraction_date is None:
        return {"code": NEEDS_EXTRACTION_DATE, "variables": []}
    return None


def pending_mask(cols: Any, deadline: MeasureDeadline, extraction: int) -> BoolArray:
    """Records whose event is missing and whose limit lies on or after ``extraction``.

    Args:
        cols: The :class:`~bbic_su.measures._columns.MeasureColumns` of the measure.
        deadline: The measure's deadline.
        extraction: The extraction date in days since 1970-01-01.
    """
    start, smiss = cols.dates(deadline.start)
    _, emiss = cols.dates(deadline.event)
    if deadline.months is not None:
        limit = add_months_frame(IntValues(start, smiss), deadline.months, cols.n)
        end, lmiss = limit.values, limit.missing
    else:
        end, lmiss = start + int(deadline.days or 0), smiss
    return np.asarray(emiss & ~lmiss & (end >= extraction), dtype=bool)
