"""The requirement list in the library equals the kravbilaga the documentation publishes."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import bbic_su
from bbic_su.conformance.kravbilaga import render
from bbic_su.spec.plan import FollowUpPlan
from bbic_su.spec.requirements import GENERAL, requirements

EXT = Path(__file__).resolve().parents[1] / "docs" / "_ext"
sys.path.insert(0, str(EXT))

import bbic_krav  # noqa: E402
from spec_fixtures import LOCAL_VARIABLE  # noqa: E402

LOCAL = LOCAL_VARIABLE


@pytest.fixture(scope="module", params=["packaged", "local"])
def cat(request, tmp_path_factory: pytest.TempPathFactory) -> bbic_su.Catalog:
    if request.param == "packaged":
        return bbic_su.catalog()
    path = tmp_path_factory.mktemp("local") / "lokal.yaml"
    path.write_text(LOCAL, encoding="utf-8")
    return bbic_su.load_catalog(extra=[path])


def test_the_docs_publish_exactly_the_library_list(cat: bbic_su.Catalog) -> None:
    lib = requirements(cat)
    assert bbic_krav.requirements(cat) == list(lib)
    assert bbic_krav.GENERAL is GENERAL
    assert [r[0] for r in bbic_krav.rows(cat)] == [r.id for r in lib]
    assert bbic_krav.files(cat)["kravbilaga.csv"] == render("csv", cat)


def test_ids_are_unique_and_in_kravbilaga_order(cat: bbic_su.Catalog) -> None:
    reqs = requirements(cat)
    ids = [r.id for r in reqs]
    entries = (cat.record_types, cat.variables, cat.value_sets, cat.rules, cat.measures)
    assert len(ids) == len(set(ids)) == len(GENERAL) + sum(len(e) for e in entries)
    assert ids[: len(GENERAL)] == [f"BBIC-SU-KRAV-{i:03d}" for i in range(1, len(GENERAL) + 1)]
    for r in reqs:
        if r.kind == "variable":
            assert r.id == bbic_su.requirement_id(cat.variable(r.variable or ""))
        if r.kind == "record_type":
            assert r.id == bbic_su.requirement_id(cat.record_type(r.record_type or ""))


def test_pinned_texts_do_not_drift() -> None:
    # Tenders cite these words; a change here is a change to a published annex.
    by_id = {r.id: r for r in requirements(bbic_su.catalog())}
    assert by_id["BBIC-SU-KRAV-007"].text_sv == (
        "Exporten ska identifiera barnet med ett pseudonymt barn_id och får aldrig "
        "innehålla personnummer, namn eller fritext."
    )
    assert by_id["BBIC-SU-RT-insats"].text_sv == (
        "Systemet ska kunna exportera posttypen «Insats» (BBIC-SU-RT-insats) med nyckelfälten "
        "insats_id, barn_id, utredning_id, en rad per insats."
    )
    kon = by_id["BBIC-SU-VAR-kon"]
    assert kon.text_sv == (
        "Systemet ska kunna exportera variabeln «Kön» (BBIC-SU-VAR-kon) med värdemängden "
        "«Kön» (BBIC-SU-VS-kon) för posttypen «Barn» (BBIC-SU-RT-barn). Värdemängden "
        "innehåller preliminära koder."
    )
    assert (kon.kind, kon.record_type, kon.variable, kon.value_set) == (
        "variable",
        "barn",
        "kon",
        "kon",
    )
    assert by_id["BBIC-SU-RT-barn"].provisional
    assert "Preliminär: posttypen" in by_id["BBIC-SU-RT-barn"].text_sv


def test_a_plan_scopes_the_list_and_marks_mandatory_variables() -> None:
    plan = FollowUpPlan.from_dict(
        {"question": "?", "variables": ["insatstyp", "kon"], "mandatory": ["insatstyp"]}
    )
    reqs = requirements(bbic_su.catalog(), plan)
    ids = [r.id for r in reqs if r.kind in ("record_type", "variable")]
    assert ids == [
        "BBIC-SU-RT-barn",
        "BBIC-SU-VAR-kon",
        "BBIC-SU-RT-aktualisering",
        "BBIC-SU-RT-utredning",
        "BBIC-SU-RT-insats",
        "BBIC-SU-VAR-insatstyp",
    ]
    by_id = {r.id: r for r in reqs}
    assert by_id["BBIC-SU-VAR-insatstyp"].mandatory
    assert "Uppföljningsplanen kräv-markerar" in by_id["BBIC-SU-VAR-insatstyp"].text_sv
    assert not by_id["BBIC-SU-VAR-kon"].mandatory
    unscoped = {r.id: r for r in requirements(bbic_su.catalog())}
    assert by_id["BBIC-SU-VAR-kon"] == unscoped["BBIC-SU-VAR-kon"]


def test_every_entry_kind_has_its_requirement(cat: bbic_su.Catalog) -> None:
    """Variables, value sets, rules and measures each resolve to a requirement id."""
    ids = {r.id for r in requirements(cat)}
    for entries in (cat.variables, cat.value_sets, cat.rules, cat.measures):
        for e in entries:
            assert bbic_su.requirement_id(e) in ids
