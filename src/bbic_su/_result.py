"""One shape for every result: the :class:`Result` protocol and its JSON half, written once.

>>> import bbic_su
>>> from bbic_su.importing.profile import example_exports
>>> from bbic_su._result import Result
>>> report = bbic_su.check_conformance(example_exports("exempel_lang"), "exempel_lang")
>>> isinstance(report, Result), report.ok
(True, False)
>>> sorted(report.summary())[:3]
['by_check', 'by_kind', 'by_outcome']
>>> report.to_frame().columns.tolist()[:3]
['requirement', 'kind', 'outcome']

The public results, :class:`~bbic_su.validation.report.ValidationReport`,
:class:`~bbic_su.importing.report.ImportReport`,
:class:`~bbic_su.conformance.ConformanceReport` and
:class:`~bbic_su.measures.MeasureTable`, all answer:

* ``ok``: whether the result is clean (what *clean* means is each type's own);
* ``summary()``: a small JSON-ready ``dict`` of counts, never a cell value;
* ``to_dict()``: the whole JSON form as a ``dict``;
* ``to_frame()``: the result as a :class:`pandas.DataFrame`, one row per item;
* ``to_json()`` and ``write_json(path)``: the JSON form as text, or into a file;
* ``raise_for_errors()``: raise the type's error when not ``ok``, else return the
  result (so calls chain: ``bbic_su.validate(ds).raise_for_errors()``).

:class:`JsonResult` writes ``to_json`` and ``write_json`` from ``to_dict`` (UTF-8,
non-ASCII kept, sorted keys, indent 2, a final newline): byte-identical for the same
result. A type that streams its JSON (the validation report) writes its own.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, Self, runtime_checkable

if TYPE_CHECKING:
    import pandas

__all__ = ["JsonResult", "Result"]


@runtime_checkable
class Result(Protocol):
    """What every public result of the library offers (see the module docs)."""

    @property
    def ok(self) -> bool:
        """True when the result is clean (each type says what that means)."""
        ...

    def summary(self) -> dict[str, Any]:
        """Counts for a glance, JSON-ready; never a cell value."""
        ...

    def to_dict(self) -> dict[str, Any]:
        """The JSON form as a ``dict``."""
        ...

    def to_frame(self) -> pandas.DataFrame:
        """The result as a table, one row per item."""
        ...

    def to_json(self) -> str:
        """The JSON form as text."""
        ...

    def write_json(self, path: str | os.PathLike[str]) -> Path:
        """Write the JSON form to ``path`` (UTF-8) and return the path."""
        ...

    def raise_for_errors(self) -> Self:
        """Raise the type's error when not :attr:`ok`; else return the result itself."""
        ...


class JsonResult:
    """``to_json`` and ``write_json`` from ``to_dict``: the JSON half of :class:`Result`."""

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        """The JSON form as a ``dict`` (each result type defines it)."""
        raise NotImplementedError

    def to_json(self) -> str:
        """Deterministic JSON: UTF-8 text, sorted keys, indent 2, a final newline."""
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True, indent=2) + "\n"

    def write_json(self, path: str | os.PathLike[str]) -> Path:
        """Write :meth:`to_json` to ``path`` (UTF-8) and return the path."""
        p = Path(path)
        p.write_text(self.to_json(), encoding="utf-8", newline="\n")
        return p
