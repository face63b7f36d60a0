"""Typed views: each frame parsed once, one distinct value at a time.

>>> import pandas as pd, bbic_su
>>> from bbic_su.frames._views import build_view
>>> frame = pd.DataFrame({"barn_id": ["b1", "b2", "b3"], "fodelsear": ["2015", "x", "2015"]})
>>> frame = bbic_su.Dataset({"barn": frame})["barn"]  # rows numbered from 1
>>> view = build_view(bbic_su.catalog(), "barn", frame)
>>> view.columns["fodelsear"].tolist()
[2015, <NA>, 2015]
>>> failures = view.failures["fodelsear"]
>>> failures.rows.tolist(), [c.value for c in failures.codes]
([1], ['invalid-integer'])

Each column is factorised; :func:`~bbic_su.frames._parse.parse_value` runs once per
distinct value and its result is broadcast to the rows, so the cost is one hash
pass per column plus work proportional to the number of distinct values. The
typed view follows the frame conventions (codes as strings, here categorical;
multi-select ``|``-joined and sorted; ``datetime64``; ``Int64``) and is what rule
expressions are evaluated on, with ancestors' columns joined as ``<rt>.<var>``
through the key chain.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import partial
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

from bbic_su.expr._evaluate_frame import pick
from bbic_su.frames._factorize import arrow_factorize, factorize
from bbic_su.frames._keyids import KeyIds, key_ids
from bbic_su.frames._parse import Parsed, key_failures, parse_value, shown_value
from bbic_su.frames._threads import run_all
from bbic_su.spec._catalog import Catalog
from bbic_su.spec.issue_codes import IssueCode

__all__ = [
    "ColumnFailures",
    "KeySource",
    "View",
    "add_column",
    "ancestor_column",
    "build_view",
    "column_positions",
    "objects",
    "show",
    "typed_values",
]

IntArray = npt.NDArray[np.intp]
_Parsed = tuple[npt.NDArray[np.object_], list[str | int | None]]
"""Per distinct value (the last one stands for missing): failure code or None, shown value."""
BoolArray = npt.NDArray[np.bool_]


KeySource = tuple[pd.Series, "npt.NDArray[np.bool_] | None"]
"""A key column and its failed rows (``None``: none failed), where findings read keys."""


@attrs.frozen
class ColumnFailures:
    """The rows of one column whose value did not parse, as data (findings are made later).

    Attributes:
        rows: Positions of the failed rows, ascending.
        value: Per failed row, the index of its value among the failing distinct values.
        codes: Per failing distinct value, its failure code.
        shown: Per failing distinct value, the value safe to report (``None``: not shown).
    """

    rows: npt.NDArray[np.intp]
    value: npt.NDArray[np.int32]
    codes: tuple[IssueCode, ...]
    shown: tuple[str | int | None, ...]


@attrs.define
class View:
    """The typed view of one record type's frame (positional, ``n`` rows)."""

    record_type: str
    n: int
    rows: npt.NDArray[np.int64]
    columns: dict[str, pd.Series]
    failed: dict[str, BoolArray]
    pk: str
    pos: dict[str, IntArray] = attrs.field(factory=dict)
    failures: dict[str, ColumnFailures] = attrs.field(factory=dict, repr=False, eq=False)
    _keys: Any = attrs.field(default=None, init=False, repr=False, eq=False)
    _ids: dict[str, KeyIds] = attrs.field(factory=dict, init=False, repr=False, eq=False)

    def key_source(self) -> KeySource:
        """The primary-key column and its failed rows, where findings read their keys."""
        return self.columns[self.pk], self.failed.get(self.pk)

    def ids(self, column: str) -> KeyIds:
        """The exact identifiers of a key column's values (computed once)."""
        if column not in self._ids:
            self._ids[column] = key_ids(self.columns[column])
        return self._ids[column]

    def key_at(self, position: int) -> str | None:
        """The reportable primary key of the row at ``position`` (None if missing or unsafe)."""
        if self.pk in self.failed and self.failed[self.pk][position]:
            return None
        if self._keys is None:
            column = self.columns[self.pk]
            arrow = getattr(column.dtype, "storage", None) == "pyarrow"
            self._keys = column.array.__arrow_array__() if arrow else column.array
        value = self._keys[position]
        value = value.as_py() if hasattr(value, "as_py") else value
        return None if value is None or pd.isna(value) else str(value)

    def keys_at(self, positions: npt.NDArray[Any]) -> list[str | None]:
        """:meth:`key_at` of many rows at once."""
        values = self.columns[self.pk].take(positions).tolist()
        failed = self.failed.get(self.pk)
        bad = [False] * len(values) if failed is None else failed[positions].tolist()
        return [
            None if b else v if type(v) is str else None if v is None or pd.isna(v) else str(v)
            for v, b in zip(values, bad, strict=True)
        ]


