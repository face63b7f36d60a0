"""The inverse of a profile: write a canonical dataset in a profile's vendor layout.

>>> import tempfile, pandas as pd
>>> import bbic_su
>>> from bbic_su.interchange.render import render_export
>>> ds = bbic_su.Dataset({"insats": pd.DataFrame({
...     "insats_id": ["I-1"], "barn_id": ["b-1"], "insatstyp": ["vard_placering_sol"],
...     "insats_beslutsdatum": ["2024-02-03"], "vardplan_upprattad": ["ja"]})})
>>> paths = render_export(ds, "exempel_lang", tempfile.mkdtemp())
>>> print(paths[0].read_text(encoding="utf-8").strip())
ärende,variabel,värde
I-1,BarnID,b-1
I-1,Insatstyp,FAMHEM
I-1,Beslutsdatum,03/02/2024
I-1,Vårdplan,ja
>>> back, report = bbic_su.import_export(paths, "exempel_lang")
>>> back["insats"].loc[1, "insatstyp"], report.rows_rejected
('vard_placering_sol', 0)

For every file map the record type's frame is written with the map's headers:
a code becomes the first source value that maps to it (column ``values``,
then the profile's ``value_maps``, then the first yes/no word), else the code
itself; dates use the first date format (``excel``: serial day number);
multi-select cells are joined with the column's separator, or written one
column per option with the first yes word (blank when not ticked). Constants
and derived fields are not written (the import makes them again). Encoding
``auto`` is written as UTF-8 and delimiter ``auto`` as ``;``; a file name
ending in ``.xlsx`` is written as a workbook (``openpyxl``); a header row
below 1 gets a title block above it. Identity-number columns need
``identity``: a function from the canonical key value to an identity number
(the synthetic-data generator supplies one); without it they cannot be
written and :class:`~bbic_su.importing.profile.ProfileError` is raised.

This is what the synthetic-data demo uses to write vendor-style exports, and
what the round-trip property test checks: render, import, compare.
"""

from __future__ import annotations

import csv
import datetime as dt
import fnmatch
import os
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from bbic_su._boundary import boundary
from bbic_su.frames._cells import text_frame
from bbic_su.frames.dataset import Dataset
from bbic_su.importing._profile_model import ColumnMap, FileMap, MappingProfile
from bbic_su.importing.profile import ProfileError, fold, load_profile, target_variable
from bbic_su.spec._catalog import Catalog
from bbic_su.spec._catalog import catalog as _packaged_catalog

__all__ = ["render_export"]

_EXCEL_EPOCH = dt.date(1899, 12, 30)


def _file_name(fm: FileMap) -> str:
    candidates = [
        fm.file.replace("*", "").replace("?", "x"),
        fm.file.replace("*", fm.record_type).replace("?", "x"),
        f"{fm.record_type}.csv",
        f"{fm.record_type}.xlsx",
    ]
    for name in candidates:
        if Path(name).stem and fnmatch.fnmatch(name.casefold(), fm.file.casefold()):
            return name
    raise ProfileError("<profile>", "", f"cannot name a file for glob {fm.file!r}")


def _inverse(profile: MappingProfile, col: ColumnMap, value_set: str | None) -> dict[str, str]:
    """Code to the source value written for it."""
    inv: dict[str, str] = {}
    for source, code in col.values.items():
        inv.setdefault(code, source)
    if value_set is not None:
        for source, code in profile.value_maps.get(value_set, {}).items():
            inv.setdefault(code, source)
    yn = profile.yes_no
    codes = () if value_set is None else _codes_of(value_set)
    if yn.yes and yn.no and yn.yes_code in codes and yn.no_code in codes:
        inv.setdefault(yn.yes_code, yn.yes[0])
        inv.setdefault(yn.no_code, yn.no[0])
    return inv


def _codes_of(value_set: str) -> tuple[str, ...]:
    return _packaged_catalog().value_set(value_set).code_ids


def _date_text(iso: str, fmt: str) -> str:
    day = dt.date.fromisoformat(iso[:10])
    if fmt == "excel":
        return str((day - _EXCEL_EPOCH).days)
    return dt.datetime(day.year, day.month, day.day).strftime(fmt)


