"""The predicate expression language of the catalogue: parser, unparser and checker.

>>> from bbic_su.expr import And, parse, refs, to_text
>>> e = parse('kon == "flicka" and not_missing(insats.insatstyp)')
>>> isinstance(e, And)
True
>>> to_text(e)
'kon == "flicka" and not_missing(insats.insatstyp)'
>>> [to_text(r) for r in refs(e)]
['kon', 'insats.insatstyp']

Measures, rules and variable conditions are small boolean expressions. Precedence, from
loosest to tightest: ``or``, ``and``, ``not``, comparisons (``== != < <= > >=``,
``in [..]``, ``not in [..]``), primaries (literal, name, call, parenthesised expression).
Literals are double-quoted strings without escapes, integers (possibly negative), lists of
literals and the rare keywords ``true``, ``false`` and ``null``. A name is ``var`` or
``rt.var``; ``{variable}`` is the placeholder of template measures (see :func:`substitute`).

Functions: ``is_missing(x)``, ``not_missing(x)`` (empty, or only the code ``uppgift_saknas``),
``contains(x, "c")``, ``contains_any(x, [..])`` (multi-select), ``in_group(x, "g")``,
``days_between(a, b)`` (``b`` minus ``a`` in days), ``add_months(d, n)`` (day clamped to the
month end), ``alder(d)`` and ``applies(x)``. Only the birth year survives pseudonymisation, so
``alder(d)`` is ``d.year`` minus the birth year: the age the child reaches in that calendar
year, not the age in completed years on the day.

Evaluation lives in :mod:`bbic_su.expr._evaluate`; this module imports neither pandas nor numpy.
The implementation is split over private modules (the syntax tree and unparser in
:mod:`bbic_su.expr._ast`, the parser in :mod:`bbic_su.expr._parser`, the checker in
:mod:`bbic_su.expr._check`); import the names from here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import attrs

from bbic_su.errors import ExpressionError
from bbic_su.expr._ast import COMPARE_OPS as COMPARE_OPS
from bbic_su.expr._ast import FUNCTIONS as _FUNCTIONS
from bbic_su.expr._ast import KEYWORDS as KEYWORDS
from bbic_su.expr._ast import (
    And,
    Call,
    Compare,
    Const,
    Expr,
    InList,
    ListLit,
    Literal,
    Not,
    Num,
    Or,
    Ref,
    Resolver,
    Str,
    Template,
    child_nodes,
    to_text,
)
from bbic_su.expr._check import check
from bbic_su.expr._parser import parse

__all__ = [
    "FUNCTIONS",
    "And",
    "Call",
    "Compare",
    "Const",
    "Expr",
    "InList",
    "ListLit",
    "Literal",
    "Not",
    "Num",
    "Or",
    "Ref",
    "Resolver",
    "Str",
    "Template",
    "check",
    "parse",
    "refs",
    "substitute",
    "to_text",
    "walk",
]


#: Function name -> number of arguments (the same object the checker uses).
FUNCTIONS: dict[str, int] = _FUNCTIONS


def walk(expr: Expr) -> Iterator[Expr]:
    yield expr
    for child in child_nodes(expr):
        yield from walk(child)


def refs(expr: Expr) -> tuple[Ref, ...]:
    """The distinct references in ``expr``, in order of first appearance in the text."""
    return tuple(dict.fromkeys(e for e in walk(expr) if isinstance(e, Ref)))


def _transform(expr: Expr, fn: Callable[[Expr], Expr]) -> Expr:
    if isinstance(expr, Compare):
        expr = Compare(expr.op, _transform(expr.left, fn), _transform(expr.right, fn))
    elif isinstance(expr, InList):
        expr = attrs.evolve(expr, operand=_transform(expr.operand, fn))
    elif isinstance(expr, And | Or):
        expr = type(expr)(tuple(_transform(o, fn) for o in expr.operands))
    elif isinstance(expr, Not):
        expr = Not(_transform(expr.operand, fn))
    elif isinstance(expr, Call):
        expr = Call(expr.func, tuple(_transform(a, fn) for a in expr.args))
    return fn(expr)


def substitute(expr: Expr, variable: str) -> Expr:
    """Replace the ``{variable}`` placeholder with a reference to ``variable``.

    Args:
        expr: An expression, typically of a template measure.
        variable: A variable id, ``var`` or ``rt.var``.

    Raises:
        ExpressionError: ``variable`` is not a name.
    """
    ref = parse(variable)
    if not isinstance(ref, Ref):
        raise ExpressionError("not a variable name", variable, 0)
    return _transform(expr, lambda e: ref if isinstance(e, Template) else e)
