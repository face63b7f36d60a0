"""Where public names live: lazy package exports, and the module paths of 0.2 (deprecated).

>>> import sys, warnings
>>> _ = sys.modules.pop("bbic_su.dataset", None)  # the first import warns: as in a new process
>>> with warnings.catch_warnings(record=True) as caught:
...     warnings.simplefilter("always")
...     from bbic_su.dataset import Dataset
>>> Dataset.__module__
'bbic_su.frames.dataset'
>>> str(caught[0].message)
'bbic_su.dataset is deprecated; import bbic_su.frames.dataset (or bbic_su.frames) instead'

Each subpackage exports its public names lazily (:func:`lazy`): importing one
module of a stage does not import the whole stage, so ``import bbic_su`` and
:func:`bbic_su.catalog` stay cheap, and importing ``bbic_su.interchange.convert``
does not import pandas.

In 0.2 every module sat directly in ``bbic_su``; now each pipeline stage is a
subpackage (see ``docs/architecture.md``). Importing an old path gives the module at
its new place, the same object, with a :class:`DeprecationWarning`. The names
exported by :mod:`bbic_su` itself (``bbic_su.validate``, ``bbic_su.Dataset``, ...) did
not move and do not warn.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
import warnings
from collections.abc import Callable, Mapping
from types import ModuleType
from typing import Any

__all__ = ["MOVED", "install", "lazy", "renamed"]

MOVED: dict[str, str] = {
    "bbic_su.codes": "bbic_su.spec.codes",
    "bbic_su.comparisons": "bbic_su.measures.comparisons",
    "bbic_su.convert": "bbic_su.interchange.convert",
    "bbic_su.dataset": "bbic_su.frames.dataset",
    "bbic_su.derivation": "bbic_su.frames.derivation",
    "bbic_su.disclosure": "bbic_su.measures.disclosure",
    "bbic_su.draft": "bbic_su.importing.draft",
    "bbic_su.importer": "bbic_su.importing.importer",
    "bbic_su.importreport": "bbic_su.importing.report",
    "bbic_su.issues": "bbic_su.validation.issues",
    "bbic_su.kravbilaga": "bbic_su.conformance.kravbilaga",
    "bbic_su.model": "bbic_su.spec.model",
    "bbic_su.plan": "bbic_su.spec.plan",
    "bbic_su.privacy": "bbic_su.importing.privacy",
    "bbic_su.profile": "bbic_su.importing.profile",
    "bbic_su.records": "bbic_su.spec.records",
    "bbic_su.render": "bbic_su.interchange.render",
    "bbic_su.requirements": "bbic_su.spec.requirements",
    "bbic_su.schema": "bbic_su.interchange",
    "bbic_su.validation_report": "bbic_su.validation.report",
}
"""Old public module path -> its place since 0.3."""


class _Loader(importlib.abc.Loader):
    """Loads an old path as the module at its new place."""

    def __init__(self, target: str) -> None:
        self.target = target

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType:
        warnings.warn(
            f"{spec.name} is deprecated; import {self.target}"
            f" (or {self.target.rsplit('.', 1)[0]}) instead"
            if self.target.count(".") > 1
            else f"{spec.name} is deprecated; import {self.target} instead",
            DeprecationWarning,
            stacklevel=2,
        )
        return importlib.import_module(self.target)

    def exec_module(self, module: ModuleType) -> None:
        """Nothing to run: the module at the new place is loaded already."""


class _Finder(importlib.abc.MetaPathFinder):
    """Finds the old paths of :data:`MOVED`, and nothing else."""

    def find_spec(
        self, fullname: str, path: object = None, target: object = None
    ) -> importlib.machinery.ModuleSpec | None:
        new = MOVED.get(fullname)
        if new is None:
            return None
        return importlib.machinery.ModuleSpec(fullname, _Loader(new))


def install() -> None:
    """Put the finder of old paths on :data:`sys.meta_path` (once)."""
    if not any(isinstance(f, _Finder) for f in sys.meta_path):
        sys.meta_path.insert(0, _Finder())


def renamed(
    module: str, names: Mapping[str, str], then: Callable[[str], Any] | None = None
) -> Callable[[str], Any]:
    """A module ``__getattr__`` serving old names of renamed objects, with a warning.

    Args:
        module: The module's ``__name__``.
        names: Old name -> new name (in the same module); deprecated for one minor release.
        then: The ``__getattr__`` to ask for any other name (default: none).
    """

    def __getattr__(name: str) -> Any:
        new = names.get(name)
        if new is not None:
            warnings.warn(
                f"{module}.{name} is deprecated; use {module}.{new} (it goes in 0.4)",
                DeprecationWarning,
                stacklevel=2,
            )
            return getattr(sys.modules[module], new)
        if then is not None:
            return then(name)
        raise AttributeError(f"module {module!r} has no attribute {name!r}")

    return __getattr__


def lazy(
    package: str, names: Mapping[str, str], old: Mapping[str, str] | None = None
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The module ``__getattr__`` and ``__dir__`` of a package exporting ``names`` lazily.

    Args:
        package: The package's ``__name__``.
        names: Exported name -> the module defining it, imported on first access.
        old: Deprecated old name -> its new name (see :func:`renamed`).
    """

    def load(name: str) -> Any:
        module = names.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        setattr(sys.modules[package], name, value)  # the next access is a plain lookup
        return value

    def __dir__() -> list[str]:
        return sorted(set(vars(sys.modules[package])) | set(names))

    return (load if not old else renamed(package, old, load)), __dir__
