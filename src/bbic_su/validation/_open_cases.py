"""Cases still open on the extraction date: open deadlines and intervals of ongoing parents.

>>> import pandas as pd, bbic_su
>>> ds = bbic_su.Dataset({"utredning": pd.DataFrame({
...     "utredning_id": ["u1", "u2", "u3"], "barn_id": ["b1"] * 3,
...     "aktualisering_id": ["a1"] * 3,
...     "utredning_inledd_datum": ["2024-01-15", "2024-01-16", "2024-01-10"],
...     "utredning_avslutad_datum": [None, None, "2024-03-01"]})})
>>> report = bbic_su.validate(ds, extraction_date="2024-05-16")
>>> [(i.code.value, i.rule, i.row, i.value) for i in report.issues if i.rule == "R12"]
[('deadline-passed-open', 'R12', 1, '2024-01-15')]
>>> issues = bbic_su.validate_record(ds["utredning"].iloc[0].to_dict(),
...     record_type="utredning", extraction_date="2024-05-16")
>>> [(i.code.value, i.rule, i.value) for i in issues if i.rule == "R12"]
[('deadline-passed-open', 'R12', '2024-01-15')]
>>> [i.code.value for i in bbic_su.validate(ds).issues if i.rule == "R12"]  # no extraction date
[]

Investigation 1 was opened on 15 January and is still open on 16 May, one day past
the four months (15 May); investigation 2 is exactly at its limit; investigation 3 is
closed. Both checks need the extraction date, a run parameter
(``extraction_date=``, ``--extraction-date``); without it they are not run.

* A ``deadline`` with ``open_against: extraction_date`` (``deadline-passed-open``,
  scope ``record``): the deadline's variable is missing (the case is open) but applies
  (its ``applies_if``, if any, holds), ``waived_if`` does not hold, the anchor is known,
  and the extraction date lies after the anchor plus the limit. The value is the anchor
  date. Its premise is compiled to a :class:`~bbic_su.validation._rules.Check` and combined with
  :func:`~bbic_su.validation._rules.run_checks` as every other check (not reported where a value it
  reads failed to parse, or an ancestor it reads is absent), so both paths report the
  same findings: :func:`frame_open_issues` for :func:`bbic_su.validate`,
  :func:`record_open_issues` for :func:`bbic_su.validate_record`.
* An ``interval`` with ``open_against: extraction_date`` (``interval-passed-open``,
  scope ``dataset``): a group that is ongoing (no record of it satisfies ``closed_by``,
  and none reads a value there that failed to parse) and in which no record where
  ``among`` holds has an unknown date is reported on its last such record (latest date,
  then row) when the extraction date lies more than the limit after that record's date.
  With ``parent_if``, a parent record where ``parent_if`` holds and that no record
  links to with ``among`` or ``closed_by`` holding (or unknown) is reported itself
  when the extraction date lies more than the limit after the anchor, a variable of the
  parent (the value is the anchor date; records are linked to their parent by key,
  and the check needs the records' table: without it nothing is known of them).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import attrs
import numpy as np
import numpy.typing as npt

from bbic_su.expr._api import parse
from bbic_su.expr._ast import Ref
from bbic_su.frames._parse import shown_value
from bbic_su.spec._catalog import Catalog
from bbic_su.spec.issue_codes import IssueCode
from bbic_su.spec.model import Deadline, Variable, VariableRule
from bbic_su.validation._findings import Chunk
from bbic_su.validation._rules import (
    BoolArray,
    Check,
    Evaluator,
    _Builder,
    limit_text,
    make_issue,
    run_checks,
)
from bbic_su.validation._shown import encode_shown
from bbic_su.validation._sibling_frame import (
    Days,
    SiblingFrame,
    findings,
    in_date_order,
    plus_limit,
    shown_dates,
)
from bbic_su.validation.issues import Issue

__all__ = ["OpenDeadline", "frame_open_issues", "open_deadlines", "overdue", "record_open_issues"]


@attrs.frozen
class OpenDeadline:
    """A deadline checked against the extraction date: its premise and how to count."""

    check: Check
    anchor: str
    """The anchor's column key (``utredning_inledd_datum``, ``insats.insats_startdatum``)."""
    deadline: Deadline


_CACHE: dict[tuple[int, str], tuple[Catalog, tuple[OpenDeadline, ...]]] = {}


def open_deadlines(cat: Catalog, record_type: str) -> tuple[OpenDeadline, ...]:
    """The deadlines of ``record_type`` with ``open_against`` (cached per catalogue)."""
    hit = _CACHE.get((id(cat), record_type))
    if hit is not None and hit[0] is cat:
        return hit[1]
    b = _Builder(cat, record_type)
    out: list[OpenDeadline] = []
    for v in cat.variables_of(record_type):
        for r in v.rules:
            d = r.deadline
            if d is None or d.open_against is None:
                continue
            text = f"is_missing({v.id}) and not_missing({d.anchor})"
            if v.applies_if is not None:
                text = f"applies({v.id}) and {text}"
            if r.waived_if is not None:
                text = f"not ({r.waived_if}) and {text}"
            b.add(
                IssueCode.DEADLINE_PASSED_OPEN,
                v.id,
                text,
                severity=r.severity or (cat.rule(r.rule).severity if r.rule else None),
                rule=r.rule,
                legal=r.legal,
                anchor=d.anchor,
                limit=limit_text(d),
            )
            anchor = parse(d.anchor)
            assert isinstance(anchor, Ref)
            out.append(OpenDeadline(b.checks[-1], b.resolver.resolve(anchor), d))
    _CACHE[(id(cat), record_type)] = (cat, tuple(out))
    return tuple(out)


