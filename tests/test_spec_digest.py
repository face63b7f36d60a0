"""Release discipline: one spec version names one text (digest recorded per spec version)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import load_tool

import bbic_su
from bbic_su.spec._digest import spec_digest
from bbic_su.spec._load import packaged_root

ROOT = Path(__file__).resolve().parents[1]


TOOL = load_tool("spec_digest")


def test_spec_data_match_the_digest_recorded_for_their_version() -> None:
    """Red when spec data change without a version bump (run the tool after bumping)."""
    assert TOOL.problem() is None, TOOL.problem()


def test_the_current_spec_version_has_a_changelog_entry() -> None:
    """CHANGELOG.md lists the spec version's changes under "Spec data (spec X.Y.Z)"."""
    assert TOOL.has_changelog_entry(bbic_su.SPEC_VERSION)
    assert not TOOL.has_changelog_entry("99.0.0")


def test_packaged_spec_data_are_the_tree() -> None:
    """The installed package reads the same spec data the digest is recorded for."""
    assert spec_digest(packaged_root()) == spec_digest(ROOT / "spec_data")


def test_one_changed_value_without_a_bump_is_caught(tmp_path: Path) -> None:
    """Changing one label in a copy of the spec data breaks the recorded digest."""
    copy = tmp_path / "spec_data"
    shutil.copytree(ROOT / "spec_data", copy)
    version = bbic_su.SPEC_VERSION
    known = {version: spec_digest(copy)}
    assert TOOL.problem(copy, known) is None
    kon = copy / "value_sets" / "kon.yaml"
    text = kon.read_text(encoding="utf-8")
    kon.write_text(text.replace("label_sv: Flicka", "label_sv: Tjej", 1), encoding="utf-8")
    assert kon.read_text(encoding="utf-8") != text
    found = TOOL.problem(copy, known)
    assert found is not None and f"spec_version is still {version}" in found
    manifest = copy / "manifest.yaml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace(f"version: {version}", "version: 99.0.0"),
        encoding="utf-8",
    )
    found = TOOL.problem(copy, known)
    assert found is not None and "spec 99.0.0 has no recorded digest" in found


def test_line_endings_do_not_change_the_digest(tmp_path: Path) -> None:
    """A checkout with CRLF line ends has the same digest."""
    copy = tmp_path / "spec_data"
    shutil.copytree(ROOT / "spec_data", copy)
    manifest = copy / "manifest.yaml"
    manifest.write_bytes(manifest.read_bytes().replace(b"\n", b"\r\n"))
    assert spec_digest(copy) == spec_digest(ROOT / "spec_data")


def test_the_tool_agrees_with_the_test(capsys: pytest.CaptureFixture[str]) -> None:
    """``python tools/spec_digest.py`` succeeds exactly when nothing is pending."""
    expected = 0 if TOOL.problem() is None else 1
    assert TOOL.main([]) == expected
    assert bbic_su.SPEC_VERSION in capsys.readouterr().out


def test_only_an_unreleased_version_may_be_re_recorded() -> None:
    """A "Spec data" heading under "## Unreleased" is amendable; one under a release is not."""
    text = (
        "# Changelog\n\n## Unreleased\n\n### Spec data (spec 0.3.0)\n\n- x\n\n"
        "## 0.2.0 (2026-01-01)\n\n### Spec data (spec 0.2.0)\n\n- y\n"
    )
    assert TOOL.is_unreleased("0.3.0", text)
    assert not TOOL.is_unreleased("0.2.0", text)
    assert not TOOL.is_unreleased("0.1.0", text)
    keep_a_changelog = (
        "# Changelog\n\n## [Unreleased]\n\n### Spec data (spec 0.3.0)\n\n- x\n\n"
        "## [0.2.0] - 2026-01-01\n\n### Spec data (spec 0.2.0)\n\n- y\n"
    )
    assert TOOL.is_unreleased("0.3.0", keep_a_changelog)
    assert not TOOL.is_unreleased("0.2.0", keep_a_changelog)
