"""``bbic-su validate``: check a dataset against the catalogue and report every finding.

>>> from bbic_su.cli import main
>>> main(["validate", "no/such/folder"])  # one line on stderr, exit 2
2

Usage: ``bbic-su validate PATH [--plan plan.yaml] [--format table|json|csv|xlsx]
[--out FILE] [--fail-on error|warning] [--extraction-date YYYY-MM-DD]``. ``PATH`` is a folder of
``<record_type>.csv`` files (with ``datapackage.json``), an ``.xlsx`` workbook or a
folder of Parquet files. ``--format json`` writes the report's JSON form
(``{"summary": {...}, "issues": [...]}``), ``csv`` one line per finding, ``xlsx``
a workbook (needs ``--out``); ``table`` (default) a summary and each
finding in the ``--lang`` language: a line locating it (record type, row and export
file) and its whole message, wrapped. ``--extraction-date`` is the day the data were
extracted: dates after it are reported (rule R27), and so are cases still open on it
past their legal limits (R12, R22); without it none of these is checked.

Exit status: 0 when no finding is at or above ``--fail-on`` (default ``error``),
1 when there is one, 2 when the input cannot be read, holds no records of any
record type (the sheets or files found are named), or the usage is wrong. A
progress bar is shown on large inputs when stderr is a terminal and ``tqdm`` is
installed (extra ``cli``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import bbic_su.frames
import bbic_su.validation
from bbic_su.cli._common import Context, UsageError, add_command, iso_date, wrap
from bbic_su.spec.plan import load_plan

if TYPE_CHECKING:
    from bbic_su.cli._common import Subparsers

__all__ = ["register"]

_LARGE = 100_000


def register(subparsers: Subparsers) -> None:
    """Add the ``validate`` command."""
    parser = add_command(
        subparsers,
        "validate",
        help="validate a dataset (CSV folder, .xlsx or Parquet folder)",
        handler=_run,
        description=__doc__.split("\n\n", 2)[2] if __doc__ else None,
    )
    parser.add_argument("path", metavar="PATH", help="dataset folder or .xlsx workbook")
    parser.add_argument(
        "--plan", metavar="FILE", help="follow-up plan (YAML) with mandatory variables"
    )
    parser.add_argument(
        "--format",
        choices=("table", "json", "csv", "xlsx"),
        default="table",
        help="output format (default: table)",
    )
    parser.add_argument("--out", metavar="FILE", help="write the report to FILE instead of stdout")
    parser.add_argument(
        "--fail-on",
        choices=("error", "warning"),
        default="error",
        help="exit 1 when a finding at or above this severity exists (default: error)",
    )
    parser.add_argument(
        "--extraction-date",
        metavar="YYYY-MM-DD",
        type=iso_date,
        help=(
            "day the data were extracted; later dates, and cases still open past their "
            "limits on it, are reported (default: not checked)"
        ),
    )


def _progress(rows: int) -> tuple[Callable[[int, int], None] | None, Any]:
    if rows < _LARGE or not sys.stderr.isatty():
        return None, None
    try:
        from tqdm import tqdm
    except ImportError:
        return None, None
    bar = tqdm(total=1, desc="validating", unit="step", file=sys.stderr, leave=False)

    def update(done: int, total: int) -> None:
        bar.total = total
        bar.n = done
        bar.refresh()

    return update, bar


_SEVERITY = {
    "sv": {"error": "fel", "warning": "varning", "info": "upplysning"},
    "en": {"error": "error", "warning": "warning", "info": "info"},
}


def _label(cat: Any, record_type: str, lang: str) -> str:
    """A record type by its name in ``lang`` (a table the catalogue lacks: as named)."""
    try:
        rt = cat.record_type(record_type)
    except Exception:
        return record_type
    return str(rt.name_sv if lang == "sv" else rt.name_en)


def _table(report: Any, lang: str, cat: Any = None) -> list[str]:
    """The summary, then each finding: a line locating it and its whole message, wrapped."""
    sev = report.counts_by_severity()
    sv = lang == "sv"

    def name(rt: str) -> str:
        return rt if cat is None else _label(cat, rt, lang)

    if sv:
        lines = [
            line
            for rt, c in report.rows.items()
            for line in wrap(
                f"{name(rt)}:",
                f"{c.read} rader lästa = {c.without_errors} utan fel + {c.with_errors} med fel",
                indent=2,
            )
        ]
        lines.append(
            f"fynd: {sev['error']} fel, {sev['warning']} varningar, {sev['info']} upplysningar"
        )
    else:
        lines = [
            line
            for rt, c in report.rows.items()
            for line in wrap(
                f"{name(rt)}:",
                f"{c.read} rows read = {c.without_errors} without errors"
                f" + {c.with_errors} with errors",
                indent=2,
            )
        ]
        lines.append(
            f"findings: {sev['error']} error, {sev['warning']} warning, {sev['info']} info"
        )
    if not report.issues:
        return lines
    names = _SEVERITY["sv" if sv else "en"]
    row_word = "rad" if sv else "row"
    lines.append("")
    for i in report.issues:
        where = name(i.record_type)
        if i.row is not None:
            where += f" {row_word} {i.row}"
        if i.file:
            where += f" ({i.file})"
        key = f"  {i.key}" if i.key else ""
        lines += wrap(f"{names[i.severity]}:", f"{where}{key} [{i.code.value}]", indent=4)
        lines += wrap("", i.message_sv if sv else i.message_en, indent=4)
    return lines


def _run(args: argparse.Namespace, ctx: Context) -> int:
    if args.format == "xlsx" and not args.out:
        raise UsageError("--format xlsx needs --out FILE")
    cat = ctx.catalog()
    plan = load_plan(args.plan, catalog=cat) if args.plan else None
    dataset = bbic_su.frames.read_dataset(args.path, catalog=cat)
    bbic_su.frames.require_records(dataset)
    update, bar = _progress(sum(len(f) for f in dataset.frames.values()))
    try:
        report = bbic_su.validation.validate(
            dataset, plan=plan, catalog=cat, progress=update, extraction_date=args.extraction_date
        )
    finally:
        if bar is not None:
            bar.close()
    out = Path(args.out) if args.out else None
    if args.format == "xlsx":
        assert out is not None
        report.to_excel(out)
    elif args.format == "json" and out is not None:
        report.write_json(out)  # streamed: memory does not grow with the findings
    else:
        if args.format == "json":
            text = report.to_json() + "\n"
        elif args.format == "csv":
            text = report.to_frame().to_csv(index=False, lineterminator="\n")
        else:
            text = "\n".join(_table(report, ctx.lang, cat)) + "\n"
        if out is not None:
            out.write_text(text, encoding="utf-8")
        else:
            ctx.out.write(text)
    return 1 if report.count_at_or_above(args.fail_on) else 0
