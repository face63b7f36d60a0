"""Cases evaluated against the extraction date and follow-ups after the closure.

R12 for open investigations (``deadline-passed-open``), R22 for ongoing placements
(``interval-passed-open``) and the second half of R17 (``dated-after-closure``).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import attrs
import pandas as pd
import pytest

import bbic_su
import bbic_su.spec
from bbic_su.spec._load import packaged_root
from bbic_su.spec.issue_codes import ISSUE_CODES, IssueCode
from bbic_su.validation.issues import Issue

PACKAGED = Path(str(packaged_root()))
OPEN = IssueCode.DEADLINE_PASSED_OPEN
AFTER = IssueCode.DATED_AFTER_CLOSURE
IDLE = IssueCode.INTERVAL_PASSED_OPEN
R = "overvagande"

# ----------------------------------------------------------------------- R12 open

Utr = tuple[str | None, str | None, str | None]  # inledd, avslutad, beslut_forlangd_utredning


def _utr(rows: list[Utr]) -> pd.DataFrame:
    n = len(rows)
    return pd.DataFrame(
        {
            "utredning_id": [f"u{i + 1}" for i in range(n)],
            "barn_id": ["b1"] * n,
            "aktualisering_id": ["a1"] * n,
            "utredning_inledd_datum": [r[0] for r in rows],
            "utredning_avslutad_datum": [r[1] for r in rows],
            "beslut_forlangd_utredning": [r[2] for r in rows],
        }
    )


def _issues(
    frames: dict[str, pd.DataFrame], code: IssueCode, when: object = None, **kw: object
) -> list[Issue]:
    report = bbic_su.validate(bbic_su.Dataset(frames), extraction_date=when, **kw)  # type: ignore[arg-type]
    return [i for i in report.issues if i.code == code]


def _open(rows: list[Utr], when: object) -> list[tuple[int | None, object]]:
    return [(i.row, i.value) for i in _issues({"utredning": _utr(rows)}, OPEN, when)]


def test_open_investigation_past_four_months_is_reported_not_on_the_boundary_day() -> None:
    rows: list[Utr] = [("2024-01-15", None, None)]
    assert _open(rows, "2024-05-15") == []  # exactly four months: on time
    assert _open(rows, "2024-05-16") == [(1, "2024-01-15")]


def test_month_end_is_clamped() -> None:
    rows: list[Utr] = [("2024-10-31", None, None)]  # + 4 months = 28 February 2025
    assert _open(rows, "2025-02-28") == []
    assert _open(rows, "2025-03-01") == [(1, "2024-10-31")]


def test_only_open_unextended_investigations_with_a_known_start() -> None:
    rows: list[Utr] = [
        ("2024-01-01", None, None),  # open: reported
        ("2024-01-01", "2024-03-01", None),  # closed in time
        ("2024-01-01", "2024-09-01", None),  # closed late: the closed-case deadline
        ("2024-01-01", None, "ja"),  # extended
        ("2024-01-01", None, "nej"),  # not extended: reported
        ("2024-01-01", None, "uppgift_saknas"),  # unknown extension: reported
        (None, None, None),  # no start
    ]
    assert [r for r, _ in _open(rows, "2024-12-31")] == [1, 5, 6]
    closed_late = _issues({"utredning": _utr(rows)}, IssueCode.DEADLINE_EXCEEDED, "2024-12-31")
    assert [i.row for i in closed_late] == [3]


def test_no_open_case_findings_without_an_extraction_date() -> None:
    frames = {"utredning": _utr([("2020-01-01", None, None)])}
    assert _issues(frames, OPEN) == []
    assert _issues(frames, OPEN, "2020-01-02") == []
    assert len(_issues(frames, OPEN, "2021-01-01")) == 1


def test_unparsable_dates_are_unknown_not_open() -> None:
    rows: list[Utr] = [
        ("2024-02-30", None, None),  # start unknown
        ("2024-01-01", "2024-13-01", None),  # closing date unknown: maybe closed
        ("2024-01-01", None, "kanske"),  # extension unknown
        ("junk", "junk", "Ja"),
    ]
    frames = {"utredning": _utr(rows)}
    assert _issues(frames, OPEN, "2025-01-01") == []
    invalid = _issues(frames, IssueCode.INVALID_DATE, "2025-01-01")
    assert {(i.row, i.variable) for i in invalid} >= {(1, "utredning_inledd_datum")}


def test_finding_reads_like_a_deadline_and_cites_the_law() -> None:
    (issue,) = _issues({"utredning": _utr([("2024-01-15", None, None)])}, OPEN, "2024-06-01")
    assert (issue.rule, issue.severity, issue.variable, issue.key) == (
        "R12",
        "warning",
        "utredning_avslutad_datum",
        "u1",
    )
    assert issue.legal == ("L_UTRED4M",) and issue.value == "2024-01-15"
    assert ISSUE_CODES[OPEN].scope == "record"
    cat = bbic_su.catalog()
    assert "utredning_avslutad_datum" in issue.message_en
    assert "utredning_inledd_datum" in issue.message_en
    for var in ("utredning_avslutad_datum", "utredning_inledd_datum"):  # labels in Swedish
        assert f"«{cat.variable(var).name_sv}»" in issue.message_sv
        assert var not in issue.message_sv
    assert "4 months" in issue.message_en and "4 månader" in issue.message_sv
    assert "11 kap. 2 § SoL (2001:453), in force until 2025-06-30" in issue.message_en


@pytest.mark.parametrize(
    "row",
    [
        ("2024-01-15", None, None),
        ("2024-01-16", None, None),
        ("2024-01-15", None, "ja"),
        ("2024-01-15", "2024-05-01", None),
        ("2024-02-30", None, None),
        ("2024-01-15", "x", "nej"),
        (None, None, None),
    ],
)
def test_both_paths_agree(row: Utr) -> None:
    frame = _utr([row])
    for when in (None, "2024-05-16", dt.date(2030, 1, 1)):
        report = bbic_su.validate(bbic_su.Dataset({"utredning": frame}), extraction_date=when)
        bulk = {
            attrs.evolve(i, row=None)
            for i in report.issues
            if ISSUE_CODES[i.code].scope == "record"
        }
        rec = {k: v for k, v in frame.iloc[0].to_dict().items() if v is not None}
        single = set(bbic_su.validate_record(rec, record_type="utredning", extraction_date=when))
        assert single == bulk


# ---------------------------------------------- open deadline: applies_if, ancestors


@pytest.fixture(scope="module")
def custom() -> bbic_su.Catalog:
    """A catalogue whose closing date of an intervention has an open deadline from its start."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "spec_data"
        shutil.copytree(PACKAGED.resolve(), target)
        path = target / "variables/uppfoljning.yaml"
        text = path.read_text(encoding="utf-8")
        old = "  - after_or_equal: insats.insats_startdatum\n    severity: error\n    rule: R16\n"
        assert old in text
        new = (
            "  - deadline:\n      anchor: insats.insats_startdatum\n      max_days: 30\n"
            "      open_against: extraction_date\n    legal: [L_OVERVAG]\n    severity: warning\n"
        )
        path.write_text(text.replace(old, old + new), encoding="utf-8")
        return bbic_su.load_catalog(target)


