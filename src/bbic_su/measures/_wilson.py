"""The Wilson score interval for a share, vectorised.

>>> import numpy as np
>>> from bbic_su.measures._wilson import wilson
>>> low, high = wilson(np.array([8, 0, 3]), np.array([10, 0, 3]))
>>> np.round(low, 4).tolist(), np.round(high, 4).tolist()
([0.4902, nan, 0.4385], [0.9433, nan, 1.0])

For ``x`` successes out of ``n`` and ``z`` the normal quantile (1.96 for 95 %),
the interval is ``(p + z²/2n ± z·sqrt(p(1−p)/n + z²/4n²)) / (1 + z²/n)`` with
``p = x/n``. Unlike the normal (Wald) interval it stays inside [0, 1] and is
sensible for small ``n`` and for shares of 0 or 1. ``n = 0`` gives NaN.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["Z95", "wilson"]

Z95 = 1.959963984540054
"""The 97.5 % quantile of the standard normal distribution."""

FloatArray = npt.NDArray[np.float64]


def wilson(
    numerator: npt.ArrayLike, denominator: npt.ArrayLike, z: float = Z95
) -> tuple[FloatArray, FloatArray]:
    """Lower and upper Wilson bounds (NaN where the denominator is 0 or missing)."""
    x = np.asarray(numerator, dtype=np.float64)
    n = np.asarray(denominator, dtype=np.float64)
    ok = n > 0
    safe = np.where(ok, n, 1.0)
    p = np.where(ok, x / safe, 0.0)
    z2 = z * z
    centre = p + z2 / (2 * safe)
    spread = z * np.sqrt(np.maximum(p * (1 - p) / safe + z2 / (4 * safe * safe), 0.0))
    scale = 1 + z2 / safe
    low = np.clip((centre - spread) / scale, 0.0, 1.0)
    high = np.clip((centre + spread) / scale, 0.0, 1.0)
    # exact ends: x = 0 gives low 0, x = n gives high 1 (no rounding noise)
    low = np.where(x <= 0, 0.0, low)
    high = np.where(x >= n, 1.0, high)
    nan = np.full_like(low, np.nan)
    return np.where(ok, low, nan), np.where(ok, high, nan)
