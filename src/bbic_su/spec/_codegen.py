"""Render the generated modules ``codes.py`` and ``records.py`` from a catalogue.

>>> import bbic_su
>>> from bbic_su.spec._codegen import class_name, member_name, render_codes
>>> class_name("ja_nej_uppgift_saknas"), member_name("uppgift_saknas"), member_name("0_3")
('JaNejUppgiftSaknas', 'UPPGIFT_SAKNAS', 'C_0_3')
>>> "class Kon(LabelledCode):" in render_codes(bbic_su.catalog())
True

The output is already ``ruff format`` stable, so ``tools/generate.py`` writes it
as is and ``tests/test_codegen.py`` compares it with the committed files. Only
the national catalogue is rendered: local (``x_``) entries are skipped.

Naming rules:

* enum class: the value-set id in CamelCase (``aldersgrupp_officiell`` →
  ``AldersgruppOfficiell``);
* enum member: the code upper-cased (``uppgift_saknas`` → ``UPPGIFT_SAKNAS``);
  a code that starts with a digit gets the prefix ``C_`` (``0_3`` → ``C_0_3``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable

import attrs

from bbic_su.spec._catalog_type import Catalog
from bbic_su.spec.model import RecordType, ValueSet, Variable

__all__ = ["class_name", "input_digest", "member_name", "render_codes", "render_records"]

_WIDTH = 100
_HEADER = (
    "# GENERATED FILE - DO NOT EDIT. Generated from spec data by tools/generate.py.\n"
    "# Spec version: {version}\n"
    "# Input sha256: {digest}\n"
)
# Names the generated records module binds at module level; no field may shadow them.
_RESERVED_FIELDS = frozenset({"attrs", "codes", "datetime", "ClassVar", "TypeAlias"})


def class_name(value_set_id: str) -> str:
    """The enum class name of a value set: its id in CamelCase."""
    name = "".join(part[:1].upper() + part[1:] for part in value_set_id.split("_"))
    if not name.isidentifier() or name[0].isdigit():
        raise ValueError(f"value set id {value_set_id!r} gives no valid class name")
    return name


def member_name(code: str) -> str:
    """The enum member name of a code: upper-cased, ``C_`` prefixed if it starts with a digit."""
    name = code.upper()
    if name[:1].isdigit():
        name = "C_" + name
    if not name.isidentifier():
        raise ValueError(f"code {code!r} gives no valid member name")
    return name


def _national_value_sets(cat: Catalog) -> tuple[ValueSet, ...]:
    """The national value sets, without local (``x_``) codes."""
    return tuple(
        attrs.evolve(vs, codes=tuple(c for c in vs.codes if not c.local))
        for vs in cat.value_sets
        if not vs.local
    )


def _national_variables(cat: Catalog, record_type: str) -> tuple[Variable, ...]:
    return tuple(v for v in cat.variables_of(record_type) if not v.local)


def input_digest(cat: Catalog) -> str:
    """The sha256 of the catalogue content the generator reads (canonical JSON).

    Covers the spec version and every national value set, record type and
    variable, so any edit to them changes the digest in the generated headers.
    """
    content = {
        "version": cat.spec.version,
        "value_sets": [attrs.asdict(vs) for vs in _national_value_sets(cat)],
        "record_types": [attrs.asdict(rt) for rt in cat.record_types],
        "variables": [attrs.asdict(v) for v in cat.variables if not v.local],
    }
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _header(cat: Catalog) -> str:
    return _HEADER.format(version=cat.spec.version, digest=input_digest(cat))


def _q(text: str) -> str:
    """A string literal quoted the way ``ruff format`` prefers (double quotes)."""
    if text.count('"') > text.count("'"):
        return repr(text)
    return json.dumps(text, ensure_ascii=False)


def _doc(text: str) -> str:
    """Make ``text`` safe inside a triple-quoted docstring."""
    return text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"').strip()


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "?", "!")) else text + "."


def _assign(indent: str, target: str, items: Iterable[str], opener: str, closer: str) -> str:
    """``target = <opener>items<closer>`` on one line if it fits, else exploded."""
    parts = list(items)
    line = f"{indent}{target} = {opener}{', '.join(parts)}{closer}"
    if opener == "(" and len(parts) == 1:
        line = f"{indent}{target} = ({parts[0]},)"
    if len(line) <= _WIDTH:
        return line + "\n"
    body = "".join(f"{indent}    {p},\n" for p in parts)
    return f"{indent}{target} = {opener}\n{body}{indent}{closer}\n"


def _assign_frozenset(indent: str, target: str, items: list[str]) -> str:
    """``target = frozenset({items})`` on one line if it fits, else exploded."""
    quoted = [_q(i) for i in items]
    line = f"{indent}{target} = frozenset({{{', '.join(quoted)}}})"
    if len(line) <= _WIDTH:
        return line + "\n"
    body = "".join(f"{indent}        {q},\n" for q in quoted)
    return f"{indent}{target} = frozenset(\n{indent}    {{\n{body}{indent}    }}\n{indent})\n"


def _all_key(name: str) -> tuple[int, str]:
    """Sort key of ``__all__`` as ruff's RUF022 wants: CONSTANTS, Classes, functions."""
    if name.isupper():
        return (0, name)
    return (1, name) if name[:1].isupper() else (2, name)


