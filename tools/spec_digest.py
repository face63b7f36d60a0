"""Record the spec-data digest of the current spec version (release discipline).

Usage (from anywhere)::

    python tools/spec_digest.py           # print version, current digest and recorded digest
    python tools/spec_digest.py --record  # record the digest of the current spec version
    python tools/spec_digest.py --record --amend-unreleased  # re-record an unreleased version

``--record`` is the one command to run after a spec-data change, once
``spec.version`` in ``spec_data/manifest.yaml`` is bumped and CHANGELOG.md has a
heading ``### Spec data (spec X.Y.Z)`` for it. It refuses to change the digest
of a version that is already recorded (that text may be cited in a tender):
bump the version instead. Only a version whose "Spec data" heading still sits
under CHANGELOG.md's "## [Unreleased]" section may be re-recorded, with
``--amend-unreleased`` (no tender can cite it yet). ``tests/test_spec_digest.py``
fails until the digest is recorded.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
if str(SRC) not in sys.path:
    sys.path.insert(0, str(SRC))

import yaml  # noqa: E402

from bbic_su.spec._digest import spec_digest  # noqa: E402

RECORD = ROOT / "tools" / "spec_digests.json"
SPEC = ROOT / "spec_data"
CHANGELOG = ROOT / "CHANGELOG.md"


def current_version() -> str:
    """``spec.version`` of the tree's manifest."""
    manifest = yaml.safe_load((SPEC / "manifest.yaml").read_text(encoding="utf-8"))
    return str(manifest["spec"]["version"])


def recorded() -> dict[str, str]:
    """Spec version -> recorded digest."""
    return dict(json.loads(RECORD.read_text(encoding="utf-8")))


def has_changelog_entry(version: str, text: str | None = None) -> bool:
    """True when CHANGELOG.md has a "Spec data" heading for ``version``."""
    text = CHANGELOG.read_text(encoding="utf-8") if text is None else text
    pattern = rf"^#+ Spec data \(spec {re.escape(version)}\)"
    return re.search(pattern, text, flags=re.MULTILINE) is not None


def is_unreleased(version: str, text: str | None = None) -> bool:
    """True when the "Spec data (spec X)" heading of ``version`` is under "## [Unreleased]".

    The Keep a Changelog heading ``## [Unreleased]`` and the older ``## Unreleased`` both count.
    """
    text = CHANGELOG.read_text(encoding="utf-8") if text is None else text
    section = ""
    for line in text.splitlines():
        if line.startswith("## "):
            section = line[3:].lstrip("[")
        elif re.match(rf"^#+ Spec data \(spec {re.escape(version)}\)", line):
            return section.lower().startswith("unreleased")
    return False


def problem(spec: Path = SPEC, known: dict[str, str] | None = None) -> str | None:
    """Why the spec data at ``spec`` break the release discipline, or ``None``."""
    manifest = yaml.safe_load((spec / "manifest.yaml").read_text(encoding="utf-8"))
    version = str(manifest["spec"]["version"])
    known = recorded() if known is None else known
    digest = spec_digest(spec)
    if known.get(version) == digest:
        return None
    how = (
        "bump spec.version in spec_data/manifest.yaml, add '### Spec data (spec X.Y.Z)' to "
        "CHANGELOG.md and run: python tools/spec_digest.py --record"
    )
    if version in known:
        return f"spec data changed but spec_version is still {version}: {how}"
    return f"spec {version} has no recorded digest: {how}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--record", action="store_true", help="record the current digest")
    parser.add_argument(
        "--amend-unreleased",
        action="store_true",
        help="with --record: replace the digest of a version that is still unreleased",
    )
    args = parser.parse_args(argv)
    version, digest, known = current_version(), spec_digest(SPEC), recorded()
    print(f"spec {version}: {digest} (recorded: {known.get(version, 'none')})")
    if not args.record:
        return 0 if known.get(version) == digest else 1
    if known.get(version) == digest:
        return 0
    if version in known and not (args.amend_unreleased and is_unreleased(version)):
        print(
            f"spec {version} is recorded with another digest: spec data changed; bump "
            "spec.version in spec_data/manifest.yaml first (or, for a version still under "
            "'## [Unreleased]' in CHANGELOG.md, add --amend-unreleased)",
            file=sys.stderr,
        )
        return 1
    if not has_changelog_entry(version):
        print(f"CHANGELOG.md has no heading '### Spec data (spec {version})'", file=sys.stderr)
        return 1
    known[version] = digest
    RECORD.write_text(json.dumps(known, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"recorded spec {version} in {RECORD.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
