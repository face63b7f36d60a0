"""Measures on a hand-made dataset: every catalogue measure, breakdowns, periods, junk."""

from __future__ import annotations

import shutil
from pathlib import Path

import measures_fixture as fx
import numpy as np
import pandas as pd
import pytest

import bbic_su
from bbic_su.errors import SpecDataError, UnknownIdError
from bbic_su.measures._compute import MeasureError, compute
from bbic_su.spec._load import packaged_root


@pytest.fixture(scope="module")
def raw() -> pd.DataFrame:
    return compute(
        fx.dataset(), [*fx.EXPECTED], min_count=None, extraction_date=fx.EXTRACTION_DATE
    ).to_frame()


def totals(table: pd.DataFrame) -> dict[str, tuple[int, int, int]]:
    summed = table.groupby("measure")[["numerator", "denominator", "excluded"]].sum()
    return {m: tuple(int(v) for v in row) for m, row in summed.iterrows()}  # type: ignore[misc]


def test_every_catalogue_measure_has_a_hand_computed_fixture() -> None:
    ids = {m.id for m in bbic_su.catalog().measures if not m.template}
    assert ids <= set(fx.EXPECTED)
    assert any(k.startswith("m_datakvalitet_fullstandighet[") for k in fx.EXPECTED)


@pytest.mark.parametrize("measure", sorted(fx.EXPECTED))
def test_hand_computed_totals(raw: pd.DataFrame, measure: str) -> None:
    # summed over kommunkod: f7 belongs to no known child, so it is under kommunkod _saknas
    assert totals(raw)[measure] == fx.EXPECTED[measure]


def test_unlinked_records_fall_under_missing_kommunkod(raw: pd.DataFrame) -> None:
    row = raw[(raw.measure == "m_synpunkter_insats") & (raw.kommunkod == "_saknas")]
    assert (int(row.numerator.iloc[0]), int(row.denominator.iloc[0])) == (0, 1)


def test_distinct_children_against_records() -> None:
    # m_enskilda_samtal_utredning counts children: 1 of 2; per record it would be 1 of 4
    ds = fx.dataset()
    wanted = ["m_enskilda_samtal_utredning", "m_utredning_4_manader"]
    t = compute(ds, wanted, min_count=None, extraction_date=fx.EXTRACTION_DATE).to_frame()
    got = totals(t)
    assert got["m_enskilda_samtal_utredning"][:2] == (1, 2)
    assert got["m_utredning_4_manader"][:2] == (3, 5)


def test_breakdown_by_kon_adds_up_and_shows_empty_groups() -> None:
    t = compute(fx.dataset(), ["m_synpunkter_insats"], by=["kon"], min_count=None).to_frame()
    t = t[t.kommunkod == "0180"].set_index("kon")
    assert t.loc["flicka", ["numerator", "denominator"]].tolist() == [2, 2]  # b1, b3
    assert t.loc["pojke", ["numerator", "denominator"]].tolist() == [1, 1]  # b2
    assert t.loc["uppgift_saknas", "denominator"] == 0
    assert pd.isna(t.loc["uppgift_saknas", "share"])
    assert t.loc["_total", "denominator"] == t.drop(index="_total").denominator.sum()


def test_age_group_uses_the_latest_qualifying_record() -> None:
    # b1's latest follow-up is f4 (2025): 2025 - 2012 = 13; b2 2024 - 2008 = 16; b3 17
    t = compute(
        fx.dataset(), ["m_synpunkter_insats"], by=["aldersgrupp"], min_count=None
    ).to_frame()
    t = t[t.kommunkod == "0180"].set_index("aldersgrupp_officiell")
    assert t.loc["13_14", "denominator"] == 1
    assert t.loc["15_17", "denominator"] == 2
    assert t.loc["10_12", "denominator"] == 0


def test_period_boundaries_and_children_in_two_periods() -> None:
    ds = fx.dataset()
    t = compute(
        ds,
        ["m_synpunkter_insats", "m_skyddsbedomning_i_tid"],
        period="year",
        min_count=None,
        extraction_date=fx.EXTRACTION_DATE,
    ).to_frame()
    t = t[t.kommunkod != "_saknas"].set_index(["measure", "period"])
    # b1 is counted in 2024 (f1, f2) and in 2025 (f4, uppgift_saknas)
    assert t.loc[("m_synpunkter_insats", "2024"), "denominator"] == 3
    assert t.loc[("m_synpunkter_insats", "2025"), ["numerator", "denominator"]].tolist() == [0, 1]
    # a4 (2024-12-31) is in 2024, a5 (2025-01-01) in 2025; a6 has no valid date
    assert t.loc[("m_skyddsbedomning_i_tid", "2024"), ["numerator", "denominator"]].tolist() == [
        1,
        3,
    ]
    assert t.loc[("m_skyddsbedomning_i_tid", "2025"), ["numerator", "denominator"]].tolist() == [
        1,
        1,
    ]
    q = compute(ds, ["m_ateraktualiseringar_andel"], period="quarter", min_count=None).to_frame()
    # periods are built only where data exist: no row for 2024Q3, which holds no record
    assert q.set_index("period").denominator.to_dict() == {
        "2024Q1": 2,
        "2024Q2": 1,
        "2024Q4": 1,
        "2025Q1": 1,
    }


