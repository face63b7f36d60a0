"""The canonical dataset: one pandas DataFrame per record type, kept exactly as given.

>>> import pandas as pd
>>> import bbic_su
>>> ds = bbic_su.Dataset({"barn": pd.DataFrame({"barn_id": ["b1", "b2"], "kon": ["flicka", "x"]})})
>>> ds["barn"].index.tolist()  # row numbers in the source, 1-based
[1, 2]
>>> len(ds["insats"])  # absent record types are simply empty
0
>>> ds
Dataset(barn=2 rows)

Frames are held *as given*: a frame read from CSV is all strings, and nothing is
coerced, dropped or renamed before validation, so every bad cell can be reported.
Columns are named by variable id plus the record type's key columns; columns the
catalogue does not know are kept (validation reports them). The index is the
1-based row number in the source (data rows only, the header excluded); a default
``RangeIndex`` starting at 0 is shifted to start at 1.

Already-typed frames are accepted too: ``datetime64`` or :class:`datetime.date`
dates, nullable ``Int64`` integers, multi-select values as ``|``-joined strings or
as sets, lists or tuples of codes.

Read and write with :func:`read_dataset` and :func:`write_dataset`; three forms:
a folder with one ``<record_type>.csv`` per record type plus a Frictionless
``datapackage.json``, one ``.xlsx`` workbook with a sheet per record type, or a
folder of ``<record_type>.parquet`` files (extra ``parquet``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Literal

import numpy as np
import pandas as pd

from bbic_su._boundary import boundary
from bbic_su._pnr_detect import redact
from bbic_su.errors import DatasetError, NoDataError
from bbic_su.frames._io_csv import package_extraction_date, read_csv_folder, write_csv_folder
from bbic_su.frames._io_excel import (
    read_parquet_folder,
    read_workbook,
    write_parquet_folder,
    write_workbook,
)
from bbic_su.spec._catalog import Catalog, catalog

__all__ = [
    "SOURCE_FILE",
    "SOURCE_ROW",
    "Dataset",
    "DatasetError",
    "DatasetFormat",
    "NoDataError",
    "read_dataset",
    "require_records",
    "write_dataset",
]

SOURCE_FILE = "_source_file"
"""Column of a written dataset holding each record's export file (provenance)."""
SOURCE_ROW = "_source_row"
"""Column of a written dataset holding each record's 1-based row in that export file."""

DatasetFormat = Literal["csv", "xlsx", "parquet"]
"""The three on-disk forms of a dataset."""


def require_records(dataset: Dataset) -> None:
    """Raise :class:`NoDataError` unless ``dataset`` holds a record of a known record type.

    The message names the tables (sheets or files) found instead, and the names
    expected.

    >>> import pandas as pd
    >>> require_records(Dataset({"Blad1": pd.DataFrame({"a": ["1"]})}, source="x.xlsx"))
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    bbic_su.errors.NoDataError: x.xlsx: no records of any record type (found: Blad1; ...
    """
    if any(dataset.n_rows(rt) for rt in dataset.record_types):
        return
    found = [f"{rt} (0 rows)" for rt in dataset.record_types]
    found += list(dataset.unknown_record_types)
    expected = ", ".join(rt.id for rt in dataset.catalog.record_types)
    where = f"{dataset.source}: " if dataset.source else ""
    raise NoDataError(
        f"{where}no records of any record type (found: {', '.join(found) or 'nothing'}; "
        f"expected sheets or files named {expected})"
    )


def _provenance(frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series | None]:
    """Take the provenance columns out of ``frame``: the row becomes the index."""
    names = [str(c) for c in frame.columns]
    if SOURCE_ROW in names:
        rows = pd.to_numeric(frame[SOURCE_ROW], errors="coerce")
        if rows.notna().all() and len(rows):
            frame = frame.set_axis(pd.Index(rows.astype("int64").to_numpy()), axis=0)
        frame = frame.drop(columns=[SOURCE_ROW])
    files = None
    if SOURCE_FILE in names:
        codes, distinct = pd.factorize(frame[SOURCE_FILE])  # each file name once
        table = np.array([*(redact(str(v)) for v in distinct), None], dtype=object)
        files = pd.Series(table[codes], index=frame.index, dtype=object)  # no number in a name
        frame = frame.drop(columns=[SOURCE_FILE])
    return frame, files


