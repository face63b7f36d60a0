r"""The regional report's HTML pages and charts: self-contained, like the municipal report.

>>> from bbic_su.reporting._regional import Row
>>> from bbic_su.reporting._regional_html import share_cells
>>> share_cells(Row("0180", "2024", 0.5, 0.4, 0.6, 80, False), "sv")
['50,0\xa0%', '40,0–60,0\xa0%', '80']
>>> share_cells(Row("0181", "2024", None, None, None, None, True), "sv")
['..', '..', '..']

Each page has the municipal report's Content-Security-Policy (no network, inline
styles, ``data:`` images only) and its CSS; every chart is a PNG ``data:`` URI drawn
with matplotlib on a plain :class:`~matplotlib.figure.Figure`. A chart shows every
municipality's share in one period as a horizontal bar with its 95 % interval, a hidden
value as a hatched band labelled ``..`` (never a zero bar), and the region's share as a
dashed vertical line.
"""

from __future__ import annotations

import html
import io
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from bbic_su.measures._pool_protect import REGION
from bbic_su.reporting._html import PAGE_CSS, data_uri, page_head
from bbic_su.reporting._regional import (
    Row,
    kommun_label,
    measure_name,
    not_computable,
    rows_of,
    totals,
    words,
)
from bbic_su.reporting._text import MARKER, NONE, percent

if TYPE_CHECKING:
    from bbic_su.reporting._pooling import PoolResult

__all__ = ["chart_png", "own_page", "region_page", "share_cells"]

_BAR = "#1f5f8b"
_REF = "#8c8c8c"
_LINE = "#d95f02"
_HIDDEN = "#b0b0b0"


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def share_cells(row: Row, lang: str) -> list[str]:
    """Share, interval and denominator as shown (``..`` when hidden, ``–`` when undefined)."""
    if row.suppressed:
        return [MARKER, MARKER, MARKER]
    if row.share is None or row.ci_low is None or row.ci_high is None:
        return [NONE, NONE, str(row.denominator if row.denominator is not None else NONE)]
    ci = f"{percent(row.ci_low, lang=lang)}–{percent(row.ci_high, lang=lang)}"
    ci = ci.replace("\u00a0%–", "–").replace("%–", "–")
    return [percent(row.share, lang=lang), ci, str(row.denominator)]


