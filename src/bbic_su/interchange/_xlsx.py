"""Write the XLSX registration template: Swedish headers, drop-down lists, instructions.

>>> import tempfile, openpyxl
>>> from pathlib import Path
>>> from bbic_su.interchange import write_xlsx_template
>>> path = write_xlsx_template(Path(tempfile.mkdtemp()) / "mall.xlsx")
>>> book = openpyxl.load_workbook(path)
>>> book.sheetnames
['Instruktioner', 'Barn', 'Aktualisering', 'Utredning', 'Insats', 'Uppföljning', 'koder']
>>> book["koder"].sheet_state, book["Barn"]["C1"].value, book["Barn"]["C2"].value
('hidden', 'Kön', 'kon')

The workbook (layout in :mod:`bbic_su.interchange._xlsx_layout`): an
``Instruktioner`` sheet (Swedish: how to fill in, required columns, provisional
variables, never a personnummer), one sheet per record type with frozen
headers, a comment on each header (column id, definition, requirement id,
evidence status) and one data validation per column (a list of labels for
coded columns, ``X`` for options, dates, whole numbers in the ``range`` rule,
ids of at most 64 characters), and a hidden ``koder`` sheet holding each value
set's codes and labels (the lists refer to it through defined names
``lista_<value set>``). Provisional headers are yellow.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from bbic_su._version import __version__
from bbic_su.errors import BbicSuError
from bbic_su.frames._schema_columns import MAX_KEY, range_of
from bbic_su.interchange._xlsx_layout import (
    DATA_ROW,
    HEADER_ROW,
    ID_ROW,
    TICK,
    XLSX_PROFILE,
    TemplateColumn,
    TemplateSheet,
    template_layout,
)
from bbic_su.spec._catalog import Catalog, requirement_id
from bbic_su.spec._catalog import catalog as _default_catalog
from bbic_su.spec.plan import FollowUpPlan

__all__ = ["CODES_SHEET", "INSTRUCTIONS_SHEET", "write_xlsx_template"]

CODES_SHEET = "koder"
INSTRUCTIONS_SHEET = "Instruktioner"
_LAST_ROW = 1_048_576
_HEADER_FILL = "D9E1F2"
_PROVISIONAL_FILL = "FFF2CC"
_TYPE_SV = {
    "key": "Id (text, högst 64 tecken)",
    "code": "Val ur lista",
    "option": f"Kryss ({TICK})",
    "date": "Datum (ÅÅÅÅ-MM-DD)",
    "integer": "Heltal",
    "text": "Text (högst 64 tecken)",
}
_REQUIRED_SV = {"key": "Ja (id)", "spec": "Ja", "plan": "Ja (enligt planen)"}


def _status_of(col: TemplateColumn) -> str | None:
    if col.option is not None and col.option.status is not None:
        return col.option.status
    return col.variable.status if col.variable is not None else None


def _validation(col: TemplateColumn) -> dict[str, Any]:
    """Keyword arguments of the column's ``DataValidation``."""
    var = col.variable
    if col.kind == "code" and var is not None:
        return {"type": "list", "formula1": f"lista_{var.value_set}"}
    if col.kind == "option":
        return {"type": "list", "formula1": f'"{TICK}"'}
    if col.kind == "date":
        return {"type": "date", "operator": "between", "formula1": "1", "formula2": "2958465"}
    if col.kind == "integer" and var is not None:
        lo, hi = range_of(var) or (-999_999_999, 999_999_999)
        return {"type": "whole", "operator": "between", "formula1": str(lo), "formula2": str(hi)}
    return {"type": "textLength", "operator": "lessThanOrEqual", "formula1": str(MAX_KEY)}


_ERRORS = {
    "list": "Välj ett värde ur listan.",
    "date": "Skriv ett datum, ÅÅÅÅ-MM-DD.",
    "whole": "Skriv ett heltal inom det tillåtna intervallet.",
    "textLength": "Ett id får vara högst 64 tecken.",
}


def _comment(cat: Catalog, col: TemplateColumn) -> str:
    lines = [col.column_id]
    var = col.variable
    if var is not None:
        lines += [var.definition_sv, f"Krav-id: {requirement_id(var)}"]
    status = _status_of(col)
    if status is not None:
        lines.append(f"Status: {cat.status_info(status).name_sv}")
    if col.required:
        lines.append(f"Obligatorisk: {_REQUIRED_SV[col.required]}")
    return "\n".join(lines)


