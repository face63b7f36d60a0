"""Factorising a column: each row's index into the column's distinct values.

>>> import pandas as pd
>>> rows, values = factorize(pd.Series(["a", None, "b", "a"], dtype=object))
>>> rows.tolist(), values
([0, -1, 1, 0], ['a', 'b'])
>>> rows, values = factorize(pd.Series([0, False, 0.0, 0], dtype=object))
>>> rows.tolist(), values
([0, 1, 2, 0], [0, False, 0.0])
>>> rows, values = arrow_factorize(pd.Series(["b", None, "x"], dtype="string[pyarrow]"), None)
>>> rows.tolist(), values
([0, 1, 2], ['b', None, 'x'])

Typed views (:mod:`bbic_su.frames._views`) parse each distinct value once and
broadcast the result to the rows; this module finds the distinct values. Cells of
mixed types are keyed by type and value, so ``0``, ``False`` and ``0.0`` stay apart
(the record path parses each as it is). Arrow text columns take one Arrow hash pass.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from bbic_su.expr._evaluate_common import is_blank

__all__ = ["Factorized", "arrow_factorize", "factorize", "one_array"]

Factorized = tuple[npt.NDArray[np.intp], list[Any]]
"""Per row the index of its distinct value (-1: missing), and the distinct values."""


def _key(value: object) -> object:
    """A hashable key equal only for values that parse alike (``0``, ``False``, ``0.0`` differ)."""
    if isinstance(value, set | frozenset):
        return ("\x00set", frozenset(_key(v) for v in value))
    if isinstance(value, list | tuple):
        return ("\x00seq", tuple(_key(v) for v in value))
    try:
        hash(value)
    except TypeError:
        return ("\x00repr", type(value).__name__, repr(value))
    return (type(value), value)


def factorize(series: pd.Series) -> Factorized:
    """Per row the index of its distinct value (-1: missing), and the distinct values."""
    if series.dtype == object and "mixed" in pd.api.types.infer_dtype(series, skipna=True):
        return _factorize_mixed(series)
    try:
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
    except TypeError:  # unhashable cells: sets or lists of codes, or junk
        return _factorize_mixed(series)
    return np.asarray(codes, dtype=np.intp), uniques.tolist()


def _factorize_mixed(series: pd.Series) -> Factorized:
    """Factorise cells of mixed types by type and value; the distinct values as given.

    pandas would take ``0`` and ``False`` (or ``1`` and ``1.0``) for one value, while
    the record path parses each as it is: keying by type keeps the two paths equal.
    """
    values = series.tolist()
    keys = np.empty(len(values), dtype=object)
    # missing as pandas takes it (None, NaN, NA, NaT); an empty string is a value here
    keys[:] = [None if type(v) is not str and is_blank(v) else _key(v) for v in values]
    codes, _ = pd.factorize(keys, use_na_sentinel=True)
    codes = np.asarray(codes, dtype=np.intp)
    found, first = np.unique(codes, return_index=True)
    uniques = [values[i] for c, i in zip(found.tolist(), first.tolist(), strict=True) if c >= 0]
    return codes, uniques


def one_array(series: pd.Series) -> pa.Array:
    """The Arrow data of an Arrow-backed column as one array (copied only when in chunks)."""
    arr = pa.chunked_array(series.array.__arrow_array__())
    return arr.chunk(0) if arr.num_chunks == 1 else arr.combine_chunks()


def arrow_factorize(
    series: pd.Series, codes: frozenset[str] | None
) -> tuple[npt.NDArray[np.int32], list[Any]] | None:
    """Per row the index of its distinct value, and the distinct values (missing included).

    One Arrow hash pass; missing is a value of its own, so the indices need no mask.
    With ``codes`` (a code column) the pass is a lookup in the value set, which also puts
    every code among the values, and only the rows holding something else are encoded
    afterwards. ``None`` when the column is not Arrow text.
    """
    if getattr(series.dtype, "storage", None) != "pyarrow":
        return None
    arr = one_array(series)
    if not (pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type)):
        return None
    if not codes:
        encoded = pc.dictionary_encode(arr, null_encoding="encode")
        take = np.asarray(encoded.indices.to_numpy(zero_copy_only=False), dtype=np.int32)
        return take, encoded.dictionary.to_pylist()
    known: list[Any] = [*sorted(codes), None]
    found = pc.index_in(arr, value_set=pa.array(known, type=arr.type), skip_nulls=False)
    start = found.offset
    take = np.frombuffer(found.buffers()[1], dtype=np.int32)[start : start + len(arr)].copy()
    if found.null_count:  # not in the value set: encode those rows alone
        rest = np.flatnonzero(found.is_null().to_numpy(zero_copy_only=False))
        others = pc.dictionary_encode(arr.take(pa.array(rest)))
        take[rest] = len(known) + others.indices.to_numpy(zero_copy_only=False)
        known += others.dictionary.to_pylist()
    return take, known
