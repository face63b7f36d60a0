"""``bbic-su conformance``: outputs, exit codes 0/1/2, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import one_line_error, run

import bbic_su
from bbic_su import synth


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("cli-export")
    bbic_su.write_dataset(synth.generate(children=60, seed=1), out)
    return out


def test_a_conforming_export_exits_0_with_a_summary(export: Path, capsys) -> None:
    code, out, err = run(capsys, "conformance", str(export), "--profile", "canonical")
    assert code == 0, err
    assert out.splitlines()[0] == "Samlat resultat: Godkänd"
    assert err == ""
    code, out, _ = run(capsys, "conformance", str(export), "--profile", "canonical", "--lang", "en")
    assert code == 0 and out.splitlines()[0] == "verdict: pass"


def test_json_out_is_byte_identical_and_stamped_only_on_request(
    export: Path, tmp_path: Path, capsys
) -> None:
    a, b, c = (tmp_path / f"{n}.json" for n in "abc")
    for target in (a, b):
        code, _, _ = run(
            capsys, "conformance", str(export), "--profile", "canonical", "--out", str(target)
        )
        assert code == 0
    assert a.read_bytes() == b.read_bytes()
    assert json.loads(a.read_text(encoding="utf-8"))["verdict"] == "pass"
    code, _, _ = run(
        capsys,
        "conformance",
        str(export),
        "--profile",
        "canonical",
        "--out",
        str(c),
        "--generated-at",
        "2026-03-01T12:00:00",
    )
    assert code == 0
    assert json.loads(c.read_text(encoding="utf-8"))["generated_at"] == "2026-03-01T12:00:00"


def test_a_failing_export_exits_1_and_writes_html(export: Path, tmp_path: Path, capsys) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    for f in export.glob("*.csv"):
        (folder / f.name).write_bytes(f.read_bytes())
    text = (folder / "barn.csv").read_text(encoding="utf-8")
    (folder / "barn.csv").write_text(text.replace(",flicka,", ",flickaa,", 1), encoding="utf-8")
    page = tmp_path / "rapport.html"
    code, out, err = run(
        capsys, "conformance", str(folder), "--profile", "canonical", "--out", str(page)
    )
    assert code == 1, err
    assert "Samlat resultat: Underkänd" in out
    html = page.read_text(encoding="utf-8")
    assert "Underkänd" in html and "https://" not in html
    code, out, _ = run(capsys, "conformance", str(folder), "--profile", "canonical")
    assert code == 1
    assert "BBIC-SU-VAR-kon" in out and "Värdemängd och datatyp" in out
    code, out, _ = run(capsys, "conformance", str(folder), "--profile", "canonical", "--lang", "en")
    assert code == 1 and "values" in out


def test_a_plan_is_read_from_yaml(export: Path, tmp_path: Path, capsys) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        "question: Hur många barn?\nvariables: [kon, fodelsear]\nmandatory: [kon]\n",
        encoding="utf-8",
    )
    out_file = tmp_path / "r.json"
    code, _, err = run(
        capsys,
        "conformance",
        str(export),
        "--profile",
        "canonical",
        "--plan",
        str(plan),
        "--out",
        str(out_file),
    )
    assert code == 0, err
    data = json.loads(out_file.read_text(encoding="utf-8"))
    assert data["plan"]["mandatory"] == ["kon"] and len(data["plan"]["sha256"]) == 64
    assert {r["id"]: r["outcome"] for r in data["requirements"]}["BBIC-SU-KRAV-005"] == "pass"


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (["no/such/barn.csv"], "barn.csv"),
        (["--out", "r.txt"], "--out must end in .json or .html"),
        (["--format", "html"], "--format html needs --out"),
        (["--plan", "no/such/plan.yaml"], "plan.yaml"),
        (["--generated-at", "yesterday"], "not an ISO 8601 time"),
    ],
)
def test_bad_input_exits_2_with_one_line(
    export: Path, capsys, extra: list[str], expected: str
) -> None:
    args = ["conformance", str(export / "barn.csv"), "--profile", "canonical", *extra]
    code, _, err = run(capsys, *args)
    assert code == 2
    one_line_error(err, expected)


def test_an_unknown_profile_exits_2(export: Path, capsys) -> None:
    code, _, err = run(capsys, "conformance", str(export), "--profile", "no_such_profile")
    assert code == 2
    one_line_error(err, "no_such_profile")


def test_an_unreadable_export_exits_2(tmp_path: Path, capsys) -> None:
    junk = tmp_path / "barn.csv"
    junk.write_bytes(b"\x00\xff\xfe junk \x00")
    code, _, err = run(capsys, "conformance", str(junk), "--profile", "canonical")
    assert code in (1, 2)  # junk is either unreadable (2) or a failing export (1)
    assert "Traceback" not in err
