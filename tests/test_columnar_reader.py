"""Property: the columnar CSV reader gives exactly what the row-by-row reader gives (the same
cells, data-row numbers, blank and ragged rows), or declines and leaves the file to it."""

from __future__ import annotations

import tempfile
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st
from importkit import profile_dict, write_profile

from bbic_su.frames._readers import open_export
from bbic_su.importing import _columnar as _columnar_module
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


def _columnar(
    path: Path, grouped: bool = False
) -> tuple[dict[int, list[object]], int, int, list[tuple[int, str]]]:
    """Read in blocks of 64 bytes, joined into chunks of 1 and then 2 blocks; or
    (``grouped``) in blocks of 16 bytes, joined into chunks of 1, 2, 4 and then 8 blocks."""
    src = open_export(path, expected=["A", "B", "C"], delimiter=";")
    with mock.patch.object(_columnar_module, "_READ_BYTES", 16 if grouped else 64):
        got = read_columnar(path, src, list(range(len(src.header))), block_bytes=128)
        chunks = list(got.chunks)
    rows: dict[int, list[object]] = {}
    for chunk in chunks:
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
    st.booleans(),
)
def test_columnar_equals_row_reader(
    lines: list[str], ending: str, title: bool, encoding: str, final: bool, grouped: bool
) -> None:
    head = ["Export", ""] if title else []
    text = ending.join([*head, "A;B;C", *lines]) + (ending if final else "")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x.csv"
        path.write_bytes(text.encode(encoding))
        expected = _reference(path)
        try:
            got = _columnar(path, grouped)
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
        "A;B;C\r\n" + "".join(f"{i};b{i};{'x' * (i % 7)}\r\n" for i in range(300)),
        "A;B;C\n" + "".join(f"{i};;\n\n{i};1;2;3\n;{i};" for i in range(100)),
    ],
)
@pytest.mark.parametrize("grouped", [False, True])
def test_columnar_reads_common_files_itself(text: str, grouped: bool, tmp_path: Path) -> None:
    """Files without a line break inside a quoted cell are read by columns, not declined;
    also when they span many blocks and chunks."""
    path = tmp_path / "x.csv"
    path.write_bytes(text.encode("utf-8"))
    assert _columnar(path, grouped) == (*_reference(path)[:3], sorted(_reference(path)[3]))


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


def test_a_ragged_row_with_a_huge_cell_is_left_to_the_row_reader(tmp_path: Path) -> None:
    """A row of another width is parsed by :mod:`csv`, whose cells have a size limit (128 KiB):
    beyond it the columnar reader declines (it raised ``csv.Error`` from inside the import),
    and the row reader names the row."""
    import bbic_su
    from bbic_su.frames._readers import ExportReadError

    huge = "x" * 200_000
    path = tmp_path / "x.csv"
    path.write_text("A;B;C\n" + "1;2;3\n" * 500 + f"1;2;3;{huge}\n4;5;6\n", encoding="utf-8")
    with pytest.raises(Unproven):
        _columnar(path)
    columns = [{"column": "A", "variable": "barn_id", "kind": "text"}]
    profile = write_profile(tmp_path, profile_dict("barn", columns, delimiter=";"))
    with pytest.raises(ExportReadError, match="row 502"):
        bbic_su.import_export(path, profile)
