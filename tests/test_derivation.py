"""Derived variables computed from their derivations, and deadline measures at the extraction date."""

from __future__ import annotations

import calendar
import datetime as dt
from pathlib import Path
from typing import Any

import hypothesis.strategies as st
import pandas as pd
from hypothesis import given, settings

import bbic_su
from bbic_su.expr._api import parse
from bbic_su.frames.derivation import derive_columns, derived_variables
from bbic_su.spec._derive_lang import check_derivation
from bbic_su.spec._derive_words import describe

D = dt.date
REVIEWS = ("overvagande", "omprovning")


def _frame(rows: list[dict[str, Any]], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns, dtype="str")


def _iso(day: D | None) -> str | None:
    return None if day is None else day.isoformat()


# ---------------------------------------------------------------- reference


def _add_months(day: D, months: int) -> D:
    year, month0 = divmod(day.year * 12 + day.month - 1 + months, 12)
    return D(year, month0 + 1, min(day.day, calendar.monthrange(year, month0 + 1)[1]))


def _reference(child: dict[str, Any], extraction: D) -> dict[str, Any]:
    """The five derived values of one child, computed record by record from the prose."""
    utr, ins = child["utredning"], child["insats"]
    closures = [u["slut"] for u in utr if u["slut"]] + [
        f["slut"] for i in ins for f in i["upp"] if f["slut"]
    ]
    busy = any(u["slut"] is None for u in utr) or any(
        not any(f["slut"] for f in i["upp"]) for i in ins
    )
    latest = None if busy or not closures else max(closures)
    after = None
    if latest is not None:
        lo, hi = latest + dt.timedelta(days=1), latest + dt.timedelta(days=365)
        if any(lo <= u["start"] <= hi for u in utr):
            after = "ja"
        elif hi <= extraction:
            after = "nej"
    reports = []
    for day in child["akt"]:
        lo = _add_months(day, -12)
        if any(lo <= c <= day for c in closures):
            reports.append("ja")
        else:
            reports.append("nej" if day <= extraction else None)
    reviews = []
    for i in ins:
        for f in i["upp"]:
            if f["typ"] not in REVIEWS:
                reviews.append(None)
                continue
            before = [g["dag"] for g in i["upp"] if g["typ"] in REVIEWS and g["dag"] < f["dag"]]
            base = max([i["start"], *before])
            reviews.append("ja" if f["dag"] <= _add_months(base, 6) else "nej")
    ages = [str(day.year - child["born"]) for day in child["akt"]]
    return {"latest": latest, "after": after, "reports": reports, "reviews": reviews, "ages": ages}


days = st.dates(D(2022, 1, 1), D(2025, 12, 31))
near = st.integers(-1, 1).map(lambda n: dt.timedelta(days=n))


def _closures(utr: list[dict[str, Any]], ins: list[dict[str, Any]]) -> list[D]:
    return [u["slut"] for u in utr if u["slut"]] + [
        f["slut"] for i in ins for f in i["upp"] if f["slut"]
    ]


@st.composite
def _child(draw: st.DrawFn) -> dict[str, Any]:
    """A child's timeline with dates on both sides of every limit."""
    utr = []
    for _ in range(draw(st.integers(0, 3))):
        start = draw(days)
        step = st.sampled_from([0, 1, 120, 364, 365, 366]).map(lambda n: dt.timedelta(n))
        slut = draw(st.none() | step.map(lambda d, s=start: s + d))
        utr.append({"start": start, "slut": slut})
    ins = []
    for _ in range(draw(st.integers(0, 2))):
        start = draw(days)
        upp, base = [], start
        for _ in range(draw(st.integers(0, 4))):
            typ = draw(st.sampled_from([*REVIEWS, "avslut", "uppfoljning_vard"]))
            dag = draw(st.one_of(st.just(_add_months(base, 6)), days.map(lambda d: d)))
            dag = max(dag + draw(near), start + dt.timedelta(1))
            upp.append({"typ": typ, "dag": dag, "slut": dag if typ == "avslut" else None})
            base = max(base, dag) if typ in REVIEWS else base
        ins.append({"start": start, "upp": upp})
    if draw(st.booleans()):  # everything closed: senaste_avslut_datum is set
        for u in utr:
            u["slut"] = u["slut"] or u["start"]
        for i in ins:
            if not any(f["slut"] for f in i["upp"]):
                dag = i["start"] + dt.timedelta(1)
                i["upp"].append({"typ": "avslut", "dag": dag, "slut": dag})
    closures = _closures(utr, ins)
    around = [days]
    if closures:
        anchor = st.sampled_from(closures)
        around.append(anchor.map(lambda c: _add_months(c, 12)))
        around.append(anchor.map(lambda c: c + dt.timedelta(1)))
    akt = [d + draw(near) for d in draw(st.lists(st.one_of(*around), min_size=1, max_size=3))]
    # a new investigation just inside or outside the year after a closure
    if closures and not all(u["slut"] for u in utr) and draw(st.booleans()):
        start = draw(st.sampled_from(closures)) + dt.timedelta(
            draw(st.sampled_from([0, 1, 365, 366]))
        )
        utr.append({"start": start, "slut": None})
    return {"akt": akt, "utredning": utr, "insats": ins, "born": draw(st.integers(2004, 2020))}


