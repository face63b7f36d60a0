"""Syntax tree of the predicate language: node classes, the resolver protocol and the unparser.

>>> from bbic_su.expr._ast import And, Compare, Ref, Str, to_text
>>> tree = And((Compare("==", Ref("kon"), Str("flicka")), Ref("insatstyp", "insats")))
>>> to_text(tree)
'kon == "flicka" and insats.insatstyp'
>>> tree == And((Compare("==", Ref("kon"), Str("flicka")), Ref("insatstyp", "insats")))
True

The nodes are frozen attrs classes, so trees compare and hash by value. This module is
the bottom of the predicate language: the parser (:mod:`bbic_su.expr._parser`), the checker
(:mod:`bbic_su.expr._check`) and :mod:`bbic_su.expr`, which re-exports the public names, all
import it, and it imports none of them.
"""

from __future__ import annotations

from typing import Protocol, TypeAlias

import attrs

KEYWORDS = frozenset({"and", "or", "not", "in", "true", "false", "null"})
COMPARE_OPS = ("==", "!=", "<", "<=", ">", ">=")
#: Function name -> number of arguments.
FUNCTIONS: dict[str, int] = {
    "is_missing": 1,
    "not_missing": 1,
    "contains": 2,
    "contains_any": 2,
    "in_group": 2,
    "days_between": 2,
    "add_months": 2,
    "alder": 1,
    "applies": 1,
}


_NAME_RE = r"(?!(?:and|or|not|in|true|false|null)$)[A-Za-z_][A-Za-z0-9_]*"
_name = attrs.validators.matches_re(_NAME_RE)


@attrs.frozen
class Ref:
    """A variable or key field, ``name`` or ``record_type.name``."""

    name: str = attrs.field(validator=_name)
    record_type: str | None = attrs.field(default=None, validator=attrs.validators.optional(_name))


@attrs.frozen
class Str:
    """A double-quoted string literal (a code or a group name)."""

    value: str = attrs.field(validator=attrs.validators.matches_re(r'[^"]*'))


@attrs.frozen
class Num:
    """An integer literal."""

    value: int


@attrs.frozen
class Const:
    """``true``, ``false`` or ``null``."""

    value: bool | None


@attrs.frozen
class ListLit:
    """A list of literals, ``["a", "b"]``."""

    items: tuple[Literal, ...]


@attrs.frozen
class Template:
    """The ``{variable}`` placeholder of template measures."""


@attrs.frozen
class Compare:
    """``left op right`` with ``op`` one of ``== != < <= > >=``."""

    op: str = attrs.field(validator=attrs.validators.in_(COMPARE_OPS))
    left: Expr
    right: Expr


@attrs.frozen
class InList:
    """``operand in [..]`` or, when ``negated``, ``operand not in [..]``."""

    operand: Expr
    items: tuple[Literal, ...]
    negated: bool = False


@attrs.frozen
class And:
    """Conjunction of two or more operands."""

    operands: tuple[Expr, ...]


@attrs.frozen
class Or:
    """Disjunction of two or more operands."""

    operands: tuple[Expr, ...]


@attrs.frozen
class Not:
    """Negation."""

    operand: Expr


@attrs.frozen
class Call:
    """A function call ``func(args...)``."""

    func: str = attrs.field(validator=_name)
    args: tuple[Expr, ...] = ()


Literal: TypeAlias = Str | Num | Const
Expr: TypeAlias = (
    Ref | Str | Num | Const | ListLit | Template | Compare | InList | And | Or | Not | Call
)


class Resolver(Protocol):
    """What :func:`check` and the evaluators need to know about names (the catalogue)."""

    def resolve(self, ref: Ref) -> str:
        """Canonical column key of ``ref``; raise ExpressionError if unknown or unreachable."""

    def datatype(self, key: str) -> str:
        """``"code"``, ``"codes"``, ``"date"``, ``"integer"`` or ``"text"``."""

    def codes(self, key: str) -> frozenset[str] | None:
        """The value-set codes of a code/codes key, None if it has no value set."""

    def group(self, key: str, group: str) -> frozenset[str] | None:
        """The codes of a value-set group, None if the value set has no such group."""

    def applies_if(self, key: str) -> Expr | None:
        """The variable's own condition, already parsed; None if it always applies."""

    def birth_year_key(self) -> str:
        """Key of the child's birth-year column (used by ``alder``)."""


def child_nodes(expr: Expr) -> tuple[Expr, ...]:
    if isinstance(expr, Compare):
        return (expr.left, expr.right)
    if isinstance(expr, InList):
        return (expr.operand, *expr.items)
    if isinstance(expr, And | Or):
        return expr.operands
    if isinstance(expr, Not):
        return (expr.operand,)
    if isinstance(expr, Call):
        return expr.args
    if isinstance(expr, ListLit):
        return expr.items
    return ()


def _wrap(expr: Expr, types: tuple[type, ...]) -> str:
    text = to_text(expr)
    return f"({text})" if isinstance(expr, types) else text


def to_text(expr: Expr) -> str:
    """Canonical text of ``expr``; ``parse(to_text(e)) == e``."""
    if isinstance(expr, Ref):
        return f"{expr.record_type}.{expr.name}" if expr.record_type else expr.name
    if isinstance(expr, Str):
        return f'"{expr.value}"'
    if isinstance(expr, Num):
        return str(expr.value)
    if isinstance(expr, Const):
        return {True: "true", False: "false", None: "null"}[expr.value]
    if isinstance(expr, ListLit):
        return "[" + ", ".join(to_text(i) for i in expr.items) + "]"
    if isinstance(expr, Template):
        return "{variable}"
    tight = (Compare, InList, And, Or, Not)
    if isinstance(expr, Compare):
        return f"{_wrap(expr.left, tight)} {expr.op} {_wrap(expr.right, tight)}"
    if isinstance(expr, InList):
        op = "not in" if expr.negated else "in"
        return f"{_wrap(expr.operand, tight)} {op} {to_text(ListLit(expr.items))}"
    if isinstance(expr, And):
        return " and ".join(_wrap(o, (And, Or)) for o in expr.operands)
    if isinstance(expr, Or):
        return " or ".join(_wrap(o, (And, Or)) for o in expr.operands)
    if isinstance(expr, Not):
        return "not " + _wrap(expr.operand, (And, Or))
    return f"{expr.func}(" + ", ".join(to_text(a) for a in expr.args) + ")"
