"""``bbic-su profile``: list, check and draft mapping profiles.

>>> from bbic_su.cli import main
>>> main(["profile", "list", "--lang", "en"])  # doctest: +ELLIPSIS
name...example...files...description
...
0

* ``profile list`` shows the shipped profiles (examples are example layouts,
  never a vendor's real format).
* ``profile check P`` loads a profile file (or shipped name) and checks it
  against the catalogue: exit 0, or 2 with the file and key path of the fault.
  A well-formed profile that cannot work is refused too, one line per reason
  on stderr: a mapped record type lacks its key or a required variable,
  drafted guesses are left unreviewed, or values of opposite meaning map to
  one code.
* ``profile draft EXPORT [--record-type R] [--name N] [--out profile.yaml]``
  proposes a profile for a wide export: headers and values fuzzy-matched to
  the catalogue, every guess marked ``GRANSKA / REVIEW``, and what could not be
  placed listed at the end. Without ``--out`` the YAML goes to stdout.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import bbic_su.importing
from bbic_su.cli._common import Context, add_command, table
from bbic_su.importing._profile_usable import usability_problems

if TYPE_CHECKING:
    from bbic_su.cli._common import Subparsers

__all__ = ["register"]


def register(subparsers: Subparsers) -> None:
    """Add ``profile list``, ``profile check`` and ``profile draft``."""
    group = add_command(subparsers, "profile", help="list, check and draft mapping profiles")
    commands = group.add_subparsers(
        title="profile commands", metavar="PROFILE_COMMAND", required=True
    )
    add_command(commands, "list", help="list the shipped profiles", handler=_list)
    check = add_command(commands, "check", help="check a profile", handler=_check)
    check.add_argument("profile", metavar="P", help="profile file or shipped profile name")
    draft = add_command(commands, "draft", help="draft a profile from an export", handler=_draft)
    draft.add_argument("export", metavar="EXPORT", help="a wide CSV or .xlsx export")
    draft.add_argument("--record-type", metavar="R", help="the record type of its rows")
    draft.add_argument("--name", metavar="N", help="the profile's name")
    draft.add_argument("--out", metavar="FILE", help="write the YAML to FILE")


def _list(args: argparse.Namespace, ctx: Context) -> int:
    rows = []
    for name in bbic_su.importing.shipped_profiles():
        p = bbic_su.importing.load_profile(name)
        sv = ctx.lang == "sv"
        rows.append(
            [
                name,
                ("ja" if sv else "yes") if p.example else ("nej" if sv else "no"),
                str(len(p.files)),
                " ".join((p.description or "").split()),
            ]
        )
    headers = (
        ["namn", "exempel", "filer", "beskrivning"]
        if ctx.lang == "sv"
        else ["name", "example", "files", "description"]
    )
    ctx.print(*table(headers, rows, flex=[3], wrap_last=True))
    return 0


def _check(args: argparse.Namespace, ctx: Context) -> int:
    p = bbic_su.importing.load_profile(args.profile, catalog=ctx.catalog())
    problems = usability_problems(p, ctx.catalog())
    name = Path(args.profile).name
    for problem in problems:
        sys.stderr.write(f"bbic-su: {name}: {problem.message(ctx.lang)} [{problem.code}]\n")
    if problems:
        return 2
    if ctx.lang == "sv":
        ctx.print(f"ok: profilen {p.name} ({len(p.files)} filer)")
    else:
        ctx.print(f"ok: profile {p.name} ({len(p.files)} file maps)")
    return 0


def _draft(args: argparse.Namespace, ctx: Context) -> int:
    d = bbic_su.importing.draft_profile(
        args.export, record_type=args.record_type, name=args.name, catalog=ctx.catalog()
    )
    if args.out:
        Path(args.out).write_text(d.text, encoding="utf-8")
        placed, cols, vals = len(d.placed), len(d.unplaced_columns), len(d.unplaced_values)
        if ctx.lang == "sv":
            ctx.print(
                f"skrev {args.out}: posttyp {d.record_type}, {placed} kolumner placerade "
                "(varje gissning märkt 'review: guessed'; granska och ta sedan bort märkningen)",
                f"ej placerat: {cols} kolumner, {vals} värden (listas sist i filen)",
            )
        else:
            ctx.print(
                f"wrote {args.out}: record type {d.record_type}, {placed} columns placed "
                "(every guess marked 'review: guessed'; check them, then remove the marks)",
                f"not placed: {cols} columns, {vals} values (listed at the end of the file)",
            )
    else:
        ctx.out.write(d.text)
    return 0
