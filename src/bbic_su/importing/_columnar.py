r"""Columnar reading of a CSV export with pyarrow, streamed in blocks, rows numbered exactly.

>>> import tempfile
>>> from pathlib import Path
>>> from bbic_su.importing._columnar import read_columnar
>>> from bbic_su.frames._readers import open_export
>>> f = Path(tempfile.mkdtemp()) / "export.csv"
>>> text = "Titel\r\nKön;Född\r\nFlicka;2015\r\n\r\n Pojke ;2016;x\r\n;2017\r\n"
>>> _ = f.write_bytes(text.encode("cp1252"))
>>> src = open_export(f, expected=["Kön", "Född"])
>>> got = read_columnar(f, src, [0, 1])
>>> [(c.index.tolist(), c[0].tolist(), c[1].tolist()) for c in got.chunks]
[([1, 4], ['Flicka', ''], ['2015', '2017'])]
>>> (got.rows_read, got.blank_rows, [(r.row, r.reason) for r in got.rejected])
(3, 1, [(3, 'ragged-row')])

:func:`read_columnar` gives what the row-by-row reader of :mod:`bbic_su.frames._readers`
gives (the same cells, stripped, an empty cell an empty string, which later
steps take as missing; the same data-row numbers; the same blank and ragged
rows), as chunks of text columns: Arrow
strings where pandas has them (their dictionary encoding gives every later
step the distinct values), else categorical (one category per distinct
value). Only ASCII-compatible encodings are read this way (a line break is
then the byte ``\n`` or ``\r``). Rows whose number of cells differs from the
usual one (pyarrow's invalid rows) are parsed by :mod:`csv` one by one. The
row numbers are exact only when no line break sits inside a quoted cell; that
is proven afterwards by counting the file's line breaks against the rows read,
and, in a file with quotes, by checking with Arrow's regular expressions that
every line is whole cells, each quoted all through or holding no quote;
when it does not hold (or pyarrow cannot read the file at all),
:class:`Unproven` is raised and the caller reads the file row by row instead.
"""

from __future__ import annotations

import codecs
import csv
import itertools
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from bbic_su.frames._readers import Export
from bbic_su.frames._threads import read_ahead
from bbic_su.importing._values import ARROW_TEXT, TEXT, arrow_text
from bbic_su.importing.report import RejectedRow

__all__ = ["BLOCK_BYTES", "Columnar", "Unproven", "read_columnar"]

BLOCK_BYTES = 8 << 20
"""Bytes of the file in one chunk of rows, at most: memory does not grow with the file."""
_READ_BYTES = 1 << 20  # pyarrow parses blocks of this size; a chunk joins up to 8 of them
_ASCII_COMPATIBLE = frozenset(
    {"utf-8", "utf-8-sig", "cp1252", "iso8859-1", "iso8859-15", "cp850", "cp437", "ascii"}
)
_SAMPLE_ROWS = 200


class Unproven(Exception):
    """The columnar reader cannot prove exact rows for this file; read it row by row."""


@attrs.define
class Columnar:
    """The file's data rows as a stream of chunks, and the accounts of the rows.

    The accounts are complete once :attr:`chunks` is exhausted; the stream raises
    :class:`Unproven` (at its end at the latest) when the numbering cannot be proven,
    and then every chunk already taken must be dropped.
    """

    chunks: Iterator[pd.DataFrame]
    rows_read: int = 0
    blank_rows: int = 0
    rejected: list[RejectedRow] = attrs.field(factory=list)


def _line_breaks(path: Path) -> tuple[int, int]:
    """Lines in the file (LF, CR LF and a lone CR end one; the last may have no end) and quotes."""
    lines, quotes, cr_pending, last = 0, 0, False, b""
    with path.open("rb") as fh:
        while block := fh.read(1 << 20):
            if cr_pending and not block.startswith(b"\n"):
                lines += 1
            lines += block.count(b"\n")
            if b"\r" in block:
                lines += block.count(b"\r") - block.count(b"\r\n")
            quotes += block.count(b'"')
            cr_pending = block.endswith(b"\r")
            if cr_pending:
                lines -= 1
            last = block[-1:]
    if cr_pending:
        lines += 1
    return lines + (1 if last and last not in b"\r\n" else 0), quotes


def _quotes_well_formed(path: Path, src: Export) -> bool:
    """True when every line is whole cells, each quoted all through or holding no quote.

    Then no quoted cell spans lines and both readers unquote alike; checked by Arrow's
    regular expressions over the file's lines, streamed.
    """
    d = re.escape(src.delimiter or ",")
    cell = f'(?:"(?:[^"]|"")*"|[^"{d}]*)'
    shape = f"^{cell}(?:{d}{cell})*$"
    enc = codecs.lookup(src.encoding or "utf-8").name
    lines = pacsv.open_csv(
        path,
        read_options=pacsv.ReadOptions(
            column_names=["line"],
            use_threads=False,
            block_size=BLOCK_BYTES,
            encoding="utf8" if enc.startswith("utf-8") else enc,
        ),
        parse_options=pacsv.ParseOptions(
            delimiter="\x1f", quote_char=False, ignore_empty_lines=False
        ),
        convert_options=pacsv.ConvertOptions(
            column_types={"line": pa.string()}, strings_can_be_null=False
        ),
    )
    for batch in lines:
        text = batch.column(0)
        if len(text) and not pc.all(pc.match_substring_regex(text, shape)).as_py():
            return False
    return True


