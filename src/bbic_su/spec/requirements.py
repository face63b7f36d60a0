"""The tender annex (kravbilaga) as data: one stable requirement id per requirement.

>>> import bbic_su
>>> from bbic_su.spec.requirements import requirements
>>> reqs = requirements(bbic_su.catalog())
>>> [r.id for r in reqs[:2]]
['BBIC-SU-KRAV-001', 'BBIC-SU-KRAV-002']
>>> kon = next(r for r in reqs if r.id == "BBIC-SU-VAR-kon")
>>> kon.kind, kon.record_type, kon.value_set, kon.value_set_requirement_id
('variable', 'barn', 'kon', 'BBIC-SU-VS-kon')
>>> kon.text_sv.startswith("Systemet ska kunna exportera variabeln «Kön» (BBIC-SU-VAR-kon)")
True

:func:`requirements` builds one :class:`Requirement` per general requirement
(:data:`GENERAL`, ids ``BBIC-SU-KRAV-001``… that are never renumbered or
reused), per record type (``BBIC-SU-RT-…``) and its variables
(``BBIC-SU-VAR-…``), then per value set (``BBIC-SU-VS-…``), rule
(``BBIC-SU-RULE-…``) and measure (``BBIC-SU-M-…``), in catalogue order. Each
says how it is verified (:data:`Verification`): on an export with
``bbic-su conformance``, or by demonstration (KRAV-001–004, the system's
functions). The kravbilaga page of the documentation, its files
(:mod:`bbic_su.conformance.kravbilaga`) and ``bbic-su conformance`` all read this one list,
so a tender, a vendor's answer and the conformance report cite the same ids and
texts.

With a follow-up plan the list is scoped to it: the general requirements, the
plan's selected variables, the record types that hold them together with their
ancestors (their keys link the records), the value sets of the selected
variables, the rules that read one of them and the measures computed from them
only. A variable the plan marks as mandatory has :attr:`Requirement.mandatory`
set and one more sentence in its text.
"""

from __future__ import annotations

from bbic_su.spec._catalog_type import Catalog, requirement_id
from bbic_su.spec._check import rule_variables
from bbic_su.spec._requirement_kinds import (
    Requirement,
    RequirementKind,
    Verification,
    code_status_text,
    codes_text,
    legal_text,
    measure_requirement,
    measure_variables_of,
    rule_requirement,
    value_set_requirement,
)
from bbic_su.spec.model import RecordType, Variable
from bbic_su.spec.plan import FollowUpPlan

__all__ = [
    "DEMONSTRATION",
    "GENERAL",
    "KIND_SV",
    "VERIFICATION_SV",
    "Requirement",
    "RequirementKind",
    "Verification",
    "requirements",
]

KIND_SV: dict[str, str] = {
    "general": "Allmänt",
    "record_type": "Posttyp",
    "variable": "Variabel",
    "value_set": "Värdemängd",
    "rule": "Regel",
    "measure": "Mått",
}
"""The Swedish name of each :data:`RequirementKind` (the kravbilaga's column Typ)."""

GENERAL: tuple[tuple[str, str], ...] = (
    (
        "BBIC-SU-KRAV-001",
        "Systemet ska låta användaren avgränsa uttag till en period (från och med "
        "ett datum till och med ett datum), där varje posttyp väljs ut efter sitt "
        "perioddatum enligt katalogen.",
    ),
    (
        "BBIC-SU-KRAV-002",
        "Systemet ska låta användaren avgränsa uttag efter barnets ålder (lägsta och "
        "högsta ålder i hela år).",
    ),
    (
        "BBIC-SU-KRAV-003",
        "Systemet ska låta användaren avgränsa uttag efter insats, både per insatstyp "
        "och per grupp av insatstyper (till exempel heldygnsvård och öppenvård).",
    ),
    (
        "BBIC-SU-KRAV-004",
        "Systemet ska låta användaren välja vilka variabler som ska ingå i uttaget "
        "(en lokal uppföljningsprofil), utan att övriga variabler behöver registreras.",
    ),
    (
        "BBIC-SU-KRAV-005",
        "Systemet ska låta kommunen kräv-markera valda variabler, så att "
        "handläggaren inte kan slutföra dokumentationen utan att ha fyllt i dem (eller angett "
        "«Uppgift saknas»).",
    ),
    (
        "BBIC-SU-KRAV-006",
        "Systemet ska kunna exportera uppgifterna i bbic-su:s kanoniska format: en "
        "tabell per posttyp med posttypens nyckelfält följt av variablerna, kolumnnamn lika med "
        "variablernas id och koder lika med katalogens koder.",
    ),
    (
        "BBIC-SU-KRAV-007",
        "Exporten ska identifiera barnet med ett pseudonymt barn_id och får aldrig "
        "innehålla personnummer, namn eller fritext.",
    ),
    (
        "BBIC-SU-KRAV-008",
        "En export från systemet ska klara kontrollen «bbic-su conformance» utan fel "
        "för de posttyper och variabler som upphandlingen omfattar.",
    ),
    (
        "BBIC-SU-KRAV-009",
        "Systemet ska kunna hantera lokala variabler och lokala svarsalternativ vars "
        "id börjar med x_, och exportera dem på samma sätt som katalogens variabler.",
    ),
)
"""The general requirements as (stable id, Swedish text) pairs.

Append new ones with the next free number; never renumber or reuse an id, since
tenders cite them.
"""

