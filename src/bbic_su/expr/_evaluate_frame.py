"""Vectorised evaluation of a predicate expression on the rows of a frame.

>>> import pandas as pd
>>> import bbic_su
>>> from bbic_su.expr._evaluate_frame import evaluate_frame
>>> from bbic_su.expr import parse
>>> from bbic_su.spec._check import CatalogResolver
>>> resolver = CatalogResolver(bbic_su.catalog(), "utredning")  # names as seen from utredning
>>> start, end = "utredning_inledd_datum", "utredning_avslutad_datum"
>>> columns = {
...     start: pd.Series(pd.to_datetime(["2024-01-31", "2020-05-01", None])),
...     end: pd.Series(pd.to_datetime(["2024-02-29", "2020-06-02", "2024-01-01"])),
...     resolver.birth_year_key(): pd.Series([2014, 2014, 2014]),
... }
>>> evaluate_frame(parse(f"add_months({start}, 1) == {end}"), columns, resolver).tolist()
[True, False, False]
>>> older = parse(f"alder({start}) >= 10 or is_missing({start})")
>>> evaluate_frame(older, columns, resolver).tolist()
[True, False, True]

Code, multi-select and text columns are factorised (:class:`_Factor`), integer and date
columns become int64 arrays with a missing mask (:class:`IntValues`). :func:`evaluate_frame`
is re-exported by :mod:`bbic_su.expr._evaluate`, which describes the semantics it shares with
the record evaluator.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any, TypeAlias

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

from bbic_su.errors import ExpressionError
from bbic_su.expr import _ast as ast_
from bbic_su.expr._evaluate_common import (
    OPS,
    applies_if_of,
    birth_key,
    compare_values,
    group_of,
    is_missing_value,
    literal_value,
    norm_code,
    norm_codes,
    prepare,
)

__all__ = ["IntValues", "add_months_frame", "evaluate_frame", "evaluate_rows", "pick"]

BoolArray: TypeAlias = npt.NDArray[np.bool_]
IntArray: TypeAlias = npt.NDArray[np.int64]


@attrs.frozen
class _Factor:
    """A code, multi-select or text column: ``uniques[codes]``; the last unique is None.

    ``codes`` is the narrowest integer type that fits; ``-1`` (missing) picks the last
    unique, so a lookup table indexed by the codes needs no remapping.
    """

    codes: npt.NDArray[np.signedinteger[Any]]
    uniques: tuple[object, ...]

    def map(self, fn: Callable[[object], bool]) -> BoolArray:
        results = np.fromiter((fn(u) for u in self.uniques), dtype=bool, count=len(self.uniques))
        return pick(results, self.codes)


def pick(table: BoolArray, index: npt.NDArray[np.integer[Any]]) -> BoolArray:
    """``table[index]`` per row (``-1`` picks the last entry), without a gather if it can.

    Masks of code columns index a short table with one small integer per row: when at
    most three entries differ from the others a few comparisons are faster than a
    gather, and ``int8`` indices read as bytes index a 256-entry table directly.
    """
    hits = np.flatnonzero(table)
    last = len(table) - 1
    if len(hits) in (0, len(table)):
        return np.full(len(index), bool(len(hits)), dtype=bool)
    wanted = len(hits) <= len(table) - len(hits)
    picked = hits if wanted else np.flatnonzero(~table)
    if len(picked) <= 3:
        out = np.zeros(len(index), dtype=bool)
        for p in picked.tolist():
            out |= index == (-1 if p == last else p)
            if p == last:
                out |= index == last
        return out if wanted else ~out
    if index.dtype == np.int8:  # read as bytes: -1 is 255
        wide = np.zeros(256, dtype=bool)
        wide[: len(table)] = table
        wide[255] = table[-1]
        return np.asarray(np.take(wide, index.view(np.uint8)), dtype=bool)
    return np.asarray(table[index], dtype=bool)


@attrs.frozen
class IntValues:
    """Integers, or dates as days since 1970-01-01, with a missing mask."""

    values: IntArray
    missing: BoolArray


_Value: TypeAlias = object  # BoolArray, _Factor, IntValues or a literal


def _factor(series: pd.Series | None, n: int, norm: Callable[[object], object]) -> _Factor:
    if series is None:
        return _Factor(np.full(n, -1, dtype=np.int8), (None,))
    if isinstance(series.dtype, pd.CategoricalDtype):  # already factorised (unused ones too)
        codes, uniques = np.asarray(series.cat.codes), series.cat.categories
    else:
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
    normalised = (*(norm(u) for u in uniques), None)
    return _Factor(np.asarray(codes), normalised)


def _ints(series: pd.Series | None, n: int, key: str, kind: str) -> IntValues:
    if series is None or bool(series.isna().all()):
        return IntValues(np.zeros(n, dtype=np.int64), np.ones(n, dtype=bool))
    try:
        if isinstance(series.dtype, pd.StringDtype):
            raise TypeError(f"dtype {series.dtype}")
        if kind == "integer":
            ints = series.astype("Int64")
            values = np.asarray(ints.fillna(0), dtype=np.int64)
            return IntValues(values, ints.isna().to_numpy(bool))
        stamps = pd.to_datetime(series)
        if isinstance(stamps.dtype, pd.DatetimeTZDtype):
            stamps = stamps.dt.tz_localize(None)
        arr = stamps.to_numpy()
    except (TypeError, ValueError) as exc:
        raise ExpressionError(f"{key}: column is not {kind}: {exc}") from exc
    missing = np.isnat(arr)
    days = arr.astype("datetime64[D]").astype(np.int64)
    return IntValues(np.where(missing, 0, days), missing)


def evaluate_frame(
    expr: ast_.Expr,
    columns: Mapping[str, pd.Series],
    resolver: ast_.Resolver,
    *,
    index: pd.Index | None = None,
    cache: dict[object, object] | None = None,
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
        cache: Shared by calls over the same ``columns`` and ``resolver`` so that each
            column is converted, and each ``applies(x)`` evaluated, once; never share it
            between different columns.

    Returns:
        A boolean Series (numpy ``bool`` dtype, no missing values).

    Raises:
        ExpressionError: The expression has problems (see :func:`bbic_su.expr.check`) or a
            column does not fit its datatype.
    """
    if index is None:
        first = next(iter(columns.values()), None)
        index = first.index if first is not None else pd.RangeIndex(0)
    result = evaluate_rows(expr, columns, resolver, len(index), cache)
    return pd.Series(result, index=index, dtype=bool)


