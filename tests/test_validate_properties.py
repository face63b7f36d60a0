"""Properties: the record path equals the frame path; junk never crashes; no identity numbers."""

from __future__ import annotations

import datetime as dt
import re

import attrs
import pandas as pd
from frame_strategies import CAT, DATES, RECORD_TYPES, chain, frame_of, junk_frame
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import bbic_su
from bbic_su.spec.issue_codes import ISSUE_CODES
from bbic_su.validation.issues import Issue

PNR = re.compile(r"(?<![0-9])(?:[0-9]{2})?[0-9]{6}[-+]?[0-9]{4}(?![0-9])")
SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _key(i: Issue) -> tuple[object, ...]:
    return (i.code.value, i.variable or "", i.rule or "", repr(i.value), i.message_en)


def _both(
    rt: str,
    rec: dict[str, object],
    anc: dict[str, dict[str, object]],
    when: dt.date | None = None,
) -> None:
    frames = {rt: frame_of([rec]), **{a: frame_of([r]) for a, r in anc.items()}}
    report = bbic_su.validate(bbic_su.Dataset(frames), extraction_date=when)
    bulk = sorted(
        (
            attrs.evolve(i, row=None)
            for i in report.issues
            if i.record_type == rt and ISSUE_CODES[i.code].scope == "record"
        ),
        key=_key,
    )
    single = sorted(
        bbic_su.validate_record(rec, anc, record_type=rt, extraction_date=when), key=_key
    )
    assert single == bulk


@SETTINGS
@given(chain(corrupt=False))
def test_record_path_equals_frame_path_on_valid_data(case: tuple) -> None:  # type: ignore[type-arg]
    _both(*case)


@SETTINGS
@given(chain(corrupt=True))
def test_record_path_equals_frame_path_on_corrupted_data(case: tuple) -> None:  # type: ignore[type-arg]
    _both(*case)


@SETTINGS
@given(chain(corrupt=True), DATES)
def test_record_path_equals_frame_path_with_an_extraction_date(
    case: tuple,  # type: ignore[type-arg]
    when: dt.date,
) -> None:
    _both(*case, when=when)


def _no_identity_numbers(issues: tuple[Issue, ...] | list[Issue]) -> None:
    for i in issues:
        text = " ".join(str(v) for v in i.as_dict().values())
        assert not PNR.search(text), i


@SETTINGS
@given(st.sampled_from(RECORD_TYPES).flatmap(lambda rt: st.tuples(st.just(rt), junk_frame(rt))))
def test_junk_frames_never_crash(case: tuple[str, pd.DataFrame]) -> None:
    rt, frame = case
    report = bbic_su.validate(bbic_su.Dataset({rt: frame}))
    for count in report.rows.values():
        assert count.read == count.without_errors + count.with_errors
    _no_identity_numbers(report.issues)
    report.to_json()
    report.to_frame()


@SETTINGS
@given(st.tuples(*(junk_frame(rt) for rt in RECORD_TYPES)), DATES)
def test_junk_datasets_with_an_extraction_date_never_crash(
    frames: tuple[pd.DataFrame, ...], when: dt.date
) -> None:
    report = bbic_su.validate(
        bbic_su.Dataset(dict(zip(RECORD_TYPES, frames, strict=True))), extraction_date=when
    )
    _no_identity_numbers(report.issues)
    report.to_json()


@SETTINGS
@given(st.sampled_from(RECORD_TYPES).flatmap(lambda rt: st.tuples(st.just(rt), junk_frame(rt))))
def test_junk_records_never_crash(case: tuple[str, pd.DataFrame]) -> None:
    rt, frame = case
    for rec in frame.loc[:, ~frame.columns.duplicated()].to_dict("records"):
        _no_identity_numbers(
            bbic_su.validate_record({str(k): v for k, v in rec.items()}, record_type=rt)
        )


def test_empty_frames_and_no_columns() -> None:
    frames = {rt.id: pd.DataFrame() for rt in CAT.record_types}
    report = bbic_su.validate(bbic_su.Dataset(frames))
    assert all(c.read == 0 for c in report.rows.values())
    assert bbic_su.validate(bbic_su.Dataset({})).issues == ()
