"""Vectorised evaluation of derivations (:mod:`bbic_su.spec._derive_lang`) on typed views.

>>> import numpy as np
>>> from bbic_su.frames._derive_eval import per_child_latest
>>> child, days = np.array([0, 0, 1, -1]), np.array([5, 9, 3, 7])
>>> per_child_latest(child, days, np.array([0, 0, 1, 0], bool), 2)
(array([9, 0]), array([False,  True]))

Every operator works on whole columns: the cross-record ones sort (child, date) keys once
and answer each record with a binary search, so the cost is ``O(n log n)`` in the rows
read, whatever the number of children. Values are int64 arrays (dates as days since
1970-01-01) or booleans, each with a mask of unknown (empty) entries; logic is
three-valued (see :mod:`bbic_su.spec._derive_lang`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeAlias

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

from bbic_su.expr._ast import And, Call, Compare, Expr, Not, Num, Or, Ref
from bbic_su.expr._evaluate_common import OPS
from bbic_su.expr._evaluate_frame import IntValues, add_months_frame
from bbic_su.frames._columns import RecordColumns, days_of
from bbic_su.frames._views import View
from bbic_su.spec._catalog import Catalog
from bbic_su.spec._derive_lang import uses

__all__ = ["Evaluator", "Val", "child_codes", "per_child_latest"]

IntArray: TypeAlias = npt.NDArray[np.int64]
BoolArray: TypeAlias = npt.NDArray[np.bool_]
_SHIFT = 800_000  # 0001-01-01 is day -719162: shifted days are non-negative
_SPAN = 4_000_000  # > shifted 9999-12-31: one child's (or parent's) days per span


@attrs.frozen
class Val:
    """A derived column: ``values`` (int64 or bool) and the mask of unknown entries."""

    values: npt.NDArray[Any]
    missing: BoolArray
    kind: str  # "date", "integer" or "bool"


def per_child_latest(
    child: IntArray, days: IntArray, missing: BoolArray, n_child: int, *, earliest: bool = False
) -> tuple[IntArray, BoolArray]:
    """The latest (``earliest``) day per child code; children without one are missing."""
    ok = (child >= 0) & ~missing
    fill = np.iinfo(np.int64).max if earliest else np.iinfo(np.int64).min
    out = np.full(n_child, fill, dtype=np.int64)
    (np.minimum if earliest else np.maximum).at(out, child[ok], days[ok])
    absent = out == fill
    return np.where(absent, 0, out), absent


def child_codes(views: Mapping[str, View], cat: Catalog) -> tuple[dict[str, IntArray], int]:
    """A code per child id shared by all record types (``-1`` without a usable id)."""
    parts, owners = [], []
    for rt in cat.record_types:
        col = views[rt.id].columns.get("barn_id")
        if col is None:
            col = pd.Series([None] * views[rt.id].n, dtype=object)
        parts.append(col.astype(object))
        owners.append(rt.id)
    allcol = pd.concat(parts, ignore_index=True) if parts else pd.Series([], dtype=object)
    codes, uniques = pd.factorize(allcol, use_na_sentinel=True)
    out: dict[str, IntArray] = {}
    start = 0
    for rt_id, part in zip(owners, parts, strict=True):
        out[rt_id] = np.asarray(codes[start : start + len(part)], dtype=np.int64)
        start += len(part)
    return out, len(uniques)


def _window_keys(group: IntArray, days: IntArray, ok: BoolArray) -> IntArray:
    return np.sort(group[ok] * _SPAN + days[ok] + _SHIFT)


def _clip(days: IntArray) -> IntArray:
    return np.clip(days, -_SHIFT, _SPAN - _SHIFT - 1)


class Evaluator:
    """Evaluates derivations on the records of ``rt`` (one instance per record type).

    Args:
        cat: The catalogue.
        rt: The record type of the derived variable.
        views: Typed, linked views of every record type.
        children: :func:`child_codes` of the views.
        extraction: The extraction date as days since 1970, or ``None``.
    """

    def __init__(
        self,
        cat: Catalog,
        rt: str,
        views: Mapping[str, View],
        children: tuple[dict[str, IntArray], int],
        extraction: int | None,
    ) -> None:
        self.cat, self.rt, self.views = cat, rt, views
        self.cols = RecordColumns(cat, rt, views, None)
        self.n = self.cols.n
        self.codes, self.n_child = children
        self.child = self.codes[rt]
        self.extraction = extraction

    def value(self, expr: Expr) -> Val:
        """The value of ``expr`` on every record."""
        if isinstance(expr, Num):
            return Val(
                np.full(self.n, expr.value, dtype=np.int64), np.zeros(self.n, bool), "integer"
            )
        if isinstance(expr, Ref):
            key = self.cols.resolver.resolve(expr)
            kind = self.cols.resolver.datatype(key)
            col = self.cols.column(key)
            if kind == "date":
                return Val(*days_of(col, self.n), "date")
            if col is None:
                return Val(np.zeros(self.n, np.int64), np.ones(self.n, bool), kind)
            ints = pd.to_numeric(col, errors="coerce").astype("Int64")
            return Val(ints.fillna(0).to_numpy(np.int64), ints.isna().to_numpy(bool), kind)
        if isinstance(expr, Call) and expr.func in _CALLS:
            out: Val = _CALLS[expr.func](self, expr.args)
            return out
        if isinstance(expr, Call) and expr.func in ("add_months", "alder", "days_between"):
            return self.plain_call(expr)
        if isinstance(expr, Compare) and uses(expr):
            left, right = self.value(expr.left), self.value(expr.right)
            result = np.asarray(OPS[expr.op](left.values, right.values), dtype=bool)
            return Val(result, left.missing | right.missing, "bool")
        if isinstance(expr, And | Or) and uses(expr):
            parts = [self.value(o) for o in expr.operands]
            known_true = [p.values.astype(bool) & ~p.missing for p in parts]
            known_false = [~p.values.astype(bool) & ~p.missing for p in parts]
            unknown = np.logical_or.reduce([p.missing for p in parts])
            if isinstance(expr, And):
                decided = np.logical_or.reduce(known_false)
                return Val(~decided & ~unknown, ~decided & unknown, "bool")
            decided = np.logical_or.reduce(known_true)
            return Val(decided, ~decided & unknown, "bool")
        if isinstance(expr, Not) and uses(expr):
            inner = self.value(expr.operand)
            return Val(~inner.values.astype(bool), inner.missing, "bool")
        return Val(self.cols.evaluate(expr), np.zeros(self.n, bool), "bool")

    def plain_call(self, expr: Call) -> Val:
        args = [self.value(a) for a in expr.args]
        if expr.func == "days_between":
            a, b = args
            return Val(b.values - a.values, a.missing | b.missing, "integer")
        if expr.func == "alder":
            (d,) = args
            col = self.cols.column(self.cols.resolver.birth_year_key())
            if col is None:
                col = pd.Series([None] * self.n, dtype=object)
            ints = pd.to_numeric(col, errors="coerce").astype("Int64")
            birth = Val(ints.fillna(0).to_numpy(np.int64), ints.isna().to_numpy(bool), "integer")
            year = d.values.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64)
            return Val(year + 1970 - birth.values, d.missing | birth.missing, "integer")
        d, m = args
        out = add_months_frame(
            IntValues(d.values, d.missing), IntValues(m.values, m.missing), self.n
        )
        return Val(out.values, out.missing, "date")

    def other(self, arg: Expr) -> tuple[IntArray, IntArray, BoolArray]:
        """Child codes, days and missing mask of ``rt.x`` over all records of ``rt``."""
        assert isinstance(arg, Ref)  # type-checked on load
        assert arg.record_type is not None
        view = self.views[arg.record_type]
        days, missing = days_of(view.columns.get(arg.name), view.n)
        return self.codes[arg.record_type], days, missing


def _latest(ev: Evaluator, args: tuple[Expr, ...], *, earliest: bool = False) -> Val:
    parts = [ev.other(a) for a in args]
    child = np.concatenate([p[0] for p in parts])
    days = np.concatenate([p[1] for p in parts])
    missing = np.concatenate([p[2] for p in parts])
    best, absent = per_child_latest(child, days, missing, ev.n_child, earliest=earliest)
    ok = ev.child >= 0
    at = np.where(ok, ev.child, 0)
    if ev.n_child == 0:
        return Val(np.zeros(ev.n, np.int64), np.ones(ev.n, bool), "date")
    return Val(np.where(ok, best[at], 0), ~ok | absent[at], "date")


def _every_has(ev: Evaluator, args: tuple[Expr, ...]) -> Val:
    rt_ref, x = args
    assert isinstance(rt_ref, Ref)
    assert isinstance(x, Ref)
    assert x.record_type is not None
    rt, below = rt_ref.name, x.record_type
    owner = ev.views[rt]
    src = ev.views[below]
    col = src.columns.get(x.name)
    has = np.zeros(src.n, bool) if col is None else ~col.isna().to_numpy(bool)
    pos = np.arange(src.n) if below == rt else src.pos.get(rt, np.full(src.n, -1))
    closed = np.zeros(owner.n, dtype=bool)
    closed[pos[has & (pos >= 0)]] = True
    busy = np.zeros(max(ev.n_child, 1), dtype=bool)
    owner_child = ev.codes[rt]
    busy[owner_child[~closed & (owner_child >= 0)]] = True
    ok = ev.child >= 0
    return Val(~busy[np.where(ok, ev.child, 0)] & ok, ~ok, "bool")


def _exists_within(ev: Evaluator, args: tuple[Expr, ...]) -> Val:
    child, days, missing = ev.other(args[0])
    lo, hi = ev.value(args[1]), ev.value(args[2])
    keys = _window_keys(child, days, (child >= 0) & ~missing)
    ok = (ev.child >= 0) & ~lo.missing & ~hi.missing
    base = np.where(ok, ev.child, 0) * _SPAN + _SHIFT
    first = np.searchsorted(keys, base + _clip(lo.values), side="left")
    last = np.searchsorted(keys, base + _clip(hi.values), side="right")
    found = ok & (last > first) & (lo.values <= hi.values)
    closed = np.zeros(ev.n, bool) if ev.extraction is None else hi.values <= ev.extraction
    return Val(found, ~ok | (~found & ~closed), "bool")


def _previous(ev: Evaluator, args: tuple[Expr, ...]) -> Val:
    x, cond = ev.value(args[0]), ev.value(args[1])
    parent_rt = ev.cat.record_type(ev.rt).parent
    view = ev.views[ev.rt]
    parent = view.pos.get(parent_rt or "", np.full(ev.n, -1, dtype=np.int64))
    ok = (parent >= 0) & ~x.missing
    keys = _window_keys(parent, x.values, ok & cond.values.astype(bool) & ~cond.missing)
    probe = np.where(ok, parent, 0) * _SPAN + _clip(x.values) + _SHIFT
    idx = np.searchsorted(keys, probe, side="left") - 1
    hit = keys[np.maximum(idx, 0)] if len(keys) else np.full(ev.n, -1, dtype=np.int64)
    found = ok & (idx >= 0) & (hit // _SPAN == parent)
    return Val(np.where(found, hit % _SPAN - _SHIFT, 0), ~found, "date")


def _when(ev: Evaluator, args: tuple[Expr, ...]) -> Val:
    cond, value = ev.value(args[0]), ev.value(args[1])
    return Val(value.values, value.missing | cond.missing | ~cond.values.astype(bool), value.kind)


def _later(ev: Evaluator, args: tuple[Expr, ...]) -> Val:
    a, b = ev.value(args[0]), ev.value(args[1])
    values = np.where(
        a.missing, b.values, np.where(b.missing, a.values, np.maximum(a.values, b.values))
    )
    return Val(values, a.missing & b.missing, "date")


def _add_days(ev: Evaluator, args: tuple[Expr, ...]) -> Val:
    d, k = ev.value(args[0]), ev.value(args[1])
    return Val(d.values + k.values, d.missing | k.missing, "date")


def _months(a: Val, b: Val, n: int) -> tuple[IntArray, BoolArray]:
    def month(v: IntArray) -> IntArray:
        return np.asarray(v.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64))

    m = month(b.values) - month(a.values)
    missing = a.missing | b.missing
    shifted = add_months_frame(IntValues(a.values, missing), IntValues(m, missing), n)
    m = np.where(shifted.values > b.values, m - 1, m)
    return m, missing


def _months_between(ev: Evaluator, args: tuple[Expr, ...]) -> Val:
    m, missing = _months(ev.value(args[0]), ev.value(args[1]), ev.n)
    return Val(m, missing, "integer")


def _years_between(ev: Evaluator, args: tuple[Expr, ...]) -> Val:
    m, missing = _months(ev.value(args[0]), ev.value(args[1]), ev.n)
    return Val(m // 12, missing, "integer")


_CALLS: dict[str, Any] = {
    "latest": _latest,
    "earliest": lambda ev, args: _latest(ev, args, earliest=True),
    "every_has": _every_has,
    "exists_within": _exists_within,
    "previous": _previous,
    "when": _when,
    "later": _later,
    "add_days": _add_days,
    "months_between": _months_between,
    "years_between": _years_between,
}
