"""The bulk path's findings of a frame: its columns, and the values that did not parse.

>>> import pandas as pd, bbic_su
>>> from bbic_su.validation._frame import build_view
>>> frame = pd.DataFrame({"barn_id": ["b1", "b2", "b3"], "fodelsear": ["2015", "x", "2015"]})
>>> frame = bbic_su.Dataset({"barn": frame})["barn"]  # rows numbered from 1
>>> view, chunks = build_view(bbic_su.catalog(), "barn", frame)
>>> view.columns["fodelsear"].tolist()
[2015, <NA>, 2015]
>>> [(c.template.code.value, c.positions.tolist()) for c in chunks
...  if c.template.variable == "fodelsear"]
[('invalid-integer', [1])]

The typed view itself is :func:`bbic_su.frames._views.build_view`'s; this module turns
what it kept of the failed values (:class:`~bbic_su.frames._views.ColumnFailures`) and
the frame's column names into findings chunks.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from bbic_su.expr._api import parse
from bbic_su.expr._evaluate_frame import evaluate_rows
from bbic_su.frames._views import ColumnFailures, View, column_positions
from bbic_su.frames._views import build_view as _parse_view
from bbic_su.spec._catalog import Catalog
from bbic_su.spec.issue_codes import IssueCode, IssueSeverity
from bbic_su.validation._findings import Chunk, single
from bbic_su.validation._rules import format_template

__all__ = ["build_view", "failure_chunks", "missing_share", "structure_chunks"]


def structure_chunks(cat: Catalog, rt: str, frame: pd.DataFrame) -> list[Chunk]:
    """The column-level findings: duplicate, unknown and missing columns."""
    known = cat.columns_of(rt)
    record = cat.record_type(rt)
    seen: set[str] = set()
    found: list[Chunk] = []
    for i, label in enumerate(frame.columns):
        name = str(label)
        if name in seen:
            if sum(str(c) == name for c in frame.columns[:i]) == 1:
                found.append(single(format_template(cat, IssueCode.DUPLICATE_COLUMN, rt, name)))
            continue
        seen.add(name)
        if name not in known:
            found.append(single(format_template(cat, IssueCode.UNKNOWN_COLUMN, rt, name)))
    first = column_positions(frame)
    for name in known:
        if name not in first:
            role = next((k.role for k in record.keys if k.field == name), None)
            sev: IssueSeverity | None = "error" if role in ("primary", "parent_ref") else None
            t = format_template(cat, IssueCode.MISSING_COLUMN, rt, name, severity=sev)
            found.append(single(t))
    return found


def failure_chunks(cat: Catalog, rt: str, name: str, failures: ColumnFailures) -> list[Chunk]:
    """The findings of the values of column ``name`` that did not parse."""
    shown = list(failures.shown)
    values = failures.value if any(v is not None for v in shown) else None
    kinds = list(dict.fromkeys(failures.codes))
    if len(kinds) == 1:
        return [Chunk(format_template(cat, kinds[0], rt, name), failures.rows, values, shown)]
    codes = np.array(failures.codes, dtype=object)
    out = []
    for code in kinds:
        mine = (codes == code)[failures.value]
        t = format_template(cat, code, rt, name)
        out.append(Chunk(t, failures.rows[mine], None if values is None else values[mine], shown))
    return out


def build_view(
    cat: Catalog, rt: str, frame: pd.DataFrame, *, columns: Iterable[str] | None = None
) -> tuple[View, list[Chunk]]:
    """Parse ``frame`` of record type ``rt`` into its typed view; return the view and findings.

    The arguments are those of :func:`bbic_su.frames._views.build_view`; the findings are
    the frame's structure findings and the view's parse failures.
    """
    view = _parse_view(cat, rt, frame, columns=columns)
    found = structure_chunks(cat, rt, frame)
    for name, failures in view.failures.items():
        found += failure_chunks(cat, rt, name, failures)
    return view, found


def missing_share(
    view: View,
    columns: Mapping[str, pd.Series],
    resolver: Any,
    variable: str,
    cache: dict[object, object] | None = None,
) -> tuple[int, int]:
    """(missing, applicable) counts of ``variable`` for the data-quality check."""
    applies = evaluate_rows(parse(f"applies({variable})"), columns, resolver, view.n, cache)
    missing = evaluate_rows(parse(f"is_missing({variable})"), columns, resolver, view.n, cache)
    return int(np.count_nonzero(missing & applies)), int(np.count_nonzero(applies))
