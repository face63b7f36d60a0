"""Assemble a :class:`~bbic_su.spec.Catalog` and check every cross-reference.

>>> from bbic_su.spec._check import measure_variables
>>> import bbic_su
>>> sorted(measure_variables(bbic_su.catalog(), bbic_su.catalog().measure("m_mal_uppnatt")))
['insatstyp', 'kon', 'maluppfyllelse', 'uppfoljningsdatum', 'uppfoljningstyp']

Checks (each failure is a :class:`~bbic_su.errors.SpecDataError` naming the
file and key path): ids unique and ASCII snake_case; national ids never start
with ``x_`` and local ids always do; every source, legal source, phase, area,
kind, document, record type, value set, variable, rule, code and group that an
entry names exists; evidence matches status; predicates parse and type-check.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from bbic_su import expr as _expr
from bbic_su.errors import ExpressionError, SpecDataError
from bbic_su.spec._catalog_type import Catalog, measure_variables, rule_variables
from bbic_su.spec._load import LocalFile, SpecFiles, iter_entries
from bbic_su.spec.model import Code, ValueSet, Variable

__all__ = [
    "CODE_ID",
    "LEGAL_ID",
    "LOCAL_PREFIX",
    "RULE_ID",
    "SNAKE_ID",
    "SPECIAL_BREAKDOWNS",
    "CatalogResolver",
    "build_catalog",
    "measure_variables",
    "rule_variables",
]

SNAKE_ID = re.compile(r"^[a-z][a-z0-9_]*$")
CODE_ID = re.compile(r"^[a-z0-9][a-z0-9_]*$")
RULE_ID = re.compile(r"^R\d{2}$")
LEGAL_ID = re.compile(r"^L_[A-Z0-9_]+$")
LOCAL_PREFIX = "x_"
SPECIAL_BREAKDOWNS = frozenset({"kommunkod", "period"})


class CatalogResolver:
    """Resolve predicate names against the catalogue from one record type's point of view.

    Own variables and keys resolve to their bare id (``"kon"`` on barn);
    ancestors' to ``"<record type>.<id>"`` (``"insats.insatstyp"`` on uppfoljning).
    """

    def __init__(self, cat: Catalog, record_type: str) -> None:
        self._cat = cat
        self._rt = record_type
        self._chain = [cat.record_type(record_type), *cat.ancestors(record_type)]
        self._applies: dict[str, _expr.Expr | None] = {}

    def _key(self, rt_id: str, name: str) -> str:
        return name if rt_id == self._rt else f"{rt_id}.{name}"

    def resolve(self, ref: _expr.Ref) -> str:
        """Return the column key of ``ref`` or raise :class:`ExpressionError`."""
        chain = [rt for rt in self._chain if ref.record_type in (None, rt.id)]
        if ref.record_type is not None and not chain:
            raise ExpressionError(
                f"{ref.record_type} is not {self._rt} or one of its ancestors", ref.name
            )
        var = self._cat.index.variables.get(ref.name)
        for rt in chain:
            if var is not None and var.record_type == rt.id:
                return self._key(rt.id, ref.name)
            if ref.name in rt.key_fields:
                return self._key(rt.id, ref.name)
        if var is not None:
            raise ExpressionError(
                f"variable {ref.name} lives on {var.record_type}, not reachable from {self._rt}",
                ref.name,
            )
        raise ExpressionError(f"unknown name {ref.name!r} on {self._rt}", ref.name)

    def key_of(self, name: str) -> str:
        """The column key of variable or key ``name`` (``"kon"``, ``"insats.insatstyp"``).

        Raises:
            ExpressionError: ``name`` is not a reference, or not reachable from here.
        """
        ref = _expr.parse(name)
        if not isinstance(ref, _expr.Ref):
            raise ExpressionError(f"{name!r} is not a variable or key name", name)
        return self.resolve(ref)

    def _variable(self, key: str) -> Variable | None:
        return self._cat.index.variables.get(key.rpartition(".")[2])

    def datatype(self, key: str) -> str:
        """Datatype of the column ``key`` (keys are ``text``)."""
        var = self._variable(key)
        return var.datatype if var is not None else "text"

    def codes(self, key: str) -> frozenset[str] | None:
        """Codes allowed in column ``key``, or ``None`` when it is not coded."""
        var = self._variable(key)
        if var is None or var.value_set is None:
            return None
        return frozenset(self._cat.value_set(var.value_set).code_ids)

    def group(self, key: str, group: str) -> frozenset[str] | None:
        """Members of ``group`` in the value set of column ``key``."""
        var = self._variable(key)
        if var is None or var.value_set is None:
            return None
        members = self._cat.value_set(var.value_set).groups.get(group)
        return frozenset(members) if members is not None else None

    def applies_if(self, key: str) -> _expr.Expr | None:
        """The parsed ``applies_if`` condition of the variable behind ``key``."""
        var = self._variable(key)
        if var is None or var.applies_if is None:
            return None
        if key not in self._applies:
            self._applies[key] = _expr.parse(var.applies_if)
        return self._applies[key]

    def birth_year_key(self) -> str:
        """Column key of the child's birth year."""
        return self._key("barn", "fodelsear")


