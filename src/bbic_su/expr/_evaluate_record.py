"""Evaluation of a predicate expression on one record.

>>> import datetime as dt
>>> from types import SimpleNamespace
>>> from bbic_su.expr._evaluate_record import evaluate_record
>>> from bbic_su.expr import parse
>>> kinds = {"start": "date", "slut": "date", "fodelsear": "integer"}
>>> resolver = SimpleNamespace(  # a minimal Resolver
...     resolve=lambda ref: ref.name, datatype=kinds.__getitem__, codes=lambda key: None,
...     group=lambda key, group: None, applies_if=lambda key: None,
...     birth_year_key=lambda: "fodelsear",
... )
>>> values = {"start": dt.date(2024, 1, 31), "slut": dt.date(2024, 3, 1), "fodelsear": 2014}
>>> e = parse("days_between(start, slut) == 30 and alder(start) >= 10")
>>> evaluate_record(e, values, resolver)
True
>>> evaluate_record(parse("add_months(start, 1) < slut and not_missing(start)"), {}, resolver)
False

:func:`evaluate_record` is re-exported by :mod:`bbic_su.expr._evaluate`, which describes the
semantics it shares with the frame evaluator.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from bbic_su.errors import ExpressionError
from bbic_su.expr import _ast as ast_
from bbic_su.expr._evaluate_common import (
    applies_if_of,
    birth_key,
    compare_values,
    group_of,
    is_blank,
    is_missing_value,
    literal_value,
    norm_code,
    norm_codes,
    prepare,
    shift_months,
)

__all__ = ["evaluate_record"]


def evaluate_record(expr: ast_.Expr, values: Mapping[str, object], resolver: ast_.Resolver) -> bool:
    """Evaluate a condition on one record.

    Args:
        expr: A parsed condition without the template placeholder.
        values: Column key (as :meth:`Resolver.resolve` gives it) to value; absent keys
            are missing.
        resolver: Knows the datatypes, value sets and conditions of the keys.

    Returns:
        Whether the condition holds.

    Raises:
        ExpressionError: The expression has problems (see :func:`bbic_su.expr.check`) or a
            value does not fit its datatype.
    """
    prepare(expr, resolver)
    return bool(_Record(values, resolver).value(expr, 0))


class _Record:
    def __init__(self, values: Mapping[str, object], resolver: ast_.Resolver) -> None:
        self.values = values
        self.resolver = resolver

    def column(self, key: str) -> object:
        raw, kind = self.values.get(key), self.resolver.datatype(key)
        if kind == "codes":
            return norm_codes(raw)
        if kind in ("code", "text"):
            return norm_code(raw)
        if is_blank(raw):
            return None
        if kind == "date" and isinstance(raw, dt.datetime):
            return raw.date()
        if kind == "date" and isinstance(raw, dt.date):
            return raw
        if kind == "date" and isinstance(raw, np.datetime64):
            return pd.Timestamp(raw).date()
        if kind == "integer" and isinstance(raw, int | np.integer):
            return int(raw)
        if kind == "integer" and isinstance(raw, float | np.floating) and float(raw).is_integer():
            return int(raw)
        raise ExpressionError(f"{key}: {type(raw).__name__} value is not a {kind}")

    def value(self, expr: ast_.Expr, depth: int) -> Any:
        if isinstance(expr, ast_.Ref):
            return self.column(self.resolver.resolve(expr))
        if isinstance(expr, ast_.And):
            return all(self.value(o, depth) for o in expr.operands)
        if isinstance(expr, ast_.Or):
            return any(self.value(o, depth) for o in expr.operands)
        if isinstance(expr, ast_.Not):
            return not self.value(expr.operand, depth)
        if isinstance(expr, ast_.Compare):
            left, right = self.value(expr.left, depth), self.value(expr.right, depth)
            return compare_values(expr.op, left, right)
        if isinstance(expr, ast_.InList):
            operand = self.value(expr.operand, depth)
            if operand is None:
                return expr.negated
            return (operand in {literal_value(i) for i in expr.items}) != expr.negated
        if isinstance(expr, ast_.Call):
            return self.call(expr, depth)
        return literal_value(expr)

    def call(self, expr: ast_.Call, depth: int) -> Any:
        func, args = expr.func, expr.args
        if func == "applies":
            cond = applies_if_of(args[0], self.resolver, depth + 1)
            return cond is None or self.value(cond, depth + 1)
        if func == "alder":
            day = self.value(args[0], depth)
            birth = self.column(birth_key(self.resolver))
            return None if day is None or birth is None else day.year - birth
        a, b = (self.value(arg, depth) for arg in args) if len(args) == 2 else (None, None)
        if func == "days_between":
            return None if a is None or b is None else (b - a).days
        if func == "add_months":
            return shift_months(a, b)
        if func == "contains":
            return a is not None and b in a
        if func == "contains_any":
            return a is not None and bool(a & b)
        if func == "in_group":
            return a in group_of(expr, self.resolver)
        missing = is_missing_value(self.value(args[0], depth))
        return missing if func == "is_missing" else not missing
