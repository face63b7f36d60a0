"""The Swedish guides work as written: every command of the vendor guide and the getting-started guide."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest

from bbic_su.cli import main

ROOT = Path(__file__).resolve().parents[1]
GUIDES = ROOT / "docs" / "guides"
_PROMPT = re.compile(r"^\s*(?:\$|>) (?:bbic\\Scripts\\)?bbic-su (.+)$")


def commands(guide: str) -> list[list[str]]:
    """The ``bbic-su`` command lines of a guide's console blocks, in order."""
    text = (GUIDES / guide).read_text(encoding="utf-8")
    out = []
    for block in re.findall(r"```console\n(.*?)```", text, flags=re.DOTALL):
        for line in block.splitlines():
            found = _PROMPT.match(line)
            if found:
                out.append(shlex.split(found.group(1).replace("\\", "/")))
    return out


def test_the_vendor_guide_runs_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Template, synthetic export, conformance (text, HTML, JSON) and kravbilaga: all exit 0."""
    monkeypatch.chdir(tmp_path)
    cmds = commands("leverantorsguide.md")
    assert [c[0] for c in cmds] == [
        "schema",
        "synth",
        "conformance",
        "conformance",
        "conformance",
        "kravbilaga",
    ]
    for cmd in cmds:
        assert main(cmd) == 0, cmd
    out = capsys.readouterr().out
    assert "Samlat resultat: Godkänd" in out
    report = json.loads((tmp_path / "rapport.json").read_text(encoding="utf-8"))
    assert report["verdict"] == "pass"
    assert report["requirements"] and report["spec"]["version"]
    assert (tmp_path / "kravbilaga.xlsx").stat().st_size > 0
    assert sorted(p.name for p in (tmp_path / "mall").iterdir()) == [
        "aktualisering.csv",
        "barn.csv",
        "insats.csv",
        "uppfoljning.csv",
        "utredning.csv",
    ]


def test_the_getting_started_guide_runs_on_an_export(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Steps 4–6 of «Kom igång» on a synthetic canonical export (the demo has its own tests)."""
    monkeypatch.chdir(tmp_path)
    assert main(["synth", "--children", "60", "--seed", "2", "--out", "export"]) == 0
    cmds = [c for c in commands("kom-igang.md") if c[0] not in ("--version", "demo")]
    assert [c[0] for c in cmds] == ["validate", "report", "conformance", "kravbilaga"]
    for cmd in cmds:
        assert main(cmd) == 0, cmd
    for name in ("rapport.html", "rapport.xlsx", "kontroll.html", "kravbilaga.docx"):
        assert (tmp_path / name).stat().st_size > 0