def _data_sheet(wb: Any, cat: Catalog, sheet: TemplateSheet) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    ws = wb.create_sheet(sheet.name)
    for j, col in enumerate(sheet.columns, start=1):
        letter = get_column_letter(j)
        head = ws.cell(HEADER_ROW, j, col.header)
        fill = _PROVISIONAL_FILL if _status_of(col) == "provisional" else _HEADER_FILL
        head.font = Font(bold=True)
        head.fill = PatternFill("solid", fgColor=fill)
        head.alignment = Alignment(wrap_text=True, vertical="top")
        comment = Comment(_comment(cat, col), "bbic-su")
        comment.width, comment.height = 320, 200
        head.comment = comment
        ws.cell(ID_ROW, j, col.column_id)
        dim = ws.column_dimensions[letter]
        dim.width = max(12, min(36, len(col.header) // 2 + 4))
        if col.kind in ("key", "text"):
            dim.number_format = "@"
        elif col.kind == "date":
            dim.number_format = "yyyy-mm-dd"
        kwargs = _validation(col)
        dv = DataValidation(
            allow_blank=True,
            showErrorMessage=True,
            showInputMessage=True,
            errorTitle="Ogiltigt värde",
            error=_ERRORS[kwargs["type"]],
            promptTitle=col.header[:32],
            prompt=(col.variable.definition_sv if col.variable else _TYPE_SV["key"])[:250],
            **kwargs,
        )
        dv.add(f"{letter}{DATA_ROW}:{letter}{_LAST_ROW}")
        ws.add_data_validation(dv)
    ws.row_dimensions[HEADER_ROW].height = 60
    ws.row_dimensions[ID_ROW].hidden = True
    ws.freeze_panes = f"B{DATA_ROW}"


def _codes_sheet(wb: Any, cat: Catalog, sheets: tuple[TemplateSheet, ...]) -> None:
    from openpyxl.styles import Font
    from openpyxl.workbook.defined_name import DefinedName

    used: list[str] = []
    for sheet in sheets:
        for col in sheet.columns:
            vs = col.variable.value_set if col.variable is not None else None
            if col.kind == "code" and vs is not None and vs not in used:
                used.append(vs)
    ws = wb.create_sheet(CODES_SHEET)
    for j, text in enumerate(("värdemängd", "kod", "etikett", "värdemängdens namn"), start=1):
        ws.cell(1, j, text).font = Font(bold=True)
    row = 2
    for vs_id in used:
        value_set = cat.value_set(vs_id)
        first = row
        for code in value_set.codes:
            for j, value in enumerate(
                (value_set.id, code.code, code.label_sv, value_set.name_sv), start=1
            ):
                ws.cell(row, j, value)
            row += 1
        ref = f"'{CODES_SHEET}'!$C${first}:$C${row - 1}"
        wb.defined_names[f"lista_{value_set.id}"] = DefinedName(
            f"lista_{value_set.id}", attr_text=ref
        )
    for letter, width in (("A", 30), ("B", 30), ("C", 50), ("D", 40)):
        ws.column_dimensions[letter].width = width
    ws.sheet_state = "hidden"


def _instructions(
    ws: Any, cat: Catalog, plan: FollowUpPlan | None, sheets: tuple[TemplateSheet, ...]
) -> None:
    from openpyxl.styles import Alignment, Font

    provisional = cat.status_info("provisional").name_sv
    names = ", ".join(s.name for s in sheets)
    text = [
        "## Registreringsmall för systematisk uppföljning enligt BBIC",
        f"Specifikation {cat.spec.version} ({cat.spec.date}), skapad av bbic-su {__version__}.",
    ]
    if plan is not None:
        text.append(f"Uppföljningsplan: {plan.name}" if plan.name else "Uppföljningsplan")
        text.append(f"Frågan som uppföljningen besvarar: {plan.question}")
        text.append("Mallen innehåller bara planens variabler och de posttyper som har några.")
    text += [
        "",
        "## Så fyller du i mallen",
        f"• Varje flik är en posttyp ({names}). Skriv en post per rad, från rad {DATA_ROW}.",
        "• Ändra inte rubrikerna, flikarnas namn eller den dolda rad 2: importen läser "
        "kolumnerna därifrån. Lägg inte till egna kolumner.",
        "• Kolumner vars rubrik slutar med * är obligatoriska.",
        "• Välj svar ur listan i kodade kolumner. Flervalsfrågor har en kolumn per "
        f"svarsalternativ: skriv {TICK} i varje alternativ som gäller och lämna övriga tomma.",
        "• Skriv datum som ÅÅÅÅ-MM-DD, till exempel 2025-03-01. Lämna en cell tom om "
        "uppgiften saknas.",
        "• Id-kolumnerna kopplar ihop posterna: varje post har ett eget id, unikt i sin flik, "
        "och pekar på sitt barn (Barn-id) och sin föregående post, till exempel en "
        "uppföljning på sin insats.",
        "",
        "## Inga personuppgifter",
        "• Skriv aldrig personnummer, samordningsnummer, namn eller fritext om barnet eller "
        "familjen i mallen. Använd pseudonyma Barn-id: ett löpnummer eller en "
        "nyckelhashad pseudonym (till exempel med bbic_su.pseudonymise). Nyckeln eller "
        "kopplingslistan förvaras åtskild från mallen.",
        "",
        "## Preliminära variabler",
        f"• Variabler och svarsalternativ med status {provisional} (gul rubrik) är bbic-su:s "
        "rekonstruktion från offentliga källor, inte Socialstyrelsens fastställda "
        "variabelförteckning. De kan ändras i en senare version av specifikationen.",
        "",
        "## Import och kontroll",
        f"• Importera den ifyllda mallen med mappningsprofilen {XLSX_PROFILE}: "
        f"bbic-su import mall.xlsx --profile {XLSX_PROFILE} --out data, och kontrollera "
        "resultatet med bbic-su validate data.",
        "",
        "## Kolumner",
    ]
    for i, line in enumerate(text, start=1):
        heading = line.startswith("## ")
        cell = ws.cell(i, 1, line.removeprefix("## "))
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if heading:
            cell.font = Font(bold=True, size=14 if i == 1 else 12)
    headers = (
        "Flik",
        "Rubrik",
        "Kolumn-id",
        "Typ",
        "Obligatorisk",
        "Status",
        "Krav-id",
        "Definition",
    )
    row = len(text) + 1
    for j, value in enumerate(headers, start=1):
        ws.cell(row, j, value).font = Font(bold=True)
    for sheet in sheets:
        for col in sheet.columns:
            row += 1
            var, status = col.variable, _status_of(col)
            values = (
                sheet.name,
                col.header,
                col.column_id,
                _TYPE_SV[col.kind],
                _REQUIRED_SV.get(col.required or "", ""),
                cat.status_info(status).name_sv if status else "",
                requirement_id(var) if var is not None else "",
                var.definition_sv if var is not None else "",
            )
            for j, value in enumerate(values, start=1):
                ws.cell(row, j, value)
    ws.column_dimensions["A"].width = 110
    for letter, width in zip("BCDEFGH", (40, 36, 22, 16, 22, 34, 80), strict=True):
        ws.column_dimensions[letter].width = width


def write_xlsx_template(
    path: str | os.PathLike[str],
    *,
    plan: FollowUpPlan | None = None,
    catalog: Catalog | None = None,
    record_types: tuple[str, ...] | None = None,
) -> Path:
    """Write the registration template to ``path`` (an ``.xlsx`` file) and return the path.

    Args:
        path: The workbook to write (overwritten).
        plan: Keep only the plan's variables (and record types holding some); its
            unconditional mandatory variables are marked required.
        catalog: The catalogue (default: the packaged one; local variables included).
        record_types: Keep only these record types.

    Raises:
        BbicSuError: openpyxl is not installed (extra ``excel``), or no sheet is left.
        UnknownIdError: A record type in ``record_types`` does not exist.
        OSError: The file cannot be written.
    """
    try:
        from openpyxl import Workbook
    except ImportError:  # pragma: no cover - depends on the environment
        raise BbicSuError(
            "the XLSX template needs openpyxl: pip install 'bbic-su[excel]'"
        ) from None
    cat = catalog if catalog is not None else _default_catalog()
    sheets = template_layout(plan, catalog=cat, record_types=record_types)
    if not sheets:
        raise BbicSuError("no record type left for the template (check --record-type and the plan)")
    wb = Workbook()
    _instructions(wb.active, cat, plan, sheets)
    wb.active.title = INSTRUCTIONS_SHEET
    for sheet in sheets:
        _data_sheet(wb, cat, sheet)
    _codes_sheet(wb, cat, sheets)
    out = Path(path)
    wb.save(out)
    return out
