"""Write the regional report of pooled packages: a workbook and self-contained pages.

>>> from bbic_su.reporting._regional_report import write_regional_report
>>> write_regional_report(None, "out", lang="fi")
Traceback (most recent call last):
...
bbic_su.reporting._report.ReportError: unknown language 'fi'; use sv or en

:func:`write_regional_report` (``bbic-su pool ... --report``) writes ``rapport.xlsx``
and ``rapport.html`` into the output folder, and ``<kommunkod>/rapport.html`` for each
municipality, from the pool's *published* tables only (see
:mod:`bbic_su.reporting._regional` for what they show).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from bbic_su.reporting._excel import sheet_title
from bbic_su.reporting._model import as_float
from bbic_su.reporting._regional import kommun_label, measure_name, rows_of, totals, words
from bbic_su.reporting._regional_html import own_page, region_page
from bbic_su.reporting._report import ReportError, need
from bbic_su.reporting._text import MARKER, NONE

if TYPE_CHECKING:
    from bbic_su.reporting._pooling import PoolResult

__all__ = ["write_regional_report"]


def _workbook(result: PoolResult, path: Path, lang: str) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    w = words(lang)
    dims = list(result.published.meta.get("breakdowns", []))
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_title(w["about"])
    meta = result.published.meta
    ws.append([w["title"]])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([w["kommuner"], ", ".join(meta["kommunkod"])])
    ws.append([w["k"], meta["min_count"]])
    ws.append([w["spec"], meta["spec_version"]])
    ws.append([w["made_with"], f"bbic-su {meta['library_version']}"])
    ws.append([w["rule"].format(k1=int(meta["min_count"]) - 1)])

    def pct(value: float | None, hidden: bool) -> Any:
        return MARKER if hidden else (NONE if value is None else round(100 * value, 1))

    ws = wb.create_sheet(sheet_title(w["kommuner"]))
    ws.append(
        [w["measure"], w["kommun"], w["period"], w["share"], w["ci_low"], w["ci_high"], w["n"]]
    )
    table = totals(result.published.table, dims)
    for mid, part in table.groupby("measure", sort=False):
        for r in rows_of(part):
            ws.append(
                [
                    measure_name(str(mid), lang),
                    kommun_label(r.kommun, lang),
                    r.period,
                    pct(r.share, r.suppressed),
                    pct(r.ci_low, r.suppressed),
                    pct(r.ci_high, r.suppressed),
                    MARKER if r.suppressed else r.denominator,
                ]
            )
    for kommun, pkg in result.municipalities.items():
        ws = wb.create_sheet(sheet_title(kommun))
        ws.append([w["own_title"].format(kommun=kommun)])
        ws.append([w["measure"], w["period"], w["own"], w["others"], w["difference"], w["overlap"]])
        own = totals(pkg.table, dims)
        for _, c in own.iterrows():
            diff, overlap = c["difference_pp"], c["intervals_overlap"]
            ws.append(
                [
                    measure_name(str(c["measure"]), lang),
                    str(c["period"]),
                    pct(as_float(c["share"]), bool(c["suppressed"])),
                    pct(as_float(c["ref_share"]), bool(c["ref_suppressed"])),
                    NONE if pd.isna(diff) else round(float(diff), 1),
                    NONE if pd.isna(overlap) else w["yes" if overlap else "no"],
                ]
            )
    wb.save(path)
    return path


def write_regional_report(
    result: PoolResult, folder: str | os.PathLike[str], *, lang: str = "sv"
) -> tuple[Path, ...]:
    """Write ``rapport.xlsx``, ``rapport.html`` and ``<kommunkod>/rapport.html`` into ``folder``.

    Raises:
        ReportError: openpyxl or matplotlib missing, or an unknown language.
    """
    if lang not in ("sv", "en"):
        raise ReportError(f"unknown language {lang!r}; use sv or en")
    need("matplotlib")
    need("openpyxl")
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    written = [_workbook(result, out / "rapport.xlsx", lang)]
    page = out / "rapport.html"
    page.write_text(region_page(result, lang), encoding="utf-8")
    written.append(page)
    for kommun in result.municipalities:
        own = out / kommun / "rapport.html"
        own.parent.mkdir(parents=True, exist_ok=True)
        own.write_text(own_page(result, kommun, lang), encoding="utf-8")
        written.append(own)
    return tuple(written)
