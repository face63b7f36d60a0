"""The conformance kit: pass or fail per requirement id of the kravbilaga."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

import bbic_su
from bbic_su import synth
from bbic_su.conformance._kit import check_conformance
from bbic_su.spec.plan import FollowUpPlan

NOT_CHECKABLE = ("BBIC-SU-KRAV-001", "BBIC-SU-KRAV-002", "BBIC-SU-KRAV-003", "BBIC-SU-KRAV-004")


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A conforming canonical export of 200 synthetic children."""
    out = tmp_path_factory.mktemp("export")
    bbic_su.write_dataset(synth.generate(children=200, seed=1), out)
    return out


@pytest.fixture(scope="module")
def conforming(export: Path) -> bbic_su.ConformanceReport:
    return check_conformance(export, "canonical")


def _copy(export: Path, tmp_path: Path) -> Path:
    target = tmp_path / "export"
    shutil.copytree(export, target)
    return target


def _edit(folder: Path, record_type: str, edit) -> None:  # type: ignore[no-untyped-def]
    """Rewrite ``<record_type>.csv`` with ``edit(header, rows)`` (lists, changed in place)."""
    path = folder / f"{record_type}.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        header, *rows = list(csv.reader(fh))
    edit(header, rows)
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows([header, *rows])


def _set(column: str, row: int, value: str):  # type: ignore[no-untyped-def]
    def edit(header: list[str], rows: list[list[str]]) -> None:
        rows[row - 1][header.index(column)] = value

    return edit


def test_a_conforming_export_passes(conforming: bbic_su.ConformanceReport) -> None:
    assert conforming.verdict == "pass" and conforming.ok
    assert conforming.failed == ()
    ids = [r.id for r in conforming.results]
    assert ids == [r.id for r in bbic_su.spec.requirements.requirements(bbic_su.catalog())]
    for rid in NOT_CHECKABLE:
        assert conforming.get(rid).reason == "not-checkable-from-export"
    assert conforming.get("BBIC-SU-KRAV-005").reason == "needs-plan"
    assert conforming.outcome("BBIC-SU-KRAV-006") == "pass"  # canonical profile
    assert conforming.outcome("BBIC-SU-KRAV-007") == "pass"
    assert conforming.outcome("BBIC-SU-KRAV-008") == "pass"
    assert conforming.get("BBIC-SU-KRAV-009").reason == "no-local-variables"
    kon = conforming.get("BBIC-SU-VAR-kon")
    assert [c.name for c in kon.checks] == ["coverage", "fill", "values"]
    assert kon.check("coverage").evidence == {"column": True, "rows": 200, "filled": 200}  # type: ignore[union-attr]
    fill = kon.check("fill").evidence  # type: ignore[union-attr]
    assert fill["applicable_rows"] == 200 and fill["threshold"] == 0.1
    assert 0.1 <= fill["fill_rate"] <= 1
    assert kon.check("values").evidence == {"share_valid": 1.0, "threshold": 1.0}  # type: ignore[union-attr]
    data = json.loads(conforming.to_json())
    assert data["thresholds"]["min_fill_rate"] == 0.1
    assert any("handläggaren valt rätt kod" in t for t in data["verdict_means_sv"])


def _blank(column: str):  # type: ignore[no-untyped-def]
    def edit(header: list[str], rows: list[list[str]]) -> None:
        for row in rows:
            row[header.index(column)] = ""

    return edit


class TestContentFailures:
    """The export has every column, but the content does not meet the kravbilaga."""

    def test_a_blanked_required_variable_fails_its_fill_check(
        self, export: Path, tmp_path: Path
    ) -> None:
        """barnet_traffat_enskilt blank in every row: the column is there, the values are not."""
        folder = _copy(export, tmp_path)
        _edit(folder, "utredning", _blank("barnet_traffat_enskilt"))
        result = check_conformance(folder, "canonical")
        assert not result.ok
        req = result.get("BBIC-SU-VAR-barnet_traffat_enskilt")
        assert req.outcome == "fail"
        fill = req.check("fill")
        assert fill is not None and fill.outcome == "fail"
        assert fill.evidence["filled_rows"] == 0 and fill.evidence["fill_rate"] == 0
        assert fill.evidence["applicable_rows"] > 0
        assert set(result.failed) == {req.id, "BBIC-SU-KRAV-006", "BBIC-SU-KRAV-008"}

    def test_codes_from_a_foreign_list_fail_the_value_set_check(
        self, export: Path, tmp_path: Path
    ) -> None:
        """The vendor's own numeric codes instead of the catalogue's codes."""
        folder = _copy(export, tmp_path)
        foreign = {"flicka": "1", "pojke": "2", "uppgift_saknas": "9"}

        def edit(header: list[str], rows: list[list[str]]) -> None:
            col = header.index("kon")
            for row in rows:
                row[col] = foreign.get(row[col], row[col])

        _edit(folder, "barn", edit)
        result = check_conformance(folder, "canonical")
        req = result.get("BBIC-SU-VAR-kon")
        values = req.check("values")
        assert req.outcome == "fail" and values is not None and values.outcome == "fail"
        assert values.evidence["share_valid"] == 0 and values.evidence["threshold"] == 1.0
        assert values.evidence["invalid-code"]["count"] == 200

    def test_broken_keys_fail_the_record_types_key_integrity(
        self, export: Path, tmp_path: Path
    ) -> None:
        """Investigations pointing at reports that are not in the export."""
        folder = _copy(export, tmp_path)

        def edit(header: list[str], rows: list[list[str]]) -> None:
            col = header.index("aktualisering_id")
            for row in rows[:5]:
                row[col] = row[col] + "-saknas"

        _edit(folder, "utredning", edit)
        result = check_conformance(folder, "canonical")
        req = result.get("BBIC-SU-RT-utredning")
        keys = req.check("keys")
        assert req.outcome == "fail" and keys is not None and keys.outcome == "fail"
        assert keys.evidence["max_findings"] == 0
        assert keys.evidence["missing-parent"]["count"] >= 5
        assert not result.ok


