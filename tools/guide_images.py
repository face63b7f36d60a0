"""Screenshots for the guide «Kom igång utan att programmera», from a real run.

Usage (from anywhere; needs Chromium)::

    python tools/guide_images.py     # writes docs/images/guide-*.png

It runs ``bbic-su demo --out demo`` and keeps what it prints, writes a synthetic
canonical export (seed 1, 200 children), runs ``bbic-su conformance`` on it and
``bbic-su kravbilaga --format html``, through the command-line entry point as a
user would, and takes screenshots with headless Chromium
(:func:`readme_images.screenshot`): of the two HTML files, and of the demo's
printed output shown as a terminal window.
"""

from __future__ import annotations

import contextlib
import html
import io
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tools"))

from readme_images import MAX_BYTES, screenshot  # noqa: E402

from bbic_su.cli import main as cli  # noqa: E402

IMAGES = ROOT / "docs" / "images"


_TERMINAL = (
    "<!DOCTYPE html><html lang='sv'><meta charset='utf-8'><body style='margin:0;"
    "background:#0c0c0c'><pre style='margin:0;padding:16px;color:#ccc;"
    "font:15px/1.35 Consolas,DejaVu Sans Mono,monospace;white-space:pre-wrap'>{}</pre>"
    "</body></html>"
)


def terminal(command: str, argv: list[str], page: Path) -> None:
    """Run ``bbic-su argv`` and write what it prints, after the prompt, as a terminal page."""
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        assert cli(argv) == 0
    text = f"> {command}\n{buf.getvalue()}"
    page.write_text(_TERMINAL.format(html.escape(text)), encoding="utf-8")


def main() -> int:
    IMAGES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        os.chdir(work)
        demo_page = work / "demo.html"
        terminal("bbic-su demo --out demo", ["demo", "--out", "demo"], demo_page)
        export, report, krav = work / "export", work / "rapport.html", work / "kravbilaga.html"
        assert cli(["synth", "--children", "200", "--seed", "1", "--out", str(export)]) == 0
        assert (
            cli(["conformance", str(export), "--profile", "canonical", "--out", str(report)]) == 0
        )
        assert cli(["kravbilaga", "--format", "html", "--out", str(krav)]) == 0
        shots = {
            IMAGES / "guide-demo.png": demo_page,
            IMAGES / "guide-conformance.png": report,
            IMAGES / "guide-kravbilaga.png": krav,
        }
        for target, page in shots.items():
            screenshot(page, target, (1000, 430) if page == demo_page else (1200, 1000))
    for target in shots:
        size = target.stat().st_size
        print(f"{target.relative_to(ROOT)}: {size} bytes")
        if size > MAX_BYTES:
            print(f"guide_images: {target.name} is larger than {MAX_BYTES} bytes", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
