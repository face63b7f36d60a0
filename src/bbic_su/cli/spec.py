"""``bbic-su spec``: browse the catalogue (``spec list``, ``spec show``).

>>> from bbic_su.cli import main
>>> main(["spec", "list", "--record-type", "barn", "--status", "named"])
id   posttyp  datatyp  status  namn
---  -------  -------  ------  ----
kon  barn     code     named   Kön
0

``spec list`` prints one row per entry of ``--kind`` (default ``variables``);
``--record-type``, ``--phase``, ``--area``, ``--variable-kind`` and ``--status``
filter variables (an unknown value is an error that suggests the closest id).
``spec show ID`` prints everything about one variable, value set, measure, rule
or record type; ``--kind`` picks the value set when it shares a variable's id
(``bbic-su spec show kon --kind value-set``).

JSON (``--format json``) is meant for scripts and vendors, and is stable:

* ``spec list``: ``{"kind", "spec_version", "extensions", "filters", "count",
  "entries"}``, where ``entries`` holds one entry object per row.
* ``spec show``: one entry object plus ``"related"``: ids of the catalogue
  ``rules`` and ``measures`` that read a variable, or the ``variables`` that use
  a value set or sit on a record type.
* An entry object has every field of its model class
  (:mod:`bbic_su.spec.model`; tuples as lists, absent values as ``null``) plus
  ``requirement_id`` (e.g. ``BBIC-SU-VAR-kon``) and ``entry_kind``
  (``variable``, ``value_set``, ``measure``, ``rule``, ``record_type``).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from bbic_su.cli._common import Context, UsageError, add_command, dump_json, entry_dict, table
from bbic_su.cli._spec_show import render
from bbic_su.errors import UnknownIdError
from bbic_su.spec._catalog import Catalog
from bbic_su.spec.model import Measure, RecordType, Rule, ValueSet, Variable

if TYPE_CHECKING:
    from bbic_su.cli._common import Subparsers

__all__ = ["register"]

_LIST_KINDS = ("variables", "value-sets", "measures", "rules", "record-types")
_SHOW_KINDS = ("variable", "value-set", "measure", "rule", "record-type")
_FILTERS = ("record_type", "phase", "area", "variable_kind", "status")

Entry = Variable | ValueSet | Measure | Rule | RecordType


def register(subparsers: Subparsers) -> None:
    """Add ``spec list`` and ``spec show`` to the ``bbic-su`` parser."""
    spec = add_command(subparsers, "spec", help="browse the catalogue of the specification")
    commands = spec.add_subparsers(title="spec commands", metavar="SPEC_COMMAND", required=True)

    lst = add_command(commands, "list", help="list catalogue entries", handler=_list)
    lst.add_argument("--kind", choices=_LIST_KINDS, default="variables", help="what to list")
    lst.add_argument("--record-type", metavar="R", help="only variables of record type R")
    lst.add_argument("--phase", metavar="P", help="only variables of phase P")
    lst.add_argument("--area", metavar="A", help="only variables of knowledge area A")
    lst.add_argument(
        "--variable-kind", metavar="K", help="only variables of kind K (bakgrund, process, …)"
    )
    lst.add_argument(
        "--status", metavar="S", help="only variables of status S (confirmed, named, …)"
    )
    lst.add_argument("--format", choices=("table", "json"), default="table")

    show = add_command(commands, "show", help="show one catalogue entry", handler=_show)
    show.add_argument(
        "id", metavar="ID", help="a variable, value set, measure, rule or record type"
    )
    show.add_argument("--kind", choices=_SHOW_KINDS, help="the kind of entry (when ids are shared)")
    show.add_argument("--format", choices=("text", "json"), default="text")


def _name(entry: Any, lang: str) -> str:
    """The entry's name in ``lang``, prefixed ``[lokal]``/``[local]`` for local extensions."""
    name = str(getattr(entry, f"name_{lang}"))
    if getattr(entry, "local", False):
        return ("[lokal] " if lang == "sv" else "[local] ") + name
    return name


