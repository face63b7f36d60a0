"""The HTML page of ``bbic_su.report``: self-contained, rendered in headless Chromium.

CI installs Debian's ``chromium`` (``.ci/run``); these tests are never skipped.
"""

from __future__ import annotations

import json
import shutil
import struct
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from report_support import MEASURES, SECTIONS, full_report

import bbic_su
from bbic_su.reporting._html import CSP

CAT = bbic_su.catalog()
PHONE = (390, 844)
pytestmark = pytest.mark.slow


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.headings: dict[str, list[str]] = {}
        self._open: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in ("h1", "h2", "h3", "h4"):
            self._open = tag
            self.headings.setdefault(tag, []).append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == self._open:
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open:
            self.headings[self._open][-1] += data


def parse(text: str) -> Page:
    page = Page()
    page.feed(text)
    return page


@pytest.fixture(scope="module")
def page_path() -> Path:
    path = full_report().html
    assert path is not None
    return path


def chromium(*args: str, tmp: Path) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("chromium")
    assert exe, "chromium is not installed (CI installs it in .ci/run)"
    cmd = [
        exe,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--hide-scrollbars",
        f"--user-data-dir={tmp / 'profile'}",
        *args,
    ]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=True)


def test_page_is_self_contained(page_path: Path) -> None:
    text = page_path.read_text(encoding="utf-8")
    page = parse(text)
    refs = [v for _, attrs in page.tags for k, v in attrs.items() if k in ("src", "href") and v]
    assert refs and all(not r.startswith(("http:", "https:", "//")) for r in refs)
    assert all(r.startswith(("#", "data:image/png;base64,")) for r in refs)
    tags = {t for t, _ in page.tags}
    assert not tags & {"script", "link", "iframe", "object", "embed", "base"}
    assert "url(" not in text.split("<style>")[1].split("</style>")[0]
    csp = [
        a for t, a in page.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"
    ]
    assert (
        csp
        and csp[0]["content"]
        == CSP
        == "default-src 'none'; img-src data:; style-src 'unsafe-inline'"
    )
    viewport = [a for t, a in page.tags if t == "meta" and a.get("name") == "viewport"]
    assert viewport and "width=device-width" in str(viewport[0]["content"])
    images = [a for t, a in page.tags if t == "img"]
    assert len(images) == len(MEASURES) * 3 and all(a.get("alt") for a in images)


def test_page_headings_and_markers(page_path: Path) -> None:
    text = page_path.read_text(encoding="utf-8")
    page = parse(text)
    assert page.headings["h1"] == ["Systematisk uppföljning – rapport"]
    assert set(SECTIONS) <= set(page.headings["h2"])
    assert {CAT.measure(m).name_sv for m in MEASURES} <= set(page.headings["h3"])
    assert '<td class="n hidden">..</td>' in text
    assert "@media print" in text and "break-before:page" in text
    assert "overflow-x:auto" in text and "max-width:100%" in text


def page_requests(netlog: Path) -> list[str]:
    """URLs the page itself asked for (the browser's own service traffic has no origin)."""
    log = json.loads(netlog.read_text(encoding="utf-8"))
    start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    starts = [e.get("params", {}) for e in log["events"] if e["type"] == start]
    return [p["url"] for p in starts if "url" in p and p.get("initiator") != "not an origin"]


def test_detector_sees_a_page_request(tmp_path: Path) -> None:
    """Control: without a CSP, an external image shows up as a page request."""
    bad = tmp_path / "bad.html"
    bad.write_text('<!DOCTYPE html><img src="http://127.0.0.1:9/x.png">', encoding="utf-8")
    chromium(f"--log-net-log={tmp_path / 'net.json'}", "--dump-dom", bad.as_uri(), tmp=tmp_path)
    assert any("127.0.0.1:9/x.png" in u for u in page_requests(tmp_path / "net.json"))


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_chromium_renders_at_phone_width_without_network(page_path: Path, tmp_path: Path) -> None:
    shot, net = tmp_path / "phone.png", tmp_path / "net.json"
    chromium(
        f"--screenshot={shot}",
        f"--window-size={PHONE[0]},{PHONE[1]}",
        f"--log-net-log={net}",
        page_path.as_uri(),
        tmp=tmp_path,
    )
    assert shot.stat().st_size > 10_000
    assert png_size(shot) == PHONE
    assert page_requests(net) == []
    dom = chromium(
        "--dump-dom", f"--window-size={PHONE[0]},{PHONE[1]}", page_path.as_uri(), tmp=tmp_path
    ).stdout
    page = parse(dom)
    assert page.headings["h1"] == ["Systematisk uppföljning – rapport"]
    assert "Delaktighet" in page.headings["h2"] and "Datakvalitet" in page.headings["h2"]
    assert CAT.measure("m_sip").name_sv in page.headings["h3"]


def test_chromium_prints_areas_on_their_own_pages(page_path: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    chromium(f"--print-to-pdf={pdf}", "--no-pdf-header-footer", page_path.as_uri(), tmp=tmp_path)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    pages = data.count(b"/Type /Page\n") + data.count(b"/Type /Page>") + data.count(b"/Type/Page")
    assert pages >= 7 or data.count(b"/Page") >= 8  # cover + 5 areas + quality, at least
