"""The kravbilaga's HTML, XLSX and DOCX files (see :mod:`bbic_su.conformance.kravbilaga`).

>>> import bbic_su
>>> from bbic_su.conformance.kravbilaga import front_matter, rows
>>> from bbic_su.conformance._kravbilaga_files import to_html
>>> page = to_html(front_matter(bbic_su.catalog()), rows(bbic_su.catalog()))
>>> page.startswith("<!DOCTYPE html>") and '<html lang="sv">' in page
True

Each writer is deterministic (fixed zip entry times and document dates), so the
same catalogue and plan give byte-identical files.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import zipfile
from typing import Any

from bbic_su.errors import KravbilagaError

__all__ = ["COLUMNS", "normalise_zip", "to_docx", "to_html", "to_xlsx"]

COLUMNS: tuple[str, ...] = (
    "Krav-id",
    "Typ",
    "Kravtext",
    "Namn",
    "Definition",
    "Värdemängd och koder",
    "Status",
    "Kodernas status",
    "Källor",
    "Lagrum (status)",
    "Verifieras genom",
    "Posttyp",
    "Variabel",
)
"""The columns of every requirement row, in order."""

Front = tuple[tuple[str, str], ...]
Table = tuple[tuple[str, ...], ...]

_WIDTHS = (26, 11, 70, 28, 50, 50, 14, 22, 30, 50, 22, 14, 28)
_STYLE = (
    "body{font-family:system-ui,sans-serif;margin:2em;max-width:110em}"
    "table{border-collapse:collapse;font-size:.85em}"
    "th,td{border:1px solid #bbb;padding:.3em .5em;vertical-align:top;text-align:left}"
    "dt{font-weight:bold;margin-top:.5em}"
)


def _missing(package: str, extra: str) -> Exception:
    return KravbilagaError(
        f"formatet kräver paketet {package}: installera det med pip install 'bbic-su[{extra}]'"
    )


def to_html(front: Front, table: Table) -> str:
    """A self-contained Swedish HTML page: front matter, then one table row per requirement."""
    e = html.escape
    title = dict(front)["Titel"]
    body = [f"<h1>{e(title)}</h1>", "<dl>"]
    for label, text in front[1:]:
        value = f'<a href="{e(text)}">{e(text)}</a>' if text.startswith("https://") else e(text)
        body.append(f"<dt>{e(label)}</dt><dd>{value}</dd>")
    body += ["</dl>", "<table>", "<tr>" + "".join(f"<th>{e(c)}</th>" for c in COLUMNS) + "</tr>"]
    for row in table:
        cells = "".join(f"<td>{e(v)}</td>" for v in row)
        body.append(f'<tr id="{e(row[0])}">{cells}</tr>')
    body.append("</table>")
    return (
        '<!DOCTYPE html>\n<html lang="sv">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{e(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


def to_xlsx(front: Front, table: Table) -> bytes:
    """Two sheets: «Om kravbilagan» (front matter) and «Kravbilaga» (rows, filterable)."""
    try:
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font
        from openpyxl.utils import get_column_letter
        from openpyxl.writer.excel import ExcelWriter
    except ImportError:
        raise _missing("openpyxl", "excel") from None
    wb = Workbook()
    about = wb.active
    about.title = "Om kravbilagan"
    wrap = Alignment(wrap_text=True, vertical="top")
    for label, text in front:
        about.append([label, text])
    for cell in about["A"]:
        cell.font = Font(bold=True)
    for row in about.iter_rows():
        for cell in row:
            cell.alignment = wrap
    about.column_dimensions["A"].width = 24
    about.column_dimensions["B"].width = 120
    ws = wb.create_sheet("Kravbilaga")
    ws.append(COLUMNS)
    for r in table:
        ws.append(list(r))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = wrap
    for i, width in enumerate(_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    _fixed_properties(wb.properties)
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    return normalise_zip(raw.getvalue())


def _fixed_properties(props: Any) -> None:
    fixed = dt.datetime(2000, 1, 1)
    props.creator = "bbic-su"
    props.created = fixed
    props.modified = fixed
    if hasattr(props, "last_modified_by"):
        props.last_modified_by = "bbic-su"


def to_docx(front: Front, table: Table) -> bytes:
    """A Word document: title, front matter, then per requirement a small table."""
    try:
        import docx
        from docx.enum.section import WD_ORIENT
        from docx.shared import Cm
    except ImportError:
        raise _missing("python-docx", "docx") from None
    doc = docx.Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(1.5))
    doc.core_properties.language = "sv-SE"
    _fixed_properties(doc.core_properties)
    doc.add_heading(dict(front)["Titel"], level=0)
    for label, text in front[1:]:
        para = doc.add_paragraph()
        para.add_run(f"{label}: ").bold = True
        para.add_run(text)
    doc.add_heading("Krav", level=1)
    for row in table:
        doc.add_heading(f"{row[0]} ({row[1]})", level=2)
        grid = doc.add_table(rows=0, cols=2)
        grid.style = "Table Grid"
        for name, value in zip(COLUMNS[2:], row[2:], strict=True):
            if value:
                cells = grid.add_row().cells
                cells[0].text, cells[1].text = name, value
    raw = io.BytesIO()
    doc.save(raw)
    return normalise_zip(raw.getvalue())


def normalise_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed entry timestamps and fixed core-properties dates."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                for tag in (rb"dcterms:modified", rb"dcterms:created"):
                    content = re.sub(
                        rb"(<" + tag + rb"[^>]*>)[^<]*", rb"\g<1>2000-01-01T00:00:00Z", content
                    )
            fixed = zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, content)
    return out.getvalue()
