"""Pages for single catalogue entries: variables and value sets (reST), and their context.

Each page opens with its requirement id (also an explicit target, so hand-written
pages can write ``{ref}`BBIC-SU-VAR-kon``), then a status badge and, for provisional
entries, a prominent warning with the reason. :class:`Context` is shared by every page
writer; the pages of rules and measures are in ``bbic_rules_measures``.
"""

from __future__ import annotations

from collections.abc import Sequence

from bbic_rst import (
    PROVISIONAL_TITLE,
    SPEC,
    admonition,
    badge,
    doc,
    esc,
    field_list,
    heading,
    label,
    link,
    list_table,
    literal,
    page,
    quoted,
    ref,
    rubric,
    url,
)
from bbic_words import Words

from bbic_su import Catalog, requirement_id
from bbic_su.spec.model import (
    VERIFICATION_SV,
    LegalReference,
    LegalSource,
    Measure,
    Rule,
    ValueSet,
    Variable,
)

SEVERITY_SV = {"error": "fel", "warning": "varning", "info": "information"}
DATATYPE_SV = {
    "code": "kod (ett val)",
    "codes": "koder (flera val)",
    "date": "datum",
    "integer": "heltal",
    "text": "text",
}


def legal_reference(cat: Catalog, r: LegalReference) -> str:
    """One reference with its status and dates: ``11 kap. 2 § SoL (2001:453) (verifierad, …)``."""
    act = cat.act(r.act)
    where = r.text(act) if r.chapter or r.paragraph else f"{act.label}, paragraf ej angiven"
    info = [VERIFICATION_SV[r.verification]]
    if r.valid_from:
        info.append(f"från {r.valid_from}")
    if r.valid_to:
        info.append(f"till och med {r.valid_to}")
    return f"{where} ({', '.join(info)})"


def legal_references(cat: Catalog, ls: LegalSource) -> str:
    """Every reference of a legal source with its status, separated by semicolons."""
    return "; ".join(legal_reference(cat, r) for r in ls.references)


class Context:
    """Shared lookups for the page writers (built once per catalogue)."""

    def __init__(self, cat: Catalog) -> None:
        self.cat = cat
        self.words = Words(cat)
        self.var_ids = {v.id for v in cat.variables}
        self.vs_ids = {vs.id for vs in cat.value_sets}
        self.measures_using = {v.id: cat.measures_using(v.id) for v in cat.variables}
        self.rules_for = {v.id: cat.rules_for(v.id) for v in cat.variables}
        self.rule_vars: dict[str, list[str]] = {r.id: [] for r in cat.rules}
        for v in cat.variables:
            for r in self.rules_for[v.id]:
                self.rule_vars[r.id].append(v.id)

    # ------------------------------------------------------------- fragments

    def var_link(self, key: str) -> str:
        """Link to a variable page titled with its Swedish name (``rt.var`` allowed)."""
        rt, _, name = key.rpartition(".")
        if name in self.var_ids:
            shown = f"«{self.cat.variable(name).name_sv}»"
            if rt:
                shown += f" ({rt})"
            return link("variable", name, shown)
        if name in self.vs_ids:
            return link("value_set", name, f"«{self.cat.value_set(name).name_sv}»")
        return literal(key)

    def sources(self, ids: Sequence[str]) -> list[str]:
        """Bullet list of sources (title linked to the URL, publisher, verification)."""
        if not ids:
            return ["Inga källor angivna.", ""]
        out: list[str] = []
        for sid in ids:
            src = self.cat.source(sid)
            title = url(src.title, src.url) if src.url else f"*{esc(src.title)}*"
            extra = f" ({esc(src.publisher)})" if src.publisher else ""
            out.append(f"- {literal(sid)}: {title}{extra}")
        return [*out, "", "Se också " + link_sources() + ".", ""]

    def legal(self, ids: Sequence[str]) -> list[str]:
        """Bullet list of legal sources, every reference with its verification status."""
        out: list[str] = []
        for lid in ids:
            ls = self.cat.legal_source(lid)
            line = f"- {ref(f'bbic-lag-{lid}', ls.topic_sv)}: {esc(legal_references(self.cat, ls))}"
            out.append(line)
        return [*out, ""] if out else []

    def evidence(self, entry: Variable | ValueSet | Rule | Measure) -> list[str]:
        """Requirement id, status badge and, for provisional entries, the warning."""
        rid = requirement_id(entry)
        out = [f"**{esc(rid)}** {badge(entry.status)}", ""]
        if entry.is_provisional:
            out += admonition(
                "warning",
                [esc(entry.reason or "Ingen motivering angiven.")],
                title=PROVISIONAL_TITLE,
            )
        return out

    def tail(self, entry: Variable | ValueSet | Rule | Measure) -> list[str]:
        """Note, status explanation and sources."""
        out: list[str] = []
        if entry.note:
            out += [*rubric("Anmärkning"), esc(entry.note), ""]
        info = self.cat.status_info(entry.status)
        out += [
            *rubric("Status och källor"),
            f"{badge(entry.status)} {esc(info.name_sv)}: "
            f"{esc(self.cat.spec.status_legend.get(entry.status, info.definition))}",
            "",
        ]
        if entry.reason and not entry.is_provisional:
            out += [f"Motivering: {esc(entry.reason)}", ""]
        return out + self.sources(entry.sources)

    def expression(self, text: str) -> list[str]:
        """Paraphrase in words, then the expression itself as a code block."""
        return [esc(self.words.text(text)), "", ".. code-block:: text", "", f"   {text}", ""]


