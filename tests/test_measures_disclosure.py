"""Disclosure control, comparisons and hypothesis properties of measures."""

from __future__ import annotations

import itertools

import measures_fixture as fx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bbic_su
from bbic_su.measures._breakdowns import TOTAL
from bbic_su.measures._compute import compute
from bbic_su.measures._wilson import wilson
from bbic_su.measures.comparisons import REFERENCE, compare, compare_periods, trend
from bbic_su.measures.disclosure import MARKER, human, perturb, suppress


def cube(values: np.ndarray, nums: np.ndarray) -> pd.DataFrame:
    """A raw 2-way table with margins: den = values, num = nums (same shape)."""
    rows = []
    a_n, b_n = values.shape
    den = np.zeros((a_n + 1, b_n + 1), dtype=np.int64)
    num = np.zeros_like(den)
    den[:a_n, :b_n], num[:a_n, :b_n] = values, nums
    for arr in (den, num):
        arr[a_n, :] = arr[:a_n, :].sum(axis=0)
        arr[:, b_n] = arr[:, :b_n].sum(axis=1)
    for i, j in itertools.product(range(a_n + 1), range(b_n + 1)):
        rows.append(
            {
                "measure": "m",
                "kommunkod": "k",
                "a": TOTAL if i == a_n else f"a{i}",
                "b": TOTAL if j == b_n else f"b{j}",
                "numerator": int(num[i, j]),
                "denominator": int(den[i, j]),
                "excluded": 0,
            }
        )
    frame = pd.DataFrame(rows)
    low, high = wilson(frame.numerator, frame.denominator)
    frame["share"] = (frame.numerator / frame.denominator.where(frame.denominator > 0)).astype(
        "Float64"
    )
    frame["ci_low"], frame["ci_high"] = low, high
    frame["suppressed"], frame["suppression_reason"] = False, None
    return frame


def groups(table: pd.DataFrame, dims: list[str]) -> list[tuple[list[int], int]]:
    """Each additive group: its member positions and the position of its total."""
    out = []
    table = table.reset_index(drop=True)
    for d in dims:
        others = [o for o in dims if o != d]
        for _, g in table.groupby(others) if others else [(None, table)]:
            total = int(g.index[(g[d] == TOTAL).to_numpy()][0])
            out.append((list(g.index), total))
    return out


def solvable(table: pd.DataFrame, hidden: np.ndarray, dims: list[str]) -> list[int]:
    """Hidden rows whose value is fixed by the published cells and totals (independent check)."""
    h = [int(r) for r in np.flatnonzero(hidden)]
    if not h:
        return []
    eqs = []
    for members, total in groups(table, dims):
        eq = np.zeros(len(h))
        for r in members:
            if r in h:
                eq[h.index(r)] = -1.0 if r == total else 1.0
        eqs.append(eq)
    a = np.array(eqs)
    rank = np.linalg.matrix_rank(a)
    # a hidden value is determined iff its unit vector lies in the row space of the equations
    return [
        r
        for i, r in enumerate(h)
        if np.linalg.matrix_rank(np.vstack([a, np.eye(len(h))[i]])) == rank
    ]


counts = st.integers(min_value=0, max_value=12)


@settings(max_examples=40)
@given(st.integers(2, 4), st.integers(2, 4), st.data(), st.sampled_from([3, 5, 10]))
def test_no_suppressed_value_can_be_solved_from_published_margins(a, b, data, k) -> None:
    den = np.array(data.draw(st.lists(counts, min_size=a * b, max_size=a * b))).reshape(a, b)
    num = np.array([data.draw(st.integers(0, int(x))) for x in den.ravel()]).reshape(a, b)
    raw = cube(den, num)
    out = suppress(raw, min_count=k, breakdowns=["a", "b"])
    hidden = out["suppressed"].to_numpy(dtype=bool) & out["denominator"].isna().to_numpy()
    # every group (cells + total) has 0 or at least 2 hidden members
    for g, _ in groups(out, ["a", "b"]):
        assert hidden[g].sum() != 1
    assert solvable(out, hidden, ["a", "b"]) == []
    # primary rule: no published count between 1 and k-1, no small complement
    shown = out[~hidden]
    for col in (shown.numerator, shown.denominator, shown.denominator - shown.numerator):
        assert not ((col >= 1) & (col < k)).any()


