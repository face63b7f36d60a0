"""Negation-aware matching: one list of negations, read from the spec data.

>>> from bbic_su.spec._polarity import polarity
>>> polarity("Ej inleda utredning"), polarity("Inleda utredning")
(True, False)
>>> polarity("Utredning inleds inte"), polarity("inte_inleda_utredning")
(True, True)
>>> from bbic_su.spec._polarity import core
>>> core("Ej inleda utredning")
'inleda utredning'

``spec_data/negations.yaml`` holds the list (words and phrases such as *ej*,
*inte*, *ingen*, *utan*, *saknas*, *ej aktuellt*). A text is *negative* when it
contains one of them as whole words (case and ``_``/``-`` folded). Drafting
never suggests a code whose polarity differs from the source value's, and the
profile check refuses source values of both polarities mapped to one code.
"""

from __future__ import annotations

import functools
import re

from bbic_su.spec._load import packaged_root, read_yaml

__all__ = ["core", "negations", "polarity", "tokens"]

_SPLIT = re.compile(r"[\s_\-/,.;:()]+")


@functools.cache
def negations() -> tuple[frozenset[str], tuple[tuple[str, ...], ...]]:
    """The negation words and phrases (phrases as word tuples) of the spec data."""
    raw = read_yaml(packaged_root(), "negations.yaml")
    words = frozenset(str(w).casefold() for w in raw["words"])
    phrases = tuple(tuple(tokens(str(p))) for p in raw["phrases"])
    return words, phrases


def tokens(text: str) -> list[str]:
    """``text`` case-folded and split into words (``_``, ``-`` and punctuation split)."""
    return [t for t in _SPLIT.split(text.casefold()) if t]


def _has_phrase(words: list[str], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return any(tuple(words[i : i + n]) == phrase for i in range(len(words) - n + 1))


def polarity(text: str) -> bool:
    """True when ``text`` carries a negation (a word or phrase of the list)."""
    words, phrases = negations()
    found = tokens(text)
    return any(w in words for w in found) or any(_has_phrase(found, p) for p in phrases)


def core(text: str) -> str:
    """``text``'s words without the negations, joined by spaces (what is negated)."""
    words, _ = negations()
    return " ".join(t for t in tokens(text) if t not in words)
