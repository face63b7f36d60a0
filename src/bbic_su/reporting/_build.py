"""The computations behind a report model: measures, comparisons, validation, counts.

>>> from bbic_su.reporting._build import granularity_for
>>> granularity_for(["2023-05-01", "2025-01-01"]), granularity_for(["2024-01-02", "2024-12-30"])
('year', 'quarter')

Each dataset is computed twice without protection (by kön × åldersgrupp, and by
period); the views are protected in :mod:`bbic_su.reporting._tables`. References
(other municipalities' datasets) are pooled the same way, protected the same way, and
set beside the own results with :func:`bbic_su.compare` (difference in percentage
points from published values only).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from bbic_su.measures._compute import compute
from bbic_su.measures.comparisons import compare
from bbic_su.reporting._model import (
    Cell,
    CountRow,
    Distribution,
    QualityRow,
    as_float,
    as_int,
)
from bbic_su.reporting._tables import (
    AGE,
    KON,
    MISSING,
    TOTAL,
    distribution,
    pool,
    protect_views,
)
from bbic_su.reporting._text import label_of, severity_text, text
from bbic_su.spec._catalog import Catalog
from bbic_su.spec.issue_codes import ISSUE_CODES, IssueCode
from bbic_su.validation import validate

__all__ = [
    "cells_of",
    "code_labels",
    "distributions",
    "granularity_for",
    "measure_views",
    "quality",
    "row_counts",
    "span_of",
]

_TEMPLATE = "m_datakvalitet_fullstandighet"


def granularity_for(dates: Iterable[Any]) -> str:
    """``year`` when the dates span two calendar years or more, else ``quarter``."""
    years = {pd.Timestamp(d).year for d in dates if d is not None and not pd.isna(d)}
    return "year" if years and max(years) - min(years) >= 1 else "quarter"


def span_of(dataset: Any, plan: Any) -> list[Any]:
    """First and last period dates of the records (the plan's period when it has one)."""
    if plan is not None and plan.period is not None:
        return [plan.period.start, plan.period.end]
    cat = dataset.catalog
    found: list[Any] = []
    for rt in cat.record_types:
        col = rt.period_date
        if col is None or col not in dataset.frames.get(rt.id, pd.DataFrame()).columns:
            continue
        values = dataset.frames[rt.id][col]
        if not pd.api.types.is_datetime64_any_dtype(values.dtype):
            values = pd.to_datetime(values.astype(str), format="%Y-%m-%d", errors="coerce")
        values = values.dropna()
        if len(values):
            found += [values.min(), values.max()]
    return [min(found), max(found)] if found else [dt.date.today()]


def _flag(value: Any) -> bool:
    return False if value is None or pd.isna(value) else bool(value)


def code_labels(cat: Catalog, value_set: str, lang: str) -> dict[str, str]:
    """Code → label of a value set, plus the missing and total markers."""
    labels = {c.code: label_of(c, lang, name="label") for c in cat.value_set(value_set).codes}
    labels[MISSING] = text("missing", lang)
    labels[TOTAL] = text("total", lang)
    return labels


def cells_of(view: pd.DataFrame, dim: str, column: str | None, labels: dict[str, str]) -> list[Any]:
    """``(measure, Cell)`` pairs of a protected (and maybe compared) view."""
    has_ref = "ref_share" in view.columns
    out = []
    cols = {c: view[c].to_numpy(dtype=object) for c in view.columns}
    for i in range(len(view)):
        code = str(cols[column][i]) if column else "_total"
        den, hidden = as_int(cols["denominator"][i]), bool(cols["suppressed"][i])
        ref_hidden = has_ref and _flag(cols["ref_suppressed"][i])
        ref_den = as_int(cols["ref_denominator"][i]) if has_ref else None
        if dim != "total" and code == "_total":
            continue
        if dim != "total" and not (hidden or (den or 0) > 0 or ref_hidden or (ref_den or 0) > 0):
            continue
        cell = Cell(
            kommun=str(cols["kommunkod"][i]),
            dim=dim,
            code=code,
            label=labels.get(code, code),
            numerator=as_int(cols["numerator"][i]),
            denominator=den,
            share=as_float(cols["share"][i]),
            ci_low=as_float(cols["ci_low"][i]),
            ci_high=as_float(cols["ci_high"][i]),
            excluded=as_int(cols["excluded"][i]),
            pending=as_int(cols["pending"][i]) if "pending" in cols else None,
            suppressed=hidden,
            ref_share=as_float(cols["ref_share"][i]) if has_ref else None,
            ref_ci_low=as_float(cols["ref_ci_low"][i]) if has_ref else None,
            ref_ci_high=as_float(cols["ref_ci_high"][i]) if has_ref else None,
            ref_suppressed=ref_hidden,
            difference_pp=as_float(cols["difference_pp"][i]) if has_ref else None,
        )
        out.append((str(cols["measure"][i]), cell))
    return out


def _compute(ds: Any, ids: Sequence[str], plan: Any, period: str) -> tuple[Any, Any]:
    raw2d = compute(ds, ids, by=(KON, "aldersgrupp"), plan=plan, min_count=None)
    rawp = compute(ds, ids, period=period, plan=plan, min_count=None)
    return raw2d.to_frame(), rawp.to_frame()


def measure_views(
    dataset: Any,
    references: Sequence[Any],
    ids: Sequence[str],
    plan: Any,
    k: int,
    period: str,
    lang: str,
    progress: Callable[[str], None],
) -> tuple[dict[str, list[Cell]], list[str]]:
    """Published cells per measure id, and the own kommunkoder."""
    cat = dataset.catalog
    raw2d, rawp = _compute(dataset, ids, plan, period)
    progress("measures")
    kon, age, per = protect_views(raw2d, rawp, k)
    kommuner = sorted(set(raw2d["kommunkod"].astype(str)))
    if references:
        refs = [_compute(r, ids, plan, period) for r in references]
        pooled = [pool([r[0] for r in refs], set(kommuner)), pool([r[1] for r in refs], set())]
        if pooled[0] is not None and pooled[1] is not None:
            ref_kon, ref_age, ref_per = protect_views(pooled[0], pooled[1], k)
            kon = compare(kon, ref_kon, min_count=k).to_frame()
            age = compare(age, ref_age, min_count=k).to_frame()
            per = compare(per, ref_per, min_count=k).to_frame()
        progress("references")
    kon_labels = code_labels(cat, cat.variable(KON).value_set or KON, lang)
    age_labels = code_labels(cat, AGE, lang)
    out: dict[str, list[Cell]] = {}
    parts = [
        cells_of(kon[kon[KON] == TOTAL], "total", None, kon_labels),
        cells_of(kon, "kon", KON, kon_labels),
        cells_of(age, "aldersgrupp", AGE, age_labels),
        cells_of(per, "period", "period", {}),
    ]
    for part in parts:
        for mid, cell in part:
            out.setdefault(mid, []).append(cell)
    return out, kommuner


def _small(n: int, k: int) -> bool:
    return 1 <= n < k


Rows = list[tuple[str, str, int | None, int | None]]
Issues = list[tuple[str, str, str, int | None]]


def row_counts(
    dataset: Any,
    plan: Any,
    k: int,
    lang: str,
    extraction_date: Any = None,
    validation: Any = None,
) -> tuple[Rows, Issues]:
    """Rows read and valid per record type, and findings per code (counts 1..k−1 hidden).

    ``validation`` is the :class:`~bbic_su.ValidationReport` shown; without one, ``dataset`` is
    validated against ``plan`` and ``extraction_date``.
    """
    cat = dataset.catalog
    report = (
        validation
        if validation is not None
        else validate(dataset, plan=plan, extraction_date=extraction_date)
    )
    rows = []
    for rt_id, count in report.rows.items():
        rt = cat.record_type(rt_id)
        read = None if _small(count.read, k) else count.read
        hide_valid = _small(count.with_errors, k) or _small(count.without_errors, k)
        valid = None if hide_valid or read is None else count.without_errors
        rows.append((rt_id, label_of(rt, lang), read, valid))
    issues = []
    for code, n in sorted(report.counts_by_code().items()):
        info = ISSUE_CODES[IssueCode(code)]
        title = info.title_en if lang == "en" else info.title_sv
        severity = severity_text(info.severity, lang)
        issues.append((code, title, severity, None if _small(n, k) else n))
    return rows, issues


def quality(dataset: Any, plan: Any, k: int, lang: str) -> list[QualityRow]:
    """Completeness per variable (the catalogue's template measure), protected."""
    cat = dataset.catalog
    table = compute(dataset, [_TEMPLATE], plan=plan, min_count=k).to_frame()
    out = []
    for row in table.itertuples(index=False):
        var = str(row.measure).partition("[")[2].rstrip("]")
        variable = cat.variable(var)
        hidden = bool(row.suppressed)
        out.append(
            QualityRow(
                kommun=str(row.kommunkod),
                variable=var,
                name=label_of(variable, lang),
                record_type=variable.record_type,
                filled=as_int(row.numerator),
                applies=as_int(row.denominator),
                share=as_float(row.share),
                suppressed=hidden,
            )
        )
    return out


def _kommun_of(dataset: Any, frame: pd.DataFrame) -> pd.Series:
    """The kommunkod of each row, through its child (``_saknas`` when unlinked)."""
    barn = dataset.frames.get("barn")
    if barn is None or "kommunkod" not in barn.columns or "barn_id" not in frame.columns:
        return pd.Series([MISSING] * len(frame), dtype=object)
    ids = barn["barn_id"].reset_index(drop=True)
    first = ~ids.duplicated().to_numpy()
    lookup = pd.Index(ids[first])
    kommun = barn["kommunkod"].reset_index(drop=True)[first].astype(object).to_numpy()
    pos = lookup.get_indexer(frame["barn_id"].reset_index(drop=True))
    out = np.where(pos >= 0, kommun[np.maximum(pos, 0)], MISSING)
    return pd.Series(out, dtype=object).where(pd.notna(out), MISSING)


def distributions(dataset: Any, area: str, plan: Any, k: int, lang: str) -> list[Distribution]:
    """Protected counts of the area's single-select variables (the plan's, if given)."""
    cat = dataset.catalog
    chosen = set(plan.variables) if plan is not None else None
    out = []
    kommuner: dict[str, pd.Series] = {}
    for var in cat.select(area=area):
        frame = dataset.frames.get(var.record_type)
        if var.datatype != "code" or var.value_set is None or frame is None:
            continue
        if var.id not in frame.columns or (chosen is not None and var.id not in chosen):
            continue
        column = frame[var.id]
        if isinstance(column, pd.DataFrame):  # duplicate column: reported by validation
            continue
        codes = [c.code for c in cat.value_set(var.value_set).codes]
        if var.record_type not in kommuner:
            kommuner[var.record_type] = _kommun_of(dataset, frame)
        kommun = kommuner[var.record_type]
        table = distribution(column.reset_index(drop=True), kommun, codes, var.id, k)
        labels = code_labels(cat, var.value_set, lang)
        totals = table[table["category"] == TOTAL].set_index("kommunkod")["denominator"]
        rows = []
        for r in table.itertuples(index=False):
            n, tot = as_int(r.denominator), as_int(totals.get(r.kommunkod))
            if r.category != TOTAL and n == 0:
                continue
            rows.append(
                CountRow(
                    kommun=str(r.kommunkod),
                    code=str(r.category),
                    label=labels.get(str(r.category), text("missing", lang)),
                    count=n,
                    share_of_total=n / tot if n is not None and tot else None,
                    suppressed=bool(r.suppressed),
                )
            )
        rt = cat.record_type(var.record_type)
        out.append(Distribution(var.id, label_of(var, lang), label_of(rt, lang), tuple(rows)))
    return out
