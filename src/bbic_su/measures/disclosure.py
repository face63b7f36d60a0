"""Small-count protection of measure tables: suppression (default) or cell-key perturbation.

>>> import pandas as pd
>>> from bbic_su.measures.disclosure import suppress
>>> t = pd.DataFrame({"measure": "m", "kommunkod": "0180", "kon": ["flicka", "pojke", "_total"],
...                   "numerator": [2, 30, 32], "denominator": [9, 40, 49], "excluded": 0})
>>> out = suppress(t, min_count=5, breakdowns=["kon"])
>>> out["suppressed"].tolist(), out["suppression_reason"].fillna("-").tolist()
([True, True, False], ['primary', 'secondary', '-'])

The rules are those of ``recommended_default`` in ``spec_data/disclosure.yaml``, with
threshold ``k`` (``min_cell``, default 5, allowed 3, 5 or 10):

1. **Primary.** A row is hidden when its denominator or numerator is between 1 and k−1
   (``primary``), or the denominator minus the numerator is (``complement``: the share
   would reveal a small count). A zero is hidden when the total of one of its breakdown
   groups is between 1 and k−1 (``primary``).
2. **Secondary.** Every breakdown is additive: for each breakdown and each combination of
   the other breakdowns' values (totals included), the cells and their total form a
   *group*. While some group has exactly one hidden member, the next smallest non-zero
   cell of that group is hidden (else its total, else a zero cell) — to a fixed point.
   Then a linear check: a hidden cell is *determined* when the published cells and
   totals fix its value through the group equations (its unit vector lies in the row
   space of the equations restricted to the hidden cells, tested with an SVD); another
   cell of one of its groups is hidden until no hidden value is determined.
3. Hidden rows publish no numerator, denominator, share, interval or excluded count
   (null; ``..`` in human outputs). ``excluded`` is protected the same way on its own;
   a row whose only hidden number is ``excluded`` has reason ``excluded``. ``pending``
   (deadline measures) is protected alike, with reason ``pending``.

4. **Extreme shares** (attribute disclosure). A share of 0 % or 100 % says something
   about every child of its group ("none of them", "all of them"). Such a row is
   hidden when its denominator is below 2k (``extreme``); from 2k on it is
   published. The anchor is the practice recorded in ``spec_data/disclosure.yaml``:
   Socialstyrelsen regroups small combinations and publishes no threshold (D01), SCB
   perturbs cells (D04); neither gives a number for this case, so 2k is bbic-su's
   own, provisional choice, derived from the catalogue's threshold. A hidden cell may still
   have its share fixed at 0 % or 100 % by a published margin of at least 2k (all 12
   girls, hence also the hidden 2 of them); that says nothing the margin does not say.

**Periods are one additive dimension across tables.** :func:`bbic_su.compute` protects
the table without periods and the tables by year, half-year, quarter and month together,
as one table whose period column is hierarchical (months add up to quarters, quarters to
half-years, half-years to years, years to the all-period total; see
:mod:`bbic_su.measures._period_protect`), and returns the slice asked for. A hidden cell of one of
these outputs therefore cannot be recomputed from any other output for the same data and
threshold. A table passed to :func:`suppress` directly (without ``_parent`` and
``_level`` columns) is protected on its own. Differences between periods and comparisons
are computed from published values only (:mod:`bbic_su.measures.comparisons`). Hidden rows may
still be bounded (0 ≤ value ≤ sum of the hidden cells of a group), as with every
suppression method. Municipalities are not pooled by any output, so they are not an
additive dimension here; equal denominators published by *other* measures are not taken
into account.

:func:`perturb` is the documented alternative (off by default): a deterministic
cell-key method. Each unit gets a record key in [0, 1), a keyed hash (the caller's
secret) of its pseudonymous id; a cell's key is the fractional part of the sum of its
units' keys, and the noise −2…+2 is read from the fixed table :data:`PTABLE` at that
key. Zeros stay zero, counts never go below 0, the numerator never above the
denominator. Totals are perturbed on their own, so cells need not add up to totals
(this is stated in the table's :attr:`~MeasureTable.note`). Shares whose perturbed denominator
is below k are hidden (reason ``share``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal, overload

import numpy as np
import numpy.typing as npt
import pandas
import pandas as pd

from bbic_su._boundary import boundary, keywords
from bbic_su.measures._breakdowns import TOTAL, MeasureError
from bbic_su.measures._perturb import PERTURBED_NOTE, PTABLE, perturb, perturb_frame
from bbic_su.measures._rowspace import units_in_row_space
from bbic_su.measures._table import MeasureTable
from bbic_su.spec._catalog import Catalog, catalog

__all__ = [
    "DEFAULT",
    "MARKER",
    "PERTURBED_NOTE",
    "PTABLE",
    "check_min_count",
    "human",
    "perturb",
    "perturb_frame",
    "resolve_min_count",
    "suppress",
    "suppress_frame",
]

MARKER = ".."
"""Shown in human outputs for a hidden value (Kolada's convention; ``marker`` in the spec)."""
_OUTER = ("measure", "kommunkod", "period")
_PERIOD_COLUMNS = ("_parent", "_level")
_VALUES = ("numerator", "denominator", "share", "ci_low", "ci_high")
BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]


