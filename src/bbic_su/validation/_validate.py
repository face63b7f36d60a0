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
:mod:`bbic_su.validation._rules`, so for every rule that reads one record and its ancestors
they report the same :class:`~bbic_su.validation.issues.Issue` objects (the record path gives
``row=None``). Checks over the whole dataset (unique keys, parents that exist,
data-quality shares, duplicate and missing columns, and the rule kinds over the
records of one parent in :mod:`bbic_su.validation._sibling_rules`) are the bulk path's alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterator
from functools import partial
from typing import cast

import numpy as np
import numpy.typing as npt
import pandas as pd

from bbic_su._boundary import boundary, keywords
from bbic_su.expr._api import parse, refs
from bbic_su.expr._ast import Call, Expr, Ref
from bbic_su.expr._evaluate_common import MISSING_CODE
from bbic_su.expr._evaluate_frame import evaluate_rows
from bbic_su.frames._extraction import ExtractionDate, as_extraction_date
from bbic_su.frames._link import key_findings
from bbic_su.frames._threads import start_all
from bbic_su.frames._typed_views import remember
from bbic_su.frames._views import View, ancestor_column
from bbic_su.frames.dataset import Dataset
from bbic_su.spec._catalog import Catalog
from bbic_su.spec._check import CatalogResolver
from bbic_su.spec.issue_codes import ISSUE_CODES, IssueCode
from bbic_su.spec.plan import FollowUpPlan
from bbic_su.validation._derived_check import derived_mismatches
from bbic_su.validation._extraction_date import (
    birth_issues,
    frame_extraction_issues,
)
from bbic_su.validation._findings import Chunk, single, template
from bbic_su.validation._findings_layout import assemble
from bbic_su.validation._frame import build_view, missing_share
from bbic_su.validation._record import validate_record
from bbic_su.validation._rules import BoolArray, Check, compile_checks, format_template, run_checks
from bbic_su.validation._shown import encode_shown
from bbic_su.validation._sibling_rules import sibling_issues
from bbic_su.validation.report import RowCount, ValidationReport

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


def _link(cat: Catalog, views: dict[str, View], view: View) -> list[Chunk]:
    """Ancestor positions of ``view`` plus key findings (duplicates, missing parents)."""
    chunks: list[Chunk] = []
    for code, column, rule, parent, mask in key_findings(cat, views, view):
        if mask.any():
            severity = ISSUE_CODES[code].severity
            t = template(
                code, severity, rule, view.record_type, column, variable=column, parent=parent
            )
            chunks.append(Chunk(t, np.flatnonzero(mask)))
    return chunks


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
) -> list[Chunk]:
    chunks: list[Chunk] = []
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
            found = template(
                IssueCode.HIGH_MISSING_SHARE,
                rule.severity,
                rule.id,
                view.record_type,
                v.id,
                variable=v.id,
                share=str(share),
                count=str(missing),
                total=str(total),
            )
            chunks.append(single(found, share))
    return chunks


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
) -> list[Chunk]:
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
        partial(birth_issues, cat, views, view),
        partial(sibling_issues, cat, views, view, cache, when),
        partial(_quality, cat, view, columns, resolver, given, cache),
    ]
    with start_all(steps, rows=view.n) as running:
        # the checks' findings are built here while the threads finish the other steps
        masks = {
            id(c.expr): cast("BoolArray", f.result()) for c, f in zip(checks, running, strict=False)
        }
        chunks = _check_chunks(view, run_checks(checks, _Given(ev, masks), view.failed))
        for future in running[len(checks) :]:
            chunks += cast("list[Chunk]", future.result())
    return chunks


def _check_chunks(view: View, results: list[tuple[Check, BoolArray]]) -> list[Chunk]:
    chunks: list[Chunk] = []
    for check, mask in results:
        positions = np.flatnonzero(mask)
        if check.show_value and check.variable in view.columns:
            assert check.variable is not None
            values, dictionary = encode_shown(view, check.variable, positions)
            chunks.append(Chunk(check.template, positions, values, dictionary))
        else:
            chunks.append(Chunk(check.template, positions))
    return chunks


def _with_errors(view: View, positions: npt.NDArray[np.int64]) -> int:
    """Number of distinct source rows among ``positions`` of ``view``."""
    if not len(positions):
        return 0
    if view.n < 2 or bool((np.diff(view.rows) > 0).all()):  # one row number per position
        flags = np.zeros(view.n, dtype=bool)
        flags[positions] = True
        return int(np.count_nonzero(flags))
    return len(np.unique(view.rows[positions]))


