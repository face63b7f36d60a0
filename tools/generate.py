"""Regenerate the modules ``codes.py`` and ``records.py`` and the README figures from spec data.

Usage (from anywhere)::

    python tools/generate.py          # rewrite the generated modules
    python tools/generate.py --check  # exit 1 and print a unified diff if they are stale

The rendering lives in :mod:`bbic_su.spec._codegen` and :mod:`bbic_su.spec._figures` (the
README's catalogue figures, between its ``figures`` markers), so tests can
regenerate in memory.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
if str(SRC) not in sys.path:
    sys.path.insert(0, str(SRC))

import bbic_su  # noqa: E402
from bbic_su.spec._catalog import Catalog  # noqa: E402
from bbic_su.spec._codegen import render_codes, render_records  # noqa: E402
from bbic_su.spec._figures import END, START, render_figures  # noqa: E402


def render_readme(cat: Catalog) -> str:
    """README.md with the block between the figures markers rendered anew."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    head, start, rest = text.partition(START)
    _, end, tail = rest.partition(END)
    if not start or not end:
        raise SystemExit(f"README.md lacks the markers {START!r} and {END!r}")
    return f"{head}{START}\n{render_figures(cat)}{END}{tail}"


TARGETS: dict[str, Callable[[Catalog], str]] = {
    "src/bbic_su/spec/codes.py": render_codes,
    "src/bbic_su/spec/records.py": render_records,
    "README.md": render_readme,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check",
        action="store_true",
        help="do not write; exit 1 and print a diff when a generated module is stale",
    )
    args = parser.parse_args(argv)
    cat = bbic_su.load_catalog(ROOT / "spec_data")
    stale = 0
    for rel, render in TARGETS.items():
        path = ROOT / rel
        new = render(cat)
        old = path.read_text(encoding="utf-8") if path.exists() else ""
        if old == new:
            continue
        if args.check:
            stale += 1
            diff = difflib.unified_diff(
                old.splitlines(keepends=True),
                new.splitlines(keepends=True),
                fromfile=f"{rel} (committed)",
                tofile=f"{rel} (generated)",
            )
            sys.stdout.writelines(diff)
        else:
            path.write_text(new, encoding="utf-8", newline="\n")
            print(f"wrote {rel}")
    if stale:
        print(
            f"{stale} generated file(s) out of date; run: python tools/generate.py",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