@attrs.define
class _Builder:
    files: SpecFiles
    where: dict[tuple[str, str], tuple[str, str]] = attrs.field(factory=dict)

    def fail(self, kind: str, key: str, sub: str, message: str) -> SpecDataError:
        file, path = self.where.get((kind, key), ("?", key))
        full = ".".join(p for p in (path, sub) if p)
        return SpecDataError(file, full, message)

    def register(self, kind: str, key: str, file: str, path: str) -> None:
        if (kind, key) in self.where:
            first = self.where[(kind, key)][0]
            raise SpecDataError(
                file, f"{path}.id", f"duplicate {kind} id {key!r} (first in {first})"
            )
        self.where[(kind, key)] = (file, f"{path}<{key}>" if path else "")


def _merge_local(
    b: _Builder,
    value_sets: list[ValueSet],
    variables: list[Variable],
    locals_: Sequence[tuple[str, LocalFile]],
) -> None:
    by_vs = {vs.id: i for i, vs in enumerate(value_sets)}
    for name, lf in locals_:
        for i, vs in enumerate(lf.value_sets):
            if not vs.id.startswith(LOCAL_PREFIX):
                raise SpecDataError(
                    name,
                    f"value_sets[{i}].id",
                    f"local value set id {vs.id!r} must start with 'x_'",
                )
            b.register("value set", vs.id, name, f"value_sets[{i}]")
            by_vs[vs.id] = len(value_sets)
            value_sets.append(
                attrs.evolve(
                    vs, local=True, codes=tuple(attrs.evolve(c, local=True) for c in vs.codes)
                )
            )
        for i, lc in enumerate(lf.codes):
            if lc.value_set not in by_vs:
                raise SpecDataError(
                    name, f"codes[{i}].value_set", f"unknown value set {lc.value_set!r}"
                )
            target = value_sets[by_vs[lc.value_set]]
            for j, c in enumerate(lc.codes):
                where = f"codes[{i}].codes[{j}].code"
                if c.code in target.code_ids:
                    raise SpecDataError(
                        name,
                        where,
                        f"code {c.code!r} already exists in value set {target.id}; "
                        "a local file cannot redefine it",
                    )
                if not c.code.startswith(LOCAL_PREFIX):
                    raise SpecDataError(name, where, f"local code {c.code!r} must start with 'x_'")
            added = tuple(attrs.evolve(c, local=True) for c in lc.codes)
            value_sets[by_vs[lc.value_set]] = attrs.evolve(target, codes=target.codes + added)
        for i, var in enumerate(lf.variables):
            if not var.id.startswith(LOCAL_PREFIX):
                raise SpecDataError(
                    name,
                    f"variables[{i}].id",
                    f"local variable id {var.id!r} must start with 'x_' so it can "
                    "never redefine a national variable",
                )
            b.register("variable", var.id, name, f"variables[{i}]")
            variables.append(attrs.evolve(var, local=True))


def _inherit_code_status(vs: ValueSet) -> ValueSet:
    codes = tuple(
        c if c.status is not None else attrs.evolve(c, status=vs.status) for c in vs.codes
    )
    return attrs.evolve(vs, codes=codes)


def build_catalog(files: SpecFiles, locals_: Sequence[tuple[str, LocalFile]] = ()) -> Catalog:
    """Merge the national files with local extensions and check every reference.

    Raises:
        SpecDataError: The first fault found, with its file and key path.
    """
    b = _Builder(files)
    kinds = {
        "StatusInfo": "status",
        "Source": "source",
        "Act": "act",
        "LegalSource": "legal source",
        "Phase": "phase",
        "Area": "area",
        "Kind": "kind",
        "Document": "document",
        "RecordType": "record type",
        "ValueSet": "value set",
        "Variable": "variable",
        "Measure": "measure",
        "Rule": "rule",
    }
    for file, path, entry in iter_entries(files):
        b.register(kinds[type(entry).__name__], entry.id, file, path)
    value_sets = [vs for _, vs in files.value_sets]
    variables = [v for _, vf in files.variables for v in vf.variables]
    for rel, vf in files.variables:
        for i, v in enumerate(vf.variables):
            if v.record_type != vf.record_type:
                raise SpecDataError(
                    rel,
                    f"variables[{i}].record_type",
                    f"{v.id} is on {v.record_type} but the file holds {vf.record_type}",
                )
    _merge_local(b, value_sets, variables, locals_)
    s = files.structure
    cat = Catalog(
        spec=files.manifest.spec,
        statuses=files.manifest.statuses,
        sources=files.sources.sources,
        legal_sources=files.sources.legal_sources,
        acts=files.sources.acts,
        phases=s.phases,
        areas=s.areas,
        kinds=s.kinds,
        documents=s.documents,
        record_types=files.record_types.record_types,
        value_sets=tuple(_inherit_code_status(vs) for vs in value_sets),
        variables=tuple(variables),
        measures=files.measures.measures,
        rules=files.rules.rules,
        measure_conventions=files.measures.conventions,
        disclosure=files.disclosure,
        extensions=tuple(name for name, _ in locals_),
    )
    from bbic_su.spec._check_refs import check_references

    check_references(cat, b.fail)
    return cat


def parse_checked(text: str, cat: Catalog, record_type: str) -> list[str]:
    """Parse ``text`` and type-check it on ``record_type``; return the problems."""
    try:
        tree = _expr.parse(text)
    except ExpressionError as exc:
        return [str(exc)]
    return _expr.check(tree, CatalogResolver(cat, record_type))


def ids(items: Iterable[Any]) -> set[str]:
    """The ``id`` of every item."""
    return {i.id for i in items}


def codes_of(cat: Catalog, vs_id: str) -> tuple[Code, ...]:
    """Codes of value set ``vs_id``."""
    return cat.value_set(vs_id).codes
