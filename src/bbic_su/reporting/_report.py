"""Make a report: compute every measure once, protect it, render it three ways.

>>> from bbic_su.reporting._report import ReportError, report
>>> report("data", lang="fi")
Traceback (most recent call last):
...
bbic_su.reporting._report.ReportError: nothing to write: give out (.xlsx), html or charts_dir

:func:`report` (also ``bbic-su report``) computes every measure once, protects it and
renders it three ways:

* **Excel** (``out``): a cover sheet (the plan's question, period, data source,
  catalogue version, rows read and valid, the suppression rule), one sheet per area
  with a formatted table and charts per measure, and a data-quality sheet
  (completeness per variable, findings per code).
* **Charts** (``charts_dir``): per measure, bars by kön and by åldersgrupp (own
  against the other municipalities, with 95 % intervals) and the trend over periods,
  as PNG and SVG.
* **HTML** (``html``): one file with the tables and charts, no network requests,
  readable on a phone and printable.

Everything written goes through disclosure control with threshold ``min_count``
(default: the catalogue's ``min_cell``): hidden values are ``..`` in tables and
hatched ``..`` bands in charts, never zero. Labels are Swedish by default,
``lang="en"`` switches to English. Needs the ``report`` extra (openpyxl, matplotlib).
"""

from __future__ import annotations

import functools
import importlib.util
import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Any

import attrs

from bbic_su._boundary import boundary
from bbic_su.errors import BbicSuError
from bbic_su.frames._extraction import ExtractionDate, as_extraction_date
from bbic_su.frames.dataset import Dataset, read_dataset, require_records
from bbic_su.measures.disclosure import check_min_count
from bbic_su.reporting._assemble import build_model
from bbic_su.reporting._build import granularity_for, row_counts, span_of
from bbic_su.reporting._build import quality as completeness
from bbic_su.reporting._charts import KINDS, ChartOptions, render, render_many
from bbic_su.reporting._excel import write_workbook
from bbic_su.reporting._html import write_page
from bbic_su.reporting._model import MeasureBlock, ReportModel
from bbic_su.reporting._text import text
from bbic_su.spec._catalog import Catalog
from bbic_su.spec.plan import FollowUpPlan, load_plan
from bbic_su.validation import validate
from bbic_su.validation.report import ValidationReport

__all__ = ["Progress", "ReportError", "ReportFiles", "need", "report"]

Progress = Callable[[int, int, str], None]
"""Called as ``progress(done, total, step)`` while a report is made."""
_MODEL_STEPS = 3
_CHUNK = 3


class ReportError(BbicSuError, ValueError):
    """A report cannot be made: a missing optional dependency, a bad option or path."""


@attrs.frozen
class ReportFiles:
    """What :func:`report` wrote, and the (protected) model it rendered."""

    xlsx: Path | None
    html: Path | None
    charts: tuple[Path, ...]
    model: ReportModel


def need(module: str) -> None:
    """Raise :class:`ReportError` unless the optional dependency ``module`` is installed."""
    if importlib.util.find_spec(module) is None:
        raise ReportError(f"reports need {module}; install it with: pip install 'bbic-su[report]'")


def _dataset(value: Any, cat: Catalog | None) -> Dataset:
    if isinstance(value, Dataset):
        return value
    return read_dataset(value, catalog=cat)


def _plan(value: Any, cat: Catalog) -> FollowUpPlan | None:
    if value is None or isinstance(value, FollowUpPlan):
        return value
    return load_plan(value, catalog=cat)


def _check_path(path: Any, suffix: str, what: str) -> Path | None:
    if path is None:
        return None
    p = Path(path)
    if p.suffix.lower() != suffix:
        raise ReportError(f"{what} must end in {suffix}: {p.name}")
    if not p.parent.exists():
        raise ReportError(f"{p.parent}: no such folder")
    return p


