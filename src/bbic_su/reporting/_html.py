"""The report as one self-contained HTML page: inline CSS, charts as ``data:`` images.

>>> from bbic_su.reporting._html import CSP, data_uri
>>> data_uri(b"<svg/>", "image/svg+xml")
'data:image/svg+xml;base64,PHN2Zy8+'
>>> "default-src 'none'" in CSP
True

The page makes no network request at all: there are no external URLs, the fonts
are the reader's system fonts, every chart is a PNG ``data:`` URI (the same image
as in the workbook, drawn once), and a
Content-Security-Policy ``<meta>`` forbids everything else (``default-src 'none';
img-src data:; style-src 'unsafe-inline'``), so even a stray reference could not
load. Tables scroll sideways on a phone; charts shrink to the screen width; when
printed each area starts on a new page. Every text is escaped with :mod:`html`.
"""

from __future__ import annotations

import base64
import html
import os
from collections.abc import Callable, Sequence
from pathlib import Path

from bbic_su.reporting._model import AreaSection, Cell, MeasureBlock, ReportModel
from bbic_su.reporting._text import MARKER, NONE, count_text, percent, text

__all__ = ["CSP", "PAGE_CSS", "data_uri", "render_page", "write_page"]

CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"
"""The page's Content-Security-Policy: no network, inline styles, ``data:`` images only."""
Charts = Callable[[MeasureBlock], Sequence[tuple[str, bytes]]]

PAGE_CSS = """
:root{color-scheme:light;--ink:#1b1b1b;--muted:#5a5a5a;--line:#d5dbe1;--head:#dde6ee}
*{box-sizing:border-box}
body{margin:0 auto;max-width:72rem;padding:1rem;color:var(--ink);line-height:1.45;
font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","DejaVu Sans",sans-serif}
h1{font-size:1.6rem;margin:.2rem 0 1rem}h2{font-size:1.35rem;margin:2rem 0 .6rem;
border-bottom:2px solid var(--ink)}h3{font-size:1.1rem;margin:1.6rem 0 .2rem}
h4{font-size:1rem;margin:1.2rem 0 .3rem}
.meta,.note{color:var(--muted);font-size:.85rem;margin:.1rem 0 .5rem}
dl.facts{display:grid;grid-template-columns:minmax(8rem,14rem) 1fr;gap:.3rem 1rem}
dl.facts dt{font-weight:600}dl.facts dd{margin:0}
nav ol{padding-left:1.2rem}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch;margin:.4rem 0}
table{border-collapse:collapse;font-size:.9rem;min-width:100%}
th,td{border-bottom:1px solid var(--line);padding:.25rem .5rem;text-align:left;
white-space:nowrap}
thead th{background:var(--head);vertical-align:bottom}
tr.group th{background:#f3f5f7;font-weight:600}
td.n{text-align:right;font-variant-numeric:tabular-nums}
td.hidden{color:var(--muted)}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,26rem),1fr));
gap:.8rem;margin:.6rem 0}
figure{margin:0}figure img{display:block;width:100%;max-width:100%;height:auto}
footer{margin-top:2rem;color:var(--muted);font-size:.85rem}
@media (max-width:40rem){body{padding:.6rem}h1{font-size:1.3rem}
dl.facts{grid-template-columns:1fr}dl.facts dd{margin-bottom:.4rem}}
@media print{body{max-width:none;padding:0;font-size:10pt}nav{display:none}
section.area,section.quality{break-before:page}.scroll{overflow:visible}
figure,tr,h3,h4{break-inside:avoid}h3,h4{break-after:avoid}
.charts{grid-template-columns:1fr 1fr}}
"""


def page_head(title: str, lang: str, css: str) -> list[str]:
    """The opening lines of a self-contained page: doctype, head (CSP, no referrer), body."""
    return [
        "<!DOCTYPE html>",
        f'<html lang="{_e(lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta http-equiv="Content-Security-Policy" content="{_e(CSP)}">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>{_e(title)}</title>",
        f"<style>{css}</style>",
        "</head>",
        "<body>",
    ]


def data_uri(data: bytes, mime: str) -> str:
    """``data:`` URI of ``data`` (base64)."""
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _num(value: str, hidden: bool = False) -> str:
    cls = "n hidden" if hidden else "n"
    return f'<td class="{cls}">{_e(value)}</td>'


