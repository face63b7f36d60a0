"""Vectorised date helpers (numpy ``datetime64[D]``, ``NaT`` = missing) and random draws.

>>> import numpy as np
>>> from bbic_su.synth._dates import add_months, completed_years
>>> d = np.array(["2024-01-31", "2023-10-31", "NaT"], dtype="datetime64[D]")
>>> add_months(d, 1).astype(str).tolist()
['2024-02-29', '2023-11-30', 'NaT']
>>> completed_years(np.array(["2010-05-02"], "datetime64[D]"),
...                 np.array(["2024-05-01"], "datetime64[D]")).tolist()
[13]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt

__all__ = [
    "NAT",
    "Dates",
    "Ints",
    "Objects",
    "add_days",
    "add_months",
    "completed_years",
    "draw",
    "draw_rows",
    "uniform_days",
]

Dates = npt.NDArray[np.datetime64]
Ints = npt.NDArray[np.int64]
Objects = npt.NDArray[np.object_]
NAT = np.datetime64("NaT", "D")


def add_days(dates: Dates, days: npt.ArrayLike) -> Dates:
    """``dates`` plus whole ``days`` (``NaT`` stays ``NaT``)."""
    out: Dates = dates + np.asarray(days, dtype=np.int64).astype("timedelta64[D]")
    return out


def add_months(dates: Dates, months: int) -> Dates:
    """Calendar months later, the day clipped to the month's end (as the expression language)."""
    month = dates.astype("datetime64[M]")
    day = (dates - month.astype("datetime64[D]")).astype(np.int64)
    target = month + np.timedelta64(months, "M")
    last = ((target + 1).astype("datetime64[D]") - target.astype("datetime64[D]")).astype(
        np.int64
    ) - 1
    out: Dates = target.astype("datetime64[D]") + np.minimum(day, last).astype("timedelta64[D]")
    return out


def _parts(dates: Dates) -> tuple[Ints, Ints, Ints]:
    year = dates.astype("datetime64[Y]").astype(np.int64) + 1970
    month = dates.astype("datetime64[M]").astype(np.int64) % 12
    day = (dates - dates.astype("datetime64[M]").astype("datetime64[D]")).astype(np.int64)
    return year, month, day


def completed_years(birth: Dates, when: Dates) -> Ints:
    """Age in completed years at ``when`` for a person born on ``birth``."""
    by, bm, bd = _parts(birth)
    wy, wm, wd = _parts(when)
    before = (wm < bm) | ((wm == bm) & (wd < bd))
    out: Ints = (wy - by - before.astype(np.int64)).astype(np.int64)
    return out


def uniform_days(rng: np.random.Generator, span: tuple[int, int], n: int) -> Ints:
    """``n`` whole numbers drawn uniformly from the inclusive range ``span``."""
    return rng.integers(span[0], span[1] + 1, size=n, dtype=np.int64)


def draw(rng: np.random.Generator, weights: Mapping[str, float], n: int) -> Objects:
    """``n`` codes drawn with the given relative weights (object array of str)."""
    codes = np.array(list(weights), dtype=object)
    p = np.array(list(weights.values()), dtype=float)
    out: Objects = codes[rng.choice(len(codes), size=n, p=p / p.sum())]
    return out


def draw_rows(
    rng: np.random.Generator, codes: Sequence[str], p: npt.NDArray[np.float64]
) -> Objects:
    """One code per row of ``p`` (rows of relative weights, one column per code)."""
    cum = np.cumsum(p, axis=1)
    cum /= cum[:, -1:]
    u = rng.random(len(p))
    idx = np.minimum((cum < u[:, None]).sum(axis=1), len(codes) - 1)
    out: Objects = np.array(list(codes), dtype=object)[idx]
    return out
