"""The tender annex (kravbilaga) page and its downloadable files.

The requirements and the files come from the library
(:mod:`bbic_su.spec.requirements`, :mod:`bbic_su.conformance.kravbilaga`): the page, its HTML,
XLSX, CSV and DOCX files, ``bbic-su kravbilaga`` and ``bbic-su conformance``
read one list, so a tender, a vendor's answer and the conformance report cite
the same ids and texts. General requirements have fixed ids
(``BBIC-SU-KRAV-001``…) that are never renumbered or reused; catalogue entries
use their requirement ids (``BBIC-SU-RT-…``, ``-VAR-``, ``-VS-``, ``-RULE-``,
``-M-``).
"""

from __future__ import annotations

from bbic_rst import PROVISIONAL_TITLE, admonition, badge, esc, heading, label, link, page

import bbic_su.spec.requirements as _library
from bbic_su import Catalog, requirement_id
from bbic_su.conformance.kravbilaga import COLUMNS, FORMATS, front_matter, render, rows
from bbic_su.spec.requirements import GENERAL, Requirement

FILES = {fmt: f"kravbilaga.{fmt}" for fmt in FORMATS}
"""The downloadable files, by format."""

_FORMAT_SV = {
    "html": "webbsida",
    "xlsx": "Excel-fil",
    "csv": "CSV-fil för svensk Excel (UTF-8, semikolonavgränsad)",
    "docx": "Word-fil",
}


def requirements(cat: Catalog) -> list[Requirement]:
    """All requirements of the packaged kravbilaga, in order."""
    return list(_library.requirements(cat))


def files(cat: Catalog) -> dict[str, bytes]:
    """The kravbilaga in every format, by file name (as ``bbic-su kravbilaga`` writes them)."""
    return {name: render(fmt, cat) for fmt, name in FILES.items()}


def _req_block(req: Requirement, body: str, status: str | None) -> list[str]:
    target = req.id if req.kind == "general" else f"krav-{req.id}"
    head = f"**{esc(req.id)}**"
    if status:
        head += " " + badge(status)
    lines = [label(target), "", head, "", f"   {body}", ""]
    if req.legal_sv:
        lines += [f"   *Lagrum:* {esc(req.legal_sv)}", ""]
    return lines


def _entry_block(req: Requirement, kind: str, key: str, title: str) -> list[str]:
    body = esc(req.text_sv) + " Se " + link(kind, key, f"«{title}»") + "."
    return _req_block(req, body, req.status)


def kravbilaga_page(cat: Catalog, reqs: list[Requirement]) -> str:
    """The Swedish ``kravbilaga`` page (reST)."""
    by_id = {r.id: r for r in reqs}
    n_prov = sum(1 for r in reqs if r.provisional)
    front = dict(front_matter(cat))
    downloads = ", ".join(
        f":download:`{_FORMAT_SV[fmt]} ({name}) <{name}>`" for fmt, name in FILES.items()
    )
    lines = [
        label("bbic-kravbilaga"),
        "",
        *heading("Kravbilaga för upphandling"),
        "Den här sidan är skriven för att klistras in i ett förfrågningsunderlag. Varje krav "
        "har ett stabilt krav-id som kan citeras i anbud, avtal och vid leveranskontroll. "
        f"Specifikationsversion: {esc(cat.spec.version)} ({esc(cat.spec.date)}); "
        f"{esc(front['Biblioteksversion'])}.",
        "",
        *admonition(
            "important",
            [
                esc(front["Friskrivning"]),
                "",
                f"{n_prov} krav gäller preliminära poster och är markerade "
                f"{badge('provisional')}; de kan behöva ändras när den officiella bilagan finns.",
            ],
            title="Inte officiell",
        ),
        f"Samma kravlista, med försättsblad, kan laddas ned som {downloads}, eller skrivas med "
        "``bbic-su kravbilaga --format html|xlsx|csv|docx [--plan FIL] --out FIL``. Varje rad "
        f"har kolumnerna {esc(', '.join(COLUMNS))}. Läs också "
        + ":doc:`upphandlingsguiden </guides/procurement>`.",
        "",
        *heading("Försättsblad", "-"),
    ]
    for key, text in front.items():
        lines += [f":{esc(key)}: {esc(text)}"]
    lines += ["", *heading("Allmänna krav", "-")]
    for rid, _ in GENERAL:
        req = by_id[rid]
        how = _library.VERIFICATION_SV[req.verification]
        lines += _req_block(req, esc(req.text_sv) + f" *Verifieras genom {esc(how)}.*", None)
    for rt in cat.record_types:
        req = by_id[requirement_id(rt)]
        lines += [*heading(f"Posttyp {rt.name_sv} ({rt.id})", "-")]
        lines += _entry_block(req, "record_type", rt.id, f"posttypen {rt.name_sv}")
        for var in cat.variables_of(rt.id):
            lines += _entry_block(by_id[requirement_id(var)], "variable", var.id, var.name_sv)
            if var.is_provisional:
                lines += [
                    f"   *{esc(PROVISIONAL_TITLE)}.* Motiveringen står på variabelns sida.",
                    "",
                ]
    lines += [*heading("Värdemängder", "-")]
    for vs in cat.value_sets:
        lines += _entry_block(by_id[requirement_id(vs)], "value_set", vs.id, vs.name_sv)
    lines += [*heading("Regler", "-")]
    for rule in cat.rules:
        lines += _entry_block(by_id[requirement_id(rule)], "rule", rule.id, f"regel {rule.id}")
    lines += [*heading("Mått", "-")]
    for m in cat.measures:
        lines += _entry_block(by_id[requirement_id(m)], "measure", m.id, m.name_sv)
    return page(lines)


__all__ = ["COLUMNS", "FILES", "GENERAL", "files", "kravbilaga_page", "requirements", "rows"]