def _typed(kind: str, values: list[object], take: npt.NDArray[np.integer[Any]]) -> pd.Series:
    """The typed column from the parsed distinct values (last = missing) and row positions."""
    if kind in ("code", "codes", "text"):
        cats: dict[object, int] = {}
        idx = np.array([-1 if v is None else cats.setdefault(v, len(cats)) for v in values])
        small = np.int8 if len(cats) < 2**7 else np.int16 if len(cats) < 2**15 else np.int32
        categories = pd.Index(list(cats), dtype="str")
        m = len(cats)
        rows: npt.NDArray[np.signedinteger[Any]]
        if (idx[:m] == np.arange(m)).all() and (idx[m:] == -1).all():
            # the distinct values are the categories in order, then missing or failed
            # ones (a code column's value set comes first): no gather needed
            rows = take.astype(small)
            rows[take >= m] = -1
        else:
            rows = idx.astype(small)[take]
        dtype = pd.CategoricalDtype(categories)
        return pd.Series(pd.Categorical.from_codes(rows, dtype=dtype, validate=False))
    if kind == "date":
        stamps: list[Any] = [np.datetime64("NaT") if v is None else v for v in values]
        days = np.array(stamps, dtype="datetime64[D]").astype("datetime64[s]")
        return pd.Series(days[take])
    ints = np.array([0 if v is None else v for v in values], dtype=np.int64)
    mask = np.array([v is None for v in values], dtype=bool)
    return pd.Series(pd.arrays.IntegerArray(ints[take], mask[take]))


_KEY_FAILED: _Parsed = (np.array([None, IssueCode.INVALID_KEY], dtype=object), [None, None])
"""Failures of key rows parsed row by row: index 0 is fine, 1 is an unsafe key."""


def _parse_column(
    series: pd.Series | None, kind: str, codes: frozenset[str] | None, n: int
) -> tuple[pd.Series, npt.NDArray[np.integer[Any]], _Parsed]:
    """Typed column, per-row index into the distinct values, their failures and shown values."""
    if series is None:
        none: _Parsed = (np.array([None], dtype=object), [None])
        return _typed(kind, [None], np.zeros(n, dtype=np.intp)), np.zeros(n, np.intp), none
    if kind == "text" and isinstance(series.dtype, pd.StringDtype):
        # keys are mostly distinct: check the rows, and the typed keys are the texts themselves
        failing = key_failures(series).astype(np.intp)
        return series.reset_index(drop=True), failing, _KEY_FAILED
    take: npt.NDArray[np.integer[Any]]
    arrow = arrow_factorize(series, codes if kind == "code" else None) if kind != "text" else None
    if arrow is not None:
        take, uniques = arrow[0], arrow[1]  # missing is one of the uniques (parsed as missing)
    else:
        codes_, uniques = factorize(series)
        take = np.where(codes_ < 0, len(uniques), codes_)
    if kind == "text" and all(type(u) is str for u in uniques):
        bad = key_failures(pd.Series(uniques, dtype=object))
        failure = np.full(len(uniques) + 1, None, dtype=object)
        failure[np.flatnonzero(bad)] = IssueCode.INVALID_KEY
        values = np.empty(len(uniques) + 1, dtype=object)
        values[:-1] = uniques
        return pd.Series(values[take], dtype="str"), take, (failure, [None] * len(failure))
    parsed = [parse_value(kind, codes, u) for u in uniques] + [Parsed(None)]
    failure = np.empty(len(parsed), dtype=object)
    failure[:] = [p.failure for p in parsed]
    return _typed(kind, [p.value for p in parsed], take), take, (failure, [p.shown for p in parsed])


_Item = tuple[str, str, pd.Series | None, frozenset[str] | None]


def _failed_rows(parsed: _Parsed, take: npt.NDArray[np.integer[Any]]) -> BoolArray | None:
    """Rows whose value failed to parse (None: none did)."""
    flags = np.array([f is not None for f in parsed[0]], dtype=bool)
    return pick(flags, take) if flags.any() else None


def _row_numbers(frame: pd.DataFrame) -> npt.NDArray[np.int64]:
    index = frame.index
    if pd.api.types.is_integer_dtype(index.dtype):
        return np.asarray(index, dtype=np.int64)
    return np.arange(1, len(frame) + 1, dtype=np.int64)


