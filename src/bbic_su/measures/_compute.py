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
>>> cells = t.to_frame().set_index("kon").loc[["flicka", "pojke", "_total"]]
>>> cells[["numerator", "denominator"]].to_numpy().tolist()  # children, not records
[[1, 1], [1, 1], [2, 2]]

:func:`compute` returns a :class:`~bbic_su.measures.MeasureTable` (its metadata are
attributes). One row per measure × kommunkod (× period) × breakdown cell, totals included (label
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
  :attr:`~bbic_su.measures.MeasureTable.not_computable`.
* The template measure ``m_datakvalitet_fullstandighet`` is computed per variable, with
  ids like ``m_datakvalitet_fullstandighet[kon]``: for the plan's variables, otherwise
  for every variable with a column in the dataset.

With ``min_count`` (default: the catalogue's ``min_cell``, 5) the result passes through
:func:`bbic_su.measures.disclosure.suppress`; ``min_count=None`` gives the raw counts (never
publish them). ``perturb`` replaces suppression with cell-key perturbation.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd

from bbic_su._boundary import boundary, keywords
from bbic_su.frames._columns import typed_views
from bbic_su.frames._extraction import ExtractionDate, as_extraction_date
from bbic_su.frames.dataset import Dataset
from bbic_su.frames.derivation import derive_columns, with_columns
from bbic_su.measures import disclosure
from bbic_su.measures._breakdowns import Granularity, MeasureError, granularity_of, resolve_by
from bbic_su.measures._columns import MeasureColumns
from bbic_su.measures._computable import COMPUTABLE, MISSING, missing_inputs, not_computable_rows
from bbic_su.measures._count import Counter, cells, needed
from bbic_su.measures._data import measure_instances
from bbic_su.measures._period_protect import protect_all_periods
from bbic_su.measures._status import not_computable
from bbic_su.measures._table import MeasureTable
from bbic_su.measures._wilson import wilson
from bbic_su.spec._catalog import Catalog
from bbic_su.spec.plan import FollowUpPlan

__all__ = ["COUNT_COLUMNS", "MeasureError", "MeasureTable", "compute", "finish_table"]

COUNT_COLUMNS = ("numerator", "denominator", "share", "ci_low", "ci_high", "excluded", "pending")
"""The numeric columns of a measure table, in order."""


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


@keywords("by", "period", "plan", "min_count")
@boundary
def compute(
    dataset: Dataset,
    measures: Sequence[str] | None = None,
    *,
    by: Sequence[str] = (),
    period: str | None = None,
    plan: FollowUpPlan | None = None,
    min_count: int | Literal["default"] | None = "default",
    perturb: str | None = None,
    catalog: Catalog | None = None,
    extraction_date: ExtractionDate = None,
) -> MeasureTable:
    """Compute measures on a dataset as a :class:`MeasureTable` (semantics: the module docs).

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
            listed in :attr:`MeasureTable.not_computable`.

    Returns:
        The cells (:meth:`MeasureTable.to_frame`) with their metadata as attributes.

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
    views = typed_views(dataset, cat, needed(cat, instances, dims))
    key_columns = ["measure", "kommunkod", *(["period"] if gran else []), *(d.name for d in dims)]
    columns: dict[str, MeasureColumns] = {}  # parsed once, shared by every period level

    def counted(g: Granularity | None) -> pd.DataFrame:
        keys = ["measure", "kommunkod", *(["period"] if g else []), *(d.name for d in dims)]
        parts: dict[str, list[Any]] = {}
        for inst in instances:
            rt = inst.record_type
            if rt not in columns:
                columns[rt] = MeasureColumns(cat, rt, views, plan)
            counter = Counter(columns[rt], dims, g, plan, extraction)
            for key, value in cells(inst, counter.count(inst, perturb), dims, g).items():
                parts.setdefault(key, []).append(value)
        for col in (*keys, "numerator", "denominator", "excluded", "pending"):
            parts.setdefault(col, [])
        out = finish_table(parts, keys)
        out[COMPUTABLE] = True
        out[MISSING] = pd.Series([None] * len(out), dtype="str")
        return out

    meta = MeasureTable(
        frame=counted(gran),
        breakdowns=tuple(d.name for d in dims),
        not_computable=skipped,
        extraction_date=None if when is None else when.isoformat(),
        scope=_scope(plan),
    )
    table = meta.frame
    if perturb is not None:
        table = disclosure.perturb_frame(table, perturb, min_count or 0)
        meta = meta.with_frame(table, perturbed=True, note=disclosure.PERTURBED_NOTE)
    elif min_count is not None:  # every period level and the all-period total at once
        table = protect_all_periods(table, counted, gran, min_count, meta.breakdowns)
        meta = meta.with_frame(table, min_count=min_count)
    if not absent:
        return meta
    extra = not_computable_rows(absent, key_columns, table)
    return meta.with_frame(pd.concat([table, extra], ignore_index=True) if len(table) else extra)


def _scope(plan: FollowUpPlan | None) -> str | None:
    if plan is None or (plan.age is None and plan.period is None):
        return None
    parts = []
    if plan.age is not None:
        parts.append(f"ålder {plan.age.min}–{plan.age.max}")
    if plan.period is not None:
        parts.append(f"period {plan.period.start}–{plan.period.end}")
    return ", ".join(parts)
