"""Evaluation of predicate expressions on a frame (vectorised) and on one record.

The two evaluators share the scalar semantics below, so they agree on every input:

* Missing is None, ``pd.NA``, ``NaT``, NaN or the empty string. A multi-select value with
  no codes is missing too.
* ``==`` and ordering comparisons with a missing operand are false, ``!=`` is true;
  ``in [..]`` is false and ``not in [..]`` true.
* ``days_between``, ``add_months`` and ``alder`` of a missing argument are missing;
  ``contains``, ``contains_any`` and ``in_group`` of a missing value are false.
* ``is_missing(x)`` also holds when x is (or contains only) the code ``uppgift_saknas``.
* A key absent from the frame or record is all-missing.

Representations: in a frame, code and text columns hold strings, multi-select columns
hold codes joined by ``|``, dates are datetime64 and integers numeric (nullable Int64).
In a record, multi-select values may also be sets, lists or tuples of codes, dates are
:class:`datetime.date` and integers :class:`int`.

Expressions are checked with :func:`bbic_su.expr.check` first; an expression with
problems raises :class:`~bbic_su.errors.ExpressionError`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import operator
from collections.abc import Callable, Mapping
from typing import Any, TypeAlias

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

from bbic_su.errors import ExpressionError
from bbic_su.expr import (
    And,
    Call,
    Compare,
    Const,
    Expr,
    InList,
    ListLit,
    Not,
    Num,
    Or,
    Ref,
    Resolver,
    Str,
    Template,
    check,
    to_text,
)

__all__ = ["evaluate_frame", "evaluate_record"]

MISSING_CODE = "uppgift_saknas"
_OPS: dict[str, Callable[[Any, Any], Any]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}
_MAX_APPLIES_DEPTH = 20
BoolArray: TypeAlias = npt.NDArray[np.bool_]
IntArray: TypeAlias = npt.NDArray[np.int64]

# -------------------------------------------------------------------- scalar semantics


def _is_na(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, str):
        return value == ""
    if isinstance(value, float | np.floating):
        return math.isnan(value)
    return isinstance(value, np.datetime64) and bool(np.isnat(value))


def _norm_code(value: object) -> str | None:
    return None if _is_na(value) else str(value)


def _norm_codes(value: object) -> frozenset[str] | None:
    if isinstance(value, set | frozenset | list | tuple):
        codes = frozenset(str(v) for v in value if not _is_na(v))
    elif _is_na(value):
        return None
    else:
        codes = frozenset(c for c in str(value).split("|") if c)
    return codes or None


def _compare(op: str, left: object, right: object) -> bool:
    if left is None or right is None:
        return op == "!="
    return bool(_OPS[op](left, right))


def _is_missing(value: object) -> bool:
    return value is None or value == MISSING_CODE or value == frozenset({MISSING_CODE})


def _add_months(day: dt.date | None, months: int | None) -> dt.date | None:
    if day is None or months is None:
        return None
    year, month0 = divmod(day.year * 12 + day.month - 1 + months, 12)
    if not 1 <= year <= 9999:
        return None
    return dt.date(year, month0 + 1, min(day.day, calendar.monthrange(year, month0 + 1)[1]))


def _literal(expr: Expr) -> object:
    if isinstance(expr, Str | Num | Const):
        return expr.value
    if isinstance(expr, ListLit):
        return frozenset(_literal(i) for i in expr.items)
    raise ExpressionError(f"cannot evaluate {to_text(expr)}; substitute the placeholder first")


def _prepare(expr: Expr, resolver: Resolver) -> None:
    if isinstance(expr, Template):
        raise ExpressionError("substitute the {variable} placeholder before evaluating")
    problems = check(expr, resolver)
    if problems:
        raise ExpressionError("; ".join(problems), to_text(expr))


def _applies_if(arg: Expr, resolver: Resolver, depth: int) -> Expr | None:
    if depth > _MAX_APPLIES_DEPTH:
        raise ExpressionError("applies() conditions nest too deeply (a cycle?)")
    if not isinstance(arg, Ref):
        raise ExpressionError("substitute the {variable} placeholder before evaluating")
    cond = resolver.applies_if(resolver.resolve(arg))
    if cond is not None:
        _prepare(cond, resolver)
    return cond


def _group_of(call: Call, resolver: Resolver) -> frozenset[str]:
    ref, name = call.args
    assert isinstance(ref, Ref)  # guaranteed by check()
    assert isinstance(name, Str)
    return resolver.group(resolver.resolve(ref), name.value) or frozenset()


def _birth_key(resolver: Resolver) -> str:
    key = resolver.birth_year_key()
    if resolver.datatype(key) != "integer":
        raise ExpressionError(f"birth-year column {key} is not an integer")
    return key


# -------------------------------------------------------------------------- one record


def evaluate_record(expr: Expr, values: Mapping[str, object], resolver: Resolver) -> bool:
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
    _prepare(expr, resolver)
    return bool(_Record(values, resolver).value(expr, 0))


class _Record:
    def __init__(self, values: Mapping[str, object], resolver: Resolver) -> None:
        self.values = values
        self.resolver = resolver

    def column(self, key: str) -> object:
        raw, kind = self.values.get(key), self.resolver.datatype(key)
        if kind == "codes":
            return _norm_codes(raw)
        if kind in ("code", "text"):
            return _norm_code(raw)
        if _is_na(raw):
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

    def value(self, expr: Expr, depth: int) -> Any:
        if isinstance(expr, Ref):
            return self.column(self.resolver.resolve(expr))
        if isinstance(expr, And):
            return all(self.value(o, depth) for o in expr.operands)
        if isinstance(expr, Or):
            return any(self.value(o, depth) for o in expr.operands)
        if isinstance(expr, Not):
            return not self.value(expr.operand, depth)
        if isinstance(expr, Compare):
            left, right = self.value(expr.left, depth), self.value(expr.right, depth)
            return _compare(expr.op, left, right)
        if isinstance(expr, InList):
            operand = self.value(expr.operand, depth)
            if operand is None:
                return expr.negated
            return (operand in {_literal(i) for i in expr.items}) != expr.negated
        if isinstance(expr, Call):
            return self.call(expr, depth)
        return _literal(expr)

    def call(self, expr: Call, depth: int) -> Any:
        func, args = expr.func, expr.args
        if func == "applies":
            cond = _applies_if(args[0], self.resolver, depth + 1)
            return cond is None or self.value(cond, depth + 1)
        if func == "alder":
            day = self.value(args[0], depth)
            birth = self.column(_birth_key(self.resolver))
            return None if day is None or birth is None else day.year - birth
        a, b = (self.value(arg, depth) for arg in args) if len(args) == 2 else (None, None)
        if func == "days_between":
            return None if a is None or b is None else (b - a).days
        if func == "add_months":
            return _add_months(a, b)
        if func == "contains":
            return a is not None and b in a
        if func == "contains_any":
            return a is not None and bool(a & b)
        if func == "in_group":
            return a in _group_of(expr, self.resolver)
        missing = _is_missing(self.value(args[0], depth))
        return missing if func == "is_missing" else not missing


# ------------------------------------------------------------------------------ frames


@attrs.frozen
class _Factor:
    """A code, multi-select or text column: ``uniques[codes]``; the last unique is None."""

    codes: npt.NDArray[np.intp]
    uniques: tuple[object, ...]

    def map(self, fn: Callable[[object], bool]) -> BoolArray:
        results = np.fromiter((fn(u) for u in self.uniques), dtype=bool, count=len(self.uniques))
        return results[self.codes]


@attrs.frozen
class _Ints:
    """Integers, or dates as days since 1970-01-01, with a missing mask."""

    values: IntArray
    missing: BoolArray


_Value: TypeAlias = object  # BoolArray, _Factor, _Ints or a literal


def _factor(series: pd.Series | None, n: int, norm: Callable[[object], object]) -> _Factor:
    if series is None:
        return _Factor(np.zeros(n, dtype=np.intp), (None,))
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    normalised = (*(norm(u) for u in uniques), None)
    return _Factor(np.where(codes < 0, len(normalised) - 1, codes).astype(np.intp), normalised)


def _ints(series: pd.Series | None, n: int, key: str, kind: str) -> _Ints:
    if series is None or bool(series.isna().all()):
        return _Ints(np.zeros(n, dtype=np.int64), np.ones(n, dtype=bool))
    try:
        if isinstance(series.dtype, pd.StringDtype):
            raise TypeError(f"dtype {series.dtype}")
        if kind == "integer":
            ints = series.astype("Int64")
            values = np.asarray(ints.fillna(0), dtype=np.int64)
            return _Ints(values, ints.isna().to_numpy(bool))
        stamps = pd.to_datetime(series)
        if isinstance(stamps.dtype, pd.DatetimeTZDtype):
            stamps = stamps.dt.tz_localize(None)
        arr = stamps.to_numpy()
    except (TypeError, ValueError) as exc:
        raise ExpressionError(f"{key}: column is not {kind}: {exc}") from exc
    missing = np.isnat(arr)
    days = arr.astype("datetime64[D]").astype(np.int64)
    return _Ints(np.where(missing, 0, days), missing)


def evaluate_frame(
    expr: Expr,
    columns: Mapping[str, pd.Series],
    resolver: Resolver,
    *,
    index: pd.Index | None = None,
) -> pd.Series:
    """Evaluate a condition on every row of a frame, vectorised.

    Code and multi-select columns are factorised, so functions of their values run once
    per distinct value.

    Args:
        expr: A parsed condition without the template placeholder.
        columns: Column key (as :meth:`Resolver.resolve` gives it) to a column; all columns
            have the same length and index. Absent keys are all-missing.
        resolver: Knows the datatypes, value sets and conditions of the keys.
        index: Index of the result; by default that of the first column (an empty index
            when there are no columns).

    Returns:
        A boolean Series (numpy ``bool`` dtype, no missing values).

    Raises:
        ExpressionError: The expression has problems (see :func:`bbic_su.expr.check`) or a
            column does not fit its datatype.
    """
    _prepare(expr, resolver)
    if index is None:
        first = next(iter(columns.values()), None)
        index = first.index if first is not None else pd.RangeIndex(0)
    for key, column in columns.items():
        if len(column) != len(index):
            raise ValueError(f"column {key} has {len(column)} rows, expected {len(index)}")
    result = _Frame(columns, resolver, len(index)).bools(expr, 0)
    return pd.Series(result, index=index, dtype=bool)


class _Frame:
    def __init__(self, columns: Mapping[str, pd.Series], resolver: Resolver, n: int) -> None:
        self.columns = columns
        self.resolver = resolver
        self.n = n
        self.cache: dict[str, _Factor | _Ints] = {}

    def column(self, key: str) -> _Factor | _Ints:
        if key not in self.cache:
            kind, series = self.resolver.datatype(key), self.columns.get(key)
            if kind in ("code", "codes", "text"):
                norm = _norm_codes if kind == "codes" else _norm_code
                self.cache[key] = _factor(series, self.n, norm)
            else:
                self.cache[key] = _ints(series, self.n, key, kind)
        return self.cache[key]

    def bools(self, expr: Expr, depth: int) -> BoolArray:
        value = self.value(expr, depth)
        if isinstance(value, np.ndarray):
            return value
        return np.full(self.n, bool(value))

    def value(self, expr: Expr, depth: int) -> _Value:
        if isinstance(expr, Ref):
            return self.column(self.resolver.resolve(expr))
        if isinstance(expr, And | Or):
            parts = [self.bools(o, depth) for o in expr.operands]
            return (
                np.logical_and.reduce(parts)
                if isinstance(expr, And)
                else np.logical_or.reduce(parts)
            )
        if isinstance(expr, Not):
            return ~self.bools(expr.operand, depth)
        if isinstance(expr, Compare):
            return self.compare(expr.op, expr.left, expr.right, depth)
        if isinstance(expr, InList):
            items = {_literal(i) for i in expr.items}
            operand = self.value(expr.operand, depth)
            if isinstance(operand, _Ints):
                ints = [i for i in items if isinstance(i, int) and -(2**63) <= i < 2**63]
                found = np.isin(operand.values, np.array(ints, dtype=np.int64))
                return np.where(operand.missing, expr.negated, found != expr.negated)
            return self.apply(
                operand, lambda v: expr.negated if v is None else (v in items) != expr.negated
            )
        if isinstance(expr, Call):
            return self.call(expr, depth)
        return _literal(expr)

    def apply(self, value: _Value, fn: Callable[[Any], bool]) -> BoolArray:
        if isinstance(value, _Factor):
            return value.map(fn)
        return np.full(self.n, fn(value))

    def compare(self, op: str, left_expr: Expr, right_expr: Expr, depth: int) -> BoolArray:
        left, right = self.value(left_expr, depth), self.value(right_expr, depth)
        if isinstance(left, _Ints) or isinstance(right, _Ints):
            return _compare_ints(op, left, right, self.n)
        if isinstance(left, _Factor) and isinstance(right, _Factor):
            width = len(right.uniques)
            pairs, inverse = np.unique(left.codes * width + right.codes, return_inverse=True)
            results = np.fromiter(
                (_compare(op, left.uniques[p // width], right.uniques[p % width]) for p in pairs),
                dtype=bool,
                count=len(pairs),
            )
            return np.asarray(results[inverse.reshape(-1)], dtype=bool)
        if isinstance(left, _Factor):
            return left.map(lambda v: _compare(op, v, right))
        return self.apply(right, lambda v: _compare(op, left, v))

    def call(self, expr: Call, depth: int) -> _Value:
        func, args = expr.func, expr.args
        if func == "applies":
            cond = _applies_if(args[0], self.resolver, depth + 1)
            return np.ones(self.n, dtype=bool) if cond is None else self.bools(cond, depth + 1)
        values = [self.value(arg, depth) for arg in args]
        first = values[0]
        if func == "alder":
            assert isinstance(first, _Ints)
            birth = self.column(_birth_key(self.resolver))
            assert isinstance(birth, _Ints)
            years = first.values.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64)
            return _Ints(years + 1970 - birth.values, first.missing | birth.missing)
        if func == "days_between":
            a, b = values
            assert isinstance(a, _Ints)
            assert isinstance(b, _Ints)
            return _Ints(b.values - a.values, a.missing | b.missing)
        if func == "add_months":
            assert isinstance(first, _Ints)
            return _add_months_frame(first, values[1], self.n)
        if func in ("contains", "contains_any", "in_group"):
            arg = values[1]
            if func == "in_group":
                group = _group_of(expr, self.resolver)
                return self.apply(first, lambda v: v in group)
            if func == "contains":
                return self.apply(first, lambda v: v is not None and arg in v)
            return self.apply(first, lambda v: v is not None and bool(v & arg))
        missing = first.missing if isinstance(first, _Ints) else self.apply(first, _is_missing)
        return missing if func == "is_missing" else ~missing


def _as_ints(value: object, n: int) -> tuple[Any, BoolArray]:
    if isinstance(value, _Ints):
        return value.values, value.missing
    if value is None:
        return np.zeros(n, dtype=np.int64), np.ones(n, dtype=bool)
    assert isinstance(value, int)
    if not -(2**63) <= value < 2**63:
        return (math.inf if value > 0 else -math.inf), np.zeros(n, dtype=bool)
    return value, np.zeros(n, dtype=bool)


def _compare_ints(op: str, left: object, right: object, n: int) -> BoolArray:
    (lv, lm), (rv, rm) = _as_ints(left, n), _as_ints(right, n)
    missing = lm | rm
    result = np.asarray(_OPS[op](lv, rv), dtype=bool)
    return (result | missing) if op == "!=" else (result & ~missing)


def _add_months_frame(days: _Ints, months: object, n: int) -> _Ints:
    add, add_missing = _as_ints(months, n)
    add = np.clip(np.nan_to_num(np.asarray(add, dtype=np.float64)), -(10**6), 10**6)
    month = days.values.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
    day0 = days.values - month.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
    target = month + add.astype(np.int64)
    start = target.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
    length = (target + 1).astype("datetime64[M]").astype("datetime64[D]").astype(np.int64) - start
    year = target // 12 + 1970
    missing = days.missing | add_missing | (year < 1) | (year > 9999)
    return _Ints(np.where(missing, 0, start + np.minimum(day0, length - 1)), missing)