def derivation_lines(cat: Catalog, v: Variable) -> list[str]:
    """The derivation as generated Swedish and English text beside its expression."""
    from bbic_su.expr._api import parse
    from bbic_su.spec._derive_words import describe

    if not v.derivation:
        return ["Härleds av systemet.", ""]
    expr = parse(v.derivation)
    code = v.datatype == "code"
    sv = describe(expr, cat, "sv", record_type=v.record_type, result_code=code)
    en = describe(expr, cat, "en", record_type=v.record_type, result_code=code)
    lines = [esc(sv[:1].upper() + sv[1:]) + ".", "", f"*In English:* {esc(en)}.", ""]
    lines += [".. code-block:: text", "", f"   {v.derivation}", ""]
    if v.derivation_note:
        lines += [f"*Note:* {esc(v.derivation_note)}", ""]
    return lines


def link_sources() -> str:
    """Link to the source registry page."""
    return doc(f"{SPEC}/kallor", "källförteckningen")


# ------------------------------------------------------------------ variables


def variable_page(ctx: Context, v: Variable) -> str:
    """The page of one variable."""
    cat = ctx.cat
    rt = cat.record_type(v.record_type)
    lines = [label(requirement_id(v)), "", *heading(f"{v.name_sv} ({v.id})"), *ctx.evidence(v)]
    docs = ", ".join(esc(cat.document(d).name_sv) for d in v.document)
    lines += field_list(
        [
            ("Krav-id", literal(requirement_id(v))),
            ("Id", literal(v.id)),
            ("Namn", esc(v.name_sv)),
            ("Name (en)", esc(v.name_en)),
            ("Posttyp", link("record_type", rt.id, rt.name_sv)),
            ("Fas", link("phase", v.phase, cat.phase(v.phase).name_sv)),
            ("Kunskapsområde", esc(cat.area(v.area).name_sv)),
            ("Typ", esc(cat.kind(v.kind).name_sv)),
            ("Dokument", docs),
            ("Datatyp", esc(DATATYPE_SV.get(v.datatype, v.datatype))),
            (
                "Värdemängd",
                link("value_set", v.value_set, cat.value_set(v.value_set).name_sv)
                if v.value_set
                else "",
            ),
            ("Härledd", "ja" if v.derived else "nej"),
            ("Lokal", "ja (kommunens egen variabel)" if v.local else ""),
            ("Status", badge(v.status)),
            ("Sedan version", esc(v.since or "")),
        ]
    )
    lines += [
        *rubric("Definition"),
        esc(v.definition_sv),
        "",
        f"*In English:* {esc(v.definition_en)}",
        "",
    ]
    if v.value_set:
        vs = cat.value_set(v.value_set)
        lines += [
            *rubric("Värdemängd"),
            f"{link('value_set', vs.id, vs.name_sv)} ({literal(requirement_id(vs))})"
            + (", flerval" if vs.multi_select else "")
            + ".",
            "",
            *code_table(vs),
        ]
    if v.applies_if:
        lines += [*rubric("Gäller när"), *ctx.expression(v.applies_if)]
    if v.derived or v.derivation:
        lines += [*rubric("Härledning"), *derivation_lines(cat, v)]
    lines += _variable_rules(ctx, v)
    legal = list(dict.fromkeys([*v.legal, *(x for r in v.rules for x in r.legal)]))
    if legal:
        lines += [*rubric("Lagrum"), *ctx.legal(legal)]
    measures = ctx.measures_using.get(v.id, ())
    lines += [*rubric("Mått som använder variabeln")]
    lines += [f"- {link('measure', m.id, m.name_sv)}" for m in measures] or ["Inga."]
    lines.append("")
    return page(lines + ctx.tail(v))


