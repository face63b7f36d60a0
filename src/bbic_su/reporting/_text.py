r"""Words of the report (headings, column titles) in Swedish and English, and number formats.

>>> from bbic_su.reporting._text import percent, text
>>> text("share", "sv"), text("share", "en")
('Andel', 'Share')
>>> percent(0.4567), percent(0.4567, lang="en"), percent(None), percent(0.5, hidden=True)
('45,7\xa0%', '45.7%', '–', '..')

Labels of catalogue entries (measures, areas, codes) come from the catalogue
(``name_sv``/``name_en``, ``label_sv``/``label_en``); only the report's own words
live here. A hidden value is always shown as the catalogue's marker ``..``, an
undefined one (nothing to count) as ``–``.
"""

from __future__ import annotations

from typing import Any

from bbic_su.measures.disclosure import MARKER

__all__ = ["MARKER", "NONE", "count_text", "label_of", "percent", "text"]

NONE = "–"
"""Nothing to show: the denominator is 0, or there is no reference."""

_TEXT: dict[str, tuple[str, str]] = {
    "title": ("Systematisk uppföljning – rapport", "Systematic follow-up – report"),
    "cover": ("Om rapporten", "About this report"),
    "question": ("Frågeställning", "Question"),
    "no_question": ("(ingen uppföljningsplan angiven)", "(no follow-up plan given)"),
    "plan": ("Uppföljningsplan", "Follow-up plan"),
    "period": ("Period", "Period"),
    "all_dates": ("alla datum i uttaget", "every date in the extract"),
    "age": ("Ålder", "Age"),
    "source": ("Datakälla", "Data source"),
    "reference": ("Jämförelse", "Reference"),
    "no_reference": ("ingen", "none"),
    "catalogue": ("Katalogversion", "Catalogue version"),
    "generated_by": ("Skapad med", "Made with"),
    "rows": ("Rader lästa och giltiga", "Rows read and valid"),
    "record_type": ("Posttyp", "Record type"),
    "rows_read": ("Lästa", "Read"),
    "rows_valid": ("Utan fel", "Without errors"),
    "suppression": ("Röjandeskydd", "Disclosure control"),
    "suppression_rule": (
        "Antal från 1 till {k1} visas inte, inte heller andelar med så få i täljare, "
        "nämnare eller rest; fler celler döljs så att dolda värden inte kan räknas fram "
        "(sekundär sekretess). Dolda värden visas som {marker} och ritas aldrig som noll.",
        "Counts from 1 to {k1} are not shown, nor shares with so few in the numerator, "
        "the denominator or the rest; more cells are hidden so that hidden values cannot be "
        "worked out (secondary suppression). Hidden values are shown as {marker} and never "
        "drawn as zero.",
    ),
    "disclaimer": (
        "Katalogen är en rekonstruktion från offentliga källor, inte Socialstyrelsens "
        "officiella bilaga. bbic-su är fristående från Socialstyrelsen.",
        "The catalogue is a reconstruction from public sources, not Socialstyrelsen's "
        "official annex. bbic-su is independent of Socialstyrelsen.",
    ),
    "not_computable": (
        "Mått som inte kan beräknas",
        "Measures that cannot be computed",
    ),
    "not_computable_note": (
        "Variablerna som måtten bygger på finns inte i data; måtten visas därför inte "
        "(aldrig som 0 av n).",
        "The variables these measures read are absent from the data, so they are not "
        "shown (never as 0 of n).",
    ),
    "missing_inputs": ("saknas", "missing"),
    "kommun": ("Kommun", "Municipality"),
    "breakdown": ("Indelning", "Breakdown"),
    "group": ("Grupp", "Group"),
    "numerator": ("Täljare", "Numerator"),
    "denominator": ("Nämnare", "Denominator"),
    "share": ("Andel", "Share"),
    "ci_low": ("95 % KI, nedre", "95% CI, lower"),
    "ci_high": ("95 % KI, övre", "95% CI, upper"),
    "ci": ("95 % KI", "95% CI"),
    "excluded": ("Exkluderade", "Excluded"),
    "pending": ("Pågående inom tidsgränsen", "Pending (within the limit)"),
    "not_computed": (
        "Beräknas inte: uttagsdatum saknas (--extraction-date){variables}.",
        "Not computed: the extraction date is missing (--extraction-date){variables}.",
    ),
    "to_derive": (" för att härleda {0}", " to derive {0}"),
    "ref_share": ("Övriga, andel", "Others, share"),
    "ref_ci_low": ("Övriga, KI nedre", "Others, CI lower"),
    "ref_ci_high": ("Övriga, KI övre", "Others, CI upper"),
    "difference": ("Skillnad (procentenheter)", "Difference (percentage points)"),
    "others": ("Övriga kommuner", "Other municipalities"),
    "total": ("Totalt", "Total"),
    "missing": ("Saknas", "Missing"),
    "kon": ("Kön", "Sex"),
    "aldersgrupp": ("Åldersgrupp", "Age group"),
    "period_dim": ("Period", "Period"),
    "trend": ("Utveckling över tid", "Trend over time"),
    "hidden": ("dolt (för få)", "hidden (too few)"),
    "no_data": ("Inga uppgifter", "No data"),
    "no_measures": ("Inga mått i detta område.", "No measures in this area."),
    "measures_in_area": ("Mått", "Measures"),
    "background": ("Vilka barn och ärenden", "Which children and cases"),
    "background_note": (
        "Antal poster i uttaget per kategori (hela uttaget, före urval).",
        "Number of records in the extract per category (whole extract, before selection).",
    ),
    "variable": ("Variabel", "Variable"),
    "count": ("Antal", "Count"),
    "share_of_total": ("Andel av totalt", "Share of total"),
    "quality": ("Datakvalitet", "Data quality"),
    "completeness": ("Fullständighet per variabel", "Completeness per variable"),
    "complete": ("Ifyllda", "Filled in"),
    "applies": ("Ska fyllas i", "Should be filled in"),
    "issues": ("Fynd per kod", "Findings per code"),
    "code": ("Kod", "Code"),
    "description": ("Beskrivning", "Description"),
    "severity": ("Allvarlighet", "Severity"),
    "findings": ("Antal fynd", "Findings"),
    "no_issues": ("Inga fynd.", "No findings."),
    "contents": ("Innehåll", "Contents"),
    "status": ("Evidensstatus", "Evidence status"),
    "chart_alt": ("Diagram: {name}, {what}", "Chart: {name}, {what}"),
    "sheet_quality": ("Datakvalitet", "Data quality"),
    "sheet_cover": ("Om rapporten", "About"),
}

