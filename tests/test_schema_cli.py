"""``bbic-su schema``: every format writes and exits 0; bad arguments exit 2 with one line."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from strategies import CAT

from bbic_su.cli import main
from bbic_su.interchange import (
    csv_template,
    data_package,
    json_schema,
    json_schema_bundle,
    table_schema,
)

PLAN_YAML = """\
name: Barnets röst
question: Får barnen komma till tals i utredningen?
variables: [kon, barnet_traffat_enskilt]
mandatory: [barnet_traffat_enskilt]
"""
RECORD_TYPES = [rt.id for rt in CAT.record_types]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["schema", *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    path = tmp_path / "plan.yaml"
    path.write_text(PLAN_YAML, encoding="utf-8")
    return path


def test_json_schema_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--format", "json-schema", "--record-type", "insats")
    assert (code, err) == (0, "")
    assert json.loads(out) == json_schema("insats")
    code, out, _ = run(capsys, "--format", "json-schema")
    assert code == 0 and json.loads(out) == json_schema_bundle()


def test_json_schema_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, "--format", "json-schema", "--out", str(tmp_path / "s"))
    assert (code, out, err) == (0, "", "")
    assert sorted(p.name for p in (tmp_path / "s").iterdir()) == sorted(
        f"{rt}.schema.json" for rt in RECORD_TYPES
    )
    text = (tmp_path / "s" / "barn.schema.json").read_text(encoding="utf-8")
    assert json.loads(text) == json_schema("barn")


def test_table_schema_and_datapackage(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out_file = tmp_path / "insats.json"
    code, _, _ = run(
        capsys, "--format", "table-schema", "--record-type", "insats", "--out", str(out_file)
    )
    assert code == 0 and json.loads(out_file.read_text(encoding="utf-8")) == table_schema("insats")
    code, out, _ = run(capsys, "--format", "datapackage")
    assert code == 0 and json.loads(out) == data_package()
    code, out, _ = run(capsys, "--format", "datapackage", "--record-type", "barn")
    assert [r["name"] for r in json.loads(out)["resources"]] == ["barn"]


def test_plan_option(capsys: pytest.CaptureFixture[str], plan_file: Path) -> None:
    code, out, _ = run(capsys, "--format", "datapackage", "--plan", str(plan_file))
    assert code == 0
    assert [r["name"] for r in json.loads(out)["resources"]] == ["barn", "utredning"]
    code, out, _ = run(
        capsys, "--format", "json-schema", "--record-type", "utredning", "--plan", str(plan_file)
    )
    assert code == 0 and "barnet_traffat_enskilt" in json.loads(out)["required"]


def test_csv_templates(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "--format", "csv-template", "--record-type", "barn")
    assert code == 0 and out == csv_template("barn")
    code, _, _ = run(capsys, "--format", "csv-template", "--out", str(tmp_path / "mall"))
    assert code == 0
    for rt in RECORD_TYPES:
        assert (tmp_path / "mall" / f"{rt}.csv").read_text(encoding="utf-8") == csv_template(rt)


def test_xlsx_template(capsys: pytest.CaptureFixture[str], tmp_path: Path, plan_file: Path) -> None:
    code, out, err = run(capsys, "--format", "xlsx-template", "--out", str(tmp_path / "m.xlsx"))
    assert (code, out, err) == (0, "", "")
    assert "Uppföljning" in openpyxl.load_workbook(tmp_path / "m.xlsx").sheetnames
    assert not (tmp_path / "m.profil.yaml").exists()
    code, _, _ = run(
        capsys,
        "--format",
        "xlsx-template",
        "--plan",
        str(plan_file),
        "--out",
        str(tmp_path / "p.xlsx"),
    )
    assert code == 0
    assert openpyxl.load_workbook(tmp_path / "p.xlsx").sheetnames[1:3] == ["Barn", "Utredning"]
    assert "name: xlsx_mall_plan" in (tmp_path / "p.profil.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], "--format"),
        (["--format", "yaml"], "invalid choice"),
        (["--format", "json-schema", "--record-type", "barnet"], "did you mean 'barn'"),
        (["--format", "table-schema"], "needs --record-type"),
        (["--format", "csv-template"], "needs --record-type or --out"),
        (["--format", "xlsx-template"], "needs --out"),
        (["--format", "datapackage", "--plan", "no/such/plan.yaml"], "plan.yaml"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(
    capsys: pytest.CaptureFixture[str], argv: list[str], expected: str
) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert err.startswith("bbic-su: error: ") and err.count("\n") == 1
    assert expected in err


def test_out_folder_that_is_a_file_exits_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "f").write_text("", encoding="utf-8")
    code, _, err = run(capsys, "--format", "csv-template", "--out", str(tmp_path / "f"))
    assert code == 2 and "not a folder" in err
