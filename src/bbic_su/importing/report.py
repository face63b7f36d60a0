"""The import report: every source row accounted for, every unmapped column and value listed.

>>> from bbic_su.importing.report import FileReport, ImportReport, RejectedRow
>>> f = FileReport(file="export.csv", record_type="barn", rows_read=3, rows_imported=2,
...                rejected_rows=[RejectedRow(row=2, reason="invalid-personnummer")])
>>> f.rows_rejected, f.balanced
(1, True)
>>> r = ImportReport(profile="exempel_bred_cp1252", files=[f])
>>> r.exit_status(), r.to_dict()["files"][0]["rejected_rows"][0]["reason"]
(1, 'invalid-personnummer')

Written as ``import-report.json`` by ``bbic-su import``. For every file (and,
for a workbook, sheet) and record type: ``rows_read == rows_imported +
rows_rejected`` (:attr:`FileReport.balanced`); completely blank rows are not
data rows and are counted apart in ``blank_rows``. Each rejected row has its
1-based data-row number (``row``), a kebab-case ``reason`` and the reason in
Swedish and English. Unmapped values are listed only for coded, date and
integer columns, truncated to 40 characters; a value shaped like a
personnummer is shown as ``<redacted>``; values of free-text and
identity-number columns are never listed.
"""

from __future__ import annotations

from typing import Any, Self

import attrs
import pandas as pd

from bbic_su._result import JsonResult
from bbic_su.errors import BbicSuError

__all__ = [
    "REASONS",
    "FileReport",
    "ImportFailed",
    "ImportReport",
    "RejectedRow",
    "UnmappedValue",
]

REPORT_SCHEMA = "bbic-su-import-report/1"
REASONS: dict[str, tuple[str, str]] = {
    "ragged-row": (
        "Raden har fler fält än rubrikraden",
        "The row has more fields than the header",
    ),
    "invalid-personnummer": (
        "Ogiltigt person- eller samordningsnummer",
        "Invalid personal identity number or coordination number",
    ),
    "missing-case-id": (
        "Ärende-id saknas (långt format)",
        "The case id is missing (long layout)",
    ),
    "missing-variable-name": (
        "Variabelnamn saknas (långt format)",
        "The variable name is missing (long layout)",
    ),
    "conflicting-values": (
        "Olika värden för samma ärende och variabel (långt format)",
        "Different values for the same case and variable (long layout)",
    ),
}
"""Reason code to (Swedish, English) text of every rejection."""
MAX_ECHO = 40


def shorten(text: str) -> str:
    """Cut a value to :data:`MAX_ECHO` characters for a report."""
    return text if len(text) <= MAX_ECHO else text[: MAX_ECHO - 1] + "…"


@attrs.define
class RejectedRow:
    """A source row that was not imported: its 1-based data-row number and why."""

    row: int
    reason: str
    column: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON form, with the reason's Swedish and English text."""
        sv, en = REASONS[self.reason]
        return {
            "row": self.row,
            "reason": self.reason,
            "column": self.column,
            "message_sv": sv,
            "message_en": en,
        }


@attrs.define
class UnmappedValue:
    """A source value that maps to no code (or is no valid date or integer)."""

    column: str
    variable: str | None
    value: str
    count: int

    def to_dict(self) -> dict[str, Any]:
        """The JSON form."""
        return {
            "column": self.column,
            "variable": self.variable,
            "value": shorten(self.value),
            "count": self.count,
        }


