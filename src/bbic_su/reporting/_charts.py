"""Charts of a report (matplotlib, Agg): bars by kön and åldersgrupp, trend lines.

>>> from bbic_su.reporting._charts import ChartOptions
>>> ChartOptions().pixels
(720, 400)
>>> ChartOptions(size=(4.0, 3.0), dpi=50).pixels
(200, 150)

Each measure gets three charts: horizontal bars by kön and by åldersgrupp (the total
on top), own municipality against the reference (the other municipalities pooled),
and the share over periods. 95 % Wilson intervals are drawn as whiskers. A hidden
value is drawn as a light hatched band over the whole axis labelled ``..`` (its
value may lie anywhere from 0 to 100 %), never as a zero bar; a hidden period is a
gap in the line with ``..`` below it. Charts are drawn on a plain
:class:`matplotlib.figure.Figure` (no pyplot state), so the exact pixel size is
``size × dpi``; SVG keeps text as text and carries no date, so equal input gives
equal files.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import attrs

from bbic_su.reporting._model import Cell, MeasureBlock
from bbic_su.reporting._tables import REFERENCE
from bbic_su.reporting._text import MARKER, text

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["KINDS", "ChartOptions", "render"]

KINDS = ("kon", "aldersgrupp", "trend")
"""The charts drawn per measure, in order."""
_OWN = ("#1f5f8b", "#d95f02", "#1b9e77", "#7570b3", "#e7298a", "#66a61e")
_REF = "#8c8c8c"
_HIDDEN = "#b0b0b0"


@attrs.frozen
class ChartOptions:
    """Size of every chart: ``size`` in inches (width, height) and ``dpi``."""

    size: tuple[float, float] = (7.2, 4.0)
    dpi: int = 100

    @property
    def pixels(self) -> tuple[int, int]:
        """Width and height of a PNG in pixels."""
        return round(self.size[0] * self.dpi), round(self.size[1] * self.dpi)


def _figure(options: ChartOptions, left_chars: int = 0) -> Figure:
    """A figure with fixed margins (no layout engine: cheap, and exactly ``size``)."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=options.size, dpi=options.dpi)
    fig.set_facecolor("white")
    width, height = options.size
    left = min(0.45, (0.25 + left_chars * 0.075) / width) if left_chars else 0.09
    fig.subplots_adjust(left=left, right=0.97, top=1 - 0.75 / height, bottom=0.62 / height)
    return fig


def _series(block: MeasureBlock, dim: str) -> list[str]:
    seen: list[str] = []
    for c in block.of(dim):
        if c.kommun not in seen:
            seen.append(c.kommun)
    return seen


def _title(fig: Figure, block: MeasureBlock, what: str, options: ChartOptions) -> None:
    width = max(30, int(options.size[0] * 12))
    name = textwrap.shorten(block.name, width=width, placeholder="…")
    fig.text(0.01, 0.99, name, fontsize=10, fontweight="bold", ha="left", va="top")
    fig.text(0.01, 0.99 - 0.3 / options.size[1], what, fontsize=9, ha="left", va="top")


def _percent_axis(axis: Any) -> None:
    from matplotlib.ticker import PercentFormatter

    axis.set_major_formatter(PercentFormatter(1.0, decimals=0))


def _no_data(fig: Figure, ax: Axes, lang: str) -> Figure:
    ax.text(0.5, 0.5, text("no_data", lang), ha="center", va="center")
    ax.set_axis_off()
    return fig


