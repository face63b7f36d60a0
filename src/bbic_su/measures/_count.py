"""Counting one measure instance into dense arrays: kommun × period × breakdown cells.

>>> import numpy as np
>>> from bbic_su.measures._count import margins
>>> margins(np.array([[[1, 2], [3, 4]]]), 1).tolist()  # a total along the last axis
[[[1, 2, 3], [3, 4, 7]]]

:class:`Counter` turns the masks of one :class:`~bbic_su.measures._data.Instance`
(denominator, numerator, exclusions, deadlines, plan scope) into counts per cell
with :func:`numpy.bincount`, records or distinct children (see
:mod:`bbic_su.measures._compute` for the semantics); :func:`cells` lays the arrays out
as the columns of the tidy table; :func:`needed` says which variables the typed views
must parse.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from bbic_su.errors import ExpressionError
from bbic_su.expr._api import refs
from bbic_su.measures._breakdowns import TOTAL, Dim, Granularity, period_labels
from bbic_su.measures._columns import MeasureColumns
from bbic_su.measures._data import Instance
from bbic_su.measures._status import pending_mask
from bbic_su.spec._catalog import Catalog
from bbic_su.spec._check import CatalogResolver

__all__ = ["Counter", "cells", "margins", "needed"]

IntArray = npt.NDArray[np.int64]


def needed(cat: Catalog, instances: Sequence[Instance], dims: Sequence[Dim]) -> dict[str, set[str]]:
    """Variables each record type's view must parse (keys are always parsed)."""
    wanted: dict[str, set[str]] = {rt.id: set() for rt in cat.record_types}
    wanted["barn"] |= {"kommunkod", "fodelsear"}
    for inst in instances:
        resolver = CatalogResolver(cat, inst.record_type)
        todo = [resolver.resolve(r) for e in (inst.denominator, inst.numerator) for r in refs(e)]
        for name in [d.variable for d in dims if d.variable is not None]:
            with contextlib.suppress(ExpressionError):  # unreachable: not broken down
                todo.append(resolver.key_of(name))
        if inst.period_variable is not None:
            todo.append(inst.period_variable)
        else:
            for rt in cat.record_types:
                if rt.period_date is not None:
                    wanted[rt.id].add(rt.period_date)
        seen: set[str] = set()
        while todo:
            key = todo.pop()
            if key in seen:
                continue
            seen.add(key)
            rt_id, _, var = key.rpartition(".")
            wanted[rt_id or inst.record_type].add(var)
            cond = resolver.applies_if(key)
            if cond is not None:
                todo.extend(resolver.resolve(r) for r in refs(cond))
    return wanted


def margins(arr: npt.NDArray[np.int64], axes: int) -> npt.NDArray[np.int64]:
    """Append a total along each of the last ``axes`` axes."""
    for ax in range(arr.ndim - axes, arr.ndim):
        arr = np.concatenate([arr, arr.sum(axis=ax, keepdims=True)], axis=ax)
    return arr


