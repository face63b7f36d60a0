"""Regression tests: every crash reproducer of issue 18 (signatures A–J) ends in a BbicSuError.

Each test also runs the same input through the command line and checks the
promise there: one line on stderr, exit status 2, no traceback.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pandas as pd
import pytest

import bbic_su
from bbic_su.cli import main
from bbic_su.errors import BbicSuError, InternalError
from bbic_su.importing.profile import example_exports, shipped_profile_path

LANG_PROFILE = shipped_profile_path("exempel_lang").read_text(encoding="utf-8")
PLAN = "question: Får barnen komma till tals?\nvariables: [kon]\n"


def assert_clean_error(exc: BaseException) -> None:
    """A deliberate error: a BbicSuError, not an internal one, one short line."""
    assert isinstance(exc, BbicSuError)
    assert not isinstance(exc, InternalError), exc
    text = str(exc)
    assert "\n" not in text
    assert len(text) <= 300


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    _, err = capsys.readouterr()
    return code, err


def assert_one_line(code: int, err: str, status: int = 2) -> None:
    assert code == status, err
    assert err.startswith("bbic-su: error: "), err
    assert err.count("\n") == 1
    assert "Traceback" not in err
    assert len(err) <= 330


# --- A, B, C: YAML that the loaders could not structure ---------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "? [a]\n: b\n",  # A: a key that is a list
        "? {a: 1}\n: b\n",  # A: a key that is a mapping
        "name: " + "9" * 5000 + "\n",  # B: an integer of 5,000 digits
        "[" * 5000 + "]" * 5000,  # deep nesting
    ],
    ids=["list-key", "mapping-key", "long-int", "deep"],
)
def test_yaml_junk_is_a_clean_error_in_every_loader(
    tmp_path: Path, text: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "junk.yaml"
    path.write_text(text, encoding="utf-8")
    for load in (
        lambda: bbic_su.load_catalog(extra=[path]),
        lambda: bbic_su.load_plan(path),
        lambda: bbic_su.load_profile(path),
    ):
        with pytest.raises(BbicSuError) as info:
            load()
        assert_clean_error(info.value)
    assert_one_line(*cli(capsys, "spec", "list", "--catalog-extra", str(path)))
    assert_one_line(*cli(capsys, "profile", "check", str(path)))


def test_c_extension_file_not_utf8(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "lokal.yaml"
    path.write_bytes(b"name: \xff\xfe kommun\n")
    with pytest.raises(bbic_su.SpecDataError, match="not UTF-8"):
        bbic_su.load_catalog(extra=[path])
    assert_one_line(*cli(capsys, "spec", "list", "--catalog-extra", str(path)))


def test_b_plan_with_a_huge_value_gives_a_short_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(f"question: q\nvariables: [{'x' * 200_000}]\n", encoding="utf-8")
    with pytest.raises(bbic_su.PlanError) as info:
        bbic_su.load_plan(path)
    assert_clean_error(info.value)
    assert "x" * 50 not in str(info.value)


# --- D, E, I: profile values that passed the check and failed later ---------------------


def _profile(tmp_path: Path, old: str, new: str) -> Path:
    assert old in LANG_PROFILE
    path = tmp_path / "p.yaml"
    path.write_text(LANG_PROFILE.replace(old, new, 1), encoding="utf-8")
    return path


def test_d_date_format_with_a_repeated_directive(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _profile(tmp_path, 'date_formats: ["%d/%m/%Y"]', "date_formats: ['%d.%m.%Y %d']")
    with pytest.raises(bbic_su.ProfileError, match="not a date format"):
        bbic_su.load_profile(path)
    assert_one_line(*cli(capsys, "profile", "check", str(path)))


@pytest.mark.parametrize("encoding", ["utf-8\\0", "rot13", "base64", "hex", "idna", "zlib"])
def test_e_i_encodings_that_are_not_text_encodings(
    tmp_path: Path, encoding: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _profile(tmp_path, 'delimiter: ","', f'delimiter: ","\n  encoding: "{encoding}"')
    with pytest.raises(bbic_su.ProfileError, match="text encoding") as info:
        bbic_su.load_profile(path)
    assert_clean_error(info.value)
    assert_one_line(*cli(capsys, "profile", "check", str(path)))


# --- F, G, H: readers -----------------------------------------------------------------


def _workbook(tmp_path: Path, cell: str) -> Path:
    path = tmp_path / "barn.xlsx"
    frame = pd.DataFrame({"barn_id": ["b1", "b2"], "kon": ["flicka", "PLACEHOLDER"]})
    frame.to_excel(path, sheet_name="barn", index=False)
    raw = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            dst.writestr(item, data.replace(b"PLACEHOLDER", cell.encode("utf-8")))
    path.write_bytes(raw.getvalue())
    return path


def _flip_bit_in_sheet(path: Path) -> None:
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        info = z.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + info.compress_size // 2] ^= 0x10
    path.write_bytes(bytes(data))


def test_f_xlsx_cell_with_a_noncharacter(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _workbook(tmp_path, "\ufffe")
    _refused_on_every_path(path, tmp_path, capsys)


def _refused_on_every_path(path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Reading, validating on the command line and importing the workbook: one clean error each."""
    with pytest.raises(bbic_su.DatasetError) as info:
        bbic_su.read_dataset(path)
    assert_clean_error(info.value)
    assert_one_line(*cli(capsys, "validate", str(path)))
    with pytest.raises(bbic_su.ExportReadError) as info2:
        bbic_su.import_export(path, _xlsx_profile(tmp_path))
    assert_clean_error(info2.value)