@st.composite
def _world(draw: st.DrawFn) -> tuple[list[dict[str, Any]], D]:
    children = draw(st.lists(_child(), min_size=1, max_size=5))
    limits = [
        max(_closures(c["utredning"], c["insats"]), default=D(2024, 1, 1)) + dt.timedelta(365)
        for c in children
    ]
    extraction = draw(st.one_of(days, st.sampled_from(limits).map(lambda d: d)))
    return children, extraction + draw(near)


def _dataset(children: list[dict[str, Any]]) -> bbic_su.Dataset:
    barn, akt, utr, ins, upp = [], [], [], [], []
    for c, child in enumerate(children):
        b = f"b{c}"
        barn.append({"barn_id": b, "kommunkod": "0180", "fodelsear": str(child["born"])})
        for j, day in enumerate(child["akt"]):
            akt.append(
                {"aktualisering_id": f"a{c}_{j}", "barn_id": b, "aktualiseringsdatum": _iso(day)}
            )
        for j, u in enumerate(child["utredning"]):
            utr.append(
                {
                    "utredning_id": f"u{c}_{j}",
                    "barn_id": b,
                    "aktualisering_id": f"a{c}_0",
                    "utredning_inledd_datum": _iso(u["start"]),
                    "utredning_avslutad_datum": _iso(u["slut"]),
                }
            )
        for j, i in enumerate(child["insats"]):
            iid = f"i{c}_{j}"
            ins.append({"insats_id": iid, "barn_id": b, "insats_startdatum": _iso(i["start"])})
            for k, f in enumerate(i["upp"]):
                upp.append(
                    {
                        "uppfoljning_id": f"f{c}_{j}_{k}",
                        "barn_id": b,
                        "insats_id": iid,
                        "uppfoljningsdatum": _iso(f["dag"]),
                        "uppfoljningstyp": f["typ"],
                        "insats_avslutad_datum": _iso(f["slut"]),
                    }
                )
    return bbic_su.Dataset(
        {
            "barn": _frame(barn, ["barn_id", "kommunkod", "fodelsear"]),
            "aktualisering": _frame(akt, ["aktualisering_id", "barn_id", "aktualiseringsdatum"]),
            "utredning": _frame(
                utr,
                [
                    "utredning_id",
                    "barn_id",
                    "aktualisering_id",
                    "utredning_inledd_datum",
                    "utredning_avslutad_datum",
                ],
            ),
            "insats": _frame(ins, ["insats_id", "barn_id", "insats_startdatum"]),
            "uppfoljning": _frame(
                upp,
                [
                    "uppfoljning_id",
                    "barn_id",
                    "insats_id",
                    "uppfoljningsdatum",
                    "uppfoljningstyp",
                    "insats_avslutad_datum",
                ],
            ),
        }
    )


def _cells(frame: pd.DataFrame, column: str) -> list[str | None]:
    return [None if pd.isna(v) else str(v) for v in frame[column]]


