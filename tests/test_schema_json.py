"""JSON Schema of the record form: valid 2020-12, accepts canonical records, fails where bbic-su does."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from schema_support import complete, complete_records, record_fields, schema_fields, valid_value
from spec_fixtures import LOCAL_VARIABLE
from strategies import CAT, int_range, record_dicts

import bbic_su
from bbic_su.interchange import DATE_PATTERN, json_schema, json_schema_bundle, schema_base

RECORD_TYPES = [rt.id for rt in CAT.record_types]
SCHEMAS = {rt: json_schema(rt) for rt in RECORD_TYPES}
PLAN = bbic_su.FollowUpPlan.from_dict(
    {
        "name": "Barnets röst",
        "question": "Får barnen komma till tals?",
        "variables": ["kon", "barnet_traffat_enskilt", "antal_samtal_med_barnet", "sammanbrott"],
        "mandatory": ["barnet_traffat_enskilt", "antal_samtal_med_barnet", "sammanbrott"],
    }
)
LOCAL = LOCAL_VARIABLE


def base_record(rt: str) -> dict[str, Any]:
    """A complete record with every field present (missing ones as None)."""
    fields = [*CAT.record_type(rt).key_fields, *(v.id for v in CAT.variables_of(rt))]
    return complete(rt, dict.fromkeys(fields))


def corruptions(rt: str) -> list[tuple[str, Any]]:
    """``(field, bad value)`` for every rule kind a JSON Schema expresses."""
    out: list[tuple[str, Any]] = [("anteckning", "fritext")]
    for kf in CAT.record_type(rt).keys:
        out += [(kf.field, "19121212-1212"), (kf.field, "k" * 65), (kf.field, "a\x01b")]
        if kf.role in ("primary", "parent_ref"):
            out.append((kf.field, None))
    for var in CAT.variables_of(rt):
        if any(r.required for r in var.rules):
            out.append((var.id, None))
        if var.datatype == "code":
            out += [(var.id, "inte_en_kod"), (var.id, "Barnet sa nej")]
        elif var.datatype == "codes":
            out += [(var.id, ["inte_en_kod"]), (var.id, [valid_value(rt, var.id)[0], "zz"])]
        elif var.datatype == "date":
            out += [(var.id, "2023-02-29"), (var.id, "20240301"), (var.id, "2024-3-1")]
        elif var.datatype == "integer":
            lo, hi = int_range(var)
            if any(r.range for r in var.rules):
                out += [(var.id, lo - 1), (var.id, hi + 1)]
    return out


CASES = [(rt, field, bad) for rt in RECORD_TYPES for field, bad in corruptions(rt)]


@pytest.mark.parametrize("rt", RECORD_TYPES)
def test_schemas_are_valid_2020_12_schemas(rt: str) -> None:
    Draft202012Validator.check_schema(SCHEMAS[rt])
    Draft202012Validator.check_schema(json_schema(rt, plan=PLAN))
    assert SCHEMAS[rt]["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert SCHEMAS[rt]["$id"] == f"https://bbic-su.invalid/schema/{CAT.spec.version}/{rt}.json"


@pytest.mark.parametrize("rt", RECORD_TYPES)
def test_properties_follow_the_catalogue(rt: str) -> None:
    schema = SCHEMAS[rt]
    record_type = CAT.record_type(rt)
    assert list(schema["properties"]) == [
        *record_type.key_fields,
        *(v.id for v in CAT.variables_of(rt)),
    ]
    rich = json_schema(rt, annotations=True)
    assert rich["x-bbic-su-requirement-id"] == f"BBIC-SU-RT-{rt}"
    assert schema["$comment"].startswith(f"Krav-id BBIC-SU-RT-{rt}; status ")
    assert CAT.spec.version in schema["$comment"]
    assert not [k for k in schema if k.startswith("x-")]
    for var in CAT.variables_of(rt):
        assert not [k for k in schema["properties"][var.id] if k.startswith("x-")]
        assert schema["properties"][var.id]["$comment"].startswith(
            f"Krav-id {bbic_su.requirement_id(var)}; status {var.status}"
        )
        prop = rich["properties"][var.id]
        assert prop["title"] == var.name_sv
        assert prop["x-bbic-su-description-en"] == var.definition_en
        assert prop["x-bbic-su-requirement-id"] == bbic_su.requirement_id(var)
        assert prop["x-bbic-su-status"] == var.status
        if var.value_set is not None:
            codes = list(CAT.value_set(var.value_set).code_ids)
            found = prop["items"]["enum"] if var.datatype == "codes" else prop["enum"]
            assert [c for c in found if c is not None] == codes
            assert prop["x-bbic-su-value-set"] == var.value_set


@given(rt=st.sampled_from(RECORD_TYPES), data=st.data())
def test_records_agree_with_validate_record(rt: str, data: st.DataObject) -> None:
    """Any record from the strategies: the schema rejects exactly the fields validation does."""
    record = data.draw(record_dicts(rt))
    assert schema_fields(SCHEMAS[rt], record) == record_fields(rt, record)


@given(rt=st.sampled_from(RECORD_TYPES), data=st.data())
def test_canonical_records_validate(rt: str, data: st.DataObject) -> None:
    record = data.draw(complete_records(rt))
    Draft202012Validator(SCHEMAS[rt]).validate(record)
    assert record_fields(rt, record) == set()


@pytest.mark.parametrize(
    ("rt", "field", "bad"), CASES, ids=[f"{c[0]}-{c[1]}-{c[2]!r}"[:60] for c in CASES]
)
def test_corrupted_records_fail_on_the_same_field(rt: str, field: str, bad: Any) -> None:
    record = base_record(rt)
    assert schema_fields(SCHEMAS[rt], record) == set() == record_fields(rt, record)
    record[field] = bad
    expected = record_fields(rt, record)
    assert field in expected
    assert schema_fields(SCHEMAS[rt], record) == expected


@pytest.mark.parametrize("rt", RECORD_TYPES)
def test_missing_required_property_fails_like_validation(rt: str) -> None:
    record = base_record(rt)
    for field in SCHEMAS[rt]["required"]:
        partial = {k: v for k, v in record.items() if k != field}
        assert schema_fields(SCHEMAS[rt], partial) == {field} == record_fields(rt, partial)


def test_plan_mandatory_becomes_required_unless_conditional() -> None:
    conditional = [v for v in PLAN.mandatory if CAT.variable(v).applies_if]
    unconditional = [v for v in PLAN.mandatory if not CAT.variable(v).applies_if]
    assert conditional and unconditional, "the test plan needs both kinds"
    for var in PLAN.mandatory:
        rt = CAT.variable(var).record_type
        schema = json_schema(rt, plan=PLAN)
        assert (var in schema["required"]) == (var in unconditional)
        assert schema["$id"].startswith(schema_base(CAT, PLAN))
        assert "/plan-" in schema["$id"]
        record = complete(rt, dict.fromkeys(schema["properties"]))
        record[var] = None
        assert schema_fields(schema, record) == record_fields(rt, record, PLAN)


def test_local_fields_are_allowed_and_local_variables_described(tmp_path: Path) -> None:
    record = base_record("insats")
    record["x_egen_uppgift"] = "ja"
    assert schema_fields(SCHEMAS["insats"], record) == set()
    (tmp_path / "lokal.yaml").write_text(LOCAL, encoding="utf-8")
    cat = bbic_su.load_catalog(extra=[tmp_path / "lokal.yaml"])
    schema = json_schema("insats", catalog=cat)
    prop = json_schema("insats", catalog=cat, annotations=True)["properties"]["x_familjeradgivning"]
    assert prop["x-bbic-su-local"] is True
    assert "/local-" in schema["$id"] and schema["$id"] != SCHEMAS["insats"]["$id"]
    record["x_familjeradgivning"] = "kanske"
    assert schema_fields(schema, record) == {"x_familjeradgivning"}


def test_bundle_accepts_a_record_of_any_type_and_rejects_junk() -> None:
    bundle = json_schema_bundle()
    Draft202012Validator.check_schema(bundle)
    validator = Draft202012Validator(bundle)
    for rt in RECORD_TYPES:
        assert validator.is_valid(base_record(rt)), rt
    assert not validator.is_valid({"foo": 1})
    assert set(bundle["$defs"]) == set(RECORD_TYPES)


@given(st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)))
def test_date_pattern_accepts_every_date(day: dt.date) -> None:
    assert re.fullmatch(DATE_PATTERN, day.isoformat())


@given(st.from_regex(r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}\Z"))
def test_date_pattern_matches_fromisoformat(text: str) -> None:
    try:
        dt.date.fromisoformat(text)
        real = True
    except ValueError:
        real = False
    assert bool(re.fullmatch(DATE_PATTERN, text)) == real
