"""Fault injection, part one: the injector's state, helpers, key, link and table faults.

>>> from bbic_su.synth._inject_base import IDENTITY_LIKE
>>> IDENTITY_LIKE.format(7)
'20100101-0007'

See :mod:`bbic_su.synth._inject` for the placement rules that keep each fault to
exactly one finding.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

import numpy as np
import pandas as pd

from bbic_su.spec._catalog import Catalog
from bbic_su.spec.issue_codes import IssueCode
from bbic_su.synth._dates import Objects
from bbic_su.synth._fill import Columns
from bbic_su.synth._timeline import Table, pd_notna
from bbic_su.synth._truth import Finding, condition_reads

__all__ = ["IDENTITY_LIKE", "InjectorBase"]

_C = IssueCode
UNKNOWN_COLUMN = "x_lokal_anteckning"
UNKNOWN_TABLE = "anteckningar"
IDENTITY_LIKE = "20100101-{:04d}"
"""Keys shaped like a personnummer (numbered, so that they are not also duplicates)."""


class InjectorBase:
    """Injects faults into text columns and records the finding each one must produce.

    Record-level faults and the sparse column change ``columns`` in place
    (:meth:`inject`); faults in the shape of the tables are applied to the finished
    frames (:meth:`reshape`).
    """

    def __init__(
        self,
        rng: np.random.Generator,
        cat: Catalog,
        tables: dict[str, Table],
        columns: dict[str, dict[str, Objects]],
        busy: dict[str, np.ndarray],
        end: np.datetime64,
    ) -> None:
        self.rng, self.cat, self.tables, self.columns = rng, cat, tables, columns
        self.busy, self.end = busy, end
        self.findings: list[Finding] = []
        self.unparsed: dict[tuple[str, str], set[int]] = defaultdict(set)
        self.copies: list[tuple[str, int, int]] = []
        """(record type, source, target): records made copies of others (all but the id)."""
        self.reads = condition_reads(cat)
        self.leaves = [
            v
            for v in cat.variables
            if v.datatype == "code"
            and not v.rules
            and v.applies_if is None
            and not v.derived
            and v.id not in self.reads
        ]
        self.reserved = {v.id for v in self.leaves[-3:]}  # table-level faults use these
        self.parents = {rt.id: np.zeros(tables[rt.id].n, dtype=bool) for rt in cat.record_types}
        for rt in cat.record_types:
            if rt.parent is not None:
                pos = tables[rt.id].parent
                self.parents[rt.parent][pos[pos >= 0]] = True

    # ------------------------------------------------------------------ helpers

    def _cells(self, rt: str, column: str) -> Objects:
        return self.columns[rt][column]

    def _set(self, rt: str, column: str, pos: np.ndarray, values: object) -> None:
        self.columns[rt][column][pos] = values

    def _pick(self, rt: str, mask: np.ndarray, k: int, *, leaf: bool = False) -> np.ndarray:
        ok = mask & ~self.busy[rt] & (~self.parents[rt] if leaf else True)
        cand = np.flatnonzero(ok)
        pos = np.sort(self.rng.choice(cand, size=min(k, len(cand)), replace=False))
        self.busy[rt][pos] = True
        return pos

    def _filled(self, rt: str, column: str) -> np.ndarray:
        return pd_notna(self._cells(rt, column))

    def _record(
        self,
        code_: IssueCode,
        severity: str,
        rule: str | None,
        rt: str,
        pos: np.ndarray,
        variable: str,
        keys: list[str | None] | None = None,
    ) -> None:
        pk = self.cat.record_type(rt).key
        cells = self._cells(rt, pk)
        for i, p in enumerate(pos):
            key = keys[i] if keys is not None else cells[p]
            self.findings.append(
                {
                    "code": code_.value,
                    "severity": severity,
                    "rule": rule,
                    "record_type": rt,
                    "row": int(p) + 1,
                    "key": key,
                    "variable": variable,
                }
            )

    def _spread(
        self, items: list[tuple[str, str]], k: int, fn: Callable[[str, str, int], None]
    ) -> None:
        for i, (rt, var) in enumerate(items):
            share = k // len(items) + (1 if i < k % len(items) else 0)
            if share:
                fn(rt, var, share)

    # ---------------------------------------------------------------- key faults

    def _keys(self, code_: IssueCode, k: int) -> None:
        cat = self.cat
        rts = [rt for rt in cat.record_types if rt.parent is not None]
        for i, rt in enumerate(rts):
            n = k // len(rts) + (1 if i < k % len(rts) else 0)
            if not n or not self.tables[rt.id].n:
                continue
            pk = rt.key
            rule = next(kf.rule for kf in rt.keys if kf.role == "primary")
            if code_ is _C.DUPLICATE_KEY:
                pos = self._pick(rt.id, np.ones(self.tables[rt.id].n, bool), 2 * n, leaf=True)
                first, second = pos[0::2], pos[1::2]
                first = first[: len(second)]
                ids = self._cells(rt.id, pk)[first]
                self._set(rt.id, pk, second, ids)
                self._record(code_, "error", rule, rt.id, second, pk)
            else:
                pos = self._pick(rt.id, np.ones(self.tables[rt.id].n, bool), n, leaf=True)
                invalid = code_ is _C.INVALID_KEY
                value = (
                    np.array([IDENTITY_LIKE.format(j) for j in range(len(pos))], dtype=object)
                    if invalid
                    else None
                )
                self._set(rt.id, pk, pos, value)
                self._record(
                    code_,
                    "error",
                    None if invalid else rule,
                    rt.id,
                    pos,
                    pk,
                    keys=[None] * len(pos),
                )

    def _links(self, code_: IssueCode, k: int) -> None:
        cat = self.cat
        root = cat.record_types[0]
        rts = [rt for rt in cat.record_types if rt.parent not in (None, root.id)]
        if code_ is _C.MISSING_PARENT:  # orphaned rows must not lose their conditions
            rts = [
                rt
                for rt in rts
                if not any(
                    "." in k
                    for v in cat.variables_of(rt.id)
                    if v.applies_if
                    for k in Columns(cat, self.tables, rt.id).keys(v.applies_if)
                )
            ]
        for i, rt in enumerate(rts):
            n = k // len(rts) + (1 if i < k % len(rts) else 0)
            field = cat.record_type(str(rt.parent)).key
            kf = next(kf for kf in rt.keys if kf.field == field)
            has_parent = self.tables[rt.id].parent >= 0
            if code_ is _C.MISSING_PARENT:
                pos = self._pick(rt.id, has_parent, n)
                prefix = str(rt.parent)[:2].upper()
                ids = np.array([f"{prefix}-saknad-{j}" for j in range(len(pos))], dtype=object)
                self._set(rt.id, field, pos, ids)
            else:
                pos = self._pick(rt.id, has_parent, n, leaf=True)
                kids = self._cells(root.id, root.key)
                child = self.tables[rt.id].child[pos]
                self._set(rt.id, root.key, pos, kids[(child + 1) % len(kids)])
            self._record(code_, "error", kf.rule, rt.id, pos, field)

    # --------------------------------------------------------------- table faults

    def _sparse(self) -> None:
        """Blank one variable in enough records for the missing-share rule to report it."""
        sparse = [v for v in self.leaves if v.id in self.reserved][2]
        rule = next(r for r in self.cat.rules if "missing_share_percent" in r.thresholds)
        n = self.tables[sparse.record_type].n
        if n >= rule.thresholds.get("min_records", 1):
            share = (rule.thresholds["missing_share_percent"] + 10) / 100
            pos = self.rng.choice(n, size=int(np.ceil(share * n)), replace=False)
            self._set(sparse.record_type, sparse.id, pos, None)

    @property
    def absent(self) -> set[tuple[str, str]]:
        """(record type, variable) of the column :meth:`reshape` drops."""
        gone = [v for v in self.leaves if v.id in self.reserved][1]
        return {(gone.record_type, gone.id)}

    def reshape(self, frames: dict[str, pd.DataFrame]) -> None:
        """Table faults: a duplicate, a missing and an unknown column, an unknown table."""
        dup, gone, _ = [v for v in self.leaves if v.id in self.reserved]
        frame = frames[dup.record_type]
        frames[dup.record_type] = pd.concat([frame, frame[[dup.id]]], axis=1)
        self.findings.append(
            self._table_finding(_C.DUPLICATE_COLUMN, "error", dup.record_type, dup.id)
        )
        frames[gone.record_type] = frames[gone.record_type].drop(columns=gone.id)
        self.findings.append(
            self._table_finding(_C.MISSING_COLUMN, "info", gone.record_type, gone.id)
        )
        root = self.cat.record_types[0].id
        frame = frames[root]
        frames[root] = frame.assign(**{UNKNOWN_COLUMN: frame["kommunkod"]})
        self.findings.append(
            self._table_finding(_C.UNKNOWN_COLUMN, "warning", root, UNKNOWN_COLUMN)
        )
        frames[UNKNOWN_TABLE] = pd.DataFrame({"anteckning_id": ["AN-1"], "text": ["x"]})
        self.findings.append(
            self._table_finding(_C.UNKNOWN_RECORD_TYPE, "warning", UNKNOWN_TABLE, UNKNOWN_TABLE)
        )

    @staticmethod
    def _table_finding(code_: IssueCode, severity: str, rt: str, variable: str) -> Finding:
        return {
            "code": code_.value,
            "severity": severity,
            "rule": None,
            "record_type": rt,
            "row": None,
            "key": None,
            "variable": variable,
        }
