"""``bbic-su conformance``: pass or fail per requirement id of the kravbilaga.

>>> from bbic_su.cli import main
>>> main(["conformance", "no/such/export.csv", "--profile", "canonical"])  # one line, exit 2
2

Usage: ``bbic-su conformance EXPORT... --profile P [--plan FILE] [--out FILE]
[--format text|json|html] [--key-file K] [--extraction-date YYYY-MM-DD]
[--generated-at TIME]``. ``EXPORT`` is a CSV or ``.xlsx`` file, or a folder
whose files match the profile's file globs; ``P`` a profile file or a shipped
profile (``canonical`` for bbic-su's own format). The export is imported,
validated and checked against every requirement of the kravbilaga
(:mod:`bbic_su.conformance` says what decides each one).

Output: ``--out report.json`` writes the deterministic JSON form (same input,
byte-identical file: no time stamp unless ``--generated-at`` gives one),
``--out report.html`` a self-contained Swedish page; the format follows the
file's suffix unless ``--format`` is given. Without ``--out`` a short summary
(``text``) is printed. A vendor attaches the file to a tender answer; the
buyer reproduces it with the same export, profile, plan and bbic-su version
(the JSON records the files' SHA-256 digests and the versions).

Exit status: 0 every applicable requirement passes; 1 some requirement fails;
2 unreadable input, a bad profile or plan, a missing key or a usage error,
reported as one line.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

import bbic_su.conformance
import bbic_su.importing
from bbic_su.cli._common import (
    Context,
    UsageError,
    add_command,
    iso_date,
    table,
    unexpected_as_one_line,
)
from bbic_su.errors import NoDataError

if TYPE_CHECKING:
    from bbic_su.cli._common import Subparsers

__all__ = ["register"]

_SUFFIX = {".json": "json", ".html": "html", ".htm": "html"}


def register(subparsers: Subparsers) -> None:
    """Add the ``conformance`` command."""
    parser = add_command(
        subparsers,
        "conformance",
        help="check an export against the kravbilaga: pass or fail per requirement id",
        handler=_run,
        description=__doc__.split("\n\n", 2)[2] if __doc__ else None,
    )
    parser.add_argument("exports", nargs="+", metavar="EXPORT", help="CSV/.xlsx files or folders")
    parser.add_argument(
        "--profile", required=True, metavar="P", help="profile file or shipped profile name"
    )
    parser.add_argument("--plan", metavar="FILE", help="follow-up plan (YAML)")
    parser.add_argument("--out", metavar="FILE", help="write the report (.json or .html)")
    parser.add_argument(
        "--format", choices=("text", "json", "html"), help="output format (default: by --out)"
    )
    parser.add_argument("--key-file", metavar="K", help="file holding the pseudonymisation key")
    parser.add_argument(
        "--extraction-date",
        metavar="YYYY-MM-DD",
        type=_iso_date,
        help="day the data were extracted; later dates fail the timeline check",
    )
    parser.add_argument(
        "--generated-at",
        metavar="TIME",
        type=_iso_time,
        help="time stamp to record (ISO 8601); default: none, for byte-identical output",
    )


def _iso_date(text: str) -> str:
    return iso_date(text).isoformat()


def _iso_time(text: str) -> str:
    try:
        return dt.datetime.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an ISO 8601 time") from None


def _format(args: argparse.Namespace) -> str:
    if args.format:
        if args.format != "text" and not args.out:
            raise UsageError(f"--format {args.format} needs --out FILE")
        return str(args.format)
    if not args.out:
        return "text"
    fmt = _SUFFIX.get(Path(args.out).suffix.lower())
    if fmt is None:
        raise UsageError("--out must end in .json or .html (or give --format)")
    return fmt


_OUTCOME = {
    "sv": {"pass": "Godkänd", "fail": "Underkänd"},
    "en": {"pass": "pass", "fail": "fail"},
}


def _text(result: Any, lang: str) -> list[str]:
    s = result.summary()
    counts = s["by_outcome"]
    failed = [r for r in result.results if r.outcome == "fail"]
    if lang == "en":
        lines = [
            f"verdict: {result.verdict}",
            f"requirements: {counts['pass']} pass, {counts['fail']} fail, "
            f"{counts['not_applicable']} not applicable",
        ]
        head = ["failed requirement", "failed checks"]
        name = {k: k for k in bbic_su.conformance.CHECK_NAMES}
    else:
        lines = [
            f"Samlat resultat: {_OUTCOME['sv'][result.verdict]}",
            f"Krav: {counts['pass']} godkända, {counts['fail']} underkända, "
            f"{counts['not_applicable']} ej tillämpliga",
            "«Godkänd» betyder att exporten klarar kravens kontroller med de redovisade "
            "tröskelvärdena, inte att handläggarna valt rätt kod (se rapporten i HTML eller JSON).",
        ]
        head = ["Underkänt krav", "Underkända kontroller"]
        name = {k: v[0] for k, v in bbic_su.conformance.CHECK_NAMES.items()}
    if failed:
        rows = [
            [r.id, ", ".join(name.get(c.name, c.name) for c in r.checks if c.outcome == "fail")]
            for r in failed
        ]
        lines += ["", *table(head, rows, flex=(1,), wrap_last=True)]
    return lines


def _run(args: argparse.Namespace, ctx: Context) -> int:
    fmt = _format(args)
    cat = ctx.catalog()
    key = bbic_su.importing.load_key(args.key_file) if args.key_file else None
    with unexpected_as_one_line("check"):
        result = bbic_su.conformance.check_conformance(
            args.exports,
            args.profile,
            plan=args.plan,
            key=key,
            catalog=cat,
            extraction_date=args.extraction_date,
            generated_at=args.generated_at,
        )
    if not result.imported["rows_imported"]:
        names = ", ".join(i.name for i in result.inputs) or "nothing"
        raise NoDataError(f"no records of any record type were imported (read: {names})")
    if fmt == "text":
        ctx.print(*_text(result, ctx.lang))
    else:
        out = Path(args.out)
        if fmt == "json":
            result.write_json(out)
        else:
            with out.open("w", encoding="utf-8", newline="\n") as fh:
                fh.write(result.to_html())
        if ctx.lang == "en":
            ctx.print(f"verdict: {result.verdict}", f"wrote {out}")
        else:
            ctx.print(f"Samlat resultat: {_OUTCOME['sv'][result.verdict]}", f"Skrev {out}")
    return 0 if result.ok else 1
