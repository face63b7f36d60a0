"""Validation of a dataset or one record: rules, the findings table and the report."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bbic_su._exports import lazy

if TYPE_CHECKING:
    from bbic_su.validation._validate import Progress, validate, validate_record
    from bbic_su.validation.issues import Issue
    from bbic_su.validation.report import (
        COLUMNS,
        Issues,
        RowCount,
        ValidationFailed,
        ValidationReport,
    )

__all__ = [
    "COLUMNS",
    "Issue",
    "Issues",
    "Progress",
    "RowCount",
    "ValidationFailed",
    "ValidationReport",
    "validate",
    "validate_record",
]

__getattr__, __dir__ = lazy(
    __name__,
    {
        "COLUMNS": "bbic_su.validation.report",
        "Issue": "bbic_su.validation.issues",
        "Issues": "bbic_su.validation.report",
        "Progress": "bbic_su.validation._validate",
        "RowCount": "bbic_su.validation.report",
        "ValidationFailed": "bbic_su.validation.report",
        "ValidationReport": "bbic_su.validation.report",
        "validate": "bbic_su.validation._validate",
        "validate_record": "bbic_su.validation._validate",
    },
    old={"Report": "ValidationReport"},
)
