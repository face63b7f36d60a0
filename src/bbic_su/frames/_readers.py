r"""Readers of vendor exports: CSV (encoding and delimiter detection) and ``.xlsx``, streamed.

>>> import tempfile
>>> from pathlib import Path
>>> from bbic_su.frames._readers import open_export
>>> f = Path(tempfile.mkdtemp()) / "export.csv"
>>> _ = f.write_bytes("Kön;Född\r\nFlicka;2015\r\n".encode("cp1252"))
>>> src = open_export(f, expected=["Kön"])
>>> (src.encoding, src.delimiter, src.header)
('cp1252', ';', ['Kön', 'Född'])
>>> list(src.rows)
[(1, ['Flicka', '2015'])]

Detection, in order: the file's first bytes (a ZIP container is read as a
workbook whatever its name; an old ``.xls`` or a file with NUL bytes that is not
UTF-16 text is refused as binary), a byte-order mark (UTF-8, UTF-16), UTF-16
without a mark, strict UTF-8, cp1252, and, only
when neither fits, ``charset-normalizer`` (extra ``import``) or latin-1. Short
Swedish samples are too small for statistical detection to tell cp1252 from
cp850 or cp1250, so the common encodings are tried strictly first; give
``encoding`` in the profile for anything else. The delimiter (``;``, ``,``,
tab) is sniffed with :class:`csv.Sniffer` and checked against the header line.
``bbic-su profile draft`` and ``import`` share this detection; when a profile names
an encoding and the file is plainly another (a byte-order mark, UTF-16, or UTF-8
text under a one-byte encoding), the message names both.

Rows are streamed: :attr:`Export.rows` yields ``(row_number, cells)`` one row at
a time, so a file of any size is read in constant memory. ``row_number``
counts data rows from 1 (the header and any title block above it excluded;
a quoted newline does not start a new row). Cells are stripped; an empty cell
is ``None``. The header row is ``header_row`` when given, otherwise the first
of the first 30 rows naming most of the expected columns (so a title block
above the header is skipped), else row 1.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import itertools
import math
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs

from bbic_su.errors import BbicSuError

__all__ = ["Export", "ExportReadError", "open_export", "text_encoding"]

SAMPLE_BYTES = 1 << 16
HEADER_SCAN_ROWS = 30
_CANDIDATES = ";,\t"


class ExportReadError(BbicSuError, ValueError):
    """An export cannot be read at all (empty, binary, wrong encoding, broken CSV)."""


@attrs.define
class Export:
    """An opened export: how it was read, its header and a stream of data rows."""

    name: str
    kind: str
    encoding: str | None
    delimiter: str | None
    sheet: str | None
    header_row: int
    header: list[str]
    rows: Iterator[tuple[int, list[str | None]]]


def text_encoding(name: str) -> bool:
    r"""True when ``name`` is a codec that decodes bytes to text, line by line.

    ``rot13``, ``base64``, ``hex`` and the like are codecs but not text
    encodings; ``idna`` decodes host names only.

    >>> text_encoding("cp1252"), text_encoding("base64"), text_encoding("utf-8\x00")
    (True, False, False)
    """
    try:
        info = codecs.lookup(name)
        if not getattr(info, "_is_text_encoding", True):
            return False
        codecs.getincrementaldecoder(name)(errors="replace").decode(b"", final=True)
    except (LookupError, ValueError, TypeError):  # UnicodeError is a ValueError
        return False
    return True


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def _cell(value: str) -> str | None:
    text = value.strip()
    return text or None


def detect_encoding(sample: bytes, name: str, *, whole: bool = False) -> str:
    """The encoding of a CSV sample (see the module docstring).

    With ``whole`` (the sample is the whole file) a UTF-8 sequence cut at the end is an
    error, not the sample's cut: ``b"A;B\\n\\xe5"`` is cp1252, not UTF-8.
    """
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in sample:
        wide = _utf16_without_bom(sample)
        if wide is None:
            raise ExportReadError(f"{name}: a binary file, not a CSV text file")
        return wide
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=whole)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        sample.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        pass
    try:
        from charset_normalizer import from_bytes
    except ImportError:
        return "latin-1"
    best = from_bytes(sample).best()
    return best.encoding if best is not None else "latin-1"


def _utf16_without_bom(sample: bytes) -> str | None:
    """``utf-16-le``/``-be`` when every other byte is NUL (UTF-16 text without a BOM)."""
    even, odd = sample[0::2], sample[1::2]
    if len(sample) >= 4 and odd.count(0) >= 0.9 * len(odd) and b"\x00" not in even:
        return "utf-16-le"
    if len(sample) >= 4 and even.count(0) >= 0.9 * len(even) and b"\x00" not in odd:
        return "utf-16-be"
    return None


def _same_codec(a: str, b: str) -> bool:
    names = {codecs.lookup(x).name for x in (a, b)}
    return len(names) == 1 or names <= {"utf-8", "utf-8-sig"}


def check_encoding(sample: bytes, encoding: str, name: str, *, whole: bool = False) -> None:
    """Refuse a file whose encoding plainly differs from the profile's, naming both.

    Plain means: a byte-order mark or UTF-16 text, or text that is valid UTF-8 with
    non-ASCII characters while the profile names a one-byte encoding (cp1252, latin-1).
    """
    try:
        found = detect_encoding(sample, name, whole=whole)
    except ExportReadError:
        return  # binary: reported as such by the reader
    marked = sample.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    plain = marked or found.startswith("utf-16")
    if found == "utf-8" and not sample.isascii():
        plain = codecs.lookup(encoding).name not in ("utf-8", "utf-8-sig", "utf-16")
    if plain and not _same_codec(found, encoding):
        raise ExportReadError(
            f"{name}: the file is {found} text but the profile says encoding {encoding}; "
            f"set 'encoding: {found}' (or 'auto') in the profile"
        )


def sniff_delimiter(text: str) -> str:
    """The delimiter of a CSV sample: :class:`csv.Sniffer`, checked against the header."""
    lines = text.splitlines()[:50]
    # the header: the first line holding the most candidate delimiters (skips a title block)
    most = max((sum(ln.count(d) for d in _CANDIDATES) for ln in lines), default=0)
    first = next((ln for ln in lines if sum(ln.count(d) for d in _CANDIDATES) == most), "")
    counts = {d: first.count(d) for d in _CANDIDATES}
    try:
        found = csv.Sniffer().sniff("\n".join(lines), delimiters=_CANDIDATES).delimiter
    except csv.Error:
        found = ""
    if found and counts.get(found, 0) > 0:
        return found
    best = max(_CANDIDATES, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


def _pick_header(peeked: Sequence[Sequence[str | None]], expected: Sequence[str]) -> int:
    """0-based index of the header among ``peeked`` rows."""
    wanted = {_fold(e) for e in expected}
    best, best_hits = 0, 0
    for i, row in enumerate(peeked):
        hits = len(wanted & {_fold(c) for c in row if c})
        if hits > best_hits:
            best, best_hits = i, hits
    return best


def _finish(
    name: str,
    kind: str,
    rows: Iterator[list[str | None]],
    header_row: int | None,
    expected: Sequence[str],
    **how: Any,
) -> Export:
    if header_row is not None:
        skipped = list(itertools.islice(rows, header_row - 1))
        head = next(rows, None)
        if head is None:
            raise ExportReadError(
                f"{name}: no row {header_row} for the header ({len(skipped)} rows)"
            )
        idx, peeked = header_row - 1, [head]
    else:
        peeked = list(itertools.islice(rows, HEADER_SCAN_ROWS))
        if not peeked:
            raise ExportReadError(f"{name}: empty file (a header row is needed)")
        idx = _pick_header(peeked, expected)
        head, peeked = peeked[idx], peeked[idx:]
    header = [c or "" for c in head]
    while header and header[-1] == "":
        header.pop()
    if not header:
        raise ExportReadError(f"{name}: the header row is empty")

    def data() -> Iterator[tuple[int, list[str | None]]]:
        yield from enumerate(itertools.chain(peeked[1:], rows), start=1)

    return Export(
        name,
        kind,
        how.get("encoding"),
        how.get("delimiter"),
        how.get("sheet"),
        idx + 1,
        header,
        data(),
    )


def _csv_rows(path: Path, encoding: str, delimiter: str) -> Iterator[list[str | None]]:
    name = path.name
    n = 0
    try:
        with path.open(encoding=encoding, errors="strict", newline="") as fh:
            for n, row in enumerate(csv.reader(fh, delimiter=delimiter), start=1):  # noqa: B007
                yield [_cell(c) for c in row]
    except UnicodeError:  # also UTF-16 without a byte-order mark
        raise ExportReadError(
            f"{name}: not valid {encoding} text (near row {n + 1}); set 'encoding' in the profile"
        ) from None
    except csv.Error as exc:
        raise ExportReadError(f"{name}: not well-formed CSV near row {n + 1}: {exc}") from None


def _xlsx_cell(value: object) -> str | None:
    """A workbook cell (as openpyxl gives it: Python scalars only) as export text."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return _cell(str(value))


