"""Assemble a report model: measures placed in their areas, with notes and data quality.

>>> import bbic_su
>>> from bbic_su.reporting._assemble import build_model
>>> ds = bbic_su.Dataset({})
>>> model = build_model(
...     ds, references=(), plan=None, lang="en", min_count=5,
...     measures=["m_sip"], period="year", progress=lambda step: None,
... )
>>> model.blocks, [mid for mid, _, _ in model.not_computable]  # no data: listed, not drawn
((), ['m_sip'])

:func:`build_model` computes through :mod:`bbic_su.reporting._build`, protects through
:mod:`bbic_su.reporting._tables` and returns a
:class:`~bbic_su.reporting._model.ReportModel` where every number shown is already
protected. Measures whose variables the data lack are listed once
(``not_computable``); measures that need the extraction date, when none is known,
carry a note instead of numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from bbic_su._version import __version__
from bbic_su.expr._api import parse
from bbic_su.frames._extraction import as_extraction_date
from bbic_su.frames.derivation import lacking
from bbic_su.measures._computable import missing_inputs
from bbic_su.measures._data import measure_instances
from bbic_su.measures._status import NEEDS_EXTRACTION_DATE, not_computable
from bbic_su.reporting._build import distributions, measure_views, row_counts
from bbic_su.reporting._build import quality as completeness_of
from bbic_su.reporting._model import AreaSection, MeasureBlock, Progress, ReportModel, measure_area
from bbic_su.reporting._text import label_of, text
from bbic_su.spec._catalog import Catalog
from bbic_su.spec._derive_lang import needs_extraction_date

__all__ = ["build_model"]


def _not_computable(dataset: Any, ids: Sequence[str]) -> dict[str, list[str]]:
    """The measures of ``ids`` whose variables are absent, with what is missing."""
    cat = dataset.catalog
    present = [(rt, str(c)) for rt, f in dataset.frames.items() for c in f.columns]
    out: dict[str, list[str]] = {}
    for inst in measure_instances(cat, ids, None, present):
        gone = missing_inputs(cat, inst, dataset)
        if gone:
            out[inst.id] = gone
    return out


def build_model(
    dataset: Any,
    *,
    references: Sequence[Any],
    plan: Any,
    lang: str,
    min_count: int,
    measures: Sequence[str] | None,
    period: str,
    progress: Progress,
    quality: Callable[[], tuple[Any, Any, Any]] | None = None,
    extraction_date: Any = None,
) -> ReportModel:
    """Compute, protect and label everything a report shows (see the module docs).

    ``quality`` returns the row counts, the findings per code
    (:func:`~bbic_su.reporting._build.row_counts`) and the completeness
    (:func:`~bbic_su.reporting._build.quality`), e.g. with the completeness from a worker
    process; by default they are computed here, after the measures.
    """
    cat: Catalog = dataset.catalog
    ids = list(measures) if measures else [m.id for m in cat.measures if not m.template]
    absent = _not_computable(dataset, ids)
    ids = [mid for mid in ids if mid not in absent]
    placed = {mid: measure_area(cat, cat.measure(mid)) for mid in ids}
    hosts = {measure_area(cat, m) for m in cat.measures if not m.template}
    views, kommuner = measure_views(
        dataset, references, ids, plan, min_count, period, lang, progress
    )
    notes = _not_computed(dataset, ids, lang)
    sections = []
    for area in cat.areas:
        blocks = tuple(
            MeasureBlock(
                id=mid,
                name=label_of(cat.measure(mid), lang),
                status=cat.measure(mid).status,
                area=area.id,
                cells=tuple(views.get(mid, ())),
                note=notes.get(mid),
            )
            for mid in ids
            if placed[mid] == area.id
        )
        dists = (
            tuple(distributions(dataset, area.id, plan, min_count, lang))
            if area.id not in hosts
            else ()
        )
        sections.append(AreaSection(area.id, label_of(area, lang), blocks, dists))
    sections.sort(key=lambda s: s.id not in hosts)
    progress("background")
    if quality is None:
        rows, issues = row_counts(dataset, plan, min_count, lang, extraction_date)
        completeness = completeness_of(dataset, plan, min_count, lang)
    else:
        rows, issues, completeness = quality()
    progress("validation")
    return ReportModel(
        lang=lang,
        question=plan.question if plan is not None else None,
        plan_name=plan.name if plan is not None else None,
        period=f"{plan.period.start} – {plan.period.end}" if plan and plan.period else None,
        age=f"{plan.age.min}–{plan.age.max}" if plan and plan.age else None,
        granularity=period,
        source=dataset.source,
        references=tuple(str(r.source or f"#{i + 1}") for i, r in enumerate(references)),
        catalogue_version=cat.spec.version,
        library_version=__version__,
        min_count=min_count,
        kommuner=tuple(kommuner),
        rows=tuple(rows),
        areas=tuple(sections),
        completeness=tuple(completeness),
        issues=tuple(issues),
        not_computable=tuple(
            (mid, label_of(cat.measure(mid.partition("[")[0]), lang), ", ".join(gone))
            for mid, gone in absent.items()
        ),
    )


def _not_computed(dataset: Any, ids: Sequence[str], lang: str) -> dict[str, str]:
    """A note per measure that is not computed without the extraction date."""
    cat = dataset.catalog
    when = as_extraction_date(dataset.extraction_date)
    skipped = {
        v.id: NEEDS_EXTRACTION_DATE
        for v in lacking(dataset, cat)
        if when is None and needs_extraction_date(parse(v.derivation or ""))
    }
    notes = {}
    for mid in ids:
        why = not_computable(cat, cat.measure(mid), skipped, when)
        if why is not None:
            names = ", ".join(why["variables"])
            derive = text("to_derive", lang).format(names) if names else ""
            notes[mid] = text("not_computed", lang).format(variables=derive)
    return notes
