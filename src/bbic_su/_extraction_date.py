"""The rule kind ``not_after: extraction_date``: no date after the day the data were extracted.

>>> import datetime as dt, pandas as pd, bbic_su
>>> ds = bbic_su.Dataset({"insats": pd.DataFrame({
...     "insats_id": ["i1", "i2"], "barn_id": ["b1", "b1"], "insatstyp": ["familjebehandling"] * 2,
...     "insats_beslutsdatum": ["2024-12-31", "2025-01-02"]})})
>>> [(i.code.value, i.rule, i.row) for i in bbic_su.validate(ds).issues if i.rule == "R27"]
[]
>>> report = bbic_su.validate(ds, extraction_date=dt.date(2024, 12, 31))
>>> [(i.code.value, i.rule, i.row, i.value) for i in report.issues if i.rule == "R27"]
[('after-extraction-date', 'R27', 2, '2025-01-02')]

A catalogue rule with ``not_after: extraction_date`` covers every date variable of
its record types. The extraction date is a parameter of the run
(``validate(..., extraction_date=...)``, ``validate_record(..., extraction_date=...)``,
``bbic-su validate --extraction-date``); without it the rule is not evaluated. The
check reads one record, so both paths report it identically (scope ``record``); a
date that failed to parse is reported as such, not again here.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from bbic_su._findings import Chunk, Template, template
from bbic_su._shown import encode_dates
from bbic_su._validate_frame import View
from bbic_su.errors import BbicSuError
from bbic_su.issues import Issue, IssueCode
from bbic_su.model import Rule
from bbic_su.spec import Catalog

__all__ = [
    "ExtractionDate",
    "as_extraction_date",
    "extraction_issue",
    "extraction_rules",
    "extraction_template",
    "frame_extraction_issues",
]

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


def extraction_rules(cat: Catalog, record_type: str) -> list[tuple[Rule, tuple[str, ...]]]:
    """The ``not_after: extraction_date`` rules of ``record_type`` with the dates they cover."""
    dates = tuple(v.id for v in cat.variables_of(record_type) if v.datatype == "date")
    return [
        (r, dates)
        for r in cat.rules
        if r.not_after == "extraction_date" and record_type in r.record_types and dates
    ]


def extraction_template(rule: Rule, record_type: str, variable: str, when: dt.date) -> Template:
    """The template of the findings of ``rule`` on ``variable`` after ``when``."""
    return template(
        IssueCode.AFTER_EXTRACTION_DATE,
        rule.severity,
        rule.id,
        record_type,
        variable,
        rule.legal,
        variable=variable,
        limit=when.isoformat(),
        rule_text=(rule.description_sv, rule.description_en),
    )


def extraction_issue(
    rule: Rule,
    record_type: str,
    variable: str,
    when: dt.date,
    row: int | None,
    key: str | None,
    value: str | int | None,
) -> Issue:
    """The finding of ``rule`` on one date after the extraction date ``when``."""
    return extraction_template(rule, record_type, variable, when).issue(row, key, value)


def frame_extraction_issues(cat: Catalog, view: View, when: dt.date | None) -> list[Chunk]:
    """The bulk path: every date of ``view`` after ``when`` (nothing when ``when`` is None)."""
    if when is None:
        return []
    limit = np.datetime64(when, "D")
    chunks: list[Chunk] = []
    for rule, dates in extraction_rules(cat, view.record_type):
        for variable in (d for d in dates if d in view.columns):
            col = view.columns[variable].to_numpy(dtype="datetime64[D]")
            mask = ~np.isnat(col) & (col > limit)
            if variable in view.failed:
                mask &= ~view.failed[variable]
            positions = np.flatnonzero(mask)
            if len(positions):
                t = extraction_template(rule, view.record_type, variable, when)
                values, dictionary = encode_dates(col, positions)
                chunks.append(Chunk(t, positions, values, dictionary))
    return chunks
