"""Reference and evidence checks over an assembled catalogue.

>>> import bbic_su
>>> from bbic_su.spec._check_refs import check_references
>>> check_references(bbic_su.catalog(), lambda *a: AssertionError(a)) is None
True

``fail(kind, id, sub_path, message)`` builds the :class:`SpecDataError` with the
file and key path where the entry was defined; this module only decides what is
wrong.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any, Protocol

from bbic_su.errors import ExpressionError, SpecDataError
from bbic_su.expr._api import parse
from bbic_su.spec._catalog_type import Catalog
from bbic_su.spec._check_rules import check_variable_rule
from bbic_su.spec._derive_lang import check_derivation
from bbic_su.spec._resolver import parse_checked
from bbic_su.spec.model import Measure, Variable

__all__ = [
    "CODE_ID",
    "LEGAL_ID",
    "LOCAL_PREFIX",
    "RULE_ID",
    "SNAKE_ID",
    "SPECIAL_BREAKDOWNS",
    "check_references",
    "derivation_problems",
]

SNAKE_ID = re.compile(r"^[a-z][a-z0-9_]*$")
CODE_ID = re.compile(r"^[a-z0-9][a-z0-9_]*$")
RULE_ID = re.compile(r"^R\d{2}$")
LEGAL_ID = re.compile(r"^L_[A-Z0-9_]+$")
LOCAL_PREFIX = "x_"
SPECIAL_BREAKDOWNS = frozenset({"kommunkod", "period"})

Fail = Callable[[str, str, str, str], Exception]


class _Evidenced(Protocol):
    """What the evidence check reads of an entry (all are frozen attrs classes)."""

    @property
    def id(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def sources(self) -> tuple[str, ...]: ...
    @property
    def reason(self) -> str | None: ...


class _Identified(Protocol):
    @property
    def id(self) -> str: ...


def _check_ids(cat: Catalog, fail: Fail) -> None:
    sections: list[tuple[str, tuple[_Identified, ...], re.Pattern[str]]] = [
        ("phase", cat.phases, SNAKE_ID),
        ("area", cat.areas, SNAKE_ID),
        ("kind", cat.kinds, SNAKE_ID),
        ("document", cat.documents, SNAKE_ID),
        ("record type", cat.record_types, SNAKE_ID),
        ("value set", cat.value_sets, SNAKE_ID),
        ("variable", cat.variables, SNAKE_ID),
        ("measure", cat.measures, SNAKE_ID),
        ("rule", cat.rules, RULE_ID),
        ("legal source", cat.legal_sources, LEGAL_ID),
        ("source", cat.sources, SNAKE_ID),
    ]
    for kind, items, rx in sections:
        for item in items:
            key = item.id
            if not rx.match(key):
                raise fail(kind, key, "id", f"id {key!r} must match {rx.pattern}")
            local = getattr(item, "local", False)
            if key.startswith(LOCAL_PREFIX) and not local:
                raise fail(
                    kind, key, "id", "ids starting with 'x_' are reserved for local extensions"
                )
    for vs in cat.value_sets:
        seen: set[str] = set()
        for i, c in enumerate(vs.codes):
            if not CODE_ID.match(c.code):
                raise fail(
                    "value set", vs.id, f"codes[{i}].code", f"code {c.code!r} is not an ASCII slug"
                )
            if c.code in seen:
                raise fail("value set", vs.id, f"codes[{i}].code", f"duplicate code {c.code!r}")
            seen.add(c.code)
            if not c.label_sv.strip() or not c.label_en.strip():
                raise fail("value set", vs.id, f"codes[{i}]", "empty label")
        for g, members in vs.groups.items():
            for m in members:
                if m not in seen:
                    raise fail("value set", vs.id, f"groups.{g}", f"unknown code {m!r}")


def _check_evidence(cat: Catalog, fail: Fail) -> None:
    known = {s.id: s for s in cat.sources}
    legal = {x.id for x in cat.legal_sources}
    entries: list[tuple[str, _Evidenced]] = [
        *(("legal source", x) for x in cat.legal_sources),
        *(("phase", x) for x in cat.phases),
        *(("area", x) for x in cat.areas),
        *(("kind", x) for x in cat.kinds),
        *(("document", x) for x in cat.documents),
        *(("record type", x) for x in cat.record_types),
        *(("value set", x) for x in cat.value_sets),
        *(("variable", x) for x in cat.variables),
        *(("measure", x) for x in cat.measures),
        *(("rule", x) for x in cat.rules),
    ]
    for kind, e in entries:
        key = e.id
        for s in e.sources:
            if s not in known:
                raise fail(kind, key, "sources", f"unknown source {s!r}")
        for ref in getattr(e, "legal", ()):
            if ref not in legal:
                raise fail(kind, key, "legal", f"unknown legal source {ref!r}")
        status = e.status
        srcs = [known[s] for s in e.sources]
        if status == "named" and not any(s.kind == "publication" for s in srcs):
            raise fail(kind, key, "status", "status named needs a publication among sources")
        if status in ("confirmed", "adjacent") and not any(s.url for s in srcs):
            raise fail(kind, key, "status", f"status {status} needs a source with a URL")
        if status == "provisional" and not (e.reason or "").strip():
            raise fail(kind, key, "reason", "status provisional needs a reason")
    for vs in cat.value_sets:
        for i, c in enumerate(vs.codes):
            for s in c.sources:
                if s not in known:
                    raise fail("value set", vs.id, f"codes[{i}].sources", f"unknown source {s!r}")
            for ref in c.legal:
                if ref not in legal:
                    raise fail(
                        "value set", vs.id, f"codes[{i}].legal", f"unknown legal source {ref!r}"
                    )


def _check_structure(cat: Catalog, fail: Fail) -> None:
    phases = {p.id for p in cat.phases}
    rts = {r.id: r for r in cat.record_types}
    for d in cat.documents:
        if d.phase is not None and d.phase not in phases:
            raise fail("document", d.id, "phase", f"unknown phase {d.phase!r}")
    for rt in cat.record_types:
        if rt.parent is not None and rt.parent not in rts:
            raise fail("record type", rt.id, "parent", f"unknown record type {rt.parent!r}")
        if [k.role for k in rt.keys].count("primary") != 1:
            raise fail("record type", rt.id, "keys", "needs exactly one primary key field")
        if rt.parent is not None and rt.parent_key is None and rt.parent != "barn":
            raise fail("record type", rt.id, "keys", f"must carry the parent key {rt.parent}_id")
        if rt.id != "barn" and "barn_id" not in rt.key_fields:
            raise fail("record type", rt.id, "keys", "must carry barn_id")
        for field, date in (
            ("period_date", rt.period_date),
            ("alternative_period_date", rt.alternative_period_date),
        ):
            if date is None:
                continue
            var = cat.index.variables.get(date)
            if var is None or var.record_type != rt.id or var.datatype != "date":
                raise fail(
                    "record type", rt.id, field, f"{date!r} is not a date variable of {rt.id}"
                )
    for rt in cat.record_types:  # cycles
        seen: set[str] = set()
        cur: str | None = rt.id
        while cur is not None:
            if cur in seen:
                raise fail("record type", rt.id, "parent", "parent chain forms a cycle")
            seen.add(cur)
            cur = rts[cur].parent


def _check_variables(cat: Catalog, fail: Fail) -> None:
    refs: dict[str, tuple[Any, ...]] = {
        "phase": cat.phases,
        "area": cat.areas,
        "kind": cat.kinds,
        "record_type": cat.record_types,
    }
    keys = {f for rt in cat.record_types for f in rt.key_fields}
    for v in cat.variables:
        for attr, items in refs.items():
            if getattr(v, attr) not in {x.id for x in items}:
                raise fail(
                    "variable", v.id, attr, f"unknown {attr.replace('_', ' ')} {getattr(v, attr)!r}"
                )
        for d in v.document:
            if d not in cat.index.documents:
                raise fail("variable", v.id, "document", f"unknown document {d!r}")
        if v.id in keys:
            raise fail("variable", v.id, "id", "variable id collides with a key field")
        if v.datatype in ("code", "codes"):
            if v.value_set is None or v.value_set not in cat.index.value_sets:
                raise fail("variable", v.id, "value_set", f"unknown value set {v.value_set!r}")
            multi = cat.value_set(v.value_set).multi_select
            if multi != (v.datatype == "codes"):
                raise fail(
                    "variable",
                    v.id,
                    "datatype",
                    f"datatype {v.datatype} does not match value set {v.value_set} "
                    f"(multi_select: {str(multi).lower()})",
                )
        elif v.value_set is not None:
            raise fail("variable", v.id, "value_set", f"datatype {v.datatype} takes no value set")
        if v.derived and not (v.derivation or "").strip():
            raise fail("variable", v.id, "derivation", "a derived variable states its derivation")
        if v.derivation is not None:
            problems = derivation_problems(cat, v)
            if problems:
                raise fail("variable", v.id, "derivation", problems[0])
        if v.applies_if is not None:
            problems = parse_checked(v.applies_if, cat, v.record_type)
            if problems:
                raise fail("variable", v.id, "applies_if", problems[0])
        for i, r in enumerate(v.rules):
            check_variable_rule(cat, v, i, r, fail)


def _check_deadline(cat: Catalog, m: Measure, fail: Fail) -> None:
    d = m.deadline
    assert d is not None
    if (d.days is None) == (d.months is None):
        raise fail("measure", m.id, "deadline", "a deadline has either days or months")
    if m.unit != "records":
        raise fail("measure", m.id, "deadline", "a deadline measure counts records")
    for name in ("start", "event"):
        problems = parse_checked(f"is_missing({getattr(d, name)})", cat, m.record_type)
        var = cat.index.variables.get(getattr(d, name).rpartition(".")[2])
        if problems or var is None or var.datatype != "date":
            raise fail("measure", m.id, f"deadline.{name}", "must be a date variable of the record")


def _check_measure(cat: Catalog, m: Measure, fail: Fail) -> None:
    if not m.id.startswith("m_"):
        raise fail("measure", m.id, "id", "measure ids start with 'm_'")
    if m.unit == "distinct_children" and m.child_aggregation is None:
        raise fail("measure", m.id, "child_aggregation", "distinct_children needs any or latest")
    if m.template:
        if m.parameters != ("variable",):
            raise fail("measure", m.id, "parameters", "a template measure takes [variable]")
        for v in cat.variables:
            for name in ("numerator", "denominator"):
                problems = parse_checked(
                    getattr(m, name).replace("{variable}", v.id), cat, v.record_type
                )
                if problems:
                    raise fail("measure", m.id, name, f"for variable {v.id}: {problems[0]}")
        return
    if m.record_type not in cat.index.record_types:
        raise fail("measure", m.id, "record_type", f"unknown record type {m.record_type!r}")
    pv = cat.index.variables.get(m.period_variable)
    if pv is None or pv.datatype != "date" or pv.record_type != m.record_type:
        raise fail(
            "measure",
            m.id,
            "period_variable",
            f"{m.period_variable!r} is not a date variable of {m.record_type}",
        )
    if m.deadline is not None:
        _check_deadline(cat, m, fail)
    texts = [("numerator", m.numerator), ("denominator", m.denominator)]
    texts += [
        (f"exclusions.filters[{i}].predicate", f.predicate)
        for i, f in enumerate(m.exclusions.filters)
    ]
    for where, text in texts:
        problems = parse_checked(text, cat, m.record_type)
        if problems:
            raise fail("measure", m.id, where, problems[0])
    for i, b in enumerate(m.breakdowns):
        if b in SPECIAL_BREAKDOWNS or (b.startswith("aldersgrupp") and b in cat.index.value_sets):
            continue
        problems = parse_checked(f"is_missing({b})", cat, m.record_type)
        if problems:
            raise fail("measure", m.id, f"breakdowns[{i}]", problems[0])
        if cat.variable(b.rpartition(".")[2]).datatype not in ("code", "codes"):
            raise fail(
                "measure", m.id, f"breakdowns[{i}]", f"breakdown {b} is not a coded variable"
            )


def _check_legal(cat: Catalog, fail: Fail) -> None:
    """Every reference names a known act and, when verified, the sources that verify it.

    A legal source citing a repealed act must also say what holds in the act that
    replaced it (at least an unverified reference), so that no paragraph of the new
    law is shown without a status.
    """
    known = {s.id for s in cat.sources}
    acts = {a.sfs: a for a in cat.acts}
    for a in cat.acts:
        if a.replaced_by is not None and a.replaced_by not in acts:
            raise fail("act", a.sfs, "replaced_by", f"unknown act {a.replaced_by!r}")
    for ls in cat.legal_sources:
        cited = {r.act for r in ls.references}
        for i, r in enumerate(ls.references):
            sub = f"references[{i}]"
            if r.act not in acts:
                raise fail("legal source", ls.id, f"{sub}.act", f"unknown act {r.act!r}")
            for s in r.verified_by:
                if s not in known:
                    raise fail("legal source", ls.id, f"{sub}.verified_by", f"unknown source {s!r}")
            if r.verification != "unverified" and not r.verified_by:
                raise fail("legal source", ls.id, f"{sub}.verified_by", "names no source")
            new = acts[r.act].replaced_by
            if r.paragraph and new is not None and new not in cited:
                raise fail("legal source", ls.id, sub, f"no reference (even unverified) to {new}")


def check_references(cat: Catalog, fail: Fail) -> None:
    """Raise the first reference or evidence fault in ``cat`` (built with ``fail``)."""
    _check_ids(cat, fail)
    _check_evidence(cat, fail)
    _check_legal(cat, fail)
    _check_structure(cat, fail)
    _check_variables(cat, fail)
    for m in cat.measures:
        _check_measure(cat, m, fail)
    for r in cat.rules:
        for rt in r.record_types:
            if rt not in cat.index.record_types:
                raise fail("rule", r.id, "record_types", f"unknown record type {rt!r}")
        if r.not_before is not None and r.not_before != "birth_year":
            try:
                dt.date.fromisoformat(r.not_before)
            except ValueError:
                raise fail(
                    "rule", r.id, "not_before", "not an ISO date (YYYY-MM-DD) or birth_year"
                ) from None
            if r.expression is not None:
                raise fail(
                    "rule", r.id, "not_before", "not_before is a rule kind without expression"
                )
        if r.not_after is not None:
            if r.expression is not None:
                raise fail("rule", r.id, "not_after", "not_after is a rule kind without expression")
            if not any(v.datatype == "date" for rt in r.record_types for v in cat.variables_of(rt)):
                raise fail("rule", r.id, "not_after", "the record types have no date variable")
        if r.expression is not None:
            if len(r.record_types) != 1:
                raise fail(
                    "rule", r.id, "record_types", "an expression needs exactly one record type"
                )
            problems = parse_checked(r.expression, cat, r.record_types[0])
            if problems:
                raise fail("rule", r.id, "expression", problems[0])
    for s in cat.spec.background_sources:
        if s not in cat.index.sources:
            raise SpecDataError("manifest.yaml", "spec.background_sources", f"unknown source {s!r}")
    scope = cat.measure_conventions.get("scope_value_set")
    if scope is not None and scope not in cat.index.value_sets:
        raise SpecDataError(
            "measures.yaml", "conventions.scope_value_set", f"unknown value set {scope!r}"
        )
    dd = cat.disclosure.recommended_default
    if dd.min_cell not in dd.allowed_min_cell:
        raise SpecDataError(
            "disclosure.yaml",
            "recommended_default.min_cell",
            f"{dd.min_cell} is not one of allowed_min_cell {list(dd.allowed_min_cell)}",
        )
    if [s.id for s in cat.statuses] != ["confirmed", "named", "adjacent", "provisional"]:
        raise SpecDataError(
            "manifest.yaml", "statuses", "must list confirmed, named, adjacent, provisional"
        )


def derivation_problems(cat: Catalog, v: Variable) -> list[str]:
    """Problems of ``v.derivation`` as an expression that computes ``v`` (empty when none)."""
    try:
        expr = parse(v.derivation or "")
    except ExpressionError as exc:
        return [str(exc)]
    return check_derivation(expr, cat, v)
