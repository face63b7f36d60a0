"""The regional report of pooled packages: what it shows and its words.

>>> from bbic_su.reporting._regional import words
>>> words("sv")["title"]
'Jämförelse mellan kommuner – regional rapport'
>>> words("en")["own"]
'Own municipality'

:func:`~bbic_su.reporting._regional_report.write_regional_report` (``bbic-su pool ...
--report``) renders a
:class:`bbic_su.PoolResult` from its *published* tables only (protected across the
municipality margin): ``rapport.xlsx`` and the self-contained ``rapport.html`` in the
output folder, and for each municipality a page of its own, ``<kommunkod>/rapport.html``,
beside the package that is sent back to it. Per measure the region's page has a chart
of every municipality's share in the latest period, with 95 % intervals and the region's
share as a line, and a table with every period and the change since the previous one
(from published shares only); hidden values are ``..``, never zero.
Each municipality's page (and section, and sheet) sets its own results against all the
other municipalities together, with the difference in percentage points and whether the
intervals overlap; its own page also has a chart of the latest period. Only the total
cells are shown (no breakdowns).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import attrs
import pandas as pd

from bbic_su.measures._breakdowns import TOTAL
from bbic_su.measures._pool_protect import REGION
from bbic_su.spec._catalog import catalog

if TYPE_CHECKING:
    pass

__all__ = [
    "Row",
    "kommun_label",
    "measure_name",
    "not_computable",
    "rows_of",
    "totals",
    "words",
]

_WORDS: dict[str, tuple[str, str]] = {
    "title": (
        "Jämförelse mellan kommuner – regional rapport",
        "Comparison between municipalities – regional report",
    ),
    "own_title": (
        "{kommun} jämfört med övriga kommuner",
        "{kommun} against the other municipalities",
    ),
    "about": ("Om rapporten", "About this report"),
    "kommuner": ("Kommuner", "Municipalities"),
    "region": ("Regionen", "Region"),
    "periods": ("Perioder", "Periods"),
    "k": ("Tröskelvärde k", "Threshold k"),
    "spec": ("Spec-version", "Spec version"),
    "made_with": ("Skapad med", "Made with"),
    "not_computable": (
        "Kan inte beräknas (uppgifterna saknas i kommunens uttag, räknas inte in i regionen)",
        "Not computable (the data are absent from the municipality's extract; not in the region)",
    ),
    "rule": (
        "Antal från 1 till {k1} visas inte, inte heller andelar med så få i täljare, nämnare "
        "eller rest. Fler celler döljs, också mellan kommunerna, så att inget dolt värde kan "
        "räknas fram ur regionens summor eller andra kommuners värden. Dolda värden visas "
        "som .. och ritas aldrig som noll.",
        "Counts from 1 to {k1} are not shown, nor shares with so few in the numerator, the "
        "denominator or the rest. More cells are hidden, also across municipalities, so that "
        "no hidden value can be worked out from the region's totals or other municipalities' "
        "values. Hidden values are shown as .. and never drawn as zero.",
    ),
    "kommun": ("Kommun", "Municipality"),
    "measure": ("Mått", "Measure"),
    "ci_low": ("95 % KI, nedre (%)", "95% CI, lower (%)"),
    "ci_high": ("95 % KI, övre (%)", "95% CI, upper (%)"),
    "period": ("Period", "Period"),
    "share": ("Andel", "Share"),
    "ci": ("95 % KI", "95% CI"),
    "n": ("Nämnare", "Denominator"),
    "own": ("Egen kommun", "Own municipality"),
    "others": ("Övriga kommuner", "Other municipalities"),
    "difference": ("Skillnad (procentenheter)", "Difference (percentage points)"),
    "change": (
        "Förändring sedan föregående period (procentenheter)",
        "Change since the previous period (percentage points)",
    ),
    "overlap": ("Intervallen överlappar", "Intervals overlap"),
    "yes": ("ja", "yes"),
    "no": ("nej", "no"),
    "chart": ("Andel per kommun, {period}", "Share per municipality, {period}"),
    "own_chart": (
        "Egen kommun och övriga kommuner tillsammans, {period}",
        "Own municipality and the other municipalities together, {period}",
    ),
    "region_line": ("Regionen", "Region"),
    "contents": ("Innehåll", "Contents"),
    "measures": ("Mått", "Measures"),
    "own_pages": ("Kommunernas sidor", "The municipalities' pages"),
    "alt": ("Diagram: {name}", "Chart: {name}"),
    "disclaimer": (
        "Bygger på kommunernas poolpaket; inga uppgifter på individnivå har lämnat kommunerna. "
        "Katalogen är en rekonstruktion från offentliga källor, inte Socialstyrelsens "
        "officiella bilaga.",
        "Built from the municipalities' pool packages; no case-level data left the "
        "municipalities. The catalogue is a reconstruction from public sources, not "
        "Socialstyrelsen's official annex.",
    ),
}


def words(lang: str) -> dict[str, str]:
    """The report's words in ``lang`` (``sv`` or ``en``)."""
    i = 1 if lang == "en" else 0
    return {k: v[i] for k, v in _WORDS.items()}


@attrs.frozen
class Row:
    """One shown value: a municipality's (or the region's) total cell of one period."""

    kommun: str
    period: str
    share: float | None
    ci_low: float | None
    ci_high: float | None
    denominator: int | None
    suppressed: bool


def _f(value: Any) -> float | None:
    return None if pd.isna(value) else float(value)


def _i(value: Any) -> int | None:
    return None if pd.isna(value) else int(value)


def totals(table: pd.DataFrame, breakdowns: Sequence[str]) -> pd.DataFrame:
    """The rows of a measure table whose breakdowns are all totals (computable ones only)."""
    mask = pd.Series(True, index=table.index)
    if "computable" in table.columns:
        mask &= table["computable"].fillna(True).astype(bool)
    for d in breakdowns:
        mask &= table[d] == TOTAL
    out = table[mask].copy()
    if "period" not in out.columns:
        out["period"] = "–"
    return out


def not_computable(table: pd.DataFrame) -> list[tuple[str, str, str]]:
    """(kommunkod, measure, what is missing) of each measure a municipality could not compute."""
    if "computable" not in table.columns:
        return []
    gone = table[~table["computable"].fillna(True).astype(bool)]
    return [(str(r.kommunkod), str(r.measure), str(r.missing)) for r in gone.itertuples()]


def rows_of(table: pd.DataFrame) -> list[Row]:
    """Shown values of a totals table, in its order."""
    return [
        Row(
            kommun=str(r["kommunkod"]),
            period=str(r["period"]),
            share=_f(r["share"]),
            ci_low=_f(r["ci_low"]),
            ci_high=_f(r["ci_high"]),
            denominator=_i(r["denominator"]),
            suppressed=bool(r["suppressed"]),
        )
        for _, r in table.iterrows()
    ]


def measure_name(measure_id: str, lang: str) -> str:
    """The catalogue's name of a measure (template ids keep their variable)."""
    base, _, rest = measure_id.partition("[")
    m = catalog().measure(base)
    name = m.name_en if lang == "en" else m.name_sv
    return f"{name} [{rest}" if rest else name


def kommun_label(code: str, lang: str) -> str:
    """A kommunkod as shown (the region's label in words)."""
    return words(lang)["region"] if code == REGION else code
