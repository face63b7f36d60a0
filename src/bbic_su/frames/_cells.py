"""The text form of cells and frames: what a CSV file or a workbook holds.

>>> import datetime as dt
>>> [cell_text(v) for v in (None, 3.0, 2.5, dt.date(2025, 1, 2), {"b", "a"}, True, "")]
[None, '3', '2.5', '2025-01-02', 'a|b', 'true', None]
>>> frame_of([["b1", "flicka"]], ["barn_id", "kon"]).to_dict("index")
{1: {'barn_id': 'b1', 'kon': 'flicka'}}

Shared by the dataset's readers and writers (:mod:`bbic_su.frames._io_csv`,
:mod:`bbic_su.frames._io_excel`), the export reader and the export renderer: ISO 8601
dates, multi-select codes joined by ``|`` in sorted order, booleans as ``true`` and
``false``, whole floats without ``.0``, missing as ``None``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["cell_text", "frame_of", "text_frame"]


def cell_text(value: object) -> str | None:
    """One cell as the text written to CSV/xlsx (``None`` for missing)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float | np.floating):
        if np.isnan(value):
            return None
        return str(int(value)) if float(value).is_integer() else str(value)
    if isinstance(value, pd.Timestamp | dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date | np.datetime64):
        return (
            pd.Timestamp(value).date().isoformat()
            if isinstance(value, np.datetime64)
            else (value.isoformat())
        )
    if isinstance(value, set | frozenset | list | tuple):
        codes = sorted(str(v) for v in value if cell_text(v) is not None)
        return "|".join(codes) or None
    if isinstance(value, bool | np.bool_):
        return str(value).lower()
    if isinstance(value, int | np.integer):
        return str(int(value))
    text = str(value)
    return text if text != "" else None


def text_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every cell as text (ISO dates, ``|``-joined codes), missing as None."""
    cols: dict[int, list[str | None]] = {}
    for i in range(frame.shape[1]):
        series = frame.iloc[:, i]
        if pd.api.types.is_datetime64_any_dtype(series.dtype):
            text = series.dt.strftime("%Y-%m-%d")
            cols[i] = [None if pd.isna(v) else str(v) for v in text]
        else:
            cols[i] = [cell_text(v) for v in series.tolist()]
    out = pd.DataFrame({i: pd.Series(v, dtype=object) for i, v in cols.items()})
    out.columns = pd.Index([str(c) for c in frame.columns])
    return out.set_axis(frame.index, axis=0)


def frame_of(rows: list[list[Any]], header: list[str]) -> pd.DataFrame:
    """A text frame from rows of cells (duplicate header names kept)."""
    index = pd.RangeIndex(1, len(rows) + 1)
    data = {
        i: pd.Series([r[i] if i < len(r) else None for r in rows], dtype="str", index=index)
        for i in range(len(header))
    }
    frame = pd.DataFrame(data, index=index)
    frame.columns = pd.Index(header)
    return frame