class _Charts:
    """Renders every chart once, in each format that some output needs (maybe in parallel)."""

    def __init__(self, model: ReportModel, options: ChartOptions, formats: tuple[str, ...]):
        self.model, self.options, self.formats = model, options, formats
        self.done: dict[tuple[str, str], dict[str, bytes]] = {}

    def jobs(self) -> list[tuple[MeasureBlock, str, str, ChartOptions, tuple[str, ...]]]:
        lang = self.model.lang
        return [(b, k, lang, self.options, self.formats) for b in self.model.blocks for k in KINDS]

    def run(self, pool: Any, tick: Callable[[str], None]) -> None:
        jobs = self.jobs()
        if not self.formats:
            return
        if pool is not None:
            chunks = [jobs[i : i + _CHUNK] for i in range(0, len(jobs), _CHUNK)]
            futures = {pool.submit(render_many, chunk): chunk for chunk in chunks}
            for future in as_completed(futures):
                for job, images in zip(futures[future], future.result(), strict=True):
                    self.done[(job[0].id, job[1])] = images
                    tick("charts")
            return
        for job in jobs:
            self.done[(job[0].id, job[1])] = render(*job)
            tick("charts")

    def of(self, block: MeasureBlock, fmt: str) -> list[tuple[str, bytes]]:
        names = {"kon": "kon", "aldersgrupp": "aldersgrupp", "trend": "trend"}
        return [(text(names[k], self.model.lang), self.done[(block.id, k)][fmt]) for k in KINDS]


def _pool(workers: int) -> Any:
    """A pool of spawned worker processes, or ``None`` for ``workers <= 1``."""
    if workers <= 1:
        return None
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))