def _ins_upp(typ: str, closed: str | None) -> dict[str, pd.DataFrame]:
    return {
        "insats": pd.DataFrame(
            {
                "insats_id": ["i1"],
                "barn_id": ["b1"],
                "insatstyp": ["familjebehandling"],
                "insats_startdatum": ["2024-01-01"],
            }
        ),
        "uppfoljning": pd.DataFrame(
            {
                "uppfoljning_id": ["f1"],
                "barn_id": ["b1"],
                "insats_id": ["i1"],
                "uppfoljningstyp": [typ],
                "uppfoljningsdatum": ["2024-01-20"],
                "insats_avslutad_datum": [closed],
            }
        ),
    }


def test_open_deadline_respects_applies_if_and_reads_ancestors(custom: bbic_su.Catalog) -> None:
    def found(frames: dict[str, pd.DataFrame], when: str) -> list[tuple[object, ...]]:
        return [
            (i.record_type, i.row, i.variable, i.value)
            for i in _issues(frames, OPEN, when, catalog=custom)
        ]

    want = [("uppfoljning", 1, "insats_avslutad_datum", "2024-01-01")]
    assert found(_ins_upp("avslut", None), "2024-01-31") == []  # 30 days: on time
    assert found(_ins_upp("avslut", None), "2024-02-01") == want
    assert found(_ins_upp("avslut", "2024-01-10"), "2024-02-01") == []  # closed
    assert found(_ins_upp("uppfoljning_oppenvard", None), "2024-02-01") == []  # n/a
    orphan = _ins_upp("avslut", None)
    orphan["insats"]["insats_id"] = ["i2"]  # the parent is missing: the anchor is unknown
    assert found(orphan, "2024-02-01") == []
    frames = _ins_upp("avslut", None)
    rec = frames["uppfoljning"].iloc[0].to_dict()
    parent = frames["insats"].iloc[0].to_dict()
    for anc, expected in (({"insats": parent}, 1), (None, 0)):
        single = bbic_su.validate_record(
            rec, anc, catalog=custom, record_type="uppfoljning", extraction_date="2024-02-01"
        )
        assert len([i for i in single if i.code == OPEN]) == expected


