"""Typed views of a whole dataset, linked, and the per-row arrays computed on them.

>>> import pandas as pd, bbic_su
>>> from bbic_su.frames._columns import RecordColumns, typed_views
>>> ds = bbic_su.Dataset({"barn": pd.DataFrame(
...     {"barn_id": ["b1", "b2"], "kommunkod": ["0180", None], "kon": ["flicka", "junk"]})})
>>> views = typed_views(ds, bbic_su.catalog(), {"barn": {"kon"}})
>>> cols = RecordColumns(bbic_su.catalog(), "barn", views, None)
>>> cols.evaluate(bbic_su.expr.parse('is_missing(kon)')).tolist()  # invalid counts as missing
[False, True]

:func:`typed_views` calls
:func:`~bbic_su.frames._views.build_view` on each record type (only the key columns and
the columns asked for, so unread columns cost nothing) and links ancestors with
:func:`~bbic_su.frames._link.link_views` (positions only; the key findings are validation's).
When :func:`bbic_su.validate` has run on the same dataset and catalogue, its views
(every column parsed, linked the same way) are used instead
(:mod:`bbic_su.frames._typed_views`): the columns are parsed once for the whole pipeline.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import cast

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

from bbic_su.errors import ExpressionError
from bbic_su.expr._api import refs
from bbic_su.expr._ast import Expr
from bbic_su.expr._evaluate import evaluate_frame
from bbic_su.frames._link import link_views
from bbic_su.frames._typed_views import recall
from bbic_su.frames._views import View, ancestor_column, build_view
from bbic_su.frames.dataset import Dataset
from bbic_su.spec._catalog import Catalog
from bbic_su.spec._check import CatalogResolver
from bbic_su.spec.plan import FollowUpPlan

__all__ = ["RecordColumns", "days_of", "recode", "typed_views"]

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


def typed_views(
    dataset: Dataset, cat: Catalog, wanted: Mapping[str, set[str]] | None = None
) -> dict[str, View]:
    """Typed views of every catalogue record type (empty when absent), ancestors linked.

    Args:
        dataset: The dataset, frames as given.
        cat: The catalogue.
        wanted: Variables to parse per record type (keys are always parsed); ``None``
            parses every column.
    """
    held = recall(dataset, cat)
    if held is not None and all(len(dataset.frames[rt]) for rt in held):
        # validate() parsed every column of this dataset already: share its views,
        # showing only the columns asked for (the others read as missing, as below)
        if wanted is not None:
            held = {rt: _only(cat, v, wanted.get(rt, set())) for rt, v in held.items()}
        for rt in cat.record_types:
            if rt.id not in held:
                held[rt.id] = build_view(cat, rt.id, dataset[rt.id], columns=())
        return held
    views: dict[str, View] = {}
    absent: dict[str, View] = {}
    for rt in cat.record_types:
        frame = dataset[rt.id]
        columns = None if wanted is None else wanted.get(rt.id, set())
        view = build_view(cat, rt.id, frame, columns=columns)
        if len(frame) and rt.id in dataset.frames:  # link like validate(): present ones only
            views[rt.id] = view
        else:
            absent[rt.id] = view
    link_views(cat, views)
    return {**views, **absent}


def _only(cat: Catalog, view: View, columns: set[str]) -> View:
    """``view`` with the key columns and ``columns`` alone (the parsed data shared)."""
    keep = {*columns, *cat.record_type(view.record_type).key_fields}
    out = attrs.evolve(
        view,
        columns={k: c for k, c in view.columns.items() if k in keep},
        failed={k: m for k, m in view.failed.items() if k in keep},
    )
    out.pos = view.pos
    out._ids = view._ids  # the key identifiers, computed once
    return out


def days_of(series: pd.Series | None, n: int) -> tuple[IntArray, BoolArray]:
    """A date column as whole days since 1970 (0 where missing) and its missing mask."""
    if series is None:
        return np.zeros(n, dtype=np.int64), np.ones(n, dtype=bool)
    arr = series.to_numpy(dtype="datetime64[D]")
    missing = np.isnat(arr)
    return np.where(missing, 0, arr.astype(np.int64)), missing


class RecordColumns:
    """The columns of one record type with its ancestors', and derived per-row arrays.

    Everything is computed once and cached: evaluating many measures on one record type
    reads each column once.
    """

    def __init__(
        self, cat: Catalog, rt: str, views: Mapping[str, View], plan: FollowUpPlan | None
    ) -> None:
        self.cat = cat
        self.rt = rt
        self.views = views
        self.view = views[rt]
        self.n = self.view.n
        self.plan = plan
        self.resolver = CatalogResolver(cat, rt)
        self.index = pd.RangeIndex(self.n)
        self._cols: dict[str, pd.Series | None] = {}
        self._cache: dict[object, object] = {}

    def column(self, key: str) -> pd.Series | None:
        """The typed column ``key`` (``var`` or ``rt.var``) or ``None`` when unknown."""
        if key not in self._cols:
            if "." in key:
                self._cols[key] = ancestor_column(self.views, self.view, key)
            else:
                self._cols[key] = self.view.columns.get(key)
        return self._cols[key]

    def _keys(self, expr: Expr) -> set[str]:
        keys: set[str] = {self.resolver.birth_year_key()}
        todo = [self.resolver.resolve(r) for r in refs(expr)]
        while todo:
            key = todo.pop()
            if key in keys:
                continue
            keys.add(key)
            cond = self.resolver.applies_if(key)
            if cond is not None:
                todo.extend(self.resolver.resolve(r) for r in refs(cond))
        return keys

    def evaluate(self, expr: Expr) -> BoolArray:
        """The boolean value of ``expr`` on every row."""
        columns = {k: c for k in self._keys(expr) if (c := self.column(k)) is not None}
        result = evaluate_frame(expr, columns, self.resolver, index=self.index)
        return result.to_numpy(dtype=bool)

    def key_of(self, name: str) -> str | None:
        """The column key of variable or key ``name`` from this record type, if reachable."""
        try:
            return self.resolver.key_of(name)
        except ExpressionError:
            return None

    def dates(self, variable: str | None) -> tuple[IntArray, BoolArray]:
        """Days since 1970 and a missing mask of the period date (``None``: latest linked)."""
        cached = cast("tuple[IntArray, BoolArray] | None", self._cache.get(("dates", variable)))
        if cached is None:
            if variable is None:
                cached = self._latest_linked()
            else:
                key = self.key_of(variable)
                cached = days_of(None if key is None else self.column(key), self.n)
            self._cache[("dates", variable)] = cached
        return cached

    def _latest_linked(self) -> tuple[IntArray, BoolArray]:
        """For a child: the latest period date among its linked records (in the plan period)."""
        best = np.full(self.n, np.iinfo(np.int64).min, dtype=np.int64)
        period = self.plan.period if self.plan is not None else None
        for rt in self.cat.record_types:
            view = self.views[rt.id]
            pos = view.pos.get(self.rt)
            if rt.period_date is None or pos is None:
                continue
            days, missing = days_of(view.columns.get(rt.period_date), view.n)
            ok = ~missing & (pos >= 0)
            if period is not None:
                lo, hi = _day(period.start), _day(period.end)
                ok &= (days >= lo) & (days <= hi)
            np.maximum.at(best, pos[ok], days[ok])
        missing = best == np.iinfo(np.int64).min
        return np.where(missing, 0, best), missing

    def ages(self, variable: str | None) -> tuple[IntArray, BoolArray]:
        """Age on the period date as ``alder()`` gives it (year minus birth year)."""
        cached = cast("tuple[IntArray, BoolArray] | None", self._cache.get(("ages", variable)))
        if cached is None:
            days, missing = self.dates(variable)
            birth = self.column(self.resolver.birth_year_key())
            if birth is None:
                years, bmiss = np.zeros(self.n, dtype=np.int64), np.ones(self.n, dtype=bool)
            else:
                bmiss = birth.isna().to_numpy(dtype=bool)
                years = birth.fillna(0).to_numpy(dtype=np.int64)
            year = days.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
            cached = (year - years, missing | bmiss)
            self._cache[("ages", variable)] = cached
        return cached

    def children(self) -> tuple[IntArray, int]:
        """A code per distinct child id (rows without one get unique codes), and the count."""
        cached = cast("tuple[IntArray, int] | None", self._cache.get("children"))
        if cached is None:
            key = self.key_of("barn_id")
            col = None if key is None else self.column(key)
            if col is None:
                codes = np.full(self.n, -1, dtype=np.int64)
                count = 0
            else:
                raw, uniques = pd.factorize(col)
                codes, count = np.asarray(raw, dtype=np.int64), len(uniques)
            alone = codes < 0
            codes = np.where(alone, count + np.arange(self.n), codes)
            cached = (codes, count + self.n)
            self._cache["children"] = cached
        return cached

    def record_keys(self, secret: str, *, child: bool) -> npt.NDArray[np.float64]:
        """Record keys in [0, 1) for cell-key perturbation, from a keyed hash.

        The hash is of the record's primary key (``child``: of its ``barn_id``, the same
        on every record type), keyed with ``secret``; no personal data is used.
        """
        key = self.key_of("barn_id") if child else self.view.pk
        col = None if key is None else self.column(key)
        if col is None:
            return np.zeros(self.n, dtype=np.float64)
        salt = "barn" if child else self.rt
        hashed = pd.util.hash_pandas_object(col, index=False, hash_key=_hash_key(secret, salt))
        return hashed.to_numpy(dtype=np.uint64) / float(2**64)

    def order(self, variable: str | None) -> tuple[IntArray, IntArray]:
        """(rank, order): rows ranked by period date then row number, and the inverse."""
        cached = cast("tuple[IntArray, IntArray] | None", self._cache.get(("order", variable)))
        if cached is None:
            days, missing = self.dates(variable)
            order = np.lexsort((np.arange(self.n), np.where(missing, np.iinfo(np.int64).min, days)))
            rank = np.empty(self.n, dtype=np.int64)
            rank[order] = np.arange(self.n)
            cached = (rank, order.astype(np.int64))
            self._cache[("order", variable)] = cached
        return cached


def _hash_key(secret: str, salt: str) -> str:
    return hashlib.blake2b(f"{salt}\x00{secret}".encode(), digest_size=8).hexdigest()


def recode(col: pd.Series, labels: list[str]) -> IntArray:
    """Index of each value in ``labels`` (-1 when missing or not among them)."""
    if isinstance(col.dtype, pd.CategoricalDtype):
        recoded = col.cat.set_categories(labels)
    else:
        recoded = pd.Series(pd.Categorical(col, categories=labels))
    return np.asarray(recoded.cat.codes, dtype=np.int64)


def _day(value: object) -> int:
    return int(np.array([value], dtype="datetime64[D]").astype(np.int64)[0])
