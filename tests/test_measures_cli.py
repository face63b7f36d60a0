"""``bbic-su measures``: formats, protection in every output, exit codes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import measures_fixture as fx
import openpyxl
import pandas as pd
import pytest

import bbic_su
from bbic_su.cli import main


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ds") / "ds"
    bbic_su.write_dataset(fx.dataset(), path)
    return path


def test_table_marks_hidden_values(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["measures", str(data), "--measure", "m_sip", "--by", "kon", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "min count: 5" in out and ".." in out
    assert "\n1\n" not in out  # no small count is printed


def test_table_speaks_swedish_by_default(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Default sv: Swedish headers, the measure's name, code labels and a decimal comma."""
    from bbic_su import synth

    data = bbic_su.write_dataset(synth.generate(children=300, seed=1), tmp_path / "ds")
    argv = ["measures", str(data), "--measure", "m_enskilda_samtal_utredning", "--by", "kon"]
    assert main([*argv, "--min-count", "3"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("tröskel 3") and "täljare" in out and "nämnare" in out
    assert "(m_enskilda_samtal_utredning)" in out and "totalt" in out
    assert re.search(r"\d,\d", out) and not re.search(r"\d\.\d", out), out
    assert main([*argv, "--min-count", "3", "--lang", "en"]) == 0
    assert "numerator" in capsys.readouterr().out


def test_csv_and_json_carry_flags_and_nulls(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "m.csv"
    argv = ["measures", str(data), "--by", "kon,aldersgrupp", "--period", "year"]
    assert main([*argv, "--format", "csv", "--out", str(target)]) == 0
    table = pd.read_csv(target)
    assert {"suppressed", "suppression_reason", "period", "kon"} <= set(table.columns)
    hidden = table[table.suppressed & (table.suppression_reason != "excluded")]
    assert hidden.numerator.isna().all() and hidden.share.isna().all()
    assert table[table.suppression_reason == "excluded"].excluded.isna().all()
    shown = table[~table.suppressed]
    assert not shown.numerator.between(1, 4).any()
    assert main([*argv, "--format", "json", "--min-count", "3"]) == 0
    data_json = json.loads(capsys.readouterr().out)
    assert data_json["min_count"] == 3
    rows = data_json["rows"]
    assert all(r["numerator"] is None for r in rows if r["suppression_reason"] == "primary")
    assert all(r["excluded"] is None for r in rows if r["suppression_reason"] == "excluded")


def test_xlsx_is_human(data: Path, tmp_path: Path) -> None:
    target = tmp_path / "m.xlsx"
    assert main(["measures", str(data), "--format", "xlsx", "--out", str(target)]) == 0
    sheet = openpyxl.load_workbook(target).active
    assert sheet is not None
    values = {c.value for row in sheet.iter_rows() for c in row}
    assert ".." in values


def test_reference(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["measures", str(data), "--reference", str(data), "--measure", "m_sip"]
    assert main([*argv, "--format", "csv"]) == 0
    assert "difference_pp" in capsys.readouterr().out


def test_nothing_to_report_is_exit_1(tmp_path: Path) -> None:
    path = tmp_path / "barn"
    bbic_su.write_dataset(bbic_su.Dataset({"barn": fx.BARN}), path)
    assert main(["measures", str(path), "--measure", "m_sip"]) == 1


@pytest.mark.parametrize(
    "extra",
    [
        ["--measure", "m_nope"],
        ["--by", "kön"],
        ["--min-count", "4"],
        ["--format", "xlsx"],
        ["--period", "week"],
        ["--plan", "no/such/plan.yaml"],
    ],
)
def test_bad_input_is_one_line_exit_2(
    data: Path, extra: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["measures", str(data), *extra]) == 2
    err = capsys.readouterr().err
    assert err.startswith("bbic-su: error: ") and err.count("\n") == 1


def test_extraction_date_option_and_the_not_computable_line(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without --extraction-date a deadline measure is not computed and one line says why."""
    argv = ["measures", str(data), "--measure", "m_forhandsbedomning_14_dagar", "--format", "json"]
    assert main(argv) == 1  # nothing to report
    captured = capsys.readouterr()
    assert "m_forhandsbedomning_14_dagar: beräknas inte: needs-extraction-date" in captured.err
    assert json.loads(captured.out)["not_computable"] == {
        "m_forhandsbedomning_14_dagar": {"code": "needs-extraction-date", "variables": []}
    }
    assert main([*argv, "--extraction-date", fx.EXTRACTION_DATE]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["not_computable"] == {}
    assert payload["extraction_date"] == fx.EXTRACTION_DATE
    assert all("pending" in row for row in payload["rows"])
    assert main(["--lang", "en", *argv]) == 1
    assert "not computed: needs-extraction-date" in capsys.readouterr().err
