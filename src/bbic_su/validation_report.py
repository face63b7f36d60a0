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

Row accounting: for every record type, *rows read = rows without errors + rows
with errors*, where a row has errors when at least one finding of severity
``error`` points at it. Row numbers are 1-based and count data rows only (the
header row is not counted), so row 1 is the first line after the header.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs
import pandas as pd

from bbic_su.issues import SEVERITIES, Issue, IssueSeverity

__all__ = ["COLUMNS", "Report", "RowCount"]

COLUMNS = (
    "code",
    "severity",
    "rule",
    "record_type",
    "row",
    "file",
    "key",
    "variable",
    "value",
    "message_sv",
    "message_en",
)
"""The fields of one issue in the JSON, CSV, table and Excel forms, in order."""
_EXCEL_MAX_ROWS = 1_048_575


@attrs.frozen
class RowCount:
    """Rows read for one record type, split by whether any error points at them."""

    read: int
    without_errors: int
    with_errors: int


@attrs.frozen(kw_only=True)
class Report:
    """The result of :func:`bbic_su.validate` (or a wrapper around a record's issues).

    Attributes:
        issues: Every finding, ordered by record type, row, then check.
        rows: Row accounting per record type present in the dataset.
        spec_version: The catalogue version validated against.
        source: Where the data came from (a path), if known.
    """

    issues: tuple[Issue, ...]
    rows: Mapping[str, RowCount]
    spec_version: str
    source: str | None = None

    def counts_by_code(self) -> dict[str, int]:
        """Number of findings per issue code."""
        return dict(Counter(i.code.value for i in self.issues))

    def counts_by_variable(self) -> dict[str, int]:
        """Number of findings per ``<record_type>.<variable>`` (``<record_type>`` when none)."""
        return dict(
            Counter(
                f"{i.record_type}.{i.variable}" if i.variable else i.record_type
                for i in self.issues
            )
        )

    def counts_by_severity(self) -> dict[str, int]:
        """Number of findings per severity (every severity present, possibly 0)."""
        counts = Counter(i.severity for i in self.issues)
        return {s: counts.get(s, 0) for s in SEVERITIES}

    def count_at_or_above(self, severity: IssueSeverity) -> int:
        """Number of findings at least as severe as ``severity``."""
        worse = SEVERITIES[: SEVERITIES.index(severity) + 1]
        return sum(1 for i in self.issues if i.severity in worse)

    @property
    def ok(self) -> bool:
        """True when no finding is an error."""
        return self.count_at_or_above("error") == 0

    def summary(self) -> dict[str, Any]:
        """The ``summary`` object of the JSON form."""
        return {
            "spec_version": self.spec_version,
            "source": self.source,
            "ok": self.ok,
            "issues": len(self.issues),
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
        for i in self.issues:
            if i.code == "derived-mismatch" and i.variable is not None:
                inner = pairs.setdefault(i.variable, {})
                inner[str(i.value)] = inner.get(str(i.value), 0) + 1
        return {k: dict(sorted(v.items())) for k, v in sorted(pairs.items())}

    def to_dict(self) -> dict[str, Any]:
        """``{"summary": {...}, "issues": [{...}, ...]}``."""
        return {"summary": self.summary(), "issues": [i.as_dict() for i in self.issues]}

    def to_json(self, indent: int | None = 2) -> str:
        """The JSON form (UTF-8 text, non-ASCII kept)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def to_frame(self) -> pd.DataFrame:
        """One row per finding, columns :data:`COLUMNS` (``row`` is nullable ``Int64``)."""
        data = {c: [getattr(i, c) for i in self.issues] for c in COLUMNS}
        data["code"] = [str(c) for c in data["code"]]
        frame = pd.DataFrame({c: pd.Series(v, dtype=object) for c, v in data.items()})
        frame["row"] = frame["row"].astype("Int64")
        return frame

    def rows_frame(self) -> pd.DataFrame:
        """Row accounting as a frame (one row per record type)."""
        return pd.DataFrame(
            [{"record_type": rt, **attrs.asdict(c)} for rt, c in self.rows.items()],
            columns=["record_type", "read", "without_errors", "with_errors"],
        )

    def to_excel(self, path: str | os.PathLike[str]) -> Path:
        """Write a workbook with sheets ``summary``, ``rows`` and ``issues``.

        Raises:
            DatasetError: openpyxl is not installed.
        """
        from bbic_su._io_excel import _openpyxl

        _openpyxl()
        p = Path(path)
        counts = [("severity", k, v) for k, v in self.counts_by_severity().items()]
        counts += [("code", k, v) for k, v in sorted(self.counts_by_code().items())]
        counts += [("variable", k, v) for k, v in sorted(self.counts_by_variable().items())]
        issues = self.to_frame()
        with pd.ExcelWriter(p, engine="openpyxl") as writer:
            pd.DataFrame(counts, columns=["count_by", "name", "count"]).to_excel(
                writer, sheet_name="summary", index=False
            )
            self.rows_frame().to_excel(writer, sheet_name="rows", index=False)
            issues.head(_EXCEL_MAX_ROWS).to_excel(writer, sheet_name="issues", index=False)
        return p