DEFAULT: Literal["default"] = "default"
"""Stands for the catalogue's threshold (``disclosure.recommended_default.min_cell``)."""


def resolve_min_count(cat: Catalog | None, k: int | Literal["default"]) -> int:
    """The threshold ``k``: the catalogue's ``min_cell`` for :data:`DEFAULT`, checked.

    Raises:
        MeasureError: ``k`` is not one of the catalogue's ``allowed_min_cell``.
    """
    cat = cat or catalog()
    value = cat.disclosure.recommended_default.min_cell if k == DEFAULT else int(k)
    check_min_count(cat, value)
    return value


def check_min_count(cat: Catalog | None, k: int) -> None:
    """Raise :class:`MeasureError` unless ``k`` is one of the catalogue's ``allowed_min_cell``."""
    allowed = (cat or catalog()).disclosure.recommended_default.allowed_min_cell
    if k not in allowed:
        raise MeasureError(f"min count {k} is not allowed; use one of {list(allowed)}")


def _groups(table: pd.DataFrame, dims: Sequence[str]) -> list[tuple[IntArray, BoolArray]]:
    """Per breakdown: a group id per row, and whether the row is the group's total."""
    outer = [c for c in _OUTER if c in table.columns]
    out = []
    for d in dims:
        keys = [*outer, *(o for o in dims if o != d)]
        gid = table.groupby(keys, sort=False, dropna=False).ngroup().to_numpy(dtype=np.int64)
        out.append((gid.astype(np.int64), (table[d] == TOTAL).to_numpy(dtype=bool)))
    return out


def _pick(
    gid: IntArray, need: BoolArray, hidden: BoolArray, total: BoolArray, den: IntArray
) -> IntArray:
    """For each group in ``need``: the row to hide next (smallest non-zero cell, total, zero)."""
    cand = need[gid] & ~hidden
    rows = np.flatnonzero(cand)
    if rows.size == 0:
        return rows
    cls = np.where(total[rows], 1, np.where(den[rows] > 0, 0, 2))
    order = np.lexsort((rows, den[rows], cls, gid[rows]))
    ordered = rows[order]
    first = np.ones(ordered.size, dtype=bool)
    first[1:] = gid[ordered][1:] != gid[ordered][:-1]
    return np.asarray(ordered[first], dtype=np.int64)


def _fixed_point(
    groups: list[tuple[IntArray, BoolArray]], hidden: BoolArray, den: IntArray
) -> None:
    changed = True
    while changed:
        changed = False
        for gid, total in groups:
            counts = np.bincount(gid, weights=hidden, minlength=int(gid.max(initial=-1)) + 1)
            need = np.rint(counts).astype(np.int64) == 1
            if need.any():
                chosen = _pick(gid, need, hidden, total, den)
                if chosen.size:
                    hidden[chosen] = True
                    changed = True


def determined(
    groups: list[tuple[IntArray, BoolArray]], hidden: BoolArray, rows: IntArray
) -> IntArray:
    """Hidden rows (among ``rows``, one table) whose value the group equations fix."""
    h = rows[hidden[rows]]
    if h.size == 0:
        return h
    eqs: list[npt.NDArray[np.float64]] = []
    for gid, total in groups:
        # one equation per group holding a hidden row and at least one other row: the
        # hidden members with +1 (the total with -1); published members are constants
        g_rows = gid[rows]
        size = np.bincount(g_rows, minlength=int(gid.max(initial=-1)) + 1)
        wanted = np.unique(gid[h])
        wanted = wanted[size[wanted] >= 2]
        if wanted.size == 0:
            continue
        eq = np.zeros((wanted.size, h.size))
        which = np.searchsorted(wanted, gid[h])
        ok = (which < wanted.size) & (wanted[np.minimum(which, wanted.size - 1)] == gid[h])
        cols = np.flatnonzero(ok)
        eq[which[cols], cols] = np.where(total[h[cols]], -1.0, 1.0)
        eqs.append(eq)
    if not eqs:
        return h[:0]
    fixed = units_in_row_space(np.vstack(eqs))
    return np.asarray(h[fixed], dtype=np.int64)


