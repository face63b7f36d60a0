"""The ``derived-mismatch`` finding: a supplied derived column that differs from its derivation.

>>> import pandas as pd, bbic_su
>>> ds = bbic_su.Dataset({
...     "barn": pd.DataFrame({"barn_id": ["b1"], "kommunkod": ["0180"], "fodelsear": ["2010"]}),
...     "aktualisering": pd.DataFrame({"aktualisering_id": ["a1", "a2"], "barn_id": ["b1", "b1"],
...         "aktualiseringsdatum": ["2024-01-10", "2024-09-01"],
...         "ateraktualisering": ["ja", "nej"]}),
...     "utredning": pd.DataFrame(columns=["utredning_id", "barn_id", "aktualisering_id",
...         "utredning_avslutad_datum"]),
...     "insats": pd.DataFrame(columns=["insats_id", "barn_id", "utredning_id"]),
...     "uppfoljning": pd.DataFrame(columns=["uppfoljning_id", "barn_id", "insats_id",
...         "insats_avslutad_datum"]),
... })
>>> report = bbic_su.validate(ds, extraction_date="2024-12-31")
>>> [(i.code.value, i.row, i.value) for i in report.issues if i.code == "derived-mismatch"]
[('derived-mismatch', 1, 'ja → nej')]
>>> report.summary()["derived_mismatch"]
{'ateraktualisering': {'ja → nej': 1}}

Each supplied derived column (present and not entirely empty) is derived again from the
other records with :func:`bbic_su.frames.derivation.derive_columns` and compared cell by cell
on the typed values; cells that failed to parse, or have another finding, are reported
as such, not here. Where a derivation without a window gives nothing (an input is
missing) there is nothing to compare; an empty window derivation means the window had
not closed at the extraction date, and a supplied value there disagrees.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping

import numpy as np
import pandas as pd

from bbic_su.expr._api import parse
from bbic_su.frames._views import View
from bbic_su.frames.dataset import Dataset
from bbic_su.frames.derivation import derive_columns, derived_variables
from bbic_su.spec._catalog import Catalog
from bbic_su.spec._derive_lang import needs_extraction_date
from bbic_su.spec.issue_codes import IssueCode
from bbic_su.validation._rules import format_issue
from bbic_su.validation.issues import Issue

__all__ = ["derived_mismatch_issues", "derived_mismatches"]


def _typed(kind: str, column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Comparable values and a missing mask."""
    if kind == "date":
        arr = pd.to_datetime(column, errors="coerce").to_numpy(dtype="datetime64[D]")
        return arr.astype(np.int64), np.isnat(arr)
    if kind == "integer":
        ints = pd.to_numeric(column, errors="coerce").astype("Float64")
        return ints.fillna(0).to_numpy(np.float64), ints.isna().to_numpy(bool)
    text = column.astype(object)
    return text.to_numpy(dtype=object), column.isna().to_numpy(bool)


def derived_mismatches(
    cat: Catalog,
    dataset: Dataset,
    views: Mapping[str, View],
    when: dt.date | None,
    reported: Collection[tuple[str, int | None, str | None]] = (),
) -> list[tuple[str, str, np.ndarray, list[str]]]:
    """Per supplied derived column: record type, variable, positions and shown values.

    The columnar form of :func:`derived_mismatch_issues` (the bulk path's).
    """
    supplied = [
        v
        for v in derived_variables(cat)
        if v.record_type in views
        and v.id in views[v.record_type].columns
        and bool(views[v.record_type].columns[v.id].notna().any())
        and (when is not None or not needs_extraction_date(parse(v.derivation or "")))
    ]
    if not supplied:
        return []
    result = derive_columns(dataset, extraction_date=when, variables=supplied, catalog=cat)
    out = []
    for v in supplied:
        derived = result.columns.get((v.record_type, v.id))
        if derived is None:  # skipped: needs the extraction date
            continue
        view = views[v.record_type]
        kind = str(v.datatype)
        got, got_missing = _typed(kind, view.columns[v.id].reset_index(drop=True))
        want, want_missing = _typed(kind, derived.reset_index(drop=True))
        differ = want_missing | (got != want)
        if not needs_extraction_date(parse(v.derivation or "")):
            differ &= ~want_missing  # empty: an input is missing, nothing to compare
        if v.derivation and v.derivation.startswith("alder("):  # from the birth year only
            differ &= ~(~want_missing & (got == want - 1))
        bad = ~got_missing & differ
        if v.id in view.failed:
            bad &= ~view.failed[v.id]
        positions = np.array(
            [
                p
                for p in np.flatnonzero(bad).tolist()
                if (v.record_type, int(view.rows[p]), v.id) not in reported
            ],
            dtype=np.int64,
        )
        if not len(positions):
            continue
        shown_got = view.columns[v.id].take(positions).astype(object).to_numpy()
        shown_want = derived.take(positions).astype(object).to_numpy()
        values = [f"{_text(a)} → {_text(b)}" for a, b in zip(shown_got, shown_want, strict=True)]
        out.append((v.record_type, v.id, positions, values))
    return out


def derived_mismatch_issues(
    cat: Catalog,
    dataset: Dataset,
    views: Mapping[str, View],
    when: dt.date | None,
    reported: Collection[tuple[str, int | None, str | None]] = (),
) -> list[Issue]:
    """``derived-mismatch`` findings of every supplied derived column, in row order.

    Cells in ``reported`` (record type, row, variable), which have another finding
    already, are not reported again.
    """
    issues: list[Issue] = []
    for rt, variable, positions, values in derived_mismatches(cat, dataset, views, when, reported):
        view = views[rt]
        for p, value in zip(positions.tolist(), values, strict=True):
            issues.append(
                format_issue(
                    cat,
                    IssueCode.DERIVED_MISMATCH,
                    rt,
                    variable,
                    int(view.rows[p]),
                    view.key_at(p),
                    value,
                )
            )
    return issues


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value) or value is pd.NaT:
        return "(tomt)"
    if isinstance(value, pd.Timestamp | dt.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float):
        return str(int(value))
    return str(value)
