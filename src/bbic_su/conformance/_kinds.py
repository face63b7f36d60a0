"""Decide the requirements on value sets, rules and measures (after the variables).

>>> import bbic_su
>>> from bbic_su.importing.profile import example_exports
>>> result = bbic_su.check_conformance(example_exports("exempel_lang"), "exempel_lang")
>>> result.get("BBIC-SU-RULE-R16").checks[0].name
'rule'
>>> result.get("BBIC-SU-M-m_mal_uppnatt").check("measure").evidence["max_missing_columns"]
0

* value set ``BBIC-SU-VS-…``: every exported variable that uses it passes its
  ``values`` check (``values``; ``not_applicable`` when none is exported);
* rule ``BBIC-SU-RULE-…``: no finding of the rule with severity ``error`` in the
  export (``rule``; a system that checks the rule on save lets no such record
  through); warnings and information are counted and do not fail;
* measure ``BBIC-SU-M-…``: every variable the measure reads is exported, so the
  measure can be computed from the export (``measure``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import TYPE_CHECKING

from bbic_su.conformance._model import CheckResult, RequirementResult, decided
from bbic_su.conformance._model import not_applicable as _na
from bbic_su.spec._catalog import requirement_id
from bbic_su.spec._requirement_kinds import measure_variables_of
from bbic_su.spec.requirements import Requirement

if TYPE_CHECKING:
    from bbic_su.conformance._checks import Inputs

__all__ = ["decide_more"]


def _exported(result: RequirementResult) -> bool:
    coverage = result.check("coverage")
    return coverage is not None and bool(coverage.evidence.get("column"))


def _value_set(
    inp: Inputs, req: Requirement, done: Mapping[str, RequirementResult]
) -> RequirementResult:
    users = [
        done[rid]
        for v in inp.catalog.variables
        if v.value_set == req.value_set and (rid := requirement_id(v)) in done
    ]
    exported = [r for r in users if _exported(r)]
    if not exported:
        return _na(req, "no-exported-variable")
    failed = [
        r.id for r in exported if (c := r.check("values")) is not None and c.outcome == "fail"
    ]
    check = CheckResult(
        name="values",
        outcome="fail" if failed else "pass",
        evidence={"variables": len(exported), "failed_ids": failed, "threshold": 1.0},
    )
    return decided(req, [check], {})


def _rule(inp: Inputs, req: Requirement) -> RequirementResult:
    found = Counter(i.severity for i in inp.report.issues if i.rule == req.rule)
    errors = found.get("error", 0)
    evidence = {
        "errors": errors,
        "warnings": found.get("warning", 0),
        "info": found.get("info", 0),
        "max_errors": 0,
    }
    check = CheckResult(name="rule", outcome="fail" if errors else "pass", evidence=evidence)
    return decided(req, [check], {})


def _measure(inp: Inputs, req: Requirement) -> RequirementResult:
    m = inp.catalog.measure(req.measure or "")
    reads = measure_variables_of(inp.catalog, m)
    ds = inp.dataset
    absent = [
        v
        for v in reads
        if (rt := inp.catalog.variable(v).record_type) not in ds or v not in ds.frames[rt].columns
    ]
    if m.template:
        absent = []
    evidence = {
        "variables": len(reads),
        "missing_columns": absent,
        "max_missing_columns": 0,
    }
    check = CheckResult(name="measure", outcome="fail" if absent else "pass", evidence=evidence)
    return decided(req, [check], {})


def decide_more(
    inp: Inputs, req: Requirement, done: Mapping[str, RequirementResult]
) -> RequirementResult:
    """The result of a value-set, rule or measure requirement."""
    if req.kind == "value_set":
        return _value_set(inp, req, done)
    if req.kind == "rule":
        return _rule(inp, req)
    return _measure(inp, req)