def _period_groups(
    table: pd.DataFrame, dims: Sequence[str], parent: npt.NDArray[Any], level: IntArray
) -> list[tuple[IntArray, BoolArray]]:
    """The period hierarchy as two families of groups (a parent and its child periods).

    Levels: 0 month, 1 quarter, 2 half, 3 year, 4 all periods. In family ``e`` the
    rows of levels ``e``, ``e + 2`` are children (grouped by their parent) and the
    rows of the next levels are totals (grouped by themselves), so that every row is
    in at most one group per family; a row with neither role is alone in its group.
    """
    other = [c for c in ("measure", "kommunkod", *dims) if c in table.columns]
    period = table["period"].to_numpy(dtype=object)
    has_parent = np.asarray(pd.notna(parent), dtype=bool)
    lone_ids = np.array([f"\0{i}" for i in range(len(table))], dtype=object)
    out: list[tuple[IntArray, BoolArray]] = []
    for family in (0, 1):
        child = (level % 2 == family) & has_parent
        total: BoolArray = np.asarray(level % 2 != family, dtype=np.bool_)
        anchor = np.where(child, parent, np.where(total, period, lone_ids))
        keys = table[other].assign(_anchor=anchor)
        gid = keys.groupby([*other, "_anchor"], sort=False, dropna=False).ngroup()
        ids: IntArray = np.asarray(gid.to_numpy(), dtype=np.int64)
        out.append((ids, total))
    return out


def _protect(
    table: pd.DataFrame,
    dims: Sequence[str],
    primary: BoolArray,
    den: IntArray,
    extra: Sequence[tuple[IntArray, BoolArray]] = (),
) -> BoolArray:
    hidden = primary.copy()
    groups = [*_groups(table, dims), *extra]
    _fixed_point(groups, hidden, den)
    if len(groups) < 2:
        return hidden
    # with the period hierarchy, one block is a measure and unit across all periods
    outer = [c for c in (_OUTER[:2] if extra else _OUTER) if c in table.columns]
    tables = table.groupby(outer, sort=False, dropna=False).ngroup().to_numpy(dtype=np.int64)
    for t in np.unique(tables[hidden]):
        rows = np.flatnonzero(tables == t)
        while (fixed := determined(groups, hidden, rows)).size:
            gid, total = groups[0]
            need = np.zeros(int(gid.max()) + 1, dtype=bool)
            for gid, total in groups:
                need[:] = False
                need[gid[fixed]] = True
                chosen = _pick(gid, np.resize(need, int(gid.max()) + 1), hidden, total, den)
                if chosen.size:  # one more cell in each group of a determined cell
                    hidden[chosen] = True
                    break
            else:
                hidden[rows] = True
            _fixed_point(groups, hidden, den)
    return hidden


@overload
def suppress(
    table: MeasureTable,
    *,
    min_count: int | Literal["default"] = ...,
    breakdowns: Sequence[str] | None = ...,
) -> MeasureTable: ...
@overload
def suppress(
    table: pandas.DataFrame,  # spelled out: the docs show an overload's annotations as written
    *,
    min_count: int | Literal["default"] = ...,
    breakdowns: Sequence[str] | None = ...,
) -> pandas.DataFrame: ...
@keywords("min_count")
@boundary
def suppress(
    table: MeasureTable | pd.DataFrame,
    *,
    min_count: int | Literal["default"] = DEFAULT,
    breakdowns: Sequence[str] | None = None,
) -> MeasureTable | pd.DataFrame:
    """Apply primary and secondary suppression to a raw measure table (see module docs).

    Args:
        table: From :func:`bbic_su.compute` with ``min_count=None``, or a frame with the
            same columns.
        min_count: The threshold k (default: the catalogue's ``min_cell``).
        breakdowns: The additive breakdown columns (default: the table's
            :attr:`~MeasureTable.breakdowns`; none for a frame).

    Returns:
        The protected table, of the kind given (a :class:`MeasureTable` keeps its
        metadata, with :attr:`~MeasureTable.min_count` set).
    """
    k = resolve_min_count(None, min_count)
    if isinstance(table, MeasureTable):
        dims = table.breakdowns if breakdowns is None else breakdowns
        return table.with_frame(suppress_frame(table.frame, k, dims), min_count=k)
    return suppress_frame(table, k, breakdowns or ())


