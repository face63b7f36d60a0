"""The shared base of the catalogue entry classes: evidence fields and their literals.

>>> import typing
>>> import attrs
>>> from bbic_su.spec._model_base import STATUSES, Status, _Evidence
>>> STATUSES == typing.get_args(Status)
True
>>> @attrs.frozen(kw_only=True)
... class Entry(_Evidence):
...     id: str
>>> entry = Entry(id="x", status="provisional", reason="our proposal")
>>> entry.is_provisional, entry.sources
(True, ())

:mod:`bbic_su.spec.model` re-exports :data:`Status`, :data:`Severity` and :data:`STATUSES`
(and documents the first two); the entry classes of :mod:`bbic_su.spec.model` and
:mod:`bbic_su.spec._model_measures` derive from :class:`_Evidence`. Kept apart so that
both modules can import it without a cycle. Nothing here is public API: use the
names of :mod:`bbic_su.spec.model`.
"""

from __future__ import annotations

from typing import Literal

import attrs

__all__ = ["STATUSES", "Severity", "Status", "_Evidence"]

Status = Literal["confirmed", "named", "adjacent", "provisional"]
"""Evidence level of an entry; see ``spec_data/manifest.yaml`` for the legend."""
Severity = Literal["error", "warning", "info"]
"""Severity of a rule finding (``info`` for data-quality findings)."""
STATUSES: tuple[Status, ...] = ("confirmed", "named", "adjacent", "provisional")
"""The evidence levels, strongest first, in the order of :data:`Status`."""


@attrs.frozen(kw_only=True)
class _Evidence:
    """Fields every catalogue entry carries: evidence status, sources, reason and note."""

    status: Status
    sources: tuple[str, ...] = ()
    reason: str | None = None
    note: str | None = None

    @property
    def is_provisional(self) -> bool:
        """True when the entry is our reconstruction rather than a sourced fact."""
        return self.status == "provisional"