def _normalise(frame: pd.DataFrame) -> pd.DataFrame:
    index = frame.index
    if isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1:
        return frame.set_axis(pd.RangeIndex(1, len(frame) + 1), axis=0)
    return frame


class Dataset:
    """One DataFrame per record type, held as given.

    Args:
        frames: Record type id to frame. Record types the catalogue does not know
            are kept (see :attr:`unknown_record_types`) and reported by validation.
        catalog: The catalogue the record types belong to (default: the packaged one).
        source: Where the data came from (a path), for reports; never personal data.
        extraction_date: The day the data were extracted (``YYYY-MM-DD``), when known; a
            canonical CSV folder records it in ``datapackage.json``. Measures, reports and
            derivations use it when no extraction date is passed.

    Provenance: a frame's columns ``_source_file`` and ``_source_row`` (written by
    :func:`write_dataset` for an imported dataset) are taken out of the frame: the
    row becomes the index (so findings point into the export) and the file is kept
    in :attr:`source_files`.

    Raises:
        DatasetError: A value of ``frames`` is not a DataFrame.
    """

    def __init__(
        self,
        frames: Mapping[str, pd.DataFrame] | None = None,
        *,
        catalog: Catalog | None = None,
        source: str | None = None,
        extraction_date: str | None = None,
    ) -> None:
        self._catalog = catalog
        self.source = source
        self.extraction_date = extraction_date
        """The day the data were extracted (ISO text), when the dataset records it."""
        held: dict[str, pd.DataFrame] = {}
        files: dict[str, pd.Series] = {}
        for name, frame in (frames or {}).items():
            if not isinstance(frame, pd.DataFrame):
                raise DatasetError(
                    f"{name}: expected a pandas DataFrame, got {type(frame).__name__}"
                )
            frame, of_rows = _provenance(frame)
            held[str(name)] = _normalise(frame)
            if of_rows is not None:
                files[str(name)] = of_rows.set_axis(held[str(name)].index)
        self._frames = held
        self._source_files = files

    @property
    def catalog(self) -> Catalog:
        """The catalogue the dataset is read against."""
        return self._catalog if self._catalog is not None else catalog()

    @property
    def frames(self) -> Mapping[str, pd.DataFrame]:
        """The frames given, by record type id (read-only mapping)."""
        return MappingProxyType(self._frames)

    @property
    def source_files(self) -> Mapping[str, pd.Series]:
        """Per record type, the export file of each record (index-aligned), when known."""
        return MappingProxyType(self._source_files)

    def with_provenance(self) -> dict[str, pd.DataFrame]:
        """The frames with ``_source_file`` and ``_source_row`` columns where known."""
        out = {}
        for name, frame in self._frames.items():
            files = self._source_files.get(name)
            if files is not None:
                frame = frame.assign(
                    **{SOURCE_FILE: files.to_numpy(), SOURCE_ROW: frame.index.to_numpy()}
                )
            out[name] = frame
        return out

    @property
    def record_types(self) -> tuple[str, ...]:
        """Catalogue record types present in the dataset, in catalogue order."""
        return tuple(rt.id for rt in self.catalog.record_types if rt.id in self._frames)

    @property
    def unknown_record_types(self) -> tuple[str, ...]:
        """Names of frames that are not catalogue record types (kept, reported)."""
        known = {rt.id for rt in self.catalog.record_types}
        return tuple(name for name in self._frames if name not in known)

    def columns_of(self, record_type: str) -> tuple[str, ...]:
        """The canonical columns of ``record_type``: key fields, then variables."""
        rt = self.catalog.record_type(record_type)
        return (*rt.key_fields, *(v.id for v in self.catalog.variables_of(record_type)))

    def __getitem__(self, record_type: str) -> pd.DataFrame:
        """The frame of ``record_type``; an empty canonical frame when absent."""
        if record_type in self._frames:
            return self._frames[record_type]
        cols = self.columns_of(record_type)
        return pd.DataFrame(
            {c: pd.Series([], dtype=object) for c in cols}, index=pd.RangeIndex(1, 1)
        )

    def __contains__(self, record_type: object) -> bool:
        return record_type in self._frames

    def __iter__(self) -> Iterator[str]:
        return iter(self._frames)

    def __len__(self) -> int:
        return len(self._frames)

    def n_rows(self, record_type: str) -> int:
        """Number of data rows of ``record_type`` (0 when absent)."""
        frame = self._frames.get(record_type)
        return 0 if frame is None else len(frame)

    def __repr__(self) -> str:
        parts = ", ".join(f"{name}={len(frame)} rows" for name, frame in self._frames.items())
        return f"Dataset({parts})"


