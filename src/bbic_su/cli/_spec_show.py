"""Text rendering of one catalogue entry for ``bbic-su spec show``.

>>> import bbic_su
>>> lines = render(bbic_su.catalog(), bbic_su.catalog().rule("R07"))
>>> lines[0]
'BBIC-SU-RULE-R07'
>>> max(len(line) for line in lines) <= 80
True

Every line fits 80 columns: running text is wrapped at 78 with a hanging
indent, tables shrink their label columns and wrap the labels whole.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextvars import ContextVar
from typing import Any

from bbic_su.cli._common import table, wrap
from bbic_su.errors import UnknownIdError
from bbic_su.expr._api import parse
from bbic_su.spec._catalog import Catalog, requirement_id
from bbic_su.spec._derive_words import describe
from bbic_su.spec.model import Measure, RecordType, Rule, ValueSet, Variable, VariableRule

__all__ = ["render"]

_LABEL = 14  # width of the "Label:" column of key/value lines


_LANG: ContextVar[str] = ContextVar("spec_show_lang", default="en")


def _kv(label: str, value: object) -> list[str]:
    """A ``Label:  value`` line, wrapped with the value column as hanging indent."""
    return wrap(f"{_tr(label)}:".ljust(_LABEL - 1), str(value), indent=_LABEL)


def _section(title: str, lines: Sequence[str]) -> list[str]:
    return ["", f"{_tr(title)}:", *lines] if lines else []


def _named(cat: Catalog, section: str, key: str | None) -> str:
    """``key (Swedish name)`` for a phase, area, kind, document or record type."""
    if key is None:
        return "-"
    try:
        item = getattr(cat, section)(key)
    except UnknownIdError:
        return key
    return f"{key} ({item.name_sv})"


def _header(entry: Any, title: str) -> list[str]:
    lines = [requirement_id(entry), *wrap("", title, indent=0)]
    if getattr(entry, "local", False):
        lines.append("LOKAL UTÖKNING / LOCAL EXTENSION (not part of the national catalogue)")
    if entry.is_provisional:
        reason = entry.reason or "no reason recorded"
        lines += wrap("PRELIMINÄR / PROVISIONAL:", reason, indent=2)
    lines += _kv("Status", entry.status)
    return lines


def _footer(cat: Catalog, entry: Any) -> list[str]:
    """Legal references, note, sources and version, common to every kind."""
    lines = _legal(cat, getattr(entry, "legal", ()))
    if entry.note:
        lines += ["", *wrap(f"{_tr('Note')}:", entry.note)]
    sources = []
    for key in entry.sources:
        try:
            title = cat.source(key).title
        except UnknownIdError:
            title = "(unknown source)"
        sources += wrap(f"  {key}:", title, indent=4)
    lines += _section("Sources", sources)
    if getattr(entry, "since", None):
        lines += ["", *_kv("Since", entry.since)]
    return lines


def _legal(cat: Catalog, keys: Iterable[str]) -> list[str]:
    lines: list[str] = []
    for key in keys:
        try:
            law = cat.legal_source(key)
        except UnknownIdError:
            lines.append(f"  {key}")
            continue
        lines += wrap(f"  {key}:", law.topic_sv, indent=4)
        for ref in law.references:
            act = cat.act(ref.act)
            status = _tr(ref.verification)
            if ref.valid_from:
                status += f", {_tr('from')} {ref.valid_from}"
            if ref.valid_to:
                status += f", {_tr('until')} {ref.valid_to}"
            where = ref.text(act) if ref.chapter or ref.paragraph else act.label
            if not (ref.chapter or ref.paragraph):
                where += f", {_tr('no paragraph')}"
            lines += wrap(f"    {where}:", status, indent=6)
        if law.other:
            lines += wrap(f"    {_tr('Other')}:", law.other, indent=6)
    return _section("Legal references", lines)


def _definitions(entry: Any, sv: str, en: str) -> list[str]:
    return ["", *wrap("Svenska:", getattr(entry, sv)), *wrap("English:", getattr(entry, en))]


def _codes(vs: ValueSet) -> list[str]:
    rows = [
        [c.code + (" (lokal)" if c.local else ""), c.label_sv, c.label_en, c.status or vs.status]
        for c in vs.codes
    ]
    return [
        "  " + line
        for line in table(
            ["code", "label_sv", "label_en", "status"],
            rows,
            flex=(1, 2),
            width=78,
            first_max=28,
            wrapped=(1, 2),
        )
    ]


def _variable_rule(rule: VariableRule) -> str:
    parts: list[str] = []
    if rule.required:
        parts.append("required")
    if rule.required_if:
        parts.append(f"required if {rule.required_if}")
    if rule.after_or_equal:
        parts.append(f"on or after {rule.after_or_equal}")
    if rule.before_or_equal:
        parts.append(f"on or before {rule.before_or_equal}")
    if rule.deadline:
        d = rule.deadline
        n, unit = (d.max_days, "day") if d.max_days is not None else (d.max_months, "month")
        span = f"{n} {unit}" if n == 1 else f"{n} {unit}s"
        parts.append(f"within {span} of {d.anchor}")
        if d.open_against:
            parts.append(f"while missing, up to the {d.open_against.replace('_', ' ')}")
    if rule.waived_if:
        parts.append(f"waived if {rule.waived_if}")
    if rule.interval:
        d = rule.interval
        n, unit = (d.max_days, "day") if d.max_days is not None else (d.max_months, "month")
        span = f"{n} {unit}" if n == 1 else f"{n} {unit}s"
        parts.append(f"at most {span} apart where {d.among} (the first from {d.anchor})")
        if d.open_against:
            until = d.open_against.replace("_", " ")
            parts.append(f"while no record where {d.closed_by}, also up to the {until}")
            if d.parent_if:
                parts.append(
                    f"a parent where {d.parent_if} without such records counted from {d.anchor}"
                )
    if rule.unique_within_parent:
        parts.append(f"at most one per parent where {rule.unique_within_parent.where}")
    if rule.none_after_within_parent:
        na = rule.none_after_within_parent
        parts.append(f"no {na.date} after the first record of the parent where {na.where}")
    if rule.range:
        parts.append(f"between {rule.range[0]} and {rule.range[1]}")
    if rule.rule:
        parts.append(f"see {rule.rule}")
    text = "; ".join(parts) or "rule"
    return f"{text} ({rule.severity})" if rule.severity else text


def _variable(cat: Catalog, v: Variable) -> list[str]:
    lines = _header(v, f"{v.name_sv} / {v.name_en}")
    lines += _definitions(v, "definition_sv", "definition_en")
    lines += [
        "",
        *_kv("Record type", _named(cat, "record_type", v.record_type)),
        *_kv("Phase", _named(cat, "phase", v.phase)),
        *_kv("Area", _named(cat, "area", v.area)),
        *_kv("Kind", _named(cat, "kind", v.kind)),
        *_kv("Document", ", ".join(_named(cat, "document", d) for d in v.document)),
        *_kv("Datatype", v.datatype + (" (multi-select)" if v.multi_select else "")),
    ]
    if v.applies_if:
        lines += _kv("Applies if", v.applies_if)
    if v.derived:
        lines += _kv("Derived", v.derivation or "yes")
        if v.derivation:
            code = v.datatype == "code"
            for lang in ("sv", "en"):
                words = describe(
                    parse(v.derivation), cat, lang, record_type=v.record_type, result_code=code
                )
                lines += _kv(f"  ({lang})", words)
    if v.value_set:
        vs = cat.value_set(v.value_set)
        named = f"{vs.id} ({vs.name_sv} / {vs.name_en})"
        lines += ["", *wrap(f"{_tr('Value set')}:", named), *_codes(vs)]
    rules = [line for r in v.rules for line in wrap("  -", _variable_rule(r), indent=4)]
    for r in cat.rules_for(v.id):
        rules += wrap(f"  {r.id} ({r.severity}):", r.description_sv, indent=4)
    lines += _section("Rules", rules)
    measures = [
        line for m in cat.measures_using(v.id) for line in wrap(f"  {m.id}:", m.name_sv, indent=4)
    ]
    lines += _section("Measures using it", measures)
    return lines + _footer(cat, v)


def _value_set(cat: Catalog, vs: ValueSet) -> list[str]:
    lines = _header(vs, f"{vs.name_sv} / {vs.name_en}")
    lines += ["", *_kv("Select", "multi" if vs.multi_select else "single")]
    if vs.partition is not None:
        lines += _kv("Partition", "yes" if vs.partition else "no")
    lines += ["", f"{_tr('Codes')}:", *_codes(vs)]
    groups = [
        line
        for g, codes in vs.groups.items()
        for line in wrap(f"  {g}:", ", ".join(codes), indent=4)
    ]
    lines += _section("Groups", groups)
    users = ", ".join(v.id for v in cat.variables if v.value_set == vs.id)
    lines += _section("Used by", wrap("", users, indent=2) if users else [])
    return lines + _footer(cat, vs)


def _measure(cat: Catalog, m: Measure) -> list[str]:
    lines = _header(m, f"{m.name_sv} / {m.name_en}")
    lines += [
        "",
        *_kv("Record type", _named(cat, "record_type", m.record_type)),
        *_kv("Unit", m.unit),
        *_kv("Period", m.period_variable),
        *_kv("Numerator", m.numerator),
        *_kv("Denominator", m.denominator),
    ]
    if m.child_aggregation:
        lines += _kv("Per child", m.child_aggregation)
    if m.template:
        lines += _kv("Template", ", ".join(m.parameters) or "yes")
    ex = [*wrap("  Missing:", f"{m.exclusions.missing} - {m.exclusions.reason}", indent=4)]
    for f in m.exclusions.filters:
        ex += wrap("  Excluded:", f"{f.predicate} - {f.reason}", indent=4)
    lines += _section("Exclusions", ex)
    lines += _section("Breakdowns", wrap("", ", ".join(m.breakdowns), indent=2))
    return lines + _footer(cat, m)


def _rule(cat: Catalog, r: Rule) -> list[str]:
    lines = _header(r, r.id)
    lines += _definitions(r, "description_sv", "description_en")
    lines += [
        "",
        *_kv("Severity", r.severity),
        *_kv("Record types", ", ".join(r.record_types)),
        *_kv("Expression", r.expression or "(integrity check, no expression)"),
    ]
    return lines + _footer(cat, r)


def _record_type(cat: Catalog, t: RecordType) -> list[str]:
    lines = _header(t, f"{t.name_sv} / {t.name_en}")
    lines += [
        "",
        *_kv("Unit", t.unit),
        *_kv("Parent", _named(cat, "record_type", t.parent)),
        *_kv("Period date", t.period_date or "-"),
    ]
    if t.alternative_period_date:
        lines += _kv("Alt. period", t.alternative_period_date)
    if t.period_rule:
        lines += _kv("Period rule", t.period_rule)
    keys = [
        line for k in t.keys for line in wrap(f"  {k.field} ({k.role}):", k.description, indent=4)
    ]
    lines += _section("Keys", keys)
    names = ", ".join(v.id for v in cat.variables_of(t.id))
    lines += _section("Variables", wrap("", names, indent=2) if names else [])
    return lines + _footer(cat, t)


_SV = {
    "Status": "Status",
    "Note": "Anmärkning",
    "Sources": "Källor",
    "Since": "Sedan",
    "Legal references": "Lagrum",
    "Record type": "Posttyp",
    "Record types": "Posttyper",
    "Phase": "Fas",
    "Area": "Område",
    "Kind": "Slag",
    "Document": "Dokument",
    "Datatype": "Datatyp",
    "Applies if": "Gäller om",
    "Derived": "Härledd",
    "Value set": "Värdemängd",
    "Rules": "Regler",
    "Measures using it": "Mått som använder den",
    "Select": "Val",
    "Partition": "Partition",
    "Codes": "Koder",
    "Groups": "Grupper",
    "Used by": "Används av",
    "Unit": "Enhet",
    "Period": "Period",
    "Numerator": "Täljare",
    "Denominator": "Nämnare",
    "Per child": "Per barn",
    "Template": "Mall",
    "Exclusions": "Undantag",
    "Breakdowns": "Nedbrytningar",
    "Severity": "Allvarlighet",
    "Expression": "Uttryck",
    "Parent": "Överordnad",
    "Period date": "Periodens datum",
    "Alt. period": "Alt. period",
    "Period rule": "Periodregel",
    "Keys": "Nycklar",
    "Variables": "Variabler",
    "Other": "Övrigt",
    "from": "från",
    "until": "till och med",
    "no paragraph": "paragraf ej angiven",
    "verified": "verifierad",
    "unverified": "ej verifierad",
    "proposal": "förslag, ej gällande lag",
}
"""The Swedish labels of ``spec show`` (``--lang sv``, the default)."""


def _tr(label: str) -> str:
    """``label`` in the language being rendered."""
    return _SV.get(label, label) if _LANG.get() == "sv" else label


def render(
    cat: Catalog, entry: Variable | ValueSet | Measure | Rule | RecordType, lang: str = "en"
) -> list[str]:
    """The ``spec show`` text of ``entry``, as lines of at most 80 characters.

    Args:
        cat: The catalogue ``entry`` comes from (for names, rules, sources, laws).
        entry: The entry to show.
        lang: ``sv`` for Swedish labels, ``en`` for English; the definitions are
            shown in both languages either way.

    Returns:
        The lines, without newlines.
    """
    token = _LANG.set(lang)
    try:
        return _render(cat, entry)
    finally:
        _LANG.reset(token)


def _render(cat: Catalog, entry: Variable | ValueSet | Measure | Rule | RecordType) -> list[str]:
    if isinstance(entry, Variable):
        lines = _variable(cat, entry)
    elif isinstance(entry, ValueSet):
        lines = _value_set(cat, entry)
    elif isinstance(entry, Measure):
        lines = _measure(cat, entry)
    elif isinstance(entry, Rule):
        lines = _rule(cat, entry)
    else:
        lines = _record_type(cat, entry)
    return lines
