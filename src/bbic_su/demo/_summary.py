"""The terminal summary of the demo: its phrases in Swedish and English, and the lines.

>>> from bbic_su.demo._summary import word
>>> word("files", "sv"), word("charts", "en", n=3)
('Filer:', 'charts (3 files)')

:meth:`bbic_su.demo.DemoResult.summary` returns :func:`summary_lines`; nothing it
prints contains an identity number (only counts, shares and paths).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bbic_su.errors import truncate
from bbic_su.reporting._text import percent

if TYPE_CHECKING:
    from bbic_su.demo._run import DemoResult

__all__ = ["summary_lines", "word"]

_WORDS: dict[str, tuple[str, str]] = {
    "title": (
        "bbic-su demo (syntetiska data, seed {seed})",
        "bbic-su demo (synthetic data, seed {seed})",
    ),
    "sizes": (
        "Kommun {own}: {n} barn; jämförelse: {m} kommuner med {n} barn var",
        "Municipality {own}: {n} children; {m} reference municipalities of {n} each",
    ),
    "import": (
        "Import: {read} rader lästa, {imported} importerade, {rejected} avvisade",
        "Import: {read} rows read, {imported} imported, {rejected} rejected",
    ),
    "key_demo": (
        "Personnummer ersatta med pseudonymer (demonyckel, bara för syntetiska data)",
        "Personnummer replaced by pseudonyms (demo key, for synthetic data only)",
    ),
    "key_env": (
        "Personnummer ersatta med pseudonymer (nyckel från {env})",
        "Personnummer replaced by pseudonyms (key from {env})",
    ),
    "key_given": (
        "Personnummer ersatta med pseudonymer (angiven nyckel)",
        "Personnummer replaced by pseudonyms (key given)",
    ),
    "issues": (
        "Validering: {error} fel, {warning} varningar, {info} noteringar",
        "Validation: {error} errors, {warning} warnings, {info} notes",
    ),
    "measures": (
        "Nyckeltal (kommun {own} / övriga kommuner; .. = dolt, färre än k):",
        "Measures (municipality {own} / other municipalities; .. = hidden, fewer than k):",
    ),
    "files": ("Filer:", "Files:"),
    "html": ("rapport (HTML)", "report (HTML)"),
    "xlsx": ("rapport (Excel)", "report (Excel)"),
    "regional": ("regional rapport (poolade paket)", "regional report (pooled packages)"),
    "charts": ("diagram ({n} filer)", "charts ({n} files)"),
    "canonical": ("kanoniska data", "canonical data"),
    "export": ("leverantörsexport (med personnummer)", "vendor export (with personnummer)"),
    "validation": ("valideringsrapport", "validation report"),
    "import_report": ("importrapport", "import report"),
}


def word(key: str, lang: str, **values: object) -> str:
    """The phrase ``key`` in ``lang`` (``"sv"`` or ``"en"``), filled with ``values``."""
    return _WORDS[key][lang == "en"].format(**values)


def summary_lines(result: DemoResult, lang: str, own: str) -> list[str]:
    """The lines of :meth:`DemoResult.summary <bbic_su.demo.DemoResult.summary>`.

    Args:
        result: What the demo wrote.
        lang: ``"sv"`` or ``"en"``.
        own: The kommunkod of the own municipality.

    Returns:
        Counts, headline measures and where the files are, one line each.
    """
    lines = [
        word("title", lang, seed=result.seed),
        word("sizes", lang, own=own, n=result.children, m=result.municipalities),
        word(
            "import",
            lang,
            read=result.rows_read,
            imported=result.rows_imported,
            rejected=result.rows_rejected,
        ),
        word(
            f"key_{result.key_source}" if result.key_source in ("demo", "given") else "key_env",
            lang,
            env=result.key_source,
        ),
        word("issues", lang, **{s: result.issues.get(s, 0) for s in ("error", "warning", "info")}),
        word("measures", lang, own=own),
    ]
    for h in result.headlines:
        share = percent(h.share, hidden=h.hidden, digits=0, lang=lang)
        reference = percent(h.reference, hidden=h.ref_hidden, digits=0, lang=lang)
        values = f"{share} / {reference}"
        lines.append(f"  {truncate(h.name, 76 - len(values) - 2):<{76 - len(values)}}{values}")
    lines.append(word("files", lang))
    where = [
        ("html", result.html),
        ("xlsx", result.xlsx),
        ("regional", result.regional),
        ("charts", result.charts_dir),
        ("canonical", result.canonical),
        ("validation", result.validation),
        ("import_report", result.import_report),
        ("export", result.out / "export"),
    ]
    for name, path in where:
        label = word(name, lang, n=len(result.charts))
        lines.append(f"  {label + ':':<40} {path}")
    return lines
