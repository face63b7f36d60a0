"""What goes in a report: computed once, protected, then rendered as workbook, charts and page.

>>> import bbic_su
>>> from bbic_su.reporting._model import measure_area
>>> cat = bbic_su.catalog()
>>> measure_area(cat, cat.measure("m_enskilda_samtal_utredning"))
'delaktighet'
>>> measure_area(cat, cat.measure("m_utredning_4_manader"))
'rattssakerhet'

**Placing a measure in an area.** The catalogue gives areas to variables, not to
measures. A measure belongs to the area of the variables its *numerator* reads (what
it counts as met), ancestors included; when they span several areas the most frequent
wins, ties going to the area listed first in the catalogue. A numerator that reads no
variable falls back to the denominator's variables. The template measure
``m_datakvalitet_fullstandighet`` goes on the data-quality sheet instead. Areas where
the catalogue places no measure (with the shipped catalogue: bakgrundsuppgifter) come
last and show protected counts of their single-select variables instead: who the
children and cases are.

Every number in :class:`ReportModel` is already protected (see
:mod:`bbic_su.reporting._tables`): hidden values are ``None`` with ``suppressed``
true. The unprotected tables never leave :func:`build_model`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

import attrs
import pandas as pd

from bbic_su.spec._catalog import Catalog
from bbic_su.spec.model import Measure

__all__ = [
    "AreaSection",
    "Cell",
    "CountRow",
    "Distribution",
    "MeasureBlock",
    "QualityRow",
    "ReportModel",
    "as_float",
    "as_int",
    "measure_area",
]

Progress = Callable[[str], None]


@attrs.frozen
class Cell:
    """One published cell of a measure, with the reference beside it.

    ``dim`` is ``total``, ``kon``, ``aldersgrupp`` or ``period``; ``code`` the
    category code or period label; numbers are ``None`` when hidden or undefined.
    """

    kommun: str
    dim: str
    code: str
    label: str
    numerator: int | None
    denominator: int | None
    share: float | None
    ci_low: float | None
    ci_high: float | None
    excluded: int | None
    suppressed: bool
    pending: int | None = None
    """Deadline measures: cases whose limit had not passed at the extraction date."""
    ref_share: float | None = None
    ref_ci_low: float | None = None
    ref_ci_high: float | None = None
    ref_suppressed: bool = False
    difference_pp: float | None = None


@attrs.frozen
class MeasureBlock:
    """One measure: names, evidence status and its published cells."""

    id: str
    name: str
    status: str
    area: str
    cells: tuple[Cell, ...]
    note: str | None = None
    """Why the measure was not computed (it needs the extraction date), if it was not."""

    def of(self, dim: str, kommun: str | None = None) -> tuple[Cell, ...]:
        """The cells of one dimension (and kommun)."""
        return tuple(
            c for c in self.cells if c.dim == dim and (kommun is None or c.kommun == kommun)
        )


@attrs.frozen
class CountRow:
    """One category of a distribution table (count ``None`` when hidden)."""

    kommun: str
    code: str
    label: str
    count: int | None
    share_of_total: float | None
    suppressed: bool


@attrs.frozen
class Distribution:
    """Protected counts of one coded variable."""

    variable: str
    name: str
    record_type: str
    rows: tuple[CountRow, ...]


@attrs.frozen
class AreaSection:
    """One area: its measures, or distributions when no measure lives there."""

    id: str
    name: str
    measures: tuple[MeasureBlock, ...]
    distributions: tuple[Distribution, ...] = ()


@attrs.frozen
class QualityRow:
    """Completeness of one variable in one kommun (numbers ``None`` when hidden)."""

    kommun: str
    variable: str
    name: str
    record_type: str
    filled: int | None
    applies: int | None
    share: float | None
    suppressed: bool


@attrs.frozen(kw_only=True)
class ReportModel:
    """Everything a report shows, protected and labelled in one language."""

    lang: str
    question: str | None
    plan_name: str | None
    period: str | None
    age: str | None
    granularity: str
    source: str | None
    references: tuple[str, ...]
    catalogue_version: str
    library_version: str
    min_count: int
    kommuner: tuple[str, ...]
    rows: tuple[tuple[str, str, int | None, int | None], ...]
    areas: tuple[AreaSection, ...]
    completeness: tuple[QualityRow, ...]
    issues: tuple[tuple[str, str, str, int | None], ...]
    not_computable: tuple[tuple[str, str, str], ...] = ()
    """Measures whose variables are absent from the data: ``(id, name, missing)``,
    listed once instead of drawn as empty charts."""

    @property
    def blocks(self) -> tuple[MeasureBlock, ...]:
        """Every measure block, area by area."""
        return tuple(b for a in self.areas for b in a.measures)

    def cover_facts(self) -> list[tuple[str, str]]:
        """The cover's ``(text key, value)`` pairs, shared by the workbook and the page."""
        from bbic_su.reporting._text import MARKER, NONE, text

        lang = self.lang
        rule = text("suppression_rule", lang).format(k1=self.min_count - 1, marker=MARKER)
        return [
            ("question", self.question or text("no_question", lang)),
            ("plan", self.plan_name or NONE),
            ("period", self.period or text("all_dates", lang)),
            ("age", self.age or NONE),
            ("source", self.source or NONE),
            ("reference", ", ".join(self.references) or text("no_reference", lang)),
            ("catalogue", self.catalogue_version),
            ("generated_by", f"bbic-su {self.library_version}"),
            ("suppression", rule),
        ]