class TestAgainstReference:
    @settings(max_examples=150, deadline=None)
    @given(world=_world())
    def test_derive_matches_a_per_child_reference(
        self, world: tuple[list[dict[str, Any]], D]
    ) -> None:
        """derive() agrees with a record-by-record reference on random timelines."""
        children, extraction = world
        out = bbic_su.derive(_dataset(children), extraction_date=extraction)
        refs = [_reference(c, extraction) for c in children]
        assert _cells(out["barn"], "senaste_avslut_datum") == [_iso(r["latest"]) for r in refs]
        assert _cells(out["barn"], "ny_utredning_inom_12_man") == [r["after"] for r in refs]
        assert _cells(out["aktualisering"], "ateraktualisering") == [
            x for r in refs for x in r["reports"]
        ]
        assert _cells(out["aktualisering"], "alder_vid_aktualisering") == [
            x for r in refs for x in r["ages"]
        ]
        if len(out["uppfoljning"]):
            assert _cells(out["uppfoljning"], "overvagande_i_tid") == [
                x for r in refs for x in r["reviews"]
            ]


class TestDerive:
    def test_without_an_extraction_date_windows_are_skipped(self) -> None:
        """The window derivations need the extraction date; derive_columns says so."""
        child = {"akt": [D(2024, 1, 1)], "utredning": [], "insats": [], "born": 2010}
        result = derive_columns(_dataset([child]))
        assert result.skipped == {
            "ateraktualisering": "needs-extraction-date",
            "ny_utredning_inom_12_man": "needs-extraction-date",
        }
        assert ("barn", "senaste_avslut_datum") in result.columns

    def test_a_supplied_column_is_kept(self) -> None:
        """derive() computes only what the dataset lacks."""
        ds = _dataset([{"akt": [D(2024, 1, 1)], "utredning": [], "insats": [], "born": 2010}])
        frames = dict(ds.frames)
        frames["aktualisering"] = frames["aktualisering"].assign(alder_vid_aktualisering="13")
        out = bbic_su.derive(bbic_su.Dataset(frames), extraction_date="2024-12-31")
        assert out["aktualisering"]["alder_vid_aktualisering"].tolist() == ["13"]
        assert out["aktualisering"]["ateraktualisering"].tolist() == ["nej"]

    def test_every_derived_variable_has_an_expression_and_generated_text(self) -> None:
        """No derivation is prose only: each parses, type-checks and reads in both languages."""
        cat = bbic_su.catalog()
        variables = derived_variables(cat)
        assert {v.id for v in variables} == {v.id for v in cat.variables if v.derived}
        assert len(variables) == 5
        for v in variables:
            expr = parse(v.derivation or "")
            assert check_derivation(expr, cat, v) == []
            for lang in ("sv", "en"):
                assert describe(expr, cat, lang, record_type=v.record_type)

    def test_the_type_check_rejects_a_wrong_derivation(self) -> None:
        """A derivation of the wrong type, or a cross-record operator on the own record, fails."""
        cat = bbic_su.catalog()
        v = cat.variable("senaste_avslut_datum")
        assert check_derivation(
            parse(
                "exists_within(utredning.utredning_inledd_datum, "
                "senaste_avslut_datum, senaste_avslut_datum)"
            ),
            cat,
            v,
        )
        assert check_derivation(parse("latest(utredning_avslutad_datum)"), cat, v)
        assert check_derivation(parse("latest(utredning.kon)"), cat, v)


# ---------------------------------------------------------------- deadlines


def _counts(ds: bbic_su.Dataset, measure: str, when: str | None) -> tuple[int, int, int]:
    t = bbic_su.compute(ds, [measure], min_count=None, extraction_date=when).to_frame()
    return tuple(int(t[c].sum()) for c in ("numerator", "denominator", "pending"))  # type: ignore[return-value]


def _reports(rows: list[tuple[str, str | None, str | None]]) -> bbic_su.Dataset:
    """Reports (anmälan) of one child: (date, protection assessment, decision)."""
    akt = [
        {
            "aktualisering_id": f"a{i}",
            "barn_id": "b1",
            "aktualiseringsdatum": day,
            "aktualiseringssatt": "anmalan",
            "skyddsbedomning_datum": skydd,
            "beslut_om_utredning_datum": beslut,
        }
        for i, (day, skydd, beslut) in enumerate(rows)
    ]
    columns = [*akt[0]]
    barn = _frame(
        [{"barn_id": "b1", "kommunkod": "0180", "fodelsear": "2012"}],
        ["barn_id", "kommunkod", "fodelsear"],
    )
    return bbic_su.Dataset({"barn": barn, "aktualisering": _frame(akt, columns)})


