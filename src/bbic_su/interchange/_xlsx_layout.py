"""The layout of the XLSX registration template, and the mapping profile that imports it.

>>> from bbic_su.interchange import template_layout, xlsx_template_profile
>>> sheet = template_layout()[2]
>>> sheet.name, [c.header for c in sheet.columns[:3]]
('Utredning', ['Utredning-id *', 'Barn-id *', 'Aktualisering-id *'])
>>> sheet.columns[3].header
'Datum då utredningen inleddes *'
>>> opt = next(c for c in sheet.columns if c.kind == "option")
>>> opt.column_id, opt.header
('standardiserad_bedomningsmetod:adad', 'Standardiserad bedömningsmetod i utredningen: ADAD')
>>> p = xlsx_template_profile()
>>> p["name"], p["files"][2]["sheet"], p["files"][2]["header_row"]
('xlsx_mall', 'Utredning', 2)

One sheet per record type, named by its Swedish name. Row 1 holds the Swedish
headers (a ``*`` marks a required column); row 2, hidden, holds the column ids
the import maps (a canonical column id, or ``<variable>:<code>`` for one option
of a multi-select variable); records start on row 3. A multi-select variable
gets one column per option, ticked with ``X``, because an Excel drop-down list
holds one value. Coded cells hold the Swedish labels, which the import maps
back to codes (a mapping profile always recognises catalogue labels).

:func:`xlsx_template_profile` is the profile for the layout; without a plan it
is the shipped profile ``xlsx_mall`` (``src/bbic_su/profiles/xlsx_mall.yaml``,
written by :func:`xlsx_template_profile_yaml`, drift-tested). A plan's template
leaves out record types, so it needs the plan's profile.
"""

from __future__ import annotations

from typing import Any, Literal, cast

import attrs
import yaml

from bbic_su.frames._schema_columns import (
    key_title,
    layout_record_types,
    layout_variables,
    required_columns,
)
from bbic_su.spec._catalog import Catalog
from bbic_su.spec._catalog import catalog as _default_catalog
from bbic_su.spec.model import Code, RecordType, Variable
from bbic_su.spec.plan import FollowUpPlan

__all__ = [
    "DATA_ROW",
    "HEADER_ROW",
    "ID_ROW",
    "TICK",
    "XLSX_PROFILE",
    "TemplateColumn",
    "TemplateSheet",
    "template_layout",
    "xlsx_template_profile",
    "xlsx_template_profile_yaml",
]

XLSX_PROFILE = "xlsx_mall"
"""Name of the shipped mapping profile that imports a filled template."""
HEADER_ROW = 1
"""Row of the Swedish headers."""
ID_ROW = 2
"""Row (hidden) of the column ids the import maps."""
DATA_ROW = 3
"""First row of records."""
TICK = "X"
"""What ticks an option of a multi-select variable."""

ColumnKind = Literal["key", "code", "option", "date", "integer", "text"]


@attrs.frozen(kw_only=True)
class TemplateColumn:
    """One column of a template sheet.

    Attributes:
        column_id: The hidden id (row 2): the canonical column, or ``<variable>:<code>``.
        header: The Swedish header (row 1), with `` *`` when required.
        target: The canonical column it fills.
        kind: ``key``, ``code``, ``option``, ``date``, ``integer`` or ``text``.
        required: Why the column is required (``key``, ``spec``, ``plan``), or ``None``.
        variable: The variable (``None`` for key fields).
        option: For ``option`` columns: the code a tick adds.
    """

    column_id: str
    header: str
    target: str
    kind: ColumnKind
    required: str | None = None
    variable: Variable | None = None
    option: Code | None = None


@attrs.frozen(kw_only=True)
class TemplateSheet:
    """One sheet: the record type and its columns."""

    name: str
    record_type: RecordType
    columns: tuple[TemplateColumn, ...]


def _star(text: str, required: str | None) -> str:
    return f"{text} *" if required else text


def _variable_columns(cat: Catalog, var: Variable, why: str | None) -> list[TemplateColumn]:
    if var.datatype == "codes":
        return [
            TemplateColumn(
                column_id=f"{var.id}:{c.code}",
                header=_star(f"{var.name_sv}: {c.label_sv}", why),
                target=var.id,
                kind="option",
                required=why,
                variable=var,
                option=c,
            )
            for c in cat.value_set(str(var.value_set)).codes
        ]
    kind = cast(ColumnKind, var.datatype)
    return [
        TemplateColumn(
            column_id=var.id,
            header=_star(var.name_sv, why),
            target=var.id,
            kind=kind,
            required=why,
            variable=var,
        )
    ]


