"""Bounds an attacker can derive for hidden counts, and more hiding until none is pinned.

>>> import numpy as np
>>> from bbic_su.measures._pool_audit import bounds
>>> gid = np.array([0, 0, 0]); total = np.array([False, False, True])
>>> lo, hi = bounds([(gid, total)], np.array([0, 4, 4]), np.array([True, False, False]))
>>> lo.tolist(), hi.tolist()  # the hidden cell is 4 − 4 = 0: pinned
([0.0, 4.0, 4.0], [0.0, 4.0, 4.0])

The linear check of :mod:`bbic_su.measures.disclosure` makes sure no hidden value follows from
the *equations* of a table (cells add up to their totals). An attacker also knows that
counts are never negative and that a numerator never exceeds its denominator; with
those, a hidden zero next to a published zero total is known to be zero, and a hidden
cell beside it may then follow from its other group. :func:`bounds` propagates interval
bounds through every group equation (and numerator ≤ denominator) to a fixed point,
for the numerators, the denominators and their difference (the rows outside the
numerator, additive over the same groups: a published total of 5 of 10 bounds the
hidden rest of its cells together, not only one by one);
:func:`harden` hides another cell of a group of every hidden count that is pinned to a
value above zero, re-runs the group rule and the linear check, and repeats until no
hidden count is pinned. A hidden count pinned to zero discloses no unit and is left
(a published 0 % share says the same for every cell under it).
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

from bbic_su.measures.disclosure import _groups, _pick, _protect

__all__ = ["bounds", "harden", "pinned"]

BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
Groups = Sequence[tuple[IntArray, BoolArray]]
_EPS = 1e-9
_ROUNDS = 200


@attrs.frozen
class _Bounds:
    """Lowest and highest value of each row."""

    lo: FloatArray
    hi: FloatArray

    @classmethod
    def of(cls, values: IntArray, hidden: BoolArray) -> _Bounds:
        v = values.astype(np.float64)
        return cls(np.where(hidden, 0.0, v), np.where(hidden, np.inf, v))


def _sweep(groups: Groups, lo: FloatArray, hi: FloatArray) -> None:
    """One pass of interval propagation over every group equation, in place."""
    for gid, total in groups:
        size = int(gid.max(initial=-1)) + 1
        mem = ~total
        inf = np.isinf(hi)
        n_inf = np.bincount(gid[mem], weights=inf[mem], minlength=size)
        s_hi = np.bincount(gid[mem], weights=np.where(inf, 0.0, hi)[mem], minlength=size)
        s_lo = np.bincount(gid[mem], weights=lo[mem], minlength=size)
        trow = np.full(size, -1, dtype=np.int64)
        trow[gid[total]] = np.flatnonzero(total)
        has = trow >= 0
        t = trow[has]
        group_hi = np.where(n_inf > 0, np.inf, s_hi)
        lo[t] = np.maximum(lo[t], s_lo[has])
        hi[t] = np.minimum(hi[t], group_hi[has])
        rows = np.flatnonzero(mem & has[gid])
        g = gid[rows]
        t_lo, t_hi = lo[trow[g]], hi[trow[g]]
        own_inf = inf[rows]
        others_inf = (n_inf[g] - own_inf) > 0
        others_hi = np.where(others_inf, np.inf, s_hi[g] - np.where(own_inf, 0.0, hi[rows]))
        with np.errstate(invalid="ignore"):
            new_lo = np.where(np.isinf(others_hi), 0.0, t_lo - others_hi)
            new_hi = t_hi - (s_lo[g] - lo[rows])
        lo[rows] = np.maximum(lo[rows], np.nan_to_num(new_lo, nan=0.0, neginf=0.0))
        hi[rows] = np.minimum(hi[rows], np.nan_to_num(new_hi, nan=np.inf, posinf=np.inf))


def bounds(
    groups: Groups,
    values: npt.ArrayLike,
    hidden: BoolArray,
    *,
    below: tuple[FloatArray, FloatArray] | None = None,
    start: tuple[FloatArray, FloatArray] | None = None,
) -> tuple[FloatArray, FloatArray]:
    """Lowest and highest value of every row given the published ones (integers, ≥ 0).

    Args:
        groups: Per breakdown, a group id per row and whether the row is the group's total.
        values: The true values (read only where not ``hidden``).
        hidden: Rows whose value is not published.
        below: Bounds of a quantity each value may not exceed (the denominator's, for
            numerators); ``None``: no such bound.
        start: Bounds already known (from another quantity); ``None``: none.
    """
    v = np.asarray(values, dtype=np.float64)
    lo = np.where(hidden, 0.0, v)
    hi = np.where(hidden, np.inf, v)
    if start is not None:
        lo, hi = np.maximum(lo, start[0]), np.minimum(hi, start[1])
    if below is not None:
        hi = np.minimum(hi, below[1])
    for _ in range(_ROUNDS):
        before = (lo.copy(), hi.copy())
        _sweep(groups, lo, hi)
        lo, hi = np.ceil(lo - _EPS), np.floor(hi + _EPS)
        if below is not None:
            hi = np.minimum(hi, below[1])
        if np.array_equal(before[0], lo) and np.array_equal(before[1], hi):
            break
    return lo + 0.0, hi + 0.0  # no negative zeros


def pinned(
    groups: Groups,
    counts: tuple[IntArray, IntArray],
    hidden: BoolArray,
    side: Sequence[tuple[IntArray, BoolArray]] = (),
) -> BoolArray:
    """Hidden rows whose numerator, denominator or a side count is pinned above zero.

    Args:
        groups: The additive groups.
        counts: Numerators and denominators.
        hidden: Rows whose numerator and denominator are hidden.
        side: Further counts protected on their own (excluded, pending), each with the
            rows where it is hidden.
    """
    num, den = counts
    d = _Bounds.of(den, hidden)
    n = _Bounds.of(num, hidden)
    s = _Bounds.of(den - num, hidden)  # the rows outside the numerator: additive too
    for _ in range(_ROUNDS):
        before = (d.lo.copy(), d.hi.copy(), n.lo.copy(), n.hi.copy())
        d = _Bounds(*bounds(groups, den, hidden, start=(d.lo, d.hi)))
        n = _Bounds(*bounds(groups, num, hidden, below=(d.lo, d.hi), start=(n.lo, n.hi)))
        s = _Bounds(*bounds(groups, den - num, hidden, start=(s.lo, s.hi)))
        # denominator = numerator + the rest, for the bounds of each of the three
        d = _Bounds(np.maximum(d.lo, n.lo + s.lo), np.minimum(d.hi, n.hi + s.hi))
        n = _Bounds(np.maximum(n.lo, d.lo - s.hi), np.minimum(n.hi, d.hi - s.lo))
        s = _Bounds(np.maximum(s.lo, d.lo - n.hi), np.minimum(s.hi, d.hi - n.lo))
        after = (d.lo, d.hi, n.lo, n.hi)
        if all(np.array_equal(x, y) for x, y in zip(before, after, strict=True)):
            break
    out = hidden & (((d.lo == d.hi) & (d.hi > 0)) | ((n.lo == n.hi) & (n.hi > 0)))
    for values, where in side:
        lo, hi = bounds(groups, values, where)
        out |= where & (lo == hi) & (hi > 0)
    return np.asarray(out, dtype=bool)


def harden(
    table: pd.DataFrame,
    dims: Sequence[str],
    hidden: BoolArray,
    side: dict[str, BoolArray],
    k: int,
) -> tuple[BoolArray, dict[str, BoolArray]]:
    """Hide more rows until no hidden count of ``table`` is pinned (see the module docs).

    Args:
        table: The raw table (counts unprotected) with the breakdown columns ``dims``.
        dims: Additive breakdowns (their total label is ``_total``).
        hidden: Rows whose numbers are hidden (from :func:`bbic_su.measures.disclosure.suppress`).
        side: For each count protected on its own (``excluded``, ``pending``), the rows
            where it is hidden.
        k: The threshold.

    Returns:
        The new ``hidden`` and ``side`` masks (supersets of the given ones).
    """

    def counts(col: str) -> IntArray:
        return np.asarray(table[col].fillna(0).to_numpy(dtype=np.int64), dtype=np.int64)

    num, den = counts("numerator"), counts("denominator")
    values = {name: counts(name) for name in side}
    groups = _groups(table, dims)
    hidden = hidden.copy()
    masks = {name: mask | hidden for name, mask in side.items()}
    for _ in range(len(table) + 1):
        pins = pinned(groups, (num, den), hidden, [(values[n], m) for n, m in masks.items()])
        if not pins.any():
            break
        chosen = np.zeros(0, dtype=np.int64)
        for gid, total in groups:
            need = np.zeros(int(gid.max()) + 1, dtype=bool)
            need[gid[pins]] = True
            chosen = _pick(gid, need, hidden, total, den)
            if chosen.size:
                break
        if chosen.size == 0:  # every cell of those groups is hidden: hide the whole tables
            outer = [c for c in ("measure", "kommunkod", "period") if c in table.columns]
            tid = table.groupby(outer, sort=False).ngroup().to_numpy()
            chosen = np.flatnonzero(np.isin(tid, tid[pins]) & ~hidden)
            if chosen.size == 0:
                break
        hidden[chosen] = True
        hidden = _protect(table, dims, hidden, den)
        for name, mask in masks.items():
            small = (values[name] >= 1) & (values[name] < k)
            masks[name] = _protect(table, dims, small | hidden | mask, values[name])
    return hidden, masks
