"""The demo's defaults, its error and its key: what the command line needs before anything runs.

>>> from bbic_su.demo._defaults import DEFAULT_CHILDREN, demo_key
>>> DEFAULT_CHILDREN
2000
>>> len(demo_key(2026)), demo_key(2026) == demo_key(2026), demo_key(1) == demo_key(2)
(32, True, False)

Kept apart from :func:`bbic_su.demo.run_demo` (and its summary, which formats shares
through the reporting stage) so that ``bbic-su demo --help`` shows the defaults
without importing the pipeline.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from bbic_su.errors import BbicSuError

__all__ = [
    "DEFAULT_CHILDREN",
    "DEFAULT_MUNICIPALITIES",
    "HEADLINES",
    "OWN_KOMMUN",
    "PERIOD",
    "DemoError",
    "Progress",
    "demo_key",
]

DEFAULT_CHILDREN = 2000
"""Children in the own municipality (and in each reference municipality) by default."""
DEFAULT_MUNICIPALITIES = 3
"""Reference municipalities by default."""
PERIOD = ("2023-01-01", "2024-12-31")
"""The period of the synthetic data; its last day is the extraction date. Two years, so
that the twelve-month windows after the closures of the first year have closed."""
OWN_KOMMUN = "9901"
"""The own (synthetic) municipality; the references are ``9902``, ``9903``, ..."""
HEADLINES = 4
"""Measures in the printed summary: the first measure of each area, in report order."""

Progress = Callable[[str], None]
"""Called with the name of each step as it starts."""


class DemoError(BbicSuError, ValueError):
    """Bad arguments to :func:`run_demo` (sizes, seed, language)."""


def demo_key(seed: int) -> bytes:
    """The demo's pseudonymisation key for ``seed``: public and for synthetic data only."""
    return hashlib.sha256(f"bbic-su demo key, not secret, seed {seed}".encode()).digest()