# ------------------------------------------------------------- R17: after closure

Follow = tuple[str | None, str | None]  # uppfoljningstyp, uppfoljningsdatum


def _follow(rows: list[Follow], parents: list[str | None] | None = None) -> pd.DataFrame:
    n = len(rows)
    return pd.DataFrame(
        {
            "uppfoljning_id": [f"f{i + 1}" for i in range(n)],
            "barn_id": ["b1"] * n,
            "insats_id": parents or ["i1"] * n,
            "uppfoljningstyp": [t for t, _ in rows],
            "uppfoljningsdatum": [d for _, d in rows],
        }
    )


def _insats(typ: str = "vard_placering_sol", start: str | None = "2024-01-31") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "insats_id": ["i1", "i2"],
            "barn_id": ["b1", "b1"],
            "insatstyp": [typ, typ],
            "insats_beslutsdatum": ["2024-01-01"] * 2,
            "insats_startdatum": [start, start],
        }
    )


def _after(rows: list[Follow], parents: list[str | None] | None = None) -> list[tuple[object, ...]]:
    frames = {"insats": _insats(), "uppfoljning": _follow(rows, parents)}
    return [(i.row, i.value) for i in _issues(frames, AFTER)]


def test_follow_up_after_the_closure_is_reported_not_on_the_same_day() -> None:
    rows: list[Follow] = [
        (R, "2024-07-01"),
        ("avslut", "2024-09-01"),
        ("uppfoljning_vard", "2024-09-01"),  # same day as the closure: fine
        ("uppfoljning_vard", "2024-09-02"),
        (R, "2024-08-31"),
    ]
    assert _after(rows) == [(4, "2024-09-02")]


def test_each_intervention_has_its_own_closure() -> None:
    rows: list[Follow] = [("avslut", "2024-09-01"), (R, "2024-10-01"), (R, "2024-10-01")]
    assert _after(rows, ["i1", "i2", "i1"]) == [(3, "2024-10-01")]
    assert _after(rows, ["i1", "i2", "i2"]) == []


def test_the_earliest_closure_counts_and_closures_are_not_reported() -> None:
    rows: list[Follow] = [
        ("avslut", "2024-12-01"),
        (R, "2024-10-01"),
        ("avslut", "2024-09-01"),
    ]
    assert _after(rows) == [(2, "2024-10-01")]
    frames = {"insats": _insats(), "uppfoljning": _follow(rows)}
    assert [i.row for i in _issues(frames, IssueCode.MORE_THAN_ONE)] == [3]


def test_unknown_dates_are_not_compared() -> None:
    later = ("uppfoljning_vard", "2025-01-01")
    assert _after([("avslut", None), later]) == []
    assert _after([("avslut", "2024-13-01"), later]) == []
    assert _after([("avslut", "2024-13-01"), ("avslut", "2024-09-01"), later]) == [(3, later[1])]
    assert _after([("avslut", "2024-09-01"), ("uppfoljning_vard", None)]) == []
    assert _after([("avslut", "2024-09-01"), ("uppfoljning_vard", "2025-02-30")]) == []


def test_unknown_type_or_parent_is_neither_closing_nor_reported() -> None:
    assert _after([("avslut", "2024-09-01"), ("Avslut!", "2025-01-01")]) == []
    assert _after([("okand_typ", "2024-09-01"), (R, "2025-01-01")]) == []
    assert _after([("avslut", "2024-09-01"), (R, "2025-01-01")], ["i1", None]) == []
    assert _after([("avslut", "2024-09-01"), (R, "2025-01-01")], ["i9", "i9"]) == [
        (2, "2025-01-01")
    ]  # grouped by the parent key even when the parent is missing


