"""The CSV-folder form of a dataset: ``<record_type>.csv`` files plus ``datapackage.json``.

>>> import tempfile, pandas as pd
>>> from pathlib import Path
>>> from bbic_su.frames._io_csv import read_csv_folder, write_csv_folder
>>> folder = Path(tempfile.mkdtemp())
>>> write_csv_folder({"barn": pd.DataFrame({"barn_id": ["b1"], "kon": ["flicka"]})}, folder)
>>> sorted(p.name for p in folder.iterdir())
['barn.csv', 'datapackage.json']
>>> read_csv_folder(folder)["barn"].to_dict("records")
[{'barn_id': 'b1', 'kon': 'flicka'}]

UTF-8 (a byte-order mark is tolerated), comma-separated, one header row, ISO 8601
dates, multi-select codes joined by ``|``, an empty cell is missing. Every cell is
read as text; duplicate header names are kept as duplicate columns.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from bbic_su.errors import DatasetError
from bbic_su.frames._cells import frame_of, text_frame
from bbic_su.frames._table_schema import data_package
from bbic_su.spec._catalog import Catalog

__all__ = ["datapackage", "package_extraction_date", "read_csv_folder", "write_csv_folder"]


def _read_csv(path: Path) -> pd.DataFrame:
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh))
    except UnicodeDecodeError:
        raise DatasetError(f"{path.name}: not UTF-8 text") from None
    except csv.Error as exc:
        raise DatasetError(f"{path.name}: not well-formed CSV: {exc}") from None
    except OSError as exc:
        raise DatasetError(f"{path.name}: cannot read: {exc.strerror}") from None
    if not rows:
        raise DatasetError(f"{path.name}: empty file (a header row is needed)")
    header, body = rows[0], [r for r in rows[1:] if r]
    for n, row in enumerate(body, start=1):
        if len(row) > len(header):
            raise DatasetError(
                f"{path.name}: data row {n} has {len(row)} fields, the header {len(header)}"
            )
    cells = [[c if c != "" else None for c in row] for row in body]
    return frame_of(cells, header)


def _resource_paths(folder: Path) -> dict[str, Path]:
    package = folder / "datapackage.json"
    if not package.exists():
        return {p.stem: p for p in sorted(folder.glob("*.csv"))}
    try:
        meta = json.loads(package.read_text(encoding="utf-8"))
        resources = meta["resources"]
        found = {str(r["name"]): folder / str(r["path"]) for r in resources}
    except (ValueError, KeyError, TypeError) as exc:
        raise DatasetError(f"datapackage.json: not a readable data package ({exc})") from None
    for name, p in found.items():
        if not p.resolve().is_relative_to(folder.resolve()):
            raise DatasetError(f"datapackage.json: resource {name} points outside the folder")
    # CSV files the package does not list are kept too (and reported as unknown).
    for p in sorted(folder.glob("*.csv")):
        if p not in found.values():
            found.setdefault(p.stem, p)
    return found


def package_extraction_date(folder: Path) -> str | None:
    """The ``extraction_date`` a folder's ``datapackage.json`` records, if any (ISO text)."""
    package = folder / "datapackage.json"
    if not package.exists():
        return None
    try:
        value = json.loads(package.read_text(encoding="utf-8")).get("extraction_date")
    except (ValueError, AttributeError):
        return None
    return str(value) if value else None


def read_csv_folder(folder: Path) -> dict[str, pd.DataFrame]:
    """Read every CSV resource of ``folder`` as a text frame.

    Raises:
        DatasetError: A file is missing, not UTF-8 or not well-formed CSV.
    """
    return {name: _read_csv(p) for name, p in _resource_paths(folder).items()}


def datapackage(frames: Mapping[str, pd.DataFrame], cat: Catalog | None = None) -> dict[str, Any]:
    """The Frictionless data-package descriptor for ``frames``.

    One source for the descriptor: :func:`bbic_su.interchange.data_package`, describing
    the frames' actual columns (columns the catalogue does not know become plain
    string fields).
    """
    columns = {name: [str(c) for c in frame.columns] for name, frame in frames.items()}
    return data_package(columns=columns, catalog=cat)


def write_csv_folder(
    frames: Mapping[str, pd.DataFrame],
    folder: Path,
    cat: Catalog | None = None,
    extraction_date: str | None = None,
) -> None:
    """Write one ``<name>.csv`` per frame and the ``datapackage.json`` describing them.

    ``extraction_date`` (ISO text), when given, is recorded in the descriptor.
    """
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in frames.items():
        text = text_frame(frame)
        with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow([str(c) for c in text.columns])
            writer.writerows(
                ["" if v is None else v for v in row] for row in text.itertuples(index=False)
            )
    meta = datapackage(frames, cat)
    if extraction_date is not None:
        meta["extraction_date"] = extraction_date
    (folder / "datapackage.json").write_text(
        json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
