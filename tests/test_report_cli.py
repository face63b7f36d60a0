"""``bbic-su report``: exit codes, one-line errors, files written, progress bar."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook
from report_support import own

from bbic_su.cli import main
from bbic_su.frames.dataset import write_dataset


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("report-cli") / "own"
    write_dataset(own(), path)
    return path


def test_writes_workbook_and_page(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    xlsx, page = tmp_path / "r.xlsx", tmp_path / "r.html"
    argv = [
        "report",
        str(data_dir),
        "--out",
        str(xlsx),
        "--html",
        str(page),
        "--measure",
        "m_sip",
        "--workers",
        "1",
        "--lang",
        "en",
    ]
    assert main(argv) == 0
    assert capsys.readouterr().out.splitlines() == [str(xlsx), str(page)]
    assert load_workbook(xlsx).sheetnames[0] == "About"
    assert "<h1>Systematic follow-up – report</h1>" in page.read_text(encoding="utf-8")


def test_charts_only(data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    charts = tmp_path / "charts"
    assert main(["report", str(data_dir), "--charts", str(charts), "--measure", "m_sip"]) == 0
    assert sorted(p.name for p in charts.iterdir())[:2] == [
        "m_sip_aldersgrupp.png",
        "m_sip_aldersgrupp.svg",
    ]
    assert capsys.readouterr().out.strip().endswith("6 charts")


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["no/such/folder", "--out", "r.xlsx"], "no such file or folder"),
        (["{data}"], "give --out"),
        (["{data}", "--out", "{tmp}/r.txt"], "must end in .xlsx"),
        (["{data}", "--out", "{tmp}/r.xlsx", "--min-count", "4"], "not allowed"),
        (["{data}", "--out", "{tmp}/r.xlsx", "--plan", "{tmp}/missing.yaml"], "cannot read"),
        (["{data}", "--out", "{tmp}/r.xlsx", "--measure", "m_nope"], "unknown measure"),
        (["{data}", "--out", "{tmp}/r.xlsx", "--workers", "0"], "at least 1"),
        (["{data}", "--out", "{tmp}/r.xlsx", "--period", "week"], "invalid choice"),
    ],
)
def test_bad_input_exits_2_with_one_line(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], needle: str
) -> None:
    argv = ["report", *(a.format(data=data_dir, tmp=tmp_path) for a in args)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("bbic-su: error: ") and needle in err
    assert not (tmp_path / "r.xlsx").exists()


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    term = _Terminal()
    monkeypatch.setattr(sys, "stderr", term)
    argv = [
        "report",
        str(data_dir),
        "--out",
        str(tmp_path / "r.xlsx"),
        "--measure",
        "m_sip",
        "--workers",
        "1",
    ]
    assert main(argv) == 0
    assert "/" in term.getvalue() and "step" in term.getvalue()
    plain = io.StringIO()
    monkeypatch.setattr(sys, "stderr", plain)
    assert main(argv) == 0
    assert plain.getvalue() == ""


@pytest.mark.slow
def test_two_workers_in_a_subprocess(data_dir: Path, tmp_path: Path) -> None:
    xlsx = tmp_path / "r.xlsx"
    cmd = [
        sys.executable,
        "-m",
        "bbic_su",
        "report",
        str(data_dir),
        "--out",
        str(xlsx),
        "--measure",
        "m_sip",
        "--measure",
        "m_mal_uppnatt",
        "--workers",
        "2",
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    book = load_workbook(xlsx)
    assert len(book["Kunskap"]._images) == 3 and len(book["Samverkan"]._images) == 3
