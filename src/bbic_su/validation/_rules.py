"""Which checks apply to a record type, how their findings read, and how they combine.

>>> import bbic_su
>>> from bbic_su.validation._rules import compile_checks
>>> checks = compile_checks(bbic_su.catalog(), "aktualisering")
>>> [(c.code.value, c.variable, c.rule) for c in checks if c.rule == "R07"]
[('deadline-exceeded', 'skyddsbedomning_datum', 'R07')]
>>> checks[0].message_en
'aktualisering_id is missing; the record cannot be linked.'

This module is shared by :func:`bbic_su.validate` (frames) and
:func:`bbic_su.validate_record` (one record): both compile the same
:class:`Check` list and combine the same masks with :func:`run_checks`; only the
evaluator differs (:func:`~bbic_su.expr._evaluate.evaluate_frame` on columns versus
:func:`~bbic_su.expr._evaluate.evaluate_record` on one record, seen as a mask of length 1).

Every check is a *violation predicate* in the catalogue's expression language,
built from a variable rule kind of the spec (``required``, ``required_if``,
``range``, ``after_or_equal``, ``before_or_equal``, ``deadline`` with
``waived_if``), a variable's ``applies_if``, a plan's mandatory list, a key's
role, or a catalogue rule's expression. A catalogue rule whose every link from a
variable is a rule kind is implemented by those kinds; its expression is not
evaluated a second time. The kinds that read several records (``interval``,
``unique_within_parent``, ``none_after_within_parent``) compile to no :class:`Check`:
:mod:`bbic_su.validation._sibling_rules` evaluates them. Nor do the checks against the
extraction date, a run parameter: the rule kind ``not_after``
(:mod:`bbic_su.validation._extraction_date`) and a deadline's ``open_against``
(:mod:`bbic_su.validation._open_cases`, which compiles its premises with the builder here).

Combination: a check is not reported on a row where a variable it reads failed
to parse (its premise is unknown), nor where an ancestor it reads is absent; a
``rule-violated`` finding is not reported on a row where another finding already
concerns a variable the rule reads.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Protocol

import attrs
import numpy as np
import numpy.typing as npt

from bbic_su import expr as _expr
from bbic_su._pnr_detect import redact
from bbic_su.spec._catalog import Catalog
from bbic_su.spec._check import CatalogResolver
from bbic_su.spec.issue_codes import ISSUE_CODES, IssueCode, IssueSeverity
from bbic_su.spec.model import Deadline, Variable, VariableRule
from bbic_su.spec.plan import FollowUpPlan
from bbic_su.validation._findings import Template, message, template
from bbic_su.validation._message_words import legal_citation as legal_citation
from bbic_su.validation.issues import Issue

__all__ = [
    "BoolArray",
    "Check",
    "Evaluator",
    "compile_checks",
    "format_issue",
    "format_template",
    "make_issue",
    "message",
    "run_checks",
]

BoolArray = npt.NDArray[np.bool_]


@attrs.frozen(kw_only=True)
class Check:
    """One check: a violation predicate and everything its findings say."""

    code: IssueCode
    severity: IssueSeverity
    variable: str | None
    rule: str | None
    expr: _expr.Expr
    reads: frozenset[str]
    ancestors: frozenset[str]
    legal: tuple[str, ...]
    template: Template
    """What every finding of the check shares (its messages are rendered from it)."""
    explainable: bool = False
    show_value: bool = True

    @property
    def message_sv(self) -> str:
        """The Swedish message of the check's findings."""
        return self.template.message("sv")

    @property
    def message_en(self) -> str:
        """The English message of the check's findings."""
        return self.template.message("en")


def limit_text(d: Deadline) -> tuple[str, str]:
    """The limit of a deadline or interval in Swedish and English words (``4 månader``)."""
    if d.max_days is not None:
        n = d.max_days
        return f"{n} dag" + ("ar" if n != 1 else ""), f"{n} day" + ("s" if n != 1 else "")
    m = d.max_months
    return f"{m} månad" + ("er" if m != 1 else ""), f"{m} month" + ("s" if m != 1 else "")


