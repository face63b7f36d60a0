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
:mod:`bbic_su.expr._check`); :mod:`bbic_su.expr` exports the public names.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import attrs

from bbic_su.errors import ExpressionError
from bbic_su.expr import _ast as ast_
from bbic_su.expr._check import check
from bbic_su.expr._parser import parse

__all__ = ["FUNCTIONS", "check", "parse", "refs", "substitute", "walk"]


#: Function name -> number of arguments (the same object the checker uses).
FUNCTIONS: dict[str, int] = ast_.FUNCTIONS


def walk(expr: ast_.Expr) -> Iterator[ast_.Expr]:
    yield expr
    for child in ast_.child_nodes(expr):
        yield from walk(child)


def refs(expr: ast_.Expr) -> tuple[ast_.Ref, ...]:
    """The distinct references in ``expr``, in order of first appearance in the text."""
    return tuple(dict.fromkeys(e for e in walk(expr) if isinstance(e, ast_.Ref)))


def _transform(expr: ast_.Expr, fn: Callable[[ast_.Expr], ast_.Expr]) -> ast_.Expr:
    if isinstance(expr, ast_.Compare):
        expr = ast_.Compare(expr.op, _transform(expr.left, fn), _transform(expr.right, fn))
    elif isinstance(expr, ast_.InList):
        expr = attrs.evolve(expr, operand=_transform(expr.operand, fn))
    elif isinstance(expr, ast_.And | ast_.Or):
        expr = type(expr)(tuple(_transform(o, fn) for o in expr.operands))
    elif isinstance(expr, ast_.Not):
        expr = ast_.Not(_transform(expr.operand, fn))
    elif isinstance(expr, ast_.Call):
        expr = ast_.Call(expr.func, tuple(_transform(a, fn) for a in expr.args))
    return fn(expr)


def substitute(expr: ast_.Expr, variable: str) -> ast_.Expr:
    """Replace the ``{variable}`` placeholder with a reference to ``variable``.

    Args:
        expr: An expression, typically of a template measure.
        variable: A variable id, ``var`` or ``rt.var``.

    Raises:
        ExpressionError: ``variable`` is not a name.
    """
    ref = parse(variable)
    if not isinstance(ref, ast_.Ref):
        raise ExpressionError("not a variable name", variable, 0)
    return _transform(expr, lambda e: ref if isinstance(e, ast_.Template) else e)
