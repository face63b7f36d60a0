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
>>> far = bbic_su.Dataset({"insats": ds["insats"].assign(
...     insats_beslutsdatum=["1900-01-10", "9999-12-31"])})
>>> sorted((i.code.value, i.rule, i.row) for i in bbic_su.validate(far).issues
...        if i.rule in ("R27", "R35"))
[('after-extraction-date', 'R27', 2), ('before-plausible-date', 'R35', 1)]

A catalogue rule with ``not_after: extraction_date`` covers every date variable of
its record types. The extraction date is a parameter of the run
(``validate(..., extraction_date=...)``, ``validate_record(..., extraction_date=...)``,
``bbic-su validate --extraction-date``); without it, today is the bound (no data can
have been extracted later), so only a date in the future is reported. The kind
``not_before: <ISO date>`` (R35) is the lower bound of the same plausibility window:
every date variable of its record types before that date is reported
(``before-plausible-date``), always; ``not_before: birth_year`` (R36) reports a date
in a year before the child's year of birth (only the birth year survives
pseudonymisation, so the check is by calendar year). The
check reads one record, so both paths report it identically (scope ``record``); a
date that failed to parse is reported as such, not again here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import numpy as np
import pandas as pd

from bbic_su.frames._views import View, ancestor_column
from bbic_su.spec._catalog import Catalog
from bbic_su.spec._check import CatalogResolver
from bbic_su.spec.issue_codes import IssueCode
from bbic_su.spec.model import Rule
from bbic_su.validation._findings import Chunk, Template, template
from bbic_su.validation._shown import encode_dates
from bbic_su.validation.issues import Issue

__all__ = [
    "BIRTH",
    "birth_checks",
    "birth_issues",
    "birth_range",
    "date_checks",
    "extraction_issue",
    "extraction_rules",
    "extraction_template",
    "frame_extraction_issues",
]

BIRTH = "birth_year"
"""The value of ``not_before`` that bounds dates by the child's year of birth (R36)."""


def extraction_rules(cat: Catalog, record_type: str) -> list[tuple[Rule, tuple[str, ...]]]:
    """The ``not_after: extraction_date`` rules of ``record_type`` with the dates they cover."""
    dates = tuple(v.id for v in cat.variables_of(record_type) if v.datatype == "date")
    return [
        (r, dates)
        for r in cat.rules
        if r.not_after == "extraction_date" and record_type in r.record_types and dates
    ]


def date_checks(
    cat: Catalog, record_type: str, when: dt.date | None
) -> list[tuple[Rule, tuple[str, ...], dt.date, bool]]:
    """Every date bound of ``record_type``: (rule, dates, limit, is it an upper bound).

    ``not_after: extraction_date`` rules give ``when`` as upper bound, and today
    when ``when`` is None (no data can have been extracted after today);
    ``not_before: <date>`` rules (e.g. R35) give that date as lower bound.
    """
    dates = tuple(v.id for v in cat.variables_of(record_type) if v.datatype == "date")
    upper = when if when is not None else dt.date.today()
    out = [(r, d, upper, True) for r, d in extraction_rules(cat, record_type)]
    for r in cat.rules:
        if r.not_before not in (None, BIRTH) and record_type in r.record_types and dates:
            out.append((r, dates, dt.date.fromisoformat(str(r.not_before)), False))
    return out


def birth_checks(cat: Catalog, record_type: str) -> list[tuple[Rule, tuple[str, ...]]]:
    """The ``not_before: birth_year`` rules of ``record_type`` with the dates they cover."""
    dates = tuple(v.id for v in cat.variables_of(record_type) if v.datatype == "date")
    return [
        (r, dates)
        for r in cat.rules
        if r.not_before == BIRTH and record_type in r.record_types and dates
    ]


def birth_range(cat: Catalog, key: str) -> tuple[int, int]:
    """The plausible birth years: the range rule of the birth-year variable, if any."""
    var = cat.index.variables.get(key.rpartition(".")[2])
    ranges = [r.range for r in var.rules if r.range is not None] if var is not None else []
    return ranges[0] if ranges else (1, 9999)


def extraction_template(
    rule: Rule,
    record_type: str,
    variable: str,
    when: dt.date,
    code: IssueCode = IssueCode.AFTER_EXTRACTION_DATE,
) -> Template:
    """The template of the findings of ``rule`` on ``variable`` after (or before) ``when``."""
    return template(
        code,
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
    code: IssueCode = IssueCode.AFTER_EXTRACTION_DATE,
) -> Issue:
    """The finding of ``rule`` on one date after ``when`` (or before it, for ``not_before``)."""
    return extraction_template(rule, record_type, variable, when, code).issue(row, key, value)


def frame_extraction_issues(cat: Catalog, view: View, when: dt.date | None) -> list[Chunk]:
    """The bulk path: every date of ``view`` outside its bounds (see :func:`date_checks`)."""
    chunks: list[Chunk] = []
    for rule, dates, bound, upper in date_checks(cat, view.record_type, when):
        limit = np.datetime64(bound, "D")
        code = IssueCode.AFTER_EXTRACTION_DATE if upper else IssueCode.BEFORE_PLAUSIBLE_DATE
        for variable in (d for d in dates if d in view.columns):
            col = view.columns[variable].to_numpy(dtype="datetime64[D]")
            mask = ~np.isnat(col) & ((col > limit) if upper else (col < limit))
            if variable in view.failed:
                mask &= ~view.failed[variable]
            positions = np.flatnonzero(mask)
            if len(positions):
                t = extraction_template(rule, view.record_type, variable, bound, code)
                values, dictionary = encode_dates(col, positions)
                chunks.append(Chunk(t, positions, values, dictionary))
    return chunks


def birth_issues(cat: Catalog, views: Mapping[str, View], view: View) -> list[Chunk]:
    """The bulk path of ``not_before: birth_year``: dates in a year before the birth year.

    Only birth years inside the birth-year variable's own range are used (an
    implausible birth year is reported by its own rule, not again here).
    """
    checks = birth_checks(cat, view.record_type)
    if not checks:
        return []
    key = CatalogResolver(cat, view.record_type).birth_year_key()
    births = view.columns.get(key) if "." not in key else ancestor_column(views, view, key)
    if births is None:
        return []
    born = pd.to_numeric(births, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    lo, hi = birth_range(cat, key)
    born = np.where((born >= lo) & (born <= hi), born, np.nan)
    chunks: list[Chunk] = []
    for rule, dates in checks:
        for variable in (d for d in dates if d in view.columns):
            col = view.columns[variable].to_numpy(dtype="datetime64[D]")
            years = col.astype("datetime64[Y]").astype("int64") + 1970
            mask = ~np.isnat(col) & ~np.isnan(born) & (years < born)
            if variable in view.failed:
                mask &= ~view.failed[variable]
            positions = np.flatnonzero(mask)
            for year in np.unique(born[positions]).tolist():  # one template per birth year
                at = positions[born[positions] == year]
                limit = dt.date(int(year), 1, 1)
                code = IssueCode.BEFORE_PLAUSIBLE_DATE
                t = extraction_template(rule, view.record_type, variable, limit, code)
                values, dictionary = encode_dates(col, at)
                chunks.append(Chunk(t, at, values, dictionary))
    return chunks
