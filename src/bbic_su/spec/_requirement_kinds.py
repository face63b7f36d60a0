"""Requirements on value sets, rules and measures, and the texts every requirement row shows.

>>> import bbic_su
>>> from bbic_su.spec._requirement_kinds import measure_requirement, rule_requirement
>>> cat = bbic_su.catalog()
>>> r = rule_requirement(cat, cat.rule("R16"))
>>> r.id, r.kind, r.text_sv.startswith("Systemet ska kontrollera att regeln")
('BBIC-SU-RULE-R16', 'rule', True)
>>> m = measure_requirement(cat, cat.measure("m_mal_uppnatt"))
>>> m.text_sv.startswith("Systemet ska kunna redovisa måttet «Andel insatser där målet uppnåtts»")
True

Kept apart from :mod:`bbic_su.spec.requirements` for module size: the
:class:`~bbic_su.spec.requirements.Requirement` record (defined here, exported there) and
the builders for value sets, rules and measures.
"""

from __future__ import annotations

from typing import Literal

import attrs

from bbic_su.expr._api import parse, refs
from bbic_su.spec._catalog_type import Catalog, requirement_id
from bbic_su.spec._model_legal import VERIFICATION_SV
from bbic_su.spec.model import Measure, Rule, ValueSet, Variable

__all__ = [
    "Requirement",
    "RequirementKind",
    "Verification",
    "codes_text",
    "legal_text",
    "measure_requirement",
    "measure_variables_of",
    "rule_requirement",
    "value_set_requirement",
]

RequirementKind = Literal["general", "record_type", "variable", "value_set", "rule", "measure"]
"""What a requirement is about."""

Verification = Literal["conformance", "demonstration"]
"""The way a buyer verifies a requirement (``bbic-su conformance`` on an export, or a demo)."""


@attrs.frozen(kw_only=True)
class Requirement:
    """One requirement of the tender annex.

    Attributes:
        id: The stable requirement id (``BBIC-SU-KRAV-001``, ``BBIC-SU-RT-barn``,
            ``BBIC-SU-VAR-kon``).
        kind: ``general``, ``record_type`` or ``variable``.
        text_sv: The requirement text in Swedish, as the kravbilaga prints it.
        record_type: The record type id (record type and variable requirements).
        variable: The variable id (variable requirements).
        value_set: The value set id of a coded variable.
        status: The catalogue evidence status (``confirmed``, ``named``,
            ``adjacent``, ``provisional``); ``None`` for general requirements.
        sources: The catalogue source ids behind the entry.
        mandatory: True when the follow-up plan marks the variable as mandatory.
        name_sv: The entry's Swedish name.
        definition_sv: The entry's definition in Swedish.
        codes_sv: The value set's codes with their labels (``kod = etikett; …``).
        code_status_sv: How many codes have each evidence status.
        legal_sv: The legal references with their verification status.
        rule: The rule id (rule requirements).
        measure: The measure id (measure requirements).
        verification: How the requirement is verified (see :data:`Verification`).
    """

    id: str
    kind: RequirementKind
    text_sv: str
    record_type: str | None = None
    variable: str | None = None
    value_set: str | None = None
    status: str | None = None
    sources: tuple[str, ...] = ()
    mandatory: bool = False
    name_sv: str = ""
    definition_sv: str = ""
    codes_sv: str = ""
    code_status_sv: str = ""
    legal_sv: str = ""
    rule: str | None = None
    measure: str | None = None
    verification: Verification = "conformance"

    @property
    def provisional(self) -> bool:
        """True for a requirement on a provisional (reconstructed) catalogue entry."""
        return self.status == "provisional"

    @property
    def value_set_requirement_id(self) -> str | None:
        """The value set's requirement id (``BBIC-SU-VS-…``), or ``None``."""
        return None if self.value_set is None else f"BBIC-SU-VS-{self.value_set}"


_STATUS_SV = {
    "confirmed": "bekräftad",
    "named": "namngiven",
    "adjacent": "angränsande",
    "provisional": "preliminär",
}
_SEVERITY_SV = {"error": "fel", "warning": "varning", "info": "information"}


def legal_text(cat: Catalog, ids: tuple[str, ...]) -> str:
    """Every reference of the legal sources ``ids`` with its verification status."""
    parts = []
    for lid in ids:
        ls = cat.legal_source(lid)
        for r in ls.references:
            act = cat.act(r.act)
            where = (
                r.text(act) if r.chapter or r.paragraph else f"{act.label} (paragraf ej angiven)"
            )
            info = VERIFICATION_SV[r.verification]
            if r.valid_to:
                info += f", gällde till och med {r.valid_to}"
            elif r.valid_from:
                info += f", gäller från {r.valid_from}"
            parts.append(f"{where} [{info}]")
    return "; ".join(parts)


def codes_text(vs: ValueSet) -> str:
    """``kod = etikett`` per code, with the code's status where it differs from the set's."""
    out = []
    for c in vs.codes:
        text = f"{c.code} = {c.label_sv}"
        if c.status and c.status != vs.status:
            text += f" ({_STATUS_SV.get(c.status, c.status)})"
        out.append(text)
    return "; ".join(out)


