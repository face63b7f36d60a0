"""Decide each requirement of the kravbilaga from an import and its validation report.

>>> import bbic_su
>>> from bbic_su.conformance._checks import timeline_rules
>>> rules = timeline_rules(bbic_su.catalog())
>>> "R06" in rules, "R05" in rules  # R06 compares two dates; R05 is an age range
(True, False)

What decides what (the module :mod:`bbic_su.conformance` documents it for users):

* record type ``BBIC-SU-RT-…``: the export holds the record type (``present``),
  every key column is there and no ``duplicate-key``, ``missing-key``,
  ``invalid-key``, ``missing-parent`` or ``parent-child-mismatch`` finding
  points at it (``keys``), and no source row was rejected by the import and no
  column is duplicated (``import``);
* variable ``BBIC-SU-VAR-…``: the column is exported (mapped by the profile) and
  no ``required-missing`` or ``conditional-required-missing`` finding
  (``coverage``); a value on at least :data:`MIN_FILL_RATE` of the rows where
  the variable applies (``fill``; derived variables are computed on import and
  not checked); no ``invalid-code``, ``free-text-in-code-field``,
  ``invalid-date``, ``invalid-integer`` or ``out-of-range``, so that the share of
  values within the value set is 1 (``values``); no
  error-severity ``date-order``, ``after-extraction-date`` or ``rule-violated``
  of a timeline rule (``timeline``; deadline and interval warnings, open cases
  included, are counted but do not fail); with a plan that marks it mandatory, no
  ``required-by-plan-missing`` on an empty value (``plan``; the answer
  ``uppgift_saknas`` is allowed, as KRAV-005 says);
* every other finding is counted under ``other_findings`` and decides nothing.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from bbic_su.conformance._kinds import decide_more
from bbic_su.conformance._model import (
    MIN_FILL_RATE,
    CheckResult,
    Outcome,
    RequirementResult,
    decided,
)
from bbic_su.conformance._model import not_applicable as _na
from bbic_su.expr._api import parse, refs
from bbic_su.expr._evaluate_common import MISSING_CODE
from bbic_su.frames.dataset import Dataset
from bbic_su.importing._profile_model import MappingProfile
from bbic_su.importing.report import ImportReport
from bbic_su.measures._compute import compute
from bbic_su.spec._catalog import Catalog
from bbic_su.spec.plan import FollowUpPlan
from bbic_su.spec.requirements import Requirement
from bbic_su.validation.issues import Issue
from bbic_su.validation.report import ValidationReport

__all__ = ["MAX_ROWS", "Inputs", "evaluate", "fill_counts", "timeline_rules"]

MAX_ROWS = 10
"""At most this many row numbers are listed per issue code as evidence."""

KEY_CODES = frozenset(
    {"duplicate-key", "missing-key", "invalid-key", "missing-parent", "parent-child-mismatch"}
)
COVERAGE_CODES = frozenset({"required-missing", "conditional-required-missing"})
VALUE_CODES = frozenset(
    {"invalid-code", "free-text-in-code-field", "invalid-date", "invalid-integer", "out-of-range"}
)
TIMELINE_CODES = frozenset({"date-order", "after-extraction-date"})
TIMELINE_WARNING_CODES = frozenset(
    {"deadline-exceeded", "interval-exceeded", "deadline-passed-open", "interval-passed-open"}
)
PLAN_CODES = frozenset({"required-by-plan-missing"})
IMPORT_CODES = frozenset({"duplicate-column"})


def timeline_rules(cat: Catalog) -> frozenset[str]:
    """Ids of the catalogue rules whose expression reads two or more date variables."""
    dates = {v.id for v in cat.variables if v.datatype == "date"}
    found = set()
    for rule in cat.rules:
        if rule.not_after is not None or rule.not_before is not None:
            found.add(rule.id)
        elif rule.expression:
            names = {r.name for r in refs(parse(rule.expression))}
            if len(names & dates) >= 2:
                found.add(rule.id)
    return frozenset(found)


@attrs.frozen(kw_only=True)
class Inputs:
    """Everything the requirements are decided from."""

    catalog: Catalog
    requirements: tuple[Requirement, ...]
    dataset: Dataset
    imported: ImportReport
    report: ValidationReport
    profile: MappingProfile
    plan: FollowUpPlan | None = None
    fill: Mapping[str, tuple[int, int]] = attrs.field(factory=dict)
    min_fill_rate: float = MIN_FILL_RATE


def fill_counts(dataset: Dataset, cat: Catalog) -> dict[str, tuple[int, int]]:
    """Per exported variable: (rows with a value, rows where it applies), all periods.

    The completeness measure ``m_datakvalitet_fullstandighet`` counts them, so a
    variable's condition (``applies_if``, read across the case chain) is the one
    validation and the measures use.
    """
    template = next((m.id for m in cat.measures if m.template), None)
    if template is None:
        return {}
    table = compute(dataset, [template], min_count=None, catalog=cat).to_frame()
    sums = table.groupby("measure")[["numerator", "denominator"]].sum()
    out = {}
    for mid, row in sums.iterrows():
        var = str(mid).partition("[")[2].rstrip("]")
        out[var] = (int(row["numerator"]), int(row["denominator"]))
    return out


def _fill(inp: Inputs, var: str) -> CheckResult | None:
    if var not in inp.fill or inp.catalog.variable(var).derived:
        return None
    filled, applicable = inp.fill[var]
    rate = filled / applicable if applicable else None
    fail = rate is not None and rate < inp.min_fill_rate
    evidence = {
        "applicable_rows": applicable,
        "filled_rows": filled,
        "fill_rate": None if rate is None else round(rate, 4),
        "threshold": inp.min_fill_rate,
    }
    return CheckResult(name="fill", outcome="fail" if fail else "pass", evidence=evidence)


def _columns(ds: Dataset, rt: str) -> set[str]:
    """The columns the export provides for ``rt`` (none when the record type is absent)."""
    return {str(c) for c in ds.frames[rt].columns} if rt in ds else set()


def _rows(issues: Sequence[Issue]) -> list[int]:
    return sorted({i.row for i in issues if i.row is not None})[:MAX_ROWS]


def _evidence(issues: Sequence[Issue]) -> dict[str, Any]:
    """Per issue code: count and the first row numbers."""
    by: dict[str, list[Issue]] = defaultdict(list)
    for i in issues:
        by[i.code.value].append(i)
    return {code: {"count": len(found), "rows": _rows(found)} for code, found in sorted(by.items())}


def _check(name: str, failing: Sequence[Issue], **extra: Any) -> CheckResult:
    forced = bool(extra.pop("_fail", False))
    fail = bool(failing) or forced
    outcome: Outcome = "fail" if fail else "pass"
    return CheckResult(name=name, outcome=outcome, evidence={**extra, **_evidence(failing)})


class _Findings:
    """Validation findings grouped by record type and variable, consumed by the checks."""

    def __init__(self, issues: Iterable[Issue], timeline: frozenset[str]) -> None:
        self.timeline = timeline
        self.by: dict[tuple[str, str | None], list[Issue]] = defaultdict(list)
        for i in issues:
            self.by[(i.record_type, i.variable)].append(i)

    def take(self, rt: str, variables: Iterable[str | None]) -> list[Issue]:
        out: list[Issue] = []
        for var in variables:
            out.extend(self.by.pop((rt, var), []))
        return out

    def rest_of(self, rt: str) -> list[Issue]:
        keys = sorted((k for k in self.by if k[0] == rt), key=lambda k: k[1] or "")
        return [i for k in keys for i in self.by.pop(k)]

    def is_timeline(self, i: Issue) -> bool:
        if i.code.value in TIMELINE_CODES:
            return True
        return i.code.value == "rule-violated" and i.rule in self.timeline


def _split(issues: Sequence[Issue], codes: frozenset[str]) -> tuple[list[Issue], list[Issue]]:
    hit = [i for i in issues if i.code.value in codes]
    return hit, [i for i in issues if i.code.value not in codes]


def _timeline(findings: _Findings, issues: list[Issue]) -> tuple[CheckResult | None, list[Issue]]:
    timeline = [i for i in issues if findings.is_timeline(i)]
    warnings = [i for i in issues if i.code.value in TIMELINE_WARNING_CODES]
    rest = [i for i in issues if i not in timeline and i not in warnings]
    errors = [i for i in timeline if i.severity == "error"]
    soft = [i for i in timeline if i.severity != "error"] + warnings
    warned = dict(Counter(i.code.value for i in soft))
    if not timeline and not warnings:
        return None, rest
    return _check("timeline", errors, warnings=dict(sorted(warned.items()))), rest


def _other(issues: Iterable[Issue]) -> dict[str, int]:
    return dict(Counter(i.code.value for i in issues))


def _record_type(inp: Inputs, req: Requirement, findings: _Findings) -> RequirementResult:
    rt = inp.catalog.record_type(req.record_type or "")
    ds = inp.dataset
    present = rt.id in ds
    files = [f for f in inp.imported.files if f.record_type == rt.id]
    checks = [
        CheckResult(
            name="present",
            outcome="pass" if present else "fail",
            evidence={"rows": ds.n_rows(rt.id) if present else 0, "files": len(files)},
        )
    ]
    if present:
        columns = _columns(ds, rt.id)
        absent = [k for k in rt.key_fields if k not in columns]
        issues = findings.take(rt.id, [*rt.key_fields, None])
        keys, issues = _split(issues, KEY_CODES)
        checks.append(
            _check("keys", keys, missing_key_columns=absent, max_findings=0, _fail=bool(absent))
        )
        dup, issues = _split(issues, IMPORT_CODES)
        rejected = [r for f in files for r in f.rejected_rows]
        reasons = Counter(r.reason for r in rejected)
        checks.append(
            _check(
                "import",
                dup,
                rows_rejected=len(rejected),
                rejected=dict(sorted(reasons.items())),
                rejected_rows=sorted({r.row for r in rejected})[:MAX_ROWS],
                unmapped_columns=sum(len(f.unmapped_columns) for f in files),
                _fail=bool(rejected),
            )
        )
        timeline, issues = _timeline(findings, issues)
        if timeline is not None:
            checks.append(timeline)
    else:
        issues = []
    return decided(req, checks, _other([*issues, *findings.rest_of(rt.id)]))


def _variable(inp: Inputs, req: Requirement, findings: _Findings) -> RequirementResult:
    rt, var = req.record_type or "", req.variable or ""
    ds = inp.dataset
    present = var in _columns(ds, rt)
    issues = findings.take(rt, [var])
    required, issues = _split(issues, COVERAGE_CODES)
    filled = int(ds[rt][var].notna().sum()) if present else 0
    rows = ds.n_rows(rt) if rt in ds else 0
    checks = [
        _check("coverage", required, column=present, rows=rows, filled=filled, _fail=not present)
    ]
    fill = _fill(inp, var) if present else None
    if fill is not None:
        checks.append(fill)
    values, issues = _split(issues, VALUE_CODES)
    share = 1 - len(values) / filled if filled else None
    checks.append(
        _check(
            "values",
            values,
            share_valid=None if share is None else round(max(share, 0.0), 4),
            threshold=1.0,
        )
    )
    timeline, issues = _timeline(findings, issues)
    if timeline is None and inp.catalog.variable(var).datatype == "date":
        timeline = _check("timeline", [], warnings={})
    if timeline is not None:
        checks.append(timeline)
    plan_missing, issues = _split(issues, PLAN_CODES)
    if req.mandatory:  # KRAV-005: filled in, or answered «Uppgift saknas»
        empty = [i for i in plan_missing if i.value != MISSING_CODE]
        answered = len(plan_missing) - len(empty)
        checks.append(
            _check("plan", empty, column=present, uppgift_saknas=answered, _fail=not present)
        )
    else:
        issues += plan_missing
    return decided(req, checks, _other(issues))


def _general(
    inp: Inputs, req: Requirement, done: Mapping[str, RequirementResult]
) -> RequirementResult:
    if req.verification == "demonstration":
        return _na(req, "not-checkable-from-export")
    if req.id == "BBIC-SU-KRAV-005":
        return _mandatory(inp, req, done)
    if req.id == "BBIC-SU-KRAV-006":
        if inp.profile.name != "canonical":
            return _na(req, "not-canonical-export")
        entries = [r for r in done.values() if r.requirement.kind != "general"]
        unmapped = sum(len(f.unmapped_columns) for f in inp.imported.files)
        return _depends(req, entries, unmapped_columns=unmapped, _fail=unmapped > 0)
    if req.id == "BBIC-SU-KRAV-007":
        return _privacy(inp, req)
    if req.id == "BBIC-SU-KRAV-008":
        return _depends(req, [r for r in done.values() if r.id != req.id])
    if req.id == "BBIC-SU-KRAV-009":
        local = [
            r
            for r in done.values()
            if r.requirement.variable and inp.catalog.variable(r.requirement.variable).local
        ]
        return _depends(req, local) if local else _na(req, "no-local-variables")
    return _na(req, "not-checkable-from-export")  # a general requirement added later


def _depends(req: Requirement, on: Sequence[RequirementResult], **extra: Any) -> RequirementResult:
    failed = [r.id for r in on if r.outcome == "fail"]
    forced = bool(extra.pop("_fail", False))
    fail = bool(failed) or forced
    evidence: dict[str, Any] = {"checked": sum(1 for r in on if r.outcome != "not_applicable")}
    evidence |= {"failed": len(failed), "failed_ids": failed[:MAX_ROWS], **extra}
    check = CheckResult(name="requirements", outcome="fail" if fail else "pass", evidence=evidence)
    return decided(req, [check], {})


def _mandatory(
    inp: Inputs, req: Requirement, done: Mapping[str, RequirementResult]
) -> RequirementResult:
    if inp.plan is None:
        return _na(req, "needs-plan")
    marked = [r for r in done.values() if r.requirement.mandatory]
    if not marked:
        return _na(req, "plan-has-no-mandatory")
    failed = [r.id for r in marked if (c := r.check("plan")) is not None and c.outcome == "fail"]
    check = CheckResult(
        name="plan",
        outcome="fail" if failed else "pass",
        evidence={"mandatory": len(marked), "failed": len(failed), "failed_ids": failed},
    )
    return decided(req, [check], {})


def _privacy(inp: Inputs, req: Requirement) -> RequirementResult:
    identity = sum(c.kind == "identity" for f in inp.profile.files for c in f.columns)
    rejected = sum(
        r.reason == "invalid-personnummer" for f in inp.imported.files for r in f.rejected_rows
    )
    shaped = sum(c == "<redacted>" for f in inp.imported.files for c in f.unmapped_columns)
    unsafe = [
        i for i in inp.report.issues if i.code.value in {"invalid-key", "free-text-in-code-field"}
    ]
    evidence = {
        "identity_columns": identity,
        "rows_with_personnummer": rejected,
        "personnummer_shaped_headers": shaped,
        "unmapped_columns_not_inspected": sum(len(f.unmapped_columns) for f in inp.imported.files),
    }
    check = _check("export", unsafe, **evidence, _fail=identity + rejected + shaped > 0)
    return decided(req, [check], {})


def evaluate(inp: Inputs) -> tuple[RequirementResult, ...]:
    """Decide every requirement of ``inp.requirements``, in their order."""
    findings = _Findings(inp.report.issues, timeline_rules(inp.catalog))
    done: dict[str, RequirementResult] = {}
    for req in inp.requirements:
        if req.kind == "variable":
            done[req.id] = _variable(inp, req, findings)
    for req in inp.requirements:
        if req.kind == "record_type":
            done[req.id] = _record_type(inp, req, findings)
    for req in inp.requirements:
        if req.kind in ("value_set", "rule", "measure"):
            done[req.id] = decide_more(inp, req, done)
    general = [r for r in inp.requirements if r.kind == "general"]
    for req in (r for r in general if r.id != "BBIC-SU-KRAV-008"):
        done[req.id] = _general(inp, req, done)
    for req in (r for r in general if r.id == "BBIC-SU-KRAV-008"):
        done[req.id] = _general(inp, req, done)
    return tuple(done[r.id] for r in inp.requirements)
