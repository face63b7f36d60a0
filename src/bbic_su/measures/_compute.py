"""Compute the catalogue's measures: shares with breakdowns, Wilson intervals and protection.

>>> import pandas as pd, bbic_su
>>> ds = bbic_su.Dataset({
...     "barn": pd.DataFrame({"barn_id": ["b1", "b2"], "kommunkod": ["0180", "0180"],
...                           "kon": ["flicka", "pojke"], "fodelsear": ["2012", "2015"]}),
...     "utredning": pd.DataFrame({
...         "utredning_id": ["u1", "u2", "u3"], "barn_id": ["b1", "b2", "b2"],
...         "utredning_avslutad_datum": ["2024-03-01", "2024-05-01", "2024-06-01"],
...         "barnet_traffat_enskilt": ["ja", "nej", "ja"]}),
... })
>>> t = bbic_su.compute(ds, ["m_enskilda_samtal_utredning"], by=["kon"], min_count=None)
>>> cells = t.set_index("kon").loc[["flicka", "pojke", "_total"]]
>>> cells[["numerator", "denominator"]].to_numpy().tolist()  # children, not records
[[1, 1], [1, 1], [2, 2]]

One row per measure × kommunkod (× period) × breakdown cell, totals included (label
``_total``): columns ``measure, kommunkod, [period,] <breakdowns>, numerator,
denominator, share, ci_low, ci_high, excluded, pending, suppressed,
suppression_reason, computable, missing``. A measure whose variables have no column in
the dataset is *not computable*: one row with ``computable`` false, no counts, and
``missing`` naming what is absent (see :mod:`bbic_su.measures._computable`); never 0/n. So is a
deadline measure without an extraction date (``missing``: ``extraction_date``).

Semantics, from ``measure_conventions`` in the catalogue:

* The numerator counts only denominator records. ``unit: records`` counts records;
  ``distinct_children`` counts each child once per kommunkod and period: in the
  denominator when any of its records qualifies, in the numerator when any qualifying
  record (``any``) or its latest qualifying record (``latest``) meets the numerator. A
  child sits in the breakdown cell of its latest qualifying record (by period date, then
  row), so cells add up to their totals.
* ``excluded`` counts the units the measure's exclusions leave out (see
  :mod:`bbic_su.measures._data`); a child counts there only when none of its records
  qualifies.
* Cells that validation finds invalid count as missing (``uppgift_saknas`` is a code
  for breakdowns but missing for ``is_missing``); breakdown values that are empty,
  invalid or unlinked fall in ``_saknas``.
* Age (for age groups and a plan's age scope) is ``alder()`` on the measure's period
  date: the year of that date minus the birth year.
* A record belongs to a period when its period date falls inside it; without a period or
  plan period every record counts, dated or not. A template measure on a child-level
  variable dates each child by its latest linked record.
* Derived variables the dataset lacks are derived first (:func:`bbic_su.derive`). A
  measure with a ``deadline`` classifies each record at the extraction date as in time,
  late or pending; ``pending`` counts the records whose limit had not passed, which
  leave the denominator (see :mod:`bbic_su.measures._status`). A measure that needs the
  extraction date and lacks it is left out and listed in
  ``table.attrs["not_computable"]``.
* The template measure ``m_datakvalitet_fullstandighet`` is computed per variable, with
  ids like ``m_datakvalitet_fullstandighet[kon]``: for the plan's variables, otherwise
  for every variable with a column in the dataset.

With ``min_count`` (default: the catalogue's ``min_cell``, 5) the result passes through
:func:`bbic_su.measures.disclosure.suppress`; ``min_count=None`` gives the raw counts (never
publish them). ``perturb`` replaces suppression with cell-key perturbation.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from bbic_su._boundary import boundary
from bbic_su.errors import ExpressionError
from bbic_su.expr._api import refs
from bbic_su.frames._columns import typed_views
from bbic_su.frames._extraction import ExtractionDate, as_extraction_date
from bbic_su.frames.dataset import Dataset
from bbic_su.frames.derivation import derive_columns, with_columns
from bbic_su.measures import disclosure
from bbic_su.measures._breakdowns import (
    TOTAL,
    Dim,
    Granularity,
    MeasureError,
    granularity_of,
    period_labels,
    resolve_by,
)
from bbic_su.measures._columns import MeasureColumns
from bbic_su.measures._computable import COMPUTABLE, MISSING, missing_inputs, not_computable_rows
from bbic_su.measures._data import Instance, measure_instances
from bbic_su.measures._period_protect import protect_all_periods
from bbic_su.measures._status import not_computable, pending_mask
from bbic_su.measures._wilson import wilson
from bbic_su.spec._catalog import Catalog
from bbic_su.spec._check import CatalogResolver
from bbic_su.spec.plan import FollowUpPlan

__all__ = ["COUNT_COLUMNS", "MeasureError", "compute", "finish_table"]

COUNT_COLUMNS = ("numerator", "denominator", "share", "ci_low", "ci_high", "excluded", "pending")
"""The numeric columns of a measure table, in order."""
IntArray = npt.NDArray[np.int64]


def _needed(
    cat: Catalog, instances: Sequence[Instance], dims: Sequence[Dim]
) -> dict[str, set[str]]:
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


def _margins(arr: npt.NDArray[np.int64], axes: int) -> npt.NDArray[np.int64]:
    """Append a total along each of the last ``axes`` axes."""
    for ax in range(arr.ndim - axes, arr.ndim):
        arr = np.concatenate([arr, arr.sum(axis=ax, keepdims=True)], axis=ax)
    return arr


class _Counter:
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
        arrays = {k: _margins(v.reshape(shape), len(sizes)) for k, v in counts.items()}
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


def _frame(
    inst: Instance, result: dict[str, Any], dims: Sequence[Dim], gran: Any
) -> dict[str, Any]:
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


def finish_table(parts: dict[str, list[Any]], key_columns: Sequence[str]) -> pd.DataFrame:
    """The tidy frame from column pieces: add share and Wilson interval, set dtypes."""
    data: dict[str, Any] = {}
    for col in key_columns:
        data[col] = pd.Series(np.concatenate(parts[col]) if parts[col] else [], dtype="str")
    num = np.concatenate(parts["numerator"]) if parts["numerator"] else np.zeros(0)
    den = np.concatenate(parts["denominator"]) if parts["denominator"] else np.zeros(0)
    exc = np.concatenate(parts["excluded"]) if parts["excluded"] else np.zeros(0)
    pend = np.concatenate(parts["pending"]) if parts.get("pending") else np.zeros(len(exc))
    low, high = wilson(num, den)
    share = np.where(den > 0, num / np.where(den > 0, den, 1), np.nan)
    data["numerator"] = pd.array(num.astype(np.int64), dtype="Int64")
    data["denominator"] = pd.array(den.astype(np.int64), dtype="Int64")
    for name, values in (("share", share), ("ci_low", low), ("ci_high", high)):
        data[name] = pd.array(values, dtype="Float64")
    data["excluded"] = pd.array(exc.astype(np.int64), dtype="Int64")
    data["pending"] = pd.array(pend.astype(np.int64), dtype="Int64")
    n = len(num)
    data["suppressed"] = np.zeros(n, dtype=bool)
    data["suppression_reason"] = pd.Series([None] * n, dtype="str")
    for extra in ("_num_key", "_den_key"):
        if parts.get(extra):
            data[extra] = np.concatenate(parts[extra])
    frame = pd.DataFrame(
        {k: (v.to_numpy() if isinstance(v, pd.Series) else v) for k, v in data.items()}
    )
    for name in (*key_columns, "suppression_reason"):
        frame[name] = frame[name].astype("str")
    for name in ("share", "ci_low", "ci_high"):
        frame[name] = frame[name].astype("Float64").where(frame["denominator"] > 0)
    return frame


@boundary
def compute(
    dataset: Dataset,
    measures: Sequence[str] | None = None,
    by: Sequence[str] = (),
    period: str | None = None,
    plan: FollowUpPlan | None = None,
    min_count: int | Literal["default"] | None = "default",
    *,
    perturb: str | None = None,
    catalog: Catalog | None = None,
    extraction_date: ExtractionDate = None,
) -> pd.DataFrame:
    """Compute measures on a dataset as a tidy table (see the module docs for semantics).

    Args:
        dataset: The dataset (frames as given; invalid cells count as missing).
        measures: Measure ids (``None``: every catalogue measure); a template id runs for
            each variable, ``template[variable]`` for one.
        by: Breakdowns, e.g. ``("kon", "aldersgrupp")``; ``"period"`` asks for years.
        period: ``"month"``, ``"quarter"``, ``"half"`` or ``"year"`` splits by period.
        plan: A follow-up plan: its period and age scope restrict the records, its
            variables choose the template measure's variables.
        min_count: Threshold ``k`` of the disclosure rules (one of the catalogue's
            ``allowed_min_cell``; default its ``min_cell``); ``None`` returns
            unprotected counts.
        perturb: A secret key: use cell-key perturbation instead of suppression.
        catalog: The catalogue (default: the dataset's).
        extraction_date: The day the data were extracted (default: the dataset's
            ``extraction_date``, if it records one). Derived variables the dataset lacks
            are derived first; deadline measures classify records as in time, late or
            pending at this date. Measures that need it and lack it are left out and
            listed in ``table.attrs["not_computable"]``.

    Raises:
        MeasureError: Unknown breakdown or period, or a threshold that is not allowed.
        UnknownIdError: Unknown measure id.
    """
    cat = catalog or dataset.catalog
    if min_count is not None:
        min_count = disclosure.resolve_min_count(cat, min_count)
    dims, gran_by = resolve_by(cat, by)
    gran = granularity_of(period) or gran_by
    if extraction_date is None:
        extraction_date = dataset.extraction_date
    when = as_extraction_date(extraction_date)
    derived = derive_columns(dataset, extraction_date=when, catalog=cat)
    dataset = with_columns(dataset, derived)
    present = [(rt, str(c)) for rt, f in dataset.frames.items() for c in f.columns]
    instances = measure_instances(cat, measures, plan, present)
    skipped: dict[str, Any] = {}
    for inst in instances:
        why = not_computable(cat, inst.measure, derived.skipped, when)
        if why is not None:
            skipped[inst.id] = why
    absent = [
        (m, [f"{cat.variable(v).record_type}.{v}" for v in why["variables"]] or ["extraction_date"])
        for m, why in skipped.items()
    ]
    absent += [
        (i.id, gone)
        for i in instances
        if i.id not in skipped and (gone := missing_inputs(cat, i, dataset))
    ]
    skip = {m for m, _ in absent}
    instances = [i for i in instances if i.id not in skip]
    extraction = None if when is None else int(np.datetime64(when, "D").astype(np.int64))
    views = typed_views(dataset, cat, _needed(cat, instances, dims))
    key_columns = ["measure", "kommunkod", *(["period"] if gran else []), *(d.name for d in dims)]
    columns: dict[str, MeasureColumns] = {}  # parsed once, shared by every period level

    def counted(g: Granularity | None) -> pd.DataFrame:
        keys = ["measure", "kommunkod", *(["period"] if g else []), *(d.name for d in dims)]
        parts: dict[str, list[Any]] = {}
        for inst in instances:
            rt = inst.record_type
            if rt not in columns:
                columns[rt] = MeasureColumns(cat, rt, views, plan)
            counter = _Counter(columns[rt], dims, g, plan, extraction)
            for key, value in _frame(inst, counter.count(inst, perturb), dims, g).items():
                parts.setdefault(key, []).append(value)
        for col in (*keys, "numerator", "denominator", "excluded", "pending"):
            parts.setdefault(col, [])
        out = finish_table(parts, keys)
        out[COMPUTABLE] = True
        out[MISSING] = pd.Series([None] * len(out), dtype="str")
        out.attrs["breakdowns"] = [d.name for d in dims]
        out.attrs["not_computable"] = skipped
        out.attrs["extraction_date"] = None if when is None else when.isoformat()
        out.attrs["scope"] = _scope(plan)
        return out

    table = counted(gran)
    if perturb is not None:
        table = disclosure.perturb(table, perturb, min_count or 0)
    elif min_count is not None:  # every period level and the all-period total at once
        table = protect_all_periods(table, counted, gran, min_count)
    if not absent:
        return table
    attrs = dict(table.attrs)
    extra = not_computable_rows(absent, key_columns, table)
    out = pd.concat([table, extra], ignore_index=True) if len(table) else extra
    out.attrs.update(attrs)
    return out


def _scope(plan: FollowUpPlan | None) -> str | None:
    if plan is None or (plan.age is None and plan.period is None):
        return None
    parts = []
    if plan.age is not None:
        parts.append(f"ålder {plan.age.min}–{plan.age.max}")
    if plan.period is not None:
        parts.append(f"period {plan.period.start}–{plan.period.end}")
    return ", ".join(parts)
