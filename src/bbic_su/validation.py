"""Validate a whole dataset (vectorised) or one record: one rule set, one answer.

>>> import pandas as pd, bbic_su
>>> ds = bbic_su.Dataset({
...     "barn": pd.DataFrame({"barn_id": ["b1"], "fodelsear": ["2015"]}),
...     "aktualisering": pd.DataFrame({
...         "aktualisering_id": ["a1"], "barn_id": ["b1"], "aktualiseringsdatum": ["2024-03-01"],
...         "aktualiseringssatt": ["anmalan"], "skyddsbedomning_datum": ["2024-03-05"]}),
... })
>>> report = bbic_su.validate(ds)
>>> [(i.code.value, i.rule, i.row, i.value) for i in report.issues if i.rule == "R07"]
[('deadline-exceeded', 'R07', 1, '2024-03-05')]
>>> issues = bbic_su.validate_record(
...     ds["aktualisering"].iloc[0].to_dict(), record_type="aktualisering")
>>> [(i.code.value, i.rule, i.row, i.value) for i in issues if i.rule == "R07"]
[('deadline-exceeded', 'R07', None, '2024-03-05')]

:func:`validate` checks every record type of a :class:`~bbic_su.Dataset`;
:func:`validate_record` checks one record (a typed record or a dict) against its
ancestors, e.g. in a case system on save. Both take their checks from
:mod:`bbic_su._rules`, so for every rule that reads one record and its ancestors
they report the same :class:`~bbic_su.issues.Issue` objects (the record path gives
``row=None``). Checks over the whole dataset (unique keys, parents that exist,
data-quality shares, duplicate and missing columns, and the rule kinds over the
records of one parent in :mod:`bbic_su._sibling_rules`) are the bulk path's alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from typing import cast

import attrs
import numpy as np
import pandas as pd

from bbic_su._derived_check import derived_mismatch_issues
from bbic_su._evaluate_common import MISSING_CODE
from bbic_su._evaluate_frame import evaluate_rows
from bbic_su._extraction_date import ExtractionDate, as_extraction_date, frame_extraction_issues
from bbic_su._link import key_findings
from bbic_su._rules import (
    BoolArray,
    Check,
    compile_checks,
    format_issue,
    make_issue,
    message,
    run_checks,
)
from bbic_su._sibling_rules import sibling_issues
from bbic_su._speccheck import CatalogResolver
from bbic_su._threads import start_all
from bbic_su._validate_frame import View, ancestor_column, build_view, missing_share, show
from bbic_su._validate_record import validate_record
from bbic_su.dataset import Dataset
from bbic_su.expr import Call, Expr, Ref, parse, refs
from bbic_su.issues import ISSUE_CODES, Issue, IssueCode
from bbic_su.plan import FollowUpPlan
from bbic_su.spec import Catalog
from bbic_su.validation_report import Report, RowCount

__all__ = ["Progress", "validate", "validate_record"]

Progress = Callable[[int, int], None]
"""Called as ``progress(done, total)`` while :func:`validate` works through the steps."""


def _missing_text_key(expr: Expr, resolver: CatalogResolver) -> str | None:
    """The key column of ``is_missing(<text column>)``, else None."""
    if isinstance(expr, Call) and expr.func == "is_missing" and isinstance(expr.args[0], Ref):
        key = resolver.resolve(expr.args[0])
        return key if resolver.datatype(key) == "text" else None
    return None


class _FrameEvaluator:
    def __init__(
        self,
        view: View,
        columns: dict[str, pd.Series],
        resolver: CatalogResolver,
        cache: dict[object, object],
    ):
        self.n = view.n
        self.cache = cache
        self.view = view
        self.columns = columns
        self.resolver = resolver

    def evaluate(self, expr: Expr) -> BoolArray:
        key = _missing_text_key(expr, self.resolver)
        if key is not None:  # is_missing(<key column>), vectorised: keys are mostly distinct
            col = self.columns.get(key)
            if col is None:
                return np.ones(self.n, dtype=bool)
            return (col.isna() | (col == MISSING_CODE)).to_numpy(dtype=bool, copy=True)
        return evaluate_rows(expr, self.columns, self.resolver, self.n, self.cache)

    def present(self, ancestor: str) -> BoolArray:
        pos = self.view.pos.get(ancestor)
        return np.zeros(self.n, dtype=bool) if pos is None else pos >= 0


def _link(cat: Catalog, views: dict[str, View], view: View) -> list[Issue]:
    """Ancestor positions of ``view`` plus key findings (duplicates, missing parents)."""
    issues: list[Issue] = []
    for code, column, rule, parent, mask in key_findings(cat, views, view):
        _emit(issues, view, mask, code, column, rule, parent)
    return issues


def _emit(
    issues: list[Issue],
    view: View,
    mask: BoolArray,
    code: IssueCode,
    column: str,
    rule: str | None,
    parent: str,
) -> None:
    if not mask.any():
        return
    params = {"variable": column, "parent": parent}
    sv, en = message(code, "sv", **params), message(code, "en", **params)
    where = np.flatnonzero(mask)
    for r, key in zip(where.tolist(), view.keys_at(where), strict=True):
        issues.append(
            Issue(
                code=code,
                severity=ISSUE_CODES[code].severity,
                rule=rule,
                record_type=view.record_type,
                row=int(view.rows[r]),
                key=key,
                variable=column,
                value=None,
                message_sv=sv,
                message_en=en,
            )
        )


def _needed(cat: Catalog, rt: str, checks: tuple[Check, ...]) -> set[str]:
    """Ancestor column keys read by the checks or by the variables' conditions."""
    keys = {k for c in checks for k in c.reads if "." in k}
    resolver = CatalogResolver(cat, rt)
    for v in cat.variables_of(rt):
        if v.applies_if is not None:
            keys |= {
                k for k in (resolver.resolve(r) for r in refs(parse(v.applies_if))) if "." in k
            }
    return keys


