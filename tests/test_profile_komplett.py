"""The shipped example profile ``exempel_komplett`` (the demo's): in step, complete, its example clean."""

from __future__ import annotations

import csv
import io

import pytest

import bbic_su
from bbic_su.demo import BASE_PROFILE, PROFILE, complete_profile_yaml
from bbic_su.frames.dataset import Dataset
from bbic_su.importing.importer import import_export
from bbic_su.importing.privacy import identity_number
from bbic_su.importing.profile import (
    example_exports,
    load_profile,
    shipped_profile_path,
    shipped_profiles,
)
from bbic_su.importing.report import ImportReport
from bbic_su.validation._validate import validate

CAT = bbic_su.catalog()
KEY = b"a test key for the example, 32 bytes or more"


@pytest.fixture(scope="module")
def imported() -> tuple[Dataset, ImportReport]:
    return import_export(example_exports(PROFILE), PROFILE, key=KEY)


def test_the_shipped_file_is_generated_from_the_base_profile_and_the_catalogue() -> None:
    text = shipped_profile_path(PROFILE).read_text(encoding="utf-8")
    assert text == complete_profile_yaml(), "regenerate with python tools/exempel_komplett.py"


def test_it_is_a_shipped_example_with_the_example_header() -> None:
    assert PROFILE in shipped_profiles()
    profile = load_profile(PROFILE)
    assert profile.name == PROFILE and profile.example
    first = shipped_profile_path(PROFILE).read_text(encoding="utf-8").splitlines()[0]
    assert first == "# EXAMPLE LAYOUT, NOT ANY VENDOR'S REAL FORMAT."


def test_it_maps_every_variable_of_every_record_type_keyed_by_personnummer() -> None:
    profile = load_profile(PROFILE)
    assert [f.record_type for f in profile.files] == [rt.id for rt in CAT.record_types]
    for fm in profile.files:
        rt = CAT.record_type(fm.record_type)
        filled = {str(c.variable) for c in fm.columns if c.variable is not None}
        filled |= {d.variable for c in fm.columns for d in c.derive}
        expected = {*rt.key_fields, *(v.id for v in CAT.variables_of(rt.id))}
        assert expected <= filled, (fm.record_type, sorted(expected - filled))
        identity = [c for c in fm.columns if c.kind == "identity"]
        assert [(c.column, c.variable) for c in identity] == [("Personnummer", "barn_id")]
        assert (fm.encoding, fm.delimiter) == ("auto", ";")


def test_it_keeps_the_base_profile_as_it_is() -> None:
    base, full = load_profile(BASE_PROFILE), load_profile(PROFILE)
    assert (full.date_formats, full.yes_no, full.value_maps) == (
        base.date_formats,
        base.yes_no,
        base.value_maps,
    )
    for fm in base.files:
        mine = next(f for f in full.files if f.record_type == fm.record_type)
        assert mine.file == fm.file
        assert mine.columns[: len(fm.columns)] == fm.columns


def test_the_example_export_has_a_few_rows_of_every_record_type_in_cp1252() -> None:
    files = example_exports(PROFILE)
    assert sorted(p.name for p in files) == sorted(f"{rt.id}.csv" for rt in CAT.record_types)
    for path in files:
        data = path.read_bytes()
        text = data.decode("cp1252")
        assert "\r\n" in text
        rows = list(csv.reader(io.StringIO(text), delimiter=";"))
        assert rows[0][0] == "Personnummer"
        assert 2 <= len(rows) - 1 <= 10, path.name
        for row in rows[1:]:
            number = identity_number(row[0])  # a valid shape and check digit
            assert row[0][9:11] in ("98", "99"), row[0]  # the example serials
            assert number.birth_date.year <= 2024 and not number.coordination
    barn = next(p for p in files if p.name == "barn.csv").read_bytes()
    assert "ö".encode("cp1252") in barn and "ö".encode() not in barn


def test_the_example_imports_with_no_rejected_row(
    imported: tuple[Dataset, ImportReport],
) -> None:
    dataset, report = imported
    assert report.rows_rejected == 0
    assert report.rows_imported == report.rows_read > 0
    assert report.unmapped_values == 0
    for rt in CAT.record_types:
        assert len(dataset[rt.id]) >= 2, rt.id
    children = set(dataset["barn"]["barn_id"])
    for rt in CAT.record_types:
        assert set(dataset[rt.id]["barn_id"]) <= children, rt.id
    # sex and birth year derived from the identity numbers, which are gone
    assert dataset["barn"]["kon"].notna().all() and dataset["barn"]["fodelsear"].notna().all()
    assert not dataset["barn"]["barn_id"].str.contains("-").any()


def test_the_imported_example_validates_without_errors(
    imported: tuple[Dataset, ImportReport],
) -> None:
    dataset, _ = imported
    found = validate(dataset, extraction_date="2024-12-31")
    assert found.counts_by_severity().get("error", 0) == 0, found.to_json()