DEMONSTRATION = frozenset(
    {"BBIC-SU-KRAV-001", "BBIC-SU-KRAV-002", "BBIC-SU-KRAV-003", "BBIC-SU-KRAV-004"}
)
"""General requirements on the system's functions, verified by demonstration, not an export."""

VERIFICATION_SV: dict[str, str] = {
    "conformance": "bbic-su conformance på en export",
    "demonstration": "demonstration i systemet",
}
"""How each :data:`Verification` is done, in Swedish (the kravbilaga's column)."""

_DATATYPE_SV = {
    "date": "datum (ÅÅÅÅ-MM-DD)",
    "integer": "heltal",
    "text": "text",
    "code": "kod",
    "codes": "flera koder",
}
_MANDATORY_SV = (
    " Uppföljningsplanen kräv-markerar variabeln: den ska vara ifylld (eller «Uppgift "
    "saknas») på varje post där den gäller."
)


def _rt_requirement(rt: RecordType) -> Requirement:
    rid = requirement_id(rt)
    keys = ", ".join(rt.key_fields)
    text = (
        f"Systemet ska kunna exportera posttypen «{rt.name_sv}» ({rid}) med nyckelfälten "
        f"{keys}, en rad per {rt.name_sv.lower()}."
    )
    if rt.is_provisional:
        text += " Preliminär: posttypen är en egen rekonstruktion, inte officiell."
    return Requirement(
        id=rid,
        kind="record_type",
        text_sv=text,
        record_type=rt.id,
        status=rt.status,
        sources=tuple(rt.sources),
        name_sv=rt.name_sv,
    )


def _var_requirement(cat: Catalog, var: Variable, mandatory: bool) -> Requirement:
    rid = requirement_id(var)
    rt = cat.record_type(var.record_type)
    if var.value_set:
        vs = cat.value_set(var.value_set)
        what = f"med värdemängden «{vs.name_sv}» ({requirement_id(vs)})"
        if var.multi_select:
            what += " där flera koder kan anges"
    else:
        what = f"med datatypen {_DATATYPE_SV.get(var.datatype, var.datatype)}"
    text = (
        f"Systemet ska kunna exportera variabeln «{var.name_sv}» ({rid}) {what} för "
        f"posttypen «{rt.name_sv}» ({requirement_id(rt)})."
    )
    if var.is_provisional:
        text += " Preliminär: variabeln är en egen rekonstruktion, inte officiell."
    elif var.value_set and any(
        c.status == "provisional" for c in cat.value_set(var.value_set).codes
    ):
        text += " Värdemängden innehåller preliminära koder."
    if mandatory:
        text += _MANDATORY_SV
    vset = cat.value_set(var.value_set) if var.value_set else None
    return Requirement(
        id=rid,
        kind="variable",
        text_sv=text,
        record_type=var.record_type,
        variable=var.id,
        value_set=var.value_set or None,
        status=var.status,
        sources=tuple(var.sources),
        mandatory=mandatory,
        name_sv=var.name_sv,
        definition_sv=var.definition_sv,
        codes_sv="" if vset is None else codes_text(vset),
        code_status_sv="" if vset is None else code_status_text(vset),
        legal_sv=legal_text(cat, tuple(dict.fromkeys([*var.legal, *_rule_legal(cat, var)]))),
    )


def _rule_legal(cat: Catalog, var: Variable) -> list[str]:
    return [x for r in var.rules for x in r.legal]


def _scope(cat: Catalog, plan: FollowUpPlan) -> set[str]:
    """The record types holding a selected variable, with all their ancestors."""
    wanted: set[str] = set()
    for var in plan.variables:
        rt: str | None = cat.variable(var).record_type
        while rt is not None and rt not in wanted:
            wanted.add(rt)
            rt = cat.record_type(rt).parent
    return wanted


def requirements(cat: Catalog, plan: FollowUpPlan | None = None) -> tuple[Requirement, ...]:
    """All requirements: the general ones, then per record type its own and its variables'.

    Args:
        cat: The catalogue (local extensions included, if loaded with them).
        plan: A follow-up plan that scopes the list (see the module docstring).

    Returns:
        The requirements in kravbilaga order.
    """
    out = [
        Requirement(
            id=rid,
            kind="general",
            text_sv=text,
            verification="demonstration" if rid in DEMONSTRATION else "conformance",
        )
        for rid, text in GENERAL
    ]
    selected = None if plan is None else set(plan.variables)
    scope = None if plan is None else _scope(cat, plan)
    for rt in cat.record_types:
        if scope is not None and rt.id not in scope:
            continue
        out.append(_rt_requirement(rt))
        out.extend(
            _var_requirement(cat, v, plan is not None and plan.is_mandatory(v.id))
            for v in cat.variables_of(rt.id)
            if selected is None or v.id in selected
        )
    chosen = [v for v in cat.variables if selected is None or v.id in selected]
    for vs in cat.value_sets:
        users = tuple(v for v in chosen if v.value_set == vs.id)
        if users or selected is None:
            out.append(value_set_requirement(cat, vs, users))
    names = {v.id for v in chosen}
    for rule in cat.rules:
        if selected is None or set(rule_variables(cat, rule)) & names:
            out.append(rule_requirement(cat, rule))
    for m in cat.measures:
        reads = set(measure_variables_of(cat, m))
        if selected is None or (reads and reads <= names) or (m.template and names):
            out.append(measure_requirement(cat, m))
    return tuple(out)