class TestDeadlines:
    """Hand-counted in time, late and pending cases at the extraction date 2024-03-31."""

    def test_decision_within_14_days(self) -> None:
        """Decided in time, late (closed or open) and pending reports, counted by hand."""
        ds = _reports(
            [
                ("2024-03-01", None, "2024-03-10"),  # in time
                ("2024-03-01", None, "2024-03-15"),  # in time: exactly 14 days
                ("2024-03-25", None, "2024-03-28"),  # in time, limit after the extraction
                ("2024-03-01", None, "2024-03-20"),  # late: decided after the limit
                ("2024-03-01", None, None),  # late and open: limit 03-15 passed
                ("2024-03-16", None, None),  # late and open: limit 03-30 passed
                ("2024-03-17", None, None),  # pending: limit 03-31 is the extraction date
                ("2024-03-20", None, None),  # pending: limit 04-03
            ]
        )
        assert _counts(ds, "m_forhandsbedomning_14_dagar", "2024-03-31") == (3, 6, 2)
        # a month later every limit has passed: the open ones are late
        assert _counts(ds, "m_forhandsbedomning_14_dagar", "2024-04-30") == (3, 8, 0)

    def test_protection_assessment_the_same_or_next_day(self) -> None:
        """Same or next day: in time, late (closed or open) and pending reports."""
        ds = _reports(
            [
                ("2024-03-01", "2024-03-01", None),  # in time: same day
                ("2024-03-30", "2024-03-31", None),  # in time: next day
                ("2024-03-01", "2024-03-03", None),  # late
                ("2024-03-29", None, None),  # late and open: limit 03-30 passed
                ("2024-03-30", None, None),  # pending: limit 03-31
                ("2024-03-31", None, None),  # pending: limit 04-01
            ]
        )
        assert _counts(ds, "m_skyddsbedomning_i_tid", "2024-03-31") == (2, 4, 2)

    def test_investigation_within_four_months(self) -> None:
        """Four calendar months from the opening: open ones are late or pending."""
        rows = [
            ("2024-01-10", "2024-05-10"),  # in time: exactly four months
            ("2024-02-29", "2024-06-29"),  # in time: leap day, limit 06-29
            ("2024-03-05", "2024-04-01"),  # in time
            ("2024-01-10", "2024-05-11"),  # late
            ("2024-02-28", None),  # late and open: limit 06-28 passed
            ("2024-02-29", None),  # late and open: limit 06-29 passed
            ("2024-02-29", "2024-07-01"),  # late: closed after the extraction date's view
            ("2024-03-01", None),  # pending: limit 07-01
        ]
        utr = [
            {
                "utredning_id": f"u{i}",
                "barn_id": "b1",
                "utredning_inledd_datum": start,
                "utredning_avslutad_datum": slut,
            }
            for i, (start, slut) in enumerate(rows)
        ]
        barn = _frame(
            [{"barn_id": "b1", "kommunkod": "0180", "fodelsear": "2012"}],
            ["barn_id", "kommunkod", "fodelsear"],
        )
        ds = bbic_su.Dataset({"barn": barn, "utredning": _frame(utr, [*utr[0]])})
        assert _counts(ds, "m_utredning_4_manader", "2024-06-30") == (3, 7, 1)

    def test_reviews_within_six_months(self) -> None:
        """Six months from the placement start or the previous review, derived."""
        ins = [
            {"insats_id": "i1", "barn_id": "b1", "insats_startdatum": "2024-01-15"},
            {"insats_id": "i2", "barn_id": "b1", "insats_startdatum": "2024-08-31"},
        ]
        upp = [
            ("f1", "i1", "2024-07-15", "overvagande"),  # in time: exactly six months
            ("f2", "i1", "2025-01-16", "overvagande"),  # late: limit 2025-01-15
            ("f3", "i1", "2025-03-01", "omprovning"),  # in time after f2
            ("f4", "i2", "2024-10-01", "uppfoljning_vard"),  # not a review
            ("f5", "i2", "2025-02-28", "overvagande"),  # in time: 08-31 + 6 months = 02-28
        ]
        rows = [
            {
                "uppfoljning_id": f,
                "barn_id": "b1",
                "insats_id": i,
                "uppfoljningsdatum": d,
                "uppfoljningstyp": t,
            }
            for f, i, d, t in upp
        ]
        barn = _frame(
            [{"barn_id": "b1", "kommunkod": "0180", "fodelsear": "2012"}],
            ["barn_id", "kommunkod", "fodelsear"],
        )
        ds = bbic_su.Dataset(
            {
                "barn": barn,
                "insats": _frame(ins, [*ins[0]]),
                "uppfoljning": _frame(rows, [*rows[0]]),
            }
        )
        assert _counts(ds, "m_overvagande_i_tid", None) == (3, 4, 0)
        derived = bbic_su.derive(ds)["uppfoljning"]["overvagande_i_tid"]
        assert _cells(derived.to_frame(), "overvagande_i_tid") == ["ja", "nej", "ja", None, "ja"]

    def test_without_an_extraction_date_deadline_measures_say_why(self) -> None:
        """No extraction date: deadline and window measures are listed, not computed."""
        ds = _reports([("2024-03-01", None, None)])
        table = bbic_su.compute(
            ds, ["m_forhandsbedomning_14_dagar", "m_ateraktualiseringar_andel"], min_count=None
        )
        t = table.to_frame()
        assert not t["computable"].any()
        # the window measure lacks its records (no utredning exported), not only the date
        assert dict(zip(t["measure"], t["missing"], strict=True)) == {
            "m_forhandsbedomning_14_dagar": "extraction_date",
            "m_ateraktualiseringar_andel": "aktualisering.ateraktualisering",
        }
        assert t["denominator"].isna().all()
        assert table.not_computable == {
            "m_forhandsbedomning_14_dagar": {"code": "needs-extraction-date", "variables": []},
        }


