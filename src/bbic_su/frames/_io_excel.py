"""The workbook (``.xlsx``, one sheet per record type) and Parquet-folder forms of a dataset.

>>> import tempfile, pandas as pd
>>> from pathlib import Path
>>> from bbic_su.frames._io_excel import read_workbook, write_workbook
>>> book = Path(tempfile.mkdtemp()) / "data.xlsx"
>>> write_workbook({"barn": pd.DataFrame({"barn_id": ["b1"], "fodelsear": [2015]})}, book)
>>> read_workbook(book)["barn"].to_dict("records")
[{'barn_id': 'b1', 'fodelsear': '2015'}]

Workbooks are written as text cells (ISO dates, ``|``-joined codes) so that a
round trip is lossless. Hand-made workbooks are read cell by cell: a date cell
becomes its ISO date, a whole number its digits, everything else its text.
The workbook form needs ``openpyxl`` (extra ``excel``); Parquet needs
``pyarrow`` (extra ``parquet``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from bbic_su.errors import DatasetError
from bbic_su.frames._cells import cell_text, frame_of, text_frame

__all__ = [
    "load_openpyxl",
    "read_parquet_folder",
    "read_workbook",
    "write_parquet_folder",
    "write_workbook",
]

_SHEET_MAX = 31


def load_openpyxl() -> Any:
    """The ``openpyxl`` module, or :class:`DatasetError` naming the extra that installs it."""
    try:
        import openpyxl
    except ImportError:  # pragma: no cover - depends on the environment
        raise DatasetError(
            "reading or writing .xlsx needs openpyxl: pip install 'bbic-su[excel]'"
        ) from None
    return openpyxl


def _xl_text(value: object) -> str | None:
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    return cell_text(value)


def read_workbook(path: Path) -> dict[str, pd.DataFrame]:
    """Read every sheet of the workbook as a text frame (first row = header).

    Raises:
        DatasetError: The workbook cannot be opened.
    """
    openpyxl = load_openpyxl()
    with path.open("rb") as fh:  # our own handle: closed even when openpyxl fails half-way
        try:
            book = openpyxl.load_workbook(fh, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many unrelated types for a bad file
            raise DatasetError(
                f"{path.name}: not a readable .xlsx workbook ({type(exc).__name__})"
            ) from None
        try:
            frames = _sheets(book)
        except DatasetError:
            raise
        except Exception as exc:  # a damaged member (bad CRC, bad XML) fails while rows are read
            raise DatasetError(
                f"{path.name}: the workbook is damaged ({type(exc).__name__})"
            ) from None
        finally:
            book.close()
    return frames


def _sheets(book: Any) -> dict[str, pd.DataFrame]:
    frames: dict[str, pd.DataFrame] = {}
    for sheet in book.worksheets:
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        if not rows:
            continue
        header = [("" if c is None else str(c)) for c in rows[0]]
        while header and header[-1] == "":
            header.pop()
        body = [[_xl_text(c) for c in r[: len(header)]] for r in rows[1:]]
        body = [r for r in body if any(c is not None for c in r)]
        frames[sheet.title] = frame_of(body, header)
    return frames


def write_workbook(frames: Mapping[str, pd.DataFrame], path: Path) -> None:
    """Write one sheet per frame, every cell as text."""
    openpyxl = load_openpyxl()
    book = openpyxl.Workbook(write_only=True)
    for name, frame in frames.items():
        if len(name) > _SHEET_MAX:
            raise DatasetError(f"{name}: sheet names are limited to {_SHEET_MAX} characters")
        sheet = book.create_sheet(title=name)
        text = text_frame(frame)
        sheet.append([str(c) for c in text.columns])
        for row in text.itertuples(index=False):
            sheet.append(list(row))
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)


def read_parquet_folder(folder: Path) -> dict[str, pd.DataFrame]:
    """Read every ``<record_type>.parquet`` of ``folder`` (types kept as stored).

    Raises:
        DatasetError: A file is not readable Parquet.
    """
    frames: dict[str, pd.DataFrame] = {}
    for p in sorted(folder.glob("*.parquet")):
        try:
            frame = pd.read_parquet(p)
        except Exception as exc:  # pyarrow raises its own hierarchy
            raise DatasetError(f"{p.name}: not readable Parquet ({type(exc).__name__})") from None
        frames[p.stem] = frame.reset_index(drop=True)
    return frames


def write_parquet_folder(frames: Mapping[str, pd.DataFrame], folder: Path) -> None:
    """Write one ``<name>.parquet`` per frame; object columns are written as text."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in frames.items():
        out = frame.reset_index(drop=True)
        if out.columns.has_duplicates or any(not isinstance(c, str) for c in out.columns):
            raise DatasetError(f"{name}: Parquet needs unique text column names")
        texts = text_frame(out)
        for i, col in enumerate(out.columns):
            if out[col].dtype == object:
                out[col] = pd.Series(texts.iloc[:, i].to_numpy(), dtype="str")
        out.to_parquet(folder / f"{name}.parquet", index=False)
