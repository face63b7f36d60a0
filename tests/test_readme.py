"""The README's examples run, and its two fresh-machine commands: the demo, and what CI runs."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"


def test_readme_examples_run() -> None:
    result = doctest.testfile(str(README), module_relative=False, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0


def test_readme_opens_with_the_two_commands() -> None:
    block = re.search(r"```sh\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    assert block is not None
    commands = [line for line in block.group(1).splitlines() if line and not line.startswith("#")]
    assert len(commands) == 2
    install_and_run, tests = commands
    assert "pip install" in install_and_run
    assert install_and_run.endswith(" && .venv/bin/bbic-su demo")
    assert tests == "bash .ci/run"
    assert (ROOT / ".ci/run").is_file()
