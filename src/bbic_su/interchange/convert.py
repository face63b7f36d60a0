"""Convert generated records to and from plain dicts and JSON, with field-level errors.

>>> import datetime
>>> from bbic_su.spec.codes import Insatstyp
>>> from bbic_su.interchange.convert import from_dict, from_json, to_dict, to_json
>>> from bbic_su.spec.records import Insats
>>> r = Insats(insats_id="i1", barn_id="b1", insatstyp=Insatstyp.FAMILJEBEHANDLING,
...            insats_beslutsdatum=datetime.date(2024, 3, 1))
>>> d = to_dict(r)
>>> d["insatstyp"], d["insats_beslutsdatum"], d["lagrum"]
('familjebehandling', '2024-03-01', None)
>>> from_dict(d, "insats") == r and from_json(to_json(r), Insats) == r
True
>>> from bbic_su.errors import ConversionError
>>> try:
...     from_dict({"insats_id": "i1", "barn_id": "b1", "insatstyp": "x", "foo": 1})
... except ConversionError as err:
...     for path, message in err.errors:
...         print(err.record_type, path, message)
insats $.insatstyp 'x' is not a code of value set insatstyp
insats $.foo unknown field 'foo'

Dicts use the record's field names as keys: dates are ISO 8601 strings
(``YYYY-MM-DD``), single-select codes are code strings, multi-select codes are
sorted lists of code strings and missing values are ``None`` (kept, not
dropped). Structuring is strict: unknown keys, missing key fields, strings
that are not codes of the field's value set, impossible dates, non-integers in
integer fields and non-strings in text fields are all reported together in one
:class:`~bbic_su.errors.ConversionError`, each with its path (``$.kon``,
``$.samverkan_insats[1]``). Value ranges and required variables are checked by
validation, not here. Messages echo at most 40 characters of a bad value and
never a value shaped like a personal identity number.
"""

from __future__ import annotations

import datetime
import json
import re
import typing
from collections.abc import Mapping
from typing import Any, TypeVar, overload

import cattrs
from cattrs.errors import AttributeValidationNote, ClassValidationError, ForbiddenExtraKeysError

from bbic_su.errors import ConversionError, UnknownIdError
from bbic_su.spec.codes import VALUE_SETS, LabelledCode
from bbic_su.spec.records import RECORDS, Record

__all__ = ["from_dict", "from_json", "to_dict", "to_json"]

R = TypeVar("R", bound=Record)

_MAX_ECHO = 40
_PERSONNUMMER = re.compile(r"(?<!\d)(?:\d{6}|\d{8})[-+]?\d{4}(?!\d)")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_VALUE_SET_OF: dict[type[LabelledCode], str] = {cls: vs for vs, cls in VALUE_SETS.items()}


class _Invalid(ValueError):
    """A bad value found by a structure hook: ``(subpath, message)`` pairs."""

    def __init__(self, *faults: tuple[str, str]) -> None:
        self.faults = faults
        super().__init__("; ".join(m for _, m in faults))


def _show(value: str) -> str:
    """Quote a bad string for a message: truncated, and redacted if it looks like a personnummer."""
    if _PERSONNUMMER.search(value):
        return "<redacted>"
    text = repr(value)
    if len(text) > _MAX_ECHO:
        text = repr(value[: _MAX_ECHO - 10])[: _MAX_ECHO - 3] + "..."
    return text


def _kind(value: object) -> str:
    return "null" if value is None else type(value).__name__


def _str(value: object, _: type) -> str:
    if not isinstance(value, str):
        raise _Invalid(("", f"expected a string, got {_kind(value)}"))
    return value


def _int(value: object, _: type) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Invalid(("", f"expected an integer, got {_kind(value)}"))
    return value


def _date(value: object, _: type) -> datetime.date:
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    if not isinstance(value, str):
        raise _Invalid(("", f"expected a date string (YYYY-MM-DD), got {_kind(value)}"))
    if _ISO_DATE.fullmatch(value):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    raise _Invalid(("", f"{_show(value)} is not a date (YYYY-MM-DD)"))


