"""Append the kravbilaga's new requirement ids to ``tests/data/requirement_ids.txt``.

Usage (from anywhere)::

    python tools/requirement_ids.py

Ids already listed are kept (tenders cite them); ``tests/test_kravbilaga.py``
fails when a listed id disappears from the kravbilaga.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
if str(SRC) not in sys.path:
    sys.path.insert(0, str(SRC))

import bbic_su  # noqa: E402
from bbic_su.spec.requirements import requirements  # noqa: E402

LIST = ROOT / "tests" / "data" / "requirement_ids.txt"


def main() -> int:
    text = LIST.read_text(encoding="utf-8")
    known = {line for line in text.splitlines() if line and not line.startswith("#")}
    new = [r.id for r in requirements(bbic_su.catalog()) if r.id not in known]
    if new:
        LIST.write_text(text + "".join(f"{i}\n" for i in new), encoding="utf-8")
    print(f"{len(new)} new requirement ids appended to {LIST.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