def _numerator_areas(cat: Catalog, measure: Measure, expr: str) -> list[str]:
    from bbic_su.errors import ExpressionError, UnknownIdError
    from bbic_su.expr._api import parse, refs
    from bbic_su.spec._check import CatalogResolver

    resolver = CatalogResolver(cat, measure.record_type)
    out = []
    for ref in refs(parse(expr)):
        try:
            key = resolver.resolve(ref)
            out.append(cat.variable(key.rpartition(".")[2]).area)
        except (ExpressionError, UnknownIdError):
            continue
    return out


def measure_area(cat: Catalog, measure: Measure) -> str:
    """The area a measure is reported under (see the module docs for the rule)."""
    areas = _numerator_areas(cat, measure, measure.numerator)
    areas = areas or _numerator_areas(cat, measure, measure.denominator)
    order = [a.id for a in cat.areas]
    if not areas:
        return order[0]
    counts = Counter(areas)
    return max(order, key=lambda a: (counts.get(a, 0), -order.index(a)))


def as_float(value: Any) -> float | None:
    """A float, or ``None`` for a missing value."""
    return None if value is None or pd.isna(value) else float(value)


def as_int(value: Any) -> int | None:
    """An int, or ``None`` for a missing value."""
    return None if value is None or pd.isna(value) else int(value)


def _flag(value: Any) -> bool:
    return False if value is None or pd.isna(value) else bool(value)


def code_labels(cat: Catalog, value_set: str, lang: str) -> dict[str, str]:
    """Code → label of a value set, plus the missing and total markers."""
    from bbic_su.reporting._tables import MISSING, TOTAL
    from bbic_su.reporting._text import label_of, text

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


def _not_computable(dataset: Any, ids: Sequence[str]) -> dict[str, list[str]]:
    """The measures of ``ids`` whose variables are absent, with what is missing."""
    from bbic_su.measures._computable import missing_inputs
    from bbic_su.measures._data import measure_instances

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

    ``quality`` returns what :func:`~bbic_su.reporting._build.quality_job` returns
    (e.g. from a worker process); by default it is computed here, after the measures.
    """
    from bbic_su._version import __version__
    from bbic_su.reporting._build import distributions, measure_views, quality_job
    from bbic_su.reporting._text import label_of

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
        rows, issues, completeness = quality_job(dataset, plan, min_count, lang, extraction_date)
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
    from bbic_su.expr._api import parse
    from bbic_su.frames._extraction import as_extraction_date
    from bbic_su.frames.derivation import lacking
    from bbic_su.measures._status import NEEDS_EXTRACTION_DATE, not_computable
    from bbic_su.reporting._text import text
    from bbic_su.spec._derive_lang import needs_extraction_date

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
