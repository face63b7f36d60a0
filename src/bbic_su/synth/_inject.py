"""Fault injection: known faults of every issue code a canonical dataset can show.

>>> from bbic_su.synth._inject import INJECTED_CODES
>>> len(INJECTED_CODES), "required-by-plan-missing" in INJECTED_CODES
(24, False)

Each fault is placed so that it produces exactly one finding and nothing else:

* at most one fault per record, never on a record with a baseline (deadline) finding;
* cell faults go to variables that no condition or evaluated rule reads
  (:func:`~bbic_su.synth._truth.condition_reads`), so that a blanked or broken value
  cannot switch another variable's ``applies_if`` or a rule;
* key faults go to records without child records (a changed id would orphan them);
* dates are moved only where no other date on the record (or a child record) is
  ordered against them: *date-order* moves a date below its one ``after_or_equal``
  anchor; *deadline-exceeded* moves a deadline date past its limit on a record
  whose waiver does not hold and whose later dates still follow it;
* the faults of the rule kinds over sibling records (*interval-exceeded*,
  *more-than-one*, *dated-after-closure*) come first and reserve their parents: no
  other fault touches such a parent or any of its records (see
  :mod:`bbic_su.synth._inject_siblings`).

Not injected: ``required-by-plan-missing`` (it needs a follow-up plan), and the codes
of the checks against the extraction date, a run parameter the truth does not assume:
``after-extraction-date`` (no synthetic date lies after the end of the period),
``deadline-passed-open`` and ``interval-passed-open`` (cases still open at the end of
the period; the truth lists the findings of :func:`bbic_su.validate` without an
extraction date).
"""

from __future__ import annotations

import numpy as np

from bbic_su.spec.issue_codes import IssueCode
from bbic_su.synth._assumptions import CODES, LAGRUM
from bbic_su.synth._dates import add_days, add_months
from bbic_su.synth._fill import Columns
from bbic_su.synth._inject_siblings import SIBLING_CODES, InjectorSiblings
from bbic_su.synth._timeline import code
from bbic_su.synth._truth import evaluated_rules, rule_severity

__all__ = ["INJECTED_CODES", "Injector"]

_C = IssueCode
_ROW_CODES = (
    _C.INVALID_CODE,
    _C.FREE_TEXT_IN_CODE_FIELD,
    _C.INVALID_DATE,
    _C.INVALID_INTEGER,
    _C.INVALID_KEY,
    _C.MISSING_KEY,
    _C.REQUIRED_MISSING,
    _C.CONDITIONAL_REQUIRED_MISSING,
    _C.NOT_APPLICABLE_VALUE,
    _C.OUT_OF_RANGE,
    _C.DATE_ORDER,
    _C.DEADLINE_EXCEEDED,
    _C.RULE_VIOLATED,
    _C.DUPLICATE_KEY,
    _C.MISSING_PARENT,
    _C.PARENT_CHILD_MISMATCH,
    *SIBLING_CODES,
)
_TABLE_CODES = (
    _C.UNKNOWN_RECORD_TYPE,
    _C.UNKNOWN_COLUMN,
    _C.DUPLICATE_COLUMN,
    _C.MISSING_COLUMN,
    _C.HIGH_MISSING_SHARE,
)
INJECTED_CODES: tuple[str, ...] = tuple(c.value for c in (*_ROW_CODES, *_TABLE_CODES))
"""The issue codes :func:`bbic_su.synth.generate_with_truth` injects at ``error_rate > 0``."""

_FREE_TEXT = "Enligt mamma: ja"


