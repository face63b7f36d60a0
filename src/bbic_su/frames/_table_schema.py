"""Frictionless Table Schema and Data Package of the canonical CSV layout, and CSV templates.

>>> from bbic_su.interchange import csv_template, data_package, table_schema
>>> ts = table_schema("insats")
>>> ts["primaryKey"], ts["foreignKeys"][0]
(['insats_id'], {'fields': ['barn_id'], 'reference': {'resource': 'barn', 'fields': ['barn_id']}})
>>> [f["type"] for f in ts["fields"][:5]]
['string', 'string', 'string', 'date', 'string']
>>> [r["path"] for r in data_package()["resources"]]
['barn.csv', 'aktualisering.csv', 'utredning.csv', 'insats.csv', 'uppfoljning.csv']
>>> csv_template("barn").split(",")[:3]
['barn_id', 'kommunkod', 'kon']

The layout (see :mod:`bbic_su.frames.dataset`): one ``<record_type>.csv`` per record
type, UTF-8, comma-separated, one header row of column ids, ISO 8601 dates,
multi-select codes joined by ``|``, an empty cell is missing. Fields are typed
``string``, ``date`` or ``integer``; single codes carry ``constraints.enum``,
multi-select codes a ``pattern`` over the codes (``code(|code)*``), integers
their ``range`` rule, keys and text ``maxLength`` 64, required columns
``constraints.required``. ``primaryKey`` is the record id; ``foreignKeys``
follow the parent references that validation checks (``missing-parent``), to
resources present in the package. ``missingValues`` is ``[""]``.

:func:`data_package` is the descriptor :func:`bbic_su.write_dataset` should
write next to the CSV files: pass ``columns`` to describe the columns a dataset
actually has (unknown columns and record types become untyped ``string`` fields).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from typing import Any

from bbic_su.frames._schema_columns import (
    MAX_KEY,
    foreign_keys,
    key_title,
    layout_columns,
    layout_record_types,
    range_of,
    required_columns,
)
from bbic_su.spec._catalog import Catalog, requirement_id
from bbic_su.spec._catalog import catalog as _default_catalog
from bbic_su.spec.model import RecordType, Variable
from bbic_su.spec.plan import FollowUpPlan

__all__ = ["csv_template", "data_package", "table_schema"]

_TYPES = {
    "code": "string",
    "codes": "string",
    "text": "string",
    "date": "date",
    "integer": "integer",
}


def _codes_pattern(codes: Sequence[str]) -> str:
    r"""``(c1|c2|…)(\|(c1|c2|…))*``, implicitly anchored; plain groups (XSD, ECMA, Python)."""
    alt = "(" + "|".join(re.escape(c) for c in codes) + ")"
    return rf"{alt}(\|{alt})*"


def _variable_field(cat: Catalog, var: Variable, why: str | None) -> dict[str, Any]:
    field: dict[str, Any] = {
        "name": var.id,
        "title": var.name_sv,
        "description": var.definition_sv,
        "type": _TYPES[var.datatype],
    }
    constraints: dict[str, Any] = {}
    if why is not None:
        constraints["required"] = True
    if var.value_set is not None:
        vs = cat.value_set(var.value_set)
        if var.datatype == "code":
            constraints["enum"] = list(vs.code_ids)
        else:
            constraints["pattern"] = _codes_pattern(vs.code_ids)
        field["x-bbic-su-value-set"] = vs.id
    elif var.datatype == "integer":
        limits = range_of(var)
        if limits is not None:
            constraints["minimum"], constraints["maximum"] = limits
    elif var.datatype == "text":
        constraints["maxLength"] = MAX_KEY
    if constraints:
        field["constraints"] = constraints
    field["x-bbic-su-requirement-id"] = requirement_id(var)
    field["x-bbic-su-status"] = var.status
    field["x-bbic-su-local"] = var.local
    field["x-bbic-su-description-en"] = var.definition_en
    if why is not None:
        field["x-bbic-su-required-by"] = why
    if var.datatype == "codes":
        field["x-bbic-su-multi-select"] = True
    return field


def _key_field(cat: Catalog, rt: RecordType, name: str, required: bool) -> dict[str, Any]:
    kf = next(k for k in rt.keys if k.field == name)
    constraints: dict[str, Any] = {"maxLength": MAX_KEY}
    if required:
        constraints["required"] = True
    return {
        "name": name,
        "title": key_title(cat, name),
        "type": "string",
        "constraints": constraints,
        "x-bbic-su-key-role": kf.role,
        "x-bbic-su-description-en": kf.description,
    }


def table_schema(
    record_type: str,
    *,
    plan: FollowUpPlan | None = None,
    catalog: Catalog | None = None,
    columns: Sequence[str] | None = None,
    resources: Sequence[str] | None = None,
) -> dict[str, Any]:
    """The Frictionless Table Schema of one record type's CSV file.

    Args:
        record_type: The record type id.
        plan: A follow-up plan: only key fields and the plan's variables, and its
            unconditional mandatory variables are required.
        catalog: The catalogue (default: the packaged one).
        columns: The file's actual columns, in order (default: the layout's);
            columns the record type lacks become plain ``string`` fields.
        resources: Resources of the package, for ``foreignKeys`` (default: every
            record type, or the plan's).

    Raises:
        UnknownIdError: ``record_type`` is not a record type.
    """
    cat = catalog if catalog is not None else _default_catalog()
    rt = cat.record_type(record_type)
    cols = tuple(columns) if columns is not None else layout_columns(cat, rt.id, plan)
    required = required_columns(cat, rt.id, plan)
    own = {v.id: v for v in cat.variables_of(rt.id)}
    fields: list[dict[str, Any]] = []
    for name in cols:
        if name in rt.key_fields:
            fields.append(_key_field(cat, rt, name, name in required))
        elif name in own:
            fields.append(_variable_field(cat, own[name], required.get(name)))
        else:
            fields.append({"name": name, "type": "string"})
    schema: dict[str, Any] = {"fields": fields, "missingValues": [""]}
    if rt.key in cols:
        schema["primaryKey"] = [rt.key]
    present = (
        set(resources) if resources is not None else {r.id for r in layout_record_types(cat, plan)}
    )
    fks = [
        {"fields": [name], "reference": {"resource": parent, "fields": [name]}}
        for name, parent in foreign_keys(cat, rt.id)
        if name in cols and parent in present
    ]
    if fks:
        schema["foreignKeys"] = fks
    schema["x-bbic-su-record-type"] = rt.id
    schema["x-bbic-su-requirement-id"] = requirement_id(rt)
    return schema


def data_package(
    *,
    record_types: Sequence[str] | None = None,
    plan: FollowUpPlan | None = None,
    catalog: Catalog | None = None,
    columns: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, Any]:
    """The Frictionless Data Package descriptor of a canonical CSV folder.

    Args:
        record_types: The resources, in this order (default: every record type, or
            the plan's). Ignored when ``columns`` is given.
        plan: A follow-up plan (see :func:`table_schema`).
        catalog: The catalogue (default: the packaged one).
        columns: Resource name to its actual columns: describes an existing
            dataset (what :func:`bbic_su.write_dataset` writes). Names that are
            not record types get all-``string`` fields and no keys.

    Raises:
        UnknownIdError: A record type in ``record_types`` does not exist.
    """
    cat = catalog if catalog is not None else _default_catalog()
    known = {rt.id for rt in cat.record_types}
    if columns is not None:
        names = list(columns)
    elif record_types is not None:
        names = [cat.record_type(r).id for r in record_types]
    else:
        names = [rt.id for rt in layout_record_types(cat, plan)]
    resources = []
    for name in names:
        cols = columns[name] if columns is not None else None
        if name in known:
            schema = table_schema(name, plan=plan, catalog=cat, columns=cols, resources=[*names])
            title = cat.record_type(name).name_sv
        else:
            schema = {"fields": [{"name": c, "type": "string"} for c in cols or ()]}
            schema["missingValues"] = [""]
            title = name
        resources.append(
            {
                "name": name,
                "title": title,
                "path": f"{name}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": {"delimiter": ",", "header": True},
                "schema": schema,
            }
        )
    return {
        "profile": "tabular-data-package",
        "name": "bbic-su-dataset",
        "title": "BBIC systematisk uppföljning: dataset i bbic-su:s kanoniska CSV-form",
        "x-bbic-su-spec-version": cat.spec.version,
        "resources": resources,
    }


def csv_template(
    record_type: str, *, plan: FollowUpPlan | None = None, catalog: Catalog | None = None
) -> str:
    """An empty canonical CSV file of ``record_type``: just the header row of column ids.

    A pure header row (no Swedish caption row) is what importers and
    :func:`bbic_su.read_dataset` expect; the Swedish names are in the schemas
    and in the XLSX template.
    """
    cat = catalog if catalog is not None else _default_catalog()
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(layout_columns(cat, record_type, plan))
    return buffer.getvalue()
