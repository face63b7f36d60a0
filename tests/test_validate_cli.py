"""bbic-su validate: formats, exit codes, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from bbic_su.cli import main

REALISTIC = Path(__file__).parent / "data" / "realistic"


def _clean(tmp_path: Path) -> Path:
    folder = tmp_path / "clean"
    folder.mkdir()
    (folder / "barn.csv").write_text("barn_id,kon,fodelsear\nb1,flicka,2015\n", encoding="utf-8")
    return folder


def test_table_and_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(REALISTIC), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "Child (basic data): 6 rows read = 3 without errors + 3 with errors" in out
    assert all(len(line) <= 80 for line in out.splitlines())
    assert main(["validate", str(REALISTIC)]) == 1
    out = capsys.readouterr().out
    assert "Barn: 6 rader lästa = 3 utan fel + 3 med fel" in out  # sv by default
    assert "rows read" not in out and "findings" not in out
    assert main(["validate", str(_clean(tmp_path))]) == 0


def test_fail_on_warning(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "warn"
    folder.mkdir()
    (folder / "barn.csv").write_text("barn_id,kon,extra\nb1,flicka,?\n", encoding="utf-8")
    assert main(["validate", str(folder)]) == 0
    assert main(["validate", str(folder), "--fail-on", "warning"]) == 1


def test_json_csv_xlsx(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["validate", str(REALISTIC), "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"summary", "issues"}
    out = tmp_path / "r.csv"
    main(["validate", str(REALISTIC), "--format", "csv", "--out", str(out)])
    frame = pd.read_csv(out)
    assert len(frame) == data["summary"]["issues"]
    book = tmp_path / "r.xlsx"
    main(["validate", str(REALISTIC), "--format", "xlsx", "--out", str(book)])
    assert book.exists()


def test_plan_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        "question: Vilka barn?\nvariables: [kon, ensamkommande]\nmandatory: [ensamkommande]\n",
        encoding="utf-8",
    )
    assert main(["validate", str(_clean(tmp_path)), "--plan", str(plan), "--format", "json"]) == 1
    assert "required-by-plan-missing" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv",
    [
        ["validate", "does/not/exist"],
        ["validate", str(REALISTIC), "--format", "xlsx"],
        ["validate", str(REALISTIC), "--plan", "missing-plan.yaml"],
        ["validate", str(REALISTIC), "--format", "yaml"],
    ],
)
def test_bad_input_is_one_line_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("bbic-su: error:") and err.count("\n") == 1
    assert "Traceback" not in err


def test_broken_csv_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "barn.csv").write_bytes(b"\xff\xfe")
    assert main(["validate", str(tmp_path)]) == 2
    assert "not UTF-8" in capsys.readouterr().err
