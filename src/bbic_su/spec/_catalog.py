"""The catalogue: every record type, variable, value set, rule and measure, with lookups.

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
>>> cat.variable("kön")
Traceback (most recent call last):
...
bbic_su.errors.UnknownIdError: unknown variable 'kön'; did you mean 'kon'?
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Mapping, Sequence
from importlib.resources.abc import Traversable
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from bbic_su._boundary import boundary, keywords
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

if TYPE_CHECKING:
    from bbic_su.spec._load import SpecFiles

__all__ = ["Catalog", "catalog", "load_catalog", "requirement_id"]

_E = TypeVar("_E")
_PREFIXES = {
    "Variable": "VAR",
    "ValueSet": "VS",
    "Rule": "RULE",
    "Measure": "M",
    "RecordType": "RT",
}


def requirement_id(entry: Variable | ValueSet | Rule | Measure | RecordType) -> str:
    """The stable requirement id of a catalogue entry, for tenders and conformance reports.

    >>> import bbic_su
    >>> requirement_id(bbic_su.catalog().variable("kon"))
    'BBIC-SU-VAR-kon'
    >>> requirement_id(bbic_su.catalog().rule("R07"))
    'BBIC-SU-RULE-R07'
    """
    return f"BBIC-SU-{_PREFIXES[type(entry).__name__]}-{entry.id}"


def _index(items: Iterable[Any]) -> dict[str, Any]:
    return {item.id: item for item in items}


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
    _by: dict[str, dict[str, Any]] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        by = {
            name: _index(getattr(self, name))
            for name in (
                "statuses",
                "sources",
                "legal_sources",
                "acts",
                "phases",
                "areas",
                "kinds",
                "documents",
                "record_types",
                "value_sets",
                "variables",
                "measures",
                "rules",
            )
        }
        object.__setattr__(self, "_by", by)

    def _get(self, section: str, kind: str, key: str) -> Any:
        try:
            return self._by[section][key]
        except KeyError:
            raise UnknownIdError(kind, key, self._by[section]) from None

    def variable(self, key: str) -> Variable:
        """Return the variable ``key``."""
        return self._get("variables", "variable", key)  # type: ignore[no-any-return]

    def value_set(self, key: str) -> ValueSet:
        """Return the value set ``key``."""
        return self._get("value_sets", "value set", key)  # type: ignore[no-any-return]

    def columns_of(self, record_type: str) -> dict[str, str]:
        """Column -> datatype for the key fields (``text``) and variables of ``record_type``."""
        rt = self.record_type(record_type)
        cols = dict.fromkeys(rt.key_fields, "text")
        cols.update({v.id: v.datatype for v in self.variables_of(record_type)})
        return cols

    def codes_of(self, column: str) -> frozenset[str] | None:
        """The allowed codes of a coded column (``None`` for any other column)."""
        var = self._by["variables"].get(column)
        if var is None or var.value_set is None:
            return None
        return frozenset(self.value_set(var.value_set).code_ids)

    def measure(self, key: str) -> Measure:
        """Return the measure ``key``."""
        return self._get("measures", "measure", key)  # type: ignore[no-any-return]

    def rule(self, key: str) -> Rule:
        """Return the rule ``key`` (e.g. ``"R07"``)."""
        return self._get("rules", "rule", key)  # type: ignore[no-any-return]

    def record_type(self, key: str) -> RecordType:
        """Return the record type ``key``."""
        return self._get("record_types", "record type", key)  # type: ignore[no-any-return]

    def source(self, key: str) -> Source:
        """Return the source ``key``."""
        return self._get("sources", "source", key)  # type: ignore[no-any-return]

    def legal_source(self, key: str) -> LegalSource:
        """Return the legal source ``key`` (e.g. ``"L_SKYDD"``)."""
        return self._get("legal_sources", "legal source", key)  # type: ignore[no-any-return]

    def act(self, sfs: str) -> Act:
        """Return the act with SFS number ``sfs`` (e.g. ``"2025:400"``)."""
        return self._get("acts", "act", sfs)  # type: ignore[no-any-return]

    def phase(self, key: str) -> Phase:
        """Return the phase ``key``."""
        return self._get("phases", "phase", key)  # type: ignore[no-any-return]

    def area(self, key: str) -> Area:
        """Return the area ``key``."""
        return self._get("areas", "area", key)  # type: ignore[no-any-return]

    def kind(self, key: str) -> Kind:
        """Return the kind ``key``."""
        return self._get("kinds", "kind", key)  # type: ignore[no-any-return]

    def document(self, key: str) -> Document:
        """Return the BBIC document ``key``."""
        return self._get("documents", "document", key)  # type: ignore[no-any-return]

    def status_info(self, key: str) -> StatusInfo:
        """Return the description of evidence status ``key``."""
        return self._get("statuses", "status", key)  # type: ignore[no-any-return]

    def find(self, key: str) -> Variable | ValueSet | Rule | Measure | RecordType:
        """Return the variable, value set, rule, measure or record type called ``key``.

        Variables win when a value set shares the id (e.g. ``kon``); ask
        :meth:`value_set` for the value set.
        """
        for section in ("variables", "value_sets", "measures", "rules", "record_types"):
            if key in self._by[section]:
                return self._by[section][key]  # type: ignore[no-any-return]
        known = {k for s in ("variables", "value_sets", "measures", "rules") for k in self._by[s]}
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
        checks = (
            (record_type, "record_types", "record type"),
            (phase, "phases", "phase"),
            (area, "areas", "area"),
            (kind, "kinds", "kind"),
            (status, "statuses", "status"),
        )
        for value, section, label in checks:
            if value is not None:
                self._get(section, label, value)
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
        from bbic_su.spec._check import measure_variables

        return tuple(m for m in self.measures if variable in measure_variables(self, m))

    def rules_for(self, variable: str) -> tuple[Rule, ...]:
        """Catalogue rules attached to ``variable`` or reading it in their expression."""
        from bbic_su.spec._check import rule_variables

        attached = {r.rule for r in self.variable(variable).rules if r.rule}
        return tuple(
            r for r in self.rules if r.id in attached or variable in rule_variables(self, r)
        )


@keywords("extra")
@boundary
def load_catalog(
    paths: str | os.PathLike[str] | Traversable | None = None,
    *,
    extra: Sequence[str | os.PathLike[str]] = (),
) -> Catalog:
    """Load, check and return a catalogue.

    Args:
        paths: A spec-data folder (laid out like the packaged ``spec_data``);
            ``None`` for the catalogue shipped with the library.
        extra: A municipality's local extension files (YAML): variables, value
            sets and answer options whose ids start with ``x_``.

    Returns:
        The checked catalogue.

    Raises:
        SpecDataError: A file is malformed, an id is duplicated or not snake_case,
            a reference does not resolve, or a local id collides with a national one.
    """
    from bbic_su.spec._check import build_catalog
    from bbic_su.spec._load import read_local_file, read_spec_files, root_of

    files = _packaged_files() if paths is None else read_spec_files(root_of(paths))
    locals_ = [(os.fspath(p), read_local_file(p)) for p in extra]
    return build_catalog(files, locals_)


@functools.cache
def _packaged_files() -> SpecFiles:
    """The packaged spec files, parsed once (frozen records; extensions are added per call)."""
    from bbic_su.spec._load import packaged_root, read_spec_files

    return read_spec_files(packaged_root())


@functools.cache
def catalog() -> Catalog:
    """The default catalogue shipped with the library (loaded once, then cached)."""
    return load_catalog()
