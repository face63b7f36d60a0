"""The regional report of pooled packages: workbook and self-contained pages, rendered in Chromium.

CI installs Debian's ``chromium`` (``.ci/run``); these tests are never skipped.
"""

from __future__ import annotations

import functools
import shutil
import tempfile
from pathlib import Path

import openpyxl
import pytest
from pool_support import KOMMUNER, MEASURES, relabel, split, whole, write_packages
from test_report_html import chromium, page_requests, parse

import bbic_su
from bbic_su.cli import main
from bbic_su.reporting._html import CSP

pytestmark = pytest.mark.slow
CAT = bbic_su.catalog()


@functools.cache
def out() -> Path:
    """Four municipalities, one of them small (its totals are hidden), pooled with --report."""
    base = whole()
    n = len(base.frames["barn"])
    kommun = [KOMMUNER[3] if i % 60 == 0 else KOMMUNER[i % 3] for i in range(n)]
    folder = Path(tempfile.mkdtemp(prefix="bbic-su-regional-"))
    paths = write_packages(split(relabel(base, kommun)), folder / "in")
    assert main(["pool", *map(str, paths), "--out", str(folder / "out"), "--report"]) == 0
    return folder / "out"


@pytest.fixture(scope="module", autouse=True)
def _cleanup() -> object:
    yield
    if out.cache_info().currsize:
        shutil.rmtree(out().parent, ignore_errors=True)


def test_report_files_are_written() -> None:
    """The workbook, the region's page and one page per municipality beside its package."""
    folder = out()
    assert (folder / "rapport.xlsx").stat().st_size > 0
    assert (folder / "rapport.html").stat().st_size > 10_000
    for kommun in KOMMUNER:
        assert (folder / kommun / "rapport.html").is_file()
        assert (folder / kommun / "datapackage.json").is_file()


def test_pages_are_self_contained_and_show_the_marker() -> None:
    """No external reference, the report's CSP, PNG charts with alt text, ``..`` for hidden."""
    text = (out() / "rapport.html").read_text(encoding="utf-8")
    page = parse(text)
    refs = [v for _, a in page.tags for k, v in a.items() if k in ("src", "href") and v]
    assert all(r.startswith(("#", "data:image/png;base64,")) for r in refs)
    assert not {t for t, _ in page.tags} & {"script", "link", "iframe", "object", "embed"}
    csp = [
        a for t, a in page.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"
    ]
    assert csp and csp[0]["content"] == CSP
    images = [a for t, a in page.tags if t == "img"]
    assert len(images) == len(MEASURES) and all(a.get("alt") for a in images)
    assert '<td class="n hidden">..</td>' in text
    assert "Förändring sedan föregående period (procentenheter)" in text
    assert page.headings["h1"] == ["Jämförelse mellan kommuner – regional rapport"]
    assert {f"{k} jämfört med övriga kommuner" for k in KOMMUNER} <= set(page.headings["h2"])
    own_text = (out() / "9904" / "rapport.html").read_text(encoding="utf-8")
    own = parse(own_text)
    assert [a for t, a in own.tags if t == "img"] and "data:image/png;base64," in own_text
    assert own.headings["h1"] == ["9904 jämfört med övriga kommuner"]
    assert {CAT.measure(m).name_sv for m in MEASURES} <= set(own.headings["h3"])


def test_workbook_sheets_and_hidden_values() -> None:
    """One sheet for the region's table and one per municipality; hidden values are ``..``."""
    wb = openpyxl.load_workbook(out() / "rapport.xlsx")
    assert wb.sheetnames == ["Om rapporten", "Kommuner", *KOMMUNER]
    values = [c for row in wb["Kommuner"].iter_rows(values_only=True) for c in row]
    assert ".." in values and "Regionen" in values
    assert {CAT.measure(m).name_sv for m in MEASURES} <= set(values)


def test_chromium_renders_the_regional_page(tmp_path: Path) -> None:
    """Rendered in headless Chromium: no network request, headings in the DOM, one print page per municipality."""
    page_path = out() / "rapport.html"
    shot, net = tmp_path / "shot.png", tmp_path / "net.json"
    chromium(
        f"--screenshot={shot}",
        "--window-size=390,844",
        f"--log-net-log={net}",
        page_path.as_uri(),
        tmp=tmp_path,
    )
    assert shot.stat().st_size > 10_000
    assert page_requests(net) == []
    dom = parse(chromium("--dump-dom", page_path.as_uri(), tmp=tmp_path).stdout)
    assert dom.headings["h1"] == ["Jämförelse mellan kommuner – regional rapport"]
    assert {CAT.measure(m).name_sv for m in MEASURES} <= set(dom.headings["h3"])
    pdf = tmp_path / "r.pdf"
    chromium(f"--print-to-pdf={pdf}", "--no-pdf-header-footer", page_path.as_uri(), tmp=tmp_path)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    pages = data.count(b"/Type /Page\n") + data.count(b"/Type /Page>") + data.count(b"/Type/Page")
    assert pages >= 1 + len(KOMMUNER)


def test_english_report(tmp_path: Path) -> None:
    """``--lang en`` switches the report's words."""
    paths = sorted(p for p in (out().parent / "in").iterdir())
    assert main(["pool", *map(str, paths), "--out", str(tmp_path), "--report", "--lang", "en"]) == 0
    page = parse((tmp_path / "rapport.html").read_text(encoding="utf-8"))
    assert page.headings["h1"] == ["Comparison between municipalities – regional report"]
