"""The spec in other formats: JSON Schema, Table Schema, Data Package, CSV and XLSX templates.

>>> import bbic_su.interchange as schema
>>> schema.json_schema("uppfoljning")["title"]
'Uppföljning'
>>> schema.table_schema("barn")["fields"][2]["constraints"]
{'enum': ['flicka', 'pojke', 'uppgift_saknas']}
>>> schema.csv_template("barn").startswith("barn_id,kommunkod,kon,")
True

Case-system vendors rarely write Python, and some municipalities register the
follow-up outside their case system; both need the catalogue in their own
formats. Every format is generated from the catalogue (never written by hand)
and agrees with :func:`bbic_su.validate` wherever the format can express a
rule: codes, date shapes, integer ranges, required fields, keys, unknown fields.
Conditional rules (``required_if``, ``applies_if``), date order and deadlines
are in the predicate language and stay with validation; the JSON Schemas name
them in ``x-bbic-su-*`` keywords when asked (``annotations=True``). By default a
JSON Schema uses standard keywords only, so that ajv's strict mode compiles it.

* :func:`json_schema`, :func:`json_schema_bundle`: JSON Schema 2020-12 of the
  JSON record form (:func:`bbic_su.interchange.convert.to_dict`).
* :func:`table_schema`, :func:`data_package`: Frictionless descriptors of the
  canonical CSV folder.
* :func:`csv_template`: an empty canonical CSV (header row).
* :func:`write_xlsx_template`: an Excel registration workbook with Swedish
  headers, drop-down lists and instructions, imported back with the shipped
  mapping profile ``xlsx_mall`` (:func:`xlsx_template_profile` for a plan's).

**Schema ids** are ``https://bbic-su.invalid/schema/<spec version>/<record
type>.json`` (``.invalid`` never resolves, RFC 2606), with ``local-<digest>/``
inserted for a catalogue with local extensions and ``plan-<digest>/`` for a
plan, so schemas with different contents never share an id.

**Plans.** With a plan, its unconditional mandatory variables become required
everywhere; the layout formats (CSV and XLSX templates, Table Schema, Data
Package) hold only the key fields and the plan's variables, and only the record
types that have some; the JSON Schema keeps every field (the JSON form always
has them all).

Nothing here needs ``jsonschema`` or ``frictionless``; the XLSX template needs
``openpyxl`` (extra ``excel``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bbic_su._exports import lazy

if TYPE_CHECKING:
    from bbic_su.frames._schema_columns import DATE_PATTERN, ID_BASE, layout_columns, schema_base
    from bbic_su.frames._table_schema import csv_template, data_package, table_schema
    from bbic_su.interchange._json import JSON_SCHEMA_DIALECT, json_schema, json_schema_bundle
    from bbic_su.interchange._xlsx import write_xlsx_template
    from bbic_su.interchange._xlsx_layout import (
        XLSX_PROFILE,
        template_layout,
        xlsx_template_profile,
        xlsx_template_profile_yaml,
    )
    from bbic_su.interchange.convert import from_dict, from_json, to_dict, to_json
    from bbic_su.interchange.render import render_export

__all__ = [
    "DATE_PATTERN",
    "ID_BASE",
    "JSON_SCHEMA_DIALECT",
    "XLSX_PROFILE",
    "csv_template",
    "data_package",
    "from_dict",
    "from_json",
    "json_schema",
    "json_schema_bundle",
    "layout_columns",
    "render_export",
    "schema_base",
    "table_schema",
    "template_layout",
    "to_dict",
    "to_json",
    "write_xlsx_template",
    "xlsx_template_profile",
    "xlsx_template_profile_yaml",
]

__getattr__, __dir__ = lazy(
    __name__,
    {
        "DATE_PATTERN": "bbic_su.frames._schema_columns",
        "ID_BASE": "bbic_su.frames._schema_columns",
        "JSON_SCHEMA_DIALECT": "bbic_su.interchange._json",
        "XLSX_PROFILE": "bbic_su.interchange._xlsx_layout",
        "csv_template": "bbic_su.frames._table_schema",
        "data_package": "bbic_su.frames._table_schema",
        "from_dict": "bbic_su.interchange.convert",
        "from_json": "bbic_su.interchange.convert",
        "json_schema": "bbic_su.interchange._json",
        "json_schema_bundle": "bbic_su.interchange._json",
        "layout_columns": "bbic_su.frames._schema_columns",
        "render_export": "bbic_su.interchange.render",
        "schema_base": "bbic_su.frames._schema_columns",
        "table_schema": "bbic_su.frames._table_schema",
        "template_layout": "bbic_su.interchange._xlsx_layout",
        "to_dict": "bbic_su.interchange.convert",
        "to_json": "bbic_su.interchange.convert",
        "write_xlsx_template": "bbic_su.interchange._xlsx",
        "xlsx_template_profile": "bbic_su.interchange._xlsx_layout",
        "xlsx_template_profile_yaml": "bbic_su.interchange._xlsx_layout",
    },
)
