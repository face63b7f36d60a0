"""Helpers shared by several test files: run the command in-process, check its errors, load a tool.

In a test: ``code, out, err = run(capsys, "spec", "list")``, then ``one_line_error(err, "...")``;
``load_tool("spec_digest")`` imports ``tools/spec_digest.py`` as a module.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from bbic_su.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run ``bbic-su *argv`` in this process; its exit status, stdout and stderr."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def one_line_error(err: str, expected: str) -> None:
    """``err`` is one ``bbic-su: error:`` line containing ``expected``, never a traceback."""
    assert err.startswith("bbic-su: error: ") and err.count("\n") == 1, err
    assert expected in err, err
    assert "Traceback" not in err


TOOLS = Path(__file__).resolve().parents[1] / "tools"


def load_tool(name: str) -> ModuleType:
    """``tools/<name>.py`` imported as a module (the tools are scripts, not a package)."""
    spec = importlib.util.spec_from_file_location(f"_bbic_su_tool_{name}", TOOLS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
