"""What every interchange format shares: columns, required fields, ids and the date pattern.

>>> import re, bbic_su
>>> from bbic_su.frames._schema_columns import DATE_PATTERN, layout_columns, required_columns
>>> cat = bbic_su.catalog()
>>> layout_columns(cat, "barn")[:3]
('barn_id', 'kommunkod', 'kon')
>>> required_columns(cat, "insats")
{'insats_id': 'key', 'barn_id': 'key', 'insats_beslutsdatum': 'spec', 'insatstyp': 'spec'}
>>> [bool(re.fullmatch(DATE_PATTERN, d)) for d in ("2024-02-29", "2023-02-29", "2024-4-1")]
[True, False, False]

The rules every generator follows, so that the formats agree with each other and
with :func:`bbic_su.validate`:

* **Columns** of a record type: its key fields, then its variables in catalogue
  order. With a plan, the *layout* formats (CSV template, Table Schema, Data
  Package, XLSX template) keep the key fields and the plan's variables only, and
  leave out record types without any plan variable; the JSON Schema (a record
  form, where every field is present) keeps every field.
* **Required**: the primary key and parent references (``key``), variables with
  an unconditional ``required`` rule (``spec``), and a plan's mandatory variables
  without an ``applies_if`` condition (``plan``; a conditional one cannot be
  expressed without the predicate language and is left to validation).
"""

from __future__ import annotations

import hashlib
import json

from bbic_su.spec._catalog import Catalog
from bbic_su.spec.model import RecordType, Variable
from bbic_su.spec.plan import FollowUpPlan

__all__ = [
    "DATE_PATTERN",
    "ID_BASE",
    "MAX_KEY",
    "UNSAFE_KEY",
    "RequiredBy",
    "foreign_keys",
    "key_title",
    "layout_columns",
    "layout_record_types",
    "layout_variables",
    "range_of",
    "required_columns",
    "schema_base",
]

RequiredBy = str
"""Why a column is required: ``key``, ``spec`` or ``plan``."""

ID_BASE = "https://bbic-su.invalid/schema/"
"""Root of every schema id. ``.invalid`` is reserved (RFC 2606): ids never resolve."""

MAX_KEY = 64
"""The longest key (an id) any format accepts, in characters."""
UNSAFE_KEY = r"[0-9]{6}(?:[0-9]{2})?[-+]?[0-9]{4}|[\x00-\x1f]"
"""A key containing a match is shaped like an identity number or holds control characters."""

_MONTH_DAY = (
    r"(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
    r"|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
    r"|02-(?:0[1-9]|1[0-9]|2[0-8])"
)
_LEAP_YEAR = r"[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00"
DATE_PATTERN = rf"^(?!0000)(?:[0-9]{{4}}-(?:{_MONTH_DAY})|(?:{_LEAP_YEAR})-02-29)$"
"""A real calendar date written ``YYYY-MM-DD`` (leap years included; year 0000 excluded).

Exactly the dates :func:`datetime.date.fromisoformat` accepts in that shape, which
is what validation accepts; written for both ECMA-262 (JSON Schema) and Python.
"""


def _digest(data: object) -> str:
    text = json.dumps(data, sort_keys=True, ensure_ascii=True)
    return hashlib.sha256(text.encode("ascii")).hexdigest()[:12]


def schema_base(cat: Catalog, plan: FollowUpPlan | None = None) -> str:
    """The folder-like id prefix of the schemas for ``cat`` and ``plan``.

    ``https://bbic-su.invalid/schema/<spec version>/`` for the packaged catalogue,
    with ``local-<digest>/`` added when the catalogue holds local extensions and
    ``plan-<digest>/`` when a plan is given (digests of the local ids and of the
    plan's variables and mandatory marks), so different contents never share an id.

    >>> import bbic_su
    >>> schema_base(bbic_su.catalog())
    'https://bbic-su.invalid/schema/0.2.0/'
    """
    base = f"{ID_BASE}{cat.spec.version}/"
    local_vars = sorted(v.id for v in cat.variables if v.local)
    local_codes = sorted(f"{s.id}.{c.code}" for s in cat.value_sets for c in s.codes if c.local)
    local_sets = sorted(s.id for s in cat.value_sets if s.local)
    if local_vars or local_codes or local_sets:
        base += f"local-{_digest([local_vars, local_codes, local_sets])}/"
    if plan is not None:
        base += f"plan-{_digest([sorted(plan.variables), sorted(plan.mandatory)])}/"
    return base


