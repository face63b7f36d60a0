"""Pages of the validation issue codes, generated from ``bbic_su.spec.issue_codes.ISSUE_CODES``.

``issues/index.rst`` lists every code (a summary table and a hidden toctree);
``issues/<code>.rst`` is one page per code with its severity, scope, Swedish and
English title and message template, and description. The pages are bilingual: the
codes are read by municipal staff (Swedish) and by vendors (English). Nothing here
repeats a title, message or description: everything comes from the library.

Each code page starts with the target ``bbic-issue-<code>``, so other pages can write
``{ref}`bbic-issue-invalid-date``. :func:`issue_code_links` appends a table of the
codes, linked to their pages, to the API docs of :class:`bbic_su.spec.issue_codes.IssueCode`.
"""

from __future__ import annotations

import re
from typing import Any

from bbic_rst import ROOT, admonition, esc, heading, label, list_table, page, ref, rubric, toctree

from bbic_su.spec.issue_codes import ISSUE_CODES, SEVERITIES, IssueCodeInfo

#: Folder of the issue-code pages under ``_generated/``.
FOLDER = "issues"
INDEX = f"{ROOT}/{FOLDER}/index"

SEVERITY_SV = {"error": "fel", "warning": "varning", "info": "information"}
SCOPE_TEXT = {
    "record": (
        "post",
        "record",
        "hittas i en post och dess överordnade poster: både ``bbic_su.validate`` och "
        "``bbic_su.validate_record`` rapporterar den, likadant",
        "found from one record and its ancestors: both ``bbic_su.validate`` and "
        "``bbic_su.validate_record`` report it, identically",
    ),
    "dataset": (
        "datamängd",
        "dataset",
        "kräver hela datamängden: bara ``bbic_su.validate`` rapporterar den",
        "needs the whole dataset: only ``bbic_su.validate`` reports it",
    ),
}

_LITERAL = re.compile(r"(``[^`]+``)")
_WS = re.compile(r"\s+")
_SPACE = re.compile(r"( )")


def target(code: str) -> str:
    """The reference target of the page of ``code``."""
    return f"bbic-issue-{code}"


def prose(text: str) -> str:
    """Escape ``text`` but keep its ````literal```` spans (the descriptions use them)."""
    out = []
    for part in _LITERAL.split(_WS.sub(" ", text).strip()):
        if _LITERAL.fullmatch(part):
            out.append(part)
        else:  # esc() strips the spaces around a piece, so keep them apart
            out += [w if w == " " else esc(w) for w in _SPACE.split(part)]
    return "".join(out)


def _template(text: str) -> str:
    # A message template, shown literally (placeholders such as {variable} included).
    return prose(f"``{text}``") if "`" not in text else esc(text)


def _severity(info: IssueCodeInfo) -> str:
    return f"{SEVERITY_SV[info.severity]} (``{info.severity}``)"


def _scope(info: IssueCodeInfo) -> str:
    return f"{SCOPE_TEXT[info.scope][0]} (``{info.scope}``)"


def code_page(info: IssueCodeInfo) -> str:
    """The page of one issue code."""
    code = info.code.value
    sv, en, text_sv, text_en = SCOPE_TEXT[info.scope]
    lines = [
        label(target(code)),
        "",
        *heading(f"``{code}`` – {esc(info.title_sv)}", escape=False),
        f"*{esc(info.title_en)}*",
        "",
        f":Kod / code: ``{code}`` (``IssueCode.{info.code.name}``)",
        f":Allvarlighet / severity: {_severity(info)}",
        f":Omfattning / scope: {_scope(info)}",
        f":Titel (sv): {esc(info.title_sv)}",
        f":Title (en): {esc(info.title_en)}",
        "",
        *rubric("Meddelande (svenska)"),
        _template(info.message_sv),
        "",
        *rubric("Message (English)"),
        _template(info.message_en),
        "",
        *rubric("Beskrivning (en) / description"),
        prose(info.description),
        "",
        *rubric("Omfattning / scope"),
        f"- {prose(text_sv[0].upper() + text_sv[1:])} (*{sv}*).",
        f"- {prose(text_en[0].upper() + text_en[1:])} (*{en}*).",
        "",
        f"Alla koder / all codes: {ref('bbic-issues', 'Felkoder / issue codes')}.",
    ]
    return page(lines)


def index_page() -> str:
    """The catalogue of issue codes: what they are and a table linking every page."""
    infos = list(ISSUE_CODES.values())
    counts = {s: sum(1 for i in infos if i.severity == s) for s in SEVERITIES}
    lines = [
        label("bbic-issues"),
        "",
        *heading("Felkoder / issue codes"),
        "Varje fynd i en valideringsrapport har en stabil kod i *kebab-case*. En kod byter "
        "aldrig namn och återanvänds aldrig; nya koder kan tillkomma. Meddelanden innehåller "
        "aldrig fritext, namn eller personnummer.",
        "",
        "*Every finding of a validation report carries a stable kebab-case code. A code is "
        "never renamed or reused, only added. Messages never contain free text, names or "
        "identity numbers.*",
        "",
    ]
    lines += admonition(
        "note",
        [
            "Sidorna skapas från ``bbic_su.spec.issue_codes.ISSUE_CODES`` "
            "när dokumentationen byggs. *These pages are generated from* "
            "``bbic_su.spec.issue_codes.ISSUE_CODES`` *at build time.*",
        ],
    )
    lines += [
        f"{len(infos)} koder / codes: "
        + ", ".join(f"{counts[s]} {SEVERITY_SV[s]} (``{s}``)" for s in SEVERITIES)
        + ".",
        "",
        *rubric("Omfattning / scope"),
    ]
    for sv, en, text_sv, text_en in SCOPE_TEXT.values():
        lines.append(f"- *{sv}* (``{en}``): {prose(text_sv)}; {prose(text_en)}.")
    lines += ["", *toctree([i.code.value for i in infos])]
    rows = [
        [
            ref(target(i.code.value), i.code.value),
            _severity(i),
            _scope(i),
            esc(i.title_sv),
            esc(i.title_en),
        ]
        for i in infos
    ]
    lines += list_table(
        ["Kod / code", "Allvarlighet / severity", "Omfattning / scope", "Titel", "Title"],
        rows,
        widths=[24, 16, 14, 23, 23],
    )
    return page(lines)


def issue_pages() -> dict[str, str]:
    """Every issue-code page, keyed by its path relative to ``_generated/``."""
    pages = {f"{FOLDER}/index.rst": index_page()}
    for info in ISSUE_CODES.values():
        pages[f"{FOLDER}/{info.code.value}.rst"] = code_page(info)
    return pages


def issue_code_links(
    app: Any, what: str, name: str, obj: Any, options: Any, lines: list[str]
) -> None:
    """``autodoc-process-docstring``: link every member of ``IssueCode`` to its page."""
    if what != "class" or name != "bbic_su.spec.issue_codes.IssueCode":
        return
    rows = [
        [f"``{i.code.name}``", ref(target(i.code.value), i.code.value), esc(i.title_en)]
        for i in ISSUE_CODES.values()
    ]
    lines += [
        "",
        f"Every code has a page in the {ref('bbic-issues', 'catalogue of issue codes')}:",
        "",
        *list_table(["Member", "Code", "Title"], rows, widths=[35, 35, 30]),
    ]
