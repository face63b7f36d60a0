"""Fault injection, part two: faults of the rule kinds over the records of one parent.

>>> from bbic_su.synth._inject_siblings import SIBLING_CODES
>>> [c.value for c in SIBLING_CODES]
['interval-exceeded', 'more-than-one', 'dated-after-closure']

* *interval-exceeded*: the last record of a chain (e.g. the last review of a
  placement) is moved one to five days past its limit, staying before the next
  record of the same parent and on or before the extraction date;
* *more-than-one*: a record that does not qualify becomes a copy (all but its own
  id) of the one record of its parent that does (e.g. a closure registered twice);
  the later of the two in row order is reported;
* *dated-after-closure*: the one closing record of a parent (e.g. the closure of an
  intervention) is moved one to five days before the latest other record of the
  parent, staying on or after the second latest and its own ``after_or_equal``
  anchors; the latest other record is reported. It takes at most half of the
  parents it could use, first those *more-than-one* cannot use, and comes before it.

The moved record's parent has no other fault or baseline finding among its records;
the copied pair carries none either. These faults are injected before all others,
which then leave the parents concerned and their records alone
(:meth:`InjectorSiblings._reserve`). So each fault produces exactly one finding.
Their findings are not recorded here:
:func:`~bbic_su.synth._truth.sibling_findings` recomputes every finding of these
kinds from the final cells.
"""

from __future__ import annotations

import numpy as np

from bbic_su.spec.issue_codes import IssueCode
from bbic_su.spec.model import Variable, VariableRule
from bbic_su.synth._dates import NAT, add_days, add_months
from bbic_su.synth._fill import Columns, ancestor_positions
from bbic_su.synth._inject_base import InjectorBase

__all__ = ["SIBLING_CODES", "InjectorSiblings"]

SIBLING_CODES = (
    IssueCode.INTERVAL_EXCEEDED,
    IssueCode.MORE_THAN_ONE,
    IssueCode.DATED_AFTER_CLOSURE,
)


