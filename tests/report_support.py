"""Shared, cached inputs for the report tests: small synthetic datasets and one report."""

from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
from pathlib import Path
from typing import Any

from bbic_su import synth
from bbic_su.reporting import ChartOptions, ReportFiles, report

MEASURES = ("m_enskilda_samtal_utredning", "m_utredning_4_manader", "m_sip")
"""One measure from each of three areas (delaktighet, rattssakerhet, samverkan)."""
OPTIONS = ChartOptions(size=(6.0, 3.5), dpi=80)
SECTIONS = [
    "Om rapporten",
    "Delaktighet",
    "Rättssäkerhet",
    "Samverkan",
    "Kunskap",
    "Bakgrundsuppgifter",
    "Datakvalitet",
]
"""The report's sections in order: the workbook's sheets and the page's h2 headings."""
"""A chart size different from the default, so the tests see it is honoured."""


@functools.cache
def own() -> Any:
    return synth.generate(children=600, seed=11, period=("2023-01-01", "2024-12-31"))


@functools.cache
def others() -> Any:
    return synth.generate(
        children=900, seed=12, period=("2023-01-01", "2024-12-31"), municipalities=3
    )


@functools.cache
def folder() -> Path:
    path = Path(tempfile.mkdtemp(prefix="bbic-su-report-"))
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


@functools.cache
def full_report() -> ReportFiles:
    """Workbook, page and charts (PNG + SVG) for three measures, with a reference."""
    out = folder()
    return report(
        own(),
        out=out / "rapport.xlsx",
        html=out / "rapport.html",
        charts_dir=out / "charts",
        reference=[others()],
        measures=MEASURES,
        chart_options=OPTIONS,
    )
