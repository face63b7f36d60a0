"""The extraction date: the day the data were taken out of the case system.

>>> from bbic_su.frames._extraction import as_extraction_date
>>> as_extraction_date("2024-12-31")
datetime.date(2024, 12, 31)

Deadlines and windows still open on that day are not yet missed, and no recorded
date may lie after it.
"""

from __future__ import annotations

import datetime as dt

from bbic_su.errors import BbicSuError

__all__ = ["ExtractionDate", "as_extraction_date"]

ExtractionDate = dt.date | str | None
"""A date, an ISO ``YYYY-MM-DD`` string or ``None`` (the rule is not evaluated)."""


def as_extraction_date(value: ExtractionDate) -> dt.date | None:
    """The extraction date as a :class:`datetime.date` (``None`` stays ``None``).

    >>> as_extraction_date("2024-12-31")
    datetime.date(2024, 12, 31)

    Raises:
        BbicSuError: Not a date or an ISO date string.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise BbicSuError(f"extraction_date: {value!r} is not a date (YYYY-MM-DD)") from None