def _xlsx_profile(tmp_path: Path) -> Path:
    path = tmp_path / "x.yaml"
    path.write_text(
        "schema: bbic-su-profile/1\nname: x\nfiles:\n- record_type: barn\n  file: '*.xlsx'\n"
        "  columns:\n  - {column: barn_id, variable: barn_id, kind: text}\n"
        "  - {column: kon, variable: kon}\n",
        encoding="utf-8",
    )
    return path


def test_g_xlsx_with_a_flipped_bit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _workbook(tmp_path, "pojke")
    _flip_bit_in_sheet(path)
    _refused_on_every_path(path, tmp_path, capsys)


def test_h_utf16_without_bom(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _profile(tmp_path, 'delimiter: ","', 'delimiter: ","\n  encoding: utf-16')
    export = tmp_path / "insats_lang.csv"
    export.write_bytes(example_exports("exempel_lang")[0].read_bytes())
    with pytest.raises(bbic_su.ExportReadError, match="utf-16") as info:
        bbic_su.import_export(export, path)
    assert_clean_error(info.value)
    code, err = cli(
        capsys, "import", str(export), "--profile", str(path), "--out", str(tmp_path / "o")
    )
    assert_one_line(code, err)


# --- J: dates far apart ---------------------------------------------------------------


def _far_dates() -> bbic_su.Dataset:
    barn = pd.DataFrame(
        {"barn_id": ["b1", "b2"], "kommunkod": ["0180", "0180"], "fodelsear": ["2012", "2013"]},
        dtype="str",
    )
    akt = pd.DataFrame(
        {
            "aktualisering_id": ["a1", "a2"],
            "barn_id": ["b1", "b2"],
            "aktualiseringsdatum": ["1900-01-10", "9999-12-31"],
            "aktualiseringssatt": ["anmalan", "anmalan"],
        },
        dtype="str",
    )
    return bbic_su.Dataset({"barn": barn, "aktualisering": akt})


def test_j_periods_are_built_only_where_data_exist() -> None:
    table = bbic_su.compute(_far_dates(), period="month", min_count=None).to_frame()
    periods = set(table["period"])
    assert len(periods) <= 2 + 1  # the two months with data (and perhaps a total)
    assert len(table) < 10_000


def test_j_measures_cli_with_far_dates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "ds"
    bbic_su.write_dataset(_far_dates(), folder)
    code = main(["measures", str(folder), "--period", "month", "--format", "csv"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "Traceback" not in err
    assert len(out.splitlines()) < 10_000


def test_j_validate_flags_both_implausible_dates() -> None:
    """1900-01-10 is before the plausible window (R35); 9999-12-31 is after today (R27)."""
    report = bbic_su.validate(_far_dates())
    found = {(i.code.value, i.rule, i.row) for i in report.issues if i.rule in ("R27", "R35")}
    assert found == {
        ("before-plausible-date", "R35", 1),
        ("after-extraction-date", "R27", 2),
    }


def test_the_same_file_twice_is_refused_unless_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Given as a folder and as a file: one line, exit 2; --allow-duplicates imports it twice."""
    folder = tmp_path / "exp"
    folder.mkdir()
    for src in example_exports("exempel_lang"):
        (folder / src.name).write_bytes(src.read_bytes())
    one = next(folder.iterdir())
    argv = ["import", str(folder), str(one), "--profile", "exempel_lang"]
    assert_one_line(*cli(capsys, *argv, "--out", str(tmp_path / "a")))
    assert main([*argv, "--out", str(tmp_path / "b"), "--allow-duplicates"]) in (0, 1)
    copy = tmp_path / "kopia.csv"
    copy.write_bytes(one.read_bytes())
    with pytest.raises(bbic_su.ExportReadError, match="same bytes"):
        bbic_su.import_export([one, copy], "exempel_lang")
    _, report = bbic_su.import_export([one, one], "exempel_lang", allow_duplicates=True)
    assert len(report.files) == 2


def test_dates_before_the_birth_year_are_flagged_on_both_paths() -> None:
    """R36: a date in a year before the child's birth year, in bulk and per record."""
    ds = _far_dates()
    ds["aktualisering"].loc[0, "aktualiseringsdatum"] = "2011-05-01"  # b1 born 2012
    bulk = {(i.rule, i.row, i.variable) for i in bbic_su.validate(ds).issues if i.rule == "R36"}
    assert bulk == {("R36", 1, "aktualiseringsdatum")}
    record = ds["aktualisering"].iloc[0].to_dict()
    one = bbic_su.validate_record(
        record, {"barn": ds["barn"].iloc[0].to_dict()}, record_type="aktualisering"
    )
    assert [(i.rule, i.code.value) for i in one if i.rule == "R36"] == [
        ("R36", "before-plausible-date")
    ]
