"""Every ``bbic-su`` command on a console that cannot show Swedish, and the exit-3 path.

Each command runs in process with stdout and stderr replaced by strict ASCII
(and cp437, a Windows console code page) streams, as under ``LC_ALL=C`` or
``PYTHONIOENCODING=ascii``: it must finish with its usual status, write
replacement characters instead of failing, and print no traceback. A few run
as real subprocesses with that environment as well.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bbic_su.cli import main
from bbic_su.importing.profile import example_exports

ENCODINGS = ("ascii", "cp437")


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("console") / "ds"
    assert main(["synth", "--children", "25", "--seed", "3", "--out", str(folder)]) == 0
    return folder


def commands(data: Path, out: Path) -> Iterator[tuple[list[str], set[int]]]:
    """Every command (and sub-command) with arguments that run it, and the statuses it may end."""
    lang = [str(p) for p in example_exports("exempel_lang")]
    yield ["spec", "list"], {0}
    yield ["spec", "list", "--lang", "en"], {0}
    yield ["spec", "show", "kon"], {0}
    yield ["spec", "show", "kön"], {2}
    yield ["validate", str(data)], {0, 1}
    yield ["validate", str(data), "--format", "json"], {0, 1}
    yield ["import", *lang, "--profile", "exempel_lang", "--out", str(out / "imp")], {0, 1}
    yield ["profile", "list"], {0}
    yield ["profile", "check", "exempel_komplett"], {0}
    yield ["profile", "draft", lang[0]], {0}
    yield ["schema", "--format", "csv-template", "--record-type", "barn"], {0}
    yield ["measures", str(data), "--by", "kon"], {0}
    yield ["synth", "--children", "3", "--out", str(out / "syn")], {0}
    yield ["report", str(data), "--out", str(out / "r.xlsx")], {0}
    yield ["conformance", *lang, "--profile", "exempel_lang"], {0, 1}
    yield ["validate", str(out / "no-such-folder")], {2}


class _Console(io.TextIOWrapper):
    """A strict console stream of one encoding, like a terminal without a UTF-8 locale."""

    def __init__(self, encoding: str) -> None:
        super().__init__(io.BytesIO(), encoding=encoding, errors="strict")

    def text(self) -> str:
        self.flush()
        buffer = self.buffer
        assert isinstance(buffer, io.BytesIO)
        return buffer.getvalue().decode(self.encoding)


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_every_command_writes_on_a_console_without_swedish(
    data: Path, tmp_path: Path, encoding: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No command fails on output encoding; Swedish letters become replacement characters."""
    seen_replacement = False
    for argv, statuses in commands(data, tmp_path):
        out, err = _Console(encoding), _Console(encoding)
        monkeypatch.setattr(sys, "stdout", out)
        monkeypatch.setattr(sys, "stderr", err)
        code = main(argv)
        monkeypatch.undo()
        stdout, stderr = out.text(), err.text()
        assert code in statuses, (argv, code, stderr)
        assert "Traceback" not in stderr, argv
        assert stderr.count("\n") <= 1 or code in (0, 1), (argv, stderr)
        seen_replacement |= "?" in stdout
    assert seen_replacement  # the Swedish labels of spec list were replaced, not dropped


def test_demo_on_an_ascii_console(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The demo (the command with the most output) also runs on an ASCII console."""
    out, err = _Console("ascii"), _Console("ascii")
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    code = main(["demo", "--children", "12", "--out", str(tmp_path / "demo")])
    monkeypatch.undo()
    assert code == 0, err.text()
    assert "Traceback" not in err.text()
    # files are UTF-8 whatever the console: the report keeps its Swedish letters
    html = (tmp_path / "demo" / "rapport.html").read_text(encoding="utf-8")
    assert "ö" in html or "ä" in html


@pytest.mark.slow
@pytest.mark.parametrize(
    "env",
    [{"LC_ALL": "C", "LANG": "C"}, {"PYTHONIOENCODING": "ascii"}, {"PYTHONIOENCODING": "cp1252"}],
    ids=["lc-all-c", "ascii", "cp1252"],
)
def test_real_process_with_a_poor_locale(env: dict[str, str], data: Path) -> None:
    """As a cron job or a container without a locale runs it."""
    full = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LANG", "PYTHONUTF8")}
    full.update(env, PYTHONUTF8="0")
    for argv in (["spec", "list"], ["spec", "show", "kön"], ["measures", str(data)]):
        done = subprocess.run(
            [sys.executable, "-m", "bbic_su", *argv], env=full, capture_output=True, check=False
        )
        stderr = done.stderr.decode("utf-8", errors="replace")
        assert done.returncode in (0, 2), (argv, stderr)
        assert "Traceback" not in stderr
        if done.returncode == 2:
            assert stderr.count("\n") == 1


def test_internal_error_exits_3_with_one_line_and_no_data(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A bug (here: a forced one) is exit 3, one line, no data, and says where to report it."""
    import bbic_su._boundary
    import bbic_su.validation

    secret = "20141011 4183 Anna Andersson"

    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError(secret)

    monkeypatch.setattr(bbic_su.validation, "validate", bbic_su._boundary.boundary(broken))
    folder = tmp_path / "ds"
    assert main(["synth", "--children", "3", "--out", str(folder)]) == 0
    capsys.readouterr()
    code = main(["validate", str(folder)])
    _, err = capsys.readouterr()
    assert code == 3
    assert err.count("\n") == 1
    assert err.startswith("bbic-su: internal error")
    assert "report" in err and "issues" in err
    assert "Anna" not in err and "4183" not in err and "Traceback" not in err


def test_internal_error_outside_any_boundary_also_exits_3(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An exception from the command layer itself is caught by ``main`` too."""
    import bbic_su.cli.spec as spec_cli

    def broken(*args: object, **kwargs: object) -> int:
        raise ZeroDivisionError("19900101-0017")

    monkeypatch.setattr(spec_cli, "_list", broken)
    parser_argv = ["spec", "list"]
    code = main(parser_argv)
    _, err = capsys.readouterr()
    assert code == 3, err
    assert "ZeroDivisionError" in err and "0017" not in err