class InjectorSiblings(InjectorBase):
    """Adds the faults of the rule kinds over the records of one parent."""

    def _sibling_rules(self, kind: str) -> list[tuple[Variable, VariableRule]]:
        return [
            (v, r)
            for v in self.cat.variables
            for r in v.rules
            if getattr(r, kind) is not None and self.tables[v.record_type].n
        ]

    def _intact(self, rt: str, name: str) -> np.ndarray:
        """Records whose date cell still shows the simulated date (no fault on it)."""
        typed = self.tables[rt].cols[name]
        shown = np.where(np.isnat(typed), "", np.datetime_as_string(typed, unit="D"))
        cells = self._cells(rt, name)
        out: np.ndarray = (cells == shown.astype(object)) & ~np.isnat(typed)
        return out

    def _interval(self, k: int) -> None:
        items = self._sibling_rules("interval")
        for i, (v, r) in enumerate(items):
            d = r.interval
            assert d is not None
            n = k // len(items) + (1 if i < k % len(items) else 0)
            rt, t = v.record_type, self.tables[v.record_type]
            cols = Columns(self.cat, self.tables, rt)
            date, parent = t.cols[v.id], t.parent
            dated = np.flatnonzero(~np.isnat(date) & (parent >= 0))
            dated = dated[np.lexsort((dated, date[dated], parent[dated]))]
            nxt = np.full(t.n, NAT, dtype="datetime64[D]")  # the next sibling's date, any kind
            same = parent[dated[1:]] == parent[dated[:-1]]
            nxt[dated[:-1][same]] = date[dated[1:][same]]
            among = cols.evaluate(d.among)
            noisy = np.zeros(len(self.busy[str(self.cat.record_type(rt).parent)]), dtype=bool)
            noisy[parent[among & ~self._intact(rt, v.id) & (parent >= 0)]] = True
            rows = dated[among[dated]]
            first = np.ones(len(rows), dtype=bool)
            first[1:] = parent[rows[1:]] != parent[rows[:-1]]
            last = np.ones(len(rows), dtype=bool)
            last[:-1] = first[1:]
            prev = np.empty_like(date[rows])
            prev[1:] = date[rows[:-1]]
            anc, _, name = cols.keys(d.anchor).pop().rpartition(".")
            anchor = np.where(self._intact(anc or rt, name), self.tables[anc or rt].cols[name], NAT)
            if anc:
                pos = ancestor_positions(self.cat, self.tables, rt, anc)
                anchor = np.where(pos >= 0, anchor[np.maximum(pos, 0)], NAT)
            prev[first] = anchor[rows[first]]
            keep = last & ~np.isnat(prev)
            rows, prev = rows[keep], prev[keep]
            limit = (
                add_months(prev, d.max_months)
                if d.max_months is not None
                else add_days(prev, np.full(len(prev), d.max_days or 0))
            )
            new = np.full(t.n, NAT, dtype="datetime64[D]")
            new[rows] = add_days(limit, self.rng.integers(1, 6, len(rows)))
            ok = np.zeros(t.n, dtype=bool)
            ok[rows] = (new[rows] <= self.end) & (np.isnat(nxt[rows]) | (new[rows] <= nxt[rows]))
            ok &= ~noisy[np.maximum(parent, 0)] & ~self.parents[rt]
            pos = self._pick(rt, ok, n)
            self._set(rt, v.id, pos, np.datetime_as_string(new[pos], unit="D").astype(object))
            t.cols[v.id][pos] = new[pos]

    def _more_than_one(self, k: int) -> None:
        items = self._sibling_rules("unique_within_parent")
        chains = [r.interval.among for _, r in self._sibling_rules("interval") if r.interval]
        for i, (v, r) in enumerate(items):
            u = r.unique_within_parent
            assert u is not None
            n = k // len(items) + (1 if i < k % len(items) else 0)
            rt, t = v.record_type, self.tables[v.record_type]
            cols = Columns(self.cat, self.tables, rt)
            hit = cols.evaluate(u.where)
            in_chain = np.zeros(t.n, dtype=bool)
            for text in chains:
                in_chain |= cols.evaluate(text)
            parent, quiet = t.parent, ~self.busy[rt]  # only code and key are read
            size = self.tables[str(self.cat.record_type(rt).parent)].n
            count = np.bincount(parent[hit & (parent >= 0)], minlength=size)
            source = np.full(len(count), -1, dtype=np.intp)
            single = hit & quiet & (count[np.maximum(parent, 0)] == 1)
            source[parent[single]] = np.flatnonzero(single)
            spare = ~hit & ~in_chain & quiet & ~self.parents[rt]
            groups, first = np.unique(parent[spare], return_index=True)
            target = np.full(len(count), -1, dtype=np.intp)
            target[groups] = np.flatnonzero(spare)[first]
            both = np.flatnonzero((source >= 0) & (target >= 0))
            chosen = np.sort(self.rng.choice(both, size=min(n, len(both)), replace=False))
            pk = self.cat.record_type(rt).key
            for g in chosen:
                src, dst = int(source[g]), int(target[g])
                self.busy[rt][[src, dst]] = True
                for name, cells in self.columns[rt].items():
                    if name != pk:
                        cells[dst] = cells[src]
                for values in t.cols.values():
                    values[dst] = values[src]
                self.copies.append((rt, src, dst))

    def _chains(self, rt: str) -> np.ndarray:
        """Records of ``rt`` in the chain of an ``interval`` rule."""
        cols = Columns(self.cat, self.tables, rt)
        out = np.zeros(self.tables[rt].n, dtype=bool)
        for v, r in self._sibling_rules("interval"):
            if v.record_type == rt and r.interval is not None:
                out |= cols.evaluate(r.interval.among)
        return out

    def _reserve(self, before: dict[str, np.ndarray]) -> None:
        """Mark busy every record of a parent a sibling fault touched, and the parent."""
        for rt in self.cat.record_types:
            if rt.parent is None:
                continue
            t = self.tables[rt.id]
            touched = self.busy[rt.id] & ~before[rt.id] & (t.parent >= 0)
            hit = np.zeros(self.tables[rt.parent].n, dtype=bool)
            hit[t.parent[touched]] = True
            self.busy[rt.id] |= hit[np.maximum(t.parent, 0)] & (t.parent >= 0)
            self.busy[rt.parent] |= hit

    def _floor(self, rt: str, name: str) -> np.ndarray:
        """Per record the latest of the dates ``name`` must not precede (``after_or_equal``)."""
        cols = Columns(self.cat, self.tables, rt)
        out = np.full(self.tables[rt].n, NAT, dtype="datetime64[D]")
        for r in self.cat.variable(name).rules:
            if r.after_or_equal is None:
                continue
            anc, _, var = cols.keys(r.after_or_equal).pop().rpartition(".")
            values = self.tables[anc or rt].cols[var]
            if anc:
                pos = ancestor_positions(self.cat, self.tables, rt, anc)
                values = np.where(pos >= 0, values[np.maximum(pos, 0)], NAT)
            out = np.where(np.isnat(out) | (values > out), values, out)
        return out

    def _linked(self, rt: str) -> np.ndarray:
        """Records whose parent key cell still names their simulated parent."""
        parent = self.tables[rt].parent
        prt = self.cat.record_type(str(self.cat.record_type(rt).parent))
        own = self._cells(rt, str(self.cat.record_type(rt).parent_key))
        theirs = self._cells(prt.id, prt.key)[np.maximum(parent, 0)]
        out: np.ndarray = (parent >= 0) & (own == theirs)
        return out

    def _after_closure(self, k: int) -> None:
        items = self._sibling_rules("none_after_within_parent")
        for i, (v, r) in enumerate(items):
            c = r.none_after_within_parent
            assert c is not None
            n = k // len(items) + (1 if i < k % len(items) else 0)
            rt, t = v.record_type, self.tables[v.record_type]
            closing = Columns(self.cat, self.tables, rt).evaluate(c.where)
            date, parent = t.cols[c.date], t.parent
            size = self.tables[str(self.cat.record_type(rt).parent)].n
            count = np.bincount(parent[closing & (parent >= 0)], minlength=size)
            usable = self._linked(rt) & self._intact(rt, c.date)
            # the latest and second latest dates of the other records of each parent
            idx = np.flatnonzero(~closing & (parent >= 0) & ~np.isnat(date))
            idx = idx[np.lexsort((date[idx], parent[idx]))]
            last = np.ones(len(idx), dtype=bool)
            last[:-1] = parent[idx[1:]] != parent[idx[:-1]]
            latest = np.full(size, NAT, dtype="datetime64[D]")
            quiet = np.zeros(size, dtype=bool)  # the latest carries no fault of its own
            latest[parent[idx[last]]] = date[idx[last]]
            quiet[parent[idx[last]]] = usable[idx[last]] & ~self.busy[rt][idx[last]]
            tails = np.flatnonzero(last)
            tails = tails[
                (tails > 0) & (parent[idx[np.maximum(tails - 1, 0)]] == parent[idx[tails]])
            ]
            second = np.full(size, NAT, dtype="datetime64[D]")
            second[parent[idx[tails]]] = date[idx[tails - 1]]
            # the one closing record of a parent moves just before the latest other record
            # (only that one then lies after it), not below the second latest nor its anchors;
            # a fault it already carries elsewhere is independent of its date
            g = np.maximum(parent, 0)
            ok = closing & usable & (count[g] == 1) & quiet[g] & ~np.isnat(latest[g])
            new = np.full(t.n, NAT, dtype="datetime64[D]")
            new[ok] = add_days(latest[g][ok], -self.rng.integers(1, 6, int(ok.sum())))
            for low in (second[g], self._floor(rt, c.date)):
                ok &= np.isnat(low) | (new >= low)
            # at most half of the parents, first those more-than-one cannot use (no record
            # outside every chain besides the closing one)
            spare = np.zeros(size, dtype=bool)
            spare[parent[~closing & ~self._chains(rt) & (parent >= 0)]] = True
            rows = np.flatnonzero(ok)
            rows = rows[np.lexsort((self.rng.random(len(rows)), spare[parent[rows]]))]
            chosen = np.sort(rows[: min(n, len(rows) // 2)])
            self.busy[rt][chosen] = True
            shown = np.datetime_as_string(new[chosen], unit="D").astype(object)
            self._set(rt, c.date, chosen, shown)
            date[chosen] = new[chosen]