@attrs.define(kw_only=True)
class FileReport:
    """What became of one file (or sheet) read as one record type."""

    file: str
    record_type: str
    sheet: str | None = None
    layout: str = "wide"
    encoding: str | None = None
    delimiter: str | None = None
    header_row: int = 1
    rows_read: int = 0
    rows_imported: int = 0
    blank_rows: int = 0
    rejected_rows: list[RejectedRow] = attrs.field(factory=list)
    unmapped_columns: list[str] = attrs.field(factory=list)
    missing_columns: list[str] = attrs.field(factory=list)
    unmapped_values: list[UnmappedValue] = attrs.field(factory=list)

    @property
    def rows_rejected(self) -> int:
        """Number of rejected rows."""
        return len(self.rejected_rows)

    @property
    def balanced(self) -> bool:
        """True when ``rows_read == rows_imported + rows_rejected``."""
        return self.rows_read == self.rows_imported + self.rows_rejected

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (keys as in ``import-report.json``)."""
        return {
            "file": self.file,
            "sheet": self.sheet,
            "record_type": self.record_type,
            "layout": self.layout,
            "encoding": self.encoding,
            "delimiter": self.delimiter,
            "header_row": self.header_row,
            "rows_read": self.rows_read,
            "rows_imported": self.rows_imported,
            "rows_rejected": self.rows_rejected,
            "blank_rows": self.blank_rows,
            "rejected_rows": [r.to_dict() for r in sorted(self.rejected_rows, key=_row_key)],
            "unmapped_columns": [shorten(c) for c in self.unmapped_columns],
            "missing_optional_columns": list(self.missing_columns),
            "unmapped_values": [
                u.to_dict() for u in sorted(self.unmapped_values, key=_unmapped_key)
            ],
        }


def _row_key(r: RejectedRow) -> tuple[int, str]:
    return r.row, r.reason


def _unmapped_key(u: UnmappedValue) -> tuple[str, int, str]:
    return u.column, -u.count, u.value


class ImportFailed(BbicSuError, ValueError):
    """An import left rows out (from :meth:`ImportReport.raise_for_errors`).

    Attributes:
        report: The whole report.
    """

    def __init__(self, report: ImportReport, *, strict: bool = False) -> None:
        self.report = report
        text = f"import-rejected-rows: {report.rows_rejected} of {report.rows_read} rows rejected"
        if strict and report.unmapped_values:
            text += f"; {report.unmapped_values} unmapped values"
        super().__init__(text)


_FRAME_COLUMNS = [
    "file",
    "sheet",
    "record_type",
    "layout",
    "rows_read",
    "rows_imported",
    "rows_rejected",
    "blank_rows",
    "unmapped_values",
    "unmapped_columns",
    "missing_columns",
    "balanced",
]


@attrs.define(kw_only=True)
class ImportReport(JsonResult):
    """The report of one import: per-file accounts and the profile used.

    It has the shared result protocol (:class:`bbic_su._result.Result`): ``ok`` is
    true when no row was rejected; :meth:`to_frame` has one row per file (and sheet);
    :meth:`raise_for_errors` raises :class:`ImportFailed`.
    """

    profile: str
    files: list[FileReport] = attrs.field(factory=list)
    accepted_guesses: list[str] = attrs.field(factory=list)
    """Drafted guesses left unreviewed in the profile and accepted with
    ``accept_guesses`` (``--accept-guesses``): their key paths and scores."""
    derived: dict[str, str] = attrs.field(factory=dict)
    """Record types the import derived rather than read (e.g. ``barn`` from the
    identity numbers when no ``barn`` file was exported), with what from."""

    @property
    def rows_read(self) -> int:
        """Rows read over all files."""
        return sum(f.rows_read for f in self.files)

    @property
    def rows_imported(self) -> int:
        """Rows imported over all files."""
        return sum(f.rows_imported for f in self.files)

    @property
    def rows_rejected(self) -> int:
        """Rows rejected over all files."""
        return sum(f.rows_rejected for f in self.files)

    @property
    def unmapped_values(self) -> int:
        """Number of distinct unmapped values over all files and columns."""
        return sum(len(f.unmapped_values) for f in self.files)

    def exit_status(self, *, strict: bool = False) -> int:
        """0 when clean; 1 with rejected rows, or with unmapped values when ``strict``."""
        if self.rows_rejected or (strict and self.unmapped_values):
            return 1
        return 0

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of ``import-report.json``."""
        return {
            "schema": REPORT_SCHEMA,
            "profile": self.profile,
            "rows_read": self.rows_read,
            "rows_imported": self.rows_imported,
            "rows_rejected": self.rows_rejected,
            "unmapped_values": self.unmapped_values,
            "accepted_guesses": list(self.accepted_guesses),
            "derived_record_types": dict(self.derived),
            "files": [f.to_dict() for f in self.files],
        }

    @property
    def ok(self) -> bool:
        """True when every row read was imported (no rejected row)."""
        return self.rows_rejected == 0

    def raise_for_errors(self, *, strict: bool = False) -> Self:
        """Raise :class:`ImportFailed` on rejected rows (or unmapped values if ``strict``).

        Returns:
            The report itself, when :meth:`exit_status` is 0.
        """
        if self.exit_status(strict=strict):
            raise ImportFailed(self, strict=strict)
        return self

    def summary(self) -> dict[str, Any]:
        """The counts of the whole import (no cell values)."""
        return {
            "ok": self.ok,
            "profile": self.profile,
            "files": len(self.files),
            "rows_read": self.rows_read,
            "rows_imported": self.rows_imported,
            "rows_rejected": self.rows_rejected,
            "blank_rows": sum(f.blank_rows for f in self.files),
            "unmapped_values": self.unmapped_values,
            "unmapped_columns": sum(len(f.unmapped_columns) for f in self.files),
            "missing_columns": sum(len(f.missing_columns) for f in self.files),
            "accepted_guesses": len(self.accepted_guesses),
            "derived_record_types": sorted(self.derived),
        }

    def to_frame(self) -> pd.DataFrame:
        """One row per file (and sheet) and record type: its counts and ``balanced``."""
        rows = [
            {
                "file": f.file,
                "sheet": f.sheet,
                "record_type": f.record_type,
                "layout": f.layout,
                "rows_read": f.rows_read,
                "rows_imported": f.rows_imported,
                "rows_rejected": f.rows_rejected,
                "blank_rows": f.blank_rows,
                "unmapped_values": len(f.unmapped_values),
                "unmapped_columns": len(f.unmapped_columns),
                "missing_columns": len(f.missing_columns),
                "balanced": f.balanced,
            }
            for f in self.files
        ]
        return pd.DataFrame(rows, columns=_FRAME_COLUMNS)

    def summary_lines(self, lang: str = "en") -> list[str]:
        """A few lines for the terminal (numbers only, no cell values), ``sv`` or ``en``."""
        sv = lang == "sv"
        lines = []
        for f in self.files:
            where = f.file if f.sheet is None else f"{f.file}[{f.sheet}]"
            if sv:
                lines.append(
                    f"{where} -> {f.record_type}: lästa {f.rows_read}, importerade "
                    f"{f.rows_imported}, avvisade {f.rows_rejected}, omappade värden "
                    f"{len(f.unmapped_values)}, omappade kolumner {len(f.unmapped_columns)}"
                )
            else:
                lines.append(
                    f"{where} -> {f.record_type}: read {f.rows_read}, imported {f.rows_imported}, "
                    f"rejected {f.rows_rejected}, unmapped values {len(f.unmapped_values)}, "
                    f"unmapped columns {len(f.unmapped_columns)}"
                )
        if sv:
            lines.append(
                f"totalt: lästa {self.rows_read}, importerade {self.rows_imported}, "
                f"avvisade {self.rows_rejected}, omappade värden {self.unmapped_values}"
            )
        else:
            lines.append(
                f"total: read {self.rows_read}, imported {self.rows_imported}, "
                f"rejected {self.rows_rejected}, unmapped values {self.unmapped_values}"
            )
        for rt, how in self.derived.items():
            if sv:
                lines.append(f"härledd posttyp {rt} (inte exporterad) ur {how}")
            else:
                lines.append(f"derived {rt} (not exported) from {how}")
        if self.accepted_guesses:
            n = len(self.accepted_guesses)
            lines.append(
                f"ogranskade gissningar som godtogs: {n} (listas i rapporten, accepted_guesses)"
                if sv
                else f"accepted unreviewed guesses: {n} (listed in the report as accepted_guesses)"
            )
        return lines