_SEVERITY = {
    "error": ("fel", "error"),
    "warning": ("varning", "warning"),
    "info": ("information", "information"),
}


def text(key: str, lang: str) -> str:
    """The report's word for ``key`` in ``lang`` (``"sv"`` or ``"en"``)."""
    sv, en = _TEXT[key]
    return en if lang == "en" else sv


def severity_text(severity: str, lang: str) -> str:
    """A finding's severity in words."""
    sv, en = _SEVERITY.get(severity, (severity, severity))
    return en if lang == "en" else sv


def label_of(entry: Any, lang: str, *, name: str = "name") -> str:
    """``entry.name_sv`` or ``entry.name_en`` (``name="label"`` for codes)."""
    return str(getattr(entry, f"{name}_{'en' if lang == 'en' else 'sv'}"))


def percent(value: float | None, *, hidden: bool = False, digits: int = 1, lang: str = "sv") -> str:
    """A share as per cent text (``..`` when hidden, ``–`` when undefined).

    Swedish writes a decimal comma and a space before ``%``; English neither.
    """
    if hidden:
        return MARKER
    if value is None:
        return NONE
    if lang == "en":
        return f"{100 * value:.{digits}f}%"
    return f"{100 * value:.{digits}f}".replace(".", ",") + "\u00a0%"


def count_text(value: int | None, *, hidden: bool = False) -> str:
    """A count as text with a thin space between thousands (``..`` when hidden)."""
    if hidden or value is None:
        return MARKER if hidden else NONE
    return f"{value:,}".replace(",", "\u202f")
