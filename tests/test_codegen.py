"""The generated modules codes.py and records.py: no drift, and they mirror the catalogue."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path
from typing import Any

import attrs
import pytest
from helpers import load_tool
from spec_fixtures import LOCAL_EXTENSION

import bbic_su
from bbic_su.spec import codes, records
from bbic_su.spec._codegen import (
    class_name,
    input_digest,
    member_name,
    render_codes,
    render_records,
)
from bbic_su.spec.codes import VALUE_SETS, LabelledCode
from bbic_su.spec.records import RECORDS

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT / "src" / "bbic_su" / "spec"
GENERATE = ROOT / "tools" / "generate.py"
CAT = bbic_su.catalog()

LOCAL = LOCAL_EXTENSION


# ------------------------------------------------------------------- drift


@pytest.mark.parametrize(
    ("name", "render"), [("codes.py", render_codes), ("records.py", render_records)]
)
def test_committed_module_matches_a_fresh_rendering(name: str, render: Any) -> None:
    committed = (PKG / name).read_text(encoding="utf-8")
    assert render(CAT) == committed, f"{name} is stale: run python tools/generate.py"


@pytest.mark.parametrize("name", ["codes.py", "records.py"])
def test_header_names_generator_version_and_digest_but_no_timestamp(name: str) -> None:
    head = (PKG / name).read_text(encoding="utf-8").splitlines()[:3]
    assert "tools/generate.py" in head[0]
    assert head[1] == f"# Spec version: {CAT.spec.version}"
    assert head[2] == f"# Input sha256: {input_digest(CAT)}"
    assert not any(str(dt.date.today().year) in line for line in head)


def test_rendering_is_deterministic_and_ignores_local_extensions(tmp_path: Path) -> None:
    path = tmp_path / "lokal.yaml"
    path.write_text(LOCAL, encoding="utf-8")
    local = bbic_su.load_catalog(extra=[path])
    assert render_codes(CAT) == render_codes(CAT) == render_codes(local)
    assert render_records(CAT) == render_records(local)
    assert "x_" not in render_records(local).split('"""', 2)[2]


def test_digest_changes_with_the_catalogue() -> None:
    vs = CAT.value_sets[0]
    relabelled = attrs.evolve(vs, codes=(attrs.evolve(vs.codes[0], label_en="Changed"),))
    changed = attrs.evolve(CAT, value_sets=(relabelled, *CAT.value_sets[1:]))
    assert input_digest(changed) != input_digest(CAT)
    assert "Changed" in render_codes(changed)


# ------------------------------------------------------------------- codes


def test_naming_rules() -> None:
    assert class_name("ja_nej_uppgift_saknas") == "JaNejUppgiftSaknas"
    assert class_name("aldersgrupp_officiell") == "AldersgruppOfficiell"
    assert member_name("uppgift_saknas") == "UPPGIFT_SAKNAS"
    assert member_name("0_3") == "C_0_3"
    with pytest.raises(ValueError, match="no valid member name"):
        member_name("bad-code")


def test_every_value_set_has_an_enum_with_exactly_its_codes_and_labels() -> None:
    assert list(VALUE_SETS) == [vs.id for vs in CAT.value_sets]
    for vs in CAT.value_sets:
        enum_cls = VALUE_SETS[vs.id]
        assert getattr(codes, class_name(vs.id)) is enum_cls
        assert issubclass(enum_cls, LabelledCode)
        assert [m.value for m in enum_cls] == list(vs.code_ids)
        for code, member in zip(vs.codes, enum_cls, strict=True):
            assert member.name == member_name(code.code)
            assert member == code.code
            assert enum_cls(code.code) is member
            assert (member.label_sv, member.label_en) == (code.label_sv, code.label_en)


def test_members_are_plain_code_strings() -> None:
    member = next(iter(VALUE_SETS[CAT.value_sets[0].id]))
    assert str(member) == f"{member}" == member.value
    assert isinstance(member, str)


def test_codes_exports_everything() -> None:
    expected = {"LabelledCode", "VALUE_SETS", *(class_name(vs.id) for vs in CAT.value_sets)}
    assert set(codes.__all__) == expected