def _usual_width(src: Export, width: int) -> tuple[int, list[tuple[int, list[str | None]]]]:
    """Cells per row in most of the first rows (at least the header's), and those rows."""
    sample = list(itertools.islice(src.rows, _SAMPLE_ROWS))
    counts = [len(cells) for _, cells in sample if any(cells)]
    usual = max(set(counts), key=counts.count) if counts else width
    return max(usual, width), sample


def _cells(text: str, delimiter: str) -> list[str | None]:
    try:
        row = next(csv.reader([text], delimiter=delimiter), [])
    except csv.Error:  # a cell over csv's size limit: the row reader reports it, with its row
        raise Unproven from None
    return [c.strip() or None for c in row]


def read_columnar(
    path: Path, src: Export, wanted: Sequence[int], *, block_bytes: int = BLOCK_BYTES
) -> Columnar:
    """Read the data rows of an opened CSV export (see the module docstring).

    Args:
        path: The file.
        src: The export as opened by :func:`~bbic_su.frames._readers.open_export` (its rows
            are consumed only for a sample).
        wanted: Positions of the columns to return (the others are read for blank and
            ragged rows only).
        block_bytes: Bytes per chunk.

    Raises:
        Unproven: Read the file row by row instead.
    """
    enc = codecs.lookup(src.encoding or "utf-8").name
    if src.kind != "csv" or src.delimiter is None or enc not in _ASCII_COMPATIBLE:
        raise Unproven
    width = len(src.header)
    usual, _sample = _usual_width(src, width)
    delim = src.delimiter
    with path.open("rb") as fh:
        head = fh.read(1 << 20).splitlines(keepends=True)[: src.header_row]
    above = [line.decode(src.encoding or "utf-8", errors="replace") for line in head]
    if len(list(csv.reader(above, delimiter=delim))) != src.header_row:
        raise Unproven  # a line break inside a quoted cell above the data
    out = Columnar(iter(()))
    # parsed, trimmed and checked for blank and ragged rows in a worker thread while
    # the caller maps the chunk before (Arrow's kernels release the GIL)
    out.chunks = read_ahead(_stream(path, src, out, wanted, usual, block_bytes))
    return out


def _proven(path: Path, src: Export, rows: int) -> None:
    """Raise :class:`Unproven` unless each row read is one line of the file.

    That is: no line break in a quoted cell, and the quotes well formed. Checked after
    the last chunk, in the worker thread.
    """
    try:
        lines, quotes = _line_breaks(path)
        if quotes and not _quotes_well_formed(path, src):
            raise Unproven  # quotes inside cells, or a quote never closed
    except (pa.ArrowException, UnicodeError, OSError):
        raise Unproven from None
    if lines != src.header_row + rows:
        raise Unproven  # a line break inside a quoted cell


def _grouped(batches: Iterator[Any], most: int) -> Iterator[Any]:
    """Batches joined into tables of 1, 2, 4, … and then ``most`` batches each.

    The first chunk is ready soon after the file is opened; the later ones are large.
    """
    size, group = 1, []
    for batch in batches:
        group.append(batch)
        if len(group) >= size:
            yield _joined(group)
            group, size = [], min(2 * size, most)
    if group:
        yield _joined(group)


def _joined(batches: list[Any]) -> Any:
    """One table of ``batches``, each column one array (so later steps copy none)."""
    table = pa.Table.from_batches(batches)
    return table if len(batches) == 1 else table.combine_chunks()