def _is_code_enum(cls: Any) -> bool:
    return isinstance(cls, type) and issubclass(cls, LabelledCode)


def _code(value: object, cls: type[LabelledCode]) -> LabelledCode:
    value_set = _VALUE_SET_OF.get(cls, cls.__name__)
    if not isinstance(value, str):
        raise _Invalid(("", f"expected a code of value set {value_set}, got {_kind(value)}"))
    member = cls._value2member_map_.get(value)
    if not isinstance(member, cls):
        raise _Invalid(("", f"{_show(value)} is not a code of value set {value_set}"))
    return member


def _is_code_set(cls: Any) -> bool:
    args = typing.get_args(cls)
    return typing.get_origin(cls) is frozenset and len(args) == 1 and _is_code_enum(args[0])


def _codes(value: object, cls: Any) -> frozenset[LabelledCode]:
    (member_cls,) = typing.get_args(cls)
    if isinstance(value, str | bytes | Mapping) or not isinstance(
        value, list | tuple | set | frozenset
    ):
        value_set = _VALUE_SET_OF.get(member_cls, member_cls.__name__)
        raise _Invalid(
            ("", f"expected a list of codes of value set {value_set}, got {_kind(value)}")
        )
    items = sorted(value, key=str) if isinstance(value, set | frozenset) else list(value)
    members: list[LabelledCode] = []
    faults: list[tuple[str, str]] = []
    for i, item in enumerate(items):
        try:
            members.append(_code(item, member_cls))
        except _Invalid as exc:
            faults.extend((f"[{i}]{p}", m) for p, m in exc.faults)
    if faults:
        raise _Invalid(*faults)
    return frozenset(members)


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    conv.register_structure_hook(str, _str)
    conv.register_structure_hook(int, _int)
    conv.register_structure_hook(datetime.date, _date)
    # By class (singledispatch), so that it wins over the ``str`` hooks for these str subclasses.
    conv.register_structure_hook(LabelledCode, _code)
    conv.register_structure_hook_func(_is_code_set, _codes)
    conv.register_unstructure_hook(datetime.date, lambda d: d.isoformat())
    conv.register_unstructure_hook(LabelledCode, lambda c: str(c.value))
    conv.register_unstructure_hook_func(_is_code_set, lambda s: sorted(str(c) for c in s))
    return conv


_CONVERTER = _make_converter()


def _key(key: object) -> str:
    """A dict key as it may appear in a path or message."""
    if not isinstance(key, str):
        return f"<{_kind(key)} key>"
    if _PERSONNUMMER.search(key):
        return "<redacted>"
    return key if len(key) <= _MAX_ECHO else key[: _MAX_ECHO - 3] + "..."


def _faults(group: ClassValidationError) -> list[tuple[str, str]]:
    """Turn cattrs' exception group into ``(path, message)`` pairs."""
    out: list[tuple[str, str]] = []
    for exc in group.exceptions:
        if isinstance(exc, ForbiddenExtraKeysError):
            for extra in sorted(exc.extra_fields, key=str):
                out.append((f"$.{_key(extra)}", f"unknown field {_key(extra)!r}"))
            continue
        notes = getattr(exc, "__notes__", [])
        names = [n.name for n in notes if isinstance(n, AttributeValidationNote)]
        path = "$" + "".join(f".{n}" for n in names)
        if isinstance(exc, KeyError):
            out.append((path, f"missing required field {names[-1] if names else '?'!r}"))
        elif isinstance(exc, _Invalid):
            out.extend((path + sub, message) for sub, message in exc.faults)
        else:
            out.append((path, f"invalid value ({type(exc).__name__})"))
    return out


def _name(record_type: str | type[Any] | None) -> str:
    """The record-type id to name in an error raised before the class is known."""
    if isinstance(record_type, str):
        return record_type
    return str(getattr(record_type, "RECORD_TYPE", "unknown"))