def test_deadline_warnings_are_reported_but_do_not_fail(
    conforming: bbic_su.ConformanceReport,
) -> None:
    timeline = conforming.get("BBIC-SU-VAR-skyddsbedomning_datum").check("timeline")
    assert timeline is not None and timeline.outcome == "pass"
    assert timeline.evidence["warnings"]["deadline-exceeded"] > 0


def test_corruptions_fail_exactly_the_right_requirements(export: Path, tmp_path: Path) -> None:
    folder = _copy(export, tmp_path)
    _edit(folder, "barn", _set("kon", 3, "okand_kod"))  # value set

    def duplicate(header: list[str], rows: list[list[str]]) -> None:
        rows.append(list(rows[0]))  # key integrity

    _edit(folder, "barn", duplicate)

    def backdate(header: list[str], rows: list[list[str]]) -> None:  # timeline (R06)
        i, j = header.index("aktualiseringsdatum"), header.index("skyddsbedomning_datum")
        row = next(n for n, r in enumerate(rows) if r[j])
        rows[row][j] = "2000-01-01"
        assert rows[row][i] > "2000-01-01"

    _edit(folder, "aktualisering", backdate)
    _edit(folder, "insats", _set("insats_beslutsdatum", 2, "2024-02-30"))  # datatype
    result = check_conformance(folder, "canonical")
    assert result.verdict == "fail"
    assert set(result.failed) == {
        "BBIC-SU-RT-barn",
        "BBIC-SU-VAR-kon",
        "BBIC-SU-VAR-skyddsbedomning_datum",
        "BBIC-SU-VAR-insats_beslutsdatum",
        "BBIC-SU-VS-kon",  # the value set's one exported variable fails
        "BBIC-SU-RULE-R06",  # date order
        "BBIC-SU-RULE-R30",  # unique keys
        "BBIC-SU-KRAV-006",
        "BBIC-SU-KRAV-008",
    }
    kon = result.get("BBIC-SU-VAR-kon").check("values")
    assert kon is not None and kon.evidence["invalid-code"] == {"count": 1, "rows": [3]}
    keys = result.get("BBIC-SU-RT-barn").check("keys")
    assert keys is not None and keys.evidence["duplicate-key"] == {"count": 1, "rows": [201]}
    timeline = result.get("BBIC-SU-VAR-skyddsbedomning_datum").check("timeline")
    assert timeline is not None and timeline.outcome == "fail"
    assert timeline.evidence["date-order"]["count"] == 1
    date = result.get("BBIC-SU-VAR-insats_beslutsdatum").check("values")
    assert date is not None and date.evidence["invalid-date"]["rows"] == [2]
    # No key or cell value reaches the result.
    with (folder / "barn.csv").open(encoding="utf-8") as fh:
        keys_seen = {row["barn_id"] for row in csv.DictReader(fh)}
    text = result.to_json()
    assert not any(k in text for k in keys_seen)
    assert "okand_kod" not in text and "2024-02-30" not in text


def test_a_missing_column_fails_coverage(export: Path, tmp_path: Path) -> None:
    folder = _copy(export, tmp_path)

    def drop(header: list[str], rows: list[list[str]]) -> None:
        i = header.index("kon")
        for r in [header, *rows]:
            del r[i]

    _edit(folder, "barn", drop)
    result = check_conformance(folder, "canonical")
    assert set(result.failed) == {"BBIC-SU-KRAV-006", "BBIC-SU-KRAV-008", "BBIC-SU-VAR-kon"}
    coverage = result.get("BBIC-SU-VAR-kon").check("coverage")
    assert coverage is not None and coverage.outcome == "fail"
    assert coverage.evidence["column"] is False


