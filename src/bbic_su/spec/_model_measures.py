"""Catalogue entries for measures, rules and small-count protection (disclosure).

>>> import bbic_su
>>> from bbic_su.spec._model_measures import Measure, Rule
>>> m = bbic_su.catalog().measures[0]
>>> isinstance(m, Measure), m.unit in ("records", "distinct_children")
(True, True)
>>> all(isinstance(r, Rule) for r in bbic_su.catalog().rules)
True

These classes are part of the meta-schema of ``spec_data/`` like the rest of
:mod:`bbic_su.spec.model`, which re-exports them and where they are documented; import
them from there.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import attrs

from bbic_su.spec._model_base import Severity, Status, _Evidence

__all__ = [
    "Disclosure",
    "DisclosureDefault",
    "DisclosureFact",
    "ExclusionFilter",
    "Exclusions",
    "Measure",
    "MeasureDeadline",
    "Rule",
]


@attrs.frozen(kw_only=True)
class ExclusionFilter:
    """A predicate whose records are left out of a measure, with the reason."""

    predicate: str
    reason: str


@attrs.frozen(kw_only=True)
class Exclusions:
    """How a measure treats missing values and which records it leaves out."""

    missing: Literal["keep_in_denominator", "exclude_from_denominator", "not_applicable"]
    reason: str
    filters: tuple[ExclusionFilter, ...] = ()


@attrs.frozen(kw_only=True)
class MeasureDeadline:
    """A time limit a deadline measure classifies each record against, at the extraction date.

    A record is *in time* when ``event`` lies on or before the limit (``start`` plus
    ``days`` or ``months``), *late* when the event came after it or is missing while the
    limit lies before the extraction date, and *pending* when the event is missing and
    the limit has not passed: pending records leave the denominator and are counted in
    the table's ``pending`` column.
    """

    start: str
    event: str
    days: int | None = None
    months: int | None = None


@attrs.frozen(kw_only=True)
class Measure(_Evidence):
    """A group-level share: numerator and denominator as predicates over one record type."""

    id: str
    name_sv: str
    name_en: str
    record_type: str
    unit: Literal["records", "distinct_children"]
    period_variable: str
    numerator: str
    denominator: str
    exclusions: Exclusions
    breakdowns: tuple[str, ...]
    child_aggregation: Literal["any", "latest"] | None = None
    template: bool = False
    parameters: tuple[str, ...] = ()
    legal: tuple[str, ...] = ()
    since: str | None = None
    deadline: MeasureDeadline | None = None
    """The time limit of a deadline measure (needs the extraction date), if any."""


@attrs.frozen(kw_only=True)
class Rule(_Evidence):
    """A record-level or cross-record rule (``expression`` is ``None`` for integrity rules)."""

    id: str
    description_en: str
    description_sv: str
    severity: Severity
    record_types: tuple[str, ...]
    expression: str | None
    legal: tuple[str, ...] = ()
    since: str | None = None
    thresholds: Mapping[str, int] = attrs.field(factory=dict)
    """Named integer parameters of a rule kind (e.g. ``missing_share_percent``)."""
    not_after: Literal["extraction_date"] | None = None
    """No date variable of the record types lies after this run parameter (when given)."""
    not_before: str | None = None
    """No date variable of the record types lies before this ISO date, or before the child's
    year of birth (``birth_year``); a plausibility bound."""


@attrs.frozen(kw_only=True)
class DisclosureFact:
    """A sourced fact about small-count protection."""

    id: str
    text_en: str
    status: Status
    sources: tuple[str, ...] = ()
    legal: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class DisclosureDefault(_Evidence):
    """The (provisional) default small-count protection."""

    min_cell: int
    allowed_min_cell: tuple[int, ...]
    primary_suppression: str
    shares: str
    secondary_suppression: str
    over_time: str
    comparisons: str
    marker: str
    machine_flag: str
    alternatives: str
    never_publish: str


@attrs.frozen(kw_only=True)
class Disclosure:
    """Facts found about small-count protection, and the default the library applies."""

    summary_en: str
    facts: tuple[DisclosureFact, ...]
    recommended_default: DisclosureDefault