def test_dated_after_closure_finding() -> None:
    frames = {
        "insats": _insats(),
        "uppfoljning": _follow([("avslut", "2024-09-01"), (R, "2025-01-01")]),
    }
    report = bbic_su.validate(bbic_su.Dataset(frames))
    (issue,) = [i for i in report.issues if i.code == AFTER]
    assert (issue.rule, issue.severity, issue.variable, issue.key, issue.record_type) == (
        "R17",
        "error",
        "uppfoljningsdatum",
        "f2",
        "uppfoljning",
    )
    assert ISSUE_CODES[AFTER].scope == "dataset"
    assert 'uppfoljningstyp == "avslut"' in issue.message_en and "insats" in issue.message_sv
    assert report.rows["uppfoljning"].with_errors == 2  # the closure lacks its closing data
    rec = frames["uppfoljning"].iloc[1].to_dict()
    single = bbic_su.validate_record(
        rec, {"insats": frames["insats"].iloc[0].to_dict()}, record_type="uppfoljning"
    )
    assert AFTER not in {i.code for i in single}


# ------------------------------------------------------------ R22: ongoing placement


def _idle(
    rows: list[Follow],
    when: object,
    *,
    typ: str = "vard_placering_sol",
    start: str | None = "2024-01-31",
    parents: list[str | None] | None = None,
) -> list[tuple[object, ...]]:
    frames = {
        "insats": _insats(typ, start),
        "uppfoljning": _follow(rows, parents or ["i1"] * len(rows)),
    }
    found = [(i.record_type, i.row, i.variable, i.value) for i in _issues(frames, IDLE, when)]
    return sorted(found, key=lambda f: (f[0] != "uppfoljning", str(f[1])))


def test_ongoing_placement_reported_on_its_last_review() -> None:
    rows: list[Follow] = [
        (R, "2024-07-31"),
        ("omprovning", "2024-12-01"),
        ("uppfoljning_vard", "2025-05-01"),
    ]
    assert _idle(rows, "2025-06-01") == [("insats", 2, "insats_startdatum", "2024-01-31")]
    assert _idle(rows, "2025-06-02") == [
        ("uppfoljning", 2, "uppfoljningsdatum", "2024-12-01"),
        ("insats", 2, "insats_startdatum", "2024-01-31"),
    ]  # i2, without any follow-up, is reported on the intervention itself


def test_placement_without_review_reported_from_its_start() -> None:
    one: list[Follow] = [(R, "2024-07-01")]
    found = _idle(one, "2024-07-31", parents=["i2"])
    assert found == []  # 31 January + 6 months = 31 July: on time
    found = _idle(one, "2024-08-01", parents=["i2"])
    assert found == [("insats", 1, "insats_startdatum", "2024-01-31")]


def test_closed_open_care_and_unstarted_are_not_reported() -> None:
    closed: list[Follow] = [(R, "2024-07-01"), ("avslut", "2024-08-01"), ("avslut", "2024-08-01")]
    assert _idle(closed, "2026-01-01", parents=["i1", "i1", "i2"]) == []
    assert _idle([(R, "2024-07-01")], "2026-01-01", typ="familjebehandling") == []
    assert _idle([(R, "2024-07-01")], "2026-01-01", start=None) == [
        ("uppfoljning", 1, "uppfoljningsdatum", "2024-07-01")
    ]  # i1 counts from its review; i2 has no start to count from


def test_unknown_dates_or_types_leave_the_placement_unchecked() -> None:
    when = "2026-01-01"
    i2 = [("insats", 2, "insats_startdatum", "2024-01-31")]
    assert _idle([(R, "2024-07-01"), (R, None)], when) == i2
    assert _idle([(R, "2024-07-01"), (R, "2024-13-01")], when) == i2
    assert _idle([(R, "2024-07-01"), ("Avslut?", "2024-08-01")], when) == i2
    assert _idle([(R, "2024-07-01"), (R, "2024-08-01")], when, parents=["i1", None]) == [
        ("uppfoljning", 1, "uppfoljningsdatum", "2024-07-01"),
        *i2,
    ]


