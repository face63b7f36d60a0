"""Frozen attrs classes for every entry of the BBIC follow-up catalogue.

>>> import bbic_su
>>> kon = bbic_su.catalog().variable("kon")
>>> (kon.record_type, kon.datatype, kon.value_set, kon.status)
('barn', 'code', 'kon', 'named')
>>> [c.code for c in bbic_su.catalog().value_set("kon").codes]
['flicka', 'pojke', 'uppgift_saknas']

These classes are also the *meta-schema* of the files in ``spec_data/``: the
loader structures each file into them with cattrs, rejecting unknown keys,
missing keys, wrong types and values outside the ``Literal`` choices, and names
the file and key path of the first fault. The classes of measures, rules and
small-count protection are defined in private modules and re-exported here by name
(``from ... import Measure as Measure``); the list of public names is the ``__all__`` of
:mod:`bbic_su.spec`, so this module keeps none of its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import attrs

from bbic_su.errors import UnknownIdError
from bbic_su.spec import _model_base
from bbic_su.spec._model_base import STATUSES as STATUSES
from bbic_su.spec._model_base import _Evidence
from bbic_su.spec._model_legal import VERIFICATION_SV as VERIFICATION_SV
from bbic_su.spec._model_legal import Act as Act
from bbic_su.spec._model_legal import LegalReference as LegalReference
from bbic_su.spec._model_legal import LegalSource as LegalSource
from bbic_su.spec._model_legal import Verification as Verification
from bbic_su.spec._model_measures import Disclosure as Disclosure
from bbic_su.spec._model_measures import DisclosureDefault as DisclosureDefault
from bbic_su.spec._model_measures import DisclosureFact as DisclosureFact
from bbic_su.spec._model_measures import ExclusionFilter as ExclusionFilter
from bbic_su.spec._model_measures import Exclusions as Exclusions
from bbic_su.spec._model_measures import Measure as Measure
from bbic_su.spec._model_measures import MeasureDeadline as MeasureDeadline
from bbic_su.spec._model_measures import Rule as Rule

Status = _model_base.Status
"""Evidence level of an entry; see ``spec_data/manifest.yaml`` for the legend."""
Datatype = Literal["code", "codes", "date", "integer", "text"]
"""``code`` is single-select, ``codes`` multi-select; both draw from a value set."""
Severity = _model_base.Severity
"""Severity of a rule finding (``info`` for data-quality findings)."""


@attrs.frozen(kw_only=True)
class StatusInfo:
    """One evidence level and what it requires."""

    id: Status
    name_sv: str
    name_en: str
    definition: str
    evidence_required: str
    definition_sv: str | None = None


@attrs.frozen(kw_only=True)
class SpecInfo:
    """The manifest: title, version, date, status legend and conventions."""

    id: str
    version: str
    date: str
    title_sv: str
    title_en: str
    what_this_is: str
    not_the_official_annex: str
    status_legend: Mapping[str, str]
    status_precedence: str
    assignment_note: str
    background_sources: tuple[str, ...]
    source_citation: str
    verified_legend: Mapping[str, str]
    predicate_language: Mapping[str, Any]
    missing_data_policy: Mapping[str, str]
    local_profiles: str
    legal_versioning: str
    transcribed_from: str | None = None


@attrs.frozen(kw_only=True)
class Source:
    """A publication, web page or law the catalogue cites."""

    id: str
    kind: Literal["publication", "bbic", "statistics", "law", "method", "municipal"]
    title: str
    verified: str
    url: str | None = None
    publisher: str | None = None
    note: str | None = None


@attrs.frozen(kw_only=True)
class Phase(_Evidence):
    """A phase of the BBIC documentation support (plus the pseudo-phase grunduppgifter)."""

    id: str
    order: int
    name_sv: str
    name_en: str
    description_en: str


@attrs.frozen(kw_only=True)
class Area(_Evidence):
    """A knowledge area (kunskapsområde) of the follow-up variables."""

    id: str
    name_sv: str
    name_en: str
    description_en: str


@attrs.frozen(kw_only=True)
class Kind(_Evidence):
    """Background, process or result variable."""

    id: str
    name_sv: str
    name_en: str


@attrs.frozen(kw_only=True)
class Document(_Evidence):
    """A BBIC documentation-support document (or the pseudo-document ``harledd``)."""

    id: str
    name_sv: str
    phase: str | None


@attrs.frozen(kw_only=True)
class KeyField:
    """A key column of a record type: primary key, reference to a parent, or organisation."""

    field: str
    role: Literal["primary", "parent_ref", "optional_ref", "organisation"]
    datatype: Literal["text"]
    description: str
    rule: str | None = None
    """The integrity rule this key enforces: uniqueness (primary) or parent existence (refs)."""


@attrs.frozen(kw_only=True)
class RecordType(_Evidence):
    """A unit of observation (barn, aktualisering, utredning, insats, uppfoljning)."""

    id: str
    name_sv: str
    name_en: str
    unit: str
    parent: str | None
    keys: tuple[KeyField, ...]
    period_date: str | None
    alternative_period_date: str | None = None
    period_rule: str | None = None

    @property
    def key(self) -> str:
        """The primary-key column, e.g. ``insats_id``."""
        return next(k.field for k in self.keys if k.role == "primary")

    @property
    def parent_key(self) -> str | None:
        """The column that points at the parent record, or ``None`` for the root."""
        if self.parent is None:
            return None
        wanted = f"{self.parent}_id"
        fields = [k.field for k in self.keys]
        return wanted if wanted in fields else None

    @property
    def key_fields(self) -> tuple[str, ...]:
        """All key columns in catalogue order."""
        return tuple(k.field for k in self.keys)


@attrs.frozen(kw_only=True)
class Code:
    """One answer option of a value set.

    ``status`` is the code's effective status: its own where the catalogue gives
    one, otherwise the value set's.
    """

    code: str
    label_sv: str
    label_en: str
    status: Status | None = None
    sources: tuple[str, ...] = ()
    reason: str | None = None
    note: str | None = None
    legal: tuple[str, ...] = ()
    min: int | None = None
    max: int | None = None
    local: bool = False


@attrs.frozen(kw_only=True)
class ValueSet(_Evidence):
    """A code list: codes with Swedish and English labels, optional groups."""

    id: str
    name_sv: str
    name_en: str
    codes: tuple[Code, ...]
    multi_select: bool = False
    partition: bool | None = None
    groups: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)
    since: str | None = None
    local: bool = False

    def code(self, code: str) -> Code:
        """Return the :class:`Code` named ``code``.

        Raises:
            UnknownIdError: No such code in this value set.
        """
        for c in self.codes:
            if c.code == code:
                return c
        raise UnknownIdError(f"code of value set {self.id}", code, self.code_ids)

    @property
    def code_ids(self) -> tuple[str, ...]:
        """The code strings in catalogue order."""
        return tuple(c.code for c in self.codes)


@attrs.frozen(kw_only=True)
class Deadline:
    """A legal time limit counted from an anchor date."""

    anchor: str
    max_days: int | None = None
    max_months: int | None = None
    open_against: Literal["extraction_date"] | None = None
    """While the variable is missing (the case is still open), the run parameter stands
    in for it: past the limit on the extraction date gives ``deadline-passed-open``."""


@attrs.frozen(kw_only=True)
class Interval(Deadline):
    """Records of one parent where ``among`` holds, ordered by the date: at most this far apart.

    The first lies within the limit of ``anchor``, each next one within it of the previous.
    With ``open_against``, a parent that is still ongoing (no record of it satisfies
    ``closed_by``) is also checked up to the extraction date.
    """

    among: str
    closed_by: str | None = None
    """A record of the parent where this holds ends the parent (read with ``open_against``)."""
    parent_if: str | None = None
    """Over the parent record: a parent without any ``among`` record is checked from the
    anchor (a variable of the parent) up to the extraction date when this holds."""


@attrs.frozen(kw_only=True)
class UniqueWithinParent:
    """At most one record of each parent satisfies ``where``."""

    where: str


@attrs.frozen(kw_only=True)
class NoneAfterWithinParent:
    """No record of a parent is dated after the earliest of its records where ``where`` holds.

    ``date`` is the date variable (of the same record type) compared; records that satisfy
    ``where`` themselves are not reported.
    """

    where: str
    date: str


KINDS = (
    "required",
    "required_if",
    "after_or_equal",
    "before_or_equal",
    "deadline",
    "range",
    "interval",
    "unique_within_parent",
    "none_after_within_parent",
)
"""The rule kinds of :class:`VariableRule` (``waived_if`` qualifies ``deadline``)."""


@attrs.frozen(kw_only=True)
class VariableRule:
    """A rule attached to a variable; exactly one of its rule kinds is set."""

    severity: Severity | None = None
    rule: str | None = None
    required: bool | None = None
    required_if: str | None = None
    after_or_equal: str | None = None
    before_or_equal: str | None = None
    deadline: Deadline | None = None
    waived_if: str | None = None
    range: tuple[int, int] | None = None
    interval: Interval | None = None
    """Dataset-wide: the gaps between sibling records (checked by the bulk path only)."""
    unique_within_parent: UniqueWithinParent | None = None
    """Dataset-wide: at most one sibling record qualifies (checked by the bulk path only)."""
    none_after_within_parent: NoneAfterWithinParent | None = None
    """Dataset-wide: no sibling record after the closing one (checked by the bulk path only)."""
    legal: tuple[str, ...] = ()

    @property
    def kinds(self) -> tuple[str, ...]:
        """The rule kinds this rule states (the spec check allows at most one)."""
        return tuple(k for k in KINDS if getattr(self, k) is not None)


@attrs.frozen(kw_only=True)
class Variable(_Evidence):
    """A follow-up variable with its place in the BBIC structure and its definition."""

    id: str
    name_sv: str
    name_en: str
    record_type: str
    phase: str
    area: str
    kind: str
    document: tuple[str, ...]
    datatype: Datatype
    definition_sv: str
    definition_en: str
    value_set: str | None = None
    applies_if: str | None = None
    derived: bool = False
    derivation: str | None = None
    """The derivation as an expression (see :mod:`bbic_su.derive`), type-checked on load."""
    derivation_note: str | None = None
    legal: tuple[str, ...] = ()
    rules: tuple[VariableRule, ...] = ()
    since: str | None = None
    local: bool = False

    @property
    def multi_select(self) -> bool:
        """True for multi-select (``codes``) variables."""
        return self.datatype == "codes"