def layout_record_types(cat: Catalog, plan: FollowUpPlan | None = None) -> tuple[RecordType, ...]:
    """Record types of a layout: all, or those holding at least one of the plan's variables."""
    if plan is None:
        return cat.record_types
    chosen = {cat.variable(v).record_type for v in plan.variables}
    return tuple(rt for rt in cat.record_types if rt.id in chosen)


def layout_variables(
    cat: Catalog, record_type: str, plan: FollowUpPlan | None = None
) -> tuple[Variable, ...]:
    """The variables of ``record_type`` in a layout (the plan's only, when given)."""
    variables = cat.variables_of(record_type)
    if plan is None:
        return variables
    return tuple(v for v in variables if v.id in plan.variables)


def layout_columns(
    cat: Catalog, record_type: str, plan: FollowUpPlan | None = None
) -> tuple[str, ...]:
    """Column names of ``record_type``: key fields, then (the plan's) variables."""
    rt = cat.record_type(record_type)
    return (*rt.key_fields, *(v.id for v in layout_variables(cat, record_type, plan)))


def required_columns(
    cat: Catalog, record_type: str, plan: FollowUpPlan | None = None
) -> dict[str, RequiredBy]:
    """Columns that must hold a value, with the reason (``key``, ``spec`` or ``plan``)."""
    rt = cat.record_type(record_type)
    out: dict[str, RequiredBy] = {
        k.field: "key" for k in rt.keys if k.role in ("primary", "parent_ref")
    }
    for v in cat.variables_of(record_type):
        if any(r.required for r in v.rules):
            out[v.id] = "spec"
        elif plan is not None and plan.is_mandatory(v.id) and v.applies_if is None:
            out[v.id] = "plan"
    return out


def range_of(var: Variable) -> tuple[int, int] | None:
    """The ``range`` rule of an integer variable (the narrowest when several)."""
    ranges = [r.range for r in var.rules if r.range is not None]
    if not ranges:
        return None
    return max(lo for lo, _ in ranges), min(hi for _, hi in ranges)


def key_title(cat: Catalog, field: str) -> str:
    """A Swedish header for a key column (the catalogue gives key fields no Swedish name).

    ``<record type>_id`` becomes "<Swedish record type name>-id"; any other key is
    its id with spaces for underscores, capitalised.

    >>> import bbic_su
    >>> key_title(bbic_su.catalog(), "uppfoljning_id"), key_title(bbic_su.catalog(), "kommunkod")
    ('Uppföljning-id', 'Kommunkod')
    """
    target = field.removesuffix("_id")
    known = {rt.id: rt for rt in cat.record_types}
    if field.endswith("_id") and target in known:
        return f"{known[target].name_sv}-id"
    return field.replace("_", " ").capitalize()


def foreign_keys(cat: Catalog, record_type: str) -> tuple[tuple[str, str], ...]:
    """``(field, parent record type)`` for each key that validation checks against a parent.

    Parent and optional references named ``<record type>_id``, as
    :func:`bbic_su.validate` links them (``missing-parent``).
    """
    rt = cat.record_type(record_type)
    known = {r.id for r in cat.record_types}
    out = []
    for k in rt.keys:
        target = k.field.removesuffix("_id")
        if k.role in ("parent_ref", "optional_ref") and target in known and target != rt.id:
            out.append((k.field, target))
    return tuple(out)