def _resolve(record_type: str | type[Any] | None, data: Mapping[Any, Any]) -> type[Record]:
    if isinstance(record_type, str):
        if record_type not in RECORDS:
            raise UnknownIdError("record type", record_type, RECORDS)
        return RECORDS[record_type]
    if record_type is not None:
        if record_type not in RECORDS.values():
            name = getattr(record_type, "__name__", repr(record_type))
            raise UnknownIdError("record class", name, [c.__name__ for c in RECORDS.values()])
        return record_type
    # Infer: the record types whose primary key is present, less those whose
    # primary key another candidate also carries (its parent reference).
    present = [cls for cls in RECORDS.values() if cls.KEY_FIELDS[0] in data]
    found = [
        cls
        for cls in present
        if not any(cls.KEY_FIELDS[0] in o.KEY_FIELDS[1:] for o in present if o is not cls)
    ]
    if len(found) != 1:
        raise ConversionError(
            "unknown", [("$", "cannot tell the record type from the keys; pass record_type")]
        )
    return found[0]


@overload
def from_dict(data: Mapping[str, Any], record_type: type[R]) -> R: ...
@overload
def from_dict(data: Mapping[str, Any], record_type: str | None = None) -> Record: ...
def from_dict(data: Mapping[str, Any], record_type: str | type[Any] | None = None) -> Record:
    """Structure a dict into a record.

    Args:
        data: Field name → value, as produced by :func:`to_dict` (or JSON).
        record_type: The record-type id (``"insats"``) or record class; ``None``
            infers it from the primary key present in ``data`` (the deepest
            record type whose ``<type>_id`` is a key).

    Returns:
        An instance of the record class.

    Raises:
        ConversionError: ``data`` is not a mapping or has bad, unknown or
            missing fields; ``errors`` lists every fault with its path.
        UnknownIdError: ``record_type`` is not a record type.
    """
    if not isinstance(data, Mapping):
        message = f"expected an object (mapping), got {_kind(data)}"
        raise ConversionError(_name(record_type), [("$", message)])
    cls = _resolve(record_type, data)
    try:
        return _CONVERTER.structure(dict(data), cls)
    except ClassValidationError as group:
        raise ConversionError(cls.RECORD_TYPE, _faults(group)) from None
    except Exception as exc:  # a safety net: never let a bare traceback through
        message = f"invalid record ({type(exc).__name__})"
        raise ConversionError(cls.RECORD_TYPE, [("$", message)]) from None


def to_dict(record: Record) -> dict[str, Any]:
    """Unstructure a record into a JSON-ready dict (see the module docstring for the shapes).

    Raises:
        TypeError: ``record`` is not an instance of a generated record class.
    """
    if type(record) not in RECORDS.values():
        raise TypeError(f"expected a bbic_su.spec.records class, got {type(record).__name__}")
    result: dict[str, Any] = _CONVERTER.unstructure(record)
    return result


def to_json(record: Record) -> str:
    """Serialise a record as a JSON object (UTF-8 text, fields in record order)."""
    return json.dumps(to_dict(record), ensure_ascii=False)


@overload
def from_json(text: str | bytes, record_type: type[R]) -> R: ...
@overload
def from_json(text: str | bytes, record_type: str | None = None) -> Record: ...
def from_json(text: str | bytes, record_type: str | type[Any] | None = None) -> Record:
    """Parse a JSON object and structure it into a record (see :func:`from_dict`).

    Raises:
        ConversionError: The text is not valid JSON or the object is not a valid record.
        UnknownIdError: ``record_type`` is not a record type.
    """
    try:
        data = json.loads(text)
    except (ValueError, TypeError) as exc:
        where = ""
        if isinstance(exc, json.JSONDecodeError):
            where = f" (line {exc.lineno}, column {exc.colno})"
        raise ConversionError(_name(record_type), [("$", f"not valid JSON{where}")]) from None
    return from_dict(data, record_type)
