"""Local extensions: a municipality's own variables and answer options in its own namespace."""

from __future__ import annotations

from pathlib import Path

import pytest
from spec_fixtures import LOCAL_CODES, LOCAL_VARIABLE

import bbic_su
from bbic_su import SpecDataError


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_local_variable_and_codes_load_and_are_marked(tmp_path: Path) -> None:
    cat = bbic_su.load_catalog(extra=[_write(tmp_path, "lokal.yaml", LOCAL_VARIABLE + LOCAL_CODES)])
    var = cat.variable("x_familjeradgivning")
    assert var.local and var.record_type == "insats"
    assert [v.id for v in cat.select(local=True)] == ["x_familjeradgivning"]
    code = cat.value_set("anmalare").code("x_fritidsgard")
    assert code.local and code.status == "provisional"
    assert not cat.value_set("anmalare").code("skola").local
    assert cat.extensions == (str(tmp_path / "lokal.yaml"),)
    assert len(cat.variables) == len(bbic_su.catalog().variables) + 1


def test_local_id_must_use_the_x_namespace(tmp_path: Path) -> None:
    text = LOCAL_VARIABLE.replace("x_familjeradgivning", "kon")
    with pytest.raises(
        SpecDataError,
        match=r"lokal\.yaml: variables\[0\]\.id: local variable id 'kon' must start with 'x_'",
    ):
        bbic_su.load_catalog(extra=[_write(tmp_path, "lokal.yaml", text)])


def test_two_files_cannot_define_the_same_local_id(tmp_path: Path) -> None:
    a = _write(tmp_path, "a.yaml", LOCAL_VARIABLE)
    b = _write(tmp_path, "b.yaml", LOCAL_VARIABLE)
    with pytest.raises(
        SpecDataError, match=r"duplicate variable id 'x_familjeradgivning' \(first in .*a\.yaml\)"
    ):
        bbic_su.load_catalog(extra=[a, b])


def test_local_code_cannot_redefine_a_national_code(tmp_path: Path) -> None:
    text = LOCAL_CODES.replace("x_fritidsgard", "skola")
    with pytest.raises(SpecDataError, match="code 'skola' already exists in value set anmalare"):
        bbic_su.load_catalog(extra=[_write(tmp_path, "lokal.yaml", text)])


def test_local_code_needs_the_prefix_and_a_known_value_set(tmp_path: Path) -> None:
    with pytest.raises(SpecDataError, match="must start with 'x_'"):
        bbic_su.load_catalog(
            extra=[_write(tmp_path, "l.yaml", LOCAL_CODES.replace("x_fritidsgard", "fritidsgard"))]
        )
    with pytest.raises(SpecDataError, match="unknown value set 'anmalarna'"):
        bbic_su.load_catalog(
            extra=[_write(tmp_path, "l.yaml", LOCAL_CODES.replace("anmalare", "anmalarna"))]
        )


def test_local_variable_references_are_checked(tmp_path: Path) -> None:
    text = LOCAL_VARIABLE.replace("value_set: ja_nej_uppgift_saknas", "value_set: x_saknas")
    with pytest.raises(
        SpecDataError, match=r"lokal\.yaml: variables\[0\]<x_familjeradgivning>\.value_set"
    ):
        bbic_su.load_catalog(extra=[_write(tmp_path, "lokal.yaml", text)])


def test_unreadable_and_malformed_local_files(tmp_path: Path) -> None:
    with pytest.raises(SpecDataError, match="cannot read file"):
        bbic_su.load_catalog(extra=[tmp_path / "missing.yaml"])
    with pytest.raises(SpecDataError, match="unknown key"):
        bbic_su.load_catalog(extra=[_write(tmp_path, "l.yaml", "variabler: []\n")])