def _rows(
    cat: Catalog, kind: str, entries: Sequence[Any], lang: str
) -> tuple[list[str], list[Any]]:
    """Headers and rows of the ``spec list`` table for ``kind``."""
    name = f"name_{lang}"
    layouts: dict[str, tuple[list[str], Callable[[Any], list[str]]]] = {
        "variables": (
            ["id", "record_type", "datatype", "status", name],
            lambda v: [v.id, v.record_type, v.datatype, v.status, _name(v, lang)],
        ),
        "value-sets": (
            ["id", "codes", "select", "status", name],
            lambda s: [
                s.id,
                str(len(s.codes)),
                "multi" if s.multi_select else "single",
                s.status,
                _name(s, lang),
            ],
        ),
        "measures": (
            ["id", "record_type", "status", name],
            lambda m: [m.id, m.record_type, m.status, _name(m, lang)],
        ),
        "rules": (
            ["id", "severity", "status", f"description_{lang}"],
            lambda r: [r.id, r.severity, r.status, getattr(r, f"description_{lang}")],
        ),
        "record-types": (
            ["id", "parent", "key", "status", name],
            lambda t: [t.id, t.parent or "-", t.key, t.status, _name(t, lang)],
        ),
    }
    headers, row = layouts[kind]
    words = _HEADERS_SV if lang == "sv" else _HEADERS_EN
    return [words.get(h, h) for h in headers], [row(e) for e in entries]


_HEADERS_SV = {
    "record_type": "posttyp",
    "datatype": "datatyp",
    "name_sv": "namn",
    "codes": "koder",
    "select": "val",
    "severity": "allvarlighet",
    "description_sv": "beskrivning",
    "parent": "överordnad",
    "key": "nyckel",
}
_HEADERS_EN = {
    "record_type": "record type",
    "name_en": "name",
    "description_en": "description",
}


def _entries(cat: Catalog, args: argparse.Namespace) -> Sequence[Any]:
    given = {f: getattr(args, f) for f in _FILTERS if getattr(args, f) is not None}
    if args.kind == "variables":
        return cat.select(
            record_type=given.get("record_type"),
            phase=given.get("phase"),
            area=given.get("area"),
            kind=given.get("variable_kind"),
            status=given.get("status"),
        )
    if given:
        options = ", ".join("--" + f.replace("_", "-") for f in given)
        raise UsageError(f"{options} filter variables only; not valid with --kind {args.kind}")
    section: Sequence[Any] = getattr(cat, args.kind.replace("-", "_"))
    return section


def _list(args: argparse.Namespace, ctx: Context) -> int:
    cat = ctx.catalog()
    entries = _entries(cat, args)
    if args.format == "json":
        filters = {f: getattr(args, f) for f in _FILTERS if getattr(args, f) is not None}
        dump_json(
            ctx,
            {
                "kind": args.kind,
                "spec_version": cat.spec.version,
                "extensions": list(cat.extensions),
                "filters": filters,
                "count": len(entries),
                "entries": [entry_dict(e) for e in entries],
            },
        )
        return 0
    headers, rows = _rows(cat, args.kind, entries, ctx.lang)
    # Long variable ids get a line of their own so the names keep some room;
    # measure ids are long but few, so they keep one line each.
    first_max = 26 if args.kind == "variables" else 36
    ctx.print(*table(headers, rows, flex=[len(headers) - 1], first_max=first_max, wrap_last=True))
    if not rows:
        ctx.print("(no entries match)")
    return 0


def _lookup(cat: Catalog, key: str, kind: str | None) -> Entry:
    getters: dict[str, Callable[[str], Entry]] = {
        "variable": cat.variable,
        "value-set": cat.value_set,
        "measure": cat.measure,
        "rule": cat.rule,
        "record-type": cat.record_type,
    }
    if kind is None:
        try:
            return cat.find(key)
        except UnknownIdError:
            # Suggest each id once, although a value set may share a variable's id.
            known = {
                e.id
                for s in (cat.variables, cat.value_sets, cat.measures, cat.rules, cat.record_types)
                for e in s
            }
            raise UnknownIdError("catalogue entry", key, sorted(known)) from None
    return getters[kind](key)


def _related(cat: Catalog, entry: Entry) -> dict[str, list[str]]:
    """Ids of the entries connected to ``entry`` (the ``"related"`` key of ``spec show``)."""
    if isinstance(entry, Variable):
        return {
            "measures": [m.id for m in cat.measures_using(entry.id)],
            "rules": [r.id for r in cat.rules_for(entry.id)],
        }
    if isinstance(entry, ValueSet):
        return {"variables": [v.id for v in cat.variables if v.value_set == entry.id]}
    if isinstance(entry, RecordType):
        return {"variables": [v.id for v in cat.variables_of(entry.id)]}
    return {}


def _show(args: argparse.Namespace, ctx: Context) -> int:
    cat = ctx.catalog()
    entry = _lookup(cat, args.id, args.kind)
    if args.format == "json":
        data = entry_dict(entry)
        data["related"] = _related(cat, entry)
        dump_json(ctx, data)
        return 0
    ctx.print(*render(cat, entry, ctx.lang))
    return 0
