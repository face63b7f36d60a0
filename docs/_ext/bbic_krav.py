"""The tender annex (kravbilaga): requirement list, its page, and its xlsx and csv files.

The requirements themselves come from :func:`bbic_su.requirements.requirements`
(one source for this page, its files and ``bbic-su conformance``);
:func:`requirements` here turns each into a :class:`Requirement` row of the
annex. General requirements have fixed ids (``BBIC-SU-KRAV-001``…) that are
never renumbered or reused; record types and variables use their catalogue
requirement ids (``BBIC-SU-RT-…``, ``BBIC-SU-VAR-…``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile

import attrs
from bbic_rst import (
    PROVISIONAL_TITLE,
    STATUS_SV,
    admonition,
    badge,
    esc,
    heading,
    label,
    link,
    page,
)

import bbic_su.requirements as _library
from bbic_su import Catalog, requirement_id
from bbic_su.requirements import GENERAL, KIND_SV

COLUMNS = ("Krav-id", "Typ", "Posttyp", "Variabel", "Värdemängd", "Kravtext", "Status", "Källor")
WIDTHS = (26, 12, 16, 34, 30, 90, 14, 40)


@attrs.frozen
class Requirement:
    """One row of the tender annex."""

    id: str
    type: str
    record_type: str
    variable: str
    value_set: str
    text: str
    status: str
    sources: str

    def row(self) -> tuple[str, ...]:
        """The row in :data:`COLUMNS` order."""
        return (
            self.id,
            self.type,
            self.record_type,
            self.variable,
            self.value_set,
            self.text,
            self.status,
            self.sources,
        )


def _row(req: _library.Requirement) -> Requirement:
    return Requirement(
        req.id,
        KIND_SV[req.kind],
        req.record_type or "",
        req.variable or "",
        req.value_set_requirement_id or "",
        req.text_sv,
        STATUS_SV.get(req.status, req.status) if req.status else "",
        "; ".join(req.sources),
    )


def requirements(cat: Catalog) -> list[Requirement]:
    """All requirements: general ones, then per record type its own and its variables'."""
    return [_row(r) for r in _library.requirements(cat)]


# ----------------------------------------------------------------------- files


def to_csv(reqs: list[Requirement]) -> bytes:
    """UTF-8 with BOM, ``;`` separated, CRLF line ends (what Swedish Excel expects)."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(r.row() for r in reqs)
    return buf.getvalue().encode("utf-8-sig")


_FIXED = dt.datetime(2000, 1, 1)  # constant, for reproducible files


def to_xlsx(reqs: list[Requirement]) -> bytes:
    """The requirement list as a workbook; byte-identical for identical input."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.writer.excel import ExcelWriter

    wb = Workbook()
    ws = wb.active
    ws.title = "Kravbilaga"
    ws.append(COLUMNS)
    for r in reqs:
        ws.append(r.row())
    for cell in ws[1]:
        cell.font = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = wrap
    for i, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    wb.properties.creator = "bbic-su"
    wb.properties.created = _FIXED
    wb.properties.modified = _FIXED
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    return _normalise_zip(raw.getvalue())


def _normalise_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed entry timestamps and a fixed core-properties date."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2000-01-01T00:00:00Z", content
                )
            fixed = zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, content)
    return out.getvalue()


# ------------------------------------------------------------------------ page


def _req_block(req: Requirement, body: str, status: str | None) -> list[str]:
    target = req.id if req.type == "Allmänt" else f"krav-{req.id}"
    head = f"**{esc(req.id)}**"
    if status:
        head += " " + badge(status)
    return [label(target), "", head, "", f"   {body}", ""]


def kravbilaga_page(cat: Catalog, reqs: list[Requirement]) -> str:
    """The Swedish ``kravbilaga`` page (reST)."""
    by_id = {r.id: r for r in reqs}
    n_prov = sum(1 for r in reqs if r.status == STATUS_SV.get("provisional", "provisional"))
    lines = [
        label("bbic-kravbilaga"),
        "",
        *heading("Kravbilaga för upphandling"),
        "Den här sidan är skriven för att klistras in i ett förfrågningsunderlag. Varje krav "
        "har ett stabilt krav-id som kan citeras i anbud, avtal och vid leveranskontroll. "
        f"Katalogens version: {esc(cat.spec.version)} ({esc(cat.spec.date)}).",
        "",
        *admonition(
            "important",
            [
                "Katalogen är en rekonstruktion från offentliga källor och inte Socialstyrelsens "
                "officiella variabelbilaga. BBIC är Socialstyrelsens varumärke; bbic-su är ett "
                f"fristående projekt. {n_prov} krav gäller preliminära poster och är markerade "
                f"{badge('provisional')}; de kan behöva ändras när den officiella bilagan finns.",
            ],
            title="Inte officiell",
        ),
        "Samma kravlista kan laddas ned som "
        ":download:`Excel-fil (kravbilaga.xlsx) <kravbilaga.xlsx>` eller "
        ":download:`CSV-fil för svensk Excel (kravbilaga.csv) <kravbilaga.csv>` "
        "(UTF-8, semikolonavgränsad). Läs också "
        + ":doc:`upphandlingsguiden </guides/procurement>`.",
        "",
        *heading("Allmänna krav", "-"),
    ]
    for rid, _ in GENERAL:
        lines += _req_block(by_id[rid], esc(by_id[rid].text), None)
    for rt in cat.record_types:
        rid = requirement_id(rt)
        lines += [*heading(f"Posttyp {rt.name_sv} ({rt.id})", "-")]
        lines += _req_block(
            by_id[rid],
            esc(by_id[rid].text)
            + " Se "
            + link("record_type", rt.id, f"posttypen {rt.name_sv}")
            + ".",
            rt.status,
        )
        for var in cat.variables_of(rt.id):
            req = by_id[requirement_id(var)]
            body = (
                esc(req.text) + " Se " + link("variable", var.id, quoted_plain(var.name_sv)) + "."
            )
            lines += _req_block(req, body, var.status)
            if var.is_provisional:
                lines += [f"   *{esc(PROVISIONAL_TITLE)}.* {esc(var.reason or '')}", ""]
    return page(lines)


def quoted_plain(text: str) -> str:
    """``«text»`` for link titles (roles escape their own titles)."""
    return f"«{text}»"


__all__ = [
    "COLUMNS",
    "GENERAL",
    "Requirement",
    "kravbilaga_page",
    "requirements",
    "to_csv",
    "to_xlsx",
]
