"""JSON Schema (2020-12) of each record type's JSON form (:func:`~.convert.to_dict`).

>>> import bbic_su
>>> from bbic_su.interchange import json_schema
>>> s = json_schema("barn")
>>> s["$id"], s["required"]
('https://bbic-su.invalid/schema/0.2.0/barn.json', ['barn_id'])
>>> s["properties"]["kon"]["enum"]
['flicka', 'pojke', 'uppgift_saknas', None]
>>> s["properties"]["kon"]["$comment"]
'Krav-id BBIC-SU-VAR-kon; status named; värdemängd kon'
>>> json_schema("barn", annotations=True)["properties"]["kon"]["x-bbic-su-requirement-id"]
'BBIC-SU-VAR-kon'

One object per record: properties keyed by column (key fields, then variables);
missing values are ``null`` (or the property is left out); dates are
``YYYY-MM-DD`` strings (``format: date`` plus a ``pattern`` that admits exactly
the real calendar dates, since ``format`` only annotates by default); codes are
strings from the value set (``enum``); multi-select values are arrays of codes
(``uniqueItems``); integers carry the ``range`` rule as ``minimum``/``maximum``.
Keys and text fields are strings of at most 64 characters that must not look
like an identity number. Required fields (see :mod:`bbic_su.frames._schema_columns`)
are listed in ``required`` and do not admit ``null``. No other properties are
allowed, except local fields whose names start with ``x_``.

By default a schema uses only standard keywords, so that every validator
compiles it, ajv in its default strict mode included: ``title`` and
``description`` (Swedish name and definition), and ``$comment`` with the
requirement id, evidence status and value set. With ``annotations=True`` every
schema and property also carries ``x-bbic-su-*`` keywords for tools that
accept unknown keywords (the 2020-12 default): requirement id, evidence status,
value set, code labels, local flag, English name and definition, conditions
(``applies_if``, ``required_if``) that only :func:`bbic_su.validate` checks.
"""

from __future__ import annotations

from typing import Any

from bbic_su.frames._schema_columns import (
    DATE_PATTERN,
    MAX_KEY,
    UNSAFE_KEY,
    RequiredBy,
    key_title,
    range_of,
    required_columns,
    schema_base,
)
from bbic_su.spec._catalog import Catalog, requirement_id
from bbic_su.spec._catalog import catalog as _default_catalog
from bbic_su.spec.model import KeyField, Variable
from bbic_su.spec.plan import FollowUpPlan

__all__ = ["JSON_SCHEMA_DIALECT", "json_schema", "json_schema_bundle"]

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
"""The ``$schema`` of every generated JSON Schema."""


def _nullable(types: str, required: bool) -> str | list[str]:
    return types if required else [types, "null"]


def _text(required: bool) -> dict[str, Any]:
    out: dict[str, Any] = {"type": _nullable("string", required), "maxLength": MAX_KEY}
    if required:
        out["minLength"] = 1
    out["not"] = {"type": "string", "pattern": UNSAFE_KEY}
    return out


def _key(cat: Catalog, kf: KeyField, required: bool) -> dict[str, Any]:
    prop = {"title": key_title(cat, kf.field), **_text(required)}
    prop["x-bbic-su-key-role"] = kf.role
    prop["x-bbic-su-description-en"] = kf.description
    if kf.rule is not None:
        prop["x-bbic-su-rule"] = kf.rule
    return prop


def _value(cat: Catalog, var: Variable, required: bool) -> dict[str, Any]:
    """The type and constraints of one variable."""
    if var.datatype in ("code", "codes"):
        codes: list[Any] = list(cat.value_set(str(var.value_set)).code_ids)
        if var.datatype == "codes":
            items = {"type": "string", "enum": codes}
            out: dict[str, Any] = {"type": _nullable("array", required), "items": items}
            out["uniqueItems"] = True
            if required:
                out["minItems"] = 1
            return out
        return {"type": _nullable("string", required), "enum": codes + ([] if required else [None])}
    if var.datatype == "date":
        return {"type": _nullable("string", required), "format": "date", "pattern": DATE_PATTERN}
    if var.datatype == "integer":
        out = {"type": _nullable("integer", required)}
        limits = range_of(var)
        if limits is not None:
            out["minimum"], out["maximum"] = limits
        return out
    return _text(required)


def _annotations(cat: Catalog, var: Variable, why: RequiredBy | None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "x-bbic-su-requirement-id": requirement_id(var),
        "x-bbic-su-status": var.status,
        "x-bbic-su-datatype": var.datatype,
        "x-bbic-su-name-en": var.name_en,
        "x-bbic-su-description-en": var.definition_en,
        "x-bbic-su-phase": var.phase,
        "x-bbic-su-area": var.area,
        "x-bbic-su-kind": var.kind,
        "x-bbic-su-local": var.local,
    }
    if var.value_set is not None:
        vs = cat.value_set(var.value_set)
        out["x-bbic-su-value-set"] = vs.id
        out["x-bbic-su-value-set-requirement-id"] = requirement_id(vs)
        out["x-bbic-su-code-labels"] = {c.code: c.label_sv for c in vs.codes}
    if why is not None:
        out["x-bbic-su-required-by"] = why
    if var.applies_if is not None:
        out["x-bbic-su-applies-if"] = var.applies_if
    conditions = [r.required_if for r in var.rules if r.required_if is not None]
    if conditions:
        out["x-bbic-su-required-if"] = conditions
    rules = sorted({r.rule for r in var.rules if r.rule is not None})
    if rules:
        out["x-bbic-su-rules"] = rules
    if var.derived:
        out["x-bbic-su-derived"] = True
    return out


