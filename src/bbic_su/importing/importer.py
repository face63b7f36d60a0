"""Import vendor exports into the canonical dataset with a mapping profile.

>>> import bbic_su
>>> from bbic_su.importing.profile import example_exports
>>> ds, report = bbic_su.import_export(example_exports("exempel_lang"), "exempel_lang")
>>> ds
Dataset(insats=2 rows)
>>> (report.rows_read, report.rows_imported, report.rows_rejected)
(18, 13, 5)

:func:`import_export` matches each path to the profile's file maps (by glob on
the file name; a workbook may feed several record types from several sheets),
streams each file in chunks through the mapping engine and returns the
canonical :class:`~bbic_su.frames.dataset.Dataset` with an
:class:`~bbic_su.importing.report.ImportReport`. The dataset holds canonical text
cells (what :func:`~bbic_su.frames.dataset.write_dataset` writes: ISO dates, codes,
multi-select codes sorted and joined by ``|``, integers as digits, missing as
NA); only the columns the profile fills are present, in catalogue order. The
index is the 1-based data-row number of the (first) source row of each record,
so validation points back into the vendor file; records from several files of
one record type are stacked in file order (their row numbers may repeat). Each
record's file is kept in :attr:`~bbic_su.frames.dataset.Dataset.source_files` and
written with the dataset, so findings name the export's file and row on
every path.

A wide CSV file is read by columns with pyarrow, block by block, and every
step works on a column's distinct values (see :mod:`bbic_su.importing._columnar`); when
its row numbering cannot be proven that way (a line break inside a quoted cell,
a quote inside a cell, a multi-byte encoding), and for long layouts and
workbooks, the file is read row by row. Both give the same dataset and report.

An unmapped value stays in its cell (validation then reports it, e.g. as an
invalid code) and is listed in the report with its count; it never becomes
``uppgift_saknas`` or missing.

No identity number passes the import in clear (see :mod:`bbic_su.importing._import_guards`).
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from bbic_su._boundary import boundary, keywords
from bbic_su._pnr_detect import redact
from bbic_su.frames._readers import Export, ExportReadError, open_export
from bbic_su.frames.dataset import SOURCE_FILE, Dataset
from bbic_su.frames.derivation import _empty
from bbic_su.importing._columnar import Unproven, read_columnar
from bbic_su.importing._derive_barn import DERIVED_FROM, derive_barn, split_hidden
from bbic_su.importing._identity_cache import IdentityCache
from bbic_su.importing._import_guards import (
    IdentityValueError,
    match_files,
    refuse_duplicates,
    refuse_identity_values,
)
from bbic_su.importing._longformat import pivot_long
from bbic_su.importing._mapping import RecordMapper, _age
from bbic_su.importing._profile_model import FileMap, MappingProfile, ProfileError
from bbic_su.importing._values import ARROW_TEXT, REDACTED, TEXT, coded
from bbic_su.importing.privacy import check_key, load_key, looks_like_personnummer
from bbic_su.importing.profile import load_profile
from bbic_su.importing.report import FileReport, ImportReport, RejectedRow
from bbic_su.spec._catalog import Catalog
from bbic_su.spec._catalog import catalog as _packaged_catalog

__all__ = ["CHUNK_ROWS", "ExportReadError", "IdentityValueError", "import_export", "match_files"]

CHUNK_ROWS = 2_000
"""Rows mapped at a time when a file is read row by row (columnar reading maps
:data:`bbic_su.importing._columnar.BLOCK_BYTES` of the file at a time)."""


def _next_frame(
    rows: Iterator[tuple[int, list[str | None]]], width: int, report: FileReport
) -> pd.DataFrame | None:
    """The next chunk of at most :data:`CHUNK_ROWS` rows (positional columns), or None."""
    batch = list(itertools.islice(rows, CHUNK_ROWS))
    if not batch:
        return None
    index: list[int] = []
    kept: list[list[str | None]] = []
    for n, cells in batch:
        if not any(cells):
            report.blank_rows += 1
            continue
        report.rows_read += 1
        if len(cells) > width and any(cells[width:]):
            report.rejected_rows.append(RejectedRow(n, "ragged-row"))
            continue
        index.append(n)
        kept.append(cells[:width] + [None] * (width - len(cells)))
    del batch
    columns = list(zip(*kept, strict=True)) if kept else [() for _ in range(width)]
    del kept
    return pd.DataFrame(
        {i: pd.Series(c, dtype=object) for i, c in enumerate(columns)}, dtype=object
    ).set_axis(pd.Index(index, dtype="int64"), axis=0)


def _chunks(
    rows: Iterator[tuple[int, list[str | None]]], width: int, report: FileReport
) -> Iterator[pd.DataFrame]:
    """Chunks of the file; no reference to a chunk is kept while the next one is read."""
    while True:
        frame = _next_frame(rows, width, report)
        if frame is None:
            return
        yield frame
        del frame


def _expected(fm: FileMap) -> list[str]:
    names = [c.column for c in fm.columns]
    if fm.long is not None:
        names += [fm.long.case, fm.long.variable, fm.long.value]
    return names


def _open(path: Path, fm: FileMap) -> Export:
    return open_export(
        path,
        expected=_expected(fm),
        encoding=fm.encoding,
        delimiter=fm.delimiter,
        sheet=fm.sheet,
        header_row=fm.header_row,
    )


def _wide_columnar(
    path: Path, src: Export, mapper: RecordMapper, report: FileReport
) -> list[pd.DataFrame]:
    """Map a wide CSV read by columns, chunk by chunk.

    Raises :class:`Unproven` when it cannot be, possibly after some chunks: the
    caller then drops everything and reads the file row by row.
    """
    got = read_columnar(path, src, [pos for _, pos in mapper.columns])
    frames: list[pd.DataFrame] = []
    for chunk in got.chunks:
        out, rejected = mapper.map_chunk(chunk)
        text = {c: out[c] if out[c].dtype.kind == "M" else _text_column(out[c]) for c in out}
        frames.append(pd.DataFrame(text, index=out.index))  # a hidden birth date stays a date
        report.rejected_rows.extend(rejected)
    report.rows_read, report.blank_rows = got.rows_read, got.blank_rows
    report.rejected_rows.extend(got.rejected)
    return frames


def _mapper(
    profile: MappingProfile,
    fm: FileMap,
    header: Sequence[str],
    path: Path,
    key: bytes | None,
    cat: Catalog,
    cache: IdentityCache,
    births: list[pd.Series] | None,
) -> RecordMapper:
    mapper = RecordMapper(profile, fm, header, file=path.name, key=key, cat=cat)
    mapper.identity_cache = cache  # one check and HMAC per value over all files
    mapper.births = births
    return mapper


def _import_one(
    path: Path,
    fm: FileMap,
    profile: MappingProfile,
    key: bytes | None,
    cat: Catalog,
    cache: IdentityCache,
    births: list[pd.Series] | None = None,
) -> tuple[list[pd.DataFrame], FileReport]:
    src: Export = _open(path, fm)
    report = FileReport(
        file=redact(path.name),
        record_type=fm.record_type,
        sheet=src.sheet,
        layout=fm.layout,
        encoding=src.encoding,
        delimiter=src.delimiter,
        header_row=src.header_row,
    )
    frames: list[pd.DataFrame] = []
    if fm.layout == "long":
        long = pivot_long(src.rows, src.header, fm, file=path.name, cat=cat)
        mapper = _mapper(profile, fm, long.header, path, key, cat, cache, births)
        out, rejected = mapper.map_chunk(long.frame)
        refuse_identity_values(out, fm, path.name, cat)
        frames.append(out)
        report.rows_read, report.blank_rows = long.rows_read, long.blank_rows
        report.rejected_rows = list(long.rejected)
        for r in rejected:
            report.rejected_rows.extend(
                RejectedRow(n, r.reason, r.column) for n in long.case_rows.get(r.row, [r.row])
            )
        report.unmapped_columns = [
            REDACTED if looks_like_personnummer(c) else c for c in long.unmapped_columns
        ] + [c for c in mapper.unmapped_columns if c != REDACTED]
    else:
        mapper = _mapper(profile, fm, src.header, path, key, cat, cache, births)
        try:
            if src.kind != "csv":
                raise Unproven
            frames = _wide_columnar(path, src, mapper, report)
        except Unproven:  # read row by row, from the start, with a fresh account
            src = _open(path, fm)
            mapper = _mapper(profile, fm, src.header, path, key, cat, cache, births)
            frames, report.rejected_rows = [], []
            for chunk in _chunks(src.rows, len(src.header), report):
                out, rejected = mapper.map_chunk(chunk)
                del chunk  # before the next chunk is read
                frames.append(out)
                report.rejected_rows.extend(rejected)
        for out in frames:  # whichever path read them
            refuse_identity_values(out, fm, path.name, cat)
        report.unmapped_columns = list(mapper.unmapped_columns)
        if not frames:  # a header-only file: the mapped columns, no rows
            empty = pd.DataFrame({i: pd.Series([], dtype=object) for i in range(len(src.header))})
            frames.append(mapper.map_chunk(empty.set_axis(pd.Index([], dtype="int64")))[0])
    report.missing_columns = list(mapper.missing)
    report.unmapped_values = mapper.unmapped_values()
    report.rows_imported = report.rows_read - report.rows_rejected
    return frames, report


_STR = TEXT
_ARROW = ARROW_TEXT


def _text_column(values: pd.Series) -> pd.Series:
    """A canonical text column (``str`` dtype, missing as NA); categories taken by Arrow."""
    if values.dtype == _STR:
        return values
    if _ARROW and isinstance(values.dtype, pd.CategoricalDtype):
        names = values.cat.categories.to_numpy(dtype=object)
        codes = np.asarray(values.cat.codes)
        taken = pa.array(names, type=pa.string()).take(pa.array(codes, mask=codes < 0))
        arrow = pd.arrays.ArrowStringArray(pa.chunked_array([taken], type=pa.string()))
        return pd.Series(arrow, index=values.index).astype(_STR)
    return values.astype("str").where(values.notna())


def _guesses(profile: MappingProfile) -> list[str]:
    """Key paths (with scores) of the drafted guesses left in ``profile``."""
    out = []
    for i, fm in enumerate(profile.files):
        for j, col in enumerate(fm.columns):
            path = f"files[{i}].columns[{j}]"
            if col.review == "guessed":
                out.append(f"{path}: {col.variable} (score {col.score})")
            out += [
                f"{path}.values: {col.values[v]} (score {s})" for v, s in col.guessed_values.items()
            ]
    return out


def _as_text(frame: pd.DataFrame, order: Sequence[str]) -> pd.DataFrame:
    cols = sorted(frame.columns, key=lambda c: order.index(c) if c in order else len(order))
    return pd.DataFrame({c: _text_column(frame[c]) for c in cols}, index=frame.index)


@keywords("key")
@boundary
def import_export(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    profile: str | os.PathLike[str] | MappingProfile,
    *,
    key: bytes | str | None = None,
    catalog: Catalog | None = None,
    allow_duplicates: bool = False,
    accept_guesses: bool = False,
    kommunkod: str | None = None,
) -> tuple[Dataset, ImportReport]:
    """Import vendor export files into the canonical dataset.

    Args:
        paths: The export files (CSV or ``.xlsx``).
        profile: A profile, a profile file or a shipped profile's name.
        key: The pseudonymisation key (bytes, or text encoded as UTF-8); when
            ``None`` and the profile maps an identity-number column, it is read from
            the environment variable ``BBIC_SU_PSEUDONYM_KEY``.
        catalog: The catalogue (default: the packaged one).
        allow_duplicates: Import a file given twice (the same path, or two files with
            the same bytes) twice; by default that is refused.
        accept_guesses: Import even when drafted guesses are left unreviewed in
            the profile (``review: guessed``, ``guessed_values``); each is then
            listed in the import report's ``accepted_guesses``.
        kommunkod: The municipality code for ``barn`` records derived from
            identity numbers (default: the profile's ``kommunkod``). When no
            ``barn`` file is imported and an identity column is mapped, one
            ``barn`` record per child is derived (birth year and sex as the
            number states them) and listed in the import report's ``derived``.

    Returns:
        The canonical dataset and the import report.

    Raises:
        ProfileError: The profile is malformed, or holds unreviewed guesses and
            ``accept_guesses`` is false.
        ExportReadError: A file cannot be read, matches no file map, or lacks a
            column the profile needs.
        PseudonymKeyError: An identity column is mapped and no usable key is given.
    """
    cat = catalog or _packaged_catalog()
    prof = load_profile(profile, catalog=cat)
    guesses = _guesses(prof)
    if guesses and not accept_guesses:
        raise ProfileError(
            f"{prof.name}",
            "",
            f"{len(guesses)} unreviewed guesses (review: guessed); check them and remove "
            "the marks, or import with --accept-guesses / accept_guesses=True",
        )
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    path_list = [Path(p) for p in paths]
    if not path_list:
        raise ExportReadError("no export files given")
    if not allow_duplicates:
        refuse_duplicates(path_list)
    raw_key = key.encode("utf-8") if isinstance(key, str) else key
    if prof.uses_identity:
        raw_key = load_key() if raw_key is None else check_key(raw_key, "the key given")
    report = ImportReport(profile=prof.name, accepted_guesses=guesses)
    pieces: dict[str, list[pd.DataFrame]] = {}
    cache = IdentityCache()  # identity values seen, dropped at the end
    infos: list[pd.DataFrame] = []
    births: list[pd.Series] = []
    for path, fm in match_files(path_list, prof):
        frames_of_file, file_report = _import_one(path, fm, prof, raw_key, cat, cache, births)
        name = np.array([redact(path.name), None], dtype=object)
        for frame in frames_of_file:
            origin = coded(np.zeros(len(frame), dtype=np.intp), name, frame.index)
            frame, info = split_hidden(frame.assign(**{SOURCE_FILE: origin}))
            pieces.setdefault(fm.record_type, []).append(frame)
            if info is not None:
                infos.append(info)
        report.files.append(file_report)
    if "barn" not in pieces and infos:
        code = kommunkod if kommunkod is not None else prof.kommunkod
        pieces["barn"] = [derive_barn(infos, kommunkod=code)]
        report.derived["barn"] = (
            f"{DERIVED_FROM} (fodelsear, kon), kommunkod {code or 'saknas / missing'}"
        )
    frames = {}
    for rt in cat.record_types:
        if rt.id in pieces:
            order = [*rt.key_fields, *(v.id for v in cat.variables_of(rt.id)), SOURCE_FILE]
            frames[rt.id] = _as_text(pd.concat(pieces[rt.id]), order)
    _ages_at_the_border(cat, frames, births)
    source = ", ".join(redact(p.name) for p in path_list)
    return Dataset(frames, catalog=cat, source=source), report


def _ages_at_the_border(
    cat: Catalog, frames: dict[str, pd.DataFrame], births: list[pd.Series]
) -> None:
    """Age-based derived variables (``alder(date)``) the export lacks, exact at the border.

    The birth dates come from the identity numbers before pseudonymisation (kept in
    memory by pseudonym only during the import), so the age is exact, not from the year.
    """
    if not births:
        return
    born: pd.Series | None = None  # built when a variable needs it (most exports have ages)
    for v in cat.variables:
        text = (v.derivation or "").strip()
        frame = frames.get(v.record_type)
        if not (text.startswith("alder(") and text.endswith(")")) or frame is None:
            continue
        at = text[len("alder(") : -1].strip()
        if at not in frame.columns or "barn_id" not in frame.columns or not _empty(frame, v.id):
            continue
        if born is None:
            born = pd.concat(births)
            born = born[~born.index.duplicated()]
        looked = born.reindex(pd.Index(frame["barn_id"].to_numpy(dtype=object))).to_numpy()
        birth = pd.to_datetime(
            pd.Series(looked, index=frame.index), format="%Y-%m-%d", errors="coerce"
        )
        ref = pd.to_datetime(frame[at], format="%Y-%m-%d", errors="coerce")
        frames[v.record_type] = frame.assign(**{v.id: _age(birth, ref)})