def test_secondary_suppression_hides_a_sibling() -> None:
    raw = cube(np.array([[2, 20], [30, 40]]), np.array([[1, 10], [15, 20]]))
    out = suppress(raw, min_count=5, breakdowns=["a", "b"])
    reasons = dict(zip(zip(out.a, out.b, strict=True), out.suppression_reason, strict=True))
    assert reasons[("a0", "b0")] == "primary"
    assert sum(r == "secondary" for r in reasons.values() if isinstance(r, str)) >= 3
    assert out.loc[out.suppressed, ["numerator", "denominator"]].isna().all().all()


def test_human_output_shows_the_marker() -> None:
    raw = cube(np.array([[2, 20]]), np.array([[1, 10]]))
    text = human(suppress(raw, min_count=5, breakdowns=["a", "b"]))
    assert MARKER in set(text.numerator)
    assert "suppressed" not in text.columns


@settings(max_examples=15)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["flicka", "pojke", "uppgift_saknas", None]),
            st.integers(2000, 2020),
            st.lists(
                st.tuples(st.integers(0, 400), st.sampled_from(["ja", "nej", None])), max_size=3
            ),
        ),
        min_size=1,
        max_size=25,
    )
)
def test_properties_on_random_datasets(children) -> None:
    barn, utr = [], []
    for i, (kon, year, invs) in enumerate(children):
        barn.append({"barn_id": f"b{i}", "kommunkod": "0180", "kon": kon, "fodelsear": str(year)})
        for j, (day, met) in enumerate(invs):
            date = (np.datetime64("2023-06-01") + np.timedelta64(day, "D")).astype(str)
            utr.append(
                {
                    "utredning_id": f"u{i}_{j}",
                    "barn_id": f"b{i}",
                    "utredning_inledd_datum": "2023-05-01",
                    "utredning_avslutad_datum": date,
                    "barnet_traffat_enskilt": met,
                }
            )
    # a header-only utredning table when no child has one (without its columns the
    # measures would be not computable)
    columns = [
        "utredning_id",
        "barn_id",
        "utredning_inledd_datum",
        "utredning_avslutad_datum",
        "barnet_traffat_enskilt",
    ]
    ds = bbic_su.Dataset(
        {
            "barn": pd.DataFrame(barn, dtype="str"),
            "utredning": pd.DataFrame(utr, columns=columns, dtype="str"),
        }
    )
    table = compute(
        ds,
        ["m_enskilda_samtal_utredning", "m_utredning_4_manader"],
        by=["kon", "aldersgrupp"],
        period="year",
        min_count=None,
        extraction_date="2025-06-30",  # a deadline measure is judged at it
    )
    raw = table.to_frame()
    assert raw["computable"].all()
    ok = raw.denominator > 0
    assert raw.share[ok].between(0, 1).all()
    assert (raw.numerator <= raw.denominator).all()
    for _, t in raw.groupby(["measure", "period"]):
        total = t[(t.kon == TOTAL) & (t.aldersgrupp_officiell == TOTAL)]
        cells = t[(t.kon != TOTAL) & (t.aldersgrupp_officiell != TOTAL)]
        assert cells.numerator.sum() == total.numerator.iloc[0]
        assert cells.denominator.sum() == total.denominator.iloc[0]
    out = bbic_su.suppress(table, min_count=5).to_frame()
    for _, t in out.groupby(["measure", "period"]):
        t = t.reset_index(drop=True)
        hidden = t.denominator.isna().to_numpy()
        for g, _ in groups(t, ["kon", "aldersgrupp_officiell"]):
            assert hidden[g].sum() != 1
        assert solvable(t, hidden, ["kon", "aldersgrupp_officiell"]) == []


def _two_municipalities() -> tuple[bbic_su.Dataset, bbic_su.Dataset]:
    own = fx.dataset()
    rows = [
        {"barn_id": f"c{i}", "kommunkod": "0999", "kon": "flicka", "fodelsear": "2010"}
        for i in range(10)
    ]
    utr = [
        {
            "utredning_id": f"v{i}",
            "barn_id": f"c{i}",
            "utredning_avslutad_datum": "2024-05-01",
            "barnet_traffat_enskilt": "ja" if i < 6 else "nej",
        }
        for i in range(10)
    ]
    other = bbic_su.Dataset({"barn": pd.DataFrame(rows), "utredning": pd.DataFrame(utr)})
    return own, other