def chart_png(title: str, rows: Sequence[Row], region: Row | None, lang: str) -> bytes:
    """A bar chart of the municipalities' shares with intervals and the region's line."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import PercentFormatter

    w = words(lang)
    height = 1.3 + 0.38 * max(len(rows), 1)
    fig = Figure(figsize=(7.2, height), dpi=100)
    fig.set_facecolor("white")
    fig.subplots_adjust(left=0.14, right=0.97, top=1 - 0.55 / height, bottom=0.5 / height)
    ax = fig.add_subplot()
    ys = list(range(len(rows)))[::-1]
    for y, r in zip(ys, rows, strict=True):
        if r.suppressed:
            ax.barh([y], [1.0], 0.6, color="none", hatch="////", edgecolor=_HIDDEN, lw=0)
            ax.text(0.01, y, MARKER, va="center", ha="left", fontsize=11, fontweight="bold")
        elif r.share is None:
            ax.text(0.01, y, NONE, va="center", ha="left", fontsize=9)
        else:
            ax.barh([y], [r.share], 0.6, color=_BAR)
            lo = r.share - (r.ci_low if r.ci_low is not None else r.share)
            hi = (r.ci_high if r.ci_high is not None else r.share) - r.share
            ax.errorbar([r.share], [y], xerr=[[lo], [hi]], fmt="none", ecolor="#222", capsize=2)
    if region is not None and not region.suppressed and region.share is not None:
        ax.axvline(region.share, color=_LINE, ls="--", lw=1.5, label=w["region_line"])
        fig.legend(loc="upper right", fontsize=8, frameon=False)
    ax.set_yticks(ys, [r.kommun for r in rows])
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_title(title, fontsize=10, loc="left")
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100, metadata={"Software": None})
    return buf.getvalue()


def _bar(ax: Any, y: float, row: Row, color: str) -> None:
    """One bar with its interval; a hidden value is a hatched band labelled ``..``."""
    if row.suppressed:
        ax.barh([y], [1.0], 0.38, color="none", hatch="////", edgecolor=_HIDDEN, lw=0)
        ax.text(0.01, y, MARKER, va="center", ha="left", fontsize=10, fontweight="bold")
    elif row.share is None:
        ax.text(0.01, y, NONE, va="center", ha="left", fontsize=9)
    else:
        lo = row.share - (row.ci_low if row.ci_low is not None else row.share)
        hi = (row.ci_high if row.ci_high is not None else row.share) - row.share
        ax.barh([y], [row.share], 0.38, color=color)
        ax.errorbar([row.share], [y], xerr=[[lo], [hi]], fmt="none", ecolor="#222", capsize=2)


def own_chart_png(pairs: Sequence[tuple[str, Row, Row]], title: str, lang: str) -> bytes:
    """Own share against all the others together, one pair of bars per measure."""
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch
    from matplotlib.ticker import PercentFormatter

    w = words(lang)
    height = 1.2 + 0.55 * max(len(pairs), 1)
    fig = Figure(figsize=(7.2, height), dpi=100)
    fig.set_facecolor("white")
    fig.subplots_adjust(left=0.42, right=0.97, top=1 - 0.6 / height, bottom=0.45 / height)
    ax = fig.add_subplot()
    ys = list(range(len(pairs)))[::-1]
    for y, (_, own, ref) in zip(ys, pairs, strict=True):
        _bar(ax, y + 0.2, own, _BAR)
        _bar(ax, y - 0.2, ref, _REF)
    names = [textwrap.shorten(name, width=48, placeholder="…") for name, _, _ in pairs]
    ax.set_yticks(ys, names, fontsize=8)
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_title(title, fontsize=10, loc="left")
    handles = [Patch(color=_BAR, label=w["own"]), Patch(color=_REF, label=w["others"])]
    fig.legend(handles=handles, loc="upper right", fontsize=8, frameon=False, ncols=2)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100, metadata={"Software": None})
    return buf.getvalue()


def _own_chart(result: PoolResult, kommun: str, lang: str) -> list[str]:
    w = words(lang)
    dims = list(result.published.meta.get("breakdowns", []))
    table = totals(result.municipalities[kommun].table, dims)
    if table.empty:
        return []
    last = sorted(table["period"].astype(str).unique())[-1]
    latest = table[table["period"].astype(str) == last]
    pairs = [
        (measure_name(str(r["measure"]), lang), Row(kommun, last, *_vals(r, "")),
         Row(kommun, last, *_vals(r, "ref_")))
        for _, r in latest.iterrows()
    ]  # fmt: skip
    png = own_chart_png(pairs, w["own_chart"].format(period=last), lang)
    alt = w["alt"].format(name=w["own_title"].format(kommun=kommun))
    return [f'<figure><img src="{data_uri(png, "image/png")}" alt="{_e(alt)}"></figure>']


def _head(title: str, lang: str) -> list[str]:
    css = PAGE_CSS + "section.kommun{break-before:page}\n"
    return [
        *page_head(title, lang, css),
        f"<header><h1>{_e(title)}</h1></header>",
    ]


def _about(result: PoolResult, lang: str) -> list[str]:
    w, meta = words(lang), result.published.meta
    facts = [
        (w["kommuner"], ", ".join(meta["kommunkod"])),
        (w["periods"], f"{meta['period']['start']} – {meta['period']['end']}"),
        (w["k"], str(meta["min_count"])),
        (w["spec"], str(meta["spec_version"])),
        (w["made_with"], f"bbic-su {meta['library_version']}"),
    ]
    gone = not_computable(result.published.table)
    if gone:
        listed = "; ".join(f"{k}: {measure_name(m, lang)} ({what})" for k, m, what in gone)
        facts.append((w["not_computable"], listed))
    dl = "".join(f"<dt>{_e(a)}</dt><dd>{_e(b)}</dd>" for a, b in facts)
    rule = w["rule"].format(k1=int(meta["min_count"]) - 1)
    return [
        f'<section id="about"><h2>{_e(w["about"])}</h2>',
        f'<dl class="facts">{dl}</dl>',
        f'<p class="note">{_e(rule)}</p></section>',
    ]


def _table(head: Sequence[str], rows: Sequence[Sequence[str]], hidden: Sequence[bool]) -> str:
    th = "".join(f"<th>{_e(h)}</th>" for h in head)
    body = []
    for cells, h in zip(rows, hidden, strict=True):
        first = f"<th>{_e(cells[0])}</th>"
        rest = "".join(
            f'<td class="n hidden">{_e(c)}</td>' if c == MARKER else f'<td class="n">{_e(c)}</td>'
            for c in cells[1:]
        )
        cls = ' class="hidden"' if h else ""
        body.append(f"<tr{cls}>{first}{rest}</tr>")
    inner = f"<thead><tr>{th}</tr></thead><tbody>{''.join(body)}</tbody>"
    return f'<div class="scroll"><table>{inner}</table></div>'


def _measure(mid: str, part: pd.DataFrame, lang: str) -> list[str]:
    w = words(lang)
    name = measure_name(mid, lang)
    rows = rows_of(part)
    periods = list(dict.fromkeys(r.period for r in rows))
    last = periods[-1]
    shown = [r for r in rows if r.period == last and r.kommun != REGION]
    region = next((r for r in rows if r.period == last and r.kommun == REGION), None)
    png = chart_png(w["chart"].format(period=last), shown, region, lang)
    alt = w["alt"].format(name=name)
    table_rows, hidden = [], []
    previous: dict[str, Row] = {}
    for r in sorted(rows, key=lambda r: (r.kommun == REGION, r.kommun, r.period)):
        cells = [kommun_label(r.kommun, lang), r.period, *share_cells(r, lang)]
        if len(periods) > 1:
            cells.append(_change(previous.get(r.kommun), r, lang))
        previous[r.kommun] = r
        table_rows.append(cells)
        hidden.append(r.suppressed)
    head = [w["kommun"], w["period"], w["share"], w["ci"], w["n"]]
    if len(periods) > 1:
        head.append(w["change"])
    return [
        f'<section class="measure" id="m-{_e(mid)}"><h3>{_e(name)}</h3>',
        f'<figure><img src="{data_uri(png, "image/png")}" alt="{_e(alt)}"></figure>',
        _table(head, table_rows, hidden),
        "</section>",
    ]


def _change(before: Row | None, now: Row, lang: str) -> str:
    """Change of the share since the previous period, in percentage points (published only)."""
    if before is None or before.share is None or now.share is None:
        return MARKER if now.suppressed or (before is not None and before.suppressed) else NONE
    out = f"{100 * (now.share - before.share):+.1f}"
    return out.replace(".", ",") if lang == "sv" else out


def _own(result: PoolResult, kommun: str, lang: str, level: int) -> list[str]:
    w = words(lang)
    dims = list(result.published.meta.get("breakdowns", []))
    table = totals(result.municipalities[kommun].table, dims)
    head = [w["period"], w["own"], w["ci"], w["others"], w["ci"], w["difference"], w["overlap"]]
    out = []
    for mid, part in table.groupby("measure", sort=False):
        rows, hidden = [], []
        for _, r in part.iterrows():
            own = share_cells(rows_of(pd.DataFrame([r]))[0], lang)
            ref_row = Row(kommun, str(r["period"]), *_vals(r, "ref_"))
            diff = r["difference_pp"]
            overlap = r["intervals_overlap"]
            d = NONE if pd.isna(diff) else f"{float(diff):+.1f}"
            d = d.replace(".", ",") if lang == "sv" else d
            o = NONE if pd.isna(overlap) else w["yes" if bool(overlap) else "no"]
            rows.append([str(r["period"]), own[0], own[1], *share_cells(ref_row, lang)[:2], d, o])
            hidden.append(bool(r["suppressed"]))
        out += [
            f"<h{level}>{_e(measure_name(str(mid), lang))}</h{level}>",
            _table(head, rows, hidden),
        ]
    return out


def _vals(
    r: pd.Series, prefix: str
) -> tuple[float | None, float | None, float | None, int | None, bool]:
    def f(c: str) -> float | None:
        v = r[prefix + c]
        return None if pd.isna(v) else float(v)

    den = r[prefix + "denominator"]
    return (
        f("share"),
        f("ci_low"),
        f("ci_high"),
        None if pd.isna(den) else int(den),
        bool(r[prefix + "suppressed"]),
    )


def region_page(result: PoolResult, lang: str) -> str:
    """The region's page: every measure across municipalities, then one section per municipality."""
    w = words(lang)
    dims = list(result.published.meta.get("breakdowns", []))
    table = totals(result.published.table, dims)
    kommuner = list(result.municipalities)
    links = [("about", w["about"]), ("measures", w["measures"])]
    links += [(f"k-{k}", w["own_title"].format(kommun=k)) for k in kommuner]
    nav = [f'<li><a href="#{_e(a)}">{_e(b)}</a></li>' for a, b in links]
    parts = _head(w["title"], lang)
    parts.append(f"<nav><h2>{_e(w['contents'])}</h2><ol>{''.join(nav)}</ol></nav>")
    parts += _about(result, lang)
    parts.append(f'<section class="area" id="measures"><h2>{_e(w["measures"])}</h2>')
    for mid, part in table.groupby("measure", sort=False):
        parts += _measure(str(mid), part, lang)
    parts.append("</section>")
    for kommun in kommuner:
        title = w["own_title"].format(kommun=kommun)
        parts.append(f'<section class="kommun" id="k-{_e(kommun)}"><h2>{_e(title)}</h2>')
        parts += _own(result, kommun, lang, 3)
        parts.append("</section>")
    parts.append(f"<footer><p>{_e(w['disclaimer'])}</p></footer></body></html>")
    return "\n".join(parts) + "\n"


def own_page(result: PoolResult, kommun: str, lang: str) -> str:
    """One municipality's page, to send back to it: own results against all the others."""
    w = words(lang)
    parts = _head(w["own_title"].format(kommun=kommun), lang)
    parts += _about(result, lang)
    parts.append(f'<section id="own"><h2>{_e(w["measures"])}</h2>')
    parts += _own_chart(result, kommun, lang)
    parts += _own(result, kommun, lang, 3)
    parts.append("</section>")
    parts.append(f"<footer><p>{_e(w['disclaimer'])}</p></footer></body></html>")
    return "\n".join(parts) + "\n"
