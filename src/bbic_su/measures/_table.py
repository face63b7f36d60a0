"""The measure table: what :func:`bbic_su.compute` returns, cells plus their metadata.

>>> import pandas as pd, bbic_su
>>> ds = bbic_su.Dataset({"aktualisering": pd.DataFrame({
...     "aktualisering_id": ["a1"], "barn_id": ["b1"], "aktualiseringsdatum": ["2024-01-02"]})})
>>> t = bbic_su.compute(ds, ["m_ateraktualiseringar_andel"], min_count=None)
>>> t.ok, t.min_count, t.breakdowns
(False, None, ())
>>> t.summary()["not_computable"]
['m_ateraktualiseringar_andel']
>>> t.to_frame()[["measure", "computable"]].to_dict("records")
[{'measure': 'm_ateraktualiseringar_andel', 'computable': False}]

A :class:`MeasureTable` holds the tidy frame (:meth:`MeasureTable.to_frame`, one row
per measure × kommunkod × [period ×] breakdown cell; columns in
:mod:`bbic_su.measures._compute`) and, as attributes, what was asked and how the
cells were protected: ``breakdowns``, ``min_count`` (``None``: raw counts, never to
be published), ``perturbed``, ``scope``, ``extraction_date`` and ``not_computable``.

``ok`` is true when every measure asked for was computed: no row is *not
computable* (its inputs are absent, or it needs the extraction date), so a hidden
(suppressed) cell is still ``ok``: protection is the table working, not an error.
:meth:`MeasureTable.raise_for_errors` raises :class:`MeasureError` naming the
measures that could not be computed and what they lack (ids, never values).

Until 0.3 ``compute`` returned a :class:`pandas.DataFrame` with the metadata in
``DataFrame.attrs``. For one minor release a table still answers the DataFrame's
attributes and ``table["share"]`` (with a :class:`DeprecationWarning`); use
:meth:`MeasureTable.to_frame`.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import Any, Self

import attrs
import pandas as pd

from bbic_su._result import JsonResult
from bbic_su.measures._breakdowns import MeasureError
from bbic_su.measures._computable import COMPUTABLE, MISSING

__all__ = ["MeasureTable"]


def _deprecated(instead: str) -> None:
    warnings.warn(
        f"MeasureTable is no longer a DataFrame: {instead} (the DataFrame path goes in 0.4)",
        DeprecationWarning,
        stacklevel=3,
    )


@attrs.frozen(kw_only=True, eq=False)
class MeasureTable(JsonResult):
    """Measure cells and their metadata (see the module docs).

    Attributes:
        frame: The cells (use :meth:`to_frame`).
        breakdowns: The additive breakdown columns asked for, in order.
        min_count: The threshold k the cells are protected with (``None``: raw counts).
        perturbed: True when cell-key perturbation replaced suppression.
        scope: The plan's age and period scope, in words, if it has one.
        extraction_date: The extraction date the deadlines were judged at (ISO).
        not_computable: Measures left out because they need something the dataset
            lacks (the extraction date, a derivation's inputs): id -> why.
        note: A remark for readers (e.g. that perturbed cells need not add up).
    """

    frame: pd.DataFrame
    breakdowns: tuple[str, ...] = ()
    min_count: int | None = None
    perturbed: bool = False
    scope: str | None = None
    extraction_date: str | None = None
    not_computable: Mapping[str, Mapping[str, Any]] = attrs.field(factory=dict)
    note: str | None = None

    def with_frame(self, frame: pd.DataFrame, **changes: Any) -> MeasureTable:
        """The same metadata (with ``changes``) over other cells."""
        return attrs.evolve(self, frame=frame, **changes)

    def to_frame(self) -> pd.DataFrame:
        """The cells as a tidy :class:`pandas.DataFrame` (the table's own frame, not a copy)."""
        return self.frame

    def __len__(self) -> int:
        return len(self.frame)

    def __repr__(self) -> str:
        k = "raw" if self.min_count is None else f"k={self.min_count}"
        return f"<MeasureTable: {len(self.frame)} rows, {k}, by {list(self.breakdowns)}>"

    def _absent(self) -> dict[str, str]:
        """Not computable measure ids -> what they lack (rows and metadata together)."""
        out = {
            m: ", ".join(why.get("variables", ()) or ["extraction_date"])
            for m, why in self.not_computable.items()
        }
        f = self.frame
        if COMPUTABLE in f.columns:
            gone = f[~f[COMPUTABLE].fillna(True).astype(bool).to_numpy()]
            lacks = gone[MISSING] if MISSING in f.columns else [None] * len(gone)
            for m, lack in zip(gone["measure"], lacks, strict=True):
                out.setdefault(str(m), "" if pd.isna(lack) else str(lack))
        return dict(sorted(out.items()))

    @property
    def ok(self) -> bool:
        """True when every measure asked for was computed (hidden cells are fine)."""
        return not self._absent()

    def raise_for_errors(self) -> Self:
        """Raise :class:`MeasureError` when a measure was not computable; else ``self``."""
        absent = self._absent()
        if absent:
            what = "; ".join(f"{m} ({lack})" if lack else m for m, lack in absent.items())
            raise MeasureError(f"not computable: {what}")
        return self

    def summary(self) -> dict[str, Any]:
        """Rows, measures, suppressed cells, the threshold and the not computable ids."""
        f = self.frame
        hidden = int(f["suppressed"].fillna(False).astype(bool).sum()) if "suppressed" in f else 0
        return {
            "ok": self.ok,
            "rows": len(f),
            "measures": int(f["measure"].nunique()) if "measure" in f.columns else 0,
            "suppressed": hidden,
            "min_count": self.min_count,
            "perturbed": self.perturbed,
            "breakdowns": list(self.breakdowns),
            "scope": self.scope,
            "extraction_date": self.extraction_date,
            "not_computable": list(self._absent()),
        }

    def meta(self) -> dict[str, Any]:
        """The metadata alone, JSON-ready (what ``compute`` used to keep in ``attrs``)."""
        return {
            "breakdowns": list(self.breakdowns),
            "min_count": self.min_count,
            "perturbed": self.perturbed,
            "scope": self.scope,
            "extraction_date": self.extraction_date,
            "not_computable": {k: dict(v) for k, v in self.not_computable.items()},
            "note": self.note,
        }

    def to_dict(self) -> dict[str, Any]:
        """``{"summary": ..., "meta": ..., "rows": [{column: value}, ...]}`` (nulls as None)."""
        rows = self.frame.astype(object).where(self.frame.notna(), None)
        return {
            "summary": self.summary(),
            "meta": self.meta(),
            "rows": [{str(k): _plain(v) for k, v in r.items()} for r in rows.to_dict("records")],
        }

    # -- the DataFrame path of 0.2, deprecated -------------------------------------------

    def __getitem__(self, key: Any) -> Any:
        _deprecated(f"use table.to_frame()[{key!r}]")
        return self.frame[key]

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_") or name == "frame":
            raise AttributeError(name)
        if name == "attrs":  # the metadata where 0.2 kept them
            _deprecated("read its attributes (table.min_count, ...) instead of .attrs")
            return self.meta()
        if not hasattr(pd.DataFrame, name):
            raise AttributeError(f"'MeasureTable' object has no attribute {name!r}")
        _deprecated(f"use table.to_frame().{name}")
        return getattr(self.frame, name)


def _plain(value: Any) -> Any:
    """A JSON-ready scalar (numpy and pandas scalars to Python)."""
    item = getattr(value, "item", None)
    return item() if callable(item) else value
