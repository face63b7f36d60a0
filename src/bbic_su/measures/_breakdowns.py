"""Breakdowns of measures: variables, age groups and periods as small integer codes.

>>> import numpy as np, bbic_su
>>> from bbic_su.measures._breakdowns import age_codes, period_index, period_labels, resolve_by
>>> dims, granularity = resolve_by(bbic_su.catalog(), ("kon", "aldersgrupp", "period"))
>>> [d.name for d in dims], granularity
(['kon', 'aldersgrupp_officiell'], 'year')
>>> dims[0].labels
('flicka', 'pojke', 'uppgift_saknas', '_saknas')
>>> age_codes(dims[1], np.array([0, 5, 18, 25]), np.array([False, False, False, True])).tolist()
[0, 1, 6, 7]
>>> days = np.array(["2024-03-31", "2024-07-01"], dtype="datetime64[D]").astype(np.int64)
>>> period_labels(period_index(days, "quarter"), "quarter")
['2024Q1', '2024Q3']

A breakdown is a *partition* of the records: every record falls in exactly one
cell, so the cells of a breakdown add up to its total. Each breakdown therefore
has a fixed list of labels: the codes of its value set in catalogue order, then
:data:`MISSING` (empty, invalid, unlinked, or an age outside every group). Totals
over a breakdown carry the label :data:`TOTAL`. Neither marker can be a code
(codes start with a letter or digit).

Names accepted by :func:`resolve_by`: any coded variable id (``kon``,
``insatstyp``, ``placeringsform``, local ``x_`` variables), optionally prefixed
with its record type (``insats.insatstyp``); any partitioning age-group value
set (``aldersgrupp_officiell``, ``aldersgrupp_kkik``) and the friendly
``aldersgrupp`` (= ``aldersgrupp_officiell``); ``kommunkod`` (the organisation
unit, always a key of the result) and ``period`` (calendar year unless a finer
period is asked for). Periods: ``month`` (``2024-03``), ``quarter``
(``2024Q1``), ``half`` (``2024H1``) and ``year`` (``2024``), by the record's
period date.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal

import attrs
import numpy as np
import numpy.typing as npt

from bbic_su.errors import BbicSuError, UnknownIdError
from bbic_su.spec._catalog import Catalog

__all__ = [
    "GRANULARITIES",
    "MISSING",
    "TOTAL",
    "Dim",
    "Granularity",
    "MeasureError",
    "age_codes",
    "period_index",
    "period_labels",
    "resolve_by",
]

TOTAL = "_total"
"""Label of the total over a breakdown (a margin)."""
MISSING = "_saknas"
"""Label of records whose breakdown value is empty, invalid, unlinked or outside every group."""
DEFAULT_AGE = "aldersgrupp_officiell"
Granularity = Literal["month", "quarter", "half", "year"]
GRANULARITIES: tuple[Granularity, ...] = ("month", "quarter", "half", "year")
_ALIASES = {"half-year": "half", "halfyear": "half", "aldersgrupp": DEFAULT_AGE}
_PER_YEAR = {"month": 12, "quarter": 4, "half": 2, "year": 1}
IntArray = npt.NDArray[np.int64]


class MeasureError(BbicSuError, ValueError):
    """A measure cannot be computed as asked (bad breakdown, period or measure id)."""


@attrs.frozen
class Dim:
    """One breakdown: its output column, what it reads, and its labels (codes, then MISSING).

    ``variable`` is the name to resolve from the measure's record type (``kon``,
    ``insats.insatstyp``) for a variable breakdown, ``None`` for an age group.
    """

    name: str
    variable: str | None
    labels: tuple[str, ...]
    mins: tuple[int, ...] = ()
    maxs: tuple[int, ...] = ()


def _age_dim(cat: Catalog, value_set: str) -> Dim:
    vs = cat.value_set(value_set)
    if vs.partition is not True or any(c.min is None or c.max is None for c in vs.codes):
        raise MeasureError(
            f"age groups {value_set} do not partition ages; use them as a plan's age scope"
        )
    codes = sorted(vs.codes, key=lambda c: c.min or 0)
    return Dim(
        vs.id,
        None,
        (*(c.code for c in codes), MISSING),
        tuple(c.min or 0 for c in codes),
        tuple(c.max or 0 for c in codes),
    )


def _variable_dim(cat: Catalog, name: str) -> Dim:
    rt_id, _, var_id = name.rpartition(".")
    known = [v.id for v in cat.variables if v.datatype == "code"]
    try:
        var = cat.variable(var_id)
        if rt_id:
            cat.record_type(rt_id)
    except UnknownIdError:
        raise UnknownIdError("breakdown", name, [*known, "aldersgrupp", "period"]) from None
    if rt_id and var.record_type != rt_id:
        raise MeasureError(f"breakdown {name}: {var_id} is a variable of {var.record_type}")
    if var.datatype != "code" or var.value_set is None:
        raise MeasureError(
            f"breakdown {name}: only single-choice coded variables partition the records"
        )
    return Dim(var.id, name, (*cat.value_set(var.value_set).code_ids, MISSING))


def resolve_by(cat: Catalog, by: Iterable[str]) -> tuple[list[Dim], Granularity | None]:
    """The breakdowns named in ``by`` and the period granularity asked for by ``period``.

    ``kommunkod`` is accepted and dropped (it is always a key of the result).

    Raises:
        MeasureError: A breakdown is not a partition or is named twice.
        UnknownIdError: A name is not a variable, age-group set or special name.
    """
    dims: list[Dim] = []
    granularity: Granularity | None = None
    for raw in by:
        name = _ALIASES.get(raw.strip(), raw.strip())
        if name == "kommunkod":
            continue
        if name == "period":
            granularity = "year"
            continue
        if name.startswith("aldersgrupp") and name in cat.index.value_sets:
            dim = _age_dim(cat, name)
        else:
            dim = _variable_dim(cat, name)
        if any(d.name == dim.name for d in dims):
            raise MeasureError(f"breakdown {dim.name} is named twice")
        dims.append(dim)
    return dims, granularity


def granularity_of(period: str | None) -> Granularity | None:
    """Normalise a period granularity (``None`` stays ``None``).

    Raises:
        MeasureError: Not one of month, quarter, half (half-year) or year.
    """
    if period is None:
        return None
    name = _ALIASES.get(period, period)
    for granularity in GRANULARITIES:
        if granularity == name:
            return granularity
    raise MeasureError(f"unknown period {period!r}; use month, quarter, half or year")


def period_index(days: IntArray, granularity: Granularity) -> IntArray:
    """Consecutive period numbers of dates given as days since 1970-01-01."""
    months = days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
    return np.floor_divide(months, 12 // _PER_YEAR[granularity]).astype(np.int64)


def period_labels(index: Sequence[int] | IntArray, granularity: Granularity) -> list[str]:
    """Labels of period numbers from :func:`period_index`."""
    per = _PER_YEAR[granularity]
    out: list[str] = []
    for i in np.asarray(index, dtype=np.int64).tolist():
        year, part = divmod(int(i), per)
        year += 1970
        if granularity == "year":
            out.append(f"{year}")
        elif granularity == "month":
            out.append(f"{year}-{part + 1:02d}")
        else:
            out.append(f"{year}{'Q' if granularity == 'quarter' else 'H'}{part + 1}")
    return out


def age_codes(dim: Dim, ages: IntArray, missing: npt.NDArray[np.bool_]) -> IntArray:
    """The age-group code of each age; ages outside every group and missing ages get MISSING."""
    mins = np.asarray(dim.mins, dtype=np.int64)
    maxs = np.asarray(dim.maxs, dtype=np.int64)
    pos = np.searchsorted(mins, ages, side="right") - 1
    safe = np.clip(pos, 0, len(mins) - 1)
    inside = (pos >= 0) & (ages <= maxs[safe]) & ~missing
    return np.where(inside, safe, len(mins)).astype(np.int64)