class _Builder:
    def __init__(self, cat: Catalog, record_type: str) -> None:
        self.cat = cat
        self.rt = record_type
        self.resolver = CatalogResolver(cat, record_type)
        self.checks: list[Check] = []

    def add(
        self,
        code: IssueCode,
        variable: str | None,
        text: str,
        *,
        severity: IssueSeverity | None = None,
        rule: str | None = None,
        legal: tuple[str, ...] = (),
        explainable: bool = False,
        limit: tuple[str, str] = ("", ""),
        **params: str,
    ) -> None:
        tree = _expr.parse(text)
        reads = frozenset(self.resolver.resolve(r) for r in _expr.refs(tree))
        if variable is not None:
            reads |= {variable}
        rule_text = ("", "")
        if rule is not None:
            r = self.cat.rule(rule)
            rule_text = (f"{r.description_sv}", f"{r.description_en}")
            legal = legal or r.legal
        sev: IssueSeverity = severity or ISSUE_CODES[code].severity
        base = {"variable": variable or "", "rule": rule or "", **params}
        self.checks.append(
            Check(
                code=code,
                severity=sev,
                variable=variable,
                rule=rule,
                expr=tree,
                reads=reads,
                ancestors=frozenset(k.split(".")[0] for k in reads if "." in k),
                legal=legal,
                explainable=explainable,
                show_value=variable is not None and self.resolver.datatype(variable) != "text",
                template=template(
                    code,
                    sev,
                    rule,
                    self.rt,
                    variable,
                    legal,
                    **base,
                    rule_text=rule_text,
                    limit=limit,
                    legal=(
                        legal_citation(self.cat, legal, "sv"),
                        legal_citation(self.cat, legal, "en"),
                    ),
                ),
            )
        )

    def variable_rule(self, v: Variable, r: VariableRule) -> None:
        sev = r.severity or (self.cat.rule(r.rule).severity if r.rule else None)
        kw: dict[str, Any] = {"severity": sev, "rule": r.rule, "legal": r.legal}
        if r.required:
            self.add(IssueCode.REQUIRED_MISSING, v.id, f"is_missing({v.id})", **kw)
        if r.required_if is not None:
            self.add(
                IssueCode.CONDITIONAL_REQUIRED_MISSING,
                v.id,
                f"({r.required_if}) and is_missing({v.id})",
                condition=r.required_if,
                **kw,
            )
        if r.range is not None:
            lo, hi = r.range
            self.add(
                IssueCode.OUT_OF_RANGE,
                v.id,
                f"{v.id} < {lo} or {v.id} > {hi}",
                limit=(f"{lo}–{hi}", f"{lo}–{hi}"),
                **kw,
            )
        for anchor, op in ((r.after_or_equal, "<"), (r.before_or_equal, ">")):
            if anchor is not None:
                self.add(IssueCode.DATE_ORDER, v.id, f"{v.id} {op} {anchor}", anchor=anchor, **kw)
        if r.deadline is not None:
            d = r.deadline
            if d.max_days is not None:
                text = f"days_between({d.anchor}, {v.id}) > {d.max_days}"
            else:
                text = f"{v.id} > add_months({d.anchor}, {d.max_months})"
            if r.waived_if is not None:
                text = f"not ({r.waived_if}) and {text}"
            limits = limit_text(d)
            self.add(IssueCode.DEADLINE_EXCEEDED, v.id, text, anchor=d.anchor, limit=limits, **kw)


def _compile(cat: Catalog, record_type: str, mandatory: tuple[str, ...]) -> tuple[Check, ...]:
    b = _Builder(cat, record_type)
    rt = cat.record_type(record_type)
    for kf in rt.keys:
        if kf.role in ("primary", "parent_ref"):
            b.add(IssueCode.MISSING_KEY, kf.field, f"is_missing({kf.field})", rule=kf.rule)
    variables = cat.variables_of(record_type)
    kind_links: dict[str, int] = {}
    bare_links: dict[str, str] = {}
    for v in variables:
        for r in v.rules:
            b.variable_rule(v, r)
            if r.rule is not None:
                if r.kinds:
                    kind_links[r.rule] = kind_links.get(r.rule, 0) + 1
                else:
                    bare_links.setdefault(r.rule, v.id)
        if v.applies_if is not None:
            b.add(
                IssueCode.NOT_APPLICABLE_VALUE,
                v.id,
                f"not ({v.applies_if}) and not_missing({v.id})",
                condition=v.applies_if,
            )
    required = {v.id for v in variables for r in v.rules if r.required}
    for vid in mandatory:
        if vid in {v.id for v in variables} and vid not in required:
            b.add(IssueCode.REQUIRED_BY_PLAN_MISSING, vid, f"applies({vid}) and is_missing({vid})")
    for rule in cat.rules:
        if rule.expression is None or record_type not in rule.record_types:
            continue
        if rule.id in kind_links and rule.id not in bare_links:
            continue
        b.add(
            IssueCode.RULE_VIOLATED,
            bare_links.get(rule.id),
            f"not ({rule.expression})",
            severity=rule.severity,
            rule=rule.id,
            explainable=True,
        )
    return tuple(b.checks)