def _comment(ann: dict[str, Any]) -> str:
    """The standard ``$comment`` that stands in for the ``x-bbic-su-*`` keywords."""
    text = f"Krav-id {ann['x-bbic-su-requirement-id']}; status {ann['x-bbic-su-status']}"
    if "x-bbic-su-value-set" in ann:
        text += f"; värdemängd {ann['x-bbic-su-value-set']}"
    if "x-bbic-su-spec-version" in ann:
        text += f"; specifikation {ann['x-bbic-su-spec-version']}"
    return text


def _standard(node: dict[str, Any]) -> dict[str, Any]:
    """``node`` without ``x-bbic-su-*`` keywords; a ``$comment`` names the requirement."""
    out = {k: v for k, v in node.items() if not k.startswith("x-bbic-su-")}
    if "x-bbic-su-requirement-id" in node:
        out["$comment"] = _comment(node)
    return out


def json_schema(
    record_type: str,
    *,
    plan: FollowUpPlan | None = None,
    catalog: Catalog | None = None,
    annotations: bool = False,
) -> dict[str, Any]:
    """The JSON Schema (2020-12) of one record type's JSON form.

    Args:
        record_type: The record type id, e.g. ``"insats"``.
        plan: A follow-up plan: its unconditional mandatory variables become required
            (every field stays allowed: the JSON form always holds all of them).
        catalog: The catalogue (default: the packaged one); local ``x_`` variables
            of an extended catalogue become properties.
        annotations: Add the ``x-bbic-su-*`` keywords (which ajv's strict mode
            refuses); without them only standard keywords are used.

    Returns:
        The schema as a JSON-ready dict; ``$id`` is
        ``https://bbic-su.invalid/schema/<spec version>/[local-<d>/][plan-<d>/]<record type>.json``.

    Raises:
        UnknownIdError: ``record_type`` is not a record type.
    """
    cat = catalog if catalog is not None else _default_catalog()
    rt = cat.record_type(record_type)
    required = required_columns(cat, rt.id, plan)
    props: dict[str, Any] = {}
    for kf in rt.keys:
        props[kf.field] = _key(cat, kf, kf.field in required)
    for var in cat.variables_of(rt.id):
        why = required.get(var.id)
        prop: dict[str, Any] = {"title": var.name_sv, "description": var.definition_sv}
        prop.update(_value(cat, var, why is not None))
        prop.update(_annotations(cat, var, why))
        if plan is not None:
            prop["x-bbic-su-in-plan"] = var.id in plan.variables
        props[var.id] = prop
    schema: dict[str, Any] = {
        "$schema": JSON_SCHEMA_DIALECT,
        "$id": f"{schema_base(cat, plan)}{rt.id}.json",
        "title": rt.name_sv,
        "description": (
            f"En post av posttypen {rt.name_sv} i JSON-form (bbic-su, specifikation "
            f"{cat.spec.version}). Saknade värden skrivs null."
        ),
        "type": "object",
        "properties": props,
        "patternProperties": {"^x_": {}},
        "additionalProperties": False,
        "required": list(required),
        "x-bbic-su-record-type": rt.id,
        "x-bbic-su-requirement-id": requirement_id(rt),
        "x-bbic-su-status": rt.status,
        "x-bbic-su-name-en": rt.name_en,
        "x-bbic-su-description-en": rt.unit,
        "x-bbic-su-spec-version": cat.spec.version,
        "x-bbic-su-primary-key": rt.key,
    }
    if rt.parent is not None:
        schema["x-bbic-su-parent"] = rt.parent
    if plan is not None:
        schema["x-bbic-su-plan"] = {
            "name": plan.name,
            "variables": list(plan.variables),
            "mandatory": list(plan.mandatory),
        }
    if annotations:
        return schema
    schema["properties"] = {k: _standard(v) for k, v in props.items()}
    return _standard(schema)


def json_schema_bundle(
    *, plan: FollowUpPlan | None = None, catalog: Catalog | None = None, annotations: bool = False
) -> dict[str, Any]:
    """Every record type's schema in one compound document (``$defs``), valid for any record.

    The root accepts a record of any record type (``oneOf`` over the embedded
    schemas, which keep their own ``$id``); its ``$id`` is ``.../bundle.json``.
    """
    cat = catalog if catalog is not None else _default_catalog()
    base = schema_base(cat, plan)
    defs = {
        rt.id: json_schema(rt.id, plan=plan, catalog=cat, annotations=annotations)
        for rt in cat.record_types
    }
    out: dict[str, Any] = {
        "$schema": JSON_SCHEMA_DIALECT,
        "$id": f"{base}bundle.json",
        "title": f"BBIC systematisk uppföljning {cat.spec.version}: alla posttyper",
        "$comment": f"specifikation {cat.spec.version}",
        "oneOf": [{"$ref": f"{rt}.json"} for rt in defs],
        "$defs": defs,
    }
    if annotations:
        out["x-bbic-su-spec-version"] = cat.spec.version
    return out
