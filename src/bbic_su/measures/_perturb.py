"""Cell-key perturbation, the documented alternative to suppression (off by default).

>>> import bbic_su
>>> from bbic_su.synth import generate
>>> t = bbic_su.compute(generate(40, seed=1), ["m_enskilda_samtal_utredning"], perturb="hemlig")
>>> t.perturbed, t.note
(True, 'Cell-key perturbation: cells need not add up to totals.')
>>> any(str(c).startswith("_") for c in t.to_frame().columns)  # the record keys are gone
False

The method is described in :mod:`bbic_su.measures.disclosure`; :func:`bbic_su.compute`
with ``perturb=secret`` applies it.
"""

from __future__ import annotations

from typing import Any, overload

import numpy as np
import numpy.typing as npt
import pandas
import pandas as pd

from bbic_su._boundary import keywords
from bbic_su.measures._breakdowns import MeasureError
from bbic_su.measures._table import MeasureTable
from bbic_su.measures._wilson import wilson

__all__ = ["PERTURBED_NOTE", "PTABLE", "perturb", "perturb_frame"]

PTABLE: tuple[tuple[int, float], ...] = ((-2, 0.05), (-1, 0.20), (0, 0.50), (1, 0.20), (2, 0.05))
"""Noise and its probability for cell-key perturbation (cumulated over the cell key)."""
PERTURBED_NOTE = "Cell-key perturbation: cells need not add up to totals."
"""The :attr:`~bbic_su.measures.MeasureTable.note` of a perturbed table."""
IntArray = npt.NDArray[np.int64]


@overload
def perturb(table: MeasureTable, secret: str, *, min_count: int = ...) -> MeasureTable: ...
@overload
def perturb(table: pandas.DataFrame, secret: str, *, min_count: int = ...) -> pandas.DataFrame: ...
@keywords("min_count")
def perturb(
    table: MeasureTable | pd.DataFrame, secret: str, *, min_count: int = 0
) -> MeasureTable | pd.DataFrame:
    """Cell-key perturbation of a raw table that carries the ``_*_key`` columns.

    :func:`bbic_su.compute` with ``perturb=secret`` counts those keys and perturbs its
    table itself; this is the step on its own.

    Args:
        table: Raw cells with the record keys' sums (``_num_key``, ``_den_key``).
        secret: The key the record keys were hashed with (kept by the publisher).
        min_count: Hide shares whose perturbed denominator is below it (0: none).

    Returns:
        The perturbed table, of the kind given (a :class:`MeasureTable` with
        :attr:`~MeasureTable.perturbed` set and its :attr:`~MeasureTable.note`).
    """
    if isinstance(table, MeasureTable):
        frame = perturb_frame(table.frame, secret, min_count)
        return table.with_frame(frame, perturbed=True, note=PERTURBED_NOTE)
    return perturb_frame(table, secret, min_count)


def perturb_frame(table: pd.DataFrame, secret: str, min_count: int = 0) -> pd.DataFrame:
    """:func:`perturb` on a frame."""
    if not secret:
        raise MeasureError("perturbation needs a non-empty secret key")
    out = table.copy()
    cum = np.cumsum([p for _, p in PTABLE])
    noise = np.array([d for d, _ in PTABLE], dtype=np.int64)

    def noisy(values: pd.Series, keys: Any) -> IntArray:
        x = values.fillna(0).to_numpy(dtype=np.int64)
        u = np.mod(np.asarray(keys, dtype=np.float64), 1.0)
        d = noise[np.minimum(np.searchsorted(cum, u, side="right"), len(noise) - 1)]
        return np.where(x == 0, 0, np.maximum(x + d, 0))

    den = noisy(out["denominator"], out.get("_den_key", 0.0))
    num = np.minimum(noisy(out["numerator"], out.get("_num_key", 0.0)), den)
    exc = noisy(out["excluded"], out.get("_exc_key", 0.0))
    low, high = wilson(num, den)
    out["numerator"] = pd.array(num, dtype="Int64")
    out["denominator"] = pd.array(den, dtype="Int64")
    out["excluded"] = pd.array(exc, dtype="Int64")
    if "pending" in out.columns:
        out["pending"] = pd.array(noisy(out["pending"], out.get("_exc_key", 0.0)), dtype="Int64")
    share = np.where(den > 0, num / np.maximum(den, 1), np.nan)
    hide = (den < min_count) | (den == 0)
    for name, values in (("share", share), ("ci_low", low), ("ci_high", high)):
        out[name] = pd.array(np.where(hide, np.nan, values), dtype="Float64")
    flagged = (den > 0) & (den < min_count)
    out["suppressed"] = flagged
    labels = np.where(flagged, "share", "")
    out["suppression_reason"] = pd.Series(labels, dtype="str").replace("", pd.NA)
    return out.drop(columns=[c for c in out.columns if str(c).startswith("_")])
