"""A municipality's first export, start to finish (issue #17): the four traps, by test."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from helpers import one_line_error, run
from importkit import KEY
from municipal_export import FAULT_ROWS, REJECTED_ROWS, write_export

import bbic_su
from bbic_su.importing.draft import draft_profile

EDITED = """\
schema: bbic-su-profile/1
name: aktualiseringar
kommunkod: "0180"
files:
- record_type: aktualisering
  file: "aktualiseringar*.csv"
  encoding: cp1252
  delimiter: ";"
  columns:
  - {column: "Ärende-ID", variable: aktualisering_id, kind: text}
  - {column: Personnummer, variable: barn_id, kind: identity}
  - {column: Aktualiseringsdatum, variable: aktualiseringsdatum, date_formats: ["%Y%m%d"]}
  - column: Typ av ärende
    variable: aktualiseringssatt
    values: {Anmälan: anmalan, Ansökan: ansokan}
  - {column: Anmälare, variable: anmalare, values: {"Hälso- och sjukvård": halso_sjukvard}}
  - {column: Tidigare känd, variable: tidigare_kand}
  - {column: Omedelbart skyddsbehov, variable: omedelbart_skyddsbehov}
  - column: Beslut
    variable: beslut_om_utredning
    values: {Inleda utredning: inleda_utredning, Ej inleda utredning: inte_inleda_utredning}
  - {column: Beslutsdatum, variable: beslut_om_utredning_datum, date_formats: ["%Y%m%d"]}
"""


@pytest.fixture
def export(tmp_path: Path) -> Path:
    return write_export(tmp_path)


@pytest.fixture
def key_file(tmp_path: Path) -> Path:
    path = tmp_path / "nyckel.txt"
    path.write_bytes(KEY)
    return path


class TestDraftNeverGuessesMeaning:
    def test_negated_value_never_maps_to_its_opposite(self, export: Path) -> None:
        """'Ej inleda utredning' becomes inte_inleda_utredning (a guess) or stays unplaced."""
        draft = draft_profile(export)
        data = yaml.safe_load(draft.text)
        beslut = next(c for c in data["files"][0]["columns"] if c["column"] == "Beslut")
        assert beslut["variable"] == "beslut_om_utredning"
        mapped = beslut.get("values", {}).get("Ej inleda utredning")
        unplaced = ("Beslut", "Ej inleda utredning") in draft.unplaced_values
        assert mapped == "inte_inleda_utredning" or (mapped is None and unplaced)
        assert beslut["values"]["Inleda utredning"] == "inleda_utredning"
        missing = draft.text.split("# SAKNAS / MISSING", 1)[1].split("# EJ PLACERAT", 1)[0]
        assert "aktualisering_id" in missing and "aktualiseringssatt" in missing

    def test_every_guess_is_recorded_as_data(self, export: Path) -> None:
        """Each drafted column says review: guessed with a score; guessed values are listed."""
        data = yaml.safe_load(draft_profile(export).text)
        columns = data["files"][0]["columns"]
        assert columns and all(c["review"] == "guessed" for c in columns)
        assert all(isinstance(c["score"], int) for c in columns)
        beslut = next(c for c in columns if c["column"] == "Beslut")
        assert set(beslut["guessed_values"]) == set(beslut["values"])

    def test_unedited_draft_is_refused_by_check_and_import(
        self,
        export: Path,
        key_file: Path,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """profile check lists every reason (exit 2); import refuses unless guesses accepted."""
        profile = tmp_path / "utkast.yaml"
        assert run(capsys, "profile", "draft", str(export), "--out", str(profile))[0] == 0
        code, out, err = run(capsys, "profile", "check", str(profile), "--lang", "en")
        assert code == 2 and out == ""
        lines = err.splitlines()
        assert any("aktualisering_id" in line and "[missing-primary-key]" in line for line in lines)
        assert any("aktualiseringssatt" in line for line in lines if "required" in line)
        assert sum("[unreviewed-guess]" in line for line in lines) >= 7
        assert "Traceback" not in err
        out_dir = tmp_path / "kanonisk"
        args = [str(export), "--profile", str(profile), "--key-file", str(key_file)]
        code, _, err = run(capsys, "import", *args, "--out", str(out_dir))
        assert code == 2 and not out_dir.exists()
        one_line_error(err, "--accept-guesses")
        code, _, _ = run(capsys, "import", *args, "--out", str(out_dir), "--accept-guesses")
        assert code == 1  # two rows rejected
        report = json.loads((out_dir / "import-report.json").read_text(encoding="utf-8"))
        assert len(report["accepted_guesses"]) >= 7

    def test_opposite_values_on_one_code_are_refused(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The issue's draft: both 'Inleda' and 'Ej inleda utredning' on inleda_utredning."""
        bad = EDITED.replace(
            "Ej inleda utredning: inte_inleda_utredning", "Ej inleda utredning: inleda_utredning"
        )
        path = tmp_path / "p.yaml"
        path.write_text(bad, encoding="utf-8")
        code, _, err = run(capsys, "profile", "check", str(path), "--lang", "en")
        assert code == 2 and err.count("\n") == 1 and "[opposite-values-one-code]" in err
        path.write_text(EDITED, encoding="utf-8")
        assert run(capsys, "profile", "check", str(path))[0] == 0