def evaluate_rows(
    expr: ast_.Expr,
    columns: Mapping[str, pd.Series],
    resolver: ast_.Resolver,
    n: int,
    cache: dict[object, object] | None = None,
) -> BoolArray:
    """:func:`evaluate_frame` on ``n`` rows as a new boolean array (the bulk path's form)."""
    prepare(expr, resolver)
    for key, column in columns.items():
        if len(column) != n:
            raise ValueError(f"column {key} has {len(column)} rows, expected {n}")
    result = _Frame(columns, resolver, n, cache).bools(expr, 0)
    return result.copy() if not result.flags.writeable else result


class _Frame:
    def __init__(
        self,
        columns: Mapping[str, pd.Series],
        resolver: ast_.Resolver,
        n: int,
        cache: dict[object, object] | None = None,
    ) -> None:
        self.columns = columns
        self.resolver = resolver
        self.n = n
        self.cache: dict[object, Any] = {} if cache is None else cache

    def column(self, key: str) -> _Factor | IntValues:
        if key not in self.cache:
            kind, series = self.resolver.datatype(key), self.columns.get(key)
            if kind in ("code", "codes", "text"):
                norm = norm_codes if kind == "codes" else norm_code
                self.cache[key] = _factor(series, self.n, norm)
            else:
                self.cache[key] = _ints(series, self.n, key, kind)
        out: _Factor | IntValues = self.cache[key]
        return out

    def bools(self, expr: ast_.Expr, depth: int) -> BoolArray:
        value = self.value(expr, depth)
        if isinstance(value, np.ndarray):
            return value
        return np.full(self.n, bool(value))

    def value(self, expr: ast_.Expr, depth: int) -> _Value:
        if isinstance(expr, ast_.Ref):
            return self.column(self.resolver.resolve(expr))
        if isinstance(expr, ast_.And | ast_.Or):
            parts = [self.bools(o, depth) for o in expr.operands]
            return (
                np.logical_and.reduce(parts)
                if isinstance(expr, ast_.And)
                else np.logical_or.reduce(parts)
            )
        if isinstance(expr, ast_.Not):
            return ~self.bools(expr.operand, depth)
        if isinstance(expr, ast_.Compare):
            return self.compare(expr.op, expr.left, expr.right, depth)
        if isinstance(expr, ast_.InList):
            items = {literal_value(i) for i in expr.items}
            operand = self.value(expr.operand, depth)
            if isinstance(operand, IntValues):
                ints = [i for i in items if isinstance(i, int) and -(2**63) <= i < 2**63]
                found = np.isin(operand.values, np.array(ints, dtype=np.int64))
                return np.where(operand.missing, expr.negated, found != expr.negated)
            return self.apply(
                operand, lambda v: expr.negated if v is None else (v in items) != expr.negated
            )
        if isinstance(expr, ast_.Call):
            return self.call(expr, depth)
        return literal_value(expr)

    def apply(self, value: _Value, fn: Callable[[Any], bool]) -> BoolArray:
        if isinstance(value, _Factor):
            return value.map(fn)
        return np.full(self.n, fn(value))

    def compare(
        self, op: str, left_expr: ast_.Expr, right_expr: ast_.Expr, depth: int
    ) -> BoolArray:
        left, right = self.value(left_expr, depth), self.value(right_expr, depth)
        if isinstance(left, IntValues) or isinstance(right, IntValues):
            return _compare_ints(op, left, right, self.n)
        if isinstance(left, _Factor) and isinstance(right, _Factor):
            width = len(right.uniques)
            lc = np.where(left.codes < 0, len(left.uniques) - 1, left.codes).astype(np.intp)
            rc = np.where(right.codes < 0, width - 1, right.codes).astype(np.intp)
            pairs, inverse = np.unique(lc * width + rc, return_inverse=True)
            results = np.fromiter(
                (
                    compare_values(op, left.uniques[p // width], right.uniques[p % width])
                    for p in pairs
                ),
                dtype=bool,
                count=len(pairs),
            )
            return np.asarray(results[inverse.reshape(-1)], dtype=bool)
        if isinstance(left, _Factor):
            return left.map(lambda v: compare_values(op, v, right))
        return self.apply(right, lambda v: compare_values(op, left, v))

    def call(self, expr: ast_.Call, depth: int) -> _Value:
        func, args = expr.func, expr.args
        if func == "applies":
            memo = (
                ("applies", self.resolver.resolve(args[0]))
                if isinstance(args[0], ast_.Ref)
                else None
            )
            if memo in self.cache:
                cached: BoolArray = self.cache[memo]
                return cached
            cond = applies_if_of(args[0], self.resolver, depth + 1)
            found = np.ones(self.n, dtype=bool) if cond is None else self.bools(cond, depth + 1)
            if memo is not None:
                found.flags.writeable = False  # shared: callers combine it into new arrays
                self.cache[memo] = found
            return found
        values = [self.value(arg, depth) for arg in args]
        first = values[0]
        if func == "alder":
            assert isinstance(first, IntValues)
            birth = self.column(birth_key(self.resolver))
            assert isinstance(birth, IntValues)
            years = first.values.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64)
            return IntValues(years + 1970 - birth.values, first.missing | birth.missing)
        if func == "days_between":
            a, b = values
            assert isinstance(a, IntValues)
            assert isinstance(b, IntValues)
            return IntValues(b.values - a.values, a.missing | b.missing)
        if func == "add_months":
            assert isinstance(first, IntValues)
            return add_months_frame(first, values[1], self.n)
        if func in ("contains", "contains_any", "in_group"):
            arg = values[1]
            if func == "in_group":
                group = group_of(expr, self.resolver)
                return self.apply(first, lambda v: v in group)
            if func == "contains":
                return self.apply(first, lambda v: v is not None and arg in v)
            return self.apply(first, lambda v: v is not None and bool(v & arg))
        memo = (
            ("missing", self.resolver.resolve(args[0])) if isinstance(args[0], ast_.Ref) else None
        )
        missing = self.cache.get(memo) if memo is not None else None
        if missing is None:
            missing = (
                first.missing
                if isinstance(first, IntValues)
                else self.apply(first, is_missing_value)
            )
            if memo is not None:
                missing.flags.writeable = False  # shared: callers combine it into new arrays
                self.cache[memo] = missing
        return missing if func == "is_missing" else ~missing


def _as_ints(value: object, n: int) -> tuple[Any, BoolArray]:
    if isinstance(value, IntValues):
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
    result = np.asarray(OPS[op](lv, rv), dtype=bool)
    return (result | missing) if op == "!=" else (result & ~missing)


def add_months_frame(days: IntValues, months: object, n: int) -> IntValues:
    add, add_missing = _as_ints(months, n)
    add = np.clip(np.nan_to_num(np.asarray(add, dtype=np.float64)), -(10**6), 10**6)
    month = days.values.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
    day0 = days.values - month.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
    target = month + add.astype(np.int64)
    start = target.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
    length = (target + 1).astype("datetime64[M]").astype("datetime64[D]").astype(np.int64) - start
    year = target // 12 + 1970
    missing = days.missing | add_missing | (year < 1) | (year > 9999)
    return IntValues(np.where(missing, 0, start + np.minimum(day0, length - 1)), missing)
