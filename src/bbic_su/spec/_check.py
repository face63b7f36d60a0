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

from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from bbic_su.errors import SpecDataError
from bbic_su.spec._catalog_type import Catalog, measure_variables, rule_variables
from bbic_su.spec._check_refs import LOCAL_PREFIX, check_references
from bbic_su.spec._load import LocalFile, SpecFiles, iter_entries
from bbic_su.spec._resolver import CatalogResolver, parse_checked
from bbic_su.spec.model import Code, ValueSet, Variable

__all__ = [
    "CatalogResolver",
    "build_catalog",
    "codes_of",
    "ids",
    "measure_variables",
    "parse_checked",
    "rule_variables",
]


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
    check_references(cat, b.fail)
    return cat


def ids(items: Iterable[Any]) -> set[str]:
    """The ``id`` of every item."""
    return {i.id for i in items}


def codes_of(cat: Catalog, vs_id: str) -> tuple[Code, ...]:
    """Codes of value set ``vs_id``."""
    return cat.value_set(vs_id).codes
