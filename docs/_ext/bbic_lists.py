"""List pages of the generated spec (reST, in Swedish): indexes and registries.

One index page per kind of entry (a hidden toctree and a summary table), the source
registry grouped by kind, and the legal sources with both SoL references (one target
per legal source, which the entry pages link to).
"""

from __future__ import annotations

from bbic_entries import Context, legal_reference
from bbic_rst import (
    badge,
    esc,
    heading,
    label,
    link,
    list_table,
    literal,
    page,
    toctree,
    url,
)

KIND_SV = {
    "publication": "Publikation om BBIC-uppföljning",
    "bbic": "BBIC-material",
    "statistics": "Statistik",
    "law": "Lag och förarbeten",
    "method": "Metod",
    "municipal": "Kommunal källa",
}


# ---------------------------------------------------------------- list pages


def list_page(ctx: Context, kind: str) -> str:
    """Index page of one kind of entry: a hidden toctree and a summary table."""
    cat = ctx.cat
    if kind == "variable":
        title, items = "Variabler", cat.variables
        rows = [
            [
                link(kind, v.id, v.id),
                esc(v.name_sv),
                esc(cat.record_type(v.record_type).name_sv),
                badge(v.status),
            ]
            for v in items
        ]
        header = ["Id", "Namn", "Posttyp", "Status"]
    elif kind == "value_set":
        title, items = "Värdemängder", cat.value_sets
        rows = [
            [link(kind, s.id, s.id), esc(s.name_sv), str(len(s.codes)), badge(s.status)]
            for s in items
        ]
        header = ["Id", "Namn", "Koder", "Status"]
    elif kind == "rule":
        title, items = "Regler", cat.rules
        rows = [
            [link(kind, r.id, r.id), esc(r.description_sv), esc(r.severity), badge(r.status)]
            for r in items
        ]
        header = ["Id", "Beskrivning", "Allvarlighet", "Status"]
    elif kind == "measure":
        title, items = "Mått", cat.measures
        rows = [
            [link(kind, m.id, m.id), esc(m.name_sv), esc(m.record_type), badge(m.status)]
            for m in items
        ]
        header = ["Id", "Namn", "Posttyp", "Status"]
    elif kind == "record_type":
        title, items = "Posttyper", cat.record_types
        rows = [
            [
                link(kind, t.id, t.id),
                esc(t.name_sv),
                esc(t.parent or "–"),
                str(len(cat.variables_of(t.id))),
                badge(t.status),
            ]
            for t in items
        ]
        header = ["Id", "Namn", "Överordnad", "Variabler", "Status"]
    else:
        title, items = "Faser", cat.phases
        rows = [
            [
                link(kind, p.id, p.name_sv),
                esc(p.name_en),
                str(sum(1 for v in cat.variables if v.phase == p.id)),
            ]
            for p in items
        ]
        header = ["Fas", "Phase (en)", "Variabler"]
    lines = [*heading(title), *toctree([i.id for i in items]), *list_table(header, rows)]
    return page(lines)


def sources_page(ctx: Context) -> str:
    """The source registry: kind, title (linked), publisher, verification."""
    cat = ctx.cat
    legend = cat.spec.verified_legend
    lines = [
        *heading("Källor"),
        f"Katalogen bygger på {len(cat.sources)} källor. {esc(cat.spec.source_citation)}",
        "",
    ]
    kinds = list(dict.fromkeys([*KIND_SV, *(s.kind for s in cat.sources)]))
    for kind in kinds:
        name = KIND_SV.get(kind, kind)
        items = [s for s in cat.sources if s.kind == kind]
        if not items:
            continue
        rows = [
            [
                literal(s.id),
                url(s.title, s.url) if s.url else esc(s.title),
                esc(s.publisher or ""),
                esc(legend.get(s.verified, s.verified)) + (f" {esc(s.note)}" if s.note else ""),
            ]
            for s in items
        ]
        lines += [
            *heading(f"{name} ({len(items)})", "-"),
            *list_table(["Id", "Titel", "Utgivare", "Verifiering"], rows, widths=[18, 42, 15, 25]),
        ]
    return page(lines)


def legal_page(ctx: Context) -> str:
    """Legal sources with both SoL references; one target per legal source."""
    cat = ctx.cat
    lines = [*heading("Lagrum"), esc(cat.spec.legal_versioning), ""]
    for ls in cat.legal_sources:
        lines += [
            label(f"bbic-lag-{ls.id}"),
            "",
            *heading(f"{ls.topic_sv} ({ls.id})", "-"),
            f":Topic (en): {esc(ls.topic_en)}",
        ]
        for r in ls.references:
            lines.append(f":Lagrum: {esc(legal_reference(cat, r))}")
            if r.note:
                lines.append(f":Anmärkning: {esc(r.note)}")
            if r.verified_by:
                lines.append(f":Verifierad av: {', '.join(r.verified_by)}")
        if ls.other:
            lines.append(f":Övrigt: {esc(ls.other)}")
        lines += [f":Status: {badge(ls.status)}", ""]
        if ls.note:
            lines += [esc(ls.note), ""]
        if ls.reason:
            lines += [f"Motivering: {esc(ls.reason)}", ""]
        lines += ctx.sources(ls.sources)
    return page(lines)