def test_report_says_why_a_measure_is_not_computed(tmp_path: Path) -> None:
    """Without an extraction date the report's block says so instead of showing 0 of n."""
    from bbic_su.reporting import report

    # ten reports: a share of 0 % is published from twice the threshold (extreme shares)
    ds = _reports([("2024-03-01", None, None)] * 10)
    ids = ["m_forhandsbedomning_14_dagar"]
    html = tmp_path / "r.html"
    files = report(ds, html=html, measures=ids, lang="en")
    notes = [b.note for a in files.model.areas for b in a.measures]
    assert notes == ["Not computed: the extraction date is missing (--extraction-date)."]
    assert "Not computed: the extraction date is missing" in html.read_text(encoding="utf-8")
    done = report(ds, html=tmp_path / "s.html", measures=ids, extraction_date="2024-03-31")
    cells = [c for a in done.model.areas for b in a.measures for c in b.of("total")]
    assert [b.note for a in done.model.areas for b in a.measures] == [None]
    assert [(c.denominator, c.pending) for c in cells] == [(10, 0)]


@settings(max_examples=200, deadline=None)
@given(pairs=st.lists(st.tuples(days, days), min_size=1, max_size=20))
def test_whole_months_and_years_between_dates(pairs: list[tuple[D, D]]) -> None:
    """months_between and years_between count whole calendar months and years (leap days too)."""
    import numpy as np

    from bbic_su.frames._derive_eval import Val, _months

    def as_val(values: list[D]) -> Val:
        arr = np.array(values, dtype="datetime64[D]").astype(np.int64)
        return Val(arr, np.zeros(len(values), bool), "date")

    a, b = as_val([p[0] for p in pairs]), as_val([p[1] for p in pairs])
    months, _ = _months(a, b, len(pairs))

    def reference(x: D, y: D) -> int:
        m = (y.year - x.year) * 12 + y.month - x.month
        while _add_months(x, m) > y:
            m -= 1
        while _add_months(x, m + 1) <= y:
            m += 1
        return m

    expected = [reference(x, y) for x, y in pairs]
    assert months.tolist() == expected
    assert (months // 12).tolist() == [m // 12 for m in expected]
