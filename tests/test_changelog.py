"""CHANGELOG.md keeps the Keep a Changelog 1.1 form that tools and the docs rely on.

``## [Unreleased]`` on top, then released versions newest first as ``## [X.Y.Z] - YYYY-MM-DD``,
each with only the standard sections (and the project's "Spec data (spec X.Y.Z)"), and a link
reference at the bottom for every version heading.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import bbic_su

ROOT = Path(__file__).resolve().parents[1]
TEXT = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
RELEASE = re.compile(r"^## \[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2})$")
SECTIONS = {"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"}
SPEC_DATA = re.compile(r"^Spec data \(spec \d+\.\d+\.\d+\)$")


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def _headings(level: str) -> list[str]:
    return [line for line in TEXT.splitlines() if line.startswith(f"{level} ")]


def test_the_changelog_opens_with_unreleased_then_dated_releases_newest_first() -> None:
    lines = TEXT.splitlines()
    assert lines[0] == "# Changelog"
    assert "[Keep a Changelog](https://keepachangelog.com/en/1.1.0/)" in TEXT
    versions = _headings("##")
    assert versions[0] == "## [Unreleased]"
    releases = []
    for heading in versions[1:]:
        match = RELEASE.match(heading)
        assert match, f"not a Keep a Changelog release heading: {heading!r}"
        releases.append((match.group(1), dt.date.fromisoformat(match.group(2))))
    assert releases, "no released version"
    assert [v for v, _ in releases] == sorted(
        (v for v, _ in releases), key=_version_key, reverse=True
    )
    dates = [d for _, d in releases]
    assert dates == sorted(dates, reverse=True)


def test_the_library_version_is_a_dated_release() -> None:
    """``__version__`` names a dated section: what the package calls X.Y.Z is written down."""
    released = {m.group(1) for h in _headings("##") if (m := RELEASE.match(h))}
    assert bbic_su.__version__ in released


def test_only_the_standard_sections_and_spec_data() -> None:
    for heading in _headings("###"):
        name = heading[4:]
        assert name in SECTIONS or SPEC_DATA.match(name), f"unexpected section {heading!r}"


def test_every_version_heading_has_a_link_reference() -> None:
    names = [h[4 : h.index("]")] for h in _headings("##")]
    for name in names:
        assert re.search(rf"^\[{re.escape(name)}\]: https://\S+$", TEXT, flags=re.MULTILINE), (
            f"no link reference for [{name}]"
        )
    assert re.search(r"^\[Unreleased\]: \S+\.\.\.HEAD$", TEXT, flags=re.MULTILINE)


def test_no_section_is_repeated_within_a_version() -> None:
    seen: set[str] = set()
    for line in TEXT.splitlines():
        if line.startswith("## "):
            seen = set()
        elif line.startswith("### "):
            assert line not in seen, f"{line!r} twice in one version"
            seen.add(line)
