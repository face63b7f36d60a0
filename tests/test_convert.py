"""Conversion of generated records to and from dicts and JSON: round trips and junk."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from typing import Any

import pytest
import strategies as S
from hypothesis import given
from hypothesis import strategies as st

from bbic_su.errors import BbicSuError, ConversionError, UnknownIdError
from bbic_su.interchange.convert import from_dict, from_json, to_dict, to_json
from bbic_su.spec.codes import VALUE_SETS
from bbic_su.spec.records import RECORDS

RECORD_TYPES = [rt.id for rt in S.CAT.record_types]
PNR = re.compile(r"(?<!\d)(?:\d{6}|\d{8})[-+]?\d{4}(?!\d)")


def _paths(err: ConversionError) -> list[str]:
    return [p for p, _ in err.errors]


def _hits(err: ConversionError, field: str) -> bool:
    return any(p == f"$.{field}" or p.startswith(f"$.{field}[") for p in _paths(err))


def _valid_dict(record_type: str) -> dict[str, Any]:
    return {k: f"{k}-1" for k in RECORDS[record_type].KEY_FIELDS}


# ------------------------------------------------------------- round trips


@pytest.mark.parametrize("record_type", RECORD_TYPES)
@given(data=st.data())
def test_dict_round_trip(record_type: str, data: st.DataObject) -> None:
    record = data.draw(S.records(record_type))
    assert from_dict(to_dict(record), record_type) == record
    assert from_dict(to_dict(record), RECORDS[record_type]) == record
    assert from_dict(to_dict(record)) == record  # record type inferred from the keys


@pytest.mark.parametrize("record_type", RECORD_TYPES)
@given(data=st.data())
def test_json_round_trip(record_type: str, data: st.DataObject) -> None:
    record = data.draw(S.records(record_type))
    text = to_json(record)
    assert json.loads(text) == to_dict(record)
    assert from_json(text, record_type) == record
    assert from_json(text.encode("utf-8"), RECORDS[record_type]) == record


@pytest.mark.parametrize("record_type", RECORD_TYPES)
@given(data=st.data())
def test_dict_shapes(record_type: str, data: st.DataObject) -> None:
    record = data.draw(S.records(record_type))
    out = to_dict(record)
    assert list(out) == list(S.field_names(record_type))
    for var in S.national_variables(record_type):
        value = out[var.id]
        if var.datatype == "codes":
            assert isinstance(value, list)
            assert value == sorted(value)
            assert all(type(v) is str for v in value)
        elif value is None:
            continue
        elif var.datatype == "code":
            assert type(value) is str
            assert value in S.CAT.value_set(str(var.value_set)).code_ids
        elif var.datatype == "date":
            assert dt.date.fromisoformat(value) == getattr(record, var.id)
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)


def test_missing_values_are_kept_as_none() -> None:
    record = RECORDS["insats"](insats_id="i1", barn_id="b1")
    out = to_dict(record)
    assert out["utredning_id"] is None
    assert out["insatstyp"] is None
    assert all(out[v.id] == [] for v in S.national_variables("insats") if v.multi_select)


def test_multi_select_accepts_any_sequence_and_sorts() -> None:
    var = next(v for v in S.CAT.variables if v.multi_select)
    codes = list(S.CAT.value_set(str(var.value_set)).code_ids)[:3]
    data = {**_valid_dict(var.record_type), var.id: list(reversed(codes))}
    record = from_dict(data, var.record_type)
    enum_cls = VALUE_SETS[str(var.value_set)]
    assert getattr(record, var.id) == frozenset(enum_cls(c) for c in codes)
    assert to_dict(record)[var.id] == sorted(codes)
    data[var.id] = tuple(codes)
    assert from_dict(data, var.record_type) == record


# -------------------------------------------------------------------- junk


@pytest.mark.parametrize("record_type", RECORD_TYPES)
@given(data=st.data())
def test_junk_in_any_field_names_that_field(record_type: str, data: st.DataObject) -> None:
    base = data.draw(S.record_dicts(record_type))
    field = data.draw(st.sampled_from(S.field_names(record_type)))
    junk = data.draw(S.invalid_for(record_type, field))
    base[field] = junk
    with pytest.raises(ConversionError) as info:
        from_dict(base, record_type)
    assert info.value.record_type == record_type
    assert _hits(info.value, field), info.value.errors
    assert all(p == f"$.{field}" or p.startswith(f"$.{field}[") for p in _paths(info.value))


@pytest.mark.parametrize("record_type", RECORD_TYPES)
@given(data=st.data())
def test_junk_in_json_gives_conversion_error(record_type: str, data: st.DataObject) -> None:
    base = data.draw(S.record_dicts(record_type))
    field = data.draw(st.sampled_from(S.field_names(record_type)))
    base[field] = data.draw(S.invalid_for(record_type, field))
    with pytest.raises(ConversionError) as info:
        from_json(json.dumps(base), record_type)
    assert _hits(info.value, field)


@given(junk=S.junk_values().filter(lambda v: not isinstance(v, dict)))
def test_a_non_object_is_rejected_at_the_root(junk: Any) -> None:
    with pytest.raises(ConversionError) as info:
        from_dict(junk, "barn")
    assert _paths(info.value) == ["$"]


@given(text=st.text(max_size=30))
def test_junk_text_is_never_a_crash(text: str) -> None:
    with pytest.raises(ConversionError) as info:
        from_json(text, "uppfoljning")
    assert info.value.errors


@pytest.mark.parametrize("record_type", RECORD_TYPES)
@given(data=st.data())
def test_unknown_keys_are_rejected(record_type: str, data: st.DataObject) -> None:
    base = data.draw(S.record_dicts(record_type))
    key = data.draw(
        st.text(min_size=1, max_size=40).filter(lambda k: k not in base and not PNR.search(k))
    )
    base[key] = data.draw(S.junk_values())
    with pytest.raises(ConversionError) as info:
        from_dict(base, record_type)
    assert info.value.errors == ((f"$.{key}", f"unknown field {key!r}"),)


@pytest.mark.parametrize("record_type", RECORD_TYPES)
def test_missing_key_fields_are_reported(record_type: str) -> None:
    rt = S.CAT.record_type(record_type)
    required = [k.field for k in rt.keys if k.role in ("primary", "parent_ref")]
    data = {k: v for k, v in _valid_dict(record_type).items() if k not in required}
    assert from_dict({**data, **dict.fromkeys(required, "x")}, record_type)
    with pytest.raises(ConversionError) as info:
        from_dict(data, record_type)
    assert info.value.errors == tuple((f"$.{k}", f"missing required field {k!r}") for k in required)


def test_messages_for_each_kind_of_fault() -> None:
    data = {
        **_valid_dict("uppfoljning"),
        "uppfoljningsdatum": "2024-02-30",
        "uppfoljningstyp": "x",
        "enskilda_samtal_med_barnet": "3",
        "samverkan_insats": ["skola", "nope"],
        "insats_id": 7,
        "foo": 1,
    }
    with pytest.raises(ConversionError) as info:
        from_dict(data, "uppfoljning")
    assert dict(info.value.errors) == {
        "$.insats_id": "expected a string, got int",
        "$.uppfoljningsdatum": "'2024-02-30' is not a date (YYYY-MM-DD)",
        "$.uppfoljningstyp": "'x' is not a code of value set uppfoljningstyp",
        "$.enskilda_samtal_med_barnet": "expected an integer, got str",
        "$.samverkan_insats[1]": "'nope' is not a code of value set samverkanspart",
        "$.foo": "unknown field 'foo'",
    }
    assert isinstance(info.value, BbicSuError)
    assert str(info.value).startswith("cannot convert uppfoljning record: ")


def test_strict_scalars() -> None:
    base = _valid_dict("uppfoljning")
    for field, value in [
        ("enskilda_samtal_med_barnet", True),
        ("enskilda_samtal_med_barnet", 2.0),
        ("uppfoljningsdatum", "20240101"),
        ("uppfoljningsdatum", dt.datetime(2024, 1, 1)),
        ("samverkan_insats", "skola"),
        ("samverkan_insats", None),
    ]:
        with pytest.raises(ConversionError) as info:
            from_dict({**base, field: value}, "uppfoljning")
        assert _paths(info.value) == [f"$.{field}"]
    ok = from_dict({**base, "uppfoljningsdatum": dt.date(2024, 1, 1)}, "uppfoljning")
    assert ok.uppfoljningsdatum == dt.date(2024, 1, 1)


# ------------------------------------------------------------------ privacy


@given(pnr=S.personnummer, where=st.sampled_from(["code", "date", "integer", "codes", "key"]))
def test_personnummer_never_appears_in_a_message(pnr: str, where: str) -> None:
    data: dict[str, Any] = _valid_dict("uppfoljning")
    field = {
        "code": "uppfoljningstyp",
        "date": "uppfoljningsdatum",
        "integer": "antal_placeringsbyten",
        "codes": "samverkan_insats",
        "key": pnr,
    }[where]
    data[field] = [pnr] if where == "codes" else pnr
    with pytest.raises(ConversionError) as info:
        from_dict(data, "uppfoljning")
    message = str(info.value) + repr(info.value.errors)
    assert pnr not in message
    assert PNR.search(message) is None
    assert "<redacted>" in message or where == "integer"


@given(junk=st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", min_size=41, max_size=300))
def test_long_values_are_truncated(junk: str) -> None:
    data = {**_valid_dict("uppfoljning"), "uppfoljningstyp": junk}
    with pytest.raises(ConversionError) as info:
        from_dict(data, "uppfoljning")
    ((path, message),) = info.value.errors
    assert path == "$.uppfoljningstyp"
    echoed = message.split(" is not a code")[0]
    assert len(echoed) <= 40
    assert junk[:38] not in message


# ---------------------------------------------------------- record types


def test_record_type_resolution() -> None:
    data = _valid_dict("insats")
    assert type(from_dict(data, "insats")) is RECORDS["insats"]
    with pytest.raises(UnknownIdError, match="did you mean 'insats'"):
        from_dict(data, "insatser")
    with pytest.raises(UnknownIdError):
        from_dict(data, dict)
    with pytest.raises(ConversionError, match="pass record_type"):
        from_dict({"kon": "flicka"})


def test_bad_json_and_bad_arguments() -> None:
    with pytest.raises(ConversionError, match=r"\$: not valid JSON \(line 1, column 2\)"):
        from_json("{x", "barn")
    with pytest.raises(ConversionError, match="expected an object"):
        from_json("[1, 2]", RECORDS["barn"])
    with pytest.raises(TypeError, match=r"expected a bbic_su\.spec\.records class"):
        to_dict({"barn_id": "b1"})  # type: ignore[arg-type]


@pytest.mark.slow
def test_convert_does_not_import_pandas() -> None:
    code = "import sys, bbic_su.interchange.convert; sys.exit('pandas' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
