"""Helpers shared by the tests of the ``bbic-su`` command: run it in-process, check its errors.

In a test: ``code, out, err = run(capsys, "spec", "list")``, then ``one_line_error(err, "...")``.
"""

from __future__ import annotations

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
