"""The scalar semantics shared by the record and the frame evaluators, and their set-up.

>>> import datetime as dt
>>> from bbic_su.expr._evaluate_common import shift_months, compare_values, norm_codes, is_blank
>>> shift_months(dt.date(2024, 1, 31), 1)
datetime.date(2024, 2, 29)
>>> compare_values("!=", None, "ja"), compare_values("<", None, 3)
(True, False)
>>> is_blank(""), is_blank(float("nan")), is_blank(0)
(True, True, False)
>>> sorted(norm_codes("skola|forskola"))
['forskola', 'skola']

The rules these helpers implement are listed in :mod:`bbic_su.expr._evaluate`. The record
evaluator (:mod:`bbic_su.expr._evaluate_record`) applies them to one value, the frame evaluator
(:mod:`bbic_su.expr._evaluate_frame`) to each distinct value of a code or text column.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import operator
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from bbic_su.errors import ExpressionError
from bbic_su.expr._api import check
from bbic_su.expr._ast import Call, Const, Expr, ListLit, Num, Ref, Resolver, Str, Template, to_text

__all__ = [
    "MISSING_CODE",
    "OPS",
    "applies_if_of",
    "birth_key",
    "compare_values",
    "group_of",
    "is_blank",
    "is_missing_value",
    "literal_value",
    "norm_code",
    "norm_codes",
    "prepare",
    "shift_months",
]

MISSING_CODE = "uppgift_saknas"
OPS: dict[str, Callable[[Any, Any], Any]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}
_MAX_APPLIES_DEPTH = 20


def is_blank(value: object) -> bool:
    """True for None, NA, NaT, NaN and the empty string: a blank cell of any column type."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, str):
        return value == ""
    if isinstance(value, float | np.floating):
        return math.isnan(value)
    return isinstance(value, np.datetime64) and bool(np.isnat(value))


def norm_code(value: object) -> str | None:
    return None if is_blank(value) else str(value)


def norm_codes(value: object) -> frozenset[str] | None:
    if isinstance(value, set | frozenset | list | tuple):
        codes = frozenset(str(v) for v in value if not is_blank(v))
    elif is_blank(value):
        return None
    else:
        codes = frozenset(c for c in str(value).split("|") if c)
    return codes or None


def compare_values(op: str, left: object, right: object) -> bool:
    if left is None or right is None:
        return op == "!="
    return bool(OPS[op](left, right))


def is_missing_value(value: object) -> bool:
    return value is None or value == MISSING_CODE or value == frozenset({MISSING_CODE})


def shift_months(day: dt.date | None, months: int | None) -> dt.date | None:
    if day is None or months is None:
        return None
    year, month0 = divmod(day.year * 12 + day.month - 1 + months, 12)
    if not 1 <= year <= 9999:
        return None
    return dt.date(year, month0 + 1, min(day.day, calendar.monthrange(year, month0 + 1)[1]))


def literal_value(expr: Expr) -> object:
    if isinstance(expr, Str | Num | Const):
        return expr.value
    if isinstance(expr, ListLit):
        return frozenset(literal_value(i) for i in expr.items)
    raise ExpressionError(f"cannot evaluate {to_text(expr)}; substitute the placeholder first")


def prepare(expr: Expr, resolver: Resolver) -> None:
    if isinstance(expr, Template):
        raise ExpressionError("substitute the {variable} placeholder before evaluating")
    problems = check(expr, resolver)
    if problems:
        raise ExpressionError("; ".join(problems), to_text(expr))


def applies_if_of(arg: Expr, resolver: Resolver, depth: int) -> Expr | None:
    if depth > _MAX_APPLIES_DEPTH:
        raise ExpressionError("applies() conditions nest too deeply (a cycle?)")
    if not isinstance(arg, Ref):
        raise ExpressionError("substitute the {variable} placeholder before evaluating")
    cond = resolver.applies_if(resolver.resolve(arg))
    if cond is not None:
        prepare(cond, resolver)
    return cond


def group_of(call: Call, resolver: Resolver) -> frozenset[str]:
    ref, name = call.args
    assert isinstance(ref, Ref)  # guaranteed by check()
    assert isinstance(name, Str)
    return resolver.group(resolver.resolve(ref), name.value) or frozenset()


def birth_key(resolver: Resolver) -> str:
    key = resolver.birth_year_key()
    if resolver.datatype(key) != "integer":
        raise ExpressionError(f"birth-year column {key} is not an integer")
    return key
