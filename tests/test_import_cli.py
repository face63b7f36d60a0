"""``bbic-su import`` and ``bbic-su profile``: outputs, exit codes 0/1/2, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import one_line_error, run
from importkit import (
    KEY,
    PNRS,
    all_text_under,
    assert_no_identity_numbers,
    profile_dict,
    report_json,
    write_csv,
    write_profile,
)

from bbic_su.importing.profile import example_exports, load_profile

EXAMPLE_DIR = example_exports("exempel_bred_cp1252")[0].parent


def test_import_clean_export_exits_0_and_writes_dataset_and_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    code, stdout, err = run(
        capsys,
        "import",
        str(example_exports("exempel_lang")[0]),
        "--profile",
        "exempel_lang",
        "--out",
        str(out),
    )
    assert code == 1  # the example has rejected rows on purpose
    rep = report_json(out)
    f = rep["files"][0]
    assert f["rows_read"] == f["rows_imported"] + f["rows_rejected"]
    assert all("row" in r and r["reason"] for r in f["rejected_rows"])
    assert (out / "insats.csv").exists() and (out / "datapackage.json").exists()
    clean = write_csv(
        tmp_path, "insatser.csv", "ärende,variabel,värde\nI-9,BarnID,b-9\nI-9,Insatstyp,KP\n"
    )
    code, stdout, err = run(
        capsys, "import", str(clean), "--profile", "exempel_lang", "--out", str(tmp_path / "o2")
    )
    assert (code, err) == (0, "")
    assert "lästa 2, importerade 2, avvisade 0" in stdout  # sv by default
    code, stdout, _ = run(
        capsys,
        "import",
        str(clean),
        "--profile",
        "exempel_lang",
        "--out",
        str(tmp_path / "o3"),
        "--lang",
        "en",
    )
    assert "read 2, imported 2, rejected 0" in stdout


def test_import_with_key_file_strict_and_folder_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("BBIC_SU_PSEUDONYM_KEY", raising=False)
    key = tmp_path / "key.txt"
    key.write_bytes(KEY)
    out = tmp_path / "out"
    code, stdout, err = run(
        capsys,
        "import",
        str(EXAMPLE_DIR),
        "--profile",
        "exempel_bred_cp1252",
        "--out",
        str(out),
        "--key-file",
        str(key),
    )
    assert code == 1
    rep = report_json(out)
    assert [f["file"] for f in rep["files"]] == ["aktualisering_export.csv", "barn_export.csv"]
    assert rep["rows_read"] == rep["rows_imported"] + rep["rows_rejected"] == 10
    texts = [*all_text_under(out), stdout, err]
    assert_no_identity_numbers(*texts)
    assert not any(KEY.decode() in t for t in texts)
    # --strict: unmapped values alone make exit 1; without --strict the clean part is 0
    data = profile_dict(
        "barn",
        [
            {"column": "Id", "variable": "barn_id", "kind": "text"},
            {"column": "Kön", "variable": "kon"},
        ],
    )
    prof = write_profile(tmp_path, data)
    export = write_csv(tmp_path, "x.csv", "Id;Kön\nb1;Okänt\n")
    args = ["import", str(export), "--profile", str(prof), "--out"]
    assert run(capsys, *args, str(tmp_path / "a"))[0] == 0
    code, _, err = run(capsys, *args, str(tmp_path / "b"), "--strict")
    assert code == 1 and "--strict" in err
    code, _, _ = run(capsys, *args, str(tmp_path / "c"), "--format", "xlsx")
    assert code == 0 and (tmp_path / "c" / "dataset.xlsx").exists()


@pytest.mark.parametrize(
    ("setup", "expected"),
    [
        ("missing", "cannot read"),
        ("empty", "empty file"),
        ("binary", "binary file"),
        ("profile", "not a shipped profile"),
        ("column", "named by the profile is not in the header"),
        ("key", "no key is given"),
        ("keyfile", "cannot read key file"),
    ],
)
def test_bad_input_is_exit_2_with_one_line(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    setup: str,
    expected: str,
) -> None:
    monkeypatch.delenv("BBIC_SU_PSEUDONYM_KEY", raising=False)
    export = tmp_path / "barn_x.csv"
    profile = "exempel_bred_cp1252"
    extra: list[str] = []
    if setup == "missing":
        export = tmp_path / "barn_none.csv"
        extra = ["--key-file", str(write_csv(tmp_path, "k", KEY.decode()))]
    elif setup == "empty":
        export.write_bytes(b"")
        extra = ["--key-file", str(write_csv(tmp_path, "k", KEY.decode()))]
    elif setup == "binary":
        export.write_bytes(bytes(range(256)) * 20)
        extra = ["--key-file", str(write_csv(tmp_path, "k", KEY.decode()))]
    elif setup == "profile":
        profile = "nonesuch"
    elif setup == "column":
        export.write_bytes("Personnummer;Kommunkod\n".encode("cp1252"))
        extra = ["--key-file", str(write_csv(tmp_path, "k", KEY.decode()))]
    elif setup == "key":
        export.write_bytes(f"Personnummer\n{PNRS[0]}\n".encode())
    elif setup == "keyfile":
        extra = ["--key-file", str(tmp_path / "no-key")]
    code, _, err = run(
        capsys, "import", str(export), "--profile", profile, "--out", str(tmp_path / "o"), *extra
    )
    assert code == 2
    one_line_error(err, expected)
    assert_no_identity_numbers(err)


def test_import_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "import", "x.csv", "--out", "o")
    assert code == 2
    one_line_error(err, "--profile")


def test_profile_list_check_and_draft(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "profile", "list")
    assert code == 0 and "exempel_lang" in out and all(len(line) <= 80 for line in out.splitlines())
    code, out, _ = run(capsys, "profile", "check", "exempel_bred_cp1252")
    assert (code, out.strip()) == (0, "ok: profilen exempel_bred_cp1252 (2 filer)")
    code, out, _ = run(capsys, "profile", "check", "exempel_bred_cp1252", "--lang", "en")
    assert (code, out.strip()) == (0, "ok: profile exempel_bred_cp1252 (2 file maps)")
    bad = write_profile(
        tmp_path, {"schema": "bbic-su-profile/1", "name": "x", "files": [{"record_type": "bar"}]}
    )
    code, _, err = run(capsys, "profile", "check", str(bad))
    assert code == 2
    one_line_error(err, "files[0].record_type: unknown record type 'bar'")
    barn = next(p for p in example_exports("exempel_bred_cp1252") if p.name.startswith("barn"))
    draft = tmp_path / "draft.yaml"
    code, out, _ = run(capsys, "profile", "draft", str(barn), "--out", str(draft), "--lang", "en")
    assert code == 0 and "record type barn" in out and "not placed: 1 columns" in out
    text = draft.read_text(encoding="utf-8")
    assert "GRANSKA / REVIEW" in text and "kind: identity" in text
    assert_no_identity_numbers(text)
    profile = load_profile(draft)
    assert profile.files[0].record_type == "barn"
    code, out, _ = run(capsys, "profile", "draft", str(barn), "--record-type", "barn")
    assert code == 0 and out.startswith("# DRAFT") and "kind: identity" in out
    code, _, err = run(capsys, "profile", "draft", str(barn), "--record-type", "nope")
    assert code == 2
    one_line_error(err, "unknown record type")


@pytest.mark.slow
def test_import_command_in_a_subprocess(tmp_path: Path) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "bbic_su",
            "import",
            str(tmp_path / "missing.csv"),
            "--profile",
            "exempel_lang",
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert json.dumps(proc.stdout) == '""'
