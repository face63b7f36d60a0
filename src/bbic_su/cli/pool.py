"""``bbic-su pool``: pool municipalities' pool packages into region, published and own tables.

>>> from bbic_su.cli import main
>>> main(["pool", "no/such/package", "--out", "x"])  # one line on stderr, exit 2
2

Usage: ``bbic-su pool PKG [PKG ...] --out DIR [--report]``.

Each PKG is a folder written by ``bbic-su measures DATASET --format package --kind pool``
(one or more per municipality). The command refuses, with one line and exit status 2,
what cannot be pooled: a publish package (its counts are protected), different spec
versions, different definitions of the same measure, different thresholds k,
different breakdowns or period splits, records without a valid kommunkod, or the same
kommunkod and period twice.
Otherwise it writes into DIR, each as a package of the same shape:

* ``region/``: the region's totals (pool kind: confidential, for the pooling party);
* ``published/``: every municipality's cells and the region's, protected also across
  municipalities (publish kind): the table behind the report;
* ``<kommunkod>/``: for each municipality its own results beside all the others
  together, with the difference in percentage points and whether the intervals overlap
  (publish kind), to send back to it.

With ``--report`` it also writes the regional report: ``rapport.xlsx`` and the
self-contained ``rapport.html`` (Swedish; ``--lang en`` for English).

Exit status: 0 written, 2 bad input or packages that cannot be pooled.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

import bbic_su.reporting
from bbic_su.cli._common import Context, add_command

if TYPE_CHECKING:
    from bbic_su.cli._common import Subparsers

__all__ = ["register"]


def register(subparsers: Subparsers) -> None:
    """Add the ``pool`` command."""
    parser = add_command(
        subparsers,
        "pool",
        help="pool municipalities' pool packages: region, published and own tables",
        handler=_run,
        description=__doc__.split("\n\n", 2)[2] if __doc__ else None,
    )
    parser.add_argument("packages", nargs="+", metavar="PKG", help="pool package folder")
    parser.add_argument("--out", required=True, metavar="DIR", help="folder to write into")
    parser.add_argument("--report", action="store_true", help="also write the regional report")


def _run(args: argparse.Namespace, ctx: Context) -> int:
    result = bbic_su.reporting.pool(args.packages, out=args.out, report=args.report, lang=ctx.lang)
    kommuner = ", ".join(sorted(result.municipalities))
    n = len(result.inputs)
    if ctx.lang == "en":
        ctx.out.write(f"pooled {n} packages ({kommuner}) into {args.out}\n")
    else:
        ctx.out.write(f"lade samman {n} paket ({kommuner}) i {args.out}\n")
    for path in result.report:
        ctx.out.write(f"{'report' if ctx.lang == 'en' else 'rapport'}: {path}\n")
    return 0
