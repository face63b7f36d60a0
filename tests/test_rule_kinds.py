"""Rule kinds over sibling records (interval, unique_within_parent) and not_after: extraction_date."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from spec_fixtures import assert_rejected, edit

import bbic_su
from bbic_su import BbicSuError
from bbic_su.cli import main
from bbic_su.expr._evaluate_common import shift_months
from bbic_su.spec._load import packaged_root
from bbic_su.spec.issue_codes import ISSUE_CODES, IssueCode
from bbic_su.validation._sibling_rules import add_months

PACKAGED = Path(str(packaged_root()))
Follow = tuple[str, str | None]  # (uppfoljningstyp, uppfoljningsdatum)


def _dataset(
    follow_ups: list[Follow],
    *,
    start: str | None = "2024-01-31",
    typ: str = "vard_placering_sol",
    insats_id: list[str] | None = None,
) -> bbic_su.Dataset:
    n = len(follow_ups)
    insats = pd.DataFrame(
        {
            "insats_id": ["i1", "i2"],
            "barn_id": ["b1", "b1"],
            "insatstyp": [typ, typ],
            "insats_beslutsdatum": [start or "2024-01-01"] * 2,
            "insats_startdatum": [start, start],
        }
    )
    upp = pd.DataFrame(
        {
            "uppfoljning_id": [f"u{i + 1}" for i in range(n)],
            "barn_id": ["b1"] * n,
            "insats_id": insats_id or ["i1"] * n,
            "uppfoljningstyp": [t for t, _ in follow_ups],
            "uppfoljningsdatum": [d for _, d in follow_ups],
        }
    )
    return bbic_su.Dataset({"insats": insats, "uppfoljning": upp})


def _found(ds: bbic_su.Dataset, code: IssueCode, **kw: object) -> list[tuple[int | None, object]]:
    report = bbic_su.validate(ds, **kw)  # type: ignore[arg-type]
    return [(i.row, i.value) for i in report.issues if i.code == code]


def _late(follow_ups: list[Follow], **kw: object) -> list[int | None]:
    return [row for row, _ in _found(_dataset(follow_ups, **kw), IssueCode.INTERVAL_EXCEEDED)]  # type: ignore[arg-type]


R = "overvagande"

# ---------------------------------------------------------------------- interval


def test_exactly_six_months_is_on_time_one_day_more_is_late() -> None:
    assert _late([(R, "2024-07-31")]) == []
    assert _late([(R, "2024-08-01")]) == [1]


def test_month_end_is_clamped() -> None:
    # 31 August + 6 months = 28 February (2025 is no leap year); 29 Feb 2024 + 6 = 29 Aug
    assert _late([(R, "2025-02-28")], start="2024-08-31") == []
    assert _late([(R, "2025-03-01")], start="2024-08-31") == [1]
    assert _late([(R, "2024-08-29")], start="2024-02-29") == []
    assert _late([(R, "2024-08-30")], start="2024-02-29") == [1]


def test_first_review_counts_from_the_anchor_the_next_from_the_previous() -> None:
    assert _late([(R, "2024-09-01"), (R, "2025-02-01")]) == [1]
    assert _late([(R, "2024-06-30"), ("omprovning", "2024-12-30"), (R, "2025-06-30")]) == []
    assert _late([(R, "2024-06-30"), (R, "2025-01-01")]) == [2]


def test_order_is_by_date_not_by_row() -> None:
    assert _late([(R, "2025-02-01"), (R, "2024-07-01")]) == [1]


def test_other_follow_ups_neither_count_nor_reset_the_clock() -> None:
    follow = [(R, "2024-06-30"), ("uppfoljning_vard", "2024-11-01"), (R, "2025-01-15")]
    assert _late(follow) == [3]
    assert _late([(R, "2024-06-30"), ("avslut", "2024-12-01")]) == []


def test_open_care_is_ignored() -> None:
    assert _late([(R, "2025-06-01"), (R, "2026-06-01")], typ="familjebehandling") == []


def test_each_parent_has_its_own_chain() -> None:
    follow = [(R, "2024-07-01"), (R, "2024-06-01"), (R, "2025-05-01")]
    assert _late(follow, insats_id=["i1", "i2", "i1"]) == [3]
    assert _late(follow, insats_id=["i1", "i1", "i1"]) == [3]
    pair = [(R, "2024-07-01"), (R, "2024-12-31")]
    assert _late(pair, insats_id=["i1", "i1"]) == []
    assert _late(pair, insats_id=["i1", "i2"]) == [2]  # i2's first review, from the start


def test_missing_anchor_skips_only_the_first() -> None:
    assert _late([(R, "2025-01-01"), (R, "2025-08-01")], start=None) == [2]


def test_unknown_date_in_the_chain_leaves_the_parent_unchecked() -> None:
    follow: list[Follow] = [(R, "2024-07-01"), (R, "2024-13-01"), (R, "2025-06-01")]
    ds = _dataset(follow)
    assert _found(ds, IssueCode.INTERVAL_EXCEEDED) == []
    assert _found(ds, IssueCode.INVALID_DATE) == [(2, "2024-13-01")]
    assert _late([(R, "2024-07-01"), (R, None), (R, "2025-06-01")]) == []


def test_finding_cites_the_rule_and_its_legal_source() -> None:
    report = bbic_su.validate(_dataset([(R, "2024-08-01")]))
    (issue,) = [i for i in report.issues if i.code == IssueCode.INTERVAL_EXCEEDED]
    assert (issue.rule, issue.severity, issue.variable, issue.key) == (
        "R22",
        "warning",
        "uppfoljningsdatum",
        "u1",
    )
    assert issue.legal == ("L_OVERVAG",) and issue.value == "2024-08-01"
    assert "6 kap. 8 §" in issue.message_en and "gällde till och med 2025-06-30" in issue.message_sv
    assert "6 months" in issue.message_en and "6 månader" in issue.message_sv


def test_add_months_matches_the_expression_language() -> None:
    days = np.arange(np.datetime64("2023-01-01"), np.datetime64("2025-01-01"))
    for months in (1, 4, 6, 12, 25):
        want = [shift_months(d.item(), months) for d in days]
        assert add_months(days, months).astype(object).tolist() == want


def _naive_late(groups: list[str], dates: list[dt.date], start: dt.date) -> set[int]:
    late = set()
    for g in set(groups):
        rows = sorted(
            (d, i) for i, (gg, d) in enumerate(zip(groups, dates, strict=True)) if gg == g
        )
        prev = start
        for d, i in rows:
            if d > shift_months(prev, 6):
                late.add(i + 1)
            prev = d
    return late


@pytest.mark.parametrize("seed", range(5))
def test_vectorised_chain_equals_a_naive_loop(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = 60
    groups = [str(g) for g in rng.choice(["i1", "i2"], n)]
    base = np.datetime64("2024-01-31")
    dates = [(base + int(x)).item() for x in rng.integers(0, 1500, n)]
    ds = _dataset([(R, d.isoformat()) for d in dates], insats_id=groups)
    assert set(_late([(R, d.isoformat()) for d in dates], insats_id=groups)) == _naive_late(
        groups, dates, dt.date(2024, 1, 31)
    )
    assert bbic_su.validate(ds).issues  # the chain is long: some gaps are late


# ------------------------------------------------------------ unique_within_parent


def test_two_closures_of_one_intervention_are_flagged() -> None:
    follow = [("avslut", "2024-09-01"), (R, "2024-07-01"), ("avslut", "2024-09-02")]
    found = _found(_dataset(follow), IssueCode.MORE_THAN_ONE)
    assert found == [(3, "avslut")]
    report = bbic_su.validate(_dataset(follow))
    (issue,) = [i for i in report.issues if i.code == IssueCode.MORE_THAN_ONE]
    assert (issue.rule, issue.severity, issue.variable) == ("R17", "error", "uppfoljningstyp")
    assert report.rows["uppfoljning"].with_errors >= 1


def test_one_closure_per_intervention_is_fine() -> None:
    follow = [("avslut", "2024-09-01"), ("avslut", "2024-09-02")]
    assert _found(_dataset(follow, insats_id=["i1", "i2"]), IssueCode.MORE_THAN_ONE) == []
    assert _found(_dataset([("avslut", "2024-09-01")]), IssueCode.MORE_THAN_ONE) == []


def test_sibling_kinds_are_dataset_scope_and_not_checked_per_record() -> None:
    assert ISSUE_CODES[IssueCode.INTERVAL_EXCEEDED].scope == "dataset"
    assert ISSUE_CODES[IssueCode.MORE_THAN_ONE].scope == "dataset"
    assert ISSUE_CODES[IssueCode.AFTER_EXTRACTION_DATE].scope == "record"
    ds = _dataset([(R, "2025-01-01")])
    rec = ds["uppfoljning"].iloc[0].to_dict()
    issues = bbic_su.validate_record(
        rec, {"insats": ds["insats"].iloc[0].to_dict()}, record_type="uppfoljning"
    )
    assert IssueCode.INTERVAL_EXCEEDED not in {i.code for i in issues}


# ----------------------------------------------------------------- extraction date


def test_extraction_date_is_a_parameter() -> None:
    ds = _dataset([(R, "2024-07-01"), ("avslut", "2025-01-02")])
    code = IssueCode.AFTER_EXTRACTION_DATE
    assert _found(ds, code) == []
    assert _found(ds, code, extraction_date=dt.date(2025, 1, 2)) == []
    assert _found(ds, code, extraction_date="2025-01-01") == [(2, "2025-01-02")]
    report = bbic_su.validate(ds, extraction_date=dt.datetime(2024, 1, 30, 12))
    found = {(i.record_type, i.row, i.variable) for i in report.issues if i.code == code}
    assert ("insats", 1, "insats_startdatum") in found and (
        "uppfoljning",
        1,
        "uppfoljningsdatum",
    ) in found
    with pytest.raises(BbicSuError):
        bbic_su.validate(ds, extraction_date="last friday")


def test_extraction_date_same_on_both_paths_and_unparsed_dates_not_repeated() -> None:
    rec = {
        "insats_id": "i9",
        "barn_id": "b1",
        "insatstyp": "familjebehandling",
        "insats_beslutsdatum": "2025-03-01",
        "insats_startdatum": "2025-02-30",
    }
    single = bbic_su.validate_record(rec, record_type="insats", extraction_date="2025-01-01")
    bulk = bbic_su.validate(
        bbic_su.Dataset({"insats": pd.DataFrame([rec])}), extraction_date="2025-01-01"
    ).issues
    for issues in (single, bulk):
        after = [
            (i.variable, i.value, i.rule)
            for i in issues
            if i.code == IssueCode.AFTER_EXTRACTION_DATE
        ]
        assert after == [("insats_beslutsdatum", "2025-03-01", "R27")]
        assert "2025-01-01" in next(
            i.message_en for i in issues if i.code == IssueCode.AFTER_EXTRACTION_DATE
        )


def test_cli_extraction_date(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "insats.csv").write_text(
        "insats_id,barn_id,insatstyp,insats_beslutsdatum\ni1,b1,familjebehandling,2025-01-02\n",
        encoding="utf-8",
    )
    main(["validate", str(folder), "--format", "json"])
    codes = [i["code"] for i in json.loads(capsys.readouterr().out)["issues"]]
    assert "after-extraction-date" not in codes
    assert (
        main(["validate", str(folder), "--format", "json", "--extraction-date", "2024-12-31"]) == 1
    )
    issues = json.loads(capsys.readouterr().out)["issues"]
    assert [(i["code"], i["rule"], i["row"]) for i in issues if i["rule"] == "R27"] == [
        ("after-extraction-date", "R27", 1)
    ]
    assert main(["validate", str(folder), "--extraction-date", "31/12/2024"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--extraction-date" in err


# --------------------------------------------------------------- spec-load checks


INTERVAL = """  - interval:
      among: uppfoljningstyp in ["overvagande", "omprovning"] and in_group(insats.insatstyp, "heldygn")
      anchor: insats.insats_startdatum
      max_months: 6