class Counter:
    """Counts one instance into a dense array (kommun, period, breakdown cells)."""

    def __init__(
        self,
        cols: MeasureColumns,
        dims: Sequence[Dim],
        gran: Granularity | None,
        plan: Any,
        extraction: int | None = None,
    ) -> None:
        self.cols, self.dims, self.gran, self.plan = cols, dims, gran, plan
        self.extraction = extraction

    def count(self, inst: Instance, secret: str | None) -> dict[str, Any]:
        cols, n, pv = self.cols, self.cols.n, inst.period_variable
        den = cols.evaluate(inst.denominator)
        pend = np.zeros(n, dtype=bool)
        if inst.measure.deadline is not None and self.extraction is not None:
            pend = den & pending_mask(cols, inst.measure.deadline, self.extraction)
            den = den & ~pend
        num = den & cols.evaluate(inst.numerator)
        exc = cols.evaluate(inst.excluded) if inst.excluded is not None else np.zeros(n, bool)
        keep = np.ones(n, dtype=bool)
        days, dmiss = cols.dates(pv)
        plan = self.plan
        if plan is not None and plan.period is not None:
            bounds = np.array([plan.period.start, plan.period.end], dtype="datetime64[D]")
            lo, hi = (int(x) for x in bounds.astype(np.int64))
            keep &= ~dmiss & (days >= lo) & (days <= hi)
        if plan is not None and plan.age is not None:
            ages, amiss = cols.ages(pv)
            keep &= ~amiss & (ages >= plan.age.min) & (ages <= plan.age.max)
        kcodes, klabels = cols.kommun()
        outer = kcodes
        plabels: list[str] = []
        if self.gran is not None:
            pidx, pmiss = cols.periods(pv, self.gran)
            keep &= ~pmiss
            # only the periods that hold data: memory follows the data, not the date range
            present = np.unique(pidx[keep])
            plabels = period_labels(present, self.gran)
            slot = np.clip(np.searchsorted(present, pidx), 0, max(len(present) - 1, 0))
            outer = kcodes * max(len(plabels), 1) + slot
        n_outer = len(klabels) * (len(plabels) if self.gran is not None else 1)
        sizes: list[int] = []
        cell = outer.copy()
        used: list[Dim | None] = []
        for dim in self.dims:
            codes = cols.dim_codes(dim, pv)
            used.append(dim if codes is not None else None)
            if codes is None:
                continue
            cell = cell * len(dim.labels) + codes
            sizes.append(len(dim.labels))
        size = n_outer * int(np.prod(sizes, dtype=np.int64))
        if size == 0:
            keep = np.zeros(n, dtype=bool)
        counts = self._units(inst, cell, outer, keep, den, num, exc, size, secret)
        counts["pending"] = np.bincount(cell[keep & pend], minlength=size)
        shape = (len(klabels), len(plabels) if self.gran is not None else 1, *sizes)
        arrays = {k: margins(v.reshape(shape), len(sizes)) for k, v in counts.items()}
        return {"kommun": klabels, "period": plabels, "used": used, "arrays": arrays}

    def _units(
        self,
        inst: Instance,
        cell: IntArray,
        outer: IntArray,
        keep: npt.NDArray[np.bool_],
        den: npt.NDArray[np.bool_],
        num: npt.NDArray[np.bool_],
        exc: npt.NDArray[np.bool_],
        size: int,
        secret: str | None,
    ) -> dict[str, npt.NDArray[Any]]:
        def count(mask: npt.NDArray[np.bool_], where: IntArray, w: Any = None) -> Any:
            return np.bincount(where[mask], weights=None if w is None else w[mask], minlength=size)

        if inst.measure.unit == "records":
            out = {"numerator": count(keep & num, cell), "denominator": count(keep & den, cell)}
            out["excluded"] = count(keep & exc & ~den, cell)
            if secret is not None:
                rk = self.cols.record_keys(secret, child=False)
                out["_num_key"] = count(keep & num, cell, rk)
                out["_den_key"] = count(keep & den, cell, rk)
            return out
        n = self.cols.n
        rows = keep & (den | exc)
        child, n_child = self.cols.children()
        rank, order = self.cols.order(inst.period_variable)
        score = np.where(den, 2, 1)[rows] * (n + 1) + rank[rows]
        group = outer[rows] * n_child + child[rows]
        frame = pd.DataFrame({"g": group, "s": score, "dn": num[rows]})
        agg = frame.groupby("g", sort=False).agg(s=("s", "max"), dn=("dn", "max"))
        best = agg["s"].to_numpy(dtype=np.int64)
        prio = best // (n + 1)
        chosen = order[best % (n + 1)]
        hit = agg["dn"].to_numpy(dtype=bool)
        if inst.measure.child_aggregation == "latest":
            hit = num[chosen]
        where = cell[chosen]
        ok = prio == 2
        out = {
            "numerator": count(ok & hit, where),
            "denominator": count(ok, where),
            "excluded": count(prio == 1, where),
        }
        if secret is not None:
            ck = self.cols.record_keys(secret, child=True)[chosen]
            out["_num_key"] = count(ok & hit, where, ck)
            out["_den_key"] = count(ok, where, ck)
        return out


def cells(inst: Instance, result: dict[str, Any], dims: Sequence[Dim], gran: Any) -> dict[str, Any]:
    arrays = result["arrays"]
    shape = next(iter(arrays.values())).shape
    idx = np.indices(shape).reshape(len(shape), -1)
    m = idx.shape[1]
    out: dict[str, Any] = {"measure": np.full(m, inst.id, dtype=object)}
    out["kommunkod"] = np.asarray(result["kommun"], dtype=object)[idx[0]]
    if gran is not None:
        out["period"] = np.asarray(result["period"], dtype=object)[idx[1]]
    axis = 2
    for dim, used in zip(dims, result["used"], strict=True):
        if used is None:
            out[dim.name] = np.full(m, TOTAL, dtype=object)
            continue
        out[dim.name] = np.asarray([*dim.labels, TOTAL], dtype=object)[idx[axis]]
        axis += 1
    for key, arr in arrays.items():
        out[key] = arr.reshape(-1)
    return out
