"""Mapping profiles: the schema (clear errors with key paths), catalogue checks, shipped profiles."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from importkit import profile_dict, write_profile

import bbic_su
from bbic_su.importing.profile import (
    ProfileError,
    canonical_profile_yaml,
    example_exports,
    load_profile,
    profile_from_dict,
    shipped_profile_path,
    shipped_profiles,
)

CAT = bbic_su.catalog()
OK_COLUMNS = [
    {"column": "Id", "variable": "barn_id", "kind": "text"},
    {"column": "Kön", "variable": "kon"},
]


def fails(data: Any, expected_path: str, expected_text: str) -> None:
    with pytest.raises(ProfileError) as err:
        profile_from_dict(data, "p.yaml")
    text = str(err.value)
    assert text.startswith("p.yaml: ")
    assert expected_path in text, text
    assert expected_text in text, text
    assert "\n" not in text


def test_a_valid_profile_loads() -> None:
    p = profile_from_dict(profile_dict("barn", OK_COLUMNS))
    assert p.files[0].columns[1].variable == "kon"
    assert not p.uses_identity


@pytest.mark.parametrize(
    ("mutate", "path", "text"),
    [
        (lambda d: d.update(schema="other/1"), "schema", "expected 'bbic-su-profile/1'"),
        (lambda d: d.pop("name"), "name", "required key missing"),
        (lambda d: d.update(colour="blue"), "", "unknown key(s) colour"),
        (
            lambda d: d["files"][0].update(record_type="bar"),
            "files[0].record_type",
            "did you mean 'barn'",
        ),
        (
            lambda d: d["files"][0].update(layout="diagonal"),
            "files[0].layout",
            "'diagonal' is not one of",
        ),
        (
            lambda d: d["files"][0].update(layout="long"),
            "files[0].long",
            "exactly when layout is long",
        ),
        (lambda d: d["files"][0].update(delimiter=":"), "files[0].delimiter", "is not one of"),
        (
            lambda d: d["files"][0].update(encoding="klingon"),
            "files[0].encoding",
            "unknown encoding",
        ),
        (lambda d: d["files"][0].update(header_row=0), "files[0].header_row", "count from 1"),
        (
            lambda d: d["files"][0].update(header_row="2"),
            "files[0].header_row",
            "expected an integer",
        ),
        (
            lambda d: d["files"][0]["columns"][1].update(variable="konn"),
            "columns[1].variable",
            "did you mean 'kon'",
        ),
        (
            lambda d: d["files"][0]["columns"][1].update(values={"K": "girl"}),
            "columns[1].values",
            "unknown code of value set kon 'girl'",
        ),
        (
            lambda d: d["files"][0]["columns"][1].update(values={1: "flicka"}),
            "columns[1].values",
            "expected a string",
        ),
        (
            lambda d: d["files"][0]["columns"][1].update(date_formats=["YYYY-MM-DD"]),
            "columns[1].date_formats",
            "is not a date format",
        ),
        (
            lambda d: d["files"][0]["columns"][1].update(kind="option", option="flicka"),
            "columns[1]",
            "multi-select variable",
        ),
        (
            lambda d: d["files"][0]["columns"][1].update(kind="identity"),
            "columns[1]",
            "fills a key or text column",
        ),
        (
            lambda d: d["files"][0]["columns"][1].update(column="id"),
            "columns[1].column",
            "mapped twice",
        ),
        (
            lambda d: d["files"][0]["columns"].append({"column": "K2", "variable": "kon"}),
            "columns[2].variable",
            "filled twice",
        ),
        (
            lambda d: d["files"][0]["columns"][0].update(
                kind="identity", derive=[{"variable": "kon", "what": "sex"}]
            ),
            "derive[0]",
            "needs female and male",
        ),
        (
            lambda d: d["files"][0]["columns"][0].update(
                kind="identity",
                derive=[{"variable": "fodelsear", "what": "age", "at": "2024-13-01"}],
            ),
            "derive[0].at",
            "nor an ISO date",
        ),
        (
            lambda d: d["files"][0]["columns"][0].update(
                kind="identity", derive=[{"variable": "kon", "what": "birth_year"}]
            ),
            "derive[0].variable",
            "datatype integer",
        ),
        (
            lambda d: d["files"][0]["columns"][1].update(
                derive=[{"variable": "fodelsear", "what": "birth_year"}]
            ),
            "columns[1].derive",
            "only identity and birth_date",
        ),
        (
            lambda d: d["files"][0].update(constants={"fodelseland_barn": "girl"}),
            "constants.fodelseland_barn",
            "unknown code",
        ),
        (
            lambda d: d.update(value_maps={"koon": {"K": "flicka"}}),
            "value_maps.koon",
            "did you mean 'kon'",
        ),
        (lambda d: d.update(yes_no={"yes": ["J"], "no": ["j"]}), "yes_no", "both yes and no"),
        (lambda d: d.update(files=[]), "files", "at least one"),
    ],
)
def test_schema_and_catalogue_errors_name_the_key_path(mutate: Any, path: str, text: str) -> None:
    data = profile_dict("barn", [dict(c) for c in OK_COLUMNS])
    mutate(data)
    fails(data, path, text)


def test_age_derivation_needs_a_date_variable_or_iso_date() -> None:
    cols = [
        {
            "column": "Pnr",
            "variable": "barn_id",
            "kind": "identity",
            "derive": [{"variable": "alder_vid_aktualisering", "what": "age", "at": "anmalare"}],
        }
    ]
    fails(profile_dict("aktualisering", cols), "derive[0].at", "not a date variable")
    cols[0]["derive"][0]["at"] = "2024-06-30"
    assert profile_from_dict(profile_dict("aktualisering", cols)).uses_identity


def test_profile_files_bad_yaml_missing_and_unknown_names(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema: [unclosed\n", encoding="utf-8")
    with pytest.raises(ProfileError, match=r"bad\.yaml: .*not valid YAML"):
        load_profile(bad)
    dup = tmp_path / "dup.yaml"
    dup.write_text("schema: a\nschema: b\n", encoding="utf-8")
    with pytest.raises(ProfileError, match="duplicate key"):
        load_profile(dup)
    with pytest.raises(ProfileError, match="not a shipped profile"):
        load_profile("no_such_profile")
    top = tmp_path / "list.yaml"
    top.write_text("- a\n", encoding="utf-8")
    with pytest.raises(ProfileError, match="expected a mapping"):
        load_profile(top)
    ok = write_profile(tmp_path, profile_dict("barn", OK_COLUMNS))
    assert load_profile(ok).name == "test"


def test_shipped_profiles_load_and_examples_say_they_are_examples() -> None:
    assert {"canonical", "exempel_bred_cp1252", "exempel_lang"} <= set(shipped_profiles())
    for name in shipped_profiles():
        p = load_profile(name)
        text = shipped_profile_path(name).read_text(encoding="utf-8")
        if name.startswith("exempel"):
            assert p.example
            assert "EXAMPLE LAYOUT, NOT ANY VENDOR'S REAL FORMAT" in text.splitlines()[0]
            assert example_exports(name), name
    assert load_profile("exempel_bred_cp1252").uses_identity
    assert any(f.layout == "long" for f in load_profile("exempel_lang").files)


def test_canonical_profile_file_is_generated_from_the_catalogue() -> None:
    text = shipped_profile_path("canonical").read_text(encoding="utf-8")
    assert text == canonical_profile_yaml(), (
        "regenerate with bbic_su.importing.profile.canonical_profile_yaml()"
    )


def test_canonical_profile_is_the_identity_mapping_of_the_catalogue() -> None:
    p = load_profile("canonical")
    assert [f.record_type for f in p.files] == [rt.id for rt in CAT.record_types]
    for fm in p.files:
        rt = CAT.record_type(fm.record_type)
        expected = [*rt.key_fields, *(v.id for v in CAT.variables_of(rt.id))]
        assert [c.column for c in fm.columns] == expected
        assert [c.variable for c in fm.columns] == expected
        assert fm.file == f"{rt.id}.csv"
        assert all(c.optional for c in fm.columns)