def test_a_missing_record_type_fails_it_and_its_variables(export: Path, tmp_path: Path) -> None:
    folder = _copy(export, tmp_path)
    (folder / "uppfoljning.csv").unlink()
    result = check_conformance(folder, "canonical")
    assert result.outcome("BBIC-SU-RT-uppfoljning") == "fail"
    assert all(
        r.outcome == "fail"
        for r in result.results
        if r.requirement.record_type == "uppfoljning"
        and r.requirement.kind in ("record_type", "variable")
    )
    assert result.outcome("BBIC-SU-M-m_mal_uppnatt") == "fail"  # cannot be computed
    assert result.outcome("BBIC-SU-RT-insats") == "pass"


PLAN = {
    "question": "Hur fördelar sig aktualiseringarna?",
    "variables": ["kon", "fodelsear", "aktualiseringssatt"],
    "mandatory": ["kon"],
}


def test_a_plan_scopes_the_requirements_and_checks_mandatory_variables(
    export: Path, tmp_path: Path
) -> None:
    plan = FollowUpPlan.from_dict(PLAN)
    folder = _copy(export, tmp_path)

    def drop_anmalare(header: list[str], rows: list[list[str]]) -> None:
        i = header.index("anmalare")  # not in the plan: may be left out
        for r in [header, *rows]:
            del r[i]

    _edit(folder, "aktualisering", drop_anmalare)
    ok = check_conformance(folder, "canonical", plan=plan)
    assert ok.verdict == "pass"
    assert [r.id for r in ok.results if r.requirement.kind in ("record_type", "variable")] == [
        "BBIC-SU-RT-barn",
        "BBIC-SU-VAR-kon",
        "BBIC-SU-VAR-fodelsear",
        "BBIC-SU-RT-aktualisering",
        "BBIC-SU-VAR-aktualiseringssatt",
    ]
    assert {r.id for r in ok.results if r.requirement.kind == "value_set"} == {
        "BBIC-SU-VS-kon",
        "BBIC-SU-VS-aktualiseringssatt",
    }
    assert ok.outcome("BBIC-SU-KRAV-005") == "pass"
    assert ok.get("BBIC-SU-VAR-kon").requirement.mandatory
    assert ok.to_dict()["plan"]["mandatory"] == ["kon"]

    _edit(folder, "barn", _set("kon", 5, ""))
    bad = check_conformance(folder, "canonical", plan=plan)
    assert set(bad.failed) - {r.id for r in bad.results if r.requirement.kind == "rule"} == {
        "BBIC-SU-KRAV-005",
        "BBIC-SU-KRAV-006",
        "BBIC-SU-KRAV-008",
        "BBIC-SU-VAR-kon",
    }
    check = bad.get("BBIC-SU-VAR-kon").check("plan")
    assert check is not None and check.evidence["required-by-plan-missing"]["rows"] == [5]


def test_json_is_byte_identical_across_runs(export: Path, tmp_path: Path) -> None:
    first = check_conformance(export, "canonical").to_json()
    copy = _copy(export, tmp_path)  # another folder, the same files
    files = sorted(copy.glob("*.csv"), reverse=True)  # given in another order
    assert check_conformance(files, "canonical").to_json() == first
    data = json.loads(first)
    assert data["generated_at"] is None
    assert data["tool"] == {"name": "bbic-su", "version": bbic_su.__version__}
    assert data["spec"]["version"] == bbic_su.SPEC_VERSION
    assert [f["name"] for f in data["inputs"]] == sorted(f.name for f in files)
    assert all(len(f["sha256"]) == 64 for f in data["inputs"])
    stamped = check_conformance(export, "canonical", generated_at="2026-01-02T03:04:05")
    assert json.loads(stamped.to_json())["generated_at"] == "2026-01-02T03:04:05"


def test_html_is_self_contained_and_swedish(export: Path, tmp_path: Path) -> None:
    folder = _copy(export, tmp_path)
    _edit(folder, "barn", _set("kon", 1, "okand_kod"))
    page = check_conformance(folder, "canonical").to_html()
    assert page.startswith("<!DOCTYPE html>") and '<html lang="sv">' in page
    assert (
        '<meta http-equiv="Content-Security-Policy" '
        'content="default-src &#x27;none&#x27;; style-src &#x27;unsafe-inline&#x27;">'
    ) in page
    lowered = page.lower()
    for banned in ("http://", "https://", "<script", "<link", "<img", "src=", "url("):
        assert banned not in lowered
    assert "Samlat resultat: Underkänd" in page
    assert "rekonstruktion" in page and "Preliminär" in page
    assert 'id="BBIC-SU-VAR-kon"' in page and "Posttyp barn" in page
    assert "okand_kod" not in page


def test_identity_numbers_in_the_export_fail_krav_007() -> None:
    from bbic_su.importing.profile import example_exports

    name = "exempel_bred_cp1252"
    result = check_conformance(
        example_exports(name), name, key=b"a key for the conformance tests: Jr5Tq8Wx3"
    )
    krav = result.get("BBIC-SU-KRAV-007")
    assert krav.outcome == "fail"
    assert krav.checks[0].evidence["identity_columns"] > 0
    assert result.get("BBIC-SU-KRAV-006").reason == "not-canonical-export"
