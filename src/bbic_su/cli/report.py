"""``bbic-su report``: an Excel workbook, charts and a self-contained HTML page for people.

>>> from bbic_su.cli import main
>>> main(["report", "no/such/folder", "--out", "r.xlsx"])  # one line on stderr, exit 2
2

Usage: ``bbic-su report DATASET --out report.xlsx [--html report.html]
[--charts DIR] [--reference DIR ...] [--plan plan.yaml] [--lang sv|en]
[--measure ID ...] [--period month|quarter|half|year] [--min-count 3|5|10]
[--workers N] [--extraction-date YYYY-MM-DD]``.

Writes the workbook (``--out``), the HTML page (``--html``) and/or every chart as
PNG and SVG (``--charts DIR``); at least one is needed. Every number is protected
(small-count suppression, threshold ``--min-count``, default from the catalogue);
hidden values are shown as ``..`` and drawn as hatched ``..`` bands, never as
zero. ``--reference`` (repeatable) adds other municipalities' datasets, pooled, as
the comparison. Labels are Swedish unless ``--lang en``. ``--extraction-date``
(default: the one the dataset records) is passed to the validation, so the report
counts the same findings as ``bbic-su validate --extraction-date``, and derived
variables and deadlines are judged at it. Measures whose variables are absent from
the data are listed once on the cover instead of drawn as empty charts. The report
validates once, and its measures read the same parsed columns. A progress bar is shown
on stderr when it is a terminal and ``tqdm`` is installed (extra ``cli``).

Exit status: 0 when the report was written, 2 on bad input or usage (one line
on stderr), e.g. a missing dataset, a bad plan, or the ``report`` extra missing.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

import bbic_su.reporting
from bbic_su.cli._common import Context, UsageError, add_command, iso_date

if TYPE_CHECKING:
    from bbic_su.cli._common import Subparsers

__all__ = ["register"]


def register(subparsers: Subparsers) -> None:
    """Add the ``report`` command."""
    parser = add_command(
        subparsers,
        "report",
        help="write a report for people: Excel workbook, charts, HTML page",
        handler=_run,
        description=__doc__.split("\n\n", 2)[2] if __doc__ else None,
    )
    parser.add_argument("path", metavar="DATASET", help="dataset folder or .xlsx workbook")
    parser.add_argument("--out", metavar="FILE", help="the workbook to write (.xlsx)")
    parser.add_argument("--html", metavar="FILE", help="the HTML page to write (.html)")
    parser.add_argument("--charts", metavar="DIR", help="write every chart (PNG, SVG) here")
    parser.add_argument(
        "--reference", action="append", default=[], metavar="DIR", help="reference dataset"
    )
    parser.add_argument("--plan", metavar="FILE", help="follow-up plan (YAML)")
    parser.add_argument(
        "--measure", action="append", default=None, metavar="ID", help="measure id; repeatable"
    )
    parser.add_argument(
        "--period", choices=("month", "quarter", "half", "year"), help="trend granularity"
    )
    parser.add_argument("--min-count", type=int, default=None, help="threshold k (3, 5 or 10)")
    parser.add_argument(
        "--extraction-date",
        metavar="YYYY-MM-DD",
        type=iso_date,
        help="day the data were extracted: deadlines and derived variables are judged at it,"
        " and the validation uses it (as in validate)",
    )
    parser.add_argument(
        "--workers", type=int, default=2, help="worker processes (default 2; 1 for none)"
    )


class _Bar:
    """A tqdm bar on stderr when it is a terminal (and tqdm is installed), else nothing."""

    def __init__(self) -> None:
        self.bar: Any = None
        if not sys.stderr.isatty():
            return
        try:
            from tqdm import tqdm
        except ImportError:
            return
        self.bar = tqdm(total=1, desc="report", unit="step", file=sys.stderr, leave=False)

    def __call__(self, done: int, total: int, step: str) -> None:
        if self.bar is None:
            return
        self.bar.total = total
        self.bar.set_description(step)
        self.bar.update(done - self.bar.n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _run(args: argparse.Namespace, ctx: Context) -> int:
    if not (args.out or args.html or args.charts):
        raise UsageError("give --out FILE.xlsx, --html FILE.html or --charts DIR")
    if args.workers < 1:
        raise UsageError("--workers must be at least 1")
    cat = ctx.catalog()
    bar = _Bar()
    try:
        result = bbic_su.reporting.report(
            args.path,
            out=args.out,
            html=args.html,
            reference=args.reference,
            plan=args.plan,
            lang=ctx.lang,
            charts_dir=args.charts,
            measures=args.measure,
            period=args.period,
            min_count=args.min_count,
            catalog=cat,
            progress=bar,
            workers=args.workers,
            extraction_date=args.extraction_date,
        )
    finally:
        bar.close()
    for path in (result.xlsx, result.html):
        if path is not None:
            ctx.print(str(path))
    if result.charts:
        ctx.print(f"{args.charts}: {len(result.charts)} charts")
    return 0