def _ci(c: Cell, lang: str, ref: bool = False) -> str:
    lo, hi = (c.ref_ci_low, c.ref_ci_high) if ref else (c.ci_low, c.ci_high)
    hidden = c.ref_suppressed if ref else c.suppressed
    if hidden:
        return MARKER
    if lo is None or hi is None:
        return NONE
    return f"{percent(lo, lang=lang)}–{percent(hi, lang=lang)}".replace("\u00a0%–", "–")


def _points(value: float | None, lang: str) -> str:
    if value is None:
        return NONE
    out = f"{value:+.1f}"
    return out.replace(".", ",") if lang == "sv" else out


def _measure_table(block: MeasureBlock, lang: str, with_ref: bool) -> list[str]:
    keys = ["kommun", "group", "numerator", "denominator", "share", "ci", "excluded", "pending"]
    if with_ref:
        keys += ["ref_share", "difference"]
    head = "".join(f'<th scope="col">{_e(text(k, lang))}</th>' for k in keys)
    out = ['<div class="scroll"><table>', f"<thead><tr>{head}</tr></thead><tbody>"]
    for dim, key in (
        ("total", "total"),
        ("kon", "kon"),
        ("aldersgrupp", "aldersgrupp"),
        ("period", "period_dim"),
    ):
        cells = block.of(dim)
        if not cells:
            continue
        if dim != "total":
            out.append(
                f'<tr class="group"><th colspan="{len(keys)}">{_e(text(key, lang))}</th></tr>'
            )
        for c in cells:
            h = c.suppressed
            row = [f"<td>{_e(c.kommun)}</td>", f"<td>{_e(c.label)}</td>"]
            row.append(_num(count_text(c.numerator, hidden=h), h))
            row.append(_num(count_text(c.denominator, hidden=h), h))
            row.append(_num(percent(c.share, hidden=h, lang=lang), h))
            row.append(_num(_ci(c, lang), h))
            row.append(_num(count_text(c.excluded, hidden=h or c.excluded is None), h))
            row.append(_num(count_text(c.pending, hidden=h or c.pending is None), h))
            if with_ref:
                rh = c.ref_suppressed
                row.append(_num(percent(c.ref_share, hidden=rh, lang=lang), rh))
                row.append(_num(_points(c.difference_pp, lang)))
            out.append(f"<tr>{''.join(row)}</tr>")
    out.append("</tbody></table></div>")
    return out


def _figures(block: MeasureBlock, lang: str, charts: Charts) -> list[str]:
    out = ['<div class="charts">']
    for what, png in charts(block):
        alt = text("chart_alt", lang).format(name=block.name, what=what)
        uri = data_uri(png, "image/png")
        out.append(f'<figure><img src="{uri}" alt="{_e(alt)}"></figure>')
    out.append("</div>")
    return out


def _cover(model: ReportModel) -> list[str]:
    lang = model.lang
    facts = model.cover_facts()
    out = ['<section class="cover" id="cover">', f"<h2>{_e(text('cover', lang))}</h2>"]
    out.append('<dl class="facts">')
    out += [f"<dt>{_e(text(k, lang))}</dt><dd>{_e(v)}</dd>" for k, v in facts]
    out.append("</dl>")
    out.append(f"<h3>{_e(text('rows', lang))}</h3>")
    heads = "".join(
        f'<th scope="col">{_e(text(k, lang))}</th>'
        for k in ("record_type", "rows_read", "rows_valid")
    )
    out.append(f'<div class="scroll"><table><thead><tr>{heads}</tr></thead><tbody>')
    for _rt, label, read, valid in model.rows:
        out.append(
            f"<tr><td>{_e(label)}</td>{_num(count_text(read, hidden=read is None))}"
            f"{_num(count_text(valid, hidden=valid is None))}</tr>"
        )
    out.append("</tbody></table></div>")
    if model.not_computable:
        out.append(f"<h3>{_e(text('not_computable', lang))}</h3>")
        out.append(f'<p class="note">{_e(text("not_computable_note", lang))}</p><ul>')
        out += [
            f"<li>{_e(name)} ({_e(mid)}): {_e(text('missing_inputs', lang))} {_e(missing)}</li>"
            for mid, name, missing in model.not_computable
        ]
        out.append("</ul>")
    out.append("</section>")
    return out