class Injector(InjectorSiblings):
    """Injects faults into text columns and records the finding each one must produce.

    Record-level faults and the sparse column change ``columns`` in place
    (:meth:`inject`); faults in the shape of the tables are applied to the finished
    frames (:meth:`~bbic_su.synth._inject_base.InjectorBase.reshape`).
    """

    # -------------------------------------------------------------- cell faults

    def _bad_cells(self, code_: IssueCode, k: int) -> None:
        cat = self.cat
        kind = {
            _C.INVALID_CODE: "code",
            _C.FREE_TEXT_IN_CODE_FIELD: "code",
            _C.INVALID_INTEGER: "integer",
            _C.INVALID_DATE: "date",
        }[code_]
        items = [
            (v.record_type, v.id)
            for v in cat.variables
            if v.datatype == kind
            and not v.derived
            and v.id not in self.reserved
            and (kind == "date" or v.id not in self.reads)
        ]

        def inject(rt: str, var: str, n: int) -> None:
            pos = self._pick(rt, self._filled(rt, var), n)
            cells = self._cells(rt, var)[pos]
            if code_ is _C.INVALID_CODE:
                values: object = "okand_kod"
            elif code_ is _C.FREE_TEXT_IN_CODE_FIELD:
                values = _FREE_TEXT
            elif code_ is _C.INVALID_INTEGER:
                values = "tre"
            else:
                values = np.array([f"{c[:4]}-02-30" for c in cells], dtype=object)
            self._set(rt, var, pos, values)
            self.unparsed[(rt, var)].update(int(p) for p in pos)
            self._record(code_, "error", None, rt, pos, var)

        self._spread(items, k, inject)

    def _blank_required(self, conditional: bool, k: int) -> None:
        items: list[tuple[str, str]] = []
        for v in self.cat.variables:
            hit = [
                r
                for r in v.rules
                if (r.required_if is not None) == conditional
                and (r.required or r.required_if is not None)
            ]
            if hit and v.id not in self.reads:
                items.append((v.record_type, v.id))

        def inject(rt: str, var: str, n: int) -> None:
            v = self.cat.variable(var)
            r = next(r for r in v.rules if r.required or r.required_if is not None)
            mask = self._filled(rt, var)
            if r.required_if is not None:
                mask &= Columns(self.cat, self.tables, rt).evaluate(r.required_if)
            code_ = _C.CONDITIONAL_REQUIRED_MISSING if conditional else _C.REQUIRED_MISSING
            pos = self._pick(rt, mask, n)
            self._set(rt, var, pos, None)
            self._record(code_, rule_severity(self.cat, code_, r), r.rule, rt, pos, var)

        self._spread(items, k, inject)

    def _not_applicable(self, k: int) -> None:
        items = [
            (v.record_type, v.id)
            for v in self.cat.variables
            if v.applies_if is not None
            and v.datatype == "code"
            and v.id not in self.reads
            and not v.derived
        ]

        def inject(rt: str, var: str, n: int) -> None:
            v = self.cat.variable(var)
            applies = Columns(self.cat, self.tables, rt).evaluate(str(v.applies_if))
            pos = self._pick(rt, ~applies & ~self._filled(rt, var), n)
            value = self.cat.value_set(str(v.value_set)).code_ids[0]
            self._set(rt, var, pos, value)
            self._record(_C.NOT_APPLICABLE_VALUE, "warning", None, rt, pos, var)

        self._spread(items, k, inject)

    def _out_of_range(self, k: int) -> None:
        items = [
            (v.record_type, v.id)
            for v in self.cat.variables
            if v.id not in self.reads and any(r.range is not None for r in v.rules)
        ]

        def inject(rt: str, var: str, n: int) -> None:
            r = next(r for r in self.cat.variable(var).rules if r.range is not None)
            assert r.range is not None
            pos = self._pick(rt, self._filled(rt, var), n)
            self._set(rt, var, pos, str(r.range[1] + 1))
            self._record(
                _C.OUT_OF_RANGE, rule_severity(self.cat, _C.OUT_OF_RANGE, r), r.rule, rt, pos, var
            )

        self._spread(items, k, inject)

    # -------------------------------------------------------------- date faults

    def _dates(self, rt: str, var: str) -> np.ndarray:
        """The simulated dates (cells of busy rows may already be broken; they are not picked)."""
        out: np.ndarray = self.tables[rt].cols[var]
        return out

    def _date_order(self, k: int) -> None:
        anchors = {r.deadline.anchor for v in self.cat.variables for r in v.rules if r.deadline}
        items = []
        for v in self.cat.variables:
            after = [r for r in v.rules if r.after_or_equal is not None]
            if (
                v.datatype == "date"
                and len(after) == 1
                and "." not in str(after[0].after_or_equal)
                and v.id not in anchors
                and v.id not in self.reads
                and not any(r.before_or_equal for r in v.rules)
            ):
                items.append((v.record_type, v.id))

        def inject(rt: str, var: str, n: int) -> None:
            r = next(r for r in self.cat.variable(var).rules if r.after_or_equal is not None)
            anchor = self._dates(rt, str(r.after_or_equal))
            pos = self._pick(rt, self._filled(rt, var) & ~np.isnat(anchor), n)
            moved = add_days(anchor[pos], -self.rng.integers(1, 6, len(pos)))
            self._set(rt, var, pos, np.datetime_as_string(moved, unit="D").astype(object))
            self._record(
                _C.DATE_ORDER, rule_severity(self.cat, _C.DATE_ORDER, r), r.rule, rt, pos, var
            )

        self._spread(items, k, inject)

    def _deadline(self, k: int) -> None:
        items = [
            (v.record_type, v.id)
            for v in self.cat.variables
            if any(r.deadline is not None and "." not in r.deadline.anchor for r in v.rules)
        ]

        def inject(rt: str, var: str, n: int) -> None:
            v = self.cat.variable(var)
            r = next(r for r in v.rules if r.deadline is not None)
            assert r.deadline is not None
            anchor = self._dates(rt, r.deadline.anchor)
            if r.deadline.max_days is not None:
                limit = add_days(anchor, np.full(len(anchor), r.deadline.max_days))
            else:
                limit = add_months(anchor, r.deadline.max_months or 0)
            new = add_days(limit, self.rng.integers(1, 6, len(anchor)))
            ok = self._filled(rt, var) & ~np.isnat(anchor) & (new <= self.end) & ~self.parents[rt]
            if r.waived_if is not None:
                ok &= ~Columns(self.cat, self.tables, rt).evaluate(r.waived_if)
            for other in v.rules:  # the moved date must still follow its own anchors
                if other.after_or_equal is not None and "." not in other.after_or_equal:
                    a = self._dates(rt, other.after_or_equal)
                    ok &= np.isnat(a) | (new >= a)
            for w in self.cat.variables_of(rt):  # ... and precede dates ordered after it
                if any(x.after_or_equal == var for x in w.rules):
                    later = self._dates(rt, w.id)
                    ok &= np.isnat(later) | (later >= new)
            pos = self._pick(rt, ok, n)
            self._set(rt, var, pos, np.datetime_as_string(new[pos], unit="D").astype(object))
            self._record(
                _C.DEADLINE_EXCEEDED,
                rule_severity(self.cat, _C.DEADLINE_EXCEEDED, r),
                r.rule,
                rt,
                pos,
                var,
            )

        self._spread(items, k, inject)

    # -------------------------------------------------------------- rule faults

    def _rule_violated(self, k: int) -> None:
        by_var = {var: rule for rule, var in evaluated_rules(self.cat).items() if var}
        lvu = frozenset(self.cat.value_set(CODES["lvu_care"][0]).groups["lvu"])
        lvu_code = next(iter(LAGRUM[code("lvu_care")]))
        half = (k + 1) // 2
        ins = self.tables["insats"]
        pos = self._pick("insats", ~np.isin(ins.cols["insatstyp"], list(lvu)), half)
        self._set("insats", "lagrum", pos, lvu_code)
        rule = by_var["lagrum"]
        self._record(_C.RULE_VIOLATED, self.cat.rule(rule).severity, rule, "insats", pos, "lagrum")
        met = self._cells("utredning", "barnet_traffat_enskilt") == code("yes")
        pos = self._pick("utredning", met, k - half)
        self._set("utredning", "antal_samtal_med_barnet", pos, "0")
        rule = by_var["barnet_traffat_enskilt"]
        self._record(
            _C.RULE_VIOLATED,
            self.cat.rule(rule).severity,
            rule,
            "utredning",
            pos,
            "barnet_traffat_enskilt",
        )

    def inject(self, faults: int) -> None:
        """Inject about ``faults`` record-level faults, spread over the codes."""
        k = max(1, faults // len(_ROW_CODES))
        before = {rt: busy.copy() for rt, busy in self.busy.items()}
        self._interval(k)
        self._after_closure(k)  # leaves more-than-one the parents it needs
        self._more_than_one(k)
        self._reserve(before)
        for code_ in _ROW_CODES:
            if code_ in SIBLING_CODES:
                continue
            if code_ in (
                _C.INVALID_CODE,
                _C.FREE_TEXT_IN_CODE_FIELD,
                _C.INVALID_DATE,
                _C.INVALID_INTEGER,
            ):
                self._bad_cells(code_, k)
            elif code_ in (_C.REQUIRED_MISSING, _C.CONDITIONAL_REQUIRED_MISSING):
                self._blank_required(code_ is _C.CONDITIONAL_REQUIRED_MISSING, k)
            elif code_ in (_C.INVALID_KEY, _C.MISSING_KEY, _C.DUPLICATE_KEY):
                self._keys(code_, k)
            elif code_ in (_C.MISSING_PARENT, _C.PARENT_CHILD_MISMATCH):
                self._links(code_, k)
            else:
                {
                    _C.NOT_APPLICABLE_VALUE: self._not_applicable,
                    _C.OUT_OF_RANGE: self._out_of_range,
                    _C.DATE_ORDER: self._date_order,
                    _C.DEADLINE_EXCEEDED: self._deadline,
                    _C.RULE_VIOLATED: self._rule_violated,
                }[code_](k)
        self._sparse()