"""
UNIQUE = """  - unique_within_parent:
      where: uppfoljningstyp == "avslut"
"""
UPP = "variables/uppfoljning.yaml"
Mutation = Callable[[Path], None]


def _upp(old: str, new: str) -> Mutation:
    return lambda d: edit(d / UPP, old, new)


CASES: list[tuple[str, Mutation, str, str, str]] = [
    (
        "interval unknown key",
        _upp("      max_months: 6\n", "      max_weeks: 26\n"),
        UPP,
        "uppfoljningsdatum",
        "extra fields",
    ),
    (
        "interval without a limit",
        _upp("      max_months: 6\n", ""),
        UPP,
        "rules[2].interval",
        "needs one of max_days, max_months",
    ),
    (
        "interval with two limits",
        _upp("      max_months: 6\n", "      max_months: 6\n      max_days: 9\n"),
        UPP,
        "rules[2].interval",
        "needs one of max_days, max_months",
    ),
    (
        "interval of zero",
        _upp("      max_months: 6\n", "      max_months: 0\n"),
        UPP,
        "rules[2].interval",
        ">= 1",
    ),
    (
        "interval bad predicate",
        _upp('and in_group(insats.insatstyp, "heldygn")', 'and nosuch == "x"'),
        UPP,
        "rules[2].interval.among",
        "nosuch",
    ),
    (
        "interval bad anchor",
        _upp("      anchor: insats.insats_startdatum\n", "      anchor: insats.insatstyp\n"),
        UPP,
        "rules[2].interval.anchor",
        "",
    ),
    (
        "interval without legal source",
        _upp("    rule: R22\n    legal: [L_OVERVAG]\n", "    rule: R22\n"),
        UPP,
        "rules[2].legal",
        "must cite its legal source",
    ),
    (
        "interval on a code variable",
        _upp(UNIQUE, INTERVAL + "    legal: [L_OVERVAG]\n"),
        UPP,
        "uppfoljningstyp>.rules[1].interval",
        "date variable",
    ),
    (
        "unique bad predicate",
        _upp(UNIQUE, UNIQUE.replace('"avslut"', '"slut"')),
        UPP,
        "unique_within_parent.where",
        "slut",
    ),
    (
        "two kinds in one rule",
        _upp(
            "    severity: warning\n    rule: R22\n",
            "    after_or_equal: insats.insats_startdatum\n    severity: warning\n    rule: R22\n",
        ),
        UPP,
        "rules[2]",
        "one rule kind",
    ),
    (
        "unique on a record type without parent",
        lambda d: edit(
            d / "variables/barn.yaml",
            "  rules:\n",
            "  rules:\n" + UNIQUE,
        ),
        "variables/barn.yaml",
        "unique_within_parent",
        "has no parent",
    ),
    (
        "not_after unknown parameter",
        lambda d: edit(d / "rules.yaml", "not_after: extraction_date", "not_after: today"),
        "rules.yaml",
        "not_after",
        "",
    ),
    (
        "not_after with an expression",
        lambda d: edit(
            d / "rules.yaml",
            "  expression: null\n  not_after: extraction_date\n",
            '  expression: "true"\n  not_after: extraction_date\n',
        ),
        "rules.yaml",
        "not_after",
        "without expression",
    ),
]


@pytest.mark.parametrize(
    ("mutate", "file", "path", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_malformed_rule_kinds_are_rejected(
    spec_dir: Path, mutate: Mutation, file: str, path: str, message: str
) -> None:
    mutate(spec_dir)
    assert_rejected(spec_dir, file, path, message)


def test_the_catalogue_states_the_rules_with_the_new_kinds() -> None:
    cat = bbic_su.catalog()
    (interval,) = [r for r in cat.variable("uppfoljningsdatum").rules if r.interval]
    assert interval.rule == "R22" and interval.interval is not None
    assert interval.interval.max_months == 6 and interval.legal == ("L_OVERVAG",)
    (unique,) = [r for r in cat.variable("uppfoljningstyp").rules if r.unique_within_parent]
    assert unique.rule == "R17"
    assert cat.rule("R27").not_after == "extraction_date"


def test_interval_in_days_from_a_custom_catalogue(spec_dir: Path) -> None:
    edit(spec_dir / UPP, "      max_months: 6\n", "      max_days: 10\n")
    cat = bbic_su.load_catalog(spec_dir)
    follow: list[Follow] = [(R, "2024-02-10"), (R, "2024-02-20"), (R, "2024-03-02")]
    ds = bbic_su.Dataset(_dataset(follow).frames, catalog=cat)
    report = bbic_su.validate(ds)
    late = [(i.row, i.message_en) for i in report.issues if i.code == IssueCode.INTERVAL_EXCEEDED]
    assert [row for row, _ in late] == [3]
    assert "more than 10 days after" in late[0][1]
