"""The :class:`Catalog` type: every record type, variable, value set, rule and measure, typed.

>>> import bbic_su
>>> cat = bbic_su.catalog()
>>> len(cat.variables) >= 50
True
>>> cat.variable("barnet_traffat_enskilt").value_set
'ja_nej_uppgift_saknas'
>>> [rt.id for rt in cat.record_types]
['barn', 'aktualisering', 'utredning', 'insats', 'uppfoljning']
>>> cat.record_type("insats").key, cat.record_type("insats").parent
('insats_id', 'utredning')
>>> cat.index.variables.get("kön") is None, "kon" in cat.index.value_sets
(True, True)
>>> cat.variable("kön")
Traceback (most recent call last):
...
bbic_su.errors.UnknownIdError: unknown variable 'kön'; did you mean 'kon'?

Loading and checking live in :mod:`bbic_su.spec._catalog`; this module only holds the
type, so that the checks and the cache can build a catalogue without importing each other.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Protocol, TypeVar

import attrs

from bbic_su import expr as _expr
from bbic_su.errors import UnknownIdError
from bbic_su.spec.model import (
    Act,
    Area,
    Disclosure,
    Document,
    Kind,
    LegalSource,
    Measure,
    Phase,
    RecordType,
    Rule,
    Source,
    SpecInfo,
    StatusInfo,
    ValueSet,
    Variable,
)

__all__ = [
    "Catalog",
    "CatalogIndex",
    "Entry",
    "measure_variables",
    "requirement_id",
    "rule_variables",
]

Entry = Variable | ValueSet | Rule | Measure | RecordType
"""A catalogue entry with a requirement id (what :meth:`Catalog.find` returns)."""

_PREFIXES = {
    "Variable": "VAR",
    "ValueSet": "VS",
    "Rule": "RULE",
    "Measure": "M",
    "RecordType": "RT",
}


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


_E = TypeVar("_E", bound=_HasId)


def requirement_id(entry: Entry) -> str:
    """The stable requirement id of a catalogue entry, for tenders and conformance reports.

    >>> import bbic_su
    >>> requirement_id(bbic_su.catalog().variable("kon"))
    'BBIC-SU-VAR-kon'
    >>> requirement_id(bbic_su.catalog().rule("R07"))
    'BBIC-SU-RULE-R07'
    """
    return f"BBIC-SU-{_PREFIXES[type(entry).__name__]}-{entry.id}"


def _index(items: Iterable[_E]) -> Mapping[str, _E]:
    return {item.id: item for item in items}  # typed read-only; a plain dict pickles


@attrs.frozen(kw_only=True)
class CatalogIndex:
    """Read-only lookups by id, one typed mapping per catalogue section.

    ``cat.index.variables.get("kon")`` is the variable or ``None``; ``"kon" in
    cat.index.value_sets`` asks without raising. The getters of :class:`Catalog`
    (``cat.variable("kon")``) raise with a suggestion instead.
    """

    statuses: Mapping[str, StatusInfo]
    sources: Mapping[str, Source]
    legal_sources: Mapping[str, LegalSource]
    acts: Mapping[str, Act]
    phases: Mapping[str, Phase]
    areas: Mapping[str, Area]
    kinds: Mapping[str, Kind]
    documents: Mapping[str, Document]
    record_types: Mapping[str, RecordType]
    value_sets: Mapping[str, ValueSet]
    variables: Mapping[str, Variable]
    measures: Mapping[str, Measure]
    rules: Mapping[str, Rule]


def _get(index: Mapping[str, _E], kind: str, key: str) -> _E:
    try:
        return index[key]
    except KeyError:
        raise UnknownIdError(kind, key, index) from None


@attrs.frozen(kw_only=True)
class Catalog:
    """An immutable, checked catalogue. Build it with :func:`load_catalog`.

    Sequences are tuples in catalogue order; lookups by id raise
    :class:`~bbic_su.errors.UnknownIdError` (a ``KeyError``) that suggests
    close matches.
    """

    spec: SpecInfo
    statuses: tuple[StatusInfo, ...]
    sources: tuple[Source, ...]
    legal_sources: tuple[LegalSource, ...]
    phases: tuple[Phase, ...]
    areas: tuple[Area, ...]
    kinds: tuple[Kind, ...]
    documents: tuple[Document, ...]
    record_types: tuple[RecordType, ...]
    value_sets: tuple[ValueSet, ...]
    variables: tuple[Variable, ...]
    measures: tuple[Measure, ...]
    rules: tuple[Rule, ...]
    measure_conventions: Mapping[str, Any]
    disclosure: Disclosure
    acts: tuple[Act, ...] = ()
    extensions: tuple[str, ...] = ()
    index: CatalogIndex = attrs.field(init=False, repr=False, eq=False)
    """Lookups by id, one typed read-only mapping per section (built from the tuples)."""

    def __attrs_post_init__(self) -> None:
        index = CatalogIndex(
            statuses=_index(self.statuses),
            sources=_index(self.sources),
            legal_sources=_index(self.legal_sources),
            acts=_index(self.acts),
            phases=_index(self.phases),
            areas=_index(self.areas),
            kinds=_index(self.kinds),
            documents=_index(self.documents),
            record_types=_index(self.record_types),
            value_sets=_index(self.value_sets),
            variables=_index(self.variables),
            measures=_index(self.measures),
            rules=_index(self.rules),
        )
        object.__setattr__(self, "index", index)

    def variable(self, key: str) -> Variable:
        """Return the variable ``key``."""
        return _get(self.index.variables, "variable", key)

    def value_set(self, key: str) -> ValueSet:
        """Return the value set ``key``."""
        return _get(self.index.value_sets, "value set", key)

    def columns_of(self, record_type: str) -> dict[str, str]:
        """Column -> datatype for the key fields (``text``) and variables of ``record_type``."""
        rt = self.record_type(record_type)
        cols = dict.fromkeys(rt.key_fields, "text")
        cols.update({v.id: v.datatype for v in self.variables_of(record_type)})
        return cols

    def codes_of(self, column: str) -> frozenset[str] | None:
        """The allowed codes of a coded column (``None`` for any other column)."""
        var = self.index.variables.get(column)
        if var is None or var.value_set is None:
            return None
        return frozenset(self.value_set(var.value_set).code_ids)

    def measure(self, key: str) -> Measure:
        """Return the measure ``key``."""
        return _get(self.index.measures, "measure", key)

    def rule(self, key: str) -> Rule:
        """Return the rule ``key`` (e.g. ``"R07"``)."""
        return _get(self.index.rules, "rule", key)

    def record_type(self, key: str) -> RecordType:
        """Return the record type ``key``."""
        return _get(self.index.record_types, "record type", key)

    def source(self, key: str) -> Source:
        """Return the source ``key``."""
        return _get(self.index.sources, "source", key)

    def legal_source(self, key: str) -> LegalSource:
        """Return the legal source ``key`` (e.g. ``"L_SKYDD"``)."""
        return _get(self.index.legal_sources, "legal source", key)

    def act(self, sfs: str) -> Act:
        """Return the act with SFS number ``sfs`` (e.g. ``"2025:400"``)."""
        return _get(self.index.acts, "act", sfs)

    def phase(self, key: str) -> Phase:
        """Return the phase ``key``."""
        return _get(self.index.phases, "phase", key)

    def area(self, key: str) -> Area:
        """Return the area ``key``."""
        return _get(self.index.areas, "area", key)

    def kind(self, key: str) -> Kind:
        """Return the kind ``key``."""
        return _get(self.index.kinds, "kind", key)

    def document(self, key: str) -> Document:
        """Return the BBIC document ``key``."""
        return _get(self.index.documents, "document", key)

    def status_info(self, key: str) -> StatusInfo:
        """Return the description of evidence status ``key``."""
        return _get(self.index.statuses, "status", key)

    def find(self, key: str) -> Variable | ValueSet | Rule | Measure | RecordType:
        """Return the variable, value set, rule, measure or record type called ``key``.

        Variables win when a value set shares the id (e.g. ``kon``); ask
        :meth:`value_set` for the value set.
        """
        ix = self.index
        sections: tuple[Mapping[str, Entry], ...] = (
            ix.variables,
            ix.value_sets,
            ix.measures,
            ix.rules,
            ix.record_types,
        )
        for section in sections:
            entry = section.get(key)
            if entry is not None:
                return entry
        known = {k for section in sections[:4] for k in section}
        raise UnknownIdError("catalogue entry", key, known)

    def select(
        self,
        *,
        record_type: str | None = None,
        phase: str | None = None,
        area: str | None = None,
        kind: str | None = None,
        status: str | None = None,
        local: bool | None = None,
    ) -> tuple[Variable, ...]:
        """Variables matching every filter given (``None`` means any).

        >>> import bbic_su
        >>> [v.id for v in bbic_su.catalog().select(record_type="barn", status="named")]
        ['kon']

        Raises:
            UnknownIdError: A filter names a record type, phase, area or kind that
                does not exist (so a typo never silently selects nothing).
        """
        ix = self.index
        checks: tuple[tuple[str | None, Mapping[str, object], str], ...] = (
            (record_type, ix.record_types, "record type"),
            (phase, ix.phases, "phase"),
            (area, ix.areas, "area"),
            (kind, ix.kinds, "kind"),
            (status, ix.statuses, "status"),
        )
        for value, section, label in checks:
            if value is not None and value not in section:
                raise UnknownIdError(label, value, section)
        return tuple(
            v
            for v in self.variables
            if (record_type is None or v.record_type == record_type)
            and (phase is None or v.phase == phase)
            and (area is None or v.area == area)
            and (kind is None or v.kind == kind)
            and (status is None or v.status == status)
            and (local is None or v.local == local)
        )

    def variables_of(self, record_type: str) -> tuple[Variable, ...]:
        """The variables recorded on ``record_type``, in catalogue order."""
        return self.select(record_type=record_type)

    def ancestors(self, record_type: str) -> tuple[RecordType, ...]:
        """The parent, grandparent, … of ``record_type``, nearest first."""
        chain: list[RecordType] = []
        current = self.record_type(record_type).parent
        while current is not None:
            rt = self.record_type(current)
            chain.append(rt)
            current = rt.parent
        return tuple(chain)

    def measures_using(self, variable: str) -> tuple[Measure, ...]:
        """Measures whose predicates or breakdowns read ``variable``."""
        return tuple(m for m in self.measures if variable in measure_variables(self, m))

    def rules_for(self, variable: str) -> tuple[Rule, ...]:
        """Catalogue rules attached to ``variable`` or reading it in their expression."""
        attached = {r.rule for r in self.variable(variable).rules if r.rule}
        return tuple(
            r for r in self.rules if r.id in attached or variable in rule_variables(self, r)
        )


def measure_variables(cat: Catalog, measure: Measure) -> frozenset[str]:
    """Variable ids read by a measure's predicates, period variable and breakdowns.

    >>> import bbic_su
    >>> cat = bbic_su.catalog()
    >>> sorted(measure_variables(cat, cat.measure("m_mal_uppnatt")))
    ['insatstyp', 'kon', 'maluppfyllelse', 'uppfoljningsdatum', 'uppfoljningstyp']
    """
    texts = [
        measure.numerator,
        measure.denominator,
        *(f.predicate for f in measure.exclusions.filters),
    ]
    names = {r.name for t in texts for r in _expr.refs(_expr.parse(t))}
    names.update(b.rpartition(".")[2] for b in measure.breakdowns)
    names.add(measure.period_variable)
    return frozenset(n for n in names if n in cat.index.variables)


def rule_variables(cat: Catalog, rule: Rule) -> frozenset[str]:
    """Variable ids read by a rule's expression."""
    if rule.expression is None:
        return frozenset()
    names = {r.name for r in _expr.refs(_expr.parse(rule.expression))}
    return frozenset(n for n in names if n in cat.index.variables)