def _render_all(names: Iterable[str]) -> str:
    items = [_q(n) for n in sorted(names, key=_all_key)]
    return _assign("", "__all__", items, "[", "]")


# --------------------------------------------------------------------- codes


def _render_enum(vs: ValueSet) -> str:
    kind = "Multi-select" if vs.multi_select else "Single-select"
    out = [
        f"class {class_name(vs.id)}(LabelledCode):\n",
        f'    """{_doc(vs.name_sv)} — {_doc(_sentence(vs.name_en))}\n\n',
        f"    {kind} value set ``{vs.id}`` (status {vs.status}).\n",
        '    """\n\n',
    ]
    seen: set[str] = set()
    for code in vs.codes:
        name = member_name(code.code)
        if name in seen:
            raise ValueError(f"value set {vs.id}: two codes give member name {name}")
        seen.add(name)
        values = [_q(code.code), _q(code.label_sv), _q(code.label_en)]
        line = f"    {name} = {', '.join(values)}"
        if len(line) <= _WIDTH:
            out.append(line + "\n")
        else:
            out.append(f"    {name} = (\n" + "".join(f"        {v},\n" for v in values) + "    )\n")
    return "".join(out)


_CODES_DOC = '''"""Typed codes: one :class:`enum.StrEnum` per value set of the catalogue.

>>> from bbic_su.spec.codes import VALUE_SETS, {cls}
>>> {cls}.{member}
<{cls}.{member}: {code}>
>>> {cls}.{member}.label_sv, {cls}.{member}.label_en
({label_sv}, {label_en})
>>> {cls}({code}) is {cls}.{member} and {cls}.{member} == {code}
True
>>> VALUE_SETS[{vs}] is {cls}
True

Members are strings (``StrEnum``), so they compare equal to their code and
serialise as it. Each member carries ``label_sv`` and ``label_en``.

Naming rules: the class is the value-set id in CamelCase; a member is its code
upper-cased, with the prefix ``C_`` when the code starts with a digit (``0_3``
becomes ``C_0_3``). Local (``x_``) value sets and codes from
``load_catalog(extra=...)`` are not generated: this module describes the
national catalogue only.
"""
'''

_LABELLED = '''

class LabelledCode(enum.StrEnum):
    """Base of the generated enums: a code string carrying its Swedish and English labels."""

    label_sv: str
    label_en: str

    def __new__(cls, value: str, label_sv: str = "", label_en: str = "") -> Self:
        """Create a member from its code and labels."""
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.label_sv = label_sv
        obj.label_en = label_en
        return obj
'''


def render_codes(cat: Catalog) -> str:
    """The text of ``src/bbic_su/spec/codes.py`` for ``cat``."""
    value_sets = _national_value_sets(cat)
    first = value_sets[0]
    code = first.codes[0]
    doc = _CODES_DOC.format(
        cls=class_name(first.id),
        member=member_name(code.code),
        code=repr(code.code),
        label_sv=repr(code.label_sv),
        label_en=repr(code.label_en),
        vs=repr(first.id),
    )
    names = ["LabelledCode", "VALUE_SETS", *(class_name(vs.id) for vs in value_sets)]
    parts = [
        _header(cat),
        doc,
        "\nimport enum\nfrom typing import Self\n\n",
        _render_all(names),
        _LABELLED,
    ]
    parts.extend("\n\n" + _render_enum(vs) for vs in value_sets)
    mapping = [f"{_q(vs.id)}: {class_name(vs.id)}" for vs in value_sets]
    parts.append("\n\n")
    parts.append(_assign("", "VALUE_SETS: dict[str, type[LabelledCode]]", mapping, "{", "}"))
    parts.append('"""Value-set id → its enum class."""\n')
    return "".join(parts)


# ------------------------------------------------------------------- records


def record_class_name(rt: RecordType) -> str:
    """The record class name of a record type: its id in CamelCase."""
    return class_name(rt.id)


def _annotation(var: Variable) -> tuple[str, str]:
    """``(annotation, default)`` of a variable's field."""
    if var.datatype == "code":
        return f"codes.{class_name(str(var.value_set))} | None", "None"
    if var.datatype == "codes":
        return f"frozenset[codes.{class_name(str(var.value_set))}]", "frozenset()"
    simple = {"date": "datetime.date", "integer": "int", "text": "str"}
    return f"{simple[var.datatype]} | None", "None"


def _is_required(var: Variable) -> bool:
    return any(r.required for r in var.rules)


def _field_doc(var: Variable) -> str:
    text = f"{_doc(var.name_sv)} — {_doc(_sentence(var.name_en))}"
    if var.value_set:
        text += f" Value set ``{var.value_set}``"
        text += " (multi-select)." if var.datatype == "codes" else "."
    else:
        text += f" Datatype {var.datatype}."
    ranges = [r.range for r in var.rules if r.range]
    if ranges:
        text += f" Range {ranges[0][0]}–{ranges[0][1]}."
    if _is_required(var):
        text += " Required by the spec."
    return text


