"""The API reference, one section per pipeline stage, generated from the package itself.

The stages and their order come from the layers contract of import-linter in
``pyproject.toml`` (the same list CI enforces), lowest first. Each stage's package is
documented with the names it exports (its ``__all__``); each public submodule (a
name without a leading underscore) is documented for the names its package does not
export already, so that every object is documented exactly once and short
references stay unambiguous. The command line (``bbic_su.cli``) is documented on
its own page, not here.
"""

from __future__ import annotations

import importlib
import pkgutil
import tomllib
from pathlib import Path
from types import ModuleType

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"
#: Stages documented elsewhere (the CLI has its own page) or not at all.
SKIP = frozenset({"bbic_su.cli"})


def stages() -> list[str]:
    """The stage packages, lowest layer first (from import-linter's layers contract)."""
    config = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    layers = next(c["layers"] for c in contracts if c.get("type") == "layers")
    names = [name.strip() for layer in reversed(layers) for name in layer.split("|")]
    return [n for n in names if _is_stage(n) and n not in SKIP]


def _is_stage(name: str) -> bool:
    module = importlib.import_module(name)
    return hasattr(module, "__path__")


def _exported(module: ModuleType) -> set[str]:
    return set(getattr(module, "__all__", ()))


def _public_submodules(package: ModuleType) -> list[str]:
    return sorted(
        f"{package.__name__}.{info.name}"
        for info in pkgutil.iter_modules(package.__path__)
        if not info.name.startswith("_")
    )


def _summary(module: ModuleType) -> str:
    doc = (module.__doc__ or "").strip().splitlines()
    return doc[0].rstrip(".") if doc else ""


def _new(module: ModuleType, documented: set[int]) -> list[str]:
    """The exported names of ``module`` whose objects are not documented yet (now they are)."""
    names = []
    for name in sorted(_exported(module)):
        key = id(getattr(module, name))
        if key not in documented:
            documented.add(key)
            names.append(name)
    return names


def api_stages() -> str:
    """reST included by ``api.md``: a section per stage, with its public submodules.

    Every object is documented once: under the first (lowest) stage that exports it,
    in its package, or else in the public submodule that defines it.
    """
    lines: list[str] = []
    errors = importlib.import_module("bbic_su.errors")  # documented on its own (api.md)
    documented: set[int] = {id(getattr(errors, name)) for name in errors.__all__}
    for name in stages():
        package = importlib.import_module(name)
        title = f"``{name}``: {_summary(package)}"
        lines += [title, "-" * len(title), "", f".. automodule:: {name}"]
        names = _new(package, documented)
        if names:
            lines.append(f"   :members: {', '.join(names)}")
        lines.append("")
        for sub in _public_submodules(package):
            module = importlib.import_module(sub)
            names = _new(module, documented)
            lines += [f"``{sub}``", "~" * (len(sub) + 4), "", f".. automodule:: {sub}"]
            if names:
                lines.append(f"   :members: {', '.join(names)}")
            lines.append("")
    return "\n".join(lines)
