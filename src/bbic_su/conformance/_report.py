"""The conformance report: one outcome per requirement, with the shared result protocol.

>>> import bbic_su
>>> from bbic_su.importing.profile import example_exports
>>> report = bbic_su.check_conformance(example_exports("exempel_lang"), "exempel_lang")
>>> frame = report.to_frame()
>>> frame.loc[frame["requirement"] == "BBIC-SU-RT-barn", ["kind", "outcome"]].values.tolist()
[['record_type', 'fail']]
>>> try:
...     report.raise_for_errors()
... except bbic_su.ConformanceFailed as exc:
...     print(exc.report is report, str(exc).split(":")[0])
True conformance-failed

See :mod:`bbic_su.conformance._kit` for what is checked and the JSON form.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any, Self

import attrs
import pandas as pd

from bbic_su._result import JsonResult
from bbic_su._version import __version__
from bbic_su.conformance._html import render
from bbic_su.conformance._model import MIN_FILL_RATE, PASS_MEANS_SV, Outcome, RequirementResult
from bbic_su.errors import BbicSuError

__all__ = ["SCHEMA", "ConformanceFailed", "ConformanceReport", "InputFile"]

SCHEMA = "bbic-su-conformance/1"
"""The ``schema`` value of the JSON form."""
_FRAME_COLUMNS = [
    "requirement",
    "kind",
    "outcome",
    "reason",
    "record_type",
    "variable",
    "provisional",
    "failed_checks",
]


class ConformanceFailed(BbicSuError, ValueError):
    """A conformance check failed (from :meth:`ConformanceReport.raise_for_errors`).

    Attributes:
        report: The whole report.
    """

    def __init__(self, report: ConformanceReport) -> None:
        self.report = report
        failed = report.failed
        shown = ", ".join(failed[:5]) + (", ..." if len(failed) > 5 else "")
        super().__init__(f"conformance-failed: {len(failed)} requirements fail: {shown}")


@attrs.frozen(kw_only=True)
class InputFile:
    """One export file: its name (no folder), SHA-256 digest and size in bytes."""

    name: str
    sha256: str
    bytes: int


@attrs.frozen(kw_only=True)
class ConformanceReport(JsonResult):
    """The result of :func:`~bbic_su.check_conformance` (``ConformanceResult`` until 0.3).

    It has the shared result protocol (:class:`bbic_su._result.Result`): ``ok`` is
    true when no requirement fails; :meth:`to_frame` has one row per requirement;
    :meth:`raise_for_errors` raises :class:`ConformanceFailed` on a failing verdict.

    Attributes:
        results: One result per requirement, in kravbilaga order.
        inputs: The export files read, sorted by name.
        profile: The profile's name.
        spec_version: The catalogue version.
        spec_date: The catalogue's date.
        plan: The plan's name and selection (no free text), or ``None``.
        imported: Row counts of the import.
        findings: Validation findings per severity and per issue code.
        extensions: File names of the local catalogue extensions.
        extraction_date: The extraction date given (ISO), if any.
        generated_at: The time stamp given by the caller, if any.
        min_fill_rate: The threshold of the ``fill`` check.
    """

    results: tuple[RequirementResult, ...]
    inputs: tuple[InputFile, ...]
    profile: str
    spec_version: str
    spec_date: str
    plan: Mapping[str, Any] | None = None
    imported: Mapping[str, int] = attrs.field(factory=dict)
    findings: Mapping[str, Mapping[str, int]] = attrs.field(factory=dict)
    extensions: tuple[str, ...] = ()
    extraction_date: str | None = None
    generated_at: str | None = None
    min_fill_rate: float = MIN_FILL_RATE

    @property
    def verdict(self) -> Outcome:
        """``pass`` when no requirement fails, else ``fail``."""
        return "fail" if any(r.outcome == "fail" for r in self.results) else "pass"

    @property
    def ok(self) -> bool:
        """True when the verdict is ``pass``."""
        return self.verdict == "pass"

    def get(self, requirement_id: str) -> RequirementResult:
        """The result of requirement ``requirement_id``.

        Raises:
            KeyError: The requirement is not in the (possibly plan-scoped) list.
        """
        for r in self.results:
            if r.id == requirement_id:
                return r
        raise KeyError(requirement_id)

    def outcome(self, requirement_id: str) -> Outcome:
        """The outcome of requirement ``requirement_id``."""
        return self.get(requirement_id).outcome

    @property
    def failed(self) -> tuple[str, ...]:
        """Ids of the failed requirements, in kravbilaga order."""
        return tuple(r.id for r in self.results if r.outcome == "fail")

    def summary(self) -> dict[str, Any]:
        """Counts per outcome, per requirement kind and per check, and the failed ids."""
        by_kind: dict[str, Counter[str]] = {}
        by_check: dict[str, Counter[str]] = {}
        for r in self.results:
            by_kind.setdefault(r.requirement.kind, Counter())[r.outcome] += 1
            for c in r.checks:
                by_check.setdefault(c.name, Counter())[c.outcome] += 1
        outcomes = Counter(r.outcome for r in self.results)
        return {
            "verdict": self.verdict,
            "requirements": len(self.results),
            "by_outcome": {o: outcomes.get(o, 0) for o in ("pass", "fail", "not_applicable")},
            "by_kind": {k: dict(v) for k, v in by_kind.items()},
            "by_check": {k: dict(v) for k, v in by_check.items()},
            "failed": list(self.failed),
            "provisional_failed": sum(
                1 for r in self.results if r.outcome == "fail" and r.requirement.provisional
            ),
        }

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (see the module docstring)."""
        return {
            "schema": SCHEMA,
            "tool": {"name": "bbic-su", "version": __version__},
            "spec": {
                "version": self.spec_version,
                "date": self.spec_date,
                "extensions": list(self.extensions),
                "reconstruction": True,
            },
            "generated_at": self.generated_at,
            "extraction_date": self.extraction_date,
            "profile": self.profile,
            "plan": None if self.plan is None else dict(self.plan),
            "inputs": [attrs.asdict(f) for f in self.inputs],
            "import": dict(self.imported),
            "findings": {k: dict(v) for k, v in self.findings.items()},
            "verdict": self.verdict,
            "verdict_means_sv": list(PASS_MEANS_SV),
            "thresholds": {"min_fill_rate": self.min_fill_rate, "share_valid": 1.0, "keys": 0},
            "summary": self.summary(),
            "requirements": [r.to_dict() for r in self.results],
        }

    def to_frame(self) -> pd.DataFrame:
        """One row per requirement: id, kind, record type, variable, outcome, reason."""
        rows = [
            {
                "requirement": r.id,
                "kind": r.requirement.kind,
                "outcome": r.outcome,
                "reason": r.reason,
                "record_type": r.requirement.record_type,
                "variable": r.requirement.variable,
                "provisional": r.requirement.provisional,
                "failed_checks": ",".join(c.name for c in r.checks if c.outcome == "fail"),
            }
            for r in self.results
        ]
        return pd.DataFrame(rows, columns=_FRAME_COLUMNS)

    def raise_for_errors(self) -> Self:
        """Raise :class:`ConformanceFailed` when a requirement fails; else ``self``."""
        if not self.ok:
            raise ConformanceFailed(self)
        return self

    def to_html(self) -> str:
        """A self-contained Swedish HTML page (inline CSS, no external resources)."""
        return render(self)