def _stream(
    path: Path,
    src: Export,
    out: Columnar,
    wanted: Sequence[int],
    usual: int,
    block_bytes: int,
) -> Iterator[pd.DataFrame]:
    """The chunks, block by block; rows of another width are parsed one by one."""
    odd: list[tuple[int, str]] = []

    def invalid(row: Any) -> str:
        if row.number is None:
            raise Unproven
        odd.append((int(row.number) - src.header_row, str(row.text)))
        return "skip"

    enc = codecs.lookup(src.encoding or "utf-8").name
    names = [f"c{i}" for i in range(usual)]
    width, delim = len(src.header), src.delimiter or ","
    valid_seen = used_odd = 0
    read = min(block_bytes, _READ_BYTES)
    try:
        reader = pacsv.open_csv(
            path,
            read_options=pacsv.ReadOptions(
                skip_rows=src.header_row,
                column_names=names,
                use_threads=False,
                block_size=read,
                encoding="utf8" if enc.startswith("utf-8") else enc,
            ),
            parse_options=pacsv.ParseOptions(
                delimiter=delim, ignore_empty_lines=False, invalid_row_handler=invalid
            ),
            convert_options=pacsv.ConvertOptions(
                column_types={n: pa.string() for n in names},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
        for batch in _grouped(reader, max(1, block_bytes // read)):
            n = batch.num_rows
            known = np.array(sorted(r for r, _ in odd), dtype=np.int64)
            gaps = known - np.arange(len(known))
            ordinal = np.arange(valid_seen + 1, valid_seen + n + 1)
            rows = ordinal + np.searchsorted(gaps, ordinal, side="right")
            valid_seen += n
            last = int(rows[-1]) if n else 0
            odd.sort()
            mine = [o for o in odd[used_odd:] if o[0] < last]
            used_odd += len(mine)
            chunk = _chunk(batch, rows, mine, wanted, width, delim, out)
            if len(chunk):
                yield chunk
    except (pa.ArrowException, UnicodeError, OSError):
        raise Unproven from None
    mine = sorted(odd)[used_odd:]
    if mine:
        empty = pa.record_batch([pa.array([], pa.string())] * width, names=names[:width])
        chunk = _chunk(empty, np.zeros(0, np.int64), mine, wanted, width, delim, out)
        if len(chunk):
            yield chunk
    _proven(path, src, valid_seen + len(odd))


def _chunk(
    batch: Any,
    rows: np.ndarray,
    odd: list[tuple[int, str]],
    wanted: Sequence[int],
    width: int,
    delimiter: str,
    out: Columnar,
) -> pd.DataFrame:
    """One chunk: blank rows dropped, ragged rows rejected, odd rows parsed and merged."""
    trimmed: dict[int, Any] = {}  # stripped text; an empty string is a blank cell

    def trim(i: int, rows_of: Any = None) -> Any:
        col = batch.column(i) if rows_of is None else batch.column(i).take(rows_of)
        return pc.utf8_trim_whitespace(col)

    def full(col: Any) -> np.ndarray:
        return np.asarray(pc.greater(pc.binary_length(col), 0), dtype=bool)

    for i in [*wanted, *range(width, batch.num_columns)]:
        trimmed[i] = trim(i)
    filled = np.zeros(len(rows), dtype=bool)  # a row with a cell that is not blank
    for i in wanted:
        filled |= full(trimmed[i])
    for i in range(batch.num_columns):  # the other columns, for the rows still undecided
        unsure = np.flatnonzero(~filled)
        if not len(unsure):
            break
        if i not in trimmed:
            filled[unsure] |= full(trim(i, pa.array(unsure)))
        else:
            filled |= full(trimmed[i])
    ragged = None
    for i in range(width, batch.num_columns):
        ragged = full(trimmed[i]) if ragged is None else ragged | full(trimmed[i])
    blank = ~filled
    keep = ~blank
    out.blank_rows += int(blank.sum())
    out.rows_read += int(keep.sum())
    if ragged is not None:
        ragged &= keep
        out.rejected.extend(RejectedRow(int(r), "ragged-row") for r in rows[ragged])
        keep &= ~ragged
    take = None if keep.all() else pa.array(np.flatnonzero(keep))
    index = pd.Index(rows[keep], dtype="int64")
    columns: dict[int, pd.Series] = {}
    for pos in wanted:
        kept = trimmed[pos] if take is None else trimmed[pos].take(take)
        if ARROW_TEXT:  # empty strings stay: the distinct values make them missing
            columns[pos] = arrow_text(kept, index)
            continue
        kept = pc.if_else(pc.equal(pc.binary_length(kept), 0), None, kept)
        encoded = pc.dictionary_encode(kept)
        codes = np.asarray(encoded.indices.fill_null(-1), dtype=np.int64)
        cats = pd.Index(np.asarray(encoded.dictionary.to_pylist(), dtype=object), dtype=object)
        categorical = pd.Categorical.from_codes(codes, dtype=pd.CategoricalDtype(cats))
        columns[pos] = pd.Series(categorical, index=index)
    frame = pd.DataFrame(columns, index=index)
    extra_rows, extra_cells = [], []
    for n, text in odd:
        cells = _cells(text, delimiter)
        if not any(cells):
            out.blank_rows += 1
            continue
        out.rows_read += 1
        if len(cells) > width and any(cells[width:]):
            out.rejected.append(RejectedRow(n, "ragged-row"))
            continue
        cells = cells[:width] + [None] * (width - len(cells))
        extra_rows.append(n)
        extra_cells.append([cells[p] for p in wanted])
    if not extra_rows:
        return frame
    extra = pd.DataFrame(extra_cells, columns=list(wanted), index=extra_rows, dtype=object)
    merged = pd.concat([frame.astype(object), extra]).sort_index(kind="stable")
    return merged.astype(TEXT if ARROW_TEXT else "category")
