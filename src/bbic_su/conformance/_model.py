"""The pieces of a conformance result: outcomes, checks and per-requirement results.

>>> from bbic_su.conformance._model import CheckResult, worst
>>> c = CheckResult(name="values", outcome="fail", evidence={"invalid-code": 2})
>>> c.to_dict()
{'outcome': 'fail', 'invalid-code': 2}
>>> worst(["pass", "fail", "not_applicable"])
'fail'

Evidence is counts, ids, issue codes and row numbers only: never a cell value, a
key, a name or free text, so a result can be attached to a tender answer.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Literal

import attrs

from bbic_su.spec.requirements import Requirement

__all__ = [
    "CHECK_NAMES",
    "MIN_FILL_RATE",
    "PASS_MEANS_SV",
    "REASONS",
    "CheckResult",
    "Outcome",
    "RequirementResult",
    "worst",
]

MIN_FILL_RATE = 0.1
"""Least share of applicable rows that must hold a value (``fill`` check; ``uppgift_saknas``
and empty count as no value). Low on purpose: the check shows that the system exports the
variable, not that the casework is complete, which the completeness measure reports."""

PASS_MEANS_SV: tuple[str, ...] = (
    "«Godkänd» betyder att den granskade exporten uppfyller kravets kontroller: kolumnen "
    "finns, den är ifylld på minst den angivna andelen av de rader där variabeln gäller, "
    "alla koder finns i katalogens värdemängd, nycklarna hänger ihop och datumen kommer i "
    "rätt ordning. Varje kontroll redovisas med sitt tröskelvärde.",
    "«Godkänd» betyder inte att handläggaren valt rätt kod, att uppgifterna stämmer med "
    "akten, att systemet klarar andra perioder eller andra kommuners data, att lagens "
    "tidsfrister hållits, eller att Socialstyrelsen godkänt systemet. Krav som gäller "
    "systemets funktioner (till exempel urval efter period) kan inte prövas från en "
    "export och redovisas som «Ej tillämplig».",
)
"""What the verdict «Godkänd» establishes and what it does not (conformance reports)."""

Outcome = Literal["pass", "fail", "not_applicable"]
"""The result of a requirement or of one check."""

CHECK_NAMES: dict[str, tuple[str, str]] = {
    "present": ("Posttypen finns i exporten", "the record type is in the export"),
    "keys": ("Nyckelintegritet", "key integrity"),
    "import": ("Inläsning", "every row could be read"),
    "coverage": ("Täckning", "the column is exported; required values are filled"),
    "fill": (
        "Ifyllnadsgrad",
        "share of the rows where the variable applies that hold a value, against the threshold",
    ),
    "values": ("Värdemängd och datatyp", "value-set and datatype conformance"),
    "timeline": ("Tidsordning", "dates in order along the case chain"),
    "plan": ("Uppföljningsplan", "mandatory in the follow-up plan and filled"),
    "export": ("Exporten", "what the export shows about the requirement"),
    "requirements": ("Övriga krav", "the other requirements it depends on"),
    "rule": ("Regeln följs", "no finding of the rule with severity error"),
    "measure": ("Måttet kan beräknas", "every variable the measure reads is exported"),
}
"""Check name to (Swedish title, English description)."""

REASONS: dict[str, str] = {
    "not-checkable-from-export": (
        "Kan inte kontrolleras från en export: kravet gäller systemets funktioner "
        "(prövas vid demonstration eller test)."
    ),
    "needs-plan": (
        "Kontrolleras bara med en uppföljningsplan (--plan) med kräv-markerade variabler."
    ),
    "plan-has-no-mandatory": "Uppföljningsplanen kräv-markerar inga variabler.",
    "not-canonical-export": (
        "Exporten lästes med en leverantörsprofil, inte i det kanoniska formatet "
        "(profilen canonical)."
    ),
    "no-local-variables": "Katalogen har inga lokala variabler (x_) i omfattningen.",
    "no-exported-variable": "Ingen exporterad variabel använder värdemängden.",
}
"""Reason code of a ``not_applicable`` outcome to its Swedish explanation."""

_RANK: dict[str, int] = {"not_applicable": 0, "pass": 1, "fail": 2}


def worst(outcomes: Iterable[Outcome]) -> Outcome:
    """``fail`` if any outcome fails, else ``pass`` if any passes, else ``not_applicable``."""
    found: Outcome = "not_applicable"
    for o in outcomes:
        if _RANK[o] > _RANK[found]:
            found = o
    return found


@attrs.frozen(kw_only=True)
class CheckResult:
    """One check of a requirement (see :data:`CHECK_NAMES`) and its evidence.

    Attributes:
        name: The check, e.g. ``coverage`` or ``keys``.
        outcome: ``pass`` or ``fail``.
        evidence: Counts, issue codes and row numbers (JSON-ready, no cell values).
    """

    name: str
    outcome: Outcome
    evidence: Mapping[str, Any] = attrs.field(factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: the outcome and the evidence in one object."""
        return {"outcome": self.outcome, **self.evidence}


@attrs.frozen(kw_only=True)
class RequirementResult:
    """The outcome of one requirement of the kravbilaga.

    Attributes:
        requirement: The requirement.
        outcome: ``pass``, ``fail`` or ``not_applicable``.
        checks: The checks that decided it (empty when not applicable).
        reason: For ``not_applicable``: a code of :data:`REASONS`.
        other_findings: Validation findings on the entry that are reported but
            are no conformance criterion (issue code to count).
    """

    requirement: Requirement
    outcome: Outcome
    checks: tuple[CheckResult, ...] = ()
    reason: str | None = None
    other_findings: Mapping[str, int] = attrs.field(factory=dict)

    @property
    def id(self) -> str:
        """The requirement id."""
        return self.requirement.id

    def check(self, name: str) -> CheckResult | None:
        """The check ``name``, or ``None`` when it was not made."""
        return next((c for c in self.checks if c.name == name), None)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (ids, outcome, reason, checks, other findings)."""
        req = self.requirement
        return {
            "id": req.id,
            "kind": req.kind,
            "record_type": req.record_type,
            "variable": req.variable,
            "status": req.status,
            "provisional": req.provisional,
            "mandatory": req.mandatory,
            "outcome": self.outcome,
            "reason": self.reason,
            "checks": {c.name: c.to_dict() for c in self.checks},
            "other_findings": dict(self.other_findings),
        }


def decided(
    req: Requirement, checks: list[CheckResult], other: Mapping[str, int]
) -> RequirementResult:
    """A result whose outcome is the worst of its checks."""
    return RequirementResult(
        requirement=req,
        outcome=worst(c.outcome for c in checks),
        checks=tuple(checks),
        other_findings=dict(sorted(other.items())),
    )


def not_applicable(req: Requirement, reason: str) -> RequirementResult:
    """A result that is not checkable, with the reason code (see :data:`REASONS`)."""
    return RequirementResult(requirement=req, outcome="not_applicable", reason=reason)