def _draw_bars(ax: Axes, bars: list[tuple[float, Cell]], h: float, color: str) -> None:
    """One series of bars: shares with whiskers; hidden cells hatched with ``..``."""
    shown = [(y, c) for y, c in bars if not c.suppressed and c.share is not None]
    hidden = [y for y, c in bars if c.suppressed]
    empty = [y for y, c in bars if not c.suppressed and c.share is None]
    if shown:
        ys = [y for y, _ in shown]
        xs = [c.share or 0.0 for _, c in shown]
        ax.barh(ys, xs, h, color=color)
        pairs = list(zip(xs, (c for _, c in shown), strict=True))
        lo = [x - (x if c.ci_low is None else c.ci_low) for x, c in pairs]
        hi = [(x if c.ci_high is None else c.ci_high) - x for x, c in pairs]
        ax.errorbar(xs, ys, xerr=[lo, hi], fmt="none", ecolor="#222222", elinewidth=1, capsize=2)
    if hidden:
        ax.barh(hidden, [1.0] * len(hidden), h, color="none", hatch="////", edgecolor=_HIDDEN, lw=0)
    for y in hidden:
        ax.text(
            0.01, y, MARKER, va="center", ha="left", fontsize=11, fontweight="bold", color="#333333"
        )
    for y in empty:
        ax.text(0.01, y, "–", va="center", ha="left", fontsize=9, color="#333333")


def _bars(block: MeasureBlock, dim: str, lang: str, options: ChartOptions) -> Figure:
    cells = [*block.of("total"), *block.of(dim)]
    order: list[tuple[str, str]] = []
    for c in cells:
        if (c.code, c.label) not in order:
            order.append((c.code, c.label))
    fig = _figure(options, max((len(label) for _, label in order), default=6))
    _title(fig, block, text("kon" if dim == "kon" else "aldersgrupp", lang), options)
    ax = fig.add_subplot()
    if not order:
        return _no_data(fig, ax, lang)
    kommuner = _series(block, "total") or _series(block, dim)
    has_ref = any(c.ref_share is not None or c.ref_suppressed for c in cells)
    names = [*kommuner, *([REFERENCE] if has_ref else [])]
    h = 0.8 / max(len(names), 1)
    by_key = {(c.kommun, c.code): c for c in cells}
    for j, name in enumerate(names):
        bars: list[tuple[float, Cell]] = []
        for i, (code, _label) in enumerate(order):
            y = i + (j - (len(names) - 1) / 2) * h
            if name == REFERENCE:
                ref = next((c for c in cells if c.code == code), None)
                if ref is not None and (ref.ref_share is not None or ref.ref_suppressed):
                    bars.append((y, _as_ref(ref)))
            elif (name, code) in by_key:
                bars.append((y, by_key[(name, code)]))
        _draw_bars(ax, bars, h * 0.9, _REF if name == REFERENCE else _OWN[j % len(_OWN)])
    ax.set_yticks(range(len(order)), [label for _, label in order], fontsize=8)
    ax.set_ylim(len(order) - 0.5, -0.5)
    ax.set_xlim(0, 1)
    _percent_axis(ax.xaxis)
    ax.tick_params(axis="x", labelsize=8)
    ax.grid(axis="x", color="#e5e5e5", lw=0.6)
    ax.set_axisbelow(True)
    _legend(fig, names, lang, any(c.suppressed or c.ref_suppressed for c in cells))
    return fig


def _legend(fig: Figure, names: Sequence[str], lang: str, hidden: bool) -> None:
    from matplotlib.patches import Patch

    handles = [
        Patch(
            color=_REF if n == REFERENCE else _OWN[j % len(_OWN)],
            label=text("others", lang) if n == REFERENCE else n,
        )
        for j, n in enumerate(names)
    ]
    if hidden:
        handles.append(
            Patch(
                facecolor="none",
                hatch="////",
                edgecolor=_HIDDEN,
                label=f"{MARKER} {text('hidden', lang)}",
            )
        )
    fig.legend(
        handles=handles,
        fontsize=7,
        loc="lower center",
        ncol=min(len(handles), 4),
        frameon=False,
        borderaxespad=0.2,
    )


