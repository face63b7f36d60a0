"""Which unknowns a system of linear equations fixes: exact, for small sparse 0/±1 systems.

>>> import numpy as np
>>> from bbic_su.measures._rowspace import units_in_row_space
>>> # x0 + x1 = a and x1 = b fix both; x2 + x3 = c fixes neither
>>> units_in_row_space(np.array([[1., 1, 0, 0], [0, 1, 0, 0], [0, 0, 1, 1]])).tolist()
[True, True, False, False]

Secondary suppression asks, for every hidden cell, whether the published cells and
the additive relations between cells (the rows of ``a``) determine its value: they do
exactly when its unit vector lies in the row space of ``a``. The systems are small and
many, so this uses Gauss-Jordan elimination with element-wise numpy updates of the few
rows a pivot touches, instead of an SVD (whose threaded BLAS is slow for many small
matrices on a shared machine).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["units_in_row_space"]


def units_in_row_space(a: npt.NDArray[np.float64]) -> npt.NDArray[np.bool_]:
    """For each column ``i``: is the unit vector ``e_i`` a combination of the rows of ``a``?

    Gauss-Jordan elimination to reduced row echelon form (element-wise numpy, no
    threaded BLAS: the systems are small and many). ``e_i`` is in the row space
    exactly when column ``i`` has a pivot whose row is zero in every free column.
    """
    r = a.astype(np.float64, copy=True)
    m, n = r.shape
    pivot_of = np.full(n, -1, dtype=np.int64)
    row = 0
    for col in range(n):
        if row >= m:
            break
        p = row + int(np.argmax(np.abs(r[row:, col])))
        if abs(r[p, col]) < 1e-9:
            continue
        if p != row:
            r[[row, p]] = r[[p, row]]
        r[row] /= r[row, col]
        touched = np.flatnonzero(np.abs(r[:, col]) > 1e-12)  # few: the matrix is sparse
        touched = touched[touched != row]
        if touched.size:
            r[touched] -= np.multiply.outer(r[touched, col], r[row])
        pivot_of[col] = row
        row += 1
    free = pivot_of < 0
    out = np.zeros(n, dtype=bool)
    for c in np.flatnonzero(~free).tolist():
        out[c] = not np.any(np.abs(r[pivot_of[c], free]) > 1e-9)
    return out
