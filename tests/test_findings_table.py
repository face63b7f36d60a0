"""Findings as columns: the lazy issue sequence, frame, counts, filters and streamed writers."""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections import Counter
from pathlib import Path
from typing import Any

import attrs
import pandas as pd
import pytest
from frame_strategies import CAT, RECORD_TYPES, frame_of, record
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import bbic_su
from bbic_su import synth
from bbic_su.spec.issue_codes import ISSUE_CODES
from bbic_su.validation.issues import Issue
from bbic_su.validation.report import COLUMNS, Issues, ValidationFailed, ValidationReport


@functools.cache
def dirty() -> bbic_su.ValidationReport:
    """A report with many findings of every kind (extraction date given)."""
    ds = synth.generate(children=400, seed=5, error_rate=0.05)
    return bbic_su.validate(ds, extraction_date="2024-06-30")


def _plain(value: Any) -> Any:
    return None if value is None or value is pd.NA or value != value else value


class TestLazyIssues:
    def test_len_index_slice_and_iteration_agree(self) -> None:
        """Indexing, negative indexing, slicing and iteration give the same Issue objects."""
        issues = dirty().issues
        assert isinstance(issues, Issues)
        every = list(issues)
        assert len(every) == len(issues) > 1000
        assert issues[0] == every[0] and issues[-1] == every[-1]
        assert issues[17] == every[17]
        part = issues[10:40:3]
        assert isinstance(part, Issues) and list(part) == every[10:40:3]
        assert issues == tuple(every) and issues != tuple(every[:-1])
        with pytest.raises(IndexError):
            issues[len(every)]

    def test_issues_are_ordered_by_record_type_then_row(self) -> None:
        """Findings come by record type (catalogue order), then row, as before."""
        order = {rt.id: i for i, rt in enumerate(CAT.record_types)}
        keys = [(order.get(i.record_type, len(order)), i.row or 0) for i in dirty().issues]
        assert keys == sorted(keys)

    def test_a_report_made_from_issue_objects_behaves_the_same(self) -> None:
        """ValidationReport(issues=...) (the old constructor) gives the same forms as validate's."""
        rep = dirty()
        again = ValidationReport(
            issues=tuple(rep.issues),
            rows=rep.rows,
            spec_version=rep.spec_version,
            source=rep.source,
        )
        assert again == rep
        assert again.to_json() == rep.to_json()
        assert again.to_frame().astype(object).equals(rep.to_frame().astype(object))
        assert ValidationReport(issues=(), rows={}, spec_version="x").to_dict()["issues"] == []


class TestColumns:
    def test_frame_equals_the_issues_field_by_field(self) -> None:
        """to_frame (built from columns) holds exactly each Issue's fields."""
        rep = dirty()
        frame = rep.to_frame()
        assert list(frame.columns) == list(COLUMNS)
        assert str(frame["row"].dtype) == "Int64"
        got = [
            tuple(_plain(v) for v in row) for row in frame.astype(object).itertuples(index=False)
        ]
        want = [tuple(i.as_dict().values()) for i in rep.issues]
        assert got == want

    def test_counts_filter_head(self) -> None:
        """counts(by=), filter(...) and head(n) agree with counting the issues."""
        rep = dirty()
        issues = list(rep.issues)
        assert rep.counts(by="code") == dict(Counter(i.code.value for i in issues))
        pairs = Counter((i.record_type, i.code.value) for i in issues)
        assert rep.counts(by=("record_type", "code")) == dict(pairs)
        assert rep.counts_by_severity() == {
            s: sum(i.severity == s for i in issues) for s in ("error", "warning", "info")
        }
        picked = rep.filter(code=["invalid-code", "date-order"], record_type="aktualisering")
        assert list(picked.issues) == [
            i
            for i in issues
            if i.code.value in ("invalid-code", "date-order") and i.record_type == "aktualisering"
        ]
        assert len(picked.issues) > 0
        assert list(rep.filter(severity="warning").issues) == [
            i for i in issues if i.severity == "warning"
        ]
        assert list(rep.filter(variable="kon", rule=None).issues) == [
            i for i in issues if i.variable == "kon"
        ]
        assert list(rep.head(5).issues) == issues[:5]
        assert len(rep.head(0).issues) == 0
        with pytest.raises(bbic_su.BbicSuError):
            rep.counts(by="message_sv")

    def test_raise_for_errors(self) -> None:
        """A report with errors raises ValidationFailed holding them; a clean one returns itself."""
        rep = dirty()
        with pytest.raises(ValidationFailed) as caught:
            rep.raise_for_errors()
        assert isinstance(caught.value, bbic_su.BbicSuError)
        assert {i.severity for i in caught.value.report.issues} == {"error"}
        assert len(caught.value.report.issues) == rep.count_at_or_above("error")
        clean = bbic_su.validate(bbic_su.Dataset({"barn": pd.DataFrame({"barn_id": ["b1"]})}))
        assert clean.raise_for_errors() is clean


