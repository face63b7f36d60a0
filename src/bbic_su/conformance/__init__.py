"""The conformance kit and the kravbilaga (tender annex) it checks against."""

from __future__ import annotations

from bbic_su.conformance._kit import (
    CHECK_NAMES,
    MIN_FILL_RATE,
    PASS_MEANS_SV,
    REASONS,
    SCHEMA,
    CheckResult,
    ConformanceResult,
    InputFile,
    Outcome,
    RequirementResult,
    check_conformance,
)
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
    "ConformanceResult",
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
