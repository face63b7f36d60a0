"""``bbic-su schema``: the spec as JSON Schema, Table Schema, Data Package, CSV or XLSX template.

>>> from bbic_su.cli import main
>>> main(["schema", "--format", "csv-template", "--record-type", "barn"])  # doctest: +ELLIPSIS
barn_id,kommunkod,kon,fodelsear,...
0

Usage: ``bbic-su schema --format json-schema|table-schema|datapackage|csv-template|xlsx-template
[--record-type R] [--plan plan.yaml] [--out PATH]``.

* ``json-schema``: JSON Schema 2020-12 of the JSON record form. With
  ``--record-type``, that record type's schema; without, to stdout one compound
  document (``$defs`` per record type), or with ``--out DIR`` one
  ``<record_type>.schema.json`` per record type.
* ``table-schema``: the Frictionless Table Schema of one record type's CSV file
  (needs ``--record-type``; ``datapackage`` describes them all).
* ``datapackage``: the Frictionless Data Package of the canonical CSV folder
  (``--record-type`` keeps one resource).
* ``csv-template``: empty canonical CSV files (the header row). With
  ``--record-type``, one file (or stdout); without, ``--out DIR`` receives one
  ``<record_type>.csv`` per record type.
* ``xlsx-template``: the Excel registration workbook (needs ``--out FILE.xlsx``
  and openpyxl, extra ``excel``); import it filled in with the profile ``xlsx_mall``.
  With ``--plan``, the import profile of the plan's template is written next to
  it as ``<FILE stem>.profil.yaml`` (so is the profile of a one-record-type template).

``--plan`` makes the plan's unconditional mandatory variables required and
restricts the layouts (CSV, Table Schema, Data Package, XLSX) to the plan's
variables. JSON is written with sorted keys, indent 2, UTF-8. Exit status: 0
written; 2 bad arguments, unknown record type, unreadable plan or unwritable
output, reported as one line.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import bbic_su.interchange as schema
from bbic_su.cli._common import Context, UsageError, add_command
from bbic_su.spec.plan import load_plan

if TYPE_CHECKING:
    from bbic_su.cli._common import Subparsers

__all__ = ["FORMATS", "register"]

FORMATS = ("json-schema", "table-schema", "datapackage", "csv-template", "xlsx-template")
"""The ``--format`` choices."""


def register(subparsers: Subparsers) -> None:
    """Add the ``schema`` command."""
    parser = add_command(
        subparsers,
        "schema",
        help="write the spec as JSON Schema, Table Schema, Data Package or a template",
        handler=_run,
        description=__doc__.split("\n\n", 2)[2] if __doc__ else None,
    )
    parser.add_argument("--format", required=True, choices=FORMATS, help="what to write")
    parser.add_argument("--record-type", metavar="R", help="one record type (e.g. insats)")
    parser.add_argument("--plan", metavar="FILE", help="follow-up plan (YAML)")
    parser.add_argument("--out", metavar="PATH", help="file (or folder) to write; default stdout")


def _json_text(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n"


def _emit(ctx: Context, out: Path | None, text: str) -> None:
    if out is None:
        ctx.out.write(text)
    else:
        out.write_text(text, encoding="utf-8")


def _folder(out: Path) -> Path:
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out}: not a folder (one file per record type is written)")
    out.mkdir(parents=True, exist_ok=True)
    return out


def _run(args: argparse.Namespace, ctx: Context) -> int:
    cat = ctx.catalog()
    plan = load_plan(args.plan, catalog=cat) if args.plan else None
    rt: str | None = cat.record_type(args.record_type).id if args.record_type else None
    out = Path(args.out) if args.out else None
    fmt = args.format
    if fmt == "json-schema":
        if rt is not None:
            _emit(ctx, out, _json_text(schema.json_schema(rt, plan=plan, catalog=cat)))
        elif out is None:
            ctx.out.write(_json_text(schema.json_schema_bundle(plan=plan, catalog=cat)))
        else:
            folder = _folder(out)
            for r in cat.record_types:
                text = _json_text(schema.json_schema(r.id, plan=plan, catalog=cat))
                (folder / f"{r.id}.schema.json").write_text(text, encoding="utf-8")
    elif fmt == "table-schema":
        if rt is None:
            raise UsageError("--format table-schema needs --record-type (datapackage covers all)")
        _emit(ctx, out, _json_text(schema.table_schema(rt, plan=plan, catalog=cat)))
    elif fmt == "datapackage":
        kept = [rt] if rt is not None else None
        _emit(ctx, out, _json_text(schema.data_package(record_types=kept, plan=plan, catalog=cat)))
    elif fmt == "csv-template":
        if rt is not None:
            _emit(ctx, out, schema.csv_template(rt, plan=plan, catalog=cat))
        elif out is None:
            raise UsageError("--format csv-template needs --record-type or --out DIR")
        else:
            folder = _folder(out)
            for sheet in schema.template_layout(plan, catalog=cat):
                name = sheet.record_type.id
                text = schema.csv_template(name, plan=plan, catalog=cat)
                (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    else:
        if out is None:
            raise UsageError("--format xlsx-template needs --out FILE.xlsx")
        kept_types = (rt,) if rt is not None else None
        schema.write_xlsx_template(out, plan=plan, catalog=cat, record_types=kept_types)
        if plan is not None or kept_types is not None:
            text = schema.xlsx_template_profile_yaml(plan, catalog=cat, record_types=kept_types)
            out.with_suffix(".profil.yaml").write_text(text, encoding="utf-8")
    return 0