def _xlsx_rows(path: Path, sheet: str | None) -> tuple[str, Iterator[list[str | None]]]:
    try:
        import openpyxl
    except ImportError:  # pragma: no cover - depends on the environment
        raise ExportReadError(
            "reading .xlsx needs openpyxl: pip install 'bbic-su[excel]'"
        ) from None
    fh = path.open("rb")  # a file object: openpyxl refuses names not ending in .xlsx
    try:
        book = openpyxl.load_workbook(fh, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many unrelated types for a bad file
        fh.close()
        raise ExportReadError(
            f"{path.name}: not a readable .xlsx workbook ({type(exc).__name__})"
        ) from None
    names = list(book.sheetnames)

    def close() -> None:
        book.close()
        fh.close()

    if sheet is not None and sheet not in names:
        close()
        raise ExportReadError(f"{path.name}: no sheet {sheet!r} (sheets: {', '.join(names)})")
    if not names:
        close()
        raise ExportReadError(f"{path.name}: the workbook has no sheets")
    ws = book[sheet if sheet is not None else names[0]]

    def rows() -> Iterator[list[str | None]]:
        n = 0
        try:
            for n, values in enumerate(ws.iter_rows(values_only=True), start=1):  # noqa: B007
                yield [_xlsx_cell(v) for v in values]
        except Exception as exc:  # a damaged member (bad CRC, bad XML) fails while rows are read
            raise ExportReadError(
                f"{path.name}: the workbook is damaged near row {n + 1} ({type(exc).__name__})"
            ) from None
        finally:
            close()

    return ws.title, rows()


def open_export(
    path: Path,
    *,
    expected: Sequence[str] = (),
    encoding: str = "auto",
    delimiter: str = "auto",
    sheet: str | None = None,
    header_row: int | None = None,
) -> Export:
    """Open a CSV or ``.xlsx`` export for streaming.

    Args:
        path: The file.
        expected: Column names the header should contain (to find it below a title).
        encoding: A codec name or ``auto``.
        delimiter: A delimiter or ``auto``.
        sheet: The workbook sheet (default: the first).
        header_row: 1-based header row; ``None`` to find it.

    Raises:
        ExportReadError: The file is missing, empty, binary or not decodable.
    """
    name = path.name
    try:
        with path.open("rb") as fh:
            sample = fh.read(SAMPLE_BYTES)
    except OSError as exc:
        raise ExportReadError(f"{name}: cannot read: {exc.strerror}") from None
    if not sample:
        raise ExportReadError(f"{name}: empty file (a header row is needed)")
    if sample.startswith(b"PK\x03\x04"):
        title, xrows = _xlsx_rows(path, sheet)
        return _finish(name, "xlsx", xrows, header_row, expected, sheet=title)
    if sample.startswith(b"\xd0\xcf\x11\xe0"):
        raise ExportReadError(
            f"{name}: an old .xls workbook (or other binary file); save it as .xlsx or CSV"
        )
    if encoding != "auto" and not text_encoding(encoding):
        raise ExportReadError(f"{name}: {encoding!r} is not a text encoding")
    whole = len(sample) < SAMPLE_BYTES
    if encoding != "auto":
        check_encoding(sample, encoding, name, whole=whole)
    enc = detect_encoding(sample, name, whole=whole) if encoding == "auto" else encoding
    try:
        text = sample.decode(enc, errors="replace")
    except UnicodeError:  # e.g. UTF-16 without a byte-order mark
        raise ExportReadError(
            f"{name}: not valid {enc} text; set 'encoding' in the profile"
        ) from None
    if len(sample) == SAMPLE_BYTES:
        text = text.rsplit("\n", 1)[0]
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\r\n")
    if controls > max(2, len(text) // 100):
        raise ExportReadError(f"{name}: a binary file, not a CSV text file")
    delim = sniff_delimiter(text) if delimiter == "auto" else delimiter
    rows = _csv_rows(path, enc, delim)
    return _finish(name, "csv", rows, header_row, expected, encoding=enc, delimiter=delim)
