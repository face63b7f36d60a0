"""validate / validate_record: rule kinds, report forms, realistic example, privacy."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import attrs
import pandas as pd
import pytest

import bbic_su
from bbic_su.spec.issue_codes import ISSUE_CODES, IssueCode
from bbic_su.validation.issues import Issue
from bbic_su.validation.report import COLUMNS

REALISTIC = Path(__file__).parent / "data" / "realistic"
PNR = re.compile(r"(?<![0-9])(?:[0-9]{2})?[0-9]{6}[-+]?[0-9]{4}(?![0-9])")


def _validate(**frames: pd.DataFrame) -> bbic_su.ValidationReport:
    return bbic_su.validate(bbic_su.Dataset(frames))


def _codes(report: bbic_su.ValidationReport, rt: str | None = None) -> list[tuple[str, str | None]]:
    return [
        (i.code.value, i.variable)
        for i in report.issues
        if (rt is None or i.record_type == rt) and i.code != IssueCode.MISSING_COLUMN
    ]


def _akt(**cells: object) -> pd.DataFrame:
    base: dict[str, object] = {
        "aktualisering_id": "a1",
        "barn_id": "b1",
        "aktualiseringsdatum": "2024-03-01",
        "aktualiseringssatt": "ansokan",
    }
    base.update(cells)
    return pd.DataFrame({k: [v] for k, v in base.items()})


def test_realistic_example_gives_the_expected_issues() -> None:
    report = bbic_su.validate(bbic_su.read_dataset(REALISTIC))
    got = report.to_frame()
    got = got[got.code != "missing-column"].reset_index(drop=True)
    want = pd.read_csv(
        REALISTIC.parent / "realistic_expected_issues.csv", dtype=str, keep_default_na=False
    )
    cols = ["record_type", "row", "key", "code", "severity", "rule", "variable", "value"]
    got_rows = [["" if pd.isna(v) or v is None else str(v) for v in r] for r in got[cols].values]
    assert got_rows == [["" if v == "None" else v for v in r] for r in want[cols].values.tolist()]
    assert report.rows["barn"] == bbic_su.validation.report.RowCount(
        read=6, without_errors=3, with_errors=3
    )
    for c in report.rows.values():
        assert c.read == c.without_errors + c.with_errors


def test_clean_records_give_no_errors() -> None:
    report = _validate(
        barn=pd.DataFrame({"barn_id": ["b1"], "kon": ["flicka"], "fodelsear": ["2014"]}),
        aktualisering=_akt(alder_vid_aktualisering="10"),
    )
    assert report.ok and _codes(report) == []


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ({"aktualiseringssatt": "brev"}, ("invalid-code", "aktualiseringssatt")),
        ({"aktualiseringssatt": "Via telefon"}, ("free-text-in-code-field", "aktualiseringssatt")),
        ({"aktualiseringsdatum": "2024-02-30"}, ("invalid-date", "aktualiseringsdatum")),
        ({"aktualiseringsdatum": "1/3/2024"}, ("invalid-date", "aktualiseringsdatum")),
        ({"alder_vid_aktualisering": "tio"}, ("invalid-integer", "alder_vid_aktualisering")),
        ({"alder_vid_aktualisering": "21"}, ("out-of-range", "alder_vid_aktualisering")),
        ({"aktualiseringsdatum": None}, ("required-missing", "aktualiseringsdatum")),
        (
            {"aktualiseringssatt": "anmalan"},
            ("conditional-required-missing", "skyddsbedomning_datum"),
        ),
        ({"anmalare": "skola"}, ("not-applicable-value", "anmalare")),
        (
            {"aktualiseringssatt": "anmalan", "skyddsbedomning_datum": "2024-02-01"},
            ("date-order", "skyddsbedomning_datum"),
        ),
        (
            {"anledning_aktualisering": "annat|nytt_skal"},
            ("invalid-code", "anledning_aktualisering"),
        ),
        ({"aktualisering_id": "19121212-1212"}, ("invalid-key", "aktualisering_id")),
        ({"barn_id": None}, ("missing-key", "barn_id")),
    ],
)
def test_each_rule_kind(cells: dict[str, object], expected: tuple[str, str]) -> None:
    issues = _codes(_validate(aktualisering=_akt(**cells)), "aktualisering")
    assert expected in issues


def test_deadline_cites_the_verified_law_only_and_can_be_waived() -> None:
    late = {
        "aktualiseringssatt": "anmalan",
        "skyddsbedomning_datum": "2024-03-01",
        "beslut_om_utredning": "inleda_utredning",
        "beslut_om_utredning_datum": "2024-03-20",
    }
    issues = [i for i in _validate(aktualisering=_akt(**late)).issues if i.rule == "R09"]
    assert [i.code for i in issues] == [IssueCode.DEADLINE_EXCEEDED]
    sv, en = issues[0].message_sv, issues[0].message_en
    assert "11 kap. 1 a § andra stycket SoL (2001:453), gällde till och med 2025-06-30" in sv
    assert "11 kap. 1 a § andra stycket SoL (2001:453), in force until 2025-06-30" in en
    assert "2025:400" not in sv + en  # no paragraph of the new law is verified
    assert "verifierad" not in sv and "verified" not in en
    assert issues[0].legal == ("L_FORHAND14",)
    waived = _validate(aktualisering=_akt(**late, synnerliga_skal_forhandsbedomning="ja"))
    assert not [i for i in waived.issues if i.rule == "R09"]


def test_no_message_prints_an_unverified_paragraph() -> None:
    """Every legal citation a message can carry names verified references or the topic only."""
    from bbic_su.validation._rules import legal_citation

    cat = bbic_su.catalog()
    for ls in cat.legal_sources:
        for lang in ("sv", "en"):
            text = legal_citation(cat, (ls.id,), lang)
            assert "verifi" not in text.lower() and "proposal" not in text and "förslag" not in text
            for r in ls.references:
                if r.verification != "verified" and (r.chapter or r.paragraph):
                    assert r.text(cat.act(r.act)) not in text
            if not [r for r in ls.verified if r.chapter or r.paragraph]:
                assert text == (ls.topic_sv if lang == "sv" else ls.topic_en)


def test_four_months_unless_extended() -> None:
    utr = {
        "utredning_id": ["u1"],
        "barn_id": ["b1"],
        "aktualisering_id": ["a1"],
        "utredning_inledd_datum": ["2024-01-31"],
        "utredning_avslutad_datum": ["2024-06-01"],
    }
    report = _validate(utredning=pd.DataFrame(utr))
    assert ("deadline-exceeded", "utredning_avslutad_datum") in _codes(report)
    extended = _validate(utredning=pd.DataFrame({**utr, "beslut_forlangd_utredning": ["ja"]}))
    assert ("deadline-exceeded", "utredning_avslutad_datum") not in _codes(extended)


def test_cross_record_keys_parents_and_timeline() -> None:
    report = _validate(
        barn=pd.DataFrame({"barn_id": ["b1", "b1", "b2"]}),
        aktualisering=_akt(),
        utredning=pd.DataFrame(
            {
                "utredning_id": ["u1"],
                "barn_id": ["b2"],
                "aktualisering_id": ["a1"],
                "utredning_inledd_datum": ["2024-02-01"],
            }
        ),
        insats=pd.DataFrame(
            {
                "insats_id": ["i1"],
                "barn_id": ["b1"],
                "utredning_id": ["u9"],
                "insats_beslutsdatum": ["2024-03-02"],
                "insatstyp": ["familjebehandling"],
            }
        ),
    )
    codes = _codes(report)
    assert ("duplicate-key", "barn_id") in codes
    assert ("parent-child-mismatch", "aktualisering_id") in codes
    assert ("missing-parent", "utredning_id") in codes
    assert ("date-order", "utredning_inledd_datum") in codes  # before the actualisation (R10)


def test_ancestor_rule_reads_the_parent() -> None:
    insats = pd.DataFrame(
        {
            "insats_id": ["i1"],
            "barn_id": ["b1"],
            "insats_beslutsdatum": ["2024-03-01"],
            "insatstyp": ["familjebehandling"],
            "insats_startdatum": ["2024-03-10"],
            "lagrum": ["sol_bistand"],
        }
    )
    upp = pd.DataFrame(
        {
            "uppfoljning_id": ["f1"],
            "barn_id": ["b1"],
            "insats_id": ["i1"],
            "uppfoljningsdatum": ["2024-03-05"],
            "uppfoljningstyp": ["uppfoljning_oppenvard"],
        }
    )
    report = _validate(insats=insats, uppfoljning=upp)
    assert [(i.rule, i.row) for i in report.issues if i.code == IssueCode.DATE_ORDER] == [
        ("R15", 1)
    ]
    record = bbic_su.validate_record(
        upp.iloc[0].to_dict(), {"insats": insats.iloc[0].to_dict()}, record_type="uppfoljning"
    )
    assert [i.rule for i in record if i.code == IssueCode.DATE_ORDER] == ["R15"]
    alone = bbic_su.validate_record(upp.iloc[0].to_dict(), record_type="uppfoljning")
    assert not [i for i in alone if i.code == IssueCode.DATE_ORDER]


def test_plan_mandatory_variables() -> None:
    plan = bbic_su.FollowUpPlan.from_dict(
        {"question": "?", "variables": ["tidigare_kand"], "mandatory": ["tidigare_kand"]}
    )
    report = bbic_su.validate(bbic_su.Dataset({"aktualisering": _akt()}), plan=plan)
    assert ("required-by-plan-missing", "tidigare_kand") in _codes(report)
    issues = bbic_su.validate_record(
        _akt().iloc[0].to_dict(), record_type="aktualisering", plan=plan
    )
    assert IssueCode.REQUIRED_BY_PLAN_MISSING in [i.code for i in issues]


def test_typed_frames_and_typed_records_are_accepted() -> None:
    from bbic_su.spec.records import Aktualisering

    typed = pd.DataFrame(
        {
            "aktualisering_id": ["a1"],
            "barn_id": ["b1"],
            "aktualiseringsdatum": pd.to_datetime(["2024-03-01"]),
            "aktualiseringssatt": ["ansokan"],
            "alder_vid_aktualisering": pd.array([25], dtype="Int64"),
        }
    )
    report = _validate(aktualisering=typed)
    assert _codes(report) == [("out-of-range", "alder_vid_aktualisering")]
    rec = Aktualisering(
        aktualisering_id="a1",
        barn_id="b1",
        aktualiseringsdatum=dt.date(2024, 3, 1),
        alder_vid_aktualisering=25,
        aktualiseringssatt="ansokan",
    )  # type: ignore[arg-type]
    issues = bbic_su.validate_record(rec)
    assert [(i.code.value, i.variable) for i in issues] == [
        ("out-of-range", "alder_vid_aktualisering")
    ]


def test_structural_findings() -> None:
    frame = pd.DataFrame(
        [["b1", "flicka", "pojke", "?"]], columns=["barn_id", "kon", "kon", "fritext"]
    )
    report = bbic_su.validate(bbic_su.Dataset({"barn": frame, "lista": pd.DataFrame()}))
    codes = [(i.code.value, i.variable) for i in report.issues]
    assert ("duplicate-column", "kon") in codes
    assert ("unknown-column", "fritext") in codes
    assert ("unknown-record-type", "lista") in codes
    assert ("missing-column", "fodelsear") in codes


def test_data_quality_share() -> None:
    frame = pd.DataFrame(
        {"barn_id": [f"b{i}" for i in range(30)], "kon": ["uppgift_saknas"] * 10 + ["flicka"] * 20}
    )
    issues = [i for i in _validate(barn=frame).issues if i.code == IssueCode.HIGH_MISSING_SHARE]
    assert [(i.variable, i.value, i.severity, i.rule) for i in issues] == [
        ("kon", 33, "info", "R34")
    ]


def test_report_forms(tmp_path: Path) -> None:
    report = bbic_su.validate(bbic_su.read_dataset(REALISTIC))
    data = json.loads(report.to_json())
    assert set(data) == {"summary", "issues"}
    assert list(data["issues"][0]) == list(COLUMNS)
    assert data["summary"]["by_severity"]["error"] == report.count_at_or_above("error")
    frame = report.to_frame()
    assert list(frame.columns) == list(COLUMNS) and len(frame) == len(report.issues)
    assert sum(report.counts_by_code().values()) == len(report.issues)
    assert sum(report.counts_by_variable().values()) == len(report.issues)
    path = report.to_excel(tmp_path / "r.xlsx")
    sheets = pd.read_excel(path, sheet_name=None)
    assert set(sheets) == {"summary", "rows", "issues"}
    assert len(sheets["issues"]) == len(report.issues)


def test_identity_numbers_never_reach_a_report() -> None:
    frame = pd.DataFrame(
        {
            "barn_id": ["198001011234", "b2"],
            "kon": ["19800101-1234", "Anna Andersson, 800101-1234"],
            "fodelsear": ["198001011234", "1980010112"],
        }
    )
    report = _validate(barn=frame)
    assert {i.key for i in report.issues} <= {None, "b2"}
    text = report.to_json() + report.to_frame().to_csv()
    assert not PNR.search(text)


def test_issue_codes_are_documented_and_stable() -> None:
    assert set(ISSUE_CODES) == set(IssueCode)
    for code, info in ISSUE_CODES.items():
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", code.value)
        assert info.title_sv and info.title_en and len(info.description) > 40
        assert info.severity in ("error", "warning", "info")
    assert bbic_su.ISSUE_CODES is ISSUE_CODES
    issue = Issue(
        code=IssueCode.INVALID_DATE,
        severity="error",
        rule=None,
        record_type="barn",
        row=1,
        key="b1",
        variable="x",
        value=None,
        message_sv="",
        message_en="",
    )
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        issue.row = 2  # type: ignore[misc]


def test_validate_record_usage_errors() -> None:
    with pytest.raises(bbic_su.BbicSuError):
        bbic_su.validate_record({"barn_id": "b1"})
    with pytest.raises(bbic_su.BbicSuError):
        bbic_su.validate_record({"barn_id": "b1"}, {"insats": {}}, record_type="barn")


def test_progress_is_reported() -> None:
    calls: list[tuple[int, int]] = []
    bbic_su.validate(bbic_su.read_dataset(REALISTIC), progress=lambda d, t: calls.append((d, t)))
    assert calls[-1][0] == calls[-1][1] == 10