def overdue(anchor: Days, d: Deadline, when: dt.date) -> BoolArray:
    """Rows whose ``anchor`` is known and more than the limit of ``d`` before ``when``."""
    known = ~np.isnat(anchor)
    out = np.zeros(len(anchor), dtype=bool)
    out[known] = plus_limit(anchor[known], d) < np.datetime64(when, "D")
    return out


def _fired(
    items: tuple[OpenDeadline, ...], ev: Evaluator, failed: Mapping[str, BoolArray]
) -> list[tuple[OpenDeadline, BoolArray]]:
    by_check = {id(i.check): i for i in items}
    found = run_checks(tuple(i.check for i in items), ev, failed)
    return [(by_check[id(check)], mask) for check, mask in found]


def record_open_issues(
    cat: Catalog,
    record_type: str,
    ev: Evaluator,
    typed: Mapping[str, object],
    failed: Mapping[str, BoolArray],
    key: str | None,
    when: dt.date,
) -> list[Issue]:
    """The record path: the open deadlines of one record (``ev`` evaluates on it)."""
    issues: list[Issue] = []
    for item, _mask in _fired(open_deadlines(cat, record_type), ev, failed):
        day = typed.get(item.anchor)
        if not isinstance(day, dt.date):
            continue
        if overdue(np.array([day], dtype="datetime64[D]"), item.deadline, when)[0]:
            issues.append(make_issue(item.check, record_type, None, key, shown_value(day)))
    return issues


def _open_deadline_issues(f: SiblingFrame, when: dt.date) -> list[Chunk]:
    view = f.view
    chunks: list[Chunk] = []
    for item, mask in _fired(open_deadlines(f.cat, view.record_type), f, view.failed):
        anchor = f.days(item.anchor)
        positions = np.flatnonzero(mask & overdue(anchor, item.deadline, when))
        if len(positions):
            values, dictionary = shown_dates(anchor, positions)
            chunks.append(Chunk(item.check.template, positions, values, dictionary))
    return chunks


def _last_records(
    f: SiblingFrame, v: Variable, among: BoolArray, skip: BoolArray
) -> npt.NDArray[np.intp]:
    """Per group not skipped, the position of its last ``among`` record (date, then row)."""
    group = f.groups()
    idx = in_date_order(group, f.days(v.id), among, skip)
    last = np.ones(len(idx), dtype=bool)
    last[:-1] = group[idx[1:]] != group[idx[:-1]]
    return idx[last]


def _open_interval_issues(
    f: SiblingFrame, v: Variable, r: VariableRule, when: dt.date
) -> list[Chunk]:
    d = r.interval
    assert d is not None
    assert d.closed_by is not None
    view, rt = f.view, f.view.record_type
    among, unknown = f.holds(d.among)
    closed, closed_unknown = f.holds(d.closed_by)
    date = f.days(v.id)
    unknown |= closed_unknown | (among & np.isnat(date))
    tails = _last_records(f, v, among, unknown | closed)
    positions = np.sort(tails[overdue(date[tails], d, when)])
    text = {"condition": d.among, "anchor": d.anchor}
    code, limit = IssueCode.INTERVAL_PASSED_OPEN, limit_text(d)
    values = encode_shown(view, v.id, positions)
    issues = findings(f.cat, r, code, rt, view, positions, v.id, values, limit=limit, **text)
    parent = str(f.cat.record_type(rt).parent)
    pos = view.pos.get(parent)
    if d.parent_if is None or parent not in f.views or pos is None:
        return issues
    pf = SiblingFrame(f.cat, f.views, f.views[parent], None)
    touched = np.zeros(pf.n, dtype=bool)
    touched[pos[(pos >= 0) & (among | unknown | closed)]] = True
    applies, _ = pf.holds(d.parent_if)
    name = d.anchor.rpartition(".")[2]
    anchor = pf.days(name)
    positions = np.flatnonzero(applies & ~touched & overdue(anchor, d, when))
    values = shown_dates(anchor, positions)
    return issues + findings(
        f.cat, r, code, rt, pf.view, positions, name, values, limit=limit, **text
    )


def frame_open_issues(f: SiblingFrame, when: dt.date) -> list[Chunk]:
    """The bulk path: the open deadlines and open intervals of ``f``'s record type."""
    issues = _open_deadline_issues(f, when)
    for v in f.cat.variables_of(f.view.record_type):
        if v.id not in f.view.columns:
            continue
        for r in v.rules:
            if r.interval is not None and r.interval.open_against is not None:
                issues += _open_interval_issues(f, v, r, when)
    return issues
