"""Resolve the names of a predicate against the catalogue, from one record type's point of view.

>>> import bbic_su
>>> from bbic_su.expr import parse
>>> from bbic_su.spec._resolver import CatalogResolver, parse_checked
>>> resolver = CatalogResolver(bbic_su.catalog(), "uppfoljning")
>>> resolver.resolve(parse("insatstyp")), resolver.resolve(parse("kon"))
('insats.insatstyp', 'barn.kon')
>>> parse_checked('kon == "flicka"', bbic_su.catalog(), "barn")
[]
>>> parse_checked('kon == 3', bbic_su.catalog(), "barn")  # doctest: +ELLIPSIS
['...']

Every stage that evaluates an expression on data (validation, measures, derivations,
synthetic data) resolves its names here; the catalogue checks type-check the
catalogue's own expressions with :func:`parse_checked`.
"""

from __future__ import annotations

from bbic_su import expr as _expr
from bbic_su.errors import ExpressionError
from bbic_su.spec._catalog_type import Catalog
from bbic_su.spec.model import Variable

__all__ = ["CatalogResolver", "parse_checked"]


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


def parse_checked(text: str, cat: Catalog, record_type: str) -> list[str]:
    """Parse ``text`` and type-check it on ``record_type``; return the problems."""
    try:
        tree = _expr.parse(text)
    except ExpressionError as exc:
        return [str(exc)]
    return _expr.check(tree, CatalogResolver(cat, record_type))
