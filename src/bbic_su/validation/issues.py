"""Validation findings: the frozen :class:`Issue`, one finding as an object.

>>> import bbic_su
>>> issue = bbic_su.validate_record({"barn_id": "b1", "kon": "x"}, record_type="barn")[0]
>>> issue.code.value, issue.variable
('invalid-code', 'kon')

Findings are kept as columns (:class:`~bbic_su.validation.report.ValidationReport`); an
:class:`Issue` is made only for a finding that is looked at. The codes themselves
are :class:`~bbic_su.spec.issue_codes.IssueCode`, re-exported here.
"""

from __future__ import annotations

import attrs

from bbic_su.spec.issue_codes import (
    ISSUE_CODES,
    SEVERITIES,
    IssueCode,
    IssueCodeInfo,
    IssueSeverity,
)

__all__ = ["ISSUE_CODES", "SEVERITIES", "Issue", "IssueCode", "IssueCodeInfo", "IssueSeverity"]


@attrs.frozen(kw_only=True)
class Issue:
    """One validation finding.

    Attributes:
        code: The stable issue code.
        severity: ``error``, ``warning`` or ``info``.
        rule: The catalogue rule id (e.g. ``"R07"``), or ``None`` when the finding
            comes from a variable's datatype or value set.
        record_type: The record type of the row.
        row: 1-based row number in the source (data rows only, the header excluded);
            ``None`` for findings about a whole column or table, or from
            :func:`bbic_su.validate_record`.
        key: The record's pseudonymous id, or ``None`` when missing or unsafe to show.
        variable: The variable or key column concerned.
        value: The offending value when it is a code, an ISO date or an integer.
        message_sv: Swedish message.
        message_en: English message.
        legal: Ids of the legal sources cited (``L_...``).
        file: The export file the row was read from, when the dataset knows it
            (an imported dataset, also after writing and reading it back).
    """

    code: IssueCode
    severity: IssueSeverity
    rule: str | None
    record_type: str
    row: int | None
    key: str | None
    variable: str | None
    value: str | int | None
    message_sv: str
    message_en: str
    legal: tuple[str, ...] = ()
    file: str | None = None

    def as_dict(self) -> dict[str, str | int | None]:
        """The JSON form of the issue (the keys of the report's ``issues`` list)."""
        return {
            "code": self.code.value,
            "severity": self.severity,
            "rule": self.rule,
            "record_type": self.record_type,
            "row": self.row,
            "file": self.file,
            "key": self.key,
            "variable": self.variable,
            "value": self.value,
            "message_sv": self.message_sv,
            "message_en": self.message_en,
        }
