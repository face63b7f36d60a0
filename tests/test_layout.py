"""The package's layout (docs/architecture.md): stages, module sizes, old paths."""

from __future__ import annotations

import importlib
import subprocess
import sys
import tomllib
import warnings
from pathlib import Path

import pytest

import bbic_su
from bbic_su._exports import MOVED

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT / "src" / "bbic_su"
GENERATED = {PKG / "spec" / "codes.py", PKG / "spec" / "records.py"}


def test_at_most_eight_modules_sit_directly_in_the_package() -> None:
    top = sorted(p.name for p in PKG.glob("*.py"))
    assert len(top) <= 8, top


def test_no_hand_written_module_is_over_400_lines() -> None:
    long = {
        str(p.relative_to(PKG)): n
        for p in PKG.rglob("*.py")
        if p not in GENERATED and (n := len(p.read_text(encoding="utf-8").splitlines())) > 400
    }
    assert not long


def test_every_stage_of_the_layers_contract_is_a_package() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contract = next(
        c for c in config["tool"]["importlinter"]["contracts"] if c.get("type") == "layers"
    )
    stages = [n.strip() for layer in contract["layers"] for n in layer.split("|")]
    packages = sorted(f"bbic_su.{p.name}" for p in PKG.iterdir() if (p / "__init__.py").is_file())
    assert sorted(s for s in stages if (PKG / s.removeprefix("bbic_su.")).is_dir()) == packages
    # every module directly in the package sits in the base layers of the contract
    base = {f"bbic_su.{p.stem}" for p in PKG.glob("*.py")} - {
        "bbic_su.__init__",
        "bbic_su.__main__",
    }
    assert base <= set(stages)


@pytest.mark.parametrize(("old", "new"), sorted(MOVED.items()))
def test_an_old_module_path_is_the_new_module_with_a_warning(old: str, new: str) -> None:
    sys.modules.pop(old, None)
    with pytest.warns(DeprecationWarning, match=rf"{old} is deprecated; import {new}"):
        moved = importlib.import_module(old)
    assert moved is importlib.import_module(new)


def test_from_the_package_import_an_old_module_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(sys.modules, "bbic_su.plan", raising=False)
    monkeypatch.delattr(bbic_su, "plan", raising=False)  # set by an earlier import
    with pytest.warns(DeprecationWarning, match="bbic_su.plan is deprecated"):
        from bbic_su import plan
    assert plan.FollowUpPlan is bbic_su.FollowUpPlan


def test_names_of_the_package_do_not_warn() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for name in bbic_su.__all__:
            getattr(bbic_su, name)


@pytest.mark.slow
def test_importing_a_stage_module_does_not_import_its_whole_stage() -> None:
    code = (
        "import sys, bbic_su.interchange.convert, bbic_su.spec.model;"
        "print(sorted(m for m in ('pandas', 'bbic_su.frames', 'bbic_su.interchange._xlsx')"
        " if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