def code_status_text(vs: ValueSet) -> str:
    """How many of the value set's codes have each status (``7 av 12 preliminära``)."""
    n = len(vs.codes)
    counts: dict[str, int] = {}
    for c in vs.codes:
        key = c.status or vs.status
        counts[key] = counts.get(key, 0) + 1
    return ", ".join(f"{k} av {n} {_STATUS_SV.get(s, s)}" for s, k in counts.items())


def _provisional_note(vs: ValueSet) -> str:
    prov = sum(1 for c in vs.codes if (c.status or vs.status) == "provisional")
    if vs.is_provisional:
        return " Preliminär: värdemängden är en egen rekonstruktion, inte officiell."
    if prov:
        return f" {prov} av {len(vs.codes)} koder är preliminära (egen rekonstruktion)."
    return ""


def value_set_requirement(cat: Catalog, vs: ValueSet, users: tuple[Variable, ...]) -> Requirement:
    """``Systemet ska använda värdemängden …`` for ``vs`` (used by ``users``)."""
    rid = requirement_id(vs)
    how = "en eller flera koder per post" if vs.multi_select else "en kod per post"
    text = (
        f"Systemet ska använda värdemängden «{vs.name_sv}» ({rid}) med exakt katalogens "
        f"{len(vs.codes)} koder ({how}) och exportera koderna som de skrivs i katalogen."
    ) + _provisional_note(vs)
    names = ", ".join(f"«{v.name_sv}»" for v in users)
    return Requirement(
        id=rid,
        kind="value_set",
        text_sv=text,
        value_set=vs.id,
        status=vs.status,
        sources=tuple(vs.sources),
        name_sv=vs.name_sv,
        definition_sv=f"Används av {names}." if names else "",
        codes_sv=codes_text(vs),
        code_status_sv=code_status_text(vs),
        legal_sv=legal_text(cat, tuple(dict.fromkeys(x for c in vs.codes for x in c.legal))),
        verification="conformance",
    )


def rule_requirement(cat: Catalog, rule: Rule) -> Requirement:
    """``Systemet ska kontrollera att regeln … följs`` for ``rule``."""
    rid = requirement_id(rule)
    severity = _SEVERITY_SV.get(rule.severity, rule.severity)
    text = (
        f"Systemet ska kontrollera att regeln {rule.id} ({rid}) följs när en post sparas och "
        f"visa handläggaren avvikelsen som {severity}: {rule.description_sv}"
    )
    if rule.is_provisional:
        text += " Preliminär: regeln är en egen rekonstruktion, inte officiell."
    return Requirement(
        id=rid,
        kind="rule",
        text_sv=text,
        record_type=rule.record_types[0] if len(rule.record_types) == 1 else None,
        status=rule.status,
        sources=tuple(rule.sources),
        name_sv=f"Regel {rule.id}",
        definition_sv=rule.description_sv,
        legal_sv=legal_text(cat, rule.legal),
        rule=rule.id,
        verification="conformance",
    )


def measure_variables_of(cat: Catalog, m: Measure) -> tuple[str, ...]:
    """The catalogue variables a measure's count reads (numerator, denominator, period), sorted.

    Breakdowns are left out: a measure can be reported without them.
    """
    names: set[str] = set()
    if not m.template:
        for text in (m.numerator, m.denominator):
            names |= {r.name for r in refs(parse(text))}
        names.add(m.period_variable)
    return tuple(sorted(names & set(cat.index.variables)))


def _measure_definition(cat: Catalog, m: Measure, unit: str, names: str) -> str:
    if m.template or m.record_type == "any":
        return f"Räknas i {unit}, för en variabel i taget."
    rt = cat.record_type(m.record_type).name_sv
    return f"Räknas i {unit} av posttypen «{rt}»; läser {names}."


def measure_requirement(cat: Catalog, m: Measure) -> Requirement:
    """``Systemet ska kunna redovisa måttet …`` for ``m``."""
    rid = requirement_id(m)
    names = ", ".join(f"«{cat.variable(v).name_sv}»" for v in measure_variables_of(cat, m))
    if m.template:
        text = (
            f"Systemet ska kunna redovisa måttet «{m.name_sv}» ({rid}) för varje variabel i "
            "kommunens uppföljningsprofil, per kommun och period."
        )
    else:
        text = (
            f"Systemet ska kunna redovisa måttet «{m.name_sv}» ({rid}) per kommun och period, "
            "med täljare och nämnare enligt katalogens definition, eller exportera de variabler "
            "som måttet beräknas från."
        )
    if m.is_provisional:
        text += " Preliminär: måttets avgränsning är en egen rekonstruktion, inte officiell."
    unit = "barn" if m.unit == "distinct_children" else "poster"
    return Requirement(
        id=rid,
        kind="measure",
        text_sv=text,
        record_type=None if m.record_type == "any" else m.record_type,
        status=m.status,
        sources=tuple(m.sources),
        name_sv=m.name_sv,
        definition_sv=_measure_definition(cat, m, unit, names),
        legal_sv=legal_text(cat, m.legal),
        measure=m.id,
        verification="conformance",
    )