def column_positions(frame: pd.DataFrame) -> dict[str, int]:
    """The first position of each column name of ``frame``."""
    first: dict[str, int] = {}
    for i, label in enumerate(frame.columns):
        first.setdefault(str(label), i)
    return first


def build_view(
    cat: Catalog, rt: str, frame: pd.DataFrame, *, columns: Iterable[str] | None = None
) -> View:
    """Parse ``frame`` of record type ``rt`` into its typed view.

    Values that fail to parse read as missing; :attr:`View.failures` keeps them, per
    column, for the validation to report.

    Args:
        cat: The catalogue.
        rt: The record type id.
        frame: The frame as given.
        columns: Only parse these catalogue columns (the key columns always); the others
            are left out of the view (read as all-missing). ``None`` parses every one.
    """
    first = column_positions(frame)
    n = len(frame)
    record = cat.record_type(rt)
    wanted = None if columns is None else {*columns, *record.key_fields}
    view = View(rt, n, _row_numbers(frame), {}, {}, record.key)
    todo = [
        (name, kind, frame.iloc[:, first[name]] if name in first else None, cat.codes_of(name))
        for name, kind in cat.columns_of(rt).items()
        if wanted is None or name in wanted
    ]
    # the primary key first: the other columns' findings name their rows' keys
    for item in todo:
        if item[0] == record.key:
            add_column(view, item)
    others = [item for item in todo if item[0] != record.key]
    # identifiers of the parent key (for the sibling-record rules) once it is parsed
    steps: list[Callable[[], object]] = [
        partial(add_column, view, i, ids=i[0] == record.parent_key) for i in others
    ]
    if record.key in first:
        steps.append(partial(view.ids, record.key))  # for duplicate keys
    run_all(steps, rows=n)
    # the threads finish in any order: keep the columns' order
    order = [item[0] for item in todo]
    view.columns = {name: view.columns[name] for name in order}
    view.failed = {name: view.failed[name] for name in order if name in view.failed}
    view.failures = {name: view.failures[name] for name in order if name in view.failures}
    return view


def add_column(view: View, item: _Item, *, ids: bool = False) -> None:
    """Parse one column ``(name, kind, series, codes)`` into ``view``.

    With ``ids``, also compute the column's key identifiers (:meth:`View.ids`).
    """
    name, kind, series, codes = item
    typed, take, (failure, shown) = _parse_column(series, kind, codes, view.n)
    bad = _failed_rows((failure, shown), take)
    view.columns[name] = typed
    view.failed.pop(name, None)
    view.failures.pop(name, None)
    if ids and series is not None:
        view.ids(name)
    if bad is None or not bad.any():
        return
    view.failed[name] = bad
    where = np.flatnonzero(bad)
    # the failing distinct values, as a small dictionary the rows point into
    failing = np.flatnonzero(np.array([f is not None for f in failure], dtype=bool))
    remap = np.full(len(failure), -1, dtype=np.int32)
    remap[failing] = np.arange(len(failing), dtype=np.int32)
    view.failures[name] = ColumnFailures(
        where,
        remap[take[where]],
        tuple(failure[failing].tolist()),
        tuple(shown[i] for i in failing.tolist()),
    )


def typed_values(series: pd.Series, positions: npt.NDArray[Any]) -> list[Any]:
    """Python values (str, date, int or None) of a typed column at ``positions``."""
    picked = series.iloc[positions]
    if pd.api.types.is_datetime64_any_dtype(picked.dtype):
        return [None if pd.isna(v) else v.date() for v in picked]
    return [
        None if pd.isna(v) else (int(v) if isinstance(v, np.integer | int) else str(v))
        for v in picked.tolist()
    ]


def objects(series: pd.Series) -> npt.NDArray[np.object_]:
    """The column as Python objects, missing as None."""
    arr = np.array(series.astype(object), dtype=object)
    arr[pd.isna(arr)] = None
    return arr


def ancestor_column(views: Mapping[str, View], view: View, key: str) -> pd.Series | None:
    """The ancestor column ``<rt>.<var>`` aligned with ``view`` (None when unknown)."""
    anc, _, var = key.partition(".")
    if anc not in view.pos or anc not in views or var not in views[anc].columns:
        return None
    source = views[anc].columns[var]
    return pd.Series(source.array.take(view.pos[anc], allow_fill=True))


def show(view: View, variable: str, positions: npt.NDArray[Any]) -> list[str | int | None]:
    """Reportable values of ``variable`` at ``positions``."""
    return [shown_value(v) for v in typed_values(view.columns[variable], positions)]
