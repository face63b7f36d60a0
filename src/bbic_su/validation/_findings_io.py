"""Findings tables out: a DataFrame from the columns, and JSON and Excel streamed to disk.

>>> import json, pandas as pd, bbic_su
>>> from bbic_su.validation._findings_io import findings_frame, json_lines
>>> ds = bbic_su.Dataset({"barn": pd.DataFrame({"barn_id": ["b1", "b2"], "kon": ["x y", "pojke"]})})
>>> table = bbic_su.validate(ds).filter(severity="error")._table
>>> frame = findings_frame(table)
>>> frame["code"].tolist(), frame["row"].tolist(), frame["key"].tolist()
(['free-text-in-code-field'], [1], ['b1'])
>>> json.loads(next(json_lines(table, None)))["value"] is None  # free text is never shown
True

No :class:`~bbic_su.validation.issues.Issue` object is built: each column of the frame is a
categorical (code, severity, rule, record type, variable, value and the two messages,
whose categories are the templates' few distinct values) or a gather of the
record type's key column. JSON is written one finding at a time from text pieces
rendered once per template, so memory stays flat whatever the number of findings.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import IO, Any

import attrs
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from bbic_su.validation._findings import FindingsTable, Template, template
from bbic_su.validation.issues import Issue

__all__ = [
    "COLUMNS",
    "findings_frame",
    "json_lines",
    "table_of_issues",
    "write_issues_sheet",
    "write_json",
]

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
_BATCH = 65_536


def _categorical(codes: np.ndarray[Any, Any], values: Sequence[Any]) -> Any:
    cats = pd.Index(list(values), dtype=object if not values else None)
    return pd.Categorical.from_codes(codes, dtype=pd.CategoricalDtype(cats), validate=False)


def _values(table: FindingsTable) -> Any:
    """The ``value`` column: the values' dictionary deduplicated, one category each."""
    seen: dict[tuple[type, object], int] = {}
    remap = np.array(
        [-1 if v is None else seen.setdefault((type(v), v), len(seen)) for v in table.values]
        + [-1],
        dtype=np.int32,
    )
    categories = [v for _, v in seen]
    codes = remap[table.val]  # -1 picks the last entry, -1
    return pd.Categorical.from_codes(
        codes, dtype=pd.CategoricalDtype(pd.Index(categories, dtype=object)), validate=False
    )


def findings_frame(table: FindingsTable) -> pd.DataFrame:
    """One row per finding, columns :data:`COLUMNS` (``row`` is nullable ``Int64``)."""
    data: dict[str, Any] = {}
    for name in COLUMNS:
        if name == "row":
            data[name] = pd.arrays.IntegerArray(table.row.copy(), table.row < 0)
        elif name == "key":
            data[name] = table.key_column().array
        elif name == "file":
            codes, names = table.file_codes()
            data[name] = _categorical(codes, names)
        elif name == "value":
            data[name] = _values(table)
        else:
            codes, distinct = table.per_template(name)
            data[name] = _categorical(codes, distinct)
    return pd.DataFrame(data, copy=False)


