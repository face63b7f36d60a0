"""Readers of vendor exports: encodings, delimiters, quoting, workbooks, and every kind of bad input."""

from __future__ import annotations

import gc
import tracemalloc
from pathlib import Path

import openpyxl
import pytest
from importkit import profile_dict, write_csv

from bbic_su.frames._readers import ExportReadError, open_export
from bbic_su.importing.importer import import_export
from bbic_su.importing.profile import profile_from_dict

COLS = [
    {"column": "Id", "variable": "barn_id", "kind": "text"},
    {"column": "Kön", "variable": "kon"},
    {"column": "Född", "variable": "fodelsear"},
]
PROFILE = profile_from_dict(profile_dict("barn", COLS))
TEXT = "Id{d}Kön{d}Född\nb1{d}Flicka{d}2015\nb2{d}pojke{d}2016\nb3{d}Uppgift saknas{d}\n"
EXPECTED = {
    1: ("b1", "flicka", "2015"),
    2: ("b2", "pojke", "2016"),
    3: ("b3", "uppgift_saknas", None),
}


def rows_of(frame) -> dict[int, tuple[object, ...]]:  # type: ignore[no-untyped-def]
    return {
        int(i): tuple(None if not isinstance(v, str) else v for v in r)
        for i, r in zip(frame.index, frame.itertuples(index=False), strict=True)
    }


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16"])
@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_encodings_and_delimiters_are_detected(
    tmp_path: Path, encoding: str, delimiter: str
) -> None:
    path = write_csv(tmp_path, "x.csv", TEXT.format(d=delimiter), encoding)
    src = open_export(path, expected=["Id"])
    assert src.delimiter == delimiter
    expected_enc = {"latin-1": "cp1252"}.get(encoding, encoding)
    assert src.encoding == expected_enc
    ds, report = import_export(path, PROFILE)
    assert rows_of(ds["barn"]) == EXPECTED
    assert report.files[0].rows_read == 3 and report.rows_rejected == 0


@pytest.mark.parametrize("encoding", ["auto", "cp1252"])
@pytest.mark.parametrize("text", ["A;B;C\nå", "A;B;C\r\n; å", "Export\r\rA;B;C\raå"])
def test_a_cp1252_file_ending_in_its_only_letter_a_ring(
    tmp_path: Path, text: str, encoding: str
) -> None:
    """The last byte 0xE5 is not a UTF-8 sequence cut by the sample: the sample is the file."""
    path = tmp_path / "x.csv"
    path.write_bytes(text.encode("cp1252"))
    src = open_export(path, expected=["A", "B", "C"], delimiter=";", encoding=encoding)
    assert src.encoding == "cp1252"
    assert [cells for _, cells in src.rows][-1][-1].endswith("å")


def test_crlf_quoted_newlines_and_quoted_delimiters(tmp_path: Path) -> None:
    text = 'Id;Kön;Född;Anteckning\r\nb1;Flicka;2015;"rad ett\r\nrad två; med semikolon"\r\nb2;Pojke;2016;""\r\n'
    path = write_csv(tmp_path, "x.csv", text, "cp1252")
    ds, report = import_export(path, PROFILE)
    assert list(ds["barn"].index) == [1, 2]  # data-row numbers, not line numbers
    assert ds["barn"].loc[2, "kon"] == "pojke"
    assert report.files[0].unmapped_columns == ["Anteckning"]


def test_decimal_comma_and_spaces_in_integers(tmp_path: Path) -> None:
    profile = profile_from_dict(profile_dict("barn", COLS, decimal=","))
    path = write_csv(tmp_path, "x.csv", 'Id;Kön;Född\nb1;K;"2 015,0"\nb2;K;2015,5\n')
    ds, report = import_export(path, profile)
    assert ds["barn"].loc[1, "fodelsear"] == "2015"
    assert ds["barn"].loc[2, "fodelsear"] == "2015,5"  # kept, reported, never dropped
    assert [(u.value, u.count) for u in report.files[0].unmapped_values] == [
        ("K", 2),
        ("2015,5", 1),
    ]


