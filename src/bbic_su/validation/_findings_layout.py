"""Laying chunks of findings out as one table, ordered by record type, then row.

>>> import numpy as np
>>> from bbic_su.validation._findings import Chunk, Template
>>> from bbic_su.validation._findings_layout import assemble
>>> from bbic_su.spec.issue_codes import IssueCode
>>> t = Template(code=IssueCode.REQUIRED_MISSING, severity="error", rule=None,
...              record_type="barn", variable="kon")
>>> u = Template(code=IssueCode.OUT_OF_RANGE, severity="error", rule=None,
...              record_type="barn", variable="fodelsear")
>>> chunks = [Chunk(t, np.array([0, 2])), Chunk(u, np.array([1, 2]))]
>>> table = assemble(chunks, {"barn": np.array([1, 2, 3])}, {}, {"barn": 0})
>>> table.row.tolist(), table.tid.tolist()  # by row; within a row, in chunk order
([1, 2, 3, 3], [0, 1, 0, 1])

A chunk's positions are ascending and distinct, so when a record type's rows are
numbered in position order (as read from a file) the layout is a counting sort: one
pass over the findings and one over the rows, no comparison sort. Otherwise (rows
numbered out of order, e.g. stacked export files) a stable sort by row number.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np
import numpy.typing as npt

from bbic_su.spec.issue_codes import IssueCode
from bbic_su.validation._findings import (
    Chunk,
    FindingsTable,
    KeySource,
    Template,
    Value,
    template,
)

__all__ = ["assemble"]

IntArray = npt.NDArray[np.int64]


def assemble(
    chunks: list[Chunk],
    rows: Mapping[str, IntArray],
    keys: Mapping[str, KeySource],
    order: Mapping[str, int],
    *,
    consume: bool = False,
    files: Mapping[str, str | Mapping[int, str]] | None = None,
) -> FindingsTable:
    """Lay ``chunks`` out ordered by record type (``order``), then row, stably.

    Findings of one row keep the order of their chunks. A chunk's positions are
    ascending and distinct, so when a record type's rows are numbered in position
    order (as read from a file) the layout is a counting sort: one pass over the
    findings and one over the rows, no comparison sort.

    Args:
        chunks: The findings, in emission order.
        rows: Per record type, the source row of each position of its view.
        keys: Per record type, its key column (see :data:`KeySource`).
        order: Record type to rank; unknown record types go last.
        consume: Drop each chunk from ``chunks`` once laid out (less memory at the peak).
        files: Per record type, the export file of its rows: one name, or names by row.
    """
    ids: dict[Template, int] = {}
    values: list[Value] = []
    meta: list[tuple[int, int]] = []  # per chunk: template id, offset of its dictionary
    for c in chunks:
        meta.append((ids.setdefault(c.template, len(ids)), len(values)))
        if c.values is not None:
            values.extend(c.dictionary)
    total = sum(len(c.positions) for c in chunks)
    tid = np.empty(total, dtype=np.int32)
    wide = any(len(r) >= 2**31 for r in rows.values())
    pos: npt.NDArray[np.signedinteger[Any]] = np.empty(total, dtype=np.int64 if wide else np.int32)
    val = np.empty(total, dtype=np.int32)
    last = len(order)
    groups: dict[tuple[int, str], list[int]] = {}
    for i, c in enumerate(chunks):
        if len(c.positions):
            rt = c.template.record_type
            groups.setdefault((order.get(rt, last), rt), []).append(i)
    start = 0
    for (_rank, rt), members in sorted(groups.items(), key=lambda g: g[0][0]):
        size = sum(len(chunks[i].positions) for i in members)
        places = _destinations([chunks[i].positions for i in members], rows.get(rt), start)
        for i, at in zip(members, places, strict=True):
            c, (t, offset) = chunks[i], meta[i]
            tid[at] = t
            pos[at] = c.positions
            if c.values is None:
                val[at] = -1
            else:
                v = np.asarray(c.values, dtype=np.int32)
                val[at] = np.where(v >= 0, v + offset, -1)
            if consume:
                chunks[i] = _SPENT  # its arrays can go now
        start += size
    return FindingsTable(list(ids), tid, pos, rows, val, values, keys, files=files)


_SPENT = Chunk(
    template(IssueCode.UNKNOWN_COLUMN, "info", None, "", None), np.zeros(0, dtype=np.int64)
)


def _destinations(
    positions: list[npt.NDArray[np.integer[Any]]], rows: IntArray | None, start: int
) -> Iterator[IntArray]:
    """Where each chunk's findings go: by source row (none first), then chunk order."""
    if rows is None:  # findings about no row: in emission order
        at = start
        for p in positions:
            yield np.arange(at, at + len(p))
            at += len(p)
        return
    ascending = len(rows) < 2 or bool((rows[1:] > rows[:-1]).all())
    distinct = all(len(p) < 2 or bool((p[1:] > p[:-1]).all()) for p in positions)
    if ascending and distinct:  # counting sort by position (-1 first)
        counts = np.bincount(np.concatenate(positions) + 1, minlength=len(rows) + 1)
        cursor = np.empty(len(counts), dtype=np.int64)
        cursor[0] = start
        np.cumsum(counts[:-1], out=cursor[1:])
        cursor[1:] += start
        for p in positions:
            slot = np.asarray(p, dtype=np.int64) + 1
            yield cursor[slot]
            cursor[slot] += 1
        return
    # general case: a stable sort by row number (rows of -1 first)
    keyed = [np.where(p >= 0, rows[np.maximum(p, 0)], 0) if len(rows) else p * 0 for p in positions]
    perm = np.argsort(np.concatenate(keyed), kind="stable")
    where = np.empty(len(perm), dtype=np.int64)
    where[perm] = np.arange(start, start + len(perm))
    bounds = np.cumsum([0, *(len(p) for p in positions)])
    for a, b in itertools.pairwise(bounds):
        yield where[a:b]