def _pieces(t: Template, indent: int | None) -> tuple[str, str, str, str, str]:
    """The JSON text of a finding of ``t`` around its row, file, key and value."""
    head = {"code": t.code.value, "severity": t.severity, "rule": t.rule}
    head["record_type"] = t.record_type
    tail = {"message_sv": t.message("sv"), "message_en": t.message("en")}

    def fields(d: dict[str, Any]) -> list[str]:
        return [f"{json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in d.items()]

    if indent is None:
        sep, start, end = ", ", "{", "}"
    else:
        pad = " " * (2 * indent)
        sep, start, end = ",\n" + pad + " " * indent, "{\n" + pad + " " * indent, "\n" + pad + "}"
    variable = json.dumps(t.variable, ensure_ascii=False)
    return (
        start + sep.join([*fields(head), '"row": ']),
        sep + '"file": ',
        sep + '"key": ',
        sep + f'"variable": {variable}' + sep + '"value": ',
        sep + sep.join(fields(tail)) + end,
    )


def json_lines(table: FindingsTable, indent: int | None) -> Iterator[str]:
    """Each finding's JSON object (as ``json.dumps(issue.as_dict(), indent=...)`` nests it)."""
    pieces: dict[int, tuple[str, str, str, str, str]] = {}
    value_text = [json.dumps(v, ensure_ascii=False) for v in table.values] + ["null"]
    dumps = json.dumps
    for start in range(0, len(table), _BATCH):
        part = table.take(np.arange(start, min(start + _BATCH, len(table))))
        keys = part.key_column().tolist()
        codes, names = part.file_codes()
        file_text = [dumps(f, ensure_ascii=False) for f in names] + ["null"]
        for t, r, f, k, v in zip(
            part.tid.tolist(),
            part.row.tolist(),
            codes.tolist(),
            keys,
            part.val.tolist(),
            strict=True,
        ):
            p = pieces.get(t)
            if p is None:
                p = pieces[t] = _pieces(table.templates[t], indent)
            key = dumps(k, ensure_ascii=False) if type(k) is str else "null"
            row = "null" if r < 0 else r
            yield f"{p[0]}{row}{p[1]}{file_text[f]}{p[2]}{key}{p[3]}{value_text[v]}{p[4]}"


def _arrow_lines(table: FindingsTable, indent: int | None, lead: str) -> Iterator[bytes] | None:
    """The findings' JSON objects, each preceded by ``lead``, as UTF-8 batches (Arrow).

    ``None`` when the keys were given as objects.
    """
    if table.direct is not None:
        return None
    pieces = [_pieces(t, indent) for t in table.templates]
    parts = [pa.array([lead + p[0] for p in pieces], pa.string())]
    parts += [pa.array([p[k] for p in pieces], pa.string()) for k in (1, 2, 3, 4)]
    values = pa.array(
        [json.dumps(v, ensure_ascii=False) for v in table.values] + ["null"], pa.string()
    )

    def batches() -> Iterator[bytes]:
        for start in range(0, len(table), _BATCH):
            part = table.take(np.arange(start, min(start + _BATCH, len(table))))
            t = pa.array(part.tid)
            rows = pc.cast(pa.array(part.row), pa.string())
            rows = pc.if_else(pa.array(part.row < 0), "null", rows)
            keys = pa.array(part.key_column().astype(object).where(lambda k: k.notna(), None))
            keys = pc.cast(keys, pa.string()) if keys.type != pa.string() else keys
            if pc.any(pc.match_substring_regex(keys, r"[\x00-\x1f\\\\\"]")).as_py():
                keys = pa.array(
                    [
                        None if k is None else json.dumps(k, ensure_ascii=False)[1:-1]
                        for k in keys.to_pylist()
                    ],
                    pa.string(),
                )
            keys = pc.fill_null(pc.binary_join_element_wise('"', keys, '"', ""), "null")
            vals = values.take(pa.array(np.where(part.val < 0, len(values) - 1, part.val)))
            codes, names = part.file_codes()
            texts = [json.dumps(f, ensure_ascii=False) for f in names] + ["null"]
            files = pa.array(texts, pa.string()).take(
                pa.array(np.where(codes < 0, len(texts) - 1, codes))
            )
            line = pc.binary_join_element_wise(
                parts[0].take(t),
                rows,
                parts[1].take(t),
                files,
                parts[2].take(t),
                keys,
                parts[3].take(t),
                vals,
                parts[4].take(t),
                "",
            )
            bufs = line.buffers()
            offsets = np.frombuffer(bufs[1], dtype=np.int32)[
                line.offset : line.offset + len(line) + 1
            ]
            yield bytes(memoryview(bufs[2])[int(offsets[0]) : int(offsets[-1])])

    return batches()


def write_json(
    out: IO[bytes], summary: dict[str, Any], table: FindingsTable, indent: int | None
) -> None:
    """Write ``{"summary": ..., "issues": [...]}`` as ``json.dumps`` would, streamed (UTF-8)."""
    text = json.dumps({"summary": summary, "issues": []}, ensure_ascii=False, indent=indent)
    if not len(table):
        out.write(text.encode("utf-8"))
        return
    head, _, _ = text.rpartition("[]")
    out.write((head + "[").encode("utf-8"))
    pad = "" if indent is None else "\n" + " " * (2 * indent)
    sep = ", " if indent is None else ","
    tail = "]}" if indent is None else "\n" + " " * indent + "]\n}"
    fast = _arrow_lines(table, indent, sep + pad)
    if fast is not None:
        first = True
        for chunk in fast:  # every object is led by the separator: drop the very first one
            out.write(chunk[len(sep.encode()) :] if first else chunk)
            first = False
        out.write(tail.encode("utf-8"))
        return
    first = True
    for line in json_lines(table, indent):
        out.write((("" if first else sep) + pad + line).encode("utf-8"))
        first = False
    out.write(tail.encode("utf-8"))


def write_issues_sheet(sheet: Any, table: FindingsTable, limit: int) -> None:
    """Append the findings to an openpyxl write-only ``sheet`` (header, then ``limit`` rows)."""
    sheet.append(list(COLUMNS))
    n = min(len(table), limit)
    for start in range(0, n, _BATCH):
        part = table.take(np.arange(start, min(start + _BATCH, n)))
        frame = findings_frame(part)
        cols = [frame[c].tolist() for c in COLUMNS]
        for row in zip(*cols, strict=True):
            sheet.append([None if v is None or v is pd.NA or v != v else v for v in row])


def table_of_issues(issues: Sequence[Issue]) -> FindingsTable:
    """A findings table holding ``issues`` as given (messages and keys as they are)."""
    ids: dict[Template, int] = {}
    values: dict[tuple[type, str | int], int] = {}
    tid, row, val, keys, files = [], [], [], [], []
    for i in issues:
        t = attrs.evolve(
            template(i.code, i.severity, i.rule, i.record_type, i.variable, i.legal),
            texts=(i.message_sv, i.message_en),  # messages kept as given
        )
        tid.append(ids.setdefault(t, len(ids)))
        row.append(-1 if i.row is None else i.row)
        val.append(
            -1 if i.value is None else values.setdefault((type(i.value), i.value), len(values))
        )
        keys.append(i.key)
        files.append(i.file)
    n = len(tid)
    return FindingsTable(
        list(ids),
        np.array(tid, dtype=np.int32),
        np.full(n, -1, dtype=np.int64),
        np.array(row, dtype=np.int64),
        np.array(val, dtype=np.int32),
        [v for _, v in values],
        {},
        keys,
        direct_files=files,
    )