def _trend(block: MeasureBlock, lang: str, options: ChartOptions) -> Figure:
    fig = _figure(options)
    _title(fig, block, text("trend", lang), options)
    ax = fig.add_subplot()
    cells = block.of("period")
    periods = sorted({c.code for c in cells})
    if not periods:
        return _no_data(fig, ax, lang)
    pos = {p: i for i, p in enumerate(periods)}
    kommuner = _series(block, "period")
    hidden_any = False
    for j, kommun in enumerate(kommuner):
        mine = sorted((c for c in cells if c.kommun == kommun), key=lambda c: pos[c.code])
        hidden_any |= _line(ax, mine, pos, _OWN[j % len(_OWN)], "-", 0.02 + 0.06 * j)
    has_ref = any(c.ref_share is not None or c.ref_suppressed for c in cells)
    if has_ref and kommuner:
        first = sorted((c for c in cells if c.kommun == kommuner[0]), key=lambda c: pos[c.code])
        refs = [_as_ref(c) for c in first]
        hidden_any |= _line(ax, refs, pos, _REF, "--", 0.02 + 0.06 * len(kommuner))
    ax.set_xticks(range(len(periods)), periods, fontsize=8, rotation=45 if len(periods) > 8 else 0)
    ax.set_xlim(-0.5, len(periods) - 0.5)
    ax.set_ylim(0, 1.02)
    _percent_axis(ax.yaxis)
    ax.tick_params(axis="y", labelsize=8)
    ax.grid(axis="y", color="#e5e5e5", lw=0.6)
    _legend(fig, [*kommuner, *([REFERENCE] if has_ref else [])], lang, hidden_any)
    return fig


def _as_ref(c: Cell) -> Cell:
    return attrs.evolve(
        c,
        share=c.ref_share,
        ci_low=c.ref_ci_low,
        ci_high=c.ref_ci_high,
        suppressed=c.ref_suppressed,
    )


def _line(
    ax: Axes, cells: Sequence[Cell], pos: dict[str, int], color: str, style: str, y_hidden: float
) -> bool:
    """One series over periods: a gap and ``..`` where hidden; whiskers for intervals."""
    nan = float("nan")
    xs = [pos[c.code] for c in cells]
    ys = [nan if c.share is None else c.share for c in cells]
    lo = [0.0 if c.share is None or c.ci_low is None else c.share - c.ci_low for c in cells]
    hi = [0.0 if c.share is None or c.ci_high is None else c.ci_high - c.share for c in cells]
    ax.plot(xs, ys, style, color=color, marker="o", ms=4, lw=1.5)
    ax.errorbar(xs, ys, yerr=[lo, hi], fmt="none", ecolor=color, elinewidth=1, capsize=2, alpha=0.8)
    hidden = [pos[c.code] for c in cells if c.suppressed]
    for x in hidden:
        ax.text(
            x,
            y_hidden,
            MARKER,
            ha="center",
            va="bottom",
            fontsize=11,
            fontweight="bold",
            color=color,
        )
    return bool(hidden)


def figure(block: MeasureBlock, kind: str, lang: str, options: ChartOptions) -> Figure:
    """The matplotlib figure of one chart (``kind`` from :data:`KINDS`)."""
    if kind == "trend":
        return _trend(block, lang, options)
    return _bars(block, kind, lang, options)


def render(
    block: MeasureBlock, kind: str, lang: str, options: ChartOptions, formats: Sequence[str]
) -> dict[str, bytes]:
    """One chart drawn once and saved in each of ``formats`` (``png``, ``svg``)."""
    from matplotlib import rc_context

    rc: Any = {"svg.fonttype": "none", "svg.hashsalt": "bbic-su", "hatch.linewidth": 0.6}
    out: dict[str, bytes] = {}
    with rc_context(rc):
        fig = figure(block, kind, lang, options)
        for fmt in formats:
            buf = io.BytesIO()
            meta: dict[str, Any] = {"Date": None} if fmt == "svg" else {"Software": None}
            fig.savefig(buf, format=fmt, dpi=options.dpi, metadata=meta)
            out[fmt] = buf.getvalue()
    return out


def render_many(
    jobs: Sequence[tuple[MeasureBlock, str, str, ChartOptions, tuple[str, ...]]],
) -> list[dict[str, bytes]]:
    """:func:`render` for each job (used in worker processes)."""
    return [render(*job) for job in jobs]
