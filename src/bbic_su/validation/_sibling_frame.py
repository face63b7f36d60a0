"""What the rule kinds over the records of one parent share: the frame, groups, findings.

>>> import numpy as np
>>> from bbic_su.validation._sibling_frame import add_months
>>> days = np.array(["2024-01-31", "2024-08-31"], dtype="datetime64[D]")
>>> [str(d) for d in add_months(days, 1)]
['2024-02-29', '2024-09-30']

:class:`SiblingFrame` is one record type's typed view with the ancestor columns its
predicates read, the records' groups (by parent key) and the evaluator protocol of
:func:`bbic_su.validation._rules.run_checks`; :func:`findings` turns positions into a
:class:`~bbic_su.validation._findings.Chunk` of findings with the message template of the rule kind.
Used by :mod:`bbic_su.validation._sibling_rules` and :mod:`bbic_su.validation._open_cases`.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import numpy.typing as npt
import pandas as pd

from bbic_su.expr._api import parse, refs
from bbic_su.expr._ast import Expr
from bbic_su.expr._evaluate import evaluate_frame
from bbic_su.frames._keyids import MISSING
from bbic_su.frames._views import View, ancestor_column
from bbic_su.spec._catalog import Catalog
from bbic_su.spec._check import CatalogResolver
from bbic_su.spec.issue_codes import ISSUE_CODES, IssueCode, IssueSeverity
from bbic_su.spec.model import Deadline, VariableRule
from bbic_su.validation._findings import Chunk, Template, template
from bbic_su.validation._rules import BoolArray, legal_citation
from bbic_su.validation._shown import Encoded, encode_dates

__all__ = ["Days", "SiblingFrame", "add_months", "findings", "rule_template"]

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


class SiblingFrame:
    """One record type's view with the ancestor columns its predicates read."""

    def __init__(
        self,
        cat: Catalog,
        views: Mapping[str, View],
        view: View,
        cache: dict[object, object] | None,
    ) -> None:
        self.cat, self.views, self.view, self.cache = cat, views, view, cache
        self.n = view.n
        self.resolver = CatalogResolver(cat, view.record_type)
        self.columns = dict(view.columns)
        self.index = pd.RangeIndex(view.n)
        self._groups: npt.NDArray[np.int64] | None = None
        self._applies = set()  # for applies(x): the columns of the variables' conditions
        for v in cat.variables_of(view.record_type):
            if v.applies_if is not None:
                self._applies |= self._keys(parse(v.applies_if))

    def _keys(self, expr: Expr) -> set[str]:
        return {self.resolver.resolve(r) for r in refs(expr)}

    def key(self, name: str) -> str:
        """The column key of a variable reference (``insats.insats_startdatum``)."""
        return self._keys(parse(name)).pop()

    def column(self, key: str) -> pd.Series | None:
        """The typed column of ``key`` (an ancestor's joined on first use)."""
        if key not in self.columns and "." in key:
            col = ancestor_column(self.views, self.view, key)
            if col is not None:
                self.columns[key] = col
        return self.columns.get(key)

    def evaluate(self, expr: Expr) -> BoolArray:
        """Rows where ``expr`` holds, as the evaluator of :func:`~._rules.run_checks`."""
        for key in self._keys(expr) | self._applies:
            self.column(key)
        mask = evaluate_frame(expr, self.columns, self.resolver, index=self.index, cache=self.cache)
        return mask.to_numpy(dtype=bool, copy=True)

    def present(self, ancestor: str) -> BoolArray:
        """Rows whose ancestor record of type ``ancestor`` is known."""
        pos = self.view.pos.get(ancestor)
        return np.zeros(self.n, dtype=bool) if pos is None else pos >= 0

    def holds(self, text: str) -> tuple[BoolArray, BoolArray]:
        """Rows where ``text`` holds, and rows where it reads a value that failed to parse."""
        tree = parse(text)
        unknown = np.zeros(self.n, dtype=bool)
        for key in self._keys(tree):
            if key in self.view.failed:
                unknown |= self.view.failed[key]
        return self.evaluate(tree) & ~unknown, unknown

    def days(self, key: str) -> Days:
        """A date column as ``datetime64[D]`` (NaT where missing, unparsable or unknown)."""
        col = self.column(key)
        if col is None:
            return np.full(self.n, np.datetime64("NaT"), dtype="datetime64[D]")
        out: Days = pd.to_datetime(col).to_numpy(dtype="datetime64[D]").copy()
        if key in self.view.failed:
            out[self.view.failed[key]] = np.datetime64("NaT")
        return out

    def groups(self) -> npt.NDArray[np.int64]:
        """Per row the identifier of its parent key (``MISSING``: no usable parent key)."""
        if self._groups is None:
            field = self.cat.record_type(self.view.record_type).parent_key
            if field is None or field not in self.view.columns:
                self._groups = np.full(self.n, MISSING, dtype=np.int64)
            else:
                out = self.view.ids(field).values
                if field in self.view.failed:
                    out = np.where(self.view.failed[field], MISSING, out)
                self._groups = out
        return self._groups


