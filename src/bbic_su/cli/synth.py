"""``bbic-su synth``: write a synthetic dataset, canonical or in a profile's vendor layout.

>>> import tempfile
>>> from bbic_su.cli import main
>>> out = tempfile.mkdtemp()
>>> main(["synth", "--children", "50", "--seed", "1", "--out", out])  # doctest: +ELLIPSIS
Skrev 50 barn, ... poster (frö 1, 2024-01-01..2024-12-31) till ...
0
>>> main(["synth", "--children", "0", "--out", out])  # one line on stderr, exit 2
2

Usage: ``bbic-su synth --children N --seed S --out DIR [--municipalities M]
[--period 2024|START..END] [--profile P] [--error-rate R] [--truth FILE]
[--format csv|xlsx|parquet]``. The data are made up (see :mod:`bbic_su.synth`):
municipality codes ``9901``... are synthetic. By default the canonical dataset
is written (``--format csv``: a folder of ``<record_type>.csv`` files with
``datapackage.json``; ``xlsx``: ``--out`` is the workbook; ``parquet``: a
folder). ``--profile P`` writes vendor-style files instead, through a shipped
example profile or a profile file (the inverse of importing them); identity-number
columns get made-up personnummer that match each child's birth date and sex.

``--error-rate R`` (0-0.5) injects known faults of every issue code into the
canonical dataset and ``--truth FILE`` writes the findings validation must report
(CSV: code, severity, rule, record_type, row, key, variable); faults are
canonical-only, so ``--error-rate`` cannot be combined with ``--profile``.

Exit status: 0 written, 2 bad arguments or an unwritable target.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

import bbic_su.frames
import bbic_su.interchange
import bbic_su.synth
from bbic_su.cli._common import Context, UsageError, add_command

if TYPE_CHECKING:
    from bbic_su.cli._common import Subparsers

__all__ = ["register"]


def register(subparsers: Subparsers) -> None:
    """Add the ``synth`` command."""
    parser = add_command(
        subparsers,
        "synth",
        help="write a synthetic dataset (canonical or vendor-style)",
        handler=_run,
        description=__doc__.split("\n\n", 2)[2] if __doc__ else None,
    )
    parser.add_argument(
        "--children", type=int, default=1000, metavar="N", help="number of children (default: 1000)"
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=0,
        metavar="S",
        help="random seed; same seed, same data (default: 0)",
    )
    parser.add_argument("--out", required=True, metavar="DIR", help="where to write")
    parser.add_argument(
        "--municipalities",
        type=int,
        default=1,
        metavar="M",
        help="number of synthetic municipalities, 1-99 (default: 1)",
    )
    parser.add_argument(
        "--period",
        default="2024",
        metavar="PERIOD",
        help="a year or START..END (ISO dates); the end is the extraction date (default: 2024)",
    )
    parser.add_argument(
        "--profile",
        metavar="P",
        help="write vendor-style files through this profile (name or file)",
    )
    parser.add_argument(
        "--error-rate",
        type=float,
        default=0.0,
        metavar="R",
        help="inject known faults in this share of records (default: 0)",
    )
    parser.add_argument(
        "--truth", metavar="FILE", help="write the findings validation must report (CSV)"
    )
    parser.add_argument(
        "--format",
        choices=("csv", "xlsx", "parquet"),
        default="csv",
        help="canonical output form (default: csv)",
    )


def _run(args: argparse.Namespace, ctx: Context) -> int:
    if args.profile and args.error_rate:
        raise UsageError("--error-rate writes canonical data only; leave out --profile")
    if args.profile and args.format != "csv":
        raise UsageError("--format applies to canonical output; the profile names its files")
    cat = ctx.catalog()
    period = bbic_su.synth.parse_period(args.period)
    result = bbic_su.synth.generate_with_truth(
        args.children,
        seed=args.seed,
        period=period,
        municipalities=args.municipalities,
        error_rate=args.error_rate,
        catalog=cat,
    )
    out = Path(args.out)
    if args.profile:
        paths = bbic_su.interchange.render_export(
            result.dataset, args.profile, out, identity=result.identity, catalog=cat
        )
        where = (
            f"{len(paths)} files in {out}" if ctx.lang == "en" else f"{len(paths)} filer i {out}"
        )
    else:
        bbic_su.frames.write_dataset(result.dataset, out, format=args.format)
        where = str(out)
    if args.truth:
        Path(args.truth).write_text(
            result.truth.to_csv(index=False, lineterminator="\n"), encoding="utf-8"
        )
    records = sum(result.dataset.n_rows(rt) for rt in result.dataset.record_types)
    if ctx.lang == "en":
        ctx.print(
            f"wrote {args.children} children, {records} records (seed {args.seed}, "
            f"{period[0]}..{period[1]}) to {where}"
        )
    else:
        ctx.print(
            f"Skrev {args.children} barn, {records} poster (frö {args.seed}, "
            f"{period[0]}..{period[1]}) till {where}"
        )
    return 0
