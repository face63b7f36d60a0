"""Rule kinds over the records of one parent: ``interval`` and ``unique_within_parent``.

>>> import pandas as pd, bbic_su
>>> ds = bbic_su.Dataset({
...     "insats": pd.DataFrame({"insats_id": ["i1"], "barn_id": ["b1"],
...         "insatstyp": ["vard_placering_sol"], "insats_startdatum": ["2024-01-31"]}),
...     "uppfoljning": pd.DataFrame({"uppfoljning_id": ["u1", "u2", "u3"],
...         "barn_id": ["b1"] * 3, "insats_id": ["i1"] * 3,
...         "uppfoljningstyp": ["overvagande", "overvagande", "avslut"],
...         "uppfoljningsdatum": ["2024-07-31", "2025-02-01", "2025-02-03"]}),
... })
>>> [(i.code.value, i.rule, i.row, i.value)
...  for i in bbic_su.validate(ds).issues if i.rule in ("R17", "R22")]
[('interval-exceeded', 'R22', 2, '2025-02-01')]

The first review (row 1) lies exactly six calendar months after the placement start
(31 January + 6 months is 31 July); the second lies one day more than six months after
the first. Both kinds read several records, so only :func:`bbic_su.validate` checks
them (their issue codes have scope ``dataset``); :func:`bbic_su.validate_record`
does not.

Semantics. Records are grouped by the value of their parent key (``insats_id`` for
a follow-up); a record without a usable parent key belongs to no group.

* ``interval`` (on a date variable): the records of a group where ``among`` holds,
  ordered by the date (then row), are at most ``max_days`` days or ``max_months``
  calendar months (day clamped to the month end, as ``add_months``) apart; the first
  is measured from ``anchor`` (not checked when the anchor is missing). A group where
  such a record has an unknown date (missing or unparsable), or where ``among`` reads
  a value that failed to parse, is not checked: the unknown record could close any gap.
* ``unique_within_parent``: at most one record of a group satisfies ``where``; every
  further one, in row order, is reported (rows where ``where`` reads a value that failed
  to parse are left out).

Everything is vectorised: one sort by group, date and row, then shifted comparisons.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import numpy.typing as npt
import pandas as pd

from bbic_su._evaluate import evaluate_frame
from bbic_su._keyids import MISSING, duplicated
from bbic_su._rules import BoolArray, legal_citation, message
from bbic_su._speccheck import CatalogResolver
from bbic_su._validate_frame import View, ancestor_column, show
from bbic_su.expr import parse, refs
from bbic_su.issues import ISSUE_CODES, Issue, IssueCode, IssueSeverity
from bbic_su.model import Interval, Variable, VariableRule
from bbic_su.spec import Catalog

__all__ = ["add_months", "sibling_issues"]

Days = npt.NDArray[np.datetime64]


def add_months(days: Days, months: int) -> Days:
    """``days`` (``datetime64[D]``, no NaT) plus calendar months, day clamped to the month end."""
    month = days.astype("datetime64[M]")
    day = (days - month.astype("datetime64[D]")).astype(np.int64)
    target = month + np.timedelta64(months, "M")
    start = target.astype("datetime64[D]")
    last = ((target + 1).astype("datetime64[D]") - start).astype(np.int64) - 1
    out: Days = start + np.minimum(day, last).astype("timedelta64[D]")
    return out


class _Frame:
    """One record type's view with the ancestor columns its predicates read."""

    def __init__(
        self,
        cat: Catalog,
        views: Mapping[str, View],
        view: View,
        cache: dict[object, object] | None,
    ) -> None:
        self.cat, self.views, self.view, self.cache = cat, views, view, cache
        self.resolver = CatalogResolver(cat, view.record_type)
        self.columns = dict(view.columns)
        self.index = pd.RangeIndex(view.n)
        self._groups: npt.NDArray[np.int64] | None = None

    def _keys(self, text: str) -> set[str]:
        return {self.resolver.resolve(r) for r in refs(parse(text))}

    def key(self, name: str) -> str:
        """The column key of a variable reference (``insats.insats_startdatum``)."""
        return self._keys(name).pop()

    def column(self, key: str) -> pd.Series | None:
        if key not in self.columns and "." in key:
            col = ancestor_column(self.views, self.view, key)
            if col is not None:
                self.columns[key] = col
        return self.columns.get(key)

    def holds(self, text: str) -> tuple[BoolArray, BoolArray]:
        """Rows where ``text`` holds, and rows where it reads a value that failed to parse."""
        keys = self._keys(text)
        for v in self.cat.variables_of(self.view.record_type):  # for applies(x)
            if v.applies_if is not None:
                keys |= self._keys(v.applies_if)
        for key in keys:
            self.column(key)
        mask = evaluate_frame(
            parse(text), self.columns, self.resolver, index=self.index, cache=self.cache
        )
        unknown = np.zeros(self.view.n, dtype=bool)
        for key in self._keys(text):
            if key in self.view.failed:
                unknown |= self.view.failed[key]
        return mask.to_numpy(dtype=bool, copy=True) & ~unknown, unknown

    def days(self, key: str) -> Days:
        """A date column as ``datetime64[D]`` (NaT where missing, unparsable or unknown)."""
        col = self.column(key)
        if col is None:
            return np.full(self.view.n, np.datetime64("NaT"), dtype="datetime64[D]")
        out: Days = pd.to_datetime(col).to_numpy(dtype="datetime64[D]").copy()
        if key in self.view.failed:
            out[self.view.failed[key]] = np.datetime64("NaT")
        return out

    def groups(self) -> npt.NDArray[np.int64]:
        """Per row the identifier of its parent key (``MISSING``: no usable parent key)."""
        if self._groups is None:
            field = self.cat.record_type(self.view.record_type).parent_key
            if field is None or field not in self.view.columns:
                self._groups = np.full(self.view.n, MISSING, dtype=np.int64)
            else:
                out = self.view.ids(field).values
                if field in self.view.failed:
                    out = np.where(self.view.failed[field], MISSING, out)
                self._groups = out
        return self._groups


