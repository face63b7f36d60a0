"""Tests of the ``bbic-su`` command line: spec list / spec show, global options, errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import run

import bbic_su

CAT = bbic_su.catalog()

LOCAL_YAML = """\
name: Testkommun
variables:
- id: x_kontaktperson
  name_sv: Kontaktperson utsedd
  name_en: Contact person appointed
  record_type: insats
  phase: utforma_och_genomfora_uppdrag
  area: bakgrundsuppgifter
  kind: process
  document: [grunduppgifter]
  datatype: code
  value_set: ja_nej_uppgift_saknas
  definition_sv: Om en kontaktperson har utsetts för barnet.
  definition_en: Whether a contact person was appointed for the child.
  status: provisional
  reason: Local variable of the test municipality.
  since: 0.1.0
"""

ENTRIES = [
    *(("variable", v.id) for v in CAT.variables),
    *(("value-set", s.id) for s in CAT.value_sets),
    *(("measure", m.id) for m in CAT.measures),
    *(("rule", r.id) for r in CAT.rules),
    *(("record-type", t.id) for t in CAT.record_types),
]


def assert_fits(text: str) -> None:
    too_long = [line for line in text.splitlines() if len(line) > 80]
    assert not too_long, too_long


def assert_error(err: str, expected: str = "") -> None:
    """One line ``bbic-su: error: …`` containing ``expected``, never a traceback."""
    assert err.startswith("bbic-su: error: ")
    assert expected in err
    assert err.count("\n") == 1
    assert "Traceback" not in err


def table_ids(out: str) -> list[str]:
    """First-column ids of a table (header and rule skipped; wrapped rows start blank)."""
    return [line.split()[0] for line in out.splitlines()[2:] if line and not line.startswith(" ")]


@pytest.fixture
def local_file(tmp_path: Path) -> Path:
    path = tmp_path / "lokal.yaml"
    path.write_text(LOCAL_YAML, encoding="utf-8")
    return path


# --- spec list ---------------------------------------------------------------------------


def test_list_all_variables(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "spec", "list")
    assert (code, err) == (0, "")
    assert table_ids(out) == [v.id for v in CAT.variables]
    assert len(table_ids(out)) == len(CAT.variables)
    assert out.splitlines()[0].split() == ["id", "posttyp", "datatyp", "status", "namn"]
    assert "…" not in out  # long Swedish names are wrapped, never cut
    assert_fits(out)


@pytest.mark.parametrize("kind", ["variables", "value-sets", "measures", "rules", "record-types"])
def test_list_every_kind_fits_80_columns(capsys: pytest.CaptureFixture[str], kind: str) -> None:
    code, out, _ = run(capsys, "spec", "list", "--kind", kind)
    assert code == 0
    assert table_ids(out) == [e.id for e in getattr(CAT, kind.replace("-", "_"))]
    assert_fits(out)


@pytest.mark.parametrize(
    ("option", "field", "value"),
    [
        ("--record-type", "record_type", "barn"),
        ("--phase", "phase", "aktualisera"),
        ("--area", "area", "delaktighet"),
        ("--variable-kind", "kind", "resultat"),
        ("--status", "status", "provisional"),
    ],
)
def test_list_filters(
    capsys: pytest.CaptureFixture[str], option: str, field: str, value: str
) -> None:
    code, out, _ = run(capsys, "spec", "list", option, value)
    expected = [v.id for v in CAT.variables if getattr(v, field) == value]
    assert code == 0
    assert expected
    assert table_ids(out) == expected


def test_list_combined_filters(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "spec", "list", "--record-type", "barn", "--status", "named")
    assert table_ids(out) == [v.id for v in CAT.select(record_type="barn", status="named")]


def test_list_english_names(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "spec", "list", "--record-type", "barn", "--lang", "en")
    assert code == 0
    assert out.splitlines()[0].split()[-1] == "name"
    assert "Sex" in out
    code, before, _ = run(capsys, "--lang", "en", "spec", "list", "--record-type", "barn")
    assert (code, before) == (0, out)


def test_list_json_round_trips_ids(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "spec", "list", "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert set(data) == {"kind", "spec_version", "extensions", "filters", "count", "entries"}
    assert data["count"] == len(CAT.variables)
    assert [e["id"] for e in data["entries"]] == [v.id for v in CAT.variables]
    assert [CAT.variable(e["id"]).id for e in data["entries"]] == [v.id for v in CAT.variables]
    first = data["entries"][0]
    assert first["requirement_id"] == bbic_su.requirement_id(CAT.variables[0])
    assert first["entry_kind"] == "variable"
    assert "Å" in out or "ö" in out  # ensure_ascii=False
    assert out == json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n"


def test_list_json_other_kind_and_filters(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "spec", "list", "--kind", "rules", "--format", "json")
    assert [e["id"] for e in json.loads(out)["entries"]] == [r.id for r in CAT.rules]
    _, out, _ = run(capsys, "spec", "list", "--status", "named", "--format", "json")
    assert json.loads(out)["filters"] == {"status": "named"}


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--record-type", "barm"], "did you mean 'barn'?"),
        (["--phase", "utred"], "unknown phase 'utred'"),
        (["--area", "delaktigheten"], "did you mean 'delaktighet'?"),
        (["--status", "confirmd"], "did you mean 'confirmed'?"),
        (["--kind", "rules", "--phase", "utreda"], "filter variables only"),
        (["--kind", "variable"], "invalid choice"),
        (["--format", "xml"], "invalid choice"),
    ],
)
def test_list_bad_filter_exits_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], expected: str
) -> None:
    code, out, err = run(capsys, "spec", "list", *argv)
    assert (code, out) == (2, "")
    assert_error(err, expected)


# --- spec show ---------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "key"), ENTRIES)
def test_show_every_entry_fits(capsys: pytest.CaptureFixture[str], kind: str, key: str) -> None:
    code, out, err = run(capsys, "spec", "show", key, "--kind", kind)
    assert (code, err) == (0, "")
    assert_fits(out)
    entry = CAT.find(key) if kind != "value-set" else CAT.value_set(key)
    assert out.splitlines()[0] == bbic_su.requirement_id(entry)


def test_show_variable(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "spec", "show", "skyddsbedomning_datum", "--lang", "en")
    v = CAT.variable("skyddsbedomning_datum")
    assert code == 0
    assert out.startswith("BBIC-SU-VAR-skyddsbedomning_datum\n")
    assert f"{v.name_sv} / {v.name_en}" in out
    for text in ("Record type:", "Phase:", "Area:", "Kind:", "Document:", "Datatype:", "date"):
        assert text in out
    for r in CAT.rules_for(v.id):
        assert f"{r.id} ({r.severity})" in out
    for m in CAT.measures_using(v.id):
        assert m.id in out
    for key in v.sources:
        assert f"  {key}:" in out
    law = CAT.legal_source("L_SKYDD")
    old, _new = law.references
    assert f"{old.text(CAT.act(old.act))}:" in out
    assert "SoL (2025:400), no paragraph: unverified, from 2025-07-01" in out
    assert "PRELIMINÄR" not in out


def test_show_variable_code_table(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "spec", "show", "kon", "--kind", "variable", "--lang", "en")
    assert "Value set: kon" in out
    assert out.count("code") >= 1
    for c in CAT.value_set("kon").codes:
        line = next(x for x in out.splitlines() if x.split()[:1] == [c.code])
        assert c.label_en in line
        assert c.status is not None
        assert line.endswith(c.status)


def test_show_provisional_banner(capsys: pytest.CaptureFixture[str]) -> None:
    v = next(v for v in CAT.variables if v.is_provisional)
    _, out, _ = run(capsys, "spec", "show", v.id, "--lang", "en")
    banner = next(line for line in out.splitlines() if line.startswith("PRELIMINÄR"))
    assert banner.startswith("PRELIMINÄR / PROVISIONAL: ")
    assert v.reason is not None
    assert v.reason.split()[0] in banner
    assert_fits(out)


def test_show_value_set_shares_variable_id(capsys: pytest.CaptureFixture[str]) -> None:
    _, default, _ = run(capsys, "spec", "show", "kon", "--lang", "en")
    _, vs, _ = run(capsys, "spec", "show", "kon", "--kind", "value-set", "--lang", "en")
    assert default.startswith("BBIC-SU-VAR-kon\n")
    assert vs.startswith("BBIC-SU-VS-kon\n")
    assert "Used by:" in vs


def test_show_measure(capsys: pytest.CaptureFixture[str]) -> None:
    m = next(m for m in CAT.measures if m.exclusions.filters)
    _, out, _ = run(capsys, "spec", "show", m.id, "--lang", "en")
    assert out.startswith(f"BBIC-SU-M-{m.id}\n")
    for text in ("Numerator:", "Denominator:", "Unit:", m.unit, "Exclusions:", "Breakdowns:"):
        assert text in out
    assert m.exclusions.missing in out
    assert m.breakdowns[0] in out


def test_show_rule_with_legal_references(capsys: pytest.CaptureFixture[str]) -> None:
    r = next(r for r in CAT.rules if r.legal and r.expression)
    _, out, _ = run(capsys, "spec", "show", r.id, "--lang", "en")
    assert out.startswith(f"BBIC-SU-RULE-{r.id}\n")
    assert r.description_sv.split()[0] in out
    assert r.description_en.split()[0] in out
    assert f"Severity:     {r.severity}" in out
    assert "Expression:" in out
    law = CAT.legal_source(r.legal[0])
    assert f"  {law.id}:" in out
    assert "SoL (2001:453):" in out
    assert "SoL (2025:400), no paragraph:" in out
    _, sv, _ = run(capsys, "spec", "show", r.id)
    assert "SoL (2025:400), paragraf ej angiven: ej verifierad, från 2025-07-01" in sv


def test_show_record_type(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "spec", "show", "insats", "--lang", "en")
    t = CAT.record_type("insats")
    assert out.startswith("BBIC-SU-RT-insats\n")
    assert f"{t.key} (primary)" in out
    assert "Parent:       utredning" in out


JSON_CASES = [("variable", "kon"), ("value-set", "kon"), ("measure", "m_mal_uppnatt")]


@pytest.mark.parametrize(("kind", "key"), [*JSON_CASES, ("rule", "R07"), ("record-type", "barn")])
def test_show_json(capsys: pytest.CaptureFixture[str], kind: str, key: str) -> None:
    code, out, _ = run(capsys, "spec", "show", key, "--kind", kind, "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert data["id"] == key
    assert data["entry_kind"] == kind.replace("-", "_")
    assert data["requirement_id"].startswith("BBIC-SU-")
    assert isinstance(data["related"], dict)  # ids of related entries
    assert out == json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n"


def test_show_json_variable_related(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "spec", "show", "skyddsbedomning_datum", "--format", "json")
    related = json.loads(out)["related"]
    assert related["rules"] == [r.id for r in CAT.rules_for("skyddsbedomning_datum")]
    assert related["measures"] == [m.id for m in CAT.measures_using("skyddsbedomning_datum")]


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["kön"], "did you mean 'kon'?\n"),  # each id suggested once
        (["x_kontaktperson"], "unknown catalogue entry"),  # local, without --catalog-extra
        (["R7"], "unknown catalogue entry 'R7'"),
        (["barn", "--kind", "variable"], "unknown variable 'barn'"),
        (["kon", "--kind", "rule"], "unknown rule 'kon'"),
        ([], "required"),
    ],
)
def test_show_unknown_exits_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], expected: str
) -> None:
    code, out, err = run(capsys, "spec", "show", *argv)
    assert (code, out) == (2, "")
    assert_error(err, expected)


# --- global options and conventions -------------------------------------------------------


def test_catalog_extra_shows_local_variable(
    capsys: pytest.CaptureFixture[str], local_file: Path
) -> None:
    code, out, err = run(
        capsys, "--catalog-extra", str(local_file), "spec", "show", "x_kontaktperson"
    )
    assert (code, err) == (0, "")
    assert out.startswith("BBIC-SU-VAR-x_kontaktperson\n")
    assert "LOCAL EXTENSION" in out
    assert "PRELIMINÄR / PROVISIONAL: Local variable" in out
    assert_fits(out)


def test_catalog_extra_after_command(capsys: pytest.CaptureFixture[str], local_file: Path) -> None:
    code, out, _ = run(
        capsys, "spec", "list", "--record-type", "insats", "--catalog-extra", str(local_file)
    )
    assert code == 0
    assert table_ids(out)[-1] == "x_kontaktperson"
    assert "[lokal] Kontakt" in out
    assert_fits(out)
    _, out, _ = run(capsys, "spec", "list", "--catalog-extra", str(local_file), "--format", "json")
    data = json.loads(out)
    assert data["count"] == len(CAT.variables) + 1
    assert data["entries"][-1]["local"] is True
    assert data["extensions"] == [str(local_file)]


def test_catalog_extra_errors_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "--catalog-extra", str(tmp_path / "missing.yaml"), "spec", "list")
    assert code == 2
    assert_error(err, "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text(LOCAL_YAML.replace("x_kontaktperson", "kontaktperson"), encoding="utf-8")
    code, _, err = run(capsys, "--catalog-extra", str(bad), "spec", "list")
    assert code == 2
    assert_error(err, "must start with 'x_'")


def test_version_and_help_exit_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--version")
    assert code == 0
    assert out.strip() == f"bbic-su {bbic_su.__version__} (spec {bbic_su.SPEC_VERSION})"
    code, out, _ = run(capsys, "spec", "list", "--help")
    assert (code, "--record-type" in out) == (0, True)


@pytest.mark.parametrize("argv", [["spec"], ["nonsense"], ["--lang", "de", "spec", "list"]])
def test_usage_errors_are_one_line(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, "")
    assert_error(err)


@pytest.mark.parametrize(
    ("exc", "status", "message"),
    [
        (KeyboardInterrupt(), 130, "\n"),
        (PermissionError(13, "Permission denied", "out.csv"), 2, "out.csv: Permission denied"),
        (OSError("disk full"), 2, "bbic-su: error: disk full\n"),
    ],
)
def test_interrupt_and_os_errors(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    exc: BaseException,
    status: int,
    message: str,
) -> None:
    def handler(*_: object) -> int:
        raise exc

    monkeypatch.setattr("bbic_su.cli.spec._list", handler)
    code, _, err = run(capsys, "spec", "list")
    assert code == status
    assert message in err
    assert "Traceback" not in err


@pytest.mark.slow
def test_python_m_entry_point() -> None:
    argv = [sys.executable, "-m", "bbic_su", "spec", "list"]
    proc = subprocess.run(argv, capture_output=True, encoding="utf-8", check=False, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert table_ids(proc.stdout) == [v.id for v in CAT.variables]