def _book(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        for row in rows:
            ws.append(row)
    book.save(path)
    return path


def test_xlsx_first_or_named_sheet_and_header_below_a_title_block(tmp_path: Path) -> None:
    import datetime as dt

    rows = [
        ["Uttag ur verksamhetssystemet"],
        [],
        ["Id", "Kön", "Född", "Datum"],
        ["b1", "Flicka", 2015, dt.datetime(2024, 3, 1)],
        ["b2", "Pojke", 2016.0, None],
    ]
    path = _book(tmp_path / "x.xlsx", {"Försättsblad": [["nothing"]], "Barn": rows})
    cols = [*COLS, {"column": "Datum", "variable": "senaste_avslut_datum"}]
    named = profile_from_dict(profile_dict("barn", cols, sheet="Barn"))
    ds, report = import_export(path, named)
    assert report.files[0].header_row == 3 and report.files[0].sheet == "Barn"
    assert rows_of(ds["barn"]) == {
        1: ("b1", "flicka", "2015", "2024-03-01"),
        2: ("b2", "pojke", "2016", None),
    }
    first = _book(tmp_path / "y.xlsx", {"Barn": rows})
    ds2, _ = import_export(first, profile_from_dict(profile_dict("barn", cols)))
    assert rows_of(ds2["barn"]) == rows_of(ds["barn"])
    with pytest.raises(ExportReadError, match="no sheet 'Saknas'"):
        import_export(path, profile_from_dict(profile_dict("barn", cols, sheet="Saknas")))


def test_an_xlsx_renamed_csv_is_read_as_a_workbook(tmp_path: Path) -> None:
    path = _book(tmp_path / "export.csv", {"Blad1": [["Id", "Kön", "Född"], ["b1", "F", 2015]]})
    ds, report = import_export(path, PROFILE)
    assert ds["barn"].loc[1, "barn_id"] == "b1"
    assert report.files[0].rows_read == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty file"),
        (b"\n\n", "empty file|header row is empty"),
        (b"\x00\x01\x02\x03binary\x00junk" * 50, "binary file"),
        (bytes(range(1, 32)) * 40, "binary file"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old .xls"),
        (b"PK\x03\x04 not really a zip", "not a readable .xlsx"),
        (b"Id;Namn\nb1;x\n", "column 'K\u00f6n' named by the profile is not in the header"),
        ("Id;Kön;Kön;Född\nb1;F;F;2015\n".encode(), "appears 2 times in the header"),
    ],
)
def test_bad_inputs_give_one_clear_error(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(ExportReadError, match=message) as err:
        import_export(path, PROFILE)
    assert "\n" not in str(err.value) and str(err.value).startswith("bad.csv")


def test_wrong_encoding_in_the_profile_is_a_clear_error(tmp_path: Path) -> None:
    path = write_csv(tmp_path, "x.csv", TEXT.format(d=";"), "cp1252")
    profile = profile_from_dict(profile_dict("barn", COLS, encoding="utf-8"))
    with pytest.raises(ExportReadError, match=r"not valid utf-8 text.*set 'encoding'"):
        import_export(path, profile)


def test_missing_file_and_unmatched_file_name(tmp_path: Path) -> None:
    with pytest.raises(ExportReadError, match="cannot read"):
        import_export(tmp_path / "nope.csv", PROFILE)
    data = profile_dict("barn", COLS)
    data["files"][0]["file"] = "barn*.csv"
    path = write_csv(tmp_path, "other.csv", TEXT.format(d=";"))
    with pytest.raises(ExportReadError, match=r"no file map .* matches"):
        import_export(path, profile_from_dict(data))


def test_header_only_file_imports_nothing_and_keeps_the_columns(tmp_path: Path) -> None:
    path = write_csv(tmp_path, "x.csv", "Id;Kön;Född\n")
    ds, report = import_export(path, PROFILE)
    assert len(ds["barn"]) == 0 and list(ds["barn"].columns) == ["barn_id", "kon", "fodelsear"]
    assert (report.rows_read, report.exit_status()) == (0, 0)


def test_ragged_short_and_blank_rows_are_accounted_for(tmp_path: Path) -> None:
    text = "Id;Kön;Född\nb1;F\nb2;F;2015;extra\nb3;F;2015;\n;;\n\nb4;P;2016\n"
    ds, report = import_export(write_csv(tmp_path, "x.csv", text), PROFILE)
    f = report.files[0]
    assert [(r.row, r.reason) for r in f.rejected_rows] == [(2, "ragged-row")]
    assert list(ds["barn"].index) == [1, 3, 6]
    assert (f.rows_read, f.rows_imported, f.rows_rejected, f.blank_rows) == (4, 3, 1, 2)
    assert f.balanced


def test_unmapped_duplicate_headers_are_kept_as_unmapped_columns(tmp_path: Path) -> None:
    text = "Id;Kön;Född;X;X\nb1;F;2015;a;b\n"
    _, report = import_export(write_csv(tmp_path, "x.csv", text), PROFILE)
    assert report.files[0].unmapped_columns == ["X", "X"]


def _traced_import(path: Path, rows: int) -> tuple[int, int]:
    row = "b{};Flicka;2015;" + "x" * 400 + ";" + "y" * 400 + "\n"
    with path.open("w", encoding="utf-8") as fh:
        fh.write("Id;Kön;Född;Text1;Text2\n")
        for start in range(0, rows, 10_000):
            fh.write("".join(row.format(i % 7) for i in range(start, start + 10_000)))
    profile = profile_from_dict(profile_dict("barn", COLS[1:]))
    gc.collect()
    tracemalloc.start()
    try:
        ds, report = import_export(path, profile)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert report.files[0].rows_read == rows == len(ds["barn"])
    return path.stat().st_size, peak


def test_large_files_are_read_in_chunks_with_bounded_memory(tmp_path: Path) -> None:
    """The "1 GB file" case, scaled down to run in seconds: exports of ~8 and ~33 MB are
    imported while tracemalloc watches. Rows are streamed and mapped in chunks, and only
    the resulting frame grows with the file (here two coded columns whose cells share
    their code strings), so the peak stays well below the file size, and it grows much
    more slowly than the file."""
    import_export(write_csv(tmp_path, "warm.csv", "Id;Kön;Född\nb1;F;2015\n"), PROFILE)
    small_size, small_peak = _traced_import(tmp_path / "small.csv", 10_000)
    size, peak = _traced_import(tmp_path / "big.csv", 40_000)
    assert size > 32_000_000 and size > 3.9 * small_size
    assert peak < size / 3, (peak, size)
    # growth: a quarter of the file's growth at most (the frame's own cells and index)
    assert (peak - small_peak) < (size - small_size) / 4, (peak, small_peak)


def test_optional_extras_are_optional(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without charset-normalizer and rapidfuzz (extra ``import``) reading and drafting still work."""
    from bbic_su.frames._readers import detect_encoding
    from bbic_su.importing.draft import draft_profile

    monkeypatch.setitem(__import__("sys").modules, "charset_normalizer", None)
    monkeypatch.setitem(__import__("sys").modules, "rapidfuzz", None)
    assert detect_encoding("Kön;Född\n".encode("cp1252"), "x") == "cp1252"
    assert detect_encoding(b"K\x81n;\x8d\n", "x") == "latin-1"  # bytes cp1252 lacks
    path = write_csv(tmp_path, "x.csv", TEXT.format(d=";"), "cp1252")
    ds, _ = import_export(path, PROFILE)
    assert len(ds["barn"]) == 3
    draft = draft_profile(path)
    assert draft.record_type == "barn" and "kon" in draft.text
