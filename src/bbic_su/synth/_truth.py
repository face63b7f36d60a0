"""Ground truth: the findings validation must report, computed from the generator's own state.

>>> import bbic_su
>>> from bbic_su.synth._truth import TRUTH_COLUMNS, condition_reads, evaluated_rules
>>> TRUTH_COLUMNS
('code', 'severity', 'rule', 'record_type', 'row', 'key', 'variable')
>>> "R19" in evaluated_rules(bbic_su.catalog()), "R07" in evaluated_rules(bbic_su.catalog())
(True, False)
>>> "aktualiseringssatt" in condition_reads(bbic_su.catalog())
True

The baseline findings of clean data are the *deadline* warnings the synthetic
"most deadlines kept" distribution implies (one per late record, read from the
catalogue's ``deadline`` rules and their ``waived_if``) and the data-quality
``high-missing-share`` findings (variables that are legitimately empty in many
records, e.g. the closing date of investigations still open at extraction). Both
are recomputed here with numpy from the generator's typed columns and
applicability masks, not by running the validator.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from bbic_su.expr._api import parse, refs
from bbic_su.expr._evaluate_common import MISSING_CODE
from bbic_su.spec._catalog import Catalog
from bbic_su.spec.issue_codes import ISSUE_CODES, IssueCode
from bbic_su.spec.model import VariableRule
from bbic_su.synth._dates import NAT, add_months
from bbic_su.synth._fill import Columns, ancestor_positions
from bbic_su.synth._timeline import Table, pd_notna

__all__ = [
    "TRUTH_COLUMNS",
    "Finding",
    "condition_reads",
    "deadline_findings",
    "evaluated_rules",
    "missing_share_findings",
    "rule_severity",
    "sibling_findings",
    "truth_frame",
]

TRUTH_COLUMNS = ("code", "severity", "rule", "record_type", "row", "key", "variable")
Finding = dict[str, Any]


def rule_severity(cat: Catalog, code: IssueCode, rule: VariableRule | None) -> str:
    """The severity validation gives a finding of ``code`` raised by variable rule ``rule``."""
    if rule is not None and rule.severity is not None:
        return rule.severity
    if rule is not None and rule.rule is not None:
        return cat.rule(rule.rule).severity
    return ISSUE_CODES[code].severity


def evaluated_rules(cat: Catalog) -> dict[str, str | None]:
    """Catalogue rules whose expression validation evaluates, with the variable it names."""
    kind_links: set[str] = set()
    bare: dict[str, str] = {}
    for v in cat.variables:
        for r in v.rules:
            if r.rule is None:
                continue
            if r.kinds:
                kind_links.add(r.rule)
            else:
                bare.setdefault(r.rule, v.id)
    return {
        rule.id: bare.get(rule.id)
        for rule in cat.rules
        if rule.expression is not None and (rule.id not in kind_links or rule.id in bare)
    }


def _names(text: str) -> set[str]:
    return {ref.name for ref in refs(parse(text))}


def condition_reads(cat: Catalog) -> frozenset[str]:
    """Variables read by a condition or an evaluated rule.

    Conditions: ``applies_if``, ``required_if``, ``waived_if``, and the predicates and
    anchors of the rule kinds over sibling records (``interval`` with its ``closed_by``
    and ``parent_if``, ``unique_within_parent``, ``none_after_within_parent``).
    """
    names: set[str] = set()
    for v in cat.variables:
        if v.applies_if is not None:
            names |= _names(v.applies_if)
        for r in v.rules:
            texts = [r.required_if, r.waived_if]
            if r.interval is not None:
                d = r.interval
                texts += [d.among, d.anchor, d.closed_by, d.parent_if]
            if r.unique_within_parent is not None:
                texts.append(r.unique_within_parent.where)
            if r.none_after_within_parent is not None:
                texts.append(r.none_after_within_parent.where)
            for text in texts:
                if text is not None:
                    names |= _names(text)
    for rule_id in evaluated_rules(cat):
        expression = cat.rule(rule_id).expression
        assert expression is not None
        names |= _names(expression)
    return frozenset(names)


def _finding(
    code: IssueCode,
    severity: str,
    rule: str | None,
    rt: str,
    row: int | None,
    key: str | None,
    variable: str | None,
) -> Finding:
    return dict(
        zip(TRUTH_COLUMNS, (code.value, severity, rule, rt, row, key, variable), strict=True)
    )


def deadline_findings(
    cat: Catalog,
    rt: str,
    cols: Mapping[str, np.ndarray],
    waived: Mapping[str, np.ndarray],
    keys: np.ndarray,
    rows: Iterable[int] | None = None,
) -> list[Finding]:
    """Deadline warnings of record type ``rt`` (``waived``: variable -> waived_if mask)."""
    out: list[Finding] = []
    for v in cat.variables_of(rt):
        for r in v.rules:
            if r.deadline is None or v.id not in cols or r.deadline.anchor not in cols:
                continue
            d, anchor = cols[v.id], cols[r.deadline.anchor]
            if r.deadline.max_days is not None:
                late = (d - anchor).astype(np.int64) > r.deadline.max_days
            else:
                late = d > add_months(anchor, r.deadline.max_months or 0)
            late &= ~np.isnat(d) & ~np.isnat(anchor) & ~waived.get(v.id, np.zeros(len(d), bool))
            sev = rule_severity(cat, IssueCode.DEADLINE_EXCEEDED, r)
            for i in np.flatnonzero(late):
                out.append(
                    _finding(
                        IssueCode.DEADLINE_EXCEEDED, sev, r.rule, rt, int(i) + 1, keys[i], v.id
                    )
                )
    return out


def missing_share_findings(
    cat: Catalog,
    columns: Mapping[str, Mapping[str, np.ndarray]],
    applies: Mapping[str, Mapping[str, np.ndarray]],
    unparsed: Mapping[tuple[str, str], set[int]],
    absent: set[tuple[str, str]],
) -> list[Finding]:
    """``high-missing-share`` findings: the catalogue's threshold rule on the final cells.

    Args:
        cat: The catalogue.
        columns: Record type -> column -> text cells (``None`` empty), after injection.
        applies: Record type -> variable -> rows (positional) where the variable applies.
        unparsed: (record type, variable) -> positions whose value will not parse (they
            count as missing).
        absent: (record type, variable) of columns left out of the dataset.
    """
    out: list[Finding] = []
    for rule in cat.rules:
        t = rule.thresholds
        if "missing_share_percent" not in t:
            continue
        for rt in rule.record_types:
            for v in cat.variables_of(rt):
                if rt not in columns or (rt, v.id) in absent:
                    continue
                cells = columns[rt][v.id]
                missing = ~pd_notna(cells)
                if v.value_set is not None:
                    missing |= cells == MISSING_CODE
                missing[list(unparsed.get((rt, v.id), ()))] = True
                app = applies[rt][v.id]
                count, total = int((missing & app).sum()), int(app.sum())
                if (
                    total < t.get("min_records", 1)
                    or 100 * count < t["missing_share_percent"] * total
                ):
                    continue
                out.append(
                    _finding(
                        IssueCode.HIGH_MISSING_SHARE, rule.severity, rule.id, rt, None, None, v.id
                    )
                )
    return out


def _days(cells: np.ndarray, bad: Iterable[int]) -> np.ndarray:
    """Text date cells as ``datetime64[D]``; empty and unparsable (``bad``) cells are NaT."""
    ok = pd_notna(cells)
    ok[list(bad)] = False
    out = np.full(len(cells), NAT, dtype="datetime64[D]")
    out[ok] = np.array(cells[ok].astype(str), dtype="datetime64[D]")
    return out


def _holds(
    cols: Columns, text: str, unparsed: Mapping[tuple[str, str], set[int]], rt: str
) -> tuple[np.ndarray, np.ndarray]:
    """Rows where ``text`` holds, and rows where it reads a cell that failed to parse."""
    holds = cols.evaluate(text).copy()
    unknown = np.zeros(len(holds), dtype=bool)
    for key in cols.keys(text):
        unknown[list(unparsed.get((rt, key), ()))] = True
    return holds & ~unknown, unknown


def _late(
    cat: Catalog,
    tables: dict[str, Table],
    columns: Mapping[str, Mapping[str, np.ndarray]],
    unparsed: Mapping[tuple[str, str], set[int]],
    rt: str,
    var: str,
    rule: VariableRule,
    group: np.ndarray,
) -> np.ndarray:
    d = rule.interval
    assert d is not None
    cols = Columns(cat, tables, rt)
    among, unknown = _holds(cols, d.among, unparsed, rt)
    date = _days(columns[rt][var], unparsed.get((rt, var), ()))
    unknown |= among & np.isnat(date)
    skip = np.isin(group, group[unknown & (group >= 0)])
    frame = pd.DataFrame({"g": group, "d": date, "row": np.arange(len(group))})
    frame = frame[among & (group >= 0) & ~np.isnat(date) & ~skip]
    frame = frame.sort_values(["g", "d", "row"])
    (key,) = cols.keys(d.anchor)
    anc, _, name = key.rpartition(".")
    anchor = _days(columns[anc or rt][name], unparsed.get((anc or rt, name), ()))
    if anc:
        pos = ancestor_positions(cat, tables, rt, anc)
        anchor = np.where(pos >= 0, anchor[np.maximum(pos, 0)], NAT)
    prev = frame.groupby("g")["d"].shift(1).to_numpy(dtype="datetime64[D]")
    first = np.isnat(prev)
    rows = frame["row"].to_numpy()
    prev[first] = anchor[rows[first]]
    known = ~np.isnat(prev)
    if d.max_months is not None:
        limit = add_months(prev[known], d.max_months)
    else:
        limit = prev[known] + np.timedelta64(d.max_days or 0, "D")
    day = frame["d"].to_numpy(dtype="datetime64[D]")[known]
    return np.sort(rows[known][day > limit])


def _after_closure(
    cat: Catalog,
    tables: dict[str, Table],
    columns: Mapping[str, Mapping[str, np.ndarray]],
    unparsed: Mapping[tuple[str, str], set[int]],
    rt: str,
    rule: VariableRule,
    group: np.ndarray,
) -> np.ndarray:
    n = rule.none_after_within_parent
    assert n is not None
    cols = Columns(cat, tables, rt)
    closing, unknown = _holds(cols, n.where, unparsed, rt)
    date = _days(columns[rt][n.date], unparsed.get((rt, n.date), ()))
    dated = (group >= 0) & ~np.isnat(date)
    frame = pd.DataFrame({"g": group[closing & dated], "d": date[closing & dated]})
    first = frame.groupby("g")["d"].min()
    end = np.full(len(group), NAT, dtype="datetime64[D]")
    known = np.isin(group, first.index.to_numpy())
    end[known] = first.reindex(group[known]).to_numpy(dtype="datetime64[D]")
    late = ~closing & ~unknown & dated & ~np.isnat(end)
    late[late] = date[late] > end[late]
    return np.flatnonzero(late)


def sibling_findings(
    cat: Catalog,
    tables: dict[str, Table],
    columns: Mapping[str, Mapping[str, np.ndarray]],
    unparsed: Mapping[tuple[str, str], set[int]],
) -> list[Finding]:
    """Findings of the rule kinds over the records of one parent, on the final cells.

    ``interval``: records where ``among`` holds, grouped by parent key and ordered by
    date, more than the limit after the previous one (the first: after the anchor);
    a group with such a record of unknown date is not checked. ``unique_within_parent``:
    every record after the first (row order) of a group where ``where`` holds.
    ``none_after_within_parent``: every record of a group where ``where`` does not hold
    dated after the earliest known date of the group's records where it does.
    """
    out: list[Finding] = []
    for v in cat.variables:
        for r in v.rules:
            if not {"interval", "unique_within_parent", "none_after_within_parent"} & set(r.kinds):
                continue
            rt = cat.record_type(v.record_type)
            if rt.parent_key is None or not tables[rt.id].n:
                continue
            codes, _ = pd.factorize(pd.Series(columns[rt.id][rt.parent_key], dtype=object))
            group = np.asarray(codes, dtype=np.intp)
            variable = v.id
            if r.interval is not None:
                code = IssueCode.INTERVAL_EXCEEDED
                rows = _late(cat, tables, columns, unparsed, rt.id, v.id, r, group)
            elif r.none_after_within_parent is not None:
                code = IssueCode.DATED_AFTER_CLOSURE
                rows = _after_closure(cat, tables, columns, unparsed, rt.id, r, group)
                variable = r.none_after_within_parent.date
            else:
                assert r.unique_within_parent is not None
                code = IssueCode.MORE_THAN_ONE
                hit = Columns(cat, tables, rt.id).evaluate(r.unique_within_parent.where)
                idx = np.flatnonzero(hit & (group >= 0))
                rows = idx[pd.Series(group[idx]).duplicated().to_numpy(dtype=bool)]
            keys = columns[rt.id][rt.key]
            sev = rule_severity(cat, code, r)
            out += [_finding(code, sev, r.rule, rt.id, int(i) + 1, keys[i], variable) for i in rows]
    return out


def truth_frame(findings: Iterable[Finding]) -> pd.DataFrame:
    """The findings as a tidy frame sorted by record type and row.

    ``row`` holds Python ints, ``None`` for findings about a whole column or table,
    so that rows compare equal to :attr:`bbic_su.validation.issues.Issue.row`.
    """
    frame = pd.DataFrame(list(findings), columns=list(TRUTH_COLUMNS), dtype=object)
    order = frame["row"].fillna(0).astype(np.int64)
    frame = frame.assign(_o=order).sort_values(["record_type", "_o", "code", "variable"])
    frame = frame.drop(columns="_o").reset_index(drop=True)
    return frame.astype(object).where(frame.notna(), None)
