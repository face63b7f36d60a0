"""Generated parts of the Swedish vendor guide: the field list and the downloadable template.

``leverantor-falt.md.inc`` lists, per record type and file, every column in
order with its format, code list and whether it must be filled;
``leverantorsmall.zip`` holds one empty canonical CSV file per record type (the
header row) and the Data Package descriptor, as ``bbic-su schema`` writes them.
"""

from __future__ import annotations

import io
import json
import zipfile

from bbic_su import Catalog
from bbic_su.frames._schema_columns import key_title, required_columns
from bbic_su.interchange import csv_template, data_package

_FORMAT_SV = {
    "date": "datum ÅÅÅÅ-MM-DD",
    "integer": "heltal",
    "text": "text (högst 64 tecken)",
    "code": "en kod",
    "codes": "koder åtskilda med |, sorterade",
}
_WHY_SV = {"key": "ja (nyckel)", "spec": "ja", "plan": "ja (enligt planen)"}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def fields_include(cat: Catalog) -> str:
    """A Markdown table per record type: column, Swedish name, format, codes, must be filled."""
    out: list[str] = []
    for rt in cat.record_types:
        required = required_columns(cat, rt.id)
        out += [
            f"### Filen `{rt.id}.csv` ({rt.name_sv})",
            "",
            "| Nr | Kolumn | Namn | Format | Koder | Ska vara ifylld |",
            "| ---: | --- | --- | --- | --- | --- |",
        ]
        n = 0
        for kf in rt.keys:
            n += 1
            why = _WHY_SV.get(required.get(kf.field, ""), "om den finns")
            fmt = (
                "kommunkod, fyra siffror"
                if kf.role == "organisation"
                else "pseudonymt id (högst 64 tecken), aldrig personnummer"
            )
            out.append(
                f"| {n} | `{kf.field}` | {_cell(key_title(cat, kf.field))} | {fmt} | | {why} |"
            )
        for v in cat.variables_of(rt.id):
            n += 1
            codes = ""
            if v.value_set:
                vs = cat.value_set(v.value_set)
                codes = ", ".join(f"`{c.code}`" for c in vs.codes)
            why = _WHY_SV.get(required.get(v.id, ""), "när den gäller")
            if v.derived:
                why = "nej, räknas fram av bbic-su (får lämnas tom)"
            fmt = _FORMAT_SV.get(v.datatype, v.datatype)
            out.append(f"| {n} | `{v.id}` | {_cell(v.name_sv)} | {fmt} | {_cell(codes)} | {why} |")
        out.append("")
    return "\n".join(out) + "\n"


def template_zip(cat: Catalog) -> bytes:
    """The empty canonical CSV files and ``datapackage.json`` in one zip (fixed dates)."""
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        members = {f"{rt.id}.csv": csv_template(rt.id, catalog=cat) for rt in cat.record_types}
        members["datapackage.json"] = (
            json.dumps(data_package(catalog=cat), ensure_ascii=False, indent=2, sort_keys=True)
            + "\n"
        )
        for name, text in sorted(members.items()):
            info = zipfile.ZipInfo(f"bbic-su-mall/{name}", date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, text.encode("utf-8"))
    return raw.getvalue()


__all__ = ["fields_include", "template_zip"]
