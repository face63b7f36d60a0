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
true. The unprotected tables never leave
:func:`~bbic_su.reporting._assemble.build_model`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import attrs
import pandas as pd

from bbic_su.errors import ExpressionError, UnknownIdError
from bbic_su.expr._api import parse, refs
from bbic_su.reporting._text import MARKER, NONE, text
from bbic_su.spec._catalog import Catalog
from bbic_su.spec._check import CatalogResolver
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