@boundary
def report(
    dataset: Dataset | str | os.PathLike[str],
    *,
    out: str | os.PathLike[str] | None = None,
    html: str | os.PathLike[str] | None = None,
    reference: Sequence[Dataset | str | os.PathLike[str]] = (),
    plan: FollowUpPlan | str | os.PathLike[str] | None = None,
    lang: str = "sv",
    charts_dir: str | os.PathLike[str] | None = None,
    chart_formats: Sequence[str] = ("png", "svg"),
    chart_options: ChartOptions | None = None,
    measures: Sequence[str] | None = None,
    period: str | None = None,
    min_count: int | None = None,
    catalog: Catalog | None = None,
    progress: Progress | None = None,
    workers: int = 1,
    validation: ValidationReport | None = None,
    extraction_date: ExtractionDate = None,
) -> ReportFiles:
    """Make a report: workbook, HTML page and/or chart files (see the module docs).

    Args:
        dataset: The own dataset, or a path for :func:`bbic_su.read_dataset`.
        out: The workbook to write (``.xlsx``), or ``None``.
        html: The page to write (``.html``), or ``None``.
        reference: Other municipalities' datasets (or paths), pooled as the reference;
            the own kommunkoder are left out of the pool.
        plan: A follow-up plan (or a path to one): its question goes on the cover,
            its period and ages restrict the records, its variables the completeness.
        lang: ``"sv"`` (default) or ``"en"``.
        charts_dir: A folder to write every chart to, as ``<measure>_<chart>.<fmt>``.
        chart_formats: The formats written to ``charts_dir`` (``png``, ``svg``).
        chart_options: Size and resolution of every chart.
        measures: Measure ids (default: every measure of the catalogue).
        period: ``month``, ``quarter``, ``half`` or ``year`` for the trend; by default
            ``year`` when the data span two calendar years or more, else ``quarter``.
        min_count: Threshold k (3, 5 or 10; default the catalogue's ``min_cell``).
        catalog: The catalogue (default: the dataset's).
        progress: Called as ``progress(done, total, step)``.
        workers: Worker processes (default 1: none are started). With 2 or more,
            validation runs beside the measures and the charts are drawn in
            parallel. Workers are *spawned*, so a script calling this needs the usual
            ``if __name__ == "__main__":`` guard (the ``bbic-su`` command has it).
        validation: The validation result the report shows (from
            :func:`bbic_su.validate` on the same dataset), so the report's findings
            are exactly the caller's. ``None`` (default): the dataset is validated
            once here, against ``plan`` and ``extraction_date``.
        extraction_date: The day the data were extracted (default: the dataset's own),
            passed to the validation (as :func:`bbic_su.validate`'s
            ``extraction_date``, so the report's findings match ``bbic-su validate
            --extraction-date``); derived variables are derived and deadlines judged at
            it, as in :func:`bbic_su.compute`.

    The typed columns are parsed once: the validation's views are reused by every
    measure (see :mod:`bbic_su.frames._typed_views`).

    Raises:
        ReportError: Nothing to write, a bad path, option or language, or openpyxl or
            matplotlib missing.
        DatasetError, PlanError, MeasureError, UnknownIdError: Bad input data
            (:class:`~bbic_su.frames.dataset.NoDataError`: no records of any record type).
    """
    if out is None and html is None and charts_dir is None:
        raise ReportError("nothing to write: give out (.xlsx), html or charts_dir")
    if lang not in ("sv", "en"):
        raise ReportError(f"unknown language {lang!r}; use sv or en")
    bad = sorted(set(chart_formats) - {"png", "svg"})
    if bad:
        raise ReportError(f"unknown chart format {bad[0]!r}; use png or svg")
    xlsx_path = _check_path(out, ".xlsx", "the workbook")
    html_path = _check_path(html, ".html", "the page")
    need("matplotlib")
    if xlsx_path is not None:
        need("openpyxl")
    ds = _dataset(dataset, catalog)
    require_records(ds)
    when = as_extraction_date(extraction_date)
    if when is not None:
        ds = Dataset(ds.frames, catalog=catalog, source=ds.source, extraction_date=str(when))
    cat = catalog or ds.catalog
    k = min_count if min_count is not None else cat.disclosure.recommended_default.min_cell
    check_min_count(cat, k)
    the_plan = _plan(plan, cat)
    refs = [_dataset(r, cat) for r in reference]
    gran = period or granularity_for(span_of(ds, the_plan))
    n_measures = len(measures) if measures else sum(1 for m in cat.measures if not m.template)
    total = _MODEL_STEPS + bool(refs) + n_measures * len(KINDS) + 2
    state = {"done": 0}

    def tick(step: str) -> None:
        state["done"] += 1
        if progress is not None:
            progress(min(state["done"], total), total, step)

    if validation is None:
        validation = validate(ds, plan=the_plan, catalog=cat, extraction_date=when)
    pool = _pool(workers)
    try:
        rows, found = row_counts(ds, the_plan, k, lang, when, validation)
        job = functools.partial(completeness, ds, the_plan, k, lang)
        done = pool.submit(job).result if pool is not None else job

        def quality() -> tuple[Any, Any, Any]:
            return rows, found, done()

        model = build_model(
            ds,
            references=refs,
            plan=the_plan,
            lang=lang,
            min_count=k,
            measures=measures,
            period=gran,
            progress=tick,
            quality=quality,
            extraction_date=when,
        )
        formats = {"png"} if xlsx_path or html_path else set()
        formats |= set(chart_formats) if charts_dir is not None else set()
        charts = _Charts(model, chart_options or ChartOptions(), tuple(sorted(formats)))
        charts.run(pool, tick)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    written: list[Path] = []
    if charts_dir is not None:
        folder = Path(charts_dir)
        folder.mkdir(parents=True, exist_ok=True)
        for (mid, kind), images in sorted(charts.done.items()):
            for fmt in chart_formats:
                p = folder / f"{mid}_{kind}.{fmt}"
                p.write_bytes(images[fmt])
                written.append(p)
    if xlsx_path is not None:
        write_workbook(model, xlsx_path, lambda b: [d for _, d in charts.of(b, "png")])
    tick("excel")
    if html_path is not None:
        write_page(model, html_path, lambda b: charts.of(b, "png"))
    tick("html")
    return ReportFiles(xlsx=xlsx_path, html=html_path, charts=tuple(written), model=model)
