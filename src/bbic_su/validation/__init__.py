"""Validation of a dataset or one record: rules, the findings table and the report."""

from __future__ import annotations

from bbic_su.validation._validate import (
    Progress,
    validate,
    validate_record,
)
from bbic_su.validation.issues import Issue
from bbic_su.validation.report import (
    COLUMNS,
    Issues,
    Report,
    RowCount,
    ValidationFailed,
)

__all__ = [
    "COLUMNS",
    "Issue",
    "Issues",
    "Progress",
    "Report",
    "RowCount",
    "ValidationFailed",
    "validate",
    "validate_record",
]
