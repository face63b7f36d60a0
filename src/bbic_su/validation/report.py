"""The validation report: every finding, counts, and row accounting per record type.

>>> import pandas as pd, bbic_su
>>> frame = pd.DataFrame({"barn_id": ["b1", "b2"], "kon": ["flicka", "X y"]})
>>> ds = bbic_su.Dataset({"barn": frame})
>>> report = bbic_su.validate(ds)
>>> report.rows["barn"]
RowCount(read=2, without_errors=1, with_errors=1)
>>> report.counts_by_code()["free-text-in-code-field"]
1
>>> sorted(report.to_dict())
['issues', 'summary']
>>> errors = report.filter(severity="error")
>>> errors.counts(by="code")
{'free-text-in-code-field': 1}
>>> [(i.code.value, i.row, i.key) for i in errors.issues]
[('free-text-in-code-field', 2, 'b2')]
>>> errors.to_frame()[["code", "row", "key"]].values.tolist()
[['free-text-in-code-field', 2, 'b2']]

Findings are held as columns (:mod:`bbic_su.validation._findings`):
:attr:`ValidationReport.issues` is a lazy sequence that builds an
:class:`~bbic_su.validation.issues.Issue` only for the findings a caller touches;
:meth:`ValidationReport.to_frame`, :meth:`ValidationReport.counts`,
:meth:`ValidationReport.filter` and the JSON and Excel writers work on the columns
(the writers stream to disk).

Row accounting: for every record type, *rows read = rows without errors + rows
with errors*, where a row has errors when at least one finding of severity
``error`` points at it. Row numbers are 1-based and count data rows only (the
header row is not counted), so row 1 is the first line after the header.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, overload

import attrs
import numpy as np
import pandas as pd

from bbic_su._exports import renamed
from bbic_su.errors import BbicSuError
from bbic_su.frames._io_excel import load_openpyxl
from bbic_su.spec.issue_codes import SEVERITIES, IssueSeverity
from bbic_su.validation._findings import FindingsTable, Template
from bbic_su.validation._findings_io import (
    COLUMNS,
    findings_frame,
    table_of_issues,
    write_issues_sheet,
    write_json,
)
from bbic_su.validation.issues import Issue

__all__ = ["COLUMNS", "Issues", "RowCount", "ValidationFailed", "ValidationReport"]

_EXCEL_MAX_ROWS = 1_048_575
_BATCH = 4096
_BLOCK = 1 << 20
_FILTERS = ("code", "severity", "record_type", "variable", "rule")


class ValidationFailed(BbicSuError, ValueError):
    """Raised by :meth:`ValidationReport.raise_for_errors`: the report holds errors.

    Attributes:
        report: The report (its findings at or above the severity asked for).
    """

    def __init__(self, report: ValidationReport, severity: str) -> None:
        self.report = report
        counts = report.counts(by="code")
        codes = ", ".join(f"{c} ({n})" for c, n in sorted(counts.items()))
        super().__init__(
            f"validation found {len(report.issues)} finding(s) at or above {severity}: {codes}"
        )


@attrs.frozen
class RowCount:
    """Rows read for one record type, split by whether any error points at them."""

    read: int
    without_errors: int
    with_errors: int


class Issues(Sequence[Issue]):
    """The findings of a report as a read-only sequence of :class:`~.issues.Issue`.

    Lazy: ``len``, indexing, slicing (another :class:`Issues`) and iteration build
    ``Issue`` objects only for the findings touched. Compares equal to any sequence
    holding the same issues in the same order (e.g. a tuple).
    """

    def __init__(self, table: Any) -> None:
        self._table: FindingsTable = table

    def __len__(self) -> int:
        return len(self._table)

    @overload
    def __getitem__(self, index: int) -> Issue: ...

    @overload
    def __getitem__(self, index: slice) -> Issues: ...

    def __getitem__(self, index: int | slice) -> Issue | Issues:
        n = len(self._table)
        if isinstance(index, slice):
            return Issues(self._table.take(np.arange(n)[index]))
        i = index.__index__()
        if not -n <= i < n:
            raise IndexError("issue index out of range")
        return self._table.issue(i % n)

    def __iter__(self) -> Iterator[Issue]:
        for start in range(0, len(self._table), _BATCH):
            for t, row, key, value, file in self._table.rows(start, start + _BATCH):
                yield t.issue(row, key, value, file)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    # __eq__ without __hash__: Python sets __hash__ to None (unhashable, like a list)

    def __repr__(self) -> str:
        return f"<Issues: {len(self)} findings>"


def _field(t: Template, name: str) -> str | None:
    value = getattr(t, name)
    return None if value is None else str(value)


class ValidationReport:
    """The result of :func:`bbic_su.validate` (or a wrapper around a record's issues).

    ``Report`` until 0.3 (the old name still works, with a :class:`DeprecationWarning`).
    It has the shared result protocol (:class:`bbic_su._result.Result`): ``ok`` is true
    when no finding is an error; :meth:`to_frame` has one row per finding.

    Args:
        issues: Every finding, ordered by record type, row, then check.
        rows: Row accounting per record type present in the dataset.
        spec_version: The catalogue version validated against.
        source: Where the data came from (a path), if known.

    Attributes:
        rows: Row accounting per record type present in the dataset.
        spec_version: The catalogue version validated against.
        source: Where the data came from (a path), if known.
    """

    def __init__(
        self,
        *,
        issues: Sequence[Issue] = (),
        rows: Mapping[str, RowCount],
        spec_version: str,
        source: str | None = None,
    ) -> None:
        self._table = table_of_issues(issues)
        self.rows = rows
        self.spec_version = spec_version
        self.source = source

    @classmethod
    def _of(
        cls,
        table: FindingsTable,
        rows: Mapping[str, RowCount],
        spec_version: str,
        source: str | None,
    ) -> ValidationReport:
        """A report over a findings table (how :func:`bbic_su.validate` makes one)."""
        report = cls(rows=rows, spec_version=spec_version, source=source)
        report._table = table
        return report

    @property
    def issues(self) -> Issues:
        """Every finding, ordered by record type, row, then check (a lazy sequence)."""
        return Issues(self._table)

    def __repr__(self) -> str:
        return f"<ValidationReport: {len(self._table)} findings, spec {self.spec_version}>"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ValidationReport):
            return NotImplemented
        return (self.rows, self.spec_version, self.source) == (
            other.rows,
            other.spec_version,
            other.source,
        ) and self.issues == other.issues

    # __eq__ without __hash__: Python sets __hash__ to None (unhashable, like a list)

    def counts(self, by: str | Sequence[str] = "code") -> dict[Any, int]:
        """Number of findings per value of ``by`` (columns of :data:`COLUMNS`).

        Args:
            by: One column (keys are its values) or several (keys are tuples), among
                ``code``, ``severity``, ``rule``, ``record_type``, ``variable``.

        Returns:
            Counts in order of first occurrence; findings whose value is missing
            (e.g. no rule) count under ``None``.
        """
        names = [by] if isinstance(by, str) else list(by)
        for name in names:
            if name not in _FILTERS:
                raise BbicSuError(f"counts(by=...): unknown column {name!r}; use {_FILTERS}")
        table = self._table
        size = len(table.templates)
        per = np.bincount(table.tid, minlength=size)
        first = np.full(size, len(table), dtype=np.int64)
        for start in range(0, len(table), _BLOCK):  # blockwise: memory stays small
            block = table.tid[start : start + _BLOCK]
            seen, where = np.unique(block, return_index=True)
            first[seen] = np.minimum(first[seen], where + start)
        found: dict[Any, list[int]] = {}
        for t, n, at in zip(table.templates, per.tolist(), first.tolist(), strict=True):
            if n:
                key = tuple(_field(t, name) for name in names)
                hit = found.setdefault(key[0] if isinstance(by, str) else key, [at, 0])
                hit[0], hit[1] = min(hit[0], at), hit[1] + n
        return {k: v[1] for k, v in sorted(found.items(), key=lambda kv: kv[1][0])}

    def counts_by_code(self) -> dict[str, int]:
        """Number of findings per issue code."""
        return self.counts("code")

    def counts_by_variable(self) -> dict[str, int]:
        """Number of findings per ``<record_type>.<variable>`` (``<record_type>`` when none)."""
        out: dict[str, int] = {}
        for (rt, var), n in self.counts(("record_type", "variable")).items():
            name = f"{rt}.{var}" if var else rt
            out[name] = out.get(name, 0) + n
        return out

    def counts_by_severity(self) -> dict[str, int]:
        """Number of findings per severity (every severity present, possibly 0)."""
        counts = self.counts("severity")
        return {s: counts.get(s, 0) for s in SEVERITIES}

    def count_at_or_above(self, severity: IssueSeverity) -> int:
        """Number of findings at least as severe as ``severity``."""
        worse = SEVERITIES[: SEVERITIES.index(severity) + 1]
        return sum(n for s, n in self.counts("severity").items() if s in worse)

    @property
    def ok(self) -> bool:
        """True when no finding is an error."""
        return self.count_at_or_above("error") == 0

    def filter(
        self,
        *,
        code: str | Sequence[str] | None = None,
        severity: str | Sequence[str] | None = None,
        record_type: str | Sequence[str] | None = None,
        variable: str | Sequence[str] | None = None,
        rule: str | Sequence[str] | None = None,
    ) -> ValidationReport:
        """The findings matching every criterion given (each one value or several).

        The row accounting (:attr:`rows`) is the whole report's.
        """
        keep = np.ones(len(self._table), dtype=bool)
        for name, wanted in zip(
            _FILTERS, (code, severity, record_type, variable, rule), strict=True
        ):
            if wanted is None:
                continue
            allowed = {str(wanted)} if isinstance(wanted, str) else {str(w) for w in wanted}
            codes, distinct = self._table.per_template(name)
            hit = np.array([str(d) in allowed for d in distinct] + [False], dtype=bool)
            keep &= hit[codes]
        return self._subset(np.flatnonzero(keep))

    def head(self, n: int = 10) -> ValidationReport:
        """The first ``n`` findings (the row accounting is the whole report's)."""
        return self._subset(np.arange(min(max(n, 0), len(self._table))))

    def _subset(self, index: np.ndarray[Any, Any]) -> ValidationReport:
        return ValidationReport._of(
            self._table.take(index), self.rows, self.spec_version, self.source
        )

    def raise_for_errors(self, severity: IssueSeverity = "error") -> ValidationReport:
        """Raise :class:`ValidationFailed` if a finding is at least ``severity``; else ``self``.

        Raises:
            ValidationFailed: With the offending findings as its ``report``.
        """
        if self.count_at_or_above(severity):
            worse = SEVERITIES[: SEVERITIES.index(severity) + 1]
            raise ValidationFailed(self.filter(severity=worse), severity)
        return self

    def summary(self) -> dict[str, Any]:
        """The ``summary`` object of the JSON form."""
        return {
            "spec_version": self.spec_version,
            "source": self.source,
            "ok": self.ok,
            "issues": len(self._table),
            "by_severity": self.counts_by_severity(),
            "by_code": dict(sorted(self.counts_by_code().items())),
            "by_variable": dict(sorted(self.counts_by_variable().items())),
            "derived_mismatch": self._derived_pairs(),
            "rows": {rt: attrs.asdict(c) for rt, c in self.rows.items()},
            "row_accounting": "rows read = rows without errors + rows with errors; "
            "rows are numbered from 1, data rows only (the header is not counted)",
        }

    def _derived_pairs(self) -> dict[str, dict[str, int]]:
        """``derived-mismatch`` counts per variable and ``supplied → derived`` pair."""
        pairs: dict[str, dict[str, int]] = {}
        for i in self.filter(code="derived-mismatch").issues:  # those alone: no object per finding
            if i.variable is not None:
                inner = pairs.setdefault(i.variable, {})
                inner[str(i.value)] = inner.get(str(i.value), 0) + 1
        return {k: dict(sorted(v.items())) for k, v in sorted(pairs.items())}

    def to_dict(self) -> dict[str, Any]:
        """``{"summary": {...}, "issues": [{...}, ...]}``."""
        return {"summary": self.summary(), "issues": [i.as_dict() for i in self.issues]}

    def to_json(self, indent: int | None = 2) -> str:
        """The JSON form (UTF-8 text, non-ASCII kept)."""
        out = io.BytesIO()
        write_json(out, self.summary(), self._table, indent)
        return out.getvalue().decode("utf-8")

    def write_json(self, path: str | os.PathLike[str], indent: int | None = 2) -> Path:
        """Write the JSON form to ``path``, streamed (memory does not grow with findings)."""
        p = Path(path)
        with p.open("wb") as out:
            write_json(out, self.summary(), self._table, indent)
            out.write(b"\n")
        return p

    def to_frame(self) -> pd.DataFrame:
        """One row per finding, columns :data:`COLUMNS` (``row`` is nullable ``Int64``).

        Built from the columns: the text columns are categorical, ``key`` is text.
        """
        return findings_frame(self._table)

    def rows_frame(self) -> pd.DataFrame:
        """Row accounting as a frame (one row per record type)."""
        return pd.DataFrame(
            [{"record_type": rt, **attrs.asdict(c)} for rt, c in self.rows.items()],
            columns=["record_type", "read", "without_errors", "with_errors"],
        )

    def to_excel(self, path: str | os.PathLike[str]) -> Path:
        """Write a workbook with sheets ``summary``, ``rows`` and ``issues``, streamed.

        At most 1,048,575 findings fit a sheet; the rest are left out.

        Raises:
            DatasetError: openpyxl is not installed.
        """
        openpyxl = load_openpyxl()
        p = Path(path)
        counts = [("severity", k, v) for k, v in self.counts_by_severity().items()]
        counts += [("code", k, v) for k, v in sorted(self.counts_by_code().items())]
        counts += [("variable", k, v) for k, v in sorted(self.counts_by_variable().items())]
        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet("summary")
        sheet.append(["count_by", "name", "count"])
        for row in counts:
            sheet.append(list(row))
        sheet = book.create_sheet("rows")
        rows = self.rows_frame()
        sheet.append(list(rows.columns))
        for record in rows.itertuples(index=False):
            sheet.append([v if isinstance(v, str) else int(v) for v in record])
        write_issues_sheet(book.create_sheet("issues"), self._table, _EXCEL_MAX_ROWS)
        book.save(p)
        return p


__getattr__ = renamed(__name__, {"Report": "ValidationReport"})