class TestRowNumbersPointIntoTheExport:
    def test_cli_import_then_validate_names_export_rows(
        self,
        export: Path,
        key_file: Path,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """Rows 21, 22 and 31 stay 21, 22 and 31 after the two rejected rows, with the file."""
        profile = tmp_path / "profil.yaml"
        profile.write_text(EDITED, encoding="utf-8")
        out_dir = tmp_path / "kanonisk"
        code, _, _ = run(
            capsys,
            "import",
            str(export),
            "--profile",
            str(profile),
            "--key-file",
            str(key_file),
            "--out",
            str(out_dir),
        )
        assert code == 1
        report = json.loads((out_dir / "import-report.json").read_text(encoding="utf-8"))
        rejected = [r["row"] for r in report["files"][0]["rejected_rows"]]
        assert rejected == list(REJECTED_ROWS)
        code, out, _ = run(capsys, "validate", str(out_dir), "--format", "json")
        assert code == 1
        issues = json.loads(out)["issues"]
        by_row = {(i["row"], i["variable"], i["code"]) for i in issues}
        assert (21, "aktualiseringsdatum", "invalid-date") in by_row
        assert (22, "anmalare", "free-text-in-code-field") in by_row or (
            22,
            "anmalare",
            "invalid-code",
        ) in by_row
        assert any(r == 31 and v == "beslut_om_utredning_datum" for r, v, _ in by_row)
        assert all(i["file"] == export.name for i in issues if i["row"] is not None)
        assert not {i["row"] for i in issues} & set(REJECTED_ROWS)
        # the same rows from Python, before the canonical folder
        ds, _ = bbic_su.import_export(export, profile, key=KEY)
        python_rows = {(i.row, i.variable, i.code.value) for i in bbic_su.validate(ds).issues}
        assert python_rows == by_row
        # and the table names the file and the rows
        code, out, _ = run(capsys, "validate", str(out_dir))
        assert all(f" {r} " in out or f"{r}:" in out for r in FAULT_ROWS)
        assert export.name in out


class TestNoDataIsAnError:
    @pytest.mark.parametrize("command", ["validate", "measures", "report"])
    def test_workbook_without_record_sheets(
        self, command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A workbook with no record-type sheet: exit 2, one line naming its sheets."""
        openpyxl = pytest.importorskip("openpyxl")
        wb = openpyxl.Workbook()
        wb.active.title = "Blad1"
        wb.active["A1"] = "x"
        path = tmp_path / "nosheets.xlsx"
        wb.save(path)
        extra = ["--out", str(tmp_path / "r.xlsx")] if command == "report" else []
        code, out, err = run(capsys, command, str(path), *extra)
        assert code == 2 and out == ""
        one_line_error(err, "Blad1")

    def test_validate_on_a_report_workbook(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The report workbook itself holds no records: exit 2, not 'findings: 0'."""
        from bbic_su import synth

        ds = synth.generate(children=30, seed=3)
        bbic_su.report(ds, out=tmp_path / "rapport.xlsx", measures=["m_enskilda_samtal_utredning"])
        code, _, err = run(capsys, "validate", str(tmp_path / "rapport.xlsx"))
        assert code == 2
        one_line_error(err, "no records of any record type")

    @staticmethod
    def _header_only(tmp_path: Path) -> list[str]:
        """An export with a header and no rows, its profile and key: the command's arguments."""
        from municipal_export import HEADER

        path = tmp_path / "aktualiseringar.csv"
        path.write_bytes((";".join(HEADER) + "\r\n").encode("cp1252"))
        profile = tmp_path / "p.yaml"
        profile.write_text(EDITED, encoding="utf-8")
        key = tmp_path / "k.txt"
        key.write_bytes(KEY)
        return [str(path), "--profile", str(profile), "--key-file", str(key)]

    def test_conformance_on_an_export_without_rows(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """An export with a header and no rows: conformance exits 2 with one line."""
        code, _, err = run(capsys, "conformance", *self._header_only(tmp_path))
        assert code == 2
        one_line_error(err, "no records")

    def test_import_of_an_export_without_rows(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Header-only files: import exits 2 with one line and writes nothing."""
        out = tmp_path / "ut"
        code, _, err = run(capsys, "import", *self._header_only(tmp_path), "--out", str(out))
        assert code == 2
        one_line_error(err, "no data rows in the exports (read: aktualiseringar.csv)")
        assert not out.exists()


class TestMeasuresSayWhatTheyCannotCompute:
    def test_missing_column_is_not_computable_never_zero_of_n(
        self, export: Path, tmp_path: Path
    ) -> None:
        """Only aktualisering exported, no ateraktualisering column: no 0/197."""
        profile = tmp_path / "p.yaml"
        profile.write_text(EDITED, encoding="utf-8")
        ds, _ = bbic_su.import_export(export, profile, key=KEY)
        table = bbic_su.compute(ds, min_count=None).to_frame()
        row = table[table.measure == "m_ateraktualiseringar_andel"]
        assert len(row) == 1 and not row["computable"].iloc[0]
        assert row["missing"].iloc[0] == "aktualisering.ateraktualisering"
        assert row[["numerator", "denominator", "share"]].isna().all().all()
        computed = table[table["computable"]]
        assert (computed["denominator"] > 0).any()  # the others are counted as before
        absent = table[~table["computable"]]
        assert absent["measure"].is_unique

    def test_barn_is_derived_from_the_identity_numbers(self, export: Path, tmp_path: Path) -> None:
        """No barn file: one barn per child, sex and birth year from the number, marked."""
        profile = tmp_path / "p.yaml"
        profile.write_text(EDITED, encoding="utf-8")
        ds, report = bbic_su.import_export(export, profile, key=KEY)
        barn = ds["barn"]
        assert len(barn) == ds["aktualisering"]["barn_id"].nunique()
        assert set(barn["kon"]) == {"flicka", "pojke"} and set(barn["kommunkod"]) == {"0180"}
        assert barn["fodelsear"].str.fullmatch(r"20(0[89]|1\d|20)").all()
        assert "barn" in report.derived and "barn" in report.to_dict()["derived_record_types"]
        table = bbic_su.compute(
            ds, ["m_datakvalitet_fullstandighet[anmalare]"], by=["kon"]
        ).to_frame()
        totals = table[table.kon == "_saknas"]
        assert (totals["denominator"].fillna(0) == 0).all()  # nobody falls under _saknas

    def test_report_lists_not_computable_measures_once(
        self, export: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The report draws the computable measures and lists the others once."""
        profile = tmp_path / "p.yaml"
        profile.write_text(EDITED, encoding="utf-8")
        ds, _ = bbic_su.import_export(export, profile, key=KEY)
        folder = bbic_su.write_dataset(ds, tmp_path / "kanonisk")
        page = tmp_path / "rapport.html"
        argv = ["report", str(folder), "--html", str(page), "--workers", "1"]
        assert run(capsys, *argv, "--extraction-date", "2025-01-31")[0] == 0
        html = page.read_text(encoding="utf-8")
        table = bbic_su.compute(ds, min_count=None, extraction_date="2025-01-31").to_frame()
        plain = table[~table.measure.str.contains("[", regex=False)]
        drawn = set(plain[plain["computable"]]["measure"])
        listed = set(plain[~plain["computable"]]["measure"])
        assert drawn and listed and "m_ateraktualiseringar_andel" in listed
        assert html.count('<article class="measure"') == len(drawn)
        assert "Mått som inte kan beräknas" in html
        assert all(html.count(f"({m})") == 1 for m in listed)


class TestEncodings:
    @pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-8"])
    def test_profile_encoding_differs_from_the_file(
        self, encoding: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A cp1252 profile on a UTF-16 or UTF-8 file: one line naming both encodings."""
        source = write_export(tmp_path)
        text = source.read_bytes().decode("cp1252")
        path = tmp_path / "aktualiseringar_ny.csv"
        path.write_bytes(text.encode(encoding))
        profile = tmp_path / "p.yaml"
        profile.write_text(EDITED, encoding="utf-8")
        key = tmp_path / "k.txt"
        key.write_bytes(KEY)
        argv = ["import", str(path), "--profile", str(profile), "--key-file", str(key)]
        code, _, err = run(capsys, *argv, "--out", str(tmp_path / "ut"))
        assert code == 2
        one_line_error(err, "cp1252")
        assert "utf-16" in err if encoding.startswith("utf-16") else "utf-8" in err
        assert "binary" not in err

    def test_draft_and_import_read_utf16_alike(self, tmp_path: Path) -> None:
        """The draft's encoding for a UTF-16 file is the one import then reads it with."""
        source = write_export(tmp_path)
        path = tmp_path / "aktualiseringar.csv"
        path.write_bytes(source.read_bytes().decode("cp1252").encode("utf-16"))
        data = yaml.safe_load(draft_profile(path).text)
        assert data["files"][0]["encoding"] == "utf-16"
        profile = tmp_path / "p.yaml"
        profile.write_text(EDITED.replace("encoding: cp1252", "encoding: utf-16"), "utf-8")
        ds, report = bbic_su.import_export(path, profile, key=KEY)
        assert report.rows_read == 200 and len(ds["aktualisering"]) == 198


@pytest.mark.parametrize("name", ["exempel_bred_cp1252", "exempel_komplett", "exempel_lang"])
def test_shipped_profiles_pass_the_check(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    """The shipped example profiles are usable: keys, required variables, no guesses."""
    code, out, err = run(capsys, "profile", "check", name)
    assert (code, err) == (0, "") and out.startswith("ok: profilen")


def test_report_counts_the_findings_validate_counts_on_the_extraction_date(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """report --extraction-date passes the date to the validation: the same findings."""
    from bbic_su import synth
    from bbic_su.reporting._build import row_counts

    ds = synth.generate(children=150, seed=2)
    when = "2025-03-31"
    expected = bbic_su.validate(ds, extraction_date=when).counts_by_code()
    assert expected != bbic_su.validate(ds).counts_by_code()
    _, issues = row_counts(ds, None, 1, "sv", when)  # k = 1: nothing hidden
    assert {code: n for code, _, _, n in issues} == expected
    folder = bbic_su.write_dataset(ds, tmp_path / "ds")
    argv = ["report", str(folder), "--html", str(tmp_path / "r.html"), "--workers", "1"]
    argv += ["--measure", "m_utredning_4_manader"]
    assert run(capsys, *argv, "--extraction-date", when)[0] == 0
    code, _, err = run(capsys, *argv, "--extraction-date", "2025-02-30")
    assert code == 2 and err.count("\n") == 1
