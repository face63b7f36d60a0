"""CONTRIBUTING.md stays true: every path, tool and link it names exists."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEXT = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")


def _exists(name: str) -> bool:
    return (ROOT / name).exists()


def test_every_path_in_backquotes_exists() -> None:
    """A backquoted path into the repository (``src/…``, ``tests/…``, ``.ci/run``, …) is there."""
    tops = ("src/", "tests/", "tools/", "docs/", "spec_data/", "benchmarks/", ".ci/")
    names = {
        token.rstrip(",")
        for token in re.findall(r"`([^`\s]+)`", TEXT)
        if token.startswith(tops) and "<" not in token
    }
    names |= set(re.findall(r"`([A-Z]+\.md|pyproject\.toml|\.pre-commit-config\.yaml)`", TEXT))
    assert len(names) > 20
    missing = sorted(n for n in names if not _exists(n))
    assert not missing, missing


def test_every_tool_and_test_file_it_names_exists() -> None:
    for tool in re.findall(r"\b(tools/[\w.-]+\.py)\b", TEXT):
        assert (ROOT / tool).is_file(), tool
    for name in re.findall(r"\b(tests/[\w.-]+\.py)\b", TEXT):
        assert (ROOT / name).is_file(), name
    for name in re.findall(r"`([\w.]+\.py)`", TEXT):  # bare module names of tools/
        assert list(ROOT.glob(f"**/{name}")), name


def test_every_relative_link_resolves() -> None:
    links = re.findall(r"\]\(([^)#\s]+)\)", TEXT)
    local = [link for link in links if "://" not in link]
    assert "docs/architecture.md" in local
    missing = [link for link in local if not _exists(link)]
    assert not missing, missing


def test_every_test_helper_module_is_listed() -> None:
    """The helpers table names each helper module of tests/ (files that are not test_*.py)."""
    helpers = {
        p.name
        for p in (ROOT / "tests").glob("*.py")
        if not p.name.startswith("test_") and p.name != "__init__.py"
    }
    listed = set(re.findall(r"`tests/([\w]+\.py)`", TEXT))
    assert helpers <= listed, sorted(helpers - listed)


def test_each_subpackage_is_described() -> None:
    src = ROOT / "src" / "bbic_su"
    packages = {p.parent.name for p in src.glob("*/__init__.py")}
    described = set(re.findall(r"`src/bbic_su/(\w+)/`", TEXT))
    assert packages <= described, sorted(packages - described)
