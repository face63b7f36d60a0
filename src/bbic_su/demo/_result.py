"""What the demo gives back: its paths and summary numbers, its defaults and its key.

>>> from bbic_su.demo._result import DEFAULT_CHILDREN, demo_key
>>> DEFAULT_CHILDREN
2000
>>> len(demo_key(2026)), demo_key(2026) == demo_key(2026), demo_key(1) == demo_key(2)
(32, True, False)

:func:`bbic_su.demo.run_demo` returns a :class:`DemoResult`; this module holds what the
command line needs before anything runs (the defaults), without the pipeline.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from pathlib import Path

import attrs

from bbic_su.demo._summary import summary_lines
from bbic_su.errors import BbicSuError

__all__ = [
    "DEFAULT_CHILDREN",
    "DEFAULT_MUNICIPALITIES",
    "HEADLINES",
    "OWN_KOMMUN",
    "PERIOD",
    "DemoError",
    "DemoResult",
    "Headline",
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


@attrs.frozen
class Headline:
    """One measure of the summary: the own municipality's share and the reference's.

    ``share`` and ``reference`` are ``None`` when hidden (``hidden``/``ref_hidden``)
    or undefined (nothing to count).
    """

    measure: str
    name: str
    share: float | None
    hidden: bool
    reference: float | None
    ref_hidden: bool


@attrs.frozen(kw_only=True)
class DemoResult:
    """What :func:`run_demo` wrote, with the numbers of its summary."""

    out: Path
    export: tuple[Path, ...]
    profile: Path
    canonical: Path
    import_report: Path
    validation: Path
    xlsx: Path
    html: Path
    charts: tuple[Path, ...]
    regional: Path
    seed: int
    children: int
    municipalities: int
    key_source: str
    rows_read: int
    rows_imported: int
    rows_rejected: int
    issues: Mapping[str, int]
    headlines: tuple[Headline, ...]

    @property
    def charts_dir(self) -> Path:
        """The folder of the chart files."""
        return self.out / "diagram"

    def summary(self, lang: str = "sv") -> list[str]:
        """A few lines for the terminal: counts, headline measures, where the files are."""
        return summary_lines(self, lang, OWN_KOMMUN)


def demo_key(seed: int) -> bytes:
    """The demo's pseudonymisation key for ``seed``: public and for synthetic data only."""
    return hashlib.sha256(f"bbic-su demo key, not secret, seed {seed}".encode()).digest()