def test_compare_pools_the_others_and_leaves_own_out() -> None:
    own, other = _two_municipalities()
    both = bbic_su.Dataset(
        {k: pd.concat([own[k], other[k]], ignore_index=True) for k in ("barn", "utredning")}
    )
    out = compare(own, [both], measures=["m_enskilda_samtal_utredning"], min_count=3).to_frame()
    row = out[out.kommunkod == "0180"].iloc[0]
    # reference = the other municipality only (10 children, 6 met), never own + others
    assert (row.ref_numerator, row.ref_denominator) == (6, 10)
    assert row.suppressed  # own 1 of 2: hidden, so no difference is published
    assert pd.isna(row.difference_pp) and pd.isna(row.intervals_overlap)
    assert REFERENCE not in set(out.kommunkod)


def test_reference_hidden_when_others_contribute_fewer_than_k() -> None:
    own, other = _two_municipalities()
    small = bbic_su.Dataset(
        {"barn": other["barn"].head(2), "utredning": other["utredning"].head(2)}
    )
    out = compare(own, [small], measures=["m_enskilda_samtal_utredning"], min_count=3).to_frame()
    assert out.ref_suppressed.all() and out.ref_share.isna().all()


def test_differencing_periods_never_reveals_a_hidden_cell() -> None:
    rows = [
        {"barn_id": f"c{i}", "kommunkod": "0999", "kon": "flicka", "fodelsear": "2010"}
        for i in range(30)
    ]
    dates = ["2023-03-01"] * 20 + ["2024-03-01"] * 10
    utr = [
        {
            "utredning_id": f"v{i}",
            "barn_id": f"c{i}",
            "utredning_avslutad_datum": d,
            "barnet_traffat_enskilt": "ja" if i % 10 else "nej",
        }
        for i, d in enumerate(dates)
    ]
    ds = bbic_su.Dataset({"barn": pd.DataFrame(rows), "utredning": pd.DataFrame(utr)})
    t = compute(ds, ["m_enskilda_samtal_utredning"], period="year", min_count=5).to_frame()
    hidden = set(t.period[t.suppressed])
    assert hidden  # 2023: 2 not met (complement), 2024: 1 not met
    diffs = compare_periods(t)
    assert diffs.difference_pp.isna().all()
    assert trend(t).slope_pp.isna().all()
    # the all-period total is not part of a period table, so it cannot be subtracted
    assert "_total" not in set(t.period)


def test_cell_key_perturbation_is_deterministic_and_keyed() -> None:
    ds = fx.dataset()
    table = compute(ds, ["m_synpunkter_insats"], by=["kon"], perturb="hemlig")
    a = table.to_frame()
    b = compute(ds, ["m_synpunkter_insats"], by=["kon"], perturb="hemlig").to_frame()
    pd.testing.assert_frame_equal(a, b)
    assert table.perturbed and not any(c.startswith("_") for c in a.columns)
    assert table.note == "Cell-key perturbation: cells need not add up to totals."
    raw = compute(ds, ["m_synpunkter_insats"], by=["kon"], min_count=None).to_frame()
    assert ((a.denominator - raw.denominator).abs() <= 2).all()
    assert (a.numerator <= a.denominator).all()
    assert (a.denominator[raw.denominator == 0] == 0).all()
    with pytest.raises(bbic_su.MeasureError):
        perturb(raw, "")


def test_excluded_count_is_protected_on_its_own() -> None:
    raw = cube(np.array([[20, 20], [30, 40]]), np.array([[10, 10], [15, 20]]))
    raw.loc[0, "excluded"] = 2
    raw.loc[[1, 2, 6, 8], "excluded"] = [3, 5, 0, 0]
    out = suppress(raw, min_count=5, breakdowns=["a", "b"])
    assert out.loc[0, "suppression_reason"] == "excluded"
    assert pd.notna(out.loc[0, "share"]) and pd.isna(out.loc[0, "excluded"])


def test_marker_and_default_threshold_come_from_the_spec() -> None:
    from bbic_su.measures import disclosure
    from bbic_su.reporting import _text

    spec = bbic_su.catalog().disclosure.recommended_default
    assert spec.marker == disclosure.MARKER
    assert _text.MARKER is disclosure.MARKER
    assert disclosure.resolve_min_count(None, disclosure.DEFAULT) == spec.min_cell
    with pytest.raises(bbic_su.MeasureError, match="not allowed"):
        disclosure.resolve_min_count(None, 4)