# -------------------------------------------------------------------- read / write


def _detect(path: Path) -> DatasetFormat:
    if path.is_file() or path.suffix.lower() == ".xlsx":
        if path.suffix.lower() == ".xlsx":
            return "xlsx"
        raise DatasetError(f"{path.name}: expected a folder or an .xlsx workbook")
    if not path.is_dir():
        raise DatasetError(f"{path.name}: no such file or folder")
    if (path / "datapackage.json").exists() or any(path.glob("*.csv")):
        return "csv"
    if any(path.glob("*.parquet")):
        return "parquet"
    raise DatasetError(f"{path.name}: folder holds no .csv or .parquet files")


@boundary
def read_dataset(
    path: str | os.PathLike[str],
    *,
    format: DatasetFormat | None = None,
    catalog: Catalog | None = None,
) -> Dataset:
    """Read a dataset from a CSV folder, an ``.xlsx`` workbook or a Parquet folder.

    CSV and xlsx cells are read as text (empty = missing), so nothing is coerced
    before validation; duplicate and unknown columns are kept.

    Args:
        path: The folder or workbook.
        format: ``"csv"``, ``"xlsx"`` or ``"parquet"``; detected from ``path`` when ``None``.
        catalog: The catalogue (default: the packaged one).

    Raises:
        DatasetError: The path does not exist, a file is not UTF-8 or not well formed,
            or the workbook cannot be opened.
    """
    p = Path(path)
    fmt = format or _detect(p)
    extraction_date = None
    if fmt == "csv":
        frames = read_csv_folder(p)
        extraction_date = package_extraction_date(p)
    elif fmt == "xlsx":
        frames = read_workbook(p)
    else:
        frames = read_parquet_folder(p)
    return Dataset(frames, catalog=catalog, source=redact(p.name), extraction_date=extraction_date)


@boundary
def write_dataset(
    dataset: Dataset, path: str | os.PathLike[str], *, format: DatasetFormat | None = None
) -> Path:
    """Write ``dataset`` to ``path`` and return the path.

    An imported dataset's provenance is written with it (columns ``_source_file``
    and ``_source_row``), so that its findings still name the export's rows.

    Args:
        dataset: The dataset.
        path: A folder (CSV or Parquet; created if needed) or an ``.xlsx`` file.
        format: ``"csv"``, ``"xlsx"`` or ``"parquet"``; by default ``xlsx`` for a path
            ending in ``.xlsx``, otherwise ``csv``.

    Raises:
        DatasetError: The target cannot be written.
    """
    p = Path(path)
    fmt = format or ("xlsx" if p.suffix.lower() == ".xlsx" else "csv")
    provenance = dataset.with_provenance()
    frames = {
        name: provenance[name] for name in (*dataset.record_types, *dataset.unknown_record_types)
    }
    try:
        if fmt == "csv":
            write_csv_folder(frames, p, dataset.catalog, dataset.extraction_date)
        elif fmt == "xlsx":
            write_workbook(frames, p)
        else:
            write_parquet_folder(frames, p)
    except OSError as exc:
        raise DatasetError(f"{p.name}: cannot write: {exc.strerror}") from None
    return p
