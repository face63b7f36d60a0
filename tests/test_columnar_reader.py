"""Property: the columnar CSV reader gives exactly what the row-by-row reader gives (the same
cells, data-row numbers, blank and ragged rows), or declines and leaves the file to it."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from bbic_su.frames._readers import open_export
from bbic_su.importing._columnar import Unproven, read_columnar
from bbic_su.importing.importer import _chunks
from bbic_su.importing.report import FileReport

CELL = st.text(alphabet='ab ;,"\r\n\tå', max_size=6)
LINE = st.lists(CELL, min_size=0, max_size=5).map(";".join)
ENDINGS = st.sampled_from(["\n", "\r\n", "\r"])


def _reference(path: Path) -> tuple[dict[int, list[object]], int, int, list[tuple[int, str]]]:
    src = open_export(path, expected=["A", "B", "C"], delimiter=";")
    report = FileReport(file=path.name, record_type="barn")
    rows: dict[int, list[object]] = {}
    for chunk in _chunks(src.rows, len(src.header), report):
        for n, cells in zip(chunk.index, chunk.to_numpy(dtype=object).tolist(), strict=True):
            rows[int(n)] = cells
    rejected = [(r.row, r.reason) for r in report.rejected_rows]
    return rows, report.rows_read, report.blank_rows, rejected


def _columnar(path: Path) -> tuple[dict[int, list[object]], int, int, list[tuple[int, str]]]:
    src = open_export(path, expected=["A", "B", "C"], delimiter=";")
    got = read_columnar(path, src, list(range(len(src.header))), block_bytes=64)
    rows: dict[int, list[object]] = {}
    for chunk in got.chunks:
        cells = chunk.astype(object).where(chunk.notna() & (chunk != ""), None)
        for n, values in zip(chunk.index, cells.to_numpy(dtype=object).tolist(), strict=True):
            rows[int(n)] = values
    rejected = sorted((r.row, r.reason) for r in got.rejected)
    return rows, got.rows_read, got.blank_rows, rejected


@settings(max_examples=300, deadline=None)
@given(
    st.lists(LINE, max_size=12),
    ENDINGS,
    st.booleans(),
    st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
    st.booleans(),
)
def test_columnar_equals_row_reader(
    lines: list[str], ending: str, title: bool, encoding: str, final: bool
) -> None:
    head = ["Export", ""] if title else []
    text = ending.join([*head, "A;B;C", *lines]) + (ending if final else "")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x.csv"
        path.write_bytes(text.encode(encoding))
        expected = _reference(path)
        try:
            got = _columnar(path)
        except Unproven:
            event("declined (read row by row)")
            return
    event("read by columns")
    rows, read, blank, rejected = expected
    assert got == (rows, read, blank, sorted(rejected))


@pytest.mark.parametrize(
    "text",
    [
        "A;B;C\n1;2;3\n4;5;6\n",
        "A;B;C\r\n1;2;3\r\n\r\n;;\r\n 4 ; 5 ;6;\r\n7;8\r\n9;10;11;12\r\n",
        'A;B;C\n"x;y";"q""r";z\n"1";"";3\n"4";" 5 ";""\n',
    ],
)
def test_columnar_reads_common_files_itself(text: str, tmp_path: Path) -> None:
    """Files without a line break inside a quoted cell are read by columns, not declined."""
    path = tmp_path / "x.csv"
    path.write_bytes(text.encode("utf-8"))
    assert _columnar(path) == (*_reference(path)[:3], sorted(_reference(path)[3]))


@pytest.mark.parametrize(
    "text",
    [
        b'A;B;C\n1;"two\nlines";3\n4;5;6\n',  # a line break inside a quoted cell
        b'A;B;C\nab"c;"d"e;f\n4;5;6\n',  # quotes inside cells
        b'A;B;C\n1;2;3\n4;"5;6\n',  # a quote never closed
    ],
)
def test_files_the_columns_cannot_prove_are_declined(text: bytes, tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(text)
    with pytest.raises(Unproven):
        _columnar(path)