def template_layout(
    plan: FollowUpPlan | None = None,
    *,
    catalog: Catalog | None = None,
    record_types: tuple[str, ...] | None = None,
) -> tuple[TemplateSheet, ...]:
    """The sheets of the template and their columns.

    Args:
        plan: Keep only key fields and the plan's variables (and the record types
            holding some); its unconditional mandatory variables are required.
        catalog: The catalogue (default: the packaged one).
        record_types: Keep only these record types (catalogue order is kept).

    Raises:
        UnknownIdError: A record type in ``record_types`` does not exist.
    """
    cat = catalog if catalog is not None else _default_catalog()
    wanted = {cat.record_type(r).id for r in record_types} if record_types else None
    sheets = []
    for rt in layout_record_types(cat, plan):
        if wanted is not None and rt.id not in wanted:
            continue
        required = required_columns(cat, rt.id, plan)
        cols = [
            TemplateColumn(
                column_id=f,
                header=_star(key_title(cat, f), required.get(f)),
                target=f,
                kind="key",
                required=required.get(f),
            )
            for f in rt.key_fields
        ]
        for var in layout_variables(cat, rt.id, plan):
            cols.extend(_variable_columns(cat, var, required.get(var.id)))
        sheets.append(TemplateSheet(name=rt.name_sv[:31], record_type=rt, columns=tuple(cols)))
    return tuple(sheets)


def _profile_column(col: TemplateColumn) -> dict[str, Any]:
    entry: dict[str, Any] = {"column": col.column_id, "variable": col.target}
    if col.kind in ("key", "text"):
        entry["kind"] = "text"
    elif col.kind == "option":
        assert col.option is not None
        entry["kind"] = "option"
        entry["option"] = col.option.code
    entry["optional"] = True
    return entry


def xlsx_template_profile(
    plan: FollowUpPlan | None = None,
    *,
    catalog: Catalog | None = None,
    record_types: tuple[str, ...] | None = None,
) -> dict[str, Any]:
    """The mapping profile (plain data) that imports a filled template of this layout.

    Every column is optional, so a template of fewer variables imports with the
    same profile; record types must match the sheets, so a template restricted
    by a plan or ``record_types`` needs the profile built with the same arguments.
    """
    sheets = template_layout(plan, catalog=catalog, record_types=record_types)
    name = XLSX_PROFILE if plan is None and record_types is None else f"{XLSX_PROFILE}_plan"
    return {
        "schema": "bbic-su-profile/1",
        "name": name,
        "description": (
            "Importerar en ifylld registreringsmall (bbic-su schema --format xlsx-template): "
            "en flik per posttyp, kolumn-id i den dolda rad 2, etiketter eller koder i cellerna, "
            "ett X per valt alternativ i flervalsfrågor."
        ),
        "example": False,
        "date_formats": ["%Y-%m-%d", "excel"],
        "files": [
            {
                "record_type": s.record_type.id,
                "file": "*.xlsx",
                "sheet": s.name,
                "header_row": ID_ROW,
                "columns": [_profile_column(c) for c in s.columns],
            }
            for s in sheets
        ],
    }


_HEADER = """\
# The import profile of bbic-su's XLSX registration template (bbic-su schema
# --format xlsx-template): one sheet per record type, column ids in the hidden
# row 2, catalogue labels (or codes) in coded cells, an X per ticked option of
# a multi-select variable. GENERATED by bbic_su.interchange.xlsx_template_profile_yaml();
# tests/test_schema_xlsx.py checks that it stays in step with the catalogue.
"""


def xlsx_template_profile_yaml(
    plan: FollowUpPlan | None = None,
    *,
    catalog: Catalog | None = None,
    record_types: tuple[str, ...] | None = None,
) -> str:
    """:func:`xlsx_template_profile` as profile-file text (without a plan: the shipped file).

    Regenerate the shipped file with ``python -c "import bbic_su.interchange as s;
    print(s.xlsx_template_profile_yaml(), end='')" > src/bbic_su/profiles/xlsx_mall.yaml``.
    """
    data = xlsx_template_profile(plan, catalog=catalog, record_types=record_types)
    files = data.pop("files")
    head = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    lines = [_HEADER + head.rstrip("\n"), "files:"]
    for fm in files:
        columns = fm.pop("columns")
        block = yaml.safe_dump([fm], allow_unicode=True, sort_keys=False, width=100)
        lines.append(block.rstrip("\n"))
        lines.append("  columns:")
        for col in columns:
            flow = yaml.safe_dump(
                col, allow_unicode=True, sort_keys=False, width=1000, default_flow_style=True
            )
            lines.append(f"  - {flow.strip()}")
    return "\n".join(lines) + "\n"
