"""Pages for catalogue rules and measures (reST), in the layout of ``bbic_entries``.

Each page opens with its requirement id (an explicit target), then a status badge and,
for provisional entries, the warning; expressions are paraphrased in words and shown
as written.
"""

from __future__ import annotations

from bbic_entries import SEVERITY_SV, Context
from bbic_rst import (
    badge,
    esc,
    field_list,
    heading,
    label,
    link,
    literal,
    page,
    rubric,
)

from bbic_su import requirement_id
from bbic_su.spec.model import Measure, Rule

MISSING_SV = {
    "keep_in_denominator": "Saknade värden stannar i nämnaren och räknas som ej uppfyllda.",
    "exclude_from_denominator": "Saknade värden och «kan inte bedömas» tas bort ur nämnaren och "
    "redovisas för sig.",
    "not_applicable": "Ej tillämpligt: måttet räknar själva de saknade värdena.",
}
UNIT_SV = {"records": "poster", "distinct_children": "unika barn"}
AGGREGATION_SV = {
    "any": "any – barnet räknas om någon av dess poster i perioden uppfyller villkoret",
    "latest": "latest – endast barnets senaste kvalificerande post i perioden används",
}


# ---------------------------------------------------------------------- rules


def rule_page(ctx: Context, r: Rule) -> str:
    """The page of one catalogue rule."""
    lines = [label(requirement_id(r)), "", *heading(f"Regel {r.id}"), *ctx.evidence(r)]
    lines += field_list(
        [
            ("Krav-id", literal(requirement_id(r))),
            ("Allvarlighet", SEVERITY_SV.get(r.severity, r.severity)),
            (
                "Posttyper",
                ", ".join(
                    link("record_type", t, ctx.cat.record_type(t).name_sv) for t in r.record_types
                ),
            ),
            ("Status", badge(r.status)),
            ("Sedan version", esc(r.since or "")),
            (
                "Tröskelvärden",
                ", ".join(
                    f"{literal(k)} = {n}" for k, n in sorted(getattr(r, "thresholds", {}).items())
                ),
            ),
        ]
    )
    lines += [
        *rubric("Beskrivning"),
        esc(r.description_sv),
        "",
        f"*In English:* {esc(r.description_en)}",
        "",
    ]
    lines += rubric("Uttryck")
    if r.expression:
        lines += ctx.expression(r.expression)
    else:
        lines += [
            "Regeln har inget uttryck: den gäller sambanden mellan poster (referensintegritet) "
            "och kontrolleras av biblioteket direkt.",
            "",
        ]
    if r.legal:
        lines += [*rubric("Lagrum"), *ctx.legal(r.legal)]
    lines += rubric("Variabler")
    lines += [f"- {ctx.var_link(v)}" for v in ctx.rule_vars[r.id]] or ["Inga."]
    lines.append("")
    return page(lines + ctx.tail(r))


# ------------------------------------------------------------------- measures


def measure_page(ctx: Context, m: Measure) -> str:
    """The page of one measure, with numerator and denominator in words and as expressions."""
    cat = ctx.cat
    rt = (
        link("record_type", m.record_type, cat.record_type(m.record_type).name_sv)
        if m.record_type in {t.id for t in cat.record_types}
        else esc("alla posttyper")
    )
    period = (
        ctx.var_link(m.period_variable)
        if m.period_variable in ctx.var_ids
        else esc(m.period_variable)
    )
    lines = [label(requirement_id(m)), "", *heading(m.name_sv), *ctx.evidence(m)]
    lines += field_list(
        [
            ("Krav-id", literal(requirement_id(m))),
            ("Id", literal(m.id)),
            ("Namn", esc(m.name_sv)),
            ("Name (en)", esc(m.name_en)),
            ("Posttyp", rt),
            ("Enhet", esc(UNIT_SV.get(m.unit, m.unit))),
            (
                "Aggregering per barn",
                esc(AGGREGATION_SV.get(m.child_aggregation, m.child_aggregation))
                if m.child_aggregation
                else "",
            ),
            ("Periodvariabel", period),
            (
                "Mall",
                "ja, parametrar: " + ", ".join(literal(p) for p in m.parameters)
                if m.template
                else "",
            ),
            ("Status", badge(m.status)),
            ("Sedan version", esc(m.since or "")),
        ]
    )
    lines += [*rubric("Täljare"), *ctx.expression(m.numerator)]
    lines += [*rubric("Nämnare"), *ctx.expression(m.denominator)]
    if m.deadline is not None:
        d = m.deadline
        limit = f"{d.days} dag" + ("ar" if d.days != 1 else "") if d.days else f"{d.months} månader"
        lines += [
            *rubric("Tidsgräns"),
            esc(
                f"{d.event} senast {limit} efter {d.start}. Vid uttagsdatumet är varje post i tid, "
                f"för sen (även öppna ärenden där gränsen passerats) eller pågående inom "
                f"tidsgränsen (gränsen har inte passerats): pågående räknas inte i nämnaren utan "
                f"redovisas i en egen kolumn. Utan uttagsdatum beräknas måttet inte."
            ),
            "",
        ]
    lines += ["Täljaren räknas bara på poster som uppfyller nämnaren.", ""]
    ex = m.exclusions
    lines += [
        *rubric("Saknade värden och undantag"),
        esc(MISSING_SV.get(ex.missing, ex.missing)),
        "",
        f"*Motivering (en):* {esc(ex.reason)}",
        "",
    ]
    for f in ex.filters:
        lines += [
            "- Undantas: "
            + esc(ctx.words.text(f.predicate))
            + f" ({literal(f.predicate)}). "
            + f"*Skäl:* {esc(f.reason)}"
        ]
    if ex.filters:
        lines.append("")
    lines += rubric("Nedbrytningar")
    lines += [f"- {ctx.var_link(b)}" for b in m.breakdowns] or ["Inga."]
    lines.append("")
    if m.legal:
        lines += [*rubric("Lagrum"), *ctx.legal(m.legal)]
    return page(lines + ctx.tail(m))


__all__ = ["measure_page", "rule_page"]
