"""The ``measures`` table for people, in the user's language: labels, decimal comma in sv.

>>> import pandas as pd
>>> from bbic_su.cli._measures_text import number
>>> number("70.3", "sv"), number("70.3", "en"), number("..", "sv")
('70,3', '70.3', '..')

One block per measure: its name (and id), then one line per cell with the
breakdown labels (codes shown by their catalogue label, ``_total`` as *totalt*,
``_saknas`` as *saknas*) and the counts. Measures that cannot be computed because
their variables are absent from the data are listed once, at the end, with what
is missing; they are never shown as 0/n.
"""

from __future__ import annotations

from typing import Any

from bbic_su.cli._common import table, wrap
from bbic_su.spec._catalog import Catalog

__all__ = ["measure_blocks", "number"]

_WORDS = {
    "sv": {
        "kommunkod": "kommun",
        "period": "period",
        "numerator": "täljare",
        "denominator": "nämnare",
        "share": "andel %",
        "ci_low": "KI låg",
        "ci_high": "KI hög",
        "excluded": "exkluderade",
        "pending": "väntande",
        "_total": "totalt",
        "_saknas": "saknas",
        "not_computable": "Kan inte beräknas (variablerna saknas i data):",
        "missing": "saknas",
        "threshold": "tröskel {k}; dolda värden visas som ..",
        "scope": "avgränsning",
    },
    "en": {
        "kommunkod": "municipality",
        "period": "period",
        "numerator": "numerator",
        "denominator": "denominator",
        "share": "share %",
        "ci_low": "CI low",
        "ci_high": "CI high",
        "excluded": "excluded",
        "pending": "pending",
        "_total": "total",
        "_saknas": "missing",
        "not_computable": "Not computable (the variables are absent from the data):",
        "missing": "missing",
        "threshold": "min count: {k}; hidden values are shown as ..",
        "scope": "scope",
    },
}
_NUMBERS = ("numerator", "denominator", "share", "ci_low", "ci_high", "excluded", "pending")


def number(text: str, lang: str) -> str:
    """A number as text in ``lang``: a decimal comma in Swedish."""
    return text.replace(".", ",") if lang == "sv" and text != ".." else text


def _measure_name(cat: Catalog, ident: str, lang: str) -> str:
    base, _, rest = ident.partition("[")
    try:
        m = cat.measure(base)
    except Exception:  # an id this catalogue does not know: shown as is
        return ident
    name = m.name_sv if lang == "sv" else m.name_en
    if rest:
        var = rest.rstrip("]")
        try:
            v = cat.variable(var)
            var = v.name_sv if lang == "sv" else v.name_en
        except Exception:
            pass
        name = f"{name}: {var}"
    return f"{name} ({ident})"


def _column_name(cat: Catalog, column: str, lang: str) -> str:
    """A breakdown column by its variable's or value set's name (lower case), else as is."""
    for find in (cat.variable, cat.value_set):
        try:
            entry = find(column)
        except Exception:
            continue
        name = str(entry.name_sv if lang == "sv" else entry.name_en)
        return name[:1].lower() + name[1:]
    return column


def _code_labels(cat: Catalog, lang: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for vs in cat.value_sets:
        for c in vs.codes:
            out.setdefault(c.code, c.label_sv if lang == "sv" else c.label_en)
    return out


def measure_blocks(
    result: Any, human: Any, cat: Catalog, lang: str, *, min_count: int | None
) -> list[str]:
    """The lines of the table form: header lines, one block per measure, the not computable."""
    words = _WORDS["sv" if lang == "sv" else "en"]
    labels = _code_labels(cat, lang)
    lines = []
    if result.scope:
        lines.append(f"{words['scope']}: {result.scope}")
    result = result.to_frame()
    lines.append(words["threshold"].format(k=min_count))
    computable = (
        result["computable"].astype(bool).to_numpy()
        if "computable" in result.columns
        else [True] * len(result)
    )
    skip = {"measure", "computable", "missing", *(c for c in human.columns if c.startswith("_"))}
    columns = [c for c in human.columns if c not in skip]
    absent: list[tuple[str, str]] = []
    order: list[str] = []
    rows: dict[str, list[list[str]]] = {}
    for ok, (_, row), (_, raw) in zip(computable, human.iterrows(), result.iterrows(), strict=True):
        ident = str(raw["measure"])
        if not ok:
            absent.append((ident, str(raw.get("missing") or "")))
            continue
        if ident not in rows:
            order.append(ident)
            rows[ident] = []
        cells = []
        for c in columns:
            text = str(row[c])
            if c in _NUMBERS or c.startswith("ref_") or c == "difference_pp":
                cells.append(number(text, lang))
            elif c in ("kommunkod", "period"):
                cells.append(words.get(text, text))
            else:
                cells.append(words.get(text, labels.get(text, text)))
        rows[ident].append(cells)
    headers = [words.get(c) or _column_name(cat, c, lang) for c in columns]
    for ident in order:
        lines += ["", *wrap("", _measure_name(cat, ident, lang), indent=0)]
        lines += table(headers, rows[ident], width=200)
    if absent:
        lines += ["", words["not_computable"]]
        for ident, missing in absent:
            lines += wrap("-", f"{_measure_name(cat, ident, lang)}: {words['missing']} {missing}")
    return lines