_CACHE: dict[tuple[int, str, tuple[str, ...]], tuple[Catalog, tuple[Check, ...]]] = {}


def compile_checks(
    cat: Catalog, record_type: str, plan: FollowUpPlan | None = None
) -> tuple[Check, ...]:
    """The checks of ``record_type`` in evaluation order (cached per catalogue and plan)."""
    mandatory = plan.mandatory if plan is not None else ()
    key = (id(cat), record_type, mandatory)
    hit = _CACHE.get(key)
    if hit is None or hit[0] is not cat:
        hit = (cat, _compile(cat, record_type, mandatory))
        _CACHE[key] = hit
    return hit[1]


class Evaluator(Protocol):
    """What :func:`run_checks` needs from a path: ``n`` rows, masks, ancestor presence."""

    n: int

    def evaluate(self, expr: _expr.Expr) -> BoolArray:
        """Rows where ``expr`` holds."""

    def present(self, ancestor: str) -> BoolArray:
        """Rows whose ancestor record of type ``ancestor`` is known."""


def run_checks(
    checks: tuple[Check, ...], ev: Evaluator, failed: Mapping[str, BoolArray]
) -> list[tuple[Check, BoolArray]]:
    """Evaluate ``checks`` and combine them (see the module docstring).

    Args:
        checks: From :func:`compile_checks`.
        ev: The evaluator of the path.
        failed: Column key to the rows where the column failed to parse.

    Returns:
        ``(check, rows)`` for every check that fired on at least one row.
    """
    fired: dict[str, BoolArray] = {k: m.copy() for k, m in failed.items()}
    out: list[tuple[Check, BoolArray]] = []
    for check in checks:
        mask = ev.evaluate(check.expr)
        if not mask.any():
            continue
        for anc in check.ancestors:
            mask &= ev.present(anc)
        for key in check.reads:
            if key in failed:
                mask &= ~failed[key]
            if check.explainable and key in fired:
                mask &= ~fired[key]
        if not check.explainable and check.variable is not None:
            prev = fired.get(check.variable)
            fired[check.variable] = mask.copy() if prev is None else (prev | mask)
        if mask.any():
            out.append((check, mask))
    return out


def make_issue(
    check: Check, record_type: str, row: int | None, key: str | None, value: str | int | None
) -> Issue:
    """The finding of ``check`` on one row."""
    t = check.template
    if t.record_type != record_type:
        t = attrs.evolve(t, record_type=record_type)
    return t.issue(row, key, value if check.show_value else None)


def format_template(
    cat: Catalog,
    code: IssueCode,
    record_type: str,
    column: str,
    severity: IssueSeverity | None = None,
) -> Template:
    """The template of a finding about one column or cell (a personnummer in a name redacted)."""
    column, record_type = redact(column), redact(record_type)
    var = cat.index.variables.get(column)
    return template(
        code,
        severity or ISSUE_CODES[code].severity,
        None,
        record_type,
        column,
        variable=column,
        column=column,
        record_type=record_type,
        value_set=(var.value_set or "") if var is not None else "",
    )


def format_issue(
    cat: Catalog,
    code: IssueCode,
    record_type: str,
    column: str,
    row: int | None,
    key: str | None,
    value: str | int | None,
    severity: IssueSeverity | None = None,
) -> Issue:
    """A finding about one column or cell (format, key and column findings)."""
    return format_template(cat, code, record_type, column, severity).issue(row, key, value)


Sorter = Callable[[Issue], tuple[Any, ...]]