def _variable_rules(ctx: Context, v: Variable) -> list[str]:
    own = list(v.rules)
    related = ctx.rules_for[v.id]
    if not own and not related:
        return []
    out = rubric("Regler")
    for r in own:
        text = ctx.words.variable_rule(r)
        parts = [f"**{SEVERITY_SV.get(r.severity, r.severity)}**" if r.severity else ""]
        if text:
            parts.append(esc(text))
        if r.rule:
            cr = ctx.cat.rule(r.rule)
            parts.append(f"Regel {link('rule', cr.id, cr.id)}: {esc(cr.description_sv)}")
        out.append("- " + " ".join(p for p in parts if p))
    extra = [r for r in related if r.id not in {x.rule for x in own}]
    if extra:
        out += ["", "Katalogregler som också läser variabeln:", ""]
        out += [
            f"- {link('rule', r.id, r.id)} ({SEVERITY_SV.get(r.severity, r.severity)}): "
            f"{esc(r.description_sv)}"
            for r in extra
        ]
    return [*out, ""]


# ----------------------------------------------------------------- value sets


def code_table(vs: ValueSet) -> list[str]:
    """Table of codes with labels, per-code status and notes."""
    rows = []
    for c in vs.codes:
        notes = []
        if c.min is not None or c.max is not None:
            notes.append(
                f"ålder {c.min if c.min is not None else ''}–{c.max if c.max is not None else ''}"
            )
        if c.note:
            notes.append(c.note)
        if c.reason:
            notes.append(f"Motivering: {c.reason}")
        if c.local:
            notes.append("lokal kod")
        rows.append(
            [
                literal(c.code),
                esc(c.label_sv),
                esc(c.label_en),
                badge(c.status),
                esc("; ".join(notes)),
            ]
        )
    return list_table(
        ["Kod", "Etikett (sv)", "Label (en)", "Status", "Anmärkning"],
        rows,
        widths=[20, 25, 25, 12, 30],
    )


def value_set_page(ctx: Context, vs: ValueSet) -> str:
    """The page of one value set."""
    lines = [label(requirement_id(vs)), "", *heading(f"{vs.name_sv} ({vs.id})"), *ctx.evidence(vs)]
    lines += field_list(
        [
            ("Krav-id", literal(requirement_id(vs))),
            ("Id", literal(vs.id)),
            ("Namn", esc(vs.name_sv)),
            ("Name (en)", esc(vs.name_en)),
            ("Flerval", "ja" if vs.multi_select else "nej"),
            ("Uttömmande indelning", {True: "ja", False: "nej", None: ""}[vs.partition]),
            ("Antal koder", str(len(vs.codes))),
            ("Status", badge(vs.status)),
            ("Sedan version", esc(vs.since or "")),
        ]
    )
    lines += [*rubric("Koder"), *code_table(vs)]
    if vs.groups:
        lines += rubric("Grupper")
        for group, codes in vs.groups.items():
            lines.append(
                f"- {literal(group)}: "
                + ", ".join(f"{quoted(vs.code(c).label_sv)} ({literal(c)})" for c in codes)
            )
        lines.append("")
    users = [v for v in ctx.cat.variables if v.value_set == vs.id]
    lines += rubric("Variabler som använder värdemängden")
    lines += [f"- {ctx.var_link(v.id)}" for v in users] or ["Inga."]
    lines.append("")
    return page(lines + ctx.tail(vs))


__all__ = [
    "DATATYPE_SV",
    "SEVERITY_SV",
    "Context",
    "code_table",
    "value_set_page",
    "variable_page",
]
