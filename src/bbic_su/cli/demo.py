"""``bbic-su demo``: the whole pipeline on synthetic data, from vendor export to report.

>>> from bbic_su.cli import main
>>> main(["demo", "--children", "5"])  # one line on stderr, exit 2
2

Usage: ``bbic-su demo [--out DIR] [--seed S] [--children N] [--municipalities M]
[--lang sv|en] [--workers N]``.

Generates a synthetic municipality (kommunkod 9901) as a vendor-style export with
personnummer in ``DIR/export/``, imports it (the numbers become keyed pseudonyms),
validates it, compares it with ``M`` synthetic reference municipalities and writes
the report: ``DIR/rapport.html``, ``DIR/rapport.xlsx`` and the charts in
``DIR/diagram/``, plus ``canonical/``, ``import-report.json``, ``validation.json``
and ``profil.yaml``. Then every municipality writes a pool package into
``DIR/region/paket/`` and a region pools them into ``DIR/region/`` with the regional
report ``DIR/region/rapport.html`` (how municipalities compare themselves without
sharing case data). Then it prints a short summary (in Swedish unless
``--lang en``) and where the files are. Nothing outside ``DIR/export/`` holds an
identity number. The pseudonymisation key is a public demo key derived from the
seed (or ``BBIC_SU_PSEUDONYM_KEY`` when set); it is never written. The same seed
gives the same files. See :mod:`bbic_su.demo`.

Exit status: 0 done, 2 bad arguments, an unwritable folder or the ``report``
extra missing (one line on stderr).
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

import bbic_su.demo
from bbic_su.cli._common import Context, UsageError, add_command

if TYPE_CHECKING:
    from bbic_su.cli._common import Subparsers

__all__ = ["DEFAULT_OUT", "register"]

DEFAULT_OUT = "bbic-su-demo"
"""The folder written when ``--out`` is not given (relative to the working directory)."""

_STEPS = {
    "synth": ("skapar syntetisk export", "writing the synthetic export"),
    "import": ("importerar", "importing"),
    "validate": ("validerar", "validating"),
    "reference": ("skapar jämförelsekommuner", "making the reference municipalities"),
    "report": ("skriver rapporten", "writing the report"),
    "region": (
        "kommunerna skickar poolpaket, regionen lägger samman",
        "the municipalities send pool packages, the region pools them",
    ),
}


def register(subparsers: Subparsers) -> None:
    """Add the ``demo`` command."""
    parser = add_command(
        subparsers,
        "demo",
        help="run the whole pipeline on synthetic data and write a report",
        handler=_run,
        description=__doc__.split("\n\n", 2)[2] if __doc__ else None,
    )
    parser.add_argument(
        "--out", default=DEFAULT_OUT, metavar="DIR", help=f"where to write (default: {DEFAULT_OUT})"
    )
    parser.add_argument(
        "--seed", type=int, default=2026, metavar="S", help="random seed (default: 2026)"
    )
    parser.add_argument(
        "--children",
        type=int,
        default=bbic_su.demo.DEFAULT_CHILDREN,
        metavar="N",
        help=f"children per municipality (default: {bbic_su.demo.DEFAULT_CHILDREN})",
    )
    parser.add_argument(
        "--municipalities",
        type=int,
        default=bbic_su.demo.DEFAULT_MUNICIPALITIES,
        metavar="M",
        help=f"reference municipalities, 1-98 (default: {bbic_su.demo.DEFAULT_MUNICIPALITIES})",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=2,
        metavar="N",
        help="worker processes for the charts (default 2; 1 for none)",
    )


def _run(args: argparse.Namespace, ctx: Context) -> int:
    if args.workers < 1:
        raise UsageError("--workers must be at least 1")
    en = ctx.lang == "en"

    def progress(step: str) -> None:
        if sys.stderr.isatty():
            sys.stderr.write(f"bbic-su demo: {_STEPS[step][en]} ...\n")

    result = bbic_su.demo.run_demo(
        args.out,
        seed=args.seed,
        children=args.children,
        municipalities=args.municipalities,
        lang=ctx.lang,
        progress=progress,
        workers=args.workers,
    )
    ctx.print(*result.summary(ctx.lang))
    return 0
