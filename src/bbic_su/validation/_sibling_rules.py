"""Rule kinds over the records of one parent: ``interval``, ``unique_within_parent`` and more.

>>> import pandas as pd, bbic_su
>>> ds = bbic_su.Dataset({
...     "insats": pd.DataFrame({"insats_id": ["i1"], "barn_id": ["b1"],
...         "insatstyp": ["vard_placering_sol"], "insats_startdatum": ["2024-01-31"]}),
...     "uppfoljning": pd.DataFrame({"uppfoljning_id": ["u1", "u2", "u3", "u4"],
...         "barn_id": ["b1"] * 4, "insats_id": ["i1"] * 4,
...         "uppfoljningstyp": ["overvagande", "overvagande", "avslut", "uppfoljning_vard"],
...         "uppfoljningsdatum": ["2024-07-31", "2025-02-01", "2025-02-03", "2025-03-01"]}),
... })
>>> [(i.code.value, i.rule, i.row, i.value)
...  for i in bbic_su.validate(ds).issues if i.rule in ("R17", "R22")]
[('interval-exceeded', 'R22', 2, '2025-02-01'), ('dated-after-closure', 'R17', 4, '2025-03-01')]

The first review (row 1) lies exactly six calendar months after the placement start
(31 January + 6 months is 31 July); the second lies one day more than six months after
the first; the follow-up of row 4 comes after the closure. These kinds read several
records, so only :func:`bbic_su.validate` checks them (their issue codes have scope
``dataset``); :func:`bbic_su.validate_record` does not.

Semantics. Records are grouped by the value of their parent key (``insats_id`` for
a follow-up); a record without a usable parent key belongs to no group.

* ``interval`` (on a date variable): the records of a group where ``among`` holds,
  ordered by the date (then row), are at most ``max_days`` days or ``max_months``
  calendar months (day clamped to the month end, as ``add_months``) apart; the first
  is measured from ``anchor`` (not checked when the anchor is missing). A group where
  such a record has an unknown date (missing or unparsable), or where ``among`` reads
  a value that failed to parse, is not checked: the unknown record could close any gap.
  With ``open_against: extraction_date`` an ongoing group is also checked up to the
  extraction date (:mod:`bbic_su.validation._open_cases`).
* ``unique_within_parent``: at most one record of a group satisfies ``where``; every
  further one, in row order, is reported (rows where ``where`` reads a value that failed
  to parse are left out).
* ``none_after_within_parent``: every record of a group that does not satisfy ``where``
  and whose ``date`` lies after the earliest ``date`` among the group's records that do
  is reported (``dated-after-closure``, the value is its date). Records of unknown date
  are not reported and closing records of unknown date do not count, so a group whose
  closing records all have unknown dates is not checked; rows where ``where`` reads a
  value that failed to parse are neither closing nor reported.

Everything is vectorised: sorts by group, date and row, then shifted comparisons or
one binary search per record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import numpy as np
import numpy.typing as npt
import pandas as pd

from bbic_su.frames._keyids import MISSING, duplicated
from bbic_su.frames._views import View
from bbic_su.spec._catalog import Catalog
from bbic_su.spec.issue_codes import IssueCode
from bbic_su.spec.model import Interval, NoneAfterWithinParent, Variable, VariableRule
from bbic_su.validation._findings import Chunk
from bbic_su.validation._open_cases import frame_open_issues
from bbic_su.validation._rules import limit_text
from bbic_su.validation._shown import encode_shown
from bbic_su.validation._sibling_frame import (
    SiblingFrame,
    add_months,
    findings,
    in_date_order,
    plus_limit,
)

__all__ = ["add_months", "sibling_issues"]


def _late(f: SiblingFrame, v: Variable, d: Interval) -> npt.NDArray[np.intp]:
    """Positions of the records more than the interval after the previous one (or the anchor)."""
    group = f.groups()
    among, unknown = f.holds(d.among)
    date = f.days(v.id)
    idx = in_date_order(group, date, among, unknown | (among & np.isnat(date)))
    g, day = group[idx], date[idx]
    first = np.ones(len(idx), dtype=bool)
    first[1:] = g[1:] != g[:-1]
    prev = np.empty_like(day)
    prev[1:] = day[:-1]
    prev[first] = f.days(f.key(d.anchor))[idx[first]]
    known = ~np.isnat(prev)
    limit = np.full(len(idx), np.datetime64("NaT"), dtype="datetime64[D]")
    limit[known] = plus_limit(prev[known], d)
    late = known & (day > limit)
    return np.sort(idx[late])


def _extra(f: SiblingFrame, where: str) -> npt.NDArray[np.intp]:
    """Positions of the qualifying records after the first of their group (row order)."""
    group = f.groups()
    hit, _ = f.holds(where)
    idx = np.flatnonzero(hit & (group != MISSING))
    return idx[duplicated(group[idx])]


def _after_closure(f: SiblingFrame, n: NoneAfterWithinParent) -> npt.NDArray[np.intp]:
    """Positions of the records not satisfying ``where`` dated after their group's first that does.

    Rows where ``where`` reads a value that failed to parse are neither closing nor
    reported; closing records of unknown date do not count.
    """
    group = f.groups()
    closing, unknown = f.holds(n.where)
    date = f.days(f.key(n.date))
    dated = (group != MISSING) & ~np.isnat(date)
    idx = np.flatnonzero(closing & dated)
    if not len(idx):
        return idx
    days = date.view(np.int64)
    # the earliest closing date of each group (one hash pass over the closing records)
    earliest = pd.Series(days[idx]).groupby(group[idx], sort=False).min()
    rest = np.flatnonzero(~closing & ~unknown & dated)
    at = pd.Index(earliest.index).get_indexer(group[rest])  # -1: no closing record
    ends = np.append(earliest.to_numpy(), np.iinfo(np.int64).max)  # [-1]: never after
    out: npt.NDArray[np.intp] = rest[days[rest] > ends[at]]
    return out


def _rule_issues(f: SiblingFrame, v: Variable, r: VariableRule) -> list[Chunk]:
    view, rt = f.view, f.view.record_type
    if r.interval is not None:
        d = r.interval
        late = _late(f, v, d)
        return findings(
            f.cat,
            r,
            IssueCode.INTERVAL_EXCEEDED,
            rt,
            view,
            late,
            v.id,
            encode_shown(view, v.id, late),
            limit=limit_text(d),
            condition=d.among,
            anchor=d.anchor,
        )
    if r.unique_within_parent is not None:
        where = r.unique_within_parent.where
        extra = _extra(f, where)
        values = encode_shown(view, v.id, extra)
        code = IssueCode.MORE_THAN_ONE
        return findings(f.cat, r, code, rt, view, extra, v.id, values, condition=where)
    if r.none_after_within_parent is not None:
        n = r.none_after_within_parent
        after = _after_closure(f, n)
        values = encode_shown(view, n.date, after)
        code = IssueCode.DATED_AFTER_CLOSURE
        return findings(f.cat, r, code, rt, view, after, n.date, values, condition=n.where)
    return []


def sibling_issues(
    cat: Catalog,
    views: Mapping[str, View],
    view: View,
    cache: dict[object, object] | None = None,
    when: dt.date | None = None,
) -> list[Chunk]:
    """The findings of the rule kinds over the records of one parent on ``view``.

    With the extraction date ``when``, also the findings of the checks against it that
    need every view: :func:`bbic_su.validation._open_cases.frame_open_issues` (open deadlines and
    intervals of ongoing parents).

    Args:
        cat: The catalogue.
        views: Every record type's view (ancestors' columns are read through the keys).
        view: The view of the record type checked.
        cache: Shared with the other steps over the same view (see ``evaluate_frame``).
        when: The extraction date (``None``: the open-case checks are not run).
    """
    f = SiblingFrame(cat, views, view, cache)
    issues: list[Chunk] = []
    for v in cat.variables_of(view.record_type):
        if v.id not in view.columns:
            continue
        for r in v.rules:
            issues += _rule_issues(f, v, r)
    if when is not None:
        issues += frame_open_issues(f, when)
    return issues
