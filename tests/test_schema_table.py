"""Table Schema, Data Package and CSV templates, checked with the ``frictionless`` package."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import frictionless
import pytest
from hypothesis import HealthCheck, given, settings
from schema_support import bbic_cells, frames_of, linked_datasets
from strategies import CAT

import bbic_su
from bbic_su.interchange import csv_template, data_package, table_schema

RECORD_TYPES = [rt.id for rt in CAT.record_types]
PLAN = bbic_su.FollowUpPlan.from_dict(
    {
        "question": "Får barnen komma till tals i utredningen?",
        "variables": ["kon", "barnet_traffat_enskilt", "antal_samtal_med_barnet"],
        "mandatory": ["barnet_traffat_enskilt"],
    }
)


def write_with_descriptor(dataset: bbic_su.Dataset, folder: Path) -> Path:
    """Write ``dataset`` as CSV, with ``data_package(columns=...)`` as its descriptor."""
    bbic_su.write_dataset(dataset, folder)
    columns = {name: [str(c) for c in frame.columns] for name, frame in dataset.frames.items()}
    path = folder / "datapackage.json"
    path.write_text(json.dumps(data_package(columns=columns), ensure_ascii=False), "utf-8")
    return path


def frictionless_cells(path: Path) -> set[tuple[str, int, str]]:
    """``(resource, data row, field)`` of every cell or row error frictionless reports."""
    report = frictionless.validate(str(path))
    assert not report.errors, [e.message for e in report.errors]
    cells = set()
    for task in report.tasks:
        pk = CAT.record_type(task.name).key
        for err in task.errors:
            field = getattr(err, "field_name", None)
            if err.type == "primary-key":
                field = pk
            elif err.type == "foreign-key":
                field = err.field_names[0]
            assert field is not None, (task.name, err.type, err.note)
            cells.add((task.name, err.row_number - 1, field))
    return cells


def test_descriptors_are_valid() -> None:
    assert frictionless.Package.validate_descriptor(data_package()).valid
    assert frictionless.Package.validate_descriptor(data_package(plan=PLAN)).valid
    for rt in RECORD_TYPES:
        assert frictionless.Schema.validate_descriptor(table_schema(rt)).valid


def test_table_schema_follows_the_catalogue() -> None:
    ts = table_schema("uppfoljning")
    fields = {f["name"]: f for f in ts["fields"]}
    assert list(fields) == list(bbic_su.Dataset().columns_of("uppfoljning"))
    assert ts["primaryKey"] == ["uppfoljning_id"]
    assert ts["missingValues"] == [""]
    refs = {fk["fields"][0]: fk["reference"]["resource"] for fk in ts["foreignKeys"]}
    assert refs == {"barn_id": "barn", "insats_id": "insats"}
    for var in CAT.variables_of("uppfoljning"):
        field = fields[var.id]
        assert field["title"] == var.name_sv
        assert field["x-bbic-su-requirement-id"] == bbic_su.requirement_id(var)
        if var.datatype == "code":
            assert field["constraints"]["enum"] == list(CAT.value_set(str(var.value_set)).code_ids)
        if var.datatype == "codes":
            assert field["type"] == "string" and "pattern" in field["constraints"]
        if var.datatype == "date":
            assert field["type"] == "date"


def test_templates_are_valid_empty_packages(tmp_path: Path) -> None:
    for rt in RECORD_TYPES:
        (tmp_path / f"{rt}.csv").write_text(csv_template(rt), encoding="utf-8")
    (tmp_path / "datapackage.json").write_text(json.dumps(data_package()), encoding="utf-8")
    assert frictionless.validate(str(tmp_path / "datapackage.json")).valid
    assert bbic_su.read_dataset(tmp_path).record_types == tuple(RECORD_TYPES)


def test_plan_restricts_the_layout() -> None:
    package = data_package(plan=PLAN)
    assert [r["name"] for r in package["resources"]] == ["barn", "utredning"]
    utredning = package["resources"][1]["schema"]
    names = [f["name"] for f in utredning["fields"]]
    assert names == [
        *CAT.record_type("utredning").key_fields,
        "barnet_traffat_enskilt",
        "antal_samtal_med_barnet",
    ]
    required = {f["name"] for f in utredning["fields"] if f.get("constraints", {}).get("required")}
    assert "barnet_traffat_enskilt" in required and "antal_samtal_med_barnet" not in required
    refs = [fk["reference"]["resource"] for fk in utredning["foreignKeys"]]
    assert refs == ["barn"]  # aktualisering is not in the package
    assert csv_template("utredning", plan=PLAN).strip().split(",") == names


def test_columns_describe_an_actual_dataset() -> None:
    package = data_package(columns={"barn": ["barn_id", "kon", "anteckning"], "extra": ["a"]})
    barn, extra = package["resources"]
    assert [f["type"] for f in barn["schema"]["fields"]] == ["string", "string", "string"]
    assert "constraints" not in barn["schema"]["fields"][2]
    assert extra["schema"]["fields"] == [{"name": "a", "type": "string"}]
    assert "primaryKey" not in extra["schema"]


@settings(max_examples=2, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=linked_datasets())
def test_canonical_data_passes(tmp_path: Path, rows: dict[str, list[dict[str, Any]]]) -> None:
    dataset = frames_of(rows)
    path = write_with_descriptor(dataset, tmp_path)
    assert frictionless_cells(path) == set()
    assert bbic_cells(bbic_su.validate(bbic_su.read_dataset(tmp_path))) == set()


CORRUPTIONS = [
    ("barn", 1, "kon", "okand"),
    ("barn", 2, "kon", "Barnet sa nej"),
    ("barn", 3, "fodelsear", "1800"),
    ("barn", 4, "fodelsear", "12a"),
    ("aktualisering", 1, "aktualiseringsdatum", "2024-02-30"),
    ("aktualisering", 2, "aktualiseringsdatum", ""),
    ("aktualisering", 3, "anledning_aktualisering", "vald_mot_barnet|inte_en_kod"),
    ("aktualisering", 4, "barn_id", "barn_id-99"),
    ("utredning", 2, "utredning_id", "utredning_id-1"),
    ("utredning", 3, "aktualisering_id", ""),
    ("utredning", 4, "antal_samtal_med_barnet", "-1"),
    ("insats", 2, "insatstyp", ""),
    ("insats", 3, "insats_id", "i" * 65),
    ("uppfoljning", 1, "insats_id", "insats_id-77"),
    ("uppfoljning", 2, "skolgang", "inte_en_kod"),
    ("uppfoljning", 4, "uppfoljningsdatum", "2025-13-01"),
]


@pytest.fixture(scope="module")
def clean_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Four linked records of each record type, valid for every expressible rule."""
    rows: dict[str, list[dict[str, Any]]] = {}
    for rt in CAT.record_types:
        rows[rt.id] = []
        for n in range(1, 5):
            record = {k: f"{k}-{n}" for k in rt.key_fields if k != "kommunkod"}
            record.pop("kopplad_utredning_id", None)
            for var in CAT.variables_of(rt.id):
                if any(r.required for r in var.rules):
                    from schema_support import valid_value

                    record[var.id] = valid_value(rt.id, var.id)
            rows[rt.id].append(record)
    folder = tmp_path_factory.mktemp("clean")
    write_with_descriptor(frames_of(rows), folder)
    return folder


def test_corrupted_cells_fail_on_the_same_cells(clean_folder: Path, tmp_path: Path) -> None:
    assert frictionless_cells(clean_folder / "datapackage.json") == set()
    for path in clean_folder.iterdir():
        (tmp_path / path.name).write_bytes(path.read_bytes())
    for rt, row, column, bad in CORRUPTIONS:
        file = tmp_path / f"{rt}.csv"
        with file.open(encoding="utf-8", newline="") as fh:
            table = list(csv.reader(fh))
        table[row][table[0].index(column)] = bad
        with file.open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh, lineterminator="\n").writerows(table)
    expected = bbic_cells(bbic_su.validate(bbic_su.read_dataset(tmp_path)))
    for rt, row, column, _ in CORRUPTIONS:
        assert (rt, row, column) in expected
    assert frictionless_cells(tmp_path / "datapackage.json") == expected
