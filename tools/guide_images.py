"""Screenshots for the guide «Kom igång utan att programmera», from a real run.

Usage (from anywhere; needs Chromium)::

    python tools/guide_images.py     # writes docs/images/guide-*.png

It writes a synthetic canonical export (seed 1, 200 children), runs
``bbic-su conformance`` on it and ``bbic-su kravbilaga --format html``, through
the command-line entry point as a user would, and takes screenshots of the two
HTML files with headless Chromium (:func:`readme_images.screenshot`).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tools"))

from readme_images import MAX_BYTES, screenshot  # noqa: E402

from bbic_su.cli import main as cli  # noqa: E402

IMAGES = ROOT / "docs" / "images"


def main() -> int:
    IMAGES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        export, report, krav = work / "export", work / "rapport.html", work / "kravbilaga.html"
        assert cli(["synth", "--children", "200", "--seed", "1", "--out", str(export)]) == 0
        assert (
            cli(["conformance", str(export), "--profile", "canonical", "--out", str(report)]) == 0
        )
        assert cli(["kravbilaga", "--format", "html", "--out", str(krav)]) == 0
        shots = {
            IMAGES / "guide-conformance.png": report,
            IMAGES / "guide-kravbilaga.png": krav,
        }
        for target, page in shots.items():
            screenshot(page, target, (1200, 1000))
    for target in shots:
        size = target.stat().st_size
        print(f"{target.relative_to(ROOT)}: {size} bytes")
        if size > MAX_BYTES:
            print(f"guide_images: {target.name} is larger than {MAX_BYTES} bytes", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
