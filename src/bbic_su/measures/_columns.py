"""The columns a measure is counted on: a record type's, with its breakdowns as codes.

>>> import pandas as pd, bbic_su
>>> from bbic_su.frames._columns import typed_views
>>> from bbic_su.measures._columns import MeasureColumns
>>> barn = pd.DataFrame({"barn_id": ["b1", "b2"], "kommunkod": ["0180", None]})
>>> views = typed_views(bbic_su.Dataset({"barn": barn}), bbic_su.catalog())
>>> cols = MeasureColumns(bbic_su.catalog(), "barn", views, None)
>>> codes, labels = cols.kommun()
>>> codes.tolist(), labels
([0, 1], ['0180', '_saknas'])
"""

from __future__ import annotations

from typing import cast

import numpy as np
import numpy.typing as npt
import pandas as pd

from bbic_su._pnr_detect import contains
from bbic_su.frames._columns import RecordColumns, recode
from bbic_su.measures._breakdowns import MISSING, Dim, Granularity, age_codes, period_index

__all__ = ["MeasureColumns"]

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


class MeasureColumns(RecordColumns):
    """:class:`~bbic_su.frames._columns.RecordColumns` with the breakdowns of measures."""

    def kommun(self) -> tuple[IntArray, list[str]]:
        """Organisation-unit code of each row and the labels (MISSING last, if present)."""
        cached = cast("tuple[IntArray, list[str]] | None", self._cache.get("kommun"))
        if cached is None:
            barn = self.views["barn"].columns.get("kommunkod")
            labels = [] if barn is None else sorted(str(c) for c in pd.unique(barn.dropna()))
            # a code shaped like an identity number is never published: it counts as missing
            labels = [c for c in labels if not contains(c)]
            key = self.key_of("kommunkod")
            col = None if key is None else self.column(key)
            codes = np.full(self.n, -1, dtype=np.int64) if col is None else recode(col, labels)
            if (codes < 0).any():
                labels = [*labels, MISSING]
                codes = np.where(codes < 0, len(labels) - 1, codes)
            cached = (codes, labels)
            self._cache["kommun"] = cached
        return cached

    def periods(self, variable: str | None, granularity: Granularity) -> tuple[IntArray, BoolArray]:
        """Period number of each row (see :func:`~bbic_su.measures._breakdowns.period_index`)."""
        cached = cast(
            "tuple[IntArray, BoolArray] | None", self._cache.get(("periods", variable, granularity))
        )
        if cached is None:
            days, missing = self.dates(variable)
            cached = (period_index(days, granularity), missing)
            self._cache[("periods", variable, granularity)] = cached
        return cached

    def dim_codes(self, dim: Dim, variable: str | None) -> IntArray | None:
        """Codes (indexes into ``dim.labels``) of a breakdown; ``None`` when not reachable."""
        ck = ("dim", dim.name, variable if dim.variable is None else None)
        if ck in self._cache:
            return cast("IntArray | None", self._cache[ck])
        codes: IntArray | None
        if dim.variable is None:
            ages, missing = self.ages(variable)
            codes = age_codes(dim, ages, missing)
        else:
            key = self.key_of(dim.variable)
            col = None if key is None else self.column(key)
            if key is None:
                codes = None
            elif col is None:
                codes = np.full(self.n, len(dim.labels) - 1, dtype=np.int64)
            else:
                raw = recode(col, list(dim.labels[:-1]))
                codes = np.where(raw < 0, len(dim.labels) - 1, raw)
        self._cache[ck] = codes
        return codes