def _area(area: AreaSection, model: ReportModel, charts: Charts) -> list[str]:
    lang, with_ref = model.lang, bool(model.references)
    out = [f'<section class="area" id="area-{_e(area.id)}">', f"<h2>{_e(area.name)}</h2>"]
    for block in area.measures:
        out.append(f'<article class="measure" id="{_e(block.id)}">')
        out.append(f"<h3>{_e(block.name)}</h3>")
        out.append(
            f'<p class="meta">{_e(block.id)} · {_e(text("status", lang))}: {_e(block.status)}</p>'
        )
        if block.note:
            out.append(f'<p class="note">{_e(block.note.strip())}</p>')
        out += _measure_table(block, lang, with_ref)
        out += _figures(block, lang, charts)
        out.append("</article>")
    dists = area.distributions
    if dists:
        out.append(f"<h3>{_e(text('background', lang))}</h3>")
        out.append(f'<p class="note">{_e(text("background_note", lang))}</p>')
    for d in dists:
        out.append(f"<h4>{_e(d.name)} ({_e(d.record_type)})</h4>")
        heads = "".join(
            f'<th scope="col">{_e(text(k, lang))}</th>'
            for k in ("kommun", "group", "count", "share_of_total")
        )
        out.append(f'<div class="scroll"><table><thead><tr>{heads}</tr></thead><tbody>')
        for r in d.rows:
            h = r.suppressed
            out.append(
                f"<tr><td>{_e(r.kommun)}</td><td>{_e(r.label)}</td>"
                f"{_num(count_text(r.count, hidden=h), h)}"
                f"{_num(percent(r.share_of_total, hidden=h, lang=lang), h)}</tr>"
            )
        out.append("</tbody></table></div>")
    if not area.measures and not dists:
        out.append(f'<p class="note">{_e(text("no_measures", lang))}</p>')
    out.append("</section>")
    return out


def _quality(model: ReportModel) -> list[str]:
    lang = model.lang
    out = [
        '<section class="quality" id="quality">',
        f"<h2>{_e(text('quality', lang))}</h2>",
        f"<h3>{_e(text('completeness', lang))}</h3>",
    ]
    heads = "".join(
        f'<th scope="col">{_e(text(k, lang))}</th>'
        for k in ("kommun", "record_type", "variable", "complete", "applies", "share")
    )
    out.append(f'<div class="scroll"><table><thead><tr>{heads}</tr></thead><tbody>')
    for q in model.completeness:
        h = q.suppressed
        out.append(
            f"<tr><td>{_e(q.kommun)}</td><td>{_e(q.record_type)}</td><td>{_e(q.name)}</td>"
            f"{_num(count_text(q.filled, hidden=h), h)}"
            f"{_num(count_text(q.applies, hidden=h), h)}"
            f"{_num(percent(q.share, hidden=h, lang=lang), h)}</tr>"
        )
    out.append("</tbody></table></div>")
    out.append(f"<h3>{_e(text('issues', lang))}</h3>")
    if not model.issues:
        out.append(f'<p class="note">{_e(text("no_issues", lang))}</p>')
    else:
        heads = "".join(
            f'<th scope="col">{_e(text(k, lang))}</th>'
            for k in ("code", "description", "severity", "findings")
        )
        out.append(f'<div class="scroll"><table><thead><tr>{heads}</tr></thead><tbody>')
        for code, title, severity, n in model.issues:
            out.append(
                f"<tr><td>{_e(code)}</td><td>{_e(title)}</td><td>{_e(severity)}</td>"
                f"{_num(count_text(n, hidden=n is None), n is None)}</tr>"
            )
        out.append("</tbody></table></div>")
    out.append("</section>")
    return out


def render_page(model: ReportModel, charts: Charts) -> str:
    """The whole page as text; ``charts(block)`` gives ``(title, PNG bytes)`` pairs."""
    lang = model.lang
    title = text("title", lang)
    nav = [f'<li><a href="#cover">{_e(text("cover", lang))}</a></li>']
    nav += [f'<li><a href="#area-{_e(a.id)}">{_e(a.name)}</a></li>' for a in model.areas]
    nav.append(f'<li><a href="#quality">{_e(text("quality", lang))}</a></li>')
    parts = [
        *page_head(title, lang, PAGE_CSS),
        f"<header><h1>{_e(title)}</h1>",
        f'<p class="meta">{_e(model.question or text("no_question", lang))}</p></header>',
        f"<nav><h2>{_e(text('contents', lang))}</h2><ol>{''.join(nav)}</ol></nav>",
        *_cover(model),
    ]
    for area in model.areas:
        parts += _area(area, model, charts)
    parts += _quality(model)
    parts.append(f"<footer><p>{_e(text('disclaimer', lang))}</p></footer>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def write_page(model: ReportModel, path: str | os.PathLike[str], charts: Charts) -> Path:
    """Write the page (UTF-8) and return its path."""
    p = Path(path)
    p.write_text(render_page(model, charts), encoding="utf-8")
    return p