def test_no_ongoing_findings_without_extraction_date_or_follow_up_table() -> None:
    assert _idle([(R, "2020-03-01")], None) == []
    frames = {"insats": _insats()}
    assert _issues(frames, IDLE, "2030-01-01") == []  # nothing is known of the follow-ups
    assert _issues({"uppfoljning": _follow([(R, "2020-03-01")])}, IDLE, "2030-01-01") == []
    assert ISSUE_CODES[IDLE].scope == "dataset"


def test_ongoing_finding_reads_like_an_interval() -> None:
    frames = {"insats": _insats(), "uppfoljning": _follow([(R, "2024-07-01")])}
    issues = _issues(frames, IDLE, "2025-06-01")
    assert {(i.record_type, i.key) for i in issues} == {("uppfoljning", "f1"), ("insats", "i2")}
    for issue in issues:
        assert (issue.rule, issue.severity, issue.legal) == ("R22", "warning", ("L_OVERVAG",))
        assert "6 months" in issue.message_en and "6 månader" in issue.message_sv
        assert "uppfoljning" in issue.message_en and "extraction date" in issue.message_en


# ------------------------------------------------------------------------- junk


@pytest.mark.parametrize("when", [None, "2024-06-30", dt.date(1999, 1, 1), dt.date(2100, 1, 1)])
def test_junk_never_crashes(when: object) -> None:
    """Junk in every column and any extraction date gives findings on both paths, never a crash."""
    junk = [None, "", "2024-02-30", "x" * 300, "19121212-1212", 17, 3.5, True, "avslut"]
    n = len(junk)
    frames = {
        "insats": pd.DataFrame(
            {
                "insats_id": ["i1", None, "i1", *junk[3:]],
                "barn_id": ["b1"] * n,
                "insatstyp": junk,
                "insats_startdatum": junk[::-1],
            }
        ),
        "uppfoljning": pd.DataFrame(
            {
                "uppfoljning_id": [f"f{i}" for i in range(n)],
                "barn_id": junk,
                "insats_id": ["i1", "i1", None, *junk[3:]],
                "uppfoljningstyp": junk[::-1],
                "uppfoljningsdatum": junk,
            }
        ),
        "utredning": _utr([(str(j), str(j), str(j)) for j in junk]),
    }
    report = bbic_su.validate(bbic_su.Dataset(frames), extraction_date=when)

    assert report.issues, "junk must be reported"
    for issue in report.issues:
        assert issue.code in ISSUE_CODES
        assert issue.row is None or 1 <= issue.row <= len(frames[issue.record_type])
    text = report.to_json()
    assert json.loads(text)
    assert "19121212" not in text and "x" * 300 not in text  # no identity number, no free text

    # every non-blank start date in utredning is junk: each is reported, on both paths
    starts = frames["utredning"]["utredning_inledd_datum"]
    bad = {row for row, value in enumerate(starts, start=1) if value != ""}
    assert bad == {1, *range(3, n + 1)}
    bulk = {
        i.row
        for i in report.issues
        if i.record_type == "utredning"
        and i.code == IssueCode.INVALID_DATE
        and i.variable == "utredning_inledd_datum"
    }
    assert bulk == bad
    for row, rec in enumerate(frames["utredning"].to_dict("records"), start=1):
        found = bbic_su.validate_record(rec, record_type="utredning", extraction_date=when)
        assert all(i.code in ISSUE_CODES for i in found)
        dates = {i for i in found if i.code == IssueCode.INVALID_DATE}
        assert ("utredning_inledd_datum" in {i.variable for i in dates}) == (row in bad)


def test_the_catalogue_states_the_three_evaluations() -> None:
    cat = bbic_su.catalog()
    (r12,) = [r for r in cat.variable("utredning_avslutad_datum").rules if r.deadline]
    assert r12.rule == "R12" and r12.deadline is not None
    assert r12.deadline.open_against == "extraction_date"
    kinds = {r.kinds: r for r in cat.variable("uppfoljningsdatum").rules}
    r17 = kinds[("none_after_within_parent",)]
    assert r17.rule == "R17" and r17.none_after_within_parent is not None
    assert r17.none_after_within_parent.date == "uppfoljningsdatum"
    r22 = kinds[("interval",)].interval
    assert r22 is not None and r22.open_against == "extraction_date"
    assert r22.closed_by == 'uppfoljningstyp == "avslut"'
    for rule in ("R12", "R17", "R22"):
        assert "valuat" in (cat.rule(rule).note or "")
