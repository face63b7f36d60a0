"""``bbic-su measures``: compute the catalogue's measures on a dataset, protected for publishing.

>>> from bbic_su.cli import main
>>> main(["measures", "no/such/folder"])  # one line on stderr, exit 2
2

Usage: ``bbic-su measures DATASET [--measure ID ...] [--by kon,aldersgrupp]
[--period month|quarter|half|year] [--reference DIR ...] [--plan FILE]
[--min-count 3|5|10] [--extraction-date YYYY-MM-DD]
[--format table|csv|json|xlsx|package] [--kind publish|pool] [--out FILE]``.

Every output is protected (small-count suppression with threshold ``--min-count``,
default 5); there is no option to turn it off. ``table`` and ``xlsx`` are for people:
shares in per cent, hidden values shown as ``..``. ``csv`` and ``json`` are for
machines: hidden values are null, with ``suppressed`` true and a
``suppression_reason`` (primary, complement, extreme, secondary, excluded). ``json`` is
``{"min_count": k, "scope": ..., "rows": [...]}``. The table speaks ``--lang``
(default Swedish): one block per measure under its name, breakdown codes by their
labels, a decimal comma in Swedish. A measure whose variables are absent from the
data is not computable: listed once at the end with what is missing (``computable``
false and ``missing`` in csv, json and xlsx), never shown as 0/n. With ``--reference`` (other
municipalities' datasets, repeatable) the output compares the own results with the
pooled others: ``ref_*`` columns, ``difference_pp`` and ``intervals_overlap``; that is
for synthetic data and research only, since no municipality may hold another's case
data (a real municipality sends a package and the pooling party runs ``bbic-su pool``).

``package`` writes an aggregate package into the folder ``--out``: a Frictionless Data
Package whose CSV has the columns of ``csv``, with metadata (kommunkod, period,
``--extraction-date``, plan, spec version, catalogue hash, library version, k).
``--kind publish`` (default) is protected like every output; ``--kind pool`` holds the
unprotected counts for a pooling party with an agreement to receive them
(``bbic-su pool``): still confidential, never to be published.

``--extraction-date`` (default: the one the dataset's ``datapackage.json`` records) is
the day the data were extracted: derived variables the dataset lacks are derived at it,
and deadline measures count the cases whose limit has not passed by then as
``pending``, beside the share. A measure that needs the date and lacks it is not
computed; one line on stderr says so (code ``needs-extraction-date``).

Exit status: 0 when at least one measure has a non-empty denominator, 1 when there is
nothing to report (every denominator is 0), 2 on bad input or usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import bbic_su.frames
import bbic_su.measures
import bbic_su.reporting
from bbic_su.cli._common import Context, UsageError, add_command, iso_date
from bbic_su.cli._measures_text import measure_blocks
from bbic_su.spec.plan import load_plan

if TYPE_CHECKING:
    from bbic_su.cli._common import Subparsers
    from bbic_su.measures._table import MeasureTable

__all__ = ["register"]


def register(subparsers: Subparsers) -> None:
    """Add the ``measures`` command."""
    parser = add_command(
        subparsers,
        "measures",
        help="compute measures (shares with breakdowns), protected for publishing",
        handler=_run,
        description=__doc__.split("\n\n", 2)[2] if __doc__ else None,
    )
    parser.add_argument("path", metavar="DATASET", help="dataset folder or .xlsx workbook")
    parser.add_argument(
        "--measure", action="append", default=None, metavar="ID", help="measure id; repeatable"
    )
    parser.add_argument("--by", default="", help="breakdowns, comma-separated (kon,aldersgrupp)")
    parser.add_argument(
        "--period", choices=("month", "quarter", "half", "year"), help="split by period"
    )
    parser.add_argument(
        "--reference", action="append", default=[], metavar="DIR", help="reference dataset"
    )
    parser.add_argument("--plan", metavar="FILE", help="follow-up plan (YAML)")
    parser.add_argument(
        "--min-count", type=int, default=None, help="threshold k (default: the catalogue's)"
    )
    parser.add_argument(
        "--format",
        choices=("table", "csv", "json", "xlsx", "package"),
        default="table",
        help="output",
    )
    parser.add_argument(
        "--kind",
        choices=("publish", "pool"),
        default=None,
        help="package kind: publish (protected, default) or pool (confidential counts)",
    )
    parser.add_argument(
        "--out", metavar="FILE", help="write to FILE instead of stdout (a folder for package)"
    )
    parser.add_argument(
        "--extraction-date",
        metavar="YYYY-MM-DD",
        type=iso_date,
        help="day the data were extracted (deadlines and derived variables are judged at it)",
    )


def _human(table: MeasureTable) -> Any:
    result = table.to_frame()
    out = bbic_su.measures.human(result)
    for col in [c for c in result.columns if str(c).startswith("ref_")]:
        if col in ("ref_suppressed", "ref_suppression_reason"):
            out = out.drop(columns=col)
            continue
        scale = 100 if col in ("ref_share", "ref_ci_low", "ref_ci_high") else 1
        out[col] = [
            bbic_su.measures.MARKER
            if v is None or v != v
            else (f"{scale * float(v):.1f}" if scale > 1 else str(v))
            for v in result[col].astype(object)
        ]
    for col in ("difference_pp", "intervals_overlap"):
        if col in result.columns:
            out[col] = ["-" if v is None or v != v else str(v) for v in result[col].astype(object)]
    return out


def not_computable_line(measure: str, why: dict[str, Any], lang: str) -> str:
    """One line saying why a measure was not computed (Swedish unless ``--lang en``)."""
    variables = ", ".join(why.get("variables", []))
    if lang == "en":
        text = "needs the extraction date (--extraction-date)"
        if variables:
            text += f" to derive {variables}"
        return f"{measure}: not computed: {why['code']}: {text}"
    text = "behöver uttagsdatum (--extraction-date)"
    if variables:
        text += f" för att härleda {variables}"
    return f"{measure}: beräknas inte: {why['code']}: {text}"


def _json(result: MeasureTable) -> str:
    rows = json.loads(result.to_frame().to_json(orient="records", force_ascii=False))
    data: dict[str, Any] = {"min_count": result.min_count, "scope": result.scope}
    data["not_computable"] = {k: dict(v) for k, v in result.not_computable.items()}
    data["extraction_date"] = result.extraction_date
    data["rows"] = rows
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n"


def _run(args: argparse.Namespace, ctx: Context) -> int:
    if args.format in ("xlsx", "package") and not args.out:
        raise UsageError(f"--format {args.format} needs --out")
    if args.kind is not None and args.format != "package":
        raise UsageError("--kind goes with --format package")
    if args.format == "package" and args.reference:
        raise UsageError("--reference cannot go into a package; pool packages with bbic-su pool")
    cat = ctx.catalog()
    args.min_count = bbic_su.measures.resolve_min_count(
        cat, bbic_su.measures.DEFAULT if args.min_count is None else args.min_count
    )
    plan = load_plan(args.plan, catalog=cat) if args.plan else None
    by = [b for b in (s.strip() for s in args.by.split(",")) if b]
    dataset = bbic_su.frames.read_dataset(args.path, catalog=cat)
    bbic_su.frames.require_records(dataset)
    opts: dict[str, Any] = {"measures": args.measure, "by": by, "period": args.period}
    opts["plan"] = plan
    opts["extraction_date"] = args.extraction_date
    if args.format == "package":
        return _package(args, ctx, dataset, opts)
    if args.reference:
        refs = [bbic_su.frames.read_dataset(p, catalog=cat) for p in args.reference]
        result = bbic_su.measures.compare(dataset, refs, min_count=args.min_count, **opts)
    else:
        result = bbic_su.measures.compute(dataset, min_count=args.min_count, catalog=cat, **opts)
    for mid, why in sorted(result.not_computable.items()):
        sys.stderr.write(not_computable_line(mid, dict(why), ctx.lang) + "\n")
    out = Path(args.out) if args.out else None
    if args.format == "xlsx":
        assert out is not None
        _human(result).to_excel(out, index=False, sheet_name="measures")
    else:
        if args.format == "json":
            text = _json(result)
        elif args.format == "csv":
            text = bbic_su.reporting.measure_csv(result.to_frame())
        else:
            lines = measure_blocks(result, _human(result), cat, ctx.lang, min_count=args.min_count)
            text = "\n".join(lines) + "\n"
        if out is not None:
            out.write_text(text, encoding="utf-8")
        else:
            ctx.out.write(text)
    frame = result.to_frame()
    reported = frame["denominator"].fillna(0).gt(0).any() or frame["suppressed"].any()
    return 0 if reported else 1


def _package(args: argparse.Namespace, ctx: Context, dataset: Any, opts: dict[str, Any]) -> int:
    pkg = bbic_su.reporting.write_package(
        dataset,
        args.out,
        kind=args.kind or "publish",
        min_count=args.min_count,
        catalog=ctx.catalog(),
        **opts,
    )
    table = pkg.table
    en = ctx.lang == "en"
    if pkg.kind == "pool":
        what = "pool package (CONFIDENTIAL: never publish it)" if en else "poolpaket"
        what = what if en else f"{what} (KONFIDENTIELLT: får inte publiceras)"
    else:
        what = "publish package" if en else "publiceringspaket"
    ctx.out.write(f"{what}: {args.out}\n")
    reported = table["denominator"].fillna(0).gt(0).any() or table["suppressed"].any()
    return 0 if reported else 1