def _late(f: _Frame, v: Variable, d: Interval) -> npt.NDArray[np.intp]:
    """Positions of the records more than the interval after the previous one (or the anchor)."""
    group = f.groups()
    among, unknown = f.holds(d.among)
    date = f.days(v.id)
    usable = group != MISSING
    unknown |= among & np.isnat(date)
    bad = np.unique(group[unknown & usable])  # groups not checked
    idx = np.flatnonzero(among & usable & ~np.isnat(date))
    if len(bad):
        idx = idx[~np.isin(group[idx], bad)]
    # by group, then date, then row: two stable sorts of the (few) qualifying records
    idx = idx[np.argsort(date[idx], kind="stable")]
    idx = idx[np.argsort(group[idx], kind="stable")]
    g, day = group[idx], date[idx]
    first = np.ones(len(idx), dtype=bool)
    first[1:] = g[1:] != g[:-1]
    prev = np.empty_like(day)
    prev[1:] = day[:-1]
    prev[first] = f.days(f.key(d.anchor))[idx[first]]
    known = ~np.isnat(prev)
    limit = np.full(len(idx), np.datetime64("NaT"), dtype="datetime64[D]")
    if d.max_months is not None:
        limit[known] = add_months(prev[known], d.max_months)
    else:
        limit[known] = prev[known] + np.timedelta64(d.max_days or 0, "D")
    late = known & (day > limit)
    return np.sort(idx[late])


def _extra(f: _Frame, where: str) -> npt.NDArray[np.intp]:
    """Positions of the qualifying records after the first of their group (row order)."""
    group = f.groups()
    hit, _ = f.holds(where)
    idx = np.flatnonzero(hit & (group != MISSING))
    return idx[duplicated(group[idx])]


def _limit(d: Interval) -> tuple[str, str]:
    if d.max_days is not None:
        n = d.max_days
        return f"{n} dag" + ("ar" if n != 1 else ""), f"{n} day" + ("s" if n != 1 else "")
    m = d.max_months
    return f"{m} månad" + ("er" if m != 1 else ""), f"{m} month" + ("s" if m != 1 else "")


def _issues(
    f: _Frame, v: Variable, r: VariableRule, code: IssueCode, positions: npt.NDArray[np.intp]
) -> list[Issue]:
    if not len(positions):
        return []
    cat, view = f.cat, f.view
    rule = cat.rule(r.rule) if r.rule is not None else None
    legal = r.legal or (rule.legal if rule is not None else ())
    severity: IssueSeverity = r.severity or (
        rule.severity if rule is not None else ISSUE_CODES[code].severity
    )
    d = r.interval
    params = {
        "variable": v.id,
        "record_type": view.record_type,
        "parent": str(cat.record_type(view.record_type).parent),
        "anchor": d.anchor if d is not None else "",
        "condition": d.among if d is not None else str(r.unique_within_parent.where),  # type: ignore[union-attr]
    }
    limit = _limit(d) if d is not None else ("", "")
    texts = {
        lang: message(
            code,
            lang,
            **params,
            limit=limit[lang == "en"],
            rule_text=(rule.description_sv if lang == "sv" else rule.description_en)
            if rule is not None
            else "",
            legal=legal_citation(cat, legal, lang),
        )
        for lang in ("sv", "en")
    }
    values = show(view, v.id, positions)
    return [
        Issue(
            code=code,
            severity=severity,
            rule=r.rule,
            record_type=view.record_type,
            row=int(view.rows[p]),
            key=view.key_at(int(p)),
            variable=v.id,
            value=value,
            message_sv=texts["sv"],
            message_en=texts["en"],
            legal=legal,
        )
        for p, value in zip(positions, values, strict=True)
    ]


def sibling_issues(
    cat: Catalog,
    views: Mapping[str, View],
    view: View,
    cache: dict[object, object] | None = None,
) -> list[Issue]:
    """The findings of the ``interval`` and ``unique_within_parent`` rules on ``view``.

    Args:
        cat: The catalogue.
        views: Every record type's view (ancestors' columns are read through the keys).
        view: The view of the record type checked.
        cache: Shared with the other steps over the same view (see ``evaluate_frame``).
    """
    f = _Frame(cat, views, view, cache)
    issues: list[Issue] = []
    for v in cat.variables_of(view.record_type):
        if v.id not in view.columns:
            continue
        for r in v.rules:
            if r.interval is not None:
                issues += _issues(f, v, r, IssueCode.INTERVAL_EXCEEDED, _late(f, v, r.interval))
            if r.unique_within_parent is not None:
                where = r.unique_within_parent.where
                issues += _issues(f, v, r, IssueCode.MORE_THAN_ONE, _extra(f, where))
    return issues