class TestWriters:
    @pytest.mark.parametrize("indent", [2, None])
    def test_json_streams_exactly_what_json_dumps_writes(self, indent: int | None) -> None:
        """The streamed JSON is byte for byte json.dumps(to_dict())."""
        rep = dirty()
        want = json.dumps(rep.to_dict(), ensure_ascii=False, indent=indent)
        assert rep.to_json(indent=indent) == want
        empty = ValidationReport(issues=(), rows={}, spec_version="x")
        assert empty.to_json(indent) == json.dumps(empty.to_dict(), indent=indent)

    def test_write_json_and_excel(self, tmp_path: Path) -> None:
        """write_json writes the JSON form; the workbook's issues sheet holds every finding."""
        rep = dirty()
        path = rep.write_json(tmp_path / "v.json")
        assert path.read_text(encoding="utf-8") == rep.to_json() + "\n"
        book = rep.to_excel(tmp_path / "v.xlsx")
        sheets = pd.read_excel(book, sheet_name=None, dtype=str, keep_default_na=False)
        assert set(sheets) == {"summary", "rows", "issues"}
        got = sheets["issues"].values.tolist()
        want = [["" if v is None else str(v) for v in i.as_dict().values()] for i in rep.issues]
        assert got == want


SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@st.composite
def _many(draw: st.DrawFn) -> tuple[str, list[dict[str, Any]], dict[str, dict[str, Any]]]:
    """Several records of one type (each with its own keys) and their ancestors."""
    rt = draw(st.sampled_from(RECORD_TYPES))
    n = draw(st.integers(1, 6))
    recs, anc = [], {}
    for i in range(n):
        keys = {f"{r}_id": f"{r[:2]}{i}" for r in RECORD_TYPES}
        recs.append(draw(record(rt, keys, corrupt=True)))
        for a in CAT.ancestors(rt):
            anc.setdefault(a.id, []).append(draw(record(a.id, keys, corrupt=False)))
    return rt, recs, anc


@SETTINGS
@given(_many(), st.one_of(st.none(), st.dates(dt.date(2015, 1, 1), dt.date(2026, 12, 31))))
def test_every_row_of_a_frame_gets_the_record_paths_findings(
    case: tuple[str, list[dict[str, Any]], dict[str, list[dict[str, Any]]]],
    when: dt.date | None,
) -> None:
    """Row by row of a multi-row frame, the bulk findings of scope record equal validate_record's.

    The bulk path builds findings as columns and the record path as objects; both must
    give the same code, rule, variable, key, value and wording for every row.
    """
    rt, recs, anc = case
    frames = {rt: frame_of(recs), **{a: frame_of(rows) for a, rows in anc.items()}}
    report = bbic_su.validate(bbic_su.Dataset(frames), extraction_date=when)
    for row, rec in enumerate(recs, start=1):
        bulk = [
            attrs.evolve(i, row=None)
            for i in report.issues
            if i.record_type == rt and i.row == row and ISSUE_CODES[i.code].scope == "record"
        ]
        parents = {a: rows[row - 1] for a, rows in anc.items()}
        single = bbic_su.validate_record(rec, parents, record_type=rt, extraction_date=when)
        assert sorted(single, key=_order) == sorted(bulk, key=_order)


def _order(i: Issue) -> tuple[str, ...]:
    return (i.code.value, i.variable or "", i.rule or "", repr(i.value), i.key or "")


def test_json_escapes_keys_as_json_dumps_does() -> None:
    """Keys with quotes, backslashes or non-ASCII letters are written exactly as json.dumps."""
    frame = pd.DataFrame({"barn_id": ['a"b', "c\\d", "åäö", None], "kon": ["x y"] * 4})
    rep = bbic_su.validate(bbic_su.Dataset({"barn": frame}))
    assert {i.key for i in rep.issues} >= {'a"b', "c\\d", "åäö"}
    for indent in (2, None):
        assert rep.to_json(indent) == json.dumps(rep.to_dict(), ensure_ascii=False, indent=indent)
    assert bbic_su.ValidationFailed is ValidationFailed
