"""``bbic-su import``: turn vendor exports into the canonical dataset with a mapping profile.

>>> from bbic_su.cli import main
>>> main(["import", "no/such/export.csv", "--profile", "exempel_lang", "--out", "x"])
2

Usage: ``bbic-su import EXPORT... --profile P --out DIR [--key-file K]
[--strict] [--accept-guesses] [--format csv|xlsx]``. ``EXPORT`` is a CSV or ``.xlsx`` file, or a
folder whose files matching the profile's file globs are imported. ``P`` is a
profile file or a shipped profile (``bbic-su profile list``). ``DIR`` receives
the canonical dataset (one ``<record_type>.csv`` per record type plus
``datapackage.json``, or ``dataset.xlsx`` with ``--format xlsx``) and
``import-report.json`` (rows read, imported and rejected per file, each
rejected row with its number and reason, unmapped columns and values).

Identity-number columns are pseudonymised with the key in ``--key-file`` or
the environment variable ``BBIC_SU_PSEUDONYM_KEY``; the key is never written.

When no ``barn`` file is exported, one ``barn`` record per child is derived
from the identity numbers (birth year, sex as the number states it, and
``--kommunkod`` or the profile's ``kommunkod``), and the report says so.

A profile with drafted guesses nobody has reviewed (``review: guessed``) is
refused unless ``--accept-guesses`` is given; the accepted guesses are then
listed in the report.

Exit status: 0 clean; 1 rows were rejected, or (``--strict``) some value maps
to no code; 2 unreadable input, a bad profile, a missing key or a usage
error, reported as one line.
"""

from __future__ import annotations

import argparse
import fnmatch
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import bbic_su.frames
import bbic_su.importing
from bbic_su.cli._common import Context, add_command, unexpected_as_one_line
from bbic_su.errors import NoDataError

if TYPE_CHECKING:
    from bbic_su.cli._common import Subparsers
    from bbic_su.importing._profile_model import MappingProfile

__all__ = ["register"]

REPORT_NAME = "import-report.json"


def register(subparsers: Subparsers) -> None:
    """Add the ``import`` command."""
    parser = add_command(
        subparsers,
        "import",
        help="import vendor exports with a mapping profile",
        handler=_run,
        description=__doc__.split("\n\n", 2)[2] if __doc__ else None,
    )
    parser.add_argument("exports", nargs="+", metavar="EXPORT", help="CSV/.xlsx files or folders")
    parser.add_argument(
        "--profile", required=True, metavar="P", help="profile file or shipped profile name"
    )
    parser.add_argument("--out", required=True, metavar="DIR", help="output folder")
    parser.add_argument("--key-file", metavar="K", help="file holding the pseudonymisation key")
    parser.add_argument(
        "--allow-duplicates",
        action="store_true",
        help="import a file given twice (same file or same bytes) twice",
    )
    parser.add_argument(
        "--strict", action="store_true", help="exit 1 when any value maps to no code"
    )
    parser.add_argument(
        "--kommunkod",
        metavar="KOD",
        help="municipality code for barn records derived from identity numbers",
    )
    parser.add_argument(
        "--accept-guesses",
        action="store_true",
        help="import although drafted guesses are unreviewed (listed in the report)",
    )
    parser.add_argument(
        "--format",
        choices=("csv", "xlsx"),
        default="csv",
        help="form of the canonical dataset (default: csv)",
    )


def _expand(paths: list[str], profile: MappingProfile) -> list[Path]:
    """Files as given; folders replaced by their files that match a file glob."""
    out: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            out.extend(
                f
                for f in sorted(p.iterdir())
                if f.is_file()
                and any(
                    fnmatch.fnmatch(f.name.casefold(), fm.file.casefold()) for fm in profile.files
                )
            )
        else:
            out.append(p)
    return out


def _run(args: argparse.Namespace, ctx: Context) -> int:
    cat = ctx.catalog()
    profile = bbic_su.importing.load_profile(args.profile, catalog=cat)
    key = bbic_su.importing.load_key(args.key_file) if args.key_file else None
    paths = _expand(args.exports, profile)
    with unexpected_as_one_line("import"):
        dataset, report = bbic_su.importing.import_export(
            paths,
            profile,
            key=key,
            catalog=cat,
            accept_guesses=args.accept_guesses,
            kommunkod=args.kommunkod,
            allow_duplicates=args.allow_duplicates,
        )
    if not report.rows_read:  # header-only files: nothing to write, and not a silent 0
        names = ", ".join(f.file for f in report.files) or "nothing"
        raise NoDataError(f"no data rows in the exports (read: {names}); nothing was imported")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    target = out / "dataset.xlsx" if args.format == "xlsx" else out
    bbic_su.frames.write_dataset(dataset, target, format=args.format)
    report.write_json(out / REPORT_NAME)
    ctx.print(*report.summary_lines(ctx.lang))
    if ctx.lang == "sv":
        ctx.print(f"skrev {target} och {out / REPORT_NAME}")
    else:
        ctx.print(f"wrote {target} and {out / REPORT_NAME}")
    status = report.exit_status(strict=args.strict)
    if status and args.strict and report.unmapped_values and not report.rows_rejected:
        sys.stderr.write("bbic-su: --strict: some values map to no code (see the report)\n")
    return status
