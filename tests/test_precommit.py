"""The pre-commit hooks are local, need no network and run the checks CI runs."""

from __future__ import annotations

import shlex
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
CONFIG = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
CI = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
CI_COMMANDS = [line.split() for line in CI.splitlines() if line and not line[0].isspace()]


def _hooks() -> list[dict[str, object]]:
    return [hook for repo in CONFIG["repos"] for hook in repo["hooks"]]


def test_every_hook_is_local_and_uses_the_development_environment() -> None:
    """No hook repository to clone and no environment to build: pre-commit downloads nothing."""
    assert [repo["repo"] for repo in CONFIG["repos"]] == ["local"]
    for hook in _hooks():
        assert hook["language"] == "system", hook["id"]


def test_the_hooks_cover_lint_format_types_layers_and_codegen() -> None:
    ids = {str(hook["id"]) for hook in _hooks()}
    assert ids == {
        "ruff-check",
        "ruff-format",
        "mypy",
        "lint-imports",
        "check-imports",
        "codegen-drift",
    }


def test_each_hook_runs_a_command_that_ci_runs() -> None:
    """The hook's program and subcommand (``ruff format``, ``python tools/generate.py``) is in .ci/run."""
    for hook in _hooks():
        words = shlex.split(str(hook["entry"]))
        head = words[:2] if words[0] in ("ruff", "python") else words[:1]
        assert any(cmd[: len(head)] == head for cmd in CI_COMMANDS), (hook["id"], head)
        if "--check" in words:  # the drift check is the same command, flags included
            assert words in CI_COMMANDS, hook["id"]


def test_project_wide_hooks_take_no_file_names() -> None:
    """mypy, the import checks and the drift check read their own configuration, not staged files."""
    for hook in _hooks():
        if hook["id"] in ("mypy", "lint-imports", "check-imports", "codegen-drift"):
            assert hook["pass_filenames"] is False, hook["id"]