def plus_limit(days: Days, d: Deadline) -> Days:
    """``days`` (``datetime64[D]``, no NaT) plus the limit of a deadline or interval."""
    if d.max_months is not None:
        return add_months(days, d.max_months)
    out: Days = days + np.timedelta64(d.max_days or 0, "D")
    return out


def in_date_order(
    group: npt.NDArray[np.int64], date: Days, among: BoolArray, skip: BoolArray
) -> npt.NDArray[np.intp]:
    """Rows where ``among`` holds, with a parent and a date, by parent, then date, then row.

    Parents with a row where ``skip`` holds are left out (the rules over siblings do not
    check a group whose records they cannot all place).
    """
    usable = group != MISSING
    bad = np.unique(group[skip & usable])
    idx = np.flatnonzero(among & usable & ~np.isnat(date))
    if len(bad):
        idx = idx[~np.isin(group[idx], bad)]
    # two stable sorts of the (few) qualifying rows: by date, then by parent
    idx = idx[np.argsort(date[idx], kind="stable")]
    out: npt.NDArray[np.intp] = idx[np.argsort(group[idx], kind="stable")]
    return out


def shown_dates(days: Days, positions: npt.NDArray[np.intp]) -> Encoded:
    """ISO dates at ``positions`` (None where NaT), as :attr:`Issue.value` shows them."""
    return encode_dates(days, positions)


def rule_template(
    cat: Catalog,
    r: VariableRule,
    code: IssueCode,
    read: str,
    target: str,
    variable: str,
    *,
    limit: tuple[str, str] = ("", ""),
    **params: str,
) -> Template:
    """The template of the findings of rule ``r`` (see :func:`findings`)."""
    rule = cat.rule(r.rule) if r.rule is not None else None
    legal = r.legal or (rule.legal if rule is not None else ())
    severity: IssueSeverity = r.severity or (
        rule.severity if rule is not None else ISSUE_CODES[code].severity
    )
    return template(
        code,
        severity,
        r.rule,
        target,
        variable,
        legal,
        variable=variable,
        record_type=read,
        parent=str(cat.record_type(read).parent),
        **params,
        limit=limit,
        rule_text=(rule.description_sv, rule.description_en) if rule is not None else "",
        legal=(legal_citation(cat, legal, "sv"), legal_citation(cat, legal, "en")),
    )


def findings(
    cat: Catalog,
    r: VariableRule,
    code: IssueCode,
    read: str,
    target: View,
    positions: npt.NDArray[np.intp],
    variable: str,
    values: Encoded,
    *,
    limit: tuple[str, str] = ("", ""),
    **params: str,
) -> list[Chunk]:
    """The findings of rule ``r`` at ``positions`` of ``target``.

    Args:
        cat: The catalogue.
        r: The variable rule (its severity, catalogue rule and legal sources).
        code: The issue code.
        read: The record type whose records the rule reads (``{record_type}``, ``{parent}``).
        target: The view the findings point into (``read``'s, or its parent's).
        positions: Rows of ``target``.
        variable: The variable each finding names.
        values: Each finding's value, dictionary-encoded.
        limit: The limit in Swedish and English words.
        params: Further message parameters (``condition``, ``anchor``).
    """
    if not len(positions):
        return []
    t = rule_template(cat, r, code, read, target.record_type, variable, limit=limit, **params)
    return [Chunk(t, positions, values[0], values[1])]