# ----------------------------------------------------------------- records


def _expected_type(var: bbic_su.spec.model.Variable) -> Any:
    if var.datatype == "code":
        return VALUE_SETS[str(var.value_set)] | None
    if var.datatype == "codes":
        return frozenset[VALUE_SETS[str(var.value_set)]]  # type: ignore[misc]
    return {"date": dt.date, "integer": int, "text": str}[var.datatype] | None


def test_every_record_type_has_a_class_with_keys_then_variables() -> None:
    assert list(RECORDS) == [rt.id for rt in CAT.record_types]
    assert set(records.__all__) == {"RECORDS", "Record", *(c.__name__ for c in RECORDS.values())}
    for rt in CAT.record_types:
        cls = RECORDS[rt.id]
        assert cls.__name__ == class_name(rt.id)
        assert attrs.has(cls)
        variables = CAT.variables_of(rt.id)
        fields = attrs.fields(cls)
        assert [f.name for f in fields] == [*rt.key_fields, *(v.id for v in variables)]
        assert rt.id == cls.RECORD_TYPE
        assert rt.key_fields == cls.KEY_FIELDS
        assert {v.id for v in variables if any(r.required for r in v.rules)} == cls.REQUIRED
        assert rt.name_sv in (cls.__doc__ or "")
        assert rt.name_en in (cls.__doc__ or "")
        for key in rt.keys:
            field = getattr(fields, key.field)
            if key.role in ("primary", "parent_ref"):
                assert (field.type, field.default) == (str, attrs.NOTHING)
            else:
                assert (field.type, field.default) == (str | None, None)
        for var in variables:
            field = getattr(fields, var.id)
            assert field.type == _expected_type(var), var.id
            assert field.kw_only
            assert field.default == (frozenset() if var.datatype == "codes" else None)
            assert f"{var.id}: {var.name_sv}" in (cls.__doc__ or "")


def test_records_are_frozen_and_keyword_only() -> None:
    cls = RECORDS[CAT.record_types[0].id]
    kwargs = dict.fromkeys(cls.KEY_FIELDS, "k1")
    rec = cls(**kwargs)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        rec.__setattr__(cls.KEY_FIELDS[0], "other")
    with pytest.raises(TypeError):
        cls("k1")


# ------------------------------------------------------------- the script


@pytest.mark.slow
def test_generate_check_passes_on_the_clean_tree() -> None:
    proc = subprocess.run(
        [sys.executable, str(GENERATE), "--check"], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout == ""


def test_generate_check_reports_a_stale_module_and_write_fixes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    gen = load_tool("generate")
    (tmp_path / "spec_data").symlink_to(ROOT / "spec_data", target_is_directory=True)
    out = tmp_path / "src" / "bbic_su" / "spec"
    out.mkdir(parents=True)
    (out / "codes.py").write_text("# stale\n", encoding="utf-8")
    from bbic_su.spec._figures import END, START, render_figures

    (tmp_path / "README.md").write_text(f"# x\n{START}\n| stale |\n{END}\n", encoding="utf-8")
    monkeypatch.setattr(gen, "ROOT", tmp_path)
    assert gen.main(["--check"]) == 1
    captured = capsys.readouterr()
    assert "--- src/bbic_su/spec/codes.py (committed)" in captured.out
    assert "-# stale" in captured.out
    assert "out of date" in captured.err
    assert (out / "codes.py").read_text(encoding="utf-8") == "# stale\n"
    assert gen.main([]) == 0
    assert (out / "codes.py").read_text(encoding="utf-8") == render_codes(CAT)
    assert (out / "records.py").read_text(encoding="utf-8") == render_records(CAT)
    readme = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert readme == f"# x\n{START}\n{render_figures(CAT)}{END}\n"
    assert gen.main(["--check"]) == 0


@pytest.mark.slow
@pytest.mark.parametrize("command", [["format", "--check"], ["check"]])
def test_generated_modules_pass_ruff(command: list[str]) -> None:
    files = [str(PKG / "codes.py"), str(PKG / "records.py")]
    proc = subprocess.run(
        [sys.executable, "-m", "ruff", *command, *files],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