def _quality(
    cat: Catalog,
    view: View,
    columns: dict[str, pd.Series],
    resolver: CatalogResolver,
    present: set[str],
    cache: dict[object, object],
) -> list[Issue]:
    issues: list[Issue] = []
    for rule in cat.rules:
        t = rule.thresholds
        if "missing_share_percent" not in t or view.record_type not in rule.record_types:
            continue
        for v in cat.variables_of(view.record_type):
            if v.id not in present:
                continue
            missing, total = missing_share(view, columns, resolver, v.id, cache)
            if (
                total < t.get("min_records", 1)
                or 100 * missing < t["missing_share_percent"] * total
            ):
                continue
            share = round(100 * missing / total)
            params = {
                "variable": v.id,
                "share": str(share),
                "count": str(missing),
                "total": str(total),
            }
            issues.append(
                Issue(
                    code=IssueCode.HIGH_MISSING_SHARE,
                    severity=rule.severity,
                    rule=rule.id,
                    record_type=view.record_type,
                    row=None,
                    key=None,
                    variable=v.id,
                    value=share,
                    message_sv=message(IssueCode.HIGH_MISSING_SHARE, "sv", **params),
                    message_en=message(IssueCode.HIGH_MISSING_SHARE, "en", **params),
                )
            )
    return issues


class _Given:
    """An evaluator whose masks were computed beforehand (``run_checks`` may change them)."""

    def __init__(self, ev: _FrameEvaluator, masks: dict[int, BoolArray]) -> None:
        self.n, self.ev, self.masks = ev.n, ev, masks

    def evaluate(self, expr: Expr) -> BoolArray:
        return self.masks[id(expr)].copy()

    def present(self, ancestor: str) -> BoolArray:
        return self.ev.present(ancestor)


def _record_type_issues(
    cat: Catalog,
    views: dict[str, View],
    view: View,
    plan: FollowUpPlan | None,
    when: dt.date | None,
    given: set[str],
) -> list[Issue]:
    """The findings of every check on one linked view, bar those of parsing and keys.

    The checks' conditions, the sibling-record rules and the data-quality shares are
    independent steps over the same columns, run in threads on long frames; their
    findings are combined in a fixed order.
    """
    rt = view.record_type
    checks = compile_checks(cat, rt, plan)
    resolver = CatalogResolver(cat, rt)
    columns = dict(view.columns)
    for key in _needed(cat, rt, checks):
        col = ancestor_column(views, view, key)
        if col is not None:
            columns[key] = col
    cache: dict[object, object] = {}  # column conversions, shared by every step below
    ev = _FrameEvaluator(view, columns, resolver, cache)
    steps: list[Callable[[], object]] = [partial(ev.evaluate, c.expr) for c in checks]
    steps += [
        partial(frame_extraction_issues, cat, view, when),
        partial(sibling_issues, cat, views, view, cache, when),
        partial(_quality, cat, view, columns, resolver, given, cache),
    ]
    with start_all(steps, rows=view.n) as running:
        # the checks' findings are built here while the threads finish the other steps
        masks = {
            id(c.expr): cast("BoolArray", f.result()) for c, f in zip(checks, running, strict=False)
        }
        issues = _check_issues(view, run_checks(checks, _Given(ev, masks), view.failed))
        for future in running[len(checks) :]:
            issues += cast("list[Issue]", future.result())
    return issues


def _check_issues(view: View, results: list[tuple[Check, BoolArray]]) -> list[Issue]:
    issues: list[Issue] = []
    for check, mask in results:
        positions = np.flatnonzero(mask)
        values = (
            show(view, check.variable, positions)
            if check.show_value and check.variable in view.columns
            else [None] * len(positions)
        )
        rows = view.rows[positions].tolist()
        keys = view.keys_at(positions)
        issues.extend(
            make_issue(check, view.record_type, r, k, v)
            for r, k, v in zip(rows, keys, values, strict=True)
        )
    return issues


