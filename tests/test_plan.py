"""Follow-up plans: the bounded question, selected variables and mandatory marks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from spec_fixtures import LOCAL_VARIABLE

import bbic_su
from bbic_su import PlanError

PLAN = """
name: Delaktighet i utredning 2025
question: Får barnen komma till tals i utredningen?
variables: [kon, fodelsear, aktualiseringsdatum, utredning_inledd_datum, utredning_avslutad_datum,
            barnet_traffat_enskilt, barnet_delaktigt_utredning]
mandatory: [barnet_traffat_enskilt, barnet_delaktigt_utredning]
age_scope: "0_18"
period: {start: "2025-01-01", end: "2025-12-31"}
"""


def _plan(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_load_plan(tmp_path: Path) -> None:
    plan = bbic_su.load_plan(_plan(tmp_path, PLAN))
    assert plan.name == "Delaktighet i utredning 2025"
    assert plan.mandatory == ("barnet_traffat_enskilt", "barnet_delaktigt_utredning")
    assert plan.is_mandatory("barnet_traffat_enskilt") and not plan.is_mandatory("kon")
    assert (plan.age.min, plan.age.max) == (0, 18) if plan.age else False
    assert plan.period and plan.period.start == dt.date(2025, 1, 1)
    assert plan.covers_age(18) and not plan.covers_age(19)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "            barnet_traffat_enskilt,",
            "            barnet_traffad_enskilt,",
            r"variables\[5\]: unknown variable 'barnet_traffad_enskilt'; did you mean 'barnet_traffat_enskilt'",
        ),
        (
            "variables: [kon, fodelsear, aktualiseringsdatum, utredning_inledd_datum, utredning_avslutad_datum,\n            barnet_traffat_enskilt, barnet_delaktigt_utredning]",
            "variables: []",
            "select at least one variable",
        ),
        ('age_scope: "0_18"', "age: {min: 18, max: 0}", "range 18–0 is empty"),
        (
            'age_scope: "0_18"',
            'age_scope: "0_99"',
            "unknown code of value set aldersgrupp_uppfoljning '0_99'",
        ),
        (
            "mandatory: [barnet_traffat_enskilt,",
            "mandatory: [sip_upprattad,",
            r"mandatory\[0\]: 'sip_upprattad' is not among the selected variables",
        ),
        ('end: "2025-12-31"', 'end: "2024-12-31"', "start 2025-01-01 is after end 2024-12-31"),
        ('end: "2025-12-31"', 'end: "2025-02-30"', "dates must be written YYYY-MM-DD"),
        ("question: Får", "fråga: Får", "unknown key"),
        (
            "variables: [kon, fodelsear,",
            "variables: [kon, kon,",
            r"variables\[1\]: 'kon' is selected twice",
        ),
    ],
)
def test_bad_plans_are_rejected(tmp_path: Path, old: str, new: str, message: str) -> None:
    assert old in PLAN
    with pytest.raises(PlanError, match=message):
        bbic_su.load_plan(_plan(tmp_path, PLAN.replace(old, new)))


def test_unreadable_plan_files(tmp_path: Path) -> None:
    with pytest.raises(PlanError, match="cannot read file"):
        bbic_su.load_plan(tmp_path / "none.yaml")
    with pytest.raises(PlanError, match="not valid YAML"):
        bbic_su.load_plan(_plan(tmp_path, "variables: [kon\n"))
    with pytest.raises(PlanError, match="expected a mapping"):
        bbic_su.load_plan(_plan(tmp_path, "- kon\n"))


def test_plan_may_select_local_variables(tmp_path: Path) -> None:
    local = tmp_path / "lokal.yaml"
    local.write_text(LOCAL_VARIABLE, encoding="utf-8")
    cat = bbic_su.load_catalog(extra=[local])
    plan = bbic_su.FollowUpPlan.from_dict(
        {"question": "?", "variables": ["x_familjeradgivning"]}, cat
    )
    assert plan.variables == ("x_familjeradgivning",)
    with pytest.raises(PlanError):
        bbic_su.FollowUpPlan.from_dict({"question": "?", "variables": ["x_familjeradgivning"]})