class _Reported(Collection[tuple[str, int | None, str | None]]):
    """``(record type, row, variable)`` of the findings in ``chunks``, looked up lazily."""

    def __init__(self, chunks: list[Chunk], views: dict[str, View]) -> None:
        self.chunks, self.views = chunks, views
        self.rows: dict[tuple[str, str | None], set[int]] = {}

    def __len__(self) -> int:
        return sum(len(c.positions) for c in self.chunks)

    def __iter__(self) -> Iterator[tuple[str, int | None, str | None]]:
        for c in self.chunks:
            view = self.views.get(c.template.record_type)
            for p in np.asarray(c.positions).tolist():
                row = None if view is None or p < 0 else int(view.rows[p])
                yield c.template.record_type, row, c.template.variable

    def __contains__(self, item: object) -> bool:
        rt, row, variable = cast("tuple[str, int | None, str | None]", item)
        if (rt, variable) not in self.rows:
            found: set[int] = set()
            view = self.views.get(rt)
            for c in self.chunks:
                t = c.template
                if view is not None and t.record_type == rt and t.variable == variable:
                    p = np.asarray(c.positions)
                    found.update(view.rows[p[p >= 0]].tolist())
            self.rows[(rt, variable)] = found
        return row in self.rows[(rt, variable)]


def _derived(
    cat: Catalog,
    dataset: Dataset,
    views: dict[str, View],
    when: dt.date | None,
    chunks: list[Chunk],
) -> list[Chunk]:
    """The ``derived-mismatch`` findings (:mod:`bbic_su.validation._derived_check`) as chunks."""
    out: list[Chunk] = []
    reported = _Reported(chunks, views)
    for rt, variable, positions, values in derived_mismatches(cat, dataset, views, when, reported):
        t = format_template(cat, IssueCode.DERIVED_MISMATCH, rt, variable)
        out.append(Chunk(t, positions, np.arange(len(values), dtype=np.int32), values))
    return out


def _files(dataset: Dataset) -> dict[str, str | dict[int, str]]:
    """Per record type the export file of its rows, where the dataset knows it (provenance).

    One name when every row comes from one file (the usual case), else the names by row
    number (stacked files: a row number may occur in several, joined with ``, ``).
    """
    out: dict[str, str | dict[int, str]] = {}
    for rt, files in dataset.source_files.items():
        known = files.dropna().astype(str)
        distinct = known.unique()
        if len(distinct) == 1:
            out[rt] = str(distinct[0])
        elif len(distinct) > 1:
            joined = known.groupby(level=0).agg(lambda x: ", ".join(sorted(set(x))))
            out[rt] = dict(
                zip(joined.index.astype("int64").tolist(), joined.astype(str).tolist(), strict=True)
            )
    return out


@keywords("plan")
@boundary
def validate(
    dataset: Dataset,
    *,
    plan: FollowUpPlan | None = None,
    catalog: Catalog | None = None,
    progress: Progress | None = None,
    extraction_date: ExtractionDate = None,
) -> ValidationReport:
    """Validate every record type of ``dataset`` and return the :class:`~bbic_su.ValidationReport`.

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
    chunks: list[Chunk] = [
        single(format_template(cat, IssueCode.UNKNOWN_RECORD_TYPE, name, name))
        for name in dataset.frames
        if name not in order
    ]
    views: dict[str, View] = {}
    for rt in present:
        frame = dataset.frames[rt]
        view, found = build_view(cat, rt, frame)
        views[rt] = view
        chunks.extend(found)
        chunks.extend(_link(cat, views, view))
        done += 1
        if progress is not None:
            progress(done, total)
    for rt in present:
        given = {str(c) for c in dataset.frames[rt].columns}
        chunks.extend(_record_type_issues(cat, views, views[rt], plan, when, given))
        done += 1
        if progress is not None:
            progress(done, total)
    remember(dataset, cat, views)  # before the derivations, which read them
    chunks.extend(_derived(cat, dataset, views, when, chunks))
    table = assemble(
        chunks,
        {rt: v.rows for rt, v in views.items()},
        {rt: v.key_source() for rt, v in views.items()},
        order,
        consume=True,
        files=_files(dataset),
    )
    rt_of, types = table.per_template("record_type")
    errors = np.array([t.severity == "error" for t in table.templates] + [False])[table.tid]
    rows = {}
    for rt in present:
        at = types.index(rt) if rt in types else -2
        picked = table.pos[errors & (rt_of == at) & (table.pos >= 0)]
        n = views[rt].n
        bad = _with_errors(views[rt], picked)
        rows[rt] = RowCount(read=n, without_errors=n - bad, with_errors=bad)
    return ValidationReport._of(table, rows, cat.spec.version, dataset.source)