def _column_values(
    profile: MappingProfile, fm: FileMap, col: ColumnMap, cells: pd.Series, cat: Catalog
) -> pd.Series:
    var = target_variable(cat, fm.record_type, str(col.variable))
    yn = profile.yes_no
    if col.kind == "option":
        yes = yn.yes[0] if yn.yes else "X"
        return cells.map(
            lambda v: yes if isinstance(v, str) and col.option in v.split("|") else None
        )
    if var is None or col.kind == "text" or var.datatype in ("text", "integer"):
        return cells
    if var.datatype == "date":
        fmt = (col.date_formats or profile.date_formats or ("%Y-%m-%d",))[0]
        return cells.map(lambda v: _date_text(v, fmt) if isinstance(v, str) else None)
    inv = _inverse(profile, col, var.value_set)
    keep = {k: v for k, v in inv.items() if col.separator not in v} if var.multi_select else inv
    if var.multi_select:
        return cells.map(
            lambda v: (
                col.separator.join(keep.get(c, c) for c in v.split("|"))
                if isinstance(v, str)
                else None
            )
        )
    return cells.map(lambda v: inv.get(v, v) if isinstance(v, str) else None)


def _vendor_frame(
    profile: MappingProfile,
    fm: FileMap,
    frame: pd.DataFrame,
    cat: Catalog,
    identity: Callable[[str], str] | None,
) -> pd.DataFrame:
    text = text_frame(frame)
    out: dict[str, pd.Series] = {}
    empty = pd.Series([None] * len(text), index=text.index, dtype=object)
    for col in fm.columns:
        if col.variable is None or col.variable not in text.columns:
            out[col.column] = empty  # the column exists, blank (e.g. a birth date)
            continue
        cells = text[col.variable]
        if col.kind == "identity":
            if identity is None:
                raise ProfileError(
                    profile.name,
                    "",
                    f"column {col.column!r} holds identity numbers: pass identity= to render it",
                )
            out[col.column] = cells.map(lambda v: identity(v) if isinstance(v, str) else None)
        elif col.kind != "birth_date":
            out[col.column] = _column_values(profile, fm, col, cells, cat)
    return pd.DataFrame(out, index=text.index)


def _melt(fm: FileMap, wide: pd.DataFrame) -> pd.DataFrame:
    assert fm.long is not None
    case_col = next((c.column for c in fm.columns if fold(c.column) == fold(fm.long.case)), None)
    if case_col is None or case_col not in wide.columns:
        raise ProfileError("<profile>", "", "a long layout needs its case column mapped")
    rows = []
    others = [c for c in wide.columns if c != case_col]
    for record in wide.itertuples(index=False):
        values = dict(zip(wide.columns, record, strict=True))
        filled = [(values[case_col], n, values[n]) for n in others if isinstance(values[n], str)]
        # a case with no values still gets one (blank) row, so that it exists
        rows.extend(filled or [(values[case_col], others[0] if others else case_col, None)])
    return pd.DataFrame(rows, columns=[fm.long.case, fm.long.variable, fm.long.value])


def _write(path: Path, fm: FileMap, frame: pd.DataFrame) -> None:
    header = [str(c) for c in frame.columns]
    body = [
        ["" if not isinstance(v, str) else v for v in row] for row in frame.itertuples(index=False)
    ]
    title = [["Export (exempel)"]] + [[] for _ in range((fm.header_row or 1) - 2)]
    lead = title if (fm.header_row or 1) > 1 else []
    if path.suffix.lower() == ".xlsx":
        import openpyxl

        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet(fm.sheet or fm.record_type)
        for row in [*lead, header, *body]:
            sheet.append(row)
        book.save(path)
        return
    encoding = "utf-8" if fm.encoding == "auto" else fm.encoding
    delimiter = ";" if fm.delimiter == "auto" else fm.delimiter
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh, delimiter=delimiter, lineterminator="\r\n")
        writer.writerows([*lead, header, *body])


@boundary
def render_export(
    dataset: Dataset,
    profile: str | os.PathLike[str] | MappingProfile,
    folder: str | os.PathLike[str],
    *,
    identity: Callable[[str], str] | None = None,
    catalog: Catalog | None = None,
) -> list[Path]:
    """Write ``dataset`` as the files ``profile`` describes; return their paths.

    Args:
        dataset: The canonical dataset (text or typed frames).
        profile: A profile, profile file or shipped profile's name.
        folder: Where to write (created if needed).
        identity: Canonical key value to identity number, for identity columns.
        catalog: The catalogue (default: the packaged one).

    Raises:
        ProfileError: The profile cannot be rendered (identity columns without
            ``identity``, two maps writing one file, a glob that names no file).
    """
    cat = catalog or _packaged_catalog()
    prof = load_profile(profile, catalog=cat)
    out_dir = Path(folder)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for fm in prof.files:
        if fm.record_type not in dataset:
            continue
        path = out_dir / _file_name(fm)
        if path in written:
            raise ProfileError(prof.name, "", f"two file maps would write {path.name}")
        frame = _vendor_frame(prof, fm, dataset[fm.record_type], cat, identity)
        if fm.layout == "long":
            frame = _melt(fm, frame)
        _write(path, fm, frame)
        written.append(path)
    return written
