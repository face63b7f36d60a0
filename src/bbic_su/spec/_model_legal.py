"""Legal references as data: acts, paragraphs, validity dates and verification status.

>>> import bbic_su
>>> cat = bbic_su.catalog()
>>> skydd = cat.legal_source("L_SKYDD")
>>> [(r.act, r.verification) for r in skydd.references]
[('2001:453', 'verified'), ('2025:400', 'unverified')]
>>> skydd.references[0].text(cat.act("2001:453"))
'11 kap. 1 a § första stycket SoL (2001:453)'
>>> cat.act("2001:453").valid_to
'2025-06-30'

Each :class:`LegalSource` (a legal rule the catalogue relies on) lists its
:class:`LegalReference` items: the act by SFS number, chapter, paragraph and
part, the dates the reference applies from and to, and its verification status
with the sources that verify it. ``verified`` means a source in the registry
states the paragraph; ``unverified`` means no such source was read (the
paragraph may be empty: the provision was not found); ``proposal`` means the
number comes from an inquiry's proposal, not from the enacted law. Case-worker
messages cite only verified references (:meth:`LegalSource.verified`); the
documentation and the kravbilaga show every reference with its status.
Kept apart from :mod:`bbic_su.spec.model` for module size; the names are re-exported there.
"""

from __future__ import annotations

from typing import Literal

import attrs

from bbic_su.spec._model_base import _Evidence

__all__ = ["VERIFICATION_SV", "Act", "LegalReference", "LegalSource", "Verification"]

Verification = Literal["verified", "unverified", "proposal"]
"""Verification status of a legal reference (see the module docstring)."""

VERIFICATION_SV: dict[str, str] = {
    "verified": "verifierad",
    "unverified": "ej verifierad",
    "proposal": "förslag (ej gällande lag)",
}
"""The Swedish name of each :data:`Verification` (documentation and kravbilaga only)."""


@attrs.frozen(kw_only=True)
class Act:
    """A statute (or ordinance) by its SFS number, with the dates it applies."""

    sfs: str
    name_sv: str
    short: str | None = None
    valid_from: str | None = None
    valid_to: str | None = None
    replaced_by: str | None = None
    sources: tuple[str, ...] = ()
    note: str | None = None

    @property
    def id(self) -> str:
        """The SFS number (the act's id in the catalogue)."""
        return self.sfs

    @property
    def label(self) -> str:
        """``SoL (2001:453)``, or the full name when the act has no short name."""
        return f"{self.short} ({self.sfs})" if self.short else self.name_sv


@attrs.frozen(kw_only=True)
class LegalReference:
    """One place in one act: chapter, paragraph and part, with validity and verification."""

    act: str
    verification: Verification
    chapter: str | None = None
    paragraph: str | None = None
    part: str | None = None
    valid_from: str | None = None
    valid_to: str | None = None
    verified_by: tuple[str, ...] = ()
    note: str | None = None

    def text(self, act: Act) -> str:
        """The citation: ``11 kap. 1 a § första stycket SoL (2001:453)`` (or the act alone)."""
        parts = []
        if self.chapter:
            parts.append(f"{self.chapter} kap.")
        if self.paragraph:
            parts.append(f"{self.paragraph} §")
        if self.part:
            parts.append(self.part)
        return " ".join([*parts, act.label])

    def applies_on(self, date: str) -> bool:
        """True when the reference applies on ``date`` (ISO ``YYYY-MM-DD``)."""
        return (self.valid_from is None or self.valid_from <= date) and (
            self.valid_to is None or date <= self.valid_to
        )


@attrs.frozen(kw_only=True)
class LegalSource(_Evidence):
    """A legal rule the catalogue relies on, with its references in each act."""

    id: str
    topic_sv: str
    topic_en: str
    references: tuple[LegalReference, ...] = ()
    other: str | None = None

    @property
    def verified(self) -> tuple[LegalReference, ...]:
        """The references a source verifies (the only ones messages cite)."""
        return tuple(r for r in self.references if r.verification == "verified")