_KEY_ROLES = {
    "primary": "Primary key.",
    "parent_ref": "Reference to a parent record.",
    "optional_ref": "Optional reference.",
    "organisation": "Organisation.",
}


def _render_record(cat: Catalog, rt: RecordType) -> str:
    variables = _national_variables(cat, rt.id)
    names = [*rt.key_fields, *(v.id for v in variables)]
    clash = _RESERVED_FIELDS.intersection(names)
    if clash or len(set(names)) != len(names):
        raise ValueError(f"record type {rt.id}: field names clash: {sorted(clash) or names}")
    doc = [
        f'    """{_doc(rt.name_sv)} — {_doc(_sentence(rt.name_en))}\n\n',
        f"    Record type ``{rt.id}`` (status {rt.status}). {_doc(_sentence(rt.unit))}\n\n",
        "    Attributes:\n",
    ]
    for key in rt.keys:
        described = _doc(_sentence(key.description))
        doc.append(f"        {key.field}: {_KEY_ROLES[key.role]} {described}\n")
    doc.extend(f"        {v.id}: {_field_doc(v)}\n" for v in variables)
    doc.append('    """\n\n')
    body = [f'    RECORD_TYPE: ClassVar[str] = "{rt.id}"\n']
    keys = map(_q, rt.key_fields)
    body.append(_assign("    ", "KEY_FIELDS: ClassVar[tuple[str, ...]]", keys, "(", ")"))
    required = sorted(v.id for v in variables if _is_required(v))
    if required:
        body.append(_assign_frozenset("    ", "REQUIRED: ClassVar[frozenset[str]]", required))
    else:
        body.append("    REQUIRED: ClassVar[frozenset[str]] = frozenset()\n")
    body.append("\n")
    for key in rt.keys:
        if key.role in ("primary", "parent_ref"):
            body.append(f"    {key.field}: str\n")
        else:
            body.append(f"    {key.field}: str | None = None\n")
    for var in variables:
        annotation, default = _annotation(var)
        body.append(f"    {var.id}: {annotation} = {default}\n")
    head = f"@attrs.frozen(kw_only=True)\nclass {record_class_name(rt)}:\n"
    return head + "".join(doc) + "".join(body)


_RECORDS_DOC = '''"""Typed records: one frozen attrs class per record type of the catalogue.

>>> from bbic_su.spec.records import RECORDS, {cls}
>>> r = {cls}({example})
>>> r.{key}, r.RECORD_TYPE, RECORDS[{rt}] is {cls}
({key_value}, {rt}, True)
>>> {cls}.KEY_FIELDS
{key_fields}

Fields are keyword-only: first the key fields (the primary key and the parent
references are required strings; optional references and the organisation are
``str | None``), then every variable of the record type in catalogue order. A
single-select variable holds a member of its value set's enum from
:mod:`bbic_su.spec.codes`, a multi-select variable a ``frozenset`` of them (empty by
default), dates are :class:`datetime.date`, integers ``int`` and text ``str``.

Required variables: every variable field is optional (default ``None``) even
when the spec requires it, because vendors and imports meet records that are
incomplete and the validator, not the constructor, reports what is missing.
``REQUIRED`` lists the variables the spec marks ``required: true``; ``KEY_FIELDS``
the key columns; ``RECORD_TYPE`` the record-type id.

Local (``x_``) variables from ``load_catalog(extra=...)`` are not generated:
this module describes the national catalogue only.
"""
'''


def render_records(cat: Catalog) -> str:
    """The text of ``src/bbic_su/spec/records.py`` for ``cat``."""
    rts = cat.record_types
    first = rts[0]
    required_keys = [k.field for k in first.keys if k.role in ("primary", "parent_ref")]
    doc = _RECORDS_DOC.format(
        cls=record_class_name(first),
        example=", ".join(f'{k}="{k[:1]}1"' for k in required_keys),
        key=first.key,
        key_value=repr(f"{first.key[:1]}1"),
        rt=repr(first.id),
        key_fields=repr(first.key_fields),
    )
    classes = [record_class_name(rt) for rt in rts]
    parts = [
        _header(cat),
        doc,
        "\nimport datetime\nfrom typing import ClassVar, TypeAlias\n\nimport attrs\n\n",
        "from bbic_su.spec import codes\n\n",
        _render_all(["RECORDS", "Record", *classes]),
    ]
    parts.extend("\n\n" + _render_record(cat, rt) for rt in rts)
    parts.append("\n\n")
    parts.append(f"Record: TypeAlias = {' | '.join(classes)}\n")
    parts.append('"""Any generated record class."""\n\n')
    mapping = [f"{_q(rt.id)}: {record_class_name(rt)}" for rt in rts]
    parts.append(_assign("", "RECORDS: dict[str, type[Record]]", mapping, "{", "}"))
    parts.append('"""Record-type id → its record class."""\n')
    return "".join(parts)