def _in_order(issues: list[Issue], order: dict[str, int]) -> list[Issue]:
    """``issues`` by record type (catalogue order, unknown ones last), then row (stable)."""
    last = len(order)
    types = np.fromiter((order.get(i.record_type, last) for i in issues), np.int64, len(issues))
    rows = np.fromiter((i.row or 0 for i in issues), np.int64, len(issues))
    return [issues[p] for p in np.lexsort((rows, types)).tolist()]


def _with_files(issues: list[Issue], dataset: Dataset) -> list[Issue]:
    """Name each finding's export file where the dataset knows it (provenance)."""
    if not dataset.source_files:
        return issues
    single: dict[str, str] = {}
    by_row: dict[str, dict[int, str]] = {}
    for rt, files in dataset.source_files.items():
        known = files.dropna().astype(str)
        distinct = known.unique()
        if len(distinct) == 1:  # the usual case: one export file per record type
            single[rt] = str(distinct[0])
        elif len(distinct) > 1:  # stacked files: a row number may occur in several
            joined = known.groupby(level=0).agg(lambda x: ", ".join(sorted(set(x))))
            by_row[rt] = dict(
                zip(joined.index.astype("int64").tolist(), joined.astype(str).tolist(), strict=True)
            )
    out = []
    for i in issues:
        if i.row is not None and i.record_type in single:
            i = attrs.evolve(i, file=single[i.record_type])
        elif i.row is not None and i.record_type in by_row:
            i = attrs.evolve(i, file=by_row[i.record_type].get(i.row))
        out.append(i)
    return out


def validate(
    dataset: Dataset,
    plan: FollowUpPlan | None = None,
    *,
    catalog: Catalog | None = None,
    progress: Progress | None = None,
    extraction_date: ExtractionDate = None,
) -> Report:
    """Validate every record type of ``dataset`` and return the :class:`~bbic_su.Report`.

    Every bad input becomes a finding, never an exception: junk cells, wrong types,
    missing, duplicate and unknown columns, unknown tables, empty frames.

    Frames of 200,000 rows or more are parsed and checked in a few threads (one per
    CPU, at most 8; the environment variable ``BBIC_SU_THREADS`` sets a lower cap,
    ``1`` turns threads off). The report is the same either way.

    Args:
        dataset: The dataset (frames as given, e.g. all text from CSV).
        plan: A follow-up plan whose ``mandatory`` variables become required.
        catalog: The catalogue (default: the dataset's).
        progress: Called as ``progress(done, total)`` after each step.
        extraction_date: The day the data were extracted (a date or ``YYYY-MM-DD``);
            rules with ``not_after: extraction_date`` (R27) report dates after it, and
            deadlines and intervals with ``open_against: extraction_date`` (R12, R22)
            check cases still open on that day against it, and supplied derived columns
            whose derivation has a window are compared with it (``derived-mismatch``).
            ``None`` (default): those checks are not made.

    Raises:
        BbicSuError: ``extraction_date`` is not a date.
    """
    cat = catalog or dataset.catalog
    when = as_extraction_date(extraction_date)
    order = {rt.id: i for i, rt in enumerate(cat.record_types)}
    present = [rt.id for rt in cat.record_types if rt.id in dataset.frames]
    total, done = max(1, 2 * len(present)), 0
    issues: list[Issue] = [
        format_issue(cat, IssueCode.UNKNOWN_RECORD_TYPE, name, name, None, None, None)
        for name in dataset.frames
        if name not in order
    ]
    views: dict[str, View] = {}
    for rt in present:
        frame = dataset.frames[rt]
        view, found = build_view(cat, rt, frame)
        views[rt] = view
        issues.extend(found)
        issues.extend(_link(cat, views, view))
        done += 1
        if progress is not None:
            progress(done, total)
    for rt in present:
        given = {str(c) for c in dataset.frames[rt].columns}
        issues.extend(_record_type_issues(cat, views, views[rt], plan, when, given))
        done += 1
        if progress is not None:
            progress(done, total)
    reported = {(i.record_type, i.row, i.variable) for i in issues}
    issues.extend(derived_mismatch_issues(cat, dataset, views, when, reported))
    issues = _with_files(_in_order(issues, order), dataset)
    rows = {}
    for rt in present:
        bad = {
            i.row
            for i in issues
            if i.record_type == rt and i.severity == "error" and i.row is not None
        }
        n = views[rt].n
        rows[rt] = RowCount(read=n, without_errors=n - len(bad), with_errors=len(bad))
    return Report(
        issues=tuple(issues), rows=rows, spec_version=cat.spec.version, source=dataset.source
    )