def suppress_frame(table: pd.DataFrame, k: int, breakdowns: Sequence[str]) -> pd.DataFrame:
    """:func:`suppress` on a frame with threshold ``k`` and the additive ``breakdowns``."""
    dims = list(breakdowns)
    extra: list[tuple[IntArray, BoolArray]] = []
    if "_parent" in table.columns:  # every period level and the all-period total together
        flat = table.reset_index(drop=True)
        extra = _period_groups(
            flat,
            dims,
            flat["_parent"].to_numpy(dtype=object),
            flat["_level"].to_numpy(dtype=np.int64),
        )
    private = [c for c in table.columns if str(c).startswith("_") and c not in _PERIOD_COLUMNS]
    out = table.drop(columns=private).reset_index(drop=True)
    num = out["numerator"].fillna(0).to_numpy(dtype=np.int64)
    den = out["denominator"].fillna(0).to_numpy(dtype=np.int64)
    exc = out["excluded"].fillna(0).to_numpy(dtype=np.int64)

    def small(x: IntArray) -> BoolArray:
        return (x >= 1) & (x < k)

    count_rule = small(den) | small(num)
    complement = small(den - num) & ~count_rule
    zero = np.zeros(len(out), dtype=bool)
    for gid, total in [*_groups(out, dims), *extra]:
        small_total = np.zeros(int(gid.max(initial=-1)) + 1, dtype=bool)
        small_total[gid[total & small(den)]] = True
        zero |= (den == 0) & small_total[gid] & ~total
    # attribute disclosure: 0 % or 100 % says something about every child of the group
    extreme = ((num == 0) | (num == den)) & (den >= k) & (den < 2 * k) & ~count_rule
    primary = count_rule | complement | zero | extreme
    hidden = _protect(out, dims, primary, den, extra)
    exc_hidden = _protect(out, dims, small(exc) | hidden, exc, extra)
    pend_hidden = hidden
    if "pending" in out.columns:  # deadline measures: protected like excluded
        pend = out["pending"].fillna(0).to_numpy(dtype=np.int64)
        pend_hidden = _protect(out, dims, small(pend) | hidden, pend, extra)
        out["pending"] = out["pending"].mask(pend_hidden)
    reason = np.where(
        count_rule | zero,
        "primary",
        np.where(
            complement,
            "complement",
            np.where(
                extreme,
                "extreme",
                np.where(hidden, "secondary", np.where(exc_hidden, "excluded", "pending")),
            ),
        ),
    )
    flagged = hidden | exc_hidden | pend_hidden
    for col in _VALUES:
        if col in out.columns:
            out[col] = out[col].mask(hidden)
    out["excluded"] = out["excluded"].mask(exc_hidden)
    out["suppressed"] = flagged
    labels = np.where(flagged, reason, "")
    out["suppression_reason"] = pd.Series(labels, dtype="str").replace("", pd.NA)
    return out


def human(table: MeasureTable | pd.DataFrame, *, digits: int = 1) -> pd.DataFrame:
    """All-text copy for people: shares in per cent, hidden values shown as :data:`MARKER`."""
    table = table.frame if isinstance(table, MeasureTable) else table
    out = table.drop(columns=["suppressed", "suppression_reason"], errors="ignore").copy()
    hidden = table["suppressed"].to_numpy(dtype=bool)
    for col in ("numerator", "denominator", "excluded", "pending"):
        if col not in table.columns:
            continue
        values = table[col]
        out[col] = [MARKER if pd.isna(v) else str(int(v)) for v in values]
    for col in ("share", "ci_low", "ci_high"):
        values = table[col]
        out[col] = [
            (MARKER if h else "-") if pd.isna(v) else f"{100 * float(v):.{digits}f}"
            for v, h in zip(values, hidden, strict=True)
        ]
    return out
