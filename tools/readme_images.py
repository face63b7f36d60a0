"""Regenerate the README's demo images from a fresh demo run.

Usage (from anywhere; needs the ``report`` extra and Chromium)::

    python tools/readme_images.py            # writes docs/images/demo-report.png and demo-chart.png

It runs :func:`bbic_su.demo.run_demo` with its defaults (seed 2026, so the images
are reproducible) in a temporary folder, takes a screenshot of the top of
``rapport.html`` at a desktop width with headless Chromium, and copies the
by-sex chart of the summary's first measure. Both images must stay below
:data:`MAX_BYTES`.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
if str(SRC) not in sys.path:
    sys.path.insert(0, str(SRC))

from bbic_su.demo import run_demo  # noqa: E402

IMAGES = ROOT / "docs" / "images"
WINDOW = (1200, 1600)
"""Screenshot size in CSS pixels: a desktop width, the cover and the first measure."""
MAX_BYTES = 300_000


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    raise SystemExit("readme_images: Chromium not found (apt-get install chromium)")


def screenshot(html: Path, target: Path, window: tuple[int, int] = WINDOW) -> None:
    """Render ``html`` in headless Chromium and save the visible part as ``target``."""
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                _chromium(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--hide-scrollbars",
                f"--user-data-dir={profile}",
                f"--screenshot={target}",
                f"--window-size={window[0]},{window[1]}",
                html.resolve().as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=IMAGES, help="folder of the images")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        result = run_demo(Path(tmp) / "demo", workers=2)
        report_png = args.out / "demo-report.png"
        screenshot(result.html, report_png)
        chart = result.charts_dir / f"{result.headlines[0].measure}_kon.png"
        chart_png = args.out / "demo-chart.png"
        shutil.copyfile(chart, chart_png)
    for path in (report_png, chart_png):
        size = path.stat().st_size
        print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: {size} bytes")
        if size > MAX_BYTES:
            print(f"readme_images: {path.name} is larger than {MAX_BYTES} bytes", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
