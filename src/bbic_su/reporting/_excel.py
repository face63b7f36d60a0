"""The report as an Excel workbook (openpyxl): cover, one sheet per area, data quality.

>>> from bbic_su.reporting._excel import sheet_title
>>> sheet_title("Rättssäkerhet"), sheet_title("a/b: [c]?" * 5)
('Rättssäkerhet', 'a-b- -c--a-b- -c--a-b- -c--a-b-')

Shares are numbers formatted ``0.0%`` (so they can be recalculated and charted in
Excel), counts ``#,##0``, differences ``0.0`` percentage points. A hidden value is
the text ``..`` (right-aligned), a share with nothing to count is ``–``. Each
measure's charts are PNG images anchored to the right of its table.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bbic_su.reporting._model import Cell, MeasureBlock, ReportModel
from bbic_su.reporting._text import MARKER, NONE, text

__all__ = ["PERCENT", "sheet_title", "write_workbook"]

PERCENT = "0.0%"
"""Number format of shares and interval bounds."""
COUNT = "#,##0"
POINTS = "0.0"
_BAD = "[]:*?/\\"
_IMAGE_WIDTH = 480
_ROW_PX = 20
Charts = Callable[[MeasureBlock], Sequence[bytes]]


def sheet_title(name: str) -> str:
    """A valid, at most 31-character sheet title."""
    return "".join("-" if ch in _BAD else ch for ch in name)[:31]


class _Writer:
    def __init__(self, ws: Any, lang: str) -> None:
        from openpyxl.styles import Alignment, Font, PatternFill

        self.ws, self.lang, self.row = ws, lang, 1
        self.bold = Font(bold=True)
        self.h1, self.h2 = Font(bold=True, size=16), Font(bold=True, size=12)
        self.note = Font(italic=True, color="666666")
        self.head_fill = PatternFill("solid", fgColor="DDE6EE")
        self.right = Alignment(horizontal="right")
        self.wrap = Alignment(wrap_text=True, vertical="top")

    def heading(self, value: str, big: bool = False) -> None:
        self.ws.cell(self.row, 1, value).font = self.h1 if big else self.h2
        self.row += 1

    def line(self, *values: Any, font: Any = None) -> None:
        for i, v in enumerate(values, start=1):
            c = self.ws.cell(self.row, i, v)
            if font is not None:
                c.font = font
        self.row += 1

    def header(self, keys: Sequence[str]) -> None:
        for i, key in enumerate(keys, start=1):
            c = self.ws.cell(self.row, i, text(key, self.lang))
            c.font, c.fill, c.alignment = self.bold, self.head_fill, self.wrap
        self.row += 1

    def value(self, col: int, value: Any, fmt: str, hidden: bool = False) -> None:
        if hidden:
            c = self.ws.cell(self.row, col, MARKER)
            c.alignment = self.right
        elif value is None:
            c = self.ws.cell(self.row, col, NONE)
            c.alignment = self.right
        else:
            c = self.ws.cell(self.row, col, value)
            c.number_format = fmt


def _widths(ws: Any, widths: Sequence[float]) -> None:
    from openpyxl.utils import get_column_letter

    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w


def _cover(wb: Any, model: ReportModel, sheets: Sequence[str]) -> None:
    lang = model.lang
    ws = wb.active
    ws.title = sheet_title(text("sheet_cover", lang))
    w = _Writer(ws, lang)
    w.heading(text("title", lang), big=True)
    w.row += 1
    for key, value in model.cover_facts():
        ws.cell(w.row, 1, text(key, lang)).font = w.bold
        ws.cell(w.row, 2, value).alignment = w.wrap
        w.row += 1
    w.row += 1
    w.heading(text("rows", lang))
    w.header(["record_type", "rows_read", "rows_valid"])
    for _rt, label, read, valid in model.rows:
        ws.cell(w.row, 1, label)
        w.value(2, read, COUNT, hidden=read is None)
        w.value(3, valid, COUNT, hidden=valid is None)
        w.row += 1
    w.row += 1
    if model.not_computable:
        w.heading(text("not_computable", lang))
        w.line(text("not_computable_note", lang), font=w.note)
        for mid, name, missing in model.not_computable:
            ws.cell(w.row, 1, f"{name} ({mid})").alignment = w.wrap
            ws.cell(w.row, 2, f"{text('missing_inputs', lang)}: {missing}").alignment = w.wrap
            w.row += 1
        w.row += 1
    w.heading(text("contents", lang))
    for name in sheets:
        w.line(name)
    w.row += 1
    ws.cell(w.row, 1, text("disclaimer", lang)).font = w.note
    _widths(ws, [28, 90, 16])


def _cell_row(w: _Writer, c: Cell, dim_label: str, with_ref: bool) -> None:
    ws, hidden = w.ws, c.suppressed
    ws.cell(w.row, 1, c.kommun)
    ws.cell(w.row, 2, dim_label)
    ws.cell(w.row, 3, c.label)
    w.value(4, c.numerator, COUNT, hidden)
    w.value(5, c.denominator, COUNT, hidden)
    w.value(6, c.share, PERCENT, hidden)
    w.value(7, c.ci_low, PERCENT, hidden)
    w.value(8, c.ci_high, PERCENT, hidden)
    w.value(9, c.excluded, COUNT, hidden or c.excluded is None)
    w.value(10, c.pending, COUNT, hidden or c.pending is None)
    if with_ref:
        w.value(11, c.ref_share, PERCENT, c.ref_suppressed)
        w.value(12, c.ref_ci_low, PERCENT, c.ref_suppressed)
        w.value(13, c.ref_ci_high, PERCENT, c.ref_suppressed)
        w.value(14, c.difference_pp, POINTS, False)
    w.row += 1


_DIMS = (
    ("total", "total"),
    ("kon", "kon"),
    ("aldersgrupp", "aldersgrupp"),
    ("period", "period_dim"),
)
_COLUMNS = [
    "kommun",
    "breakdown",
    "group",
    "numerator",
    "denominator",
    "share",
    "ci_low",
    "ci_high",
    "excluded",
    "pending",
]
_REF_COLUMNS = ["ref_share", "ref_ci_low", "ref_ci_high", "difference"]


def _measure(w: _Writer, block: MeasureBlock, with_ref: bool, images: Sequence[bytes]) -> None:
    from openpyxl.drawing.image import Image
    from openpyxl.utils import get_column_letter

    start = w.row
    w.heading(block.name)
    w.line(f"{block.id} · {text('status', w.lang)}: {block.status}", font=w.note)
    if block.note:
        w.line(block.note.strip(), font=w.note)
    w.header(_COLUMNS + (_REF_COLUMNS if with_ref else []))
    for dim, key in _DIMS:
        for c in block.of(dim):
            _cell_row(w, c, text(key, w.lang), with_ref)
    col = get_column_letter(len(_COLUMNS) + (len(_REF_COLUMNS) if with_ref else 0) + 2)
    top = start
    for data in images:
        img = Image(io.BytesIO(data))
        ratio = img.height / max(img.width, 1)
        img.width, img.height = _IMAGE_WIDTH, round(_IMAGE_WIDTH * ratio)
        ws_anchor = f"{col}{top}"
        w.ws.add_image(img, ws_anchor)
        top += -(-img.height // _ROW_PX) + 1
    w.row = max(w.row, top) + 2


def _area_sheet(wb: Any, area: Any, model: ReportModel, charts: Charts) -> str:
    lang = model.lang
    ws = wb.create_sheet(sheet_title(area.name))
    w = _Writer(ws, lang)
    w.heading(area.name, big=True)
    w.row += 1
    with_ref = bool(model.references)
    for block in area.measures:
        _measure(w, block, with_ref, charts(block))
    if area.distributions:
        w.heading(text("background", lang))
        w.line(text("background_note", lang), font=w.note)
        w.row += 1
    for dist in area.distributions:
        w.heading(f"{dist.name} ({dist.record_type})")
        w.header(["kommun", "group", "count", "share_of_total"])
        for r in dist.rows:
            ws.cell(w.row, 1, r.kommun)
            ws.cell(w.row, 2, r.label)
            w.value(3, r.count, COUNT, r.suppressed)
            w.value(4, r.share_of_total, PERCENT, r.suppressed)
            w.row += 1
        w.row += 1
    if not area.measures and not area.distributions:
        w.line(text("no_measures", lang), font=w.note)
    _widths(ws, [10, 14, 26, 11, 11, 10, 12, 12, 12, 12, 12, 12, 14])
    return str(ws.title)


def _quality(wb: Any, model: ReportModel) -> str:
    lang = model.lang
    ws = wb.create_sheet(sheet_title(text("sheet_quality", lang)))
    w = _Writer(ws, lang)
    w.heading(text("quality", lang), big=True)
    w.row += 1
    w.heading(text("completeness", lang))
    w.header(["kommun", "record_type", "variable", "complete", "applies", "share"])
    for q in model.completeness:
        ws.cell(w.row, 1, q.kommun)
        ws.cell(w.row, 2, q.record_type)
        ws.cell(w.row, 3, q.name)
        w.value(4, q.filled, COUNT, q.suppressed)
        w.value(5, q.applies, COUNT, q.suppressed)
        w.value(6, q.share, PERCENT, q.suppressed)
        w.row += 1
    w.row += 1
    w.heading(text("issues", lang))
    if not model.issues:
        w.line(text("no_issues", lang), font=w.note)
    else:
        w.header(["code", "description", "severity", "findings"])
        for code, title, severity, n in model.issues:
            ws.cell(w.row, 1, code)
            ws.cell(w.row, 2, title)
            ws.cell(w.row, 3, severity)
            w.value(4, n, COUNT, n is None)
            w.row += 1
    _widths(ws, [24, 40, 34, 12, 12, 10])
    return str(ws.title)


def write_workbook(model: ReportModel, path: str | os.PathLike[str], charts: Charts) -> Path:
    """Write the workbook; ``charts(block)`` gives the PNG images of a measure."""
    from openpyxl import Workbook

    wb = Workbook()
    names = [sheet_title(a.name) for a in model.areas]
    names.append(sheet_title(text("sheet_quality", model.lang)))
    _cover(wb, model, names)
    for area in model.areas:
        _area_sheet(wb, area, model, charts)
    _quality(wb, model)
    p = Path(path)
    wb.save(p)
    return p
