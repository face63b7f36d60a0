"""Swedish words in validation messages: labels for ids, conditions in words, verified law.

>>> import bbic_su
>>> from bbic_su.validation._message_words import labels, legal_citation
>>> labels({"variable": "kon", "condition": 'aktualiseringssatt == "anmalan"'})
{'variable': '«Kön»', 'condition': '«Aktualiseringssätt» är «Anmälan»'}
>>> legal_citation(bbic_su.catalog(), ("L_UTRED4M",), "sv")
'11 kap. 2 § SoL (2001:453), gällde till och med 2025-06-30'

:func:`bbic_su.validation._rules.message` fills the Swedish templates through :func:`labels`;
every message that cites the law uses :func:`legal_citation`, which cites only
references a source verifies.
"""

from __future__ import annotations

import functools

from bbic_su.spec._catalog import Catalog, catalog
from bbic_su.spec._words import Words

__all__ = ["labels", "legal_citation"]


@functools.cache
def _words() -> Words:
    return Words(catalog())


def labels(params: dict[str, str]) -> dict[str, str]:
    """Swedish messages name variables and value sets by their labels, conditions in words.

    The ids stay in the finding's own columns (variable, rule). Ids the packaged
    catalogue does not know (local ``x_`` variables) are shown as they are.
    """
    words = _words()
    index = words.cat.index
    out = dict(params)
    for key in ("variable", "anchor"):
        value = out.get(key)
        if value and value.rpartition(".")[2] in index.variables:
            out[key] = words.ref_text(value)
    value_set = index.value_sets.get(out.get("value_set", ""))
    if value_set is not None:
        out["value_set"] = f"«{value_set.name_sv}»"
    if out.get("condition"):
        out["condition"] = words.text(out["condition"])
    return out


def legal_citation(cat: Catalog, ids: tuple[str, ...], lang: str) -> str:
    """The verified legal references of ``ids`` for a message, or each rule's topic.

    Only references that a source verifies are cited (a case worker must never
    read an unverified paragraph as the law); a reference that applied until a
    date says so. A legal source without a verified paragraph is named by its topic.
    """
    parts = []
    for lid in ids:
        ls = cat.legal_source(lid)
        cited = []
        for ref in ls.verified:
            if not (ref.chapter or ref.paragraph):
                continue
            text = ref.text(cat.act(ref.act))
            if ref.valid_to:
                until = "gällde till och med" if lang == "sv" else "in force until"
                text += f", {until} {ref.valid_to}"
            cited.append(text)
        parts.append("; ".join(cited) if cited else (ls.topic_sv if lang == "sv" else ls.topic_en))
    return "; ".join(parts)
