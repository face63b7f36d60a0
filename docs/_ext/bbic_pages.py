"""Overview, record-type and phase pages of the generated spec (reST, in Swedish).

The overview (``spec/index``) carries the not-official admonition, the status legend,
counts per status and the phase × area matrix, whose cells link to anchors on the
per-phase pages (``spec/faser/<phase>``, one section per area). The index pages of
each kind of entry and the registries of sources and legal sources are in ``bbic_lists``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from bbic_entries import DATATYPE_SV, Context
from bbic_rst import (
    PROVISIONAL_TITLE,
    SPEC,
    STATUS_SV,
    admonition,
    badge,
    doc,
    esc,
    heading,
    label,
    link,
    list_table,
    literal,
    page,
    ref,
    rubric,
    toctree,
)

from bbic_su import requirement_id
from bbic_su.spec.model import STATUSES, RecordType, Variable

ROLE_SV = {
    "primary": "primärnyckel",
    "parent_ref": "referens till överordnad post",
    "optional_ref": "valfri referens",
    "organisation": "organisation",
}


def matrix_label(phase: str, area: str) -> str:
    """Target of the (phase, area) section on the phase page."""
    return f"bbic-fas-{phase}-{area}"


def _var_table(vars_: Sequence[Variable], ctx: Context) -> list[str]:
    rows = []
    for v in vars_:
        vs = link("value_set", v.value_set, v.value_set) if v.value_set else ""
        rows.append(
            [
                literal(requirement_id(v)),
                link("variable", v.id, v.id),
                esc(v.name_sv),
                esc(DATATYPE_SV.get(v.datatype, v.datatype)),
                vs,
                badge(v.status),
            ]
        )
    return list_table(
        ["Krav-id", "Id", "Namn", "Datatyp", "Värdemängd", "Status"],
        rows,
        widths=[22, 20, 26, 12, 18, 10],
    )


# ----------------------------------------------------------------- overview


def overview_page(ctx: Context) -> str:
    """``spec/index``: what the catalogue is, status legend, counts, phase × area matrix."""
    cat, spec = ctx.cat, ctx.cat.spec
    lines = [
        label("bbic-spec"),
        "",
        *heading("Specifikationen: variabler för systematisk uppföljning"),
        f"*{esc(spec.title_sv)}*, version {esc(spec.version)} ({esc(spec.date)}).",
        "",
    ]
    lines += admonition(
        "warning",
        [
            "**Detta är inte Socialstyrelsens officiella variabelbilaga.** Katalogen är en "
            "rekonstruktion från offentliga källor. Varje post har en evidensstatus och sina "
            "källor; poster med status preliminär är våra egna förslag. BBIC (Barns behov i "
            "centrum) är Socialstyrelsens varumärke. bbic-su är ett fristående projekt som "
            "inte är framtaget, godkänt eller certifierat av Socialstyrelsen.",
            "",
            f"*In English:* {esc(spec.not_the_official_annex)}",
        ],
        title="Rekonstruktion – inte den officiella bilagan",
    )
    lines += [
        *heading("Vad katalogen är", "-"),
        esc(spec.what_this_is),
        "",
        esc(spec.assignment_note),
        "",
    ]
    lines += heading("Statusnivåer", "-")
    rows = [
        [
            badge(s.id),
            esc(s.name_sv),
            esc(spec.status_legend.get(s.id, s.definition)),
            esc(s.evidence_required),
        ]
        for s in cat.statuses
    ]
    lines += list_table(
        ["Status", "Namn", "Betydelse (en)", "Krav på belägg (en)"], rows, widths=[12, 18, 45, 25]
    )
    lines += [esc(spec.status_precedence), ""]
    lines += heading("Antal poster per status", "-")
    sections = [
        ("Posttyper", cat.record_types, "posttyper"),
        ("Variabler", cat.variables, "variabler"),
        ("Värdemängder", cat.value_sets, "vardemangder"),
        ("Regler", cat.rules, "regler"),
        ("Mått", cat.measures, "matt"),
    ]
    rows = []
    for name, items, folder in sections:
        counts = Counter(i.status for i in items)
        rows.append(
            [
                doc(f"{SPEC}/{folder}/index", name),
                *(str(counts[s]) for s in STATUSES),
                str(len(items)),
            ]
        )
    codes = Counter(c.status for vs in cat.value_sets for c in vs.codes)
    rows.append(
        [
            esc("Koder (i värdemängder)"),
            *(str(codes[s]) for s in STATUSES),
            str(sum(codes.values())),
        ]
    )
    lines += list_table(["", *(STATUS_SV.get(s, s) for s in STATUSES), "Totalt"], rows)
    lines += _matrix(ctx)
    lines += [
        *heading("Innehåll", "-"),
        f"- {doc(f'{SPEC}/posttyper/index', 'Posttyper')}: postmodellen barn → aktualisering "
        "→ utredning → insats → uppföljning.",
        f"- {doc(f'{SPEC}/faser/index', 'Faser')}: variablerna per fas och kunskapsområde.",
        f"- {doc(f'{SPEC}/variabler/index', 'Variabler')}",
        f"- {doc(f'{SPEC}/vardemangder/index', 'Värdemängder')}",
        f"- {doc(f'{SPEC}/regler/index', 'Regler')}",
        f"- {doc(f'{SPEC}/matt/index', 'Mått')}",
        f"- {doc(f'{SPEC}/kallor', 'Källor')} och {doc(f'{SPEC}/lagrum', 'lagrum')}",
        "",
        *toctree(
            [
                "posttyper/index",
                "faser/index",
                "variabler/index",
                "vardemangder/index",
                "regler/index",
                "matt/index",
                "kallor",
                "lagrum",
            ]
        ),
    ]
    return page(lines)


def _matrix(ctx: Context) -> list[str]:
    cat = ctx.cat
    counts = Counter((v.phase, v.area) for v in cat.variables)
    lines = [
        *heading("Variabler per fas och kunskapsområde", "-"),
        "Siffran i varje ruta länkar till listan över variablerna i den fasen och det området.",
        "",
    ]
    rows = []
    for ph in cat.phases:
        row = [link("phase", ph.id, ph.name_sv)]
        for ar in cat.areas:
            n = counts[(ph.id, ar.id)]
            row.append(ref(matrix_label(ph.id, ar.id), str(n)) if n else "–")
        row.append(str(sum(counts[(ph.id, a.id)] for a in cat.areas)))
        rows.append(row)
    rows.append(
        [
            esc("Totalt"),
            *(str(sum(counts[(p.id, a.id)] for p in cat.phases)) for a in cat.areas),
            str(len(cat.variables)),
        ]
    )
    return lines + list_table(
        ["Fas", *(esc(a.name_sv) for a in cat.areas), "Totalt"],
        rows,
        classes="bbic-table bbic-matrix",
    )


# ------------------------------------------------------------- record types


def record_type_page(ctx: Context, rt: RecordType) -> str:
    """The page of one record type: keys with roles, then its variables."""
    cat = ctx.cat
    lines = [
        label(requirement_id(rt)),
        "",
        *heading(f"Posttyp {rt.name_sv} ({rt.id})"),
        f"**{esc(requirement_id(rt))}** {badge(rt.status)}",
        "",
    ]
    if rt.is_provisional:
        lines += admonition("warning", [esc(rt.reason or "")], title=PROVISIONAL_TITLE)
    parent = (
        link("record_type", rt.parent, cat.record_type(rt.parent).name_sv)
        if rt.parent
        else "ingen (rotposten)"
    )
    lines += [
        f":Name (en): {esc(rt.name_en)}",
        f":Enhet: {esc(rt.unit)}",
        f":Överordnad posttyp: {parent}",
        f":Perioddatum: {ctx.var_link(rt.period_date) if rt.period_date else '–'}",
    ]
    if rt.alternative_period_date:
        lines.append(f":Alternativt perioddatum: {ctx.var_link(rt.alternative_period_date)}")
    if rt.period_rule:
        lines.append(f":Periodregel: {esc(rt.period_rule)}")
    lines += [f":Status: {badge(rt.status)}", ""]
    lines += rubric("Nyckelfält")
    key_rows = []
    for k in rt.keys:
        rule = getattr(k, "rule", None)
        key_rows.append(
            [
                literal(k.field),
                esc(ROLE_SV.get(k.role, k.role)),
                esc(k.datatype),
                esc(k.description),
                link("rule", rule, rule) if rule else "",
            ]
        )
    lines += list_table(
        ["Fält", "Roll", "Datatyp", "Beskrivning (en)", "Regel"],
        key_rows,
        widths=[18, 22, 10, 40, 10],
    )
    vars_ = cat.variables_of(rt.id)
    lines += [*rubric(f"Variabler ({len(vars_)})"), *_var_table(vars_, ctx)]
    if rt.note:
        lines += [*rubric("Anmärkning"), esc(rt.note), ""]
    lines += [*rubric("Källor"), *ctx.sources(rt.sources)]
    return page(lines)


def phase_page(ctx: Context, phase_id: str) -> str:
    """Variables of one phase, one section per knowledge area (the matrix links here)."""
    cat = ctx.cat
    ph = cat.phase(phase_id)
    lines = [*heading(f"Fas: {ph.name_sv}"), f"*{esc(ph.name_en)}.* {esc(ph.description_en)}", ""]
    for ar in cat.areas:
        vars_ = [v for v in cat.variables if v.phase == ph.id and v.area == ar.id]
        if not vars_:
            continue
        lines += [
            label(matrix_label(ph.id, ar.id)),
            "",
            *heading(ar.name_sv, "-"),
            *_var_table(vars_, ctx),
        ]
    return page(lines)
