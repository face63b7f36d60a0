"""The record path: validate one record (and its ancestors) with the scalar evaluator.

>>> from bbic_su.validation._record import validate_record
>>> issues = validate_record({"barn_id": "b1", "kon": "okand"}, record_type="barn")
>>> [(i.code.value, i.variable, i.value) for i in issues]
[('invalid-code', 'kon', 'okand')]

Same checks, same combination and same messages as the bulk path (both come from
:mod:`bbic_su.validation._rules`); the only difference is that expressions are evaluated with
:func:`~bbic_su.expr._evaluate.evaluate_record` on one record, seen as a mask of length 1.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import attrs
import numpy as np

from bbic_su._boundary import boundary, keywords
from bbic_su.errors import BbicSuError
from bbic_su.expr._ast import Expr
from bbic_su.expr._evaluate import evaluate_record
from bbic_su.frames._extraction import ExtractionDate, as_extraction_date
from bbic_su.frames._parse import parse_value, shown_value
from bbic_su.spec._catalog import Catalog
from bbic_su.spec._catalog import catalog as default_catalog
from bbic_su.spec._check import CatalogResolver
from bbic_su.spec.issue_codes import IssueCode
from bbic_su.spec.plan import FollowUpPlan
from bbic_su.validation._extraction_date import (
    birth_checks,
    birth_range,
    date_checks,
    extraction_issue,
)
from bbic_su.validation._open_cases import record_open_issues
from bbic_su.validation._rules import (
    BoolArray,
    compile_checks,
    format_issue,
    make_issue,
    run_checks,
)
from bbic_su.validation.issues import Issue

__all__ = ["validate_record"]

Record = Mapping[str, Any] | Any


class _RecordEvaluator:
    n = 1

    def __init__(
        self, values: Mapping[str, object], resolver: CatalogResolver, ancestors: Iterable[str]
    ) -> None:
        self.values = values
        self.resolver = resolver
        self.ancestors = frozenset(ancestors)

    def evaluate(self, expr: Expr) -> BoolArray:
        return np.array([evaluate_record(expr, self.values, self.resolver)], dtype=bool)

    def present(self, ancestor: str) -> BoolArray:
        return np.array([ancestor in self.ancestors], dtype=bool)


def _as_mapping(
    record: Record, record_type: str | None, cat: Catalog
) -> tuple[str, dict[str, Any]]:
    rt = record_type or getattr(record, "RECORD_TYPE", None)
    if isinstance(record, Mapping):
        values = {str(k): v for k, v in record.items()}
    elif attrs.has(type(record)):
        values = {f.name: getattr(record, f.name) for f in attrs.fields(type(record))}
    else:
        raise BbicSuError(f"expected a typed record or a mapping, got {type(record).__name__}")
    if not isinstance(rt, str):
        raise BbicSuError("record_type is needed for a mapping (e.g. record_type='insats')")
    cat.record_type(rt)
    return rt, values


def _ancestor_map(
    ancestors: Mapping[str, Record] | Iterable[Record] | None, rt: str, cat: Catalog
) -> dict[str, dict[str, Any]]:
    if ancestors is None:
        return {}
    wanted = {a.id for a in cat.ancestors(rt)}
    items = (
        ancestors.items()
        if isinstance(ancestors, Mapping)
        else ((getattr(a, "RECORD_TYPE", None), a) for a in ancestors)
    )
    out: dict[str, dict[str, Any]] = {}
    for name, rec in items:
        if not isinstance(name, str):
            raise BbicSuError("an ancestor without RECORD_TYPE must be passed in a mapping")
        art, values = _as_mapping(rec, name, cat)
        if art not in wanted:
            raise BbicSuError(f"{art} is not an ancestor of {rt}")
        out[art] = values
    return out


@keywords("catalog")
@boundary
def validate_record(
    record: Record,
    ancestors: Mapping[str, Record] | Iterable[Record] | None = None,
    *,
    catalog: Catalog | None = None,
    record_type: str | None = None,
    plan: FollowUpPlan | None = None,
    extraction_date: ExtractionDate = None,
) -> tuple[Issue, ...]:
    """Validate one record, e.g. in a case system when it is saved.

    Args:
        record: A typed record from :mod:`bbic_su.spec.records` or a mapping of column to
            value (text as in a CSV cell, or typed values).
        ancestors: The parent, grandparent, ... records that rules read (e.g. the
            intervention of a follow-up), as a mapping ``{record_type: record}`` or
            a sequence of typed records. Checks that read an ancestor not supplied
            are skipped.
        catalog: The catalogue (default: the packaged one).
        record_type: The record type of a mapping (typed records know theirs).
        plan: A follow-up plan whose ``mandatory`` variables become required.
        extraction_date: As for :func:`bbic_su.validate` (e.g. today, on save).

    Returns:
        The findings, as :func:`bbic_su.validate` reports them for the same record
        (with ``row=None``), the open deadlines against ``extraction_date``
        included. Whole-dataset checks (unique keys, parents that exist, data
        quality, the rule kinds ``interval``, ``unique_within_parent`` and
        ``none_after_within_parent`` over the records of one parent) need
        :func:`bbic_su.validate`.

    Raises:
        BbicSuError: The record type is unknown or not given for a mapping, an
            ancestor is not an ancestor of the record type, or ``extraction_date`` is
            not a date. Bad *values* never raise.
    """
    cat = catalog or default_catalog()
    when = as_extraction_date(extraction_date)
    rt, raw = _as_mapping(record, record_type, cat)
    anc = _ancestor_map(ancestors, rt, cat)
    cols = cat.columns_of(rt)
    issues = [
        format_issue(cat, IssueCode.UNKNOWN_COLUMN, rt, name, None, None, None)
        for name in raw
        if name not in cols
    ]
    typed: dict[str, object] = {}
    failed: dict[str, BoolArray] = {}
    failures = []
    for name, kind in cols.items():
        parsed = parse_value(kind, cat.codes_of(name), raw.get(name))
        typed[name] = parsed.value
        if parsed.failure is not None:
            failed[name] = np.array([True])
            failures.append((name, parsed))
    for art, values in anc.items():
        for name, kind in cat.columns_of(art).items():
            typed[f"{art}.{name}"] = parse_value(kind, cat.codes_of(name), values.get(name)).value
    pk = cat.record_type(rt).key
    key = None if pk in failed or typed[pk] is None else str(typed[pk])
    for name, parsed in failures:
        assert parsed.failure is not None
        issues.append(format_issue(cat, parsed.failure, rt, name, None, key, parsed.shown))
    ev = _RecordEvaluator(typed, CatalogResolver(cat, rt), anc)
    for check, _mask in run_checks(compile_checks(cat, rt, plan), ev, failed):
        value = shown_value(typed.get(check.variable)) if check.variable else None
        issues.append(make_issue(check, rt, None, key, value))
    for rule, dates, bound, upper in date_checks(cat, rt, when):
        code = IssueCode.AFTER_EXTRACTION_DATE if upper else IssueCode.BEFORE_PLAUSIBLE_DATE
        for name in dates:
            day = typed.get(name)
            if not isinstance(day, dt.date) or name in failed:
                continue
            if (day > bound) if upper else (day < bound):
                value = shown_value(day)
                issues.append(extraction_issue(rule, rt, name, bound, None, key, value, code))
    issues += _birth_issues(cat, rt, typed, failed, key)
    if when is not None:
        issues += record_open_issues(cat, rt, ev, typed, failed, key, when)
    return tuple(issues)


def _birth_issues(
    cat: Catalog, rt: str, typed: dict[str, object], failed: dict[str, BoolArray], key: str | None
) -> list[Issue]:
    """``not_before: birth_year`` on one record (the birth year from the record or ``barn``)."""
    checks = birth_checks(cat, rt)
    birth_key = CatalogResolver(cat, rt).birth_year_key()
    born = typed.get(birth_key) if checks else None
    lo, hi = birth_range(cat, birth_key)
    if not isinstance(born, int) or not lo <= born <= hi:
        return []
    out = []
    for rule, dates in checks:
        for name in dates:
            day = typed.get(name)
            if isinstance(day, dt.date) and name not in failed and day.year < born:
                value = shown_value(day)
                limit = dt.date(born, 1, 1)
                out.append(
                    extraction_issue(
                        rule, rt, name, limit, None, key, value, IssueCode.BEFORE_PLAUSIBLE_DATE
                    )
                )
    return out
