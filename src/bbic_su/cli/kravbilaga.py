"""``bbic-su kravbilaga``: the tender annex as a file to paste (HTML, XLSX, CSV or DOCX).

>>> import tempfile, pathlib
>>> from bbic_su.cli import main
>>> with tempfile.TemporaryDirectory() as tmp:
...     out = pathlib.Path(tmp) / "krav.csv"
...     main(["kravbilaga", "--format", "csv", "--out", str(out)])
...     out.read_text(encoding="utf-8-sig").startswith("Titel;Kravbilaga")
Skrev kravbilagan (csv, specifikation ...) till ...
0
True

Usage: ``bbic-su kravbilaga --format html|xlsx|csv|docx [--plan FILE] --out FILE``.

Every format carries the same front matter (title, spec version, library
version, date, documentation link, status legends, disclaimer) and one row per
requirement: general requirements, record types, variables, value sets, rules
and measures, each with its stable id, requirement text, definition, value set
and codes, evidence status, sources and legal references with their status.
With ``--plan``, the requirements are scoped to the plan's variables. XLSX needs
the extra ``excel``, DOCX the extra ``docx``. Exit status: 0 written; 2 bad
arguments, unreadable plan, missing extra or unwritable output, as one line.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

import bbic_su.conformance
from bbic_su.cli._common import Context, add_command
from bbic_su.spec.plan import load_plan

if TYPE_CHECKING:
    from bbic_su.cli._common import Subparsers

__all__ = ["register"]


def register(subparsers: Subparsers) -> None:
    """Add the ``kravbilaga`` command."""
    parser = add_command(
        subparsers,
        "kravbilaga",
        help="write the tender annex (kravbilaga) as HTML, XLSX, CSV or DOCX",
        handler=_run,
        description=__doc__.split("\n\n", 2)[2] if __doc__ else None,
    )
    parser.add_argument(
        "--format", choices=bbic_su.conformance.FORMATS, help="file format (default: by --out)"
    )
    parser.add_argument("--plan", metavar="FILE", help="follow-up plan (YAML): its subset")
    parser.add_argument("--out", metavar="FILE", required=True, help="file to write")
    parser.add_argument("--date", metavar="YYYY-MM-DD", help="date in the front matter")


def _run(args: argparse.Namespace, ctx: Context) -> int:
    cat = ctx.catalog()
    plan = load_plan(args.plan, catalog=cat) if args.plan else None
    out = bbic_su.conformance.write_kravbilaga(
        Path(args.out), args.format, plan=plan, catalog=cat, date=args.date
    )
    fmt = args.format or out.suffix.lstrip(".").lower()
    if ctx.lang == "en":
        ctx.print(f"Wrote the kravbilaga ({fmt}, spec {cat.spec.version}) to {out}")
    else:
        ctx.print(f"Skrev kravbilagan ({fmt}, specifikation {cat.spec.version}) till {out}")
    return 0
