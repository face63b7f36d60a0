"""Suppression across tables: no hidden cell of one output is recoverable from the others.

The attacker holds every table bbic-su writes for one measure, data and threshold:
without periods, by year, half-year, quarter and month, each with and without a
breakdown by sex. A linear programme over all of them (published cells fixed;
sex cells add up to their total; child periods add up to their parent; the
years add up to at most the all-period total, which also holds undated
records; numerator at most denominator; nothing negative) bounds every hidden
cell. A hidden cell is *pinned* when its lower and upper bounds meet; a pinned
non-zero cell is a disclosure.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.optimize import linprog

import bbic_su
from bbic_su.measures import disclosure
from bbic_su.measures._breakdowns import TOTAL
from bbic_su.measures._period_protect import LEVELS, parent_period
from bbic_su.measures._period_protect import joint_table as pp_joint
from bbic_su.measures._period_protect import view as pp_view
from bbic_su.measures._rowspace import units_in_row_space
from bbic_su.synth import generate

ALL = "_all"
RECORD_MEASURES = [m.id for m in bbic_su.catalog().measures if m.unit == "records"]


def _tables(
    ds: bbic_su.Dataset, measure: str, protect: Callable[[pd.DataFrame], pd.DataFrame] | None
) -> dict[Any, pd.DataFrame]:
    """Every output for one measure: (granularity, by) -> table (protected or raw)."""
    out = {}
    for by in ((), ("kon",)):
        for gran in (None, *LEVELS):
            if protect is None:
                t = bbic_su.compute(ds, [measure], by=list(by), period=gran, min_count=5).to_frame()
            else:
                raw = bbic_su.compute(
                    ds, [measure], by=list(by), period=gran, min_count=None
                ).to_frame()
                t = protect(raw)
            if gran is None:
                t = t.assign(period=ALL)
            if not by:
                t = t.assign(kon=TOTAL)
            out[(gran, by)] = t
    return out


def _truth(ds: bbic_su.Dataset, measure: str) -> dict[tuple[str, ...], float]:
    truth: dict[tuple[str, ...], float] = {}
    for gran in (None, *LEVELS):
        t = bbic_su.compute(ds, [measure], by=["kon"], period=gran, min_count=None).to_frame()
        t = t.assign(period=ALL) if gran is None else t
        for r in t.itertuples():
            truth[(r.kommunkod, str(r.kon), str(r.period))] = float(r.denominator)
            truth[(r.kommunkod, str(r.kon), str(r.period), "num")] = float(r.numerator)
    return truth


def pinned_cells(tables: dict[Any, pd.DataFrame], truth: dict[Any, float]) -> list[Any]:
    """Hidden non-zero cells whose value the published cells and the relations fix."""
    rows = pd.concat(tables.values(), ignore_index=True)
    found = []
    for kommun, block in rows.groupby("kommunkod"):
        cells = sorted({(str(r.kon), str(r.period)) for r in block.itertuples()})
        index = {c: i for i, c in enumerate(cells)}
        n = len(cells)  # variables: denominators 0..n-1, numerators n..2n-1
        eq_a, eq_b, ub_a, ub_b = [], [], [], []

        def row(pairs: list[tuple[int, float]], n: int = n) -> np.ndarray:
            v = np.zeros(2 * n)
            for i, c in pairs:
                v[i] += c
            return v

        published: dict[int, float] = {}
        for r in block.itertuples():
            i = index[(str(r.kon), str(r.period))]
            if not r.suppressed or pd.notna(r.denominator):
                published[i] = float(r.denominator)
                published[n + i] = float(r.numerator)
        for i, v in published.items():
            eq_a.append(row([(i, 1.0)]))
            eq_b.append(v)
        periods = {p for _, p in cells}
        kons = {k for k, _ in cells if k != TOTAL}
        for off in (0, n):
            for p in periods:  # sex cells add up to the total of their period
                if (TOTAL, p) in index:
                    parts = [(off + index[(k, p)], 1.0) for k in kons if (k, p) in index]
                    eq_a.append(row([*parts, (off + index[(TOTAL, p)], -1.0)]))
                    eq_b.append(0.0)
            for k in (*kons, TOTAL):
                for level, gran in enumerate(LEVELS):
                    children: dict[str, list[int]] = {}
                    for kk, p in cells:
                        if kk == k and _level(p) == level:
                            children.setdefault(parent_period(p, gran), []).append(index[(kk, p)])
                    for parent, kids in children.items():
                        terms = [(off + i, 1.0) for i in kids]
                        if gran == "year":  # years: at most the all-period total
                            if (k, ALL) in index:
                                ub_a.append(row([*terms, (off + index[(k, ALL)], -1.0)]))
                                ub_b.append(0.0)
                        elif (k, parent) in index:
                            eq_a.append(row([*terms, (off + index[(k, parent)], -1.0)]))
                            eq_b.append(0.0)
        for i in range(n):  # numerator at most denominator
            ub_a.append(row([(n + i, 1.0), (i, -1.0)]))
            ub_b.append(0.0)
        kwargs = {
            "A_eq": np.array(eq_a),
            "b_eq": np.array(eq_b),
            "A_ub": np.array(ub_a) if ub_a else None,
            "b_ub": np.array(ub_b) if ub_b else None,
            "bounds": [(0, None)] * (2 * n),
            "method": "highs",
        }
        for j in range(2 * n):
            if j in published:
                continue
            c = np.zeros(2 * n)
            c[j] = 1.0
            low = linprog(c, **kwargs)
            high = linprog(-c, **kwargs)
            assert low.status == 0, low.message  # the true values are a solution
            if high.status != 0:  # unbounded above: not pinned
                continue
            cell = cells[j % n]
            key = (str(kommun), *cell) if j < n else (str(kommun), *cell, "num")
            value = truth.get(key, 0.0)
            if abs(-high.fun - low.fun) < 0.5 and value != 0:
                found.append((key, value))
    return found


def _level(period: str) -> int:
    if period == ALL:
        return len(LEVELS)
    if "-" in period:
        return 0
    if "Q" in period:
        return 1
    if "H" in period:
        return 2
    return 3


@pytest.fixture(scope="module")
def data() -> bbic_su.Dataset:
    return generate(60, seed=11, period="2023-01-01..2024-12-31")


@pytest.mark.slow
@pytest.mark.parametrize("measure", ["m_skyddsbedomning_i_tid", "m_ateraktualiseringar_andel"])
def test_no_hidden_cell_is_pinned_across_all_outputs(data: bbic_su.Dataset, measure: str) -> None:
    """The LP over every output of one measure finds no pinned non-zero hidden cell."""
    assert measure in RECORD_MEASURES
    tables = _tables(data, measure, None)
    hidden = sum(int(t["suppressed"].sum()) for t in tables.values())
    assert hidden > 0  # the check has something to check
    assert pinned_cells(tables, _truth(data, measure)) == []


@pytest.mark.slow
def test_protecting_each_table_alone_gives_cells_away(data: bbic_su.Dataset) -> None:
    """The check has teeth: suppressing each output on its own leaves pinned cells."""
    found = []
    for measure in ("m_skyddsbedomning_i_tid", "m_ateraktualiseringar_andel"):
        tables = _tables(data, measure, lambda t: disclosure.suppress(t, min_count=5))
        found += pinned_cells(tables, _truth(data, measure))
    assert found


def test_the_sex_and_sex_by_year_pair_are_one_protected_whole(data: bbic_su.Dataset) -> None:
    """`--by kon` is exactly the all-period margin of `--by kon --period year`."""
    m = ["m_skyddsbedomning_i_tid"]
    total = bbic_su.compute(data, m, by=["kon"]).to_frame()
    years = bbic_su.compute(data, m, by=["kon"], period="year").to_frame()
    raw = bbic_su.compute(data, m, by=["kon"], period="year", min_count=None).to_frame()
    for kon in set(total["kon"]):
        t = total[total.kon == kon].iloc[0]
        y = years[years.kon == kon]
        if pd.notna(t.denominator) and y.denominator.notna().all():
            # everything published: then nothing is hidden that the pair could reveal
            assert not y.suppressed.any()
        if y.suppressed.sum() == 1:
            # one hidden year: the all-period cell must be hidden too (or it gives it away)
            assert t.suppressed
    assert (raw["denominator"] >= 0).all()


@given(st.integers(1, 12), st.integers(1, 12), st.integers(0, 2**32 - 1))
def test_exact_elimination_agrees_with_the_svd(m: int, n: int, seed: int) -> None:
    """The row-space test used by secondary suppression agrees with an SVD null space."""
    a = np.random.default_rng(seed).integers(-1, 2, (m, n)).astype(float)
    _, s, vt = np.linalg.svd(a)
    null = vt[int((s > 1e-9).sum()) :].T
    expected = np.linalg.norm(null, axis=1) < 1e-9 if null.size else np.ones(n, dtype=bool)
    assert units_in_row_space(a).tolist() == expected.tolist()


def test_the_issue_example_gives_nothing_away() -> None:
    """Flicka 8/13 overall and 5/10 in 2023: the 2024 cell (3/3) must not follow by subtraction."""

    def table(period: str | None, rows: list[tuple[str, int, int]]) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "measure": "m",
                "kommunkod": "0180",
                **({"period": period} if period else {}),
                "kon": [r[0] for r in rows],
                "numerator": [r[1] for r in rows],
                "denominator": [r[2] for r in rows],
                "excluded": 0,
            }
        )

    tables = {
        None: table(None, [("flicka", 8, 13), ("pojke", 20, 30), (TOTAL, 28, 43)]),
        "year": pd.concat(
            [
                table("2023", [("flicka", 5, 10), ("pojke", 12, 18), (TOTAL, 17, 28)]),
                table("2024", [("flicka", 3, 3), ("pojke", 8, 12), (TOTAL, 11, 15)]),
            ],
            ignore_index=True,
        ),
    }
    for gran in ("month", "quarter", "half"):  # the finer levels, one period each per year
        label = {"month": ("2023-06", "2024-06"), "quarter": ("2023Q2", "2024Q2")}.get(
            gran, ("2023H1", "2024H1")
        )
        year = tables["year"].copy()
        year["period"] = year["period"].map({"2023": label[0], "2024": label[1]})
        tables[gran] = year
    joint = disclosure.suppress(
        pp_joint(lambda g: tables[g].copy()), min_count=5, breakdowns=["kon"]
    )
    overall = pp_view(joint, None).set_index("kon")
    by_year = pp_view(joint, "year").set_index(["period", "kon"])
    assert by_year.loc[("2024", "flicka"), "suppressed"]  # 3/3: the complement rule
    # and the pair no longer pins it: the overall or the 2023 cell is hidden as well
    assert overall.loc["flicka", "suppressed"] or by_year.loc[("2023", "flicka"), "suppressed"]
    # protected one table at a time, as before, both stay published and 2024 = 8/13 - 5/10
    alone = disclosure.suppress(tables[None], min_count=5, breakdowns=["kon"]).set_index("kon")
    years = disclosure.suppress(tables["year"], min_count=5, breakdowns=["kon"])
    years = years.set_index(["period", "kon"])
    assert not alone.loc["flicka", "suppressed"] and not years.loc[("2023", "flicka"), "suppressed"]
    assert years.loc[("2024", "flicka"), "suppressed"]
