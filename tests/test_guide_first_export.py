"""The municipal guide's first-export walk-through, run command by command (issue #17)."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
import yaml
from importkit import KEY
from municipal_export import FAULT_ROWS, REJECTED_ROWS, write_export

from bbic_su.cli import main

GUIDE = Path(__file__).parents[1] / "docs" / "guides" / "municipal-developers.md"
SECTION = "### Från första exporten till rapport, steg för steg"


def _blocks() -> list[tuple[str, str]]:
    """The fenced blocks of the section, as (language, text), in order."""
    text = GUIDE.read_text(encoding="utf-8")
    part = text[text.index(SECTION) :]
    part = part[: part.index("\n## ")]
    return re.findall(r"```(\w+)\n(.*?)```", part, flags=re.S)


def _commands(block: str) -> list[list[str]]:
    return [shlex.split(line[2:]) for line in block.splitlines() if line.startswith("$ ")]


def test_the_guide_shows_a_complete_profile() -> None:
    """The section holds two command blocks and one complete, commented profile."""
    kinds = [k for k, _ in _blocks()]
    assert kinds == ["console", "yaml", "console"]
    profile_text = _blocks()[1][1]
    assert profile_text.count("#") >= 10  # annotated
    data = yaml.safe_load(profile_text)
    assert data["schema"] == "bbic-su-profile/1" and data["files"][0]["columns"]


def test_following_the_guide(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every command of the guide, in order, with the exit status the guide describes."""
    monkeypatch.chdir(tmp_path)
    write_export(tmp_path)
    (tmp_path / "nyckel.txt").write_bytes(KEY)
    (first, _), (_, profile_text), (rest, _) = _blocks()
    first_block, rest_block = _blocks()[0][1], _blocks()[2][1]
    assert (first, rest) == ("console", "console")
    draft, check = _commands(first_block)
    assert draft[0] == "bbic-su" and main(draft[1:]) == 0
    assert main(check[1:]) == 2  # the unedited draft is refused, one line per reason
    err = capsys.readouterr().err
    assert "[missing-primary-key]" in err and "[unreviewed-guess]" in err
    # step 2: the person edits the draft into the guide's profile
    Path("profil.yaml").write_text(profile_text, encoding="utf-8")
    expected = {"profile": 0, "import": 1, "validate": 1, "measures": 0, "report": 0}
    for argv in _commands(rest_block):
        assert argv[0] == "bbic-su"
        assert main(argv[1:]) == expected[argv[1]], (argv, capsys.readouterr().err)
        out = capsys.readouterr().out
        if argv[1] == "validate":
            for row in FAULT_ROWS:
                assert f"rad {row} (aktualiseringar.csv)" in out
            assert not any(f"rad {row} " in out for row in REJECTED_ROWS)
        if argv[1] == "measures":
            assert "Flicka" in out and "Pojke" in out  # barn derived from the personnummer
            assert "Kan inte beräknas" in out and "m_ateraktualiseringar_andel" in out
    report = json.loads(Path("kanonisk/import-report.json").read_text(encoding="utf-8"))
    assert [r["row"] for r in report["files"][0]["rejected_rows"]] == list(REJECTED_ROWS)
    assert "barn" in report["derived_record_types"]
    assert "Mått som inte kan beräknas" in Path("rapport.html").read_text(encoding="utf-8")
