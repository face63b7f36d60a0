"""The conformance kit and the kravbilaga (tender annex) it checks against."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bbic_su._exports import lazy

if TYPE_CHECKING:
    from bbic_su.conformance._kit import check_conformance
    from bbic_su.conformance._model import (
        CHECK_NAMES,
        MIN_FILL_RATE,
        PASS_MEANS_SV,
        REASONS,
        CheckResult,
        Outcome,
        RequirementResult,
    )
    from bbic_su.conformance._report import SCHEMA, ConformanceFailed, ConformanceReport, InputFile
    from bbic_su.conformance.kravbilaga import (
        COLUMNS,
        DOCS_URL,
        FORMATS,
        KravbilagaError,
        KravFormat,
        front_matter,
        render,
        rows,
        to_csv,
        write_kravbilaga,
    )

__all__ = [
    "CHECK_NAMES",
    "COLUMNS",
    "DOCS_URL",
    "FORMATS",
    "MIN_FILL_RATE",
    "PASS_MEANS_SV",
    "REASONS",
    "SCHEMA",
    "CheckResult",
    "ConformanceFailed",
    "ConformanceReport",
    "InputFile",
    "KravFormat",
    "KravbilagaError",
    "Outcome",
    "RequirementResult",
    "check_conformance",
    "front_matter",
    "render",
    "rows",
    "to_csv",
    "write_kravbilaga",
]

__getattr__, __dir__ = lazy(
    __name__,
    {
        "CHECK_NAMES": "bbic_su.conformance._model",
        "COLUMNS": "bbic_su.conformance.kravbilaga",
        "CheckResult": "bbic_su.conformance._model",
        "ConformanceFailed": "bbic_su.conformance._report",
        "ConformanceReport": "bbic_su.conformance._report",
        "DOCS_URL": "bbic_su.conformance.kravbilaga",
        "FORMATS": "bbic_su.conformance.kravbilaga",
        "InputFile": "bbic_su.conformance._report",
        "KravFormat": "bbic_su.conformance.kravbilaga",
        "KravbilagaError": "bbic_su.conformance.kravbilaga",
        "MIN_FILL_RATE": "bbic_su.conformance._model",
        "Outcome": "bbic_su.conformance._model",
        "PASS_MEANS_SV": "bbic_su.conformance._model",
        "REASONS": "bbic_su.conformance._model",
        "RequirementResult": "bbic_su.conformance._model",
        "SCHEMA": "bbic_su.conformance._report",
        "check_conformance": "bbic_su.conformance._kit",
        "front_matter": "bbic_su.conformance.kravbilaga",
        "render": "bbic_su.conformance.kravbilaga",
        "rows": "bbic_su.conformance.kravbilaga",
        "to_csv": "bbic_su.conformance.kravbilaga",
        "write_kravbilaga": "bbic_su.conformance.kravbilaga",
    },
    old={"ConformanceResult": "ConformanceReport"},
)
