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


def test_readme_figures_come_from_the_catalogue() -> None:
    """The status table and totals between the figures markers equal a fresh rendering."""
    import bbic_su
    from bbic_su.spec._figures import END, START, render_figures

    text = README.read_text(encoding="utf-8")
    assert START in text and END in text
    block = text.split(START, 1)[1].split(END, 1)[0]
    assert block == "\n" + render_figures(bbic_su.catalog())
    rules = len(bbic_su.catalog().rules)
    assert f"{rules} rules" in block


def test_ci_runs_the_readme_install_command_verbatim() -> None:
    """.ci/run runs the README's first command as it stands, and the README's test command is .ci/run."""
    block = re.search(r"```sh\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    assert block is not None
    install_and_run = next(
        line for line in block.group(1).splitlines() if line and not line.startswith("#")
    )
    ci = (ROOT / ".ci/run").read_text(encoding="utf-8")
    assert f"\n  {install_and_run}\n" in ci
    # the whole suite, under branch coverage with the floor of pyproject.toml
    assert "\ncoverage run -m pytest\ncoverage report\n" in ci
