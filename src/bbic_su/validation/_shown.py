"""Shown values of findings, dictionary-encoded: one small list of values per check.

>>> import numpy as np
>>> from bbic_su.validation._shown import encode_dates
>>> days = np.array(["2024-03-05", "NaT", "2024-03-05"], dtype="datetime64[D]")
>>> encode_dates(days, np.array([0, 1, 2]))
(array([0, 1, 0], dtype=int32), ['2024-03-05', None])

:func:`encode_shown` equals :func:`bbic_su.validation._frame.show` value for value, but
returns per finding an index into the distinct shown values (-1: none) instead of a
Python value per row: a code column's category codes, a date or integer column
factorised once.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from bbic_su.frames._parse import shown_value
from bbic_su.frames._views import View, show

__all__ = ["Encoded", "encode_dates", "encode_shown"]

Encoded = tuple[npt.NDArray[np.int32], list[str | int | None]]
"""Per finding an index into the distinct shown values (-1: none), and those values."""


def _factorized(values: npt.NDArray[Any]) -> tuple[npt.NDArray[np.int32], npt.NDArray[Any]]:
    codes, uniques = pd.factorize(values)
    return np.asarray(codes, dtype=np.int32), np.asarray(uniques)


def encode_dates(days: npt.NDArray[np.datetime64], positions: npt.NDArray[Any]) -> Encoded:
    """ISO dates of ``days`` (``datetime64[D]``) at ``positions``, None where NaT."""
    picked = days[positions].astype("datetime64[D]")
    codes, uniques = _factorized(picked.view(np.int64))
    dates = uniques.view("datetime64[D]")
    return codes, [None if np.isnat(d) else str(d) for d in dates]


def encode_shown(view: View, variable: str, positions: npt.NDArray[Any]) -> Encoded:
    """:func:`show`, dictionary-encoded: equal to it value for value, without a list per row."""
    col = view.columns[variable]
    if isinstance(col.dtype, pd.CategoricalDtype):
        codes = np.asarray(col.cat.codes.to_numpy()[positions], dtype=np.int32)
        return codes, [shown_value(str(c)) for c in col.cat.categories]
    if pd.api.types.is_datetime64_any_dtype(col.dtype):
        return encode_dates(col.to_numpy(), positions)
    if isinstance(col.array, pd.arrays.IntegerArray):
        arr: Any = col.array
        data, mask = arr._data[positions], arr._mask[positions]
        codes, uniques = _factorized(data)
        codes[mask] = -1
        return codes, [shown_value(int(u)) for u in uniques.tolist()]
    values = show(view, variable, positions)
    seen: dict[str | int, int] = {}
    idx = np.array([-1 if v is None else seen.setdefault(v, len(seen)) for v in values])
    return idx.astype(np.int32), list(seen)