def test_plan_scope_restricts_period_and_age() -> None:
    plan = bbic_su.FollowUpPlan.from_dict(
        {
            "question": "?",
            "variables": ["kon"],
            "age": {"min": 13, "max": 18},
            "period": {"start": "2024-01-01", "end": "2024-12-31"},
        }
    )
    t = compute(fx.dataset(), ["m_synpunkter_insats"], plan=plan, min_count=None)
    assert totals(t.to_frame())["m_synpunkter_insats"][:2] == (2, 2)  # b2 (16), b3 (17)
    assert t.scope == "ålder 13–18, period 2024-01-01–2024-12-31"
    # the plan's variables choose the template's variables
    q = compute(
        fx.dataset(), ["m_datakvalitet_fullstandighet"], plan=plan, min_count=None
    ).to_frame()
    assert set(q.measure) == {"m_datakvalitet_fullstandighet[kon]"}


def test_breakdown_names_and_unreachable_breakdowns() -> None:
    t = compute(
        fx.dataset(),
        ["m_mal_uppnatt", "m_skyddsbedomning_i_tid"],
        by=["insats.insatstyp"],
        min_count=None,
        extraction_date=fx.EXTRACTION_DATE,
    ).to_frame()
    mal = t[(t.measure == "m_mal_uppnatt") & (t.kommunkod == "0180")].set_index("insatstyp")
    assert mal.loc["vard_placering_lvu", "numerator"] == 1
    assert mal.loc["vard_placering_sol", "denominator"] == 1
    # insatstyp is not reachable from aktualisering: only the total row
    assert set(t[t.measure == "m_skyddsbedomning_i_tid"].insatstyp) == {"_total"}


@pytest.mark.parametrize(
    "by", [["kön"], ["anledning_aktualisering"], ["aldersgrupp_uppfoljning"], ["kon", "kon"]]
)
def test_bad_breakdowns(by: list[str]) -> None:
    with pytest.raises((MeasureError, UnknownIdError)):
        compute(fx.dataset(), ["m_sip"], by=by)


def test_bad_measure_period_and_threshold() -> None:
    with pytest.raises(UnknownIdError):
        compute(fx.dataset(), ["m_nope"])
    with pytest.raises(MeasureError):
        compute(fx.dataset(), ["m_sip[kon]"])
    with pytest.raises(MeasureError):
        compute(fx.dataset(), ["m_sip"], period="week")
    with pytest.raises(MeasureError):
        compute(fx.dataset(), ["m_sip"], min_count=4)


def test_every_measure_computes_on_junk_and_on_nothing() -> None:
    junk = bbic_su.Dataset(
        {
            "barn": pd.DataFrame(
                {
                    "barn_id": ["x", "x", None],
                    "kommunkod": [None, "1", "2"],
                    "fodelsear": ["tre", "-5", "99999999999"],
                    "okand": [1, 2, 3],
                }
            ),
            "insats": pd.DataFrame(
                {
                    "insats_id": [1.5, None],
                    "insatstyp": [{"a"}, "heldygn"],
                    "insats_startdatum": ["2024-13-01", 20240101],
                }
            ),
            "uppfoljning": pd.DataFrame(
                {
                    "uppfoljningsdatum": [pd.Timestamp("2024-01-01"), "x"],
                    "samverkan_insats": ["skola|??", ["forskola"]],
                }
            ),
            "okand_tabell": pd.DataFrame({"a": [1]}),
        }
    )
    t = compute(junk, by=["kon", "aldersgrupp"], period="month").to_frame()
    assert (t.share.dropna().between(0, 1)).all()
    empty = compute(bbic_su.Dataset({}), min_count=None).to_frame()
    assert list(empty.columns[:2]) == ["measure", "kommunkod"]
    # nothing to count on: every measure is listed once as not computable, never 0/n
    assert not empty["computable"].any() and empty["denominator"].isna().all()
    assert empty["measure"].is_unique and empty["missing"].notna().all()


def test_invalid_cells_count_as_missing() -> None:
    t = compute(
        fx.dataset(), ["m_datakvalitet_fullstandighet[fodelsear]"], min_count=None
    ).to_frame()
    assert totals(t)["m_datakvalitet_fullstandighet[fodelsear]"][:2] == (5, 6)  # b6 'junk'


def test_shares_and_wilson_interval(raw: pd.DataFrame) -> None:
    row = raw[(raw.measure == "m_utredning_4_manader")].iloc[0]
    assert row.share == pytest.approx(0.6)  # 3 of 5
    assert (row.ci_low, row.ci_high) == pytest.approx((0.2307243, 0.8823792), abs=1e-6)
    ok = raw.denominator > 0
    assert np.all((raw.ci_low[ok] <= raw.share[ok]) & (raw.share[ok] <= raw.ci_high[ok]))


def test_unknown_variable_or_code_in_a_measure_fails_at_catalogue_load(tmp_path: Path) -> None:
    src = Path(str(packaged_root()))
    for bad in ('numerator: barnet_traffat_enskilt == "ja"\n',):
        target = tmp_path / "spec"
        shutil.copytree(src, target, dirs_exist_ok=True)
        text = (target / "measures.yaml").read_text(encoding="utf-8")
        (target / "measures.yaml").write_text(
            text.replace(bad, 'numerator: barnet_traffat_enskilt == "kanske"\n', 1),
            encoding="utf-8",
        )
        with pytest.raises(SpecDataError):
            bbic_su.load_catalog(target)
        (target / "measures.yaml").write_text(
            text.replace(bad, 'numerator: barnet_traffat == "ja"\n', 1), encoding="utf-8"
        )
        with pytest.raises(SpecDataError):
            bbic_su.load_catalog(target)
