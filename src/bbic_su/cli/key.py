"""``bbic-su key``: make and check pseudonymisation keys.

>>> import tempfile, os
>>> from pathlib import Path
>>> from bbic_su.cli import main
>>> path = Path(tempfile.mkdtemp()) / "nyckel.key"
>>> main(["key", "new", "--out", str(path)])  # doctest: +ELLIPSIS
skrev ...nyckel.key (64 hexadecimala tecken, läsbar bara för ägaren)
0
>>> oct(os.stat(path).st_mode & 0o777)
'0o600'
>>> main(["key", "check", str(path), "--lang", "en"])
the key in nyckel.key is usable
0

* ``key new --out FILE`` writes a new random key (32 bytes from the
  operating system's random source, as 64 hexadecimal characters) to a new
  file that only its owner may read or write (mode 0600). An existing file is
  never overwritten: pseudonyms made with the old key would stop matching.
* ``key check FILE`` says whether a key file holds a usable key (exit 0) or
  why not (one line, exit 2): shorter than 32 bytes, a repeated pattern, a
  run of consecutive characters, too few different characters.

Keep the key file out of every shared folder, version control and e-mail,
with the same care as the identity numbers themselves; make a backup on
encrypted media. Whoever holds the key can test guesses of identity numbers
against the pseudonyms. Give it to ``bbic-su import`` and ``bbic-su
conformance`` with ``--key-file FILE`` or in ``BBIC_SU_PSEUDONYM_KEY``.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

import bbic_su.importing
from bbic_su.cli._common import Context, UsageError, add_command
from bbic_su.importing._keys import write_new_key

if TYPE_CHECKING:
    from bbic_su.cli._common import Subparsers

__all__ = ["register"]


def register(subparsers: Subparsers) -> None:
    """Add ``key new`` and ``key check``."""
    group = add_command(subparsers, "key", help="make and check pseudonymisation keys")
    commands = group.add_subparsers(title="key commands", metavar="KEY_COMMAND", required=True)
    new = add_command(commands, "new", help="write a new random key to a new file", handler=_new)
    new.add_argument("--out", required=True, metavar="FILE", help="the key file to create")
    check = add_command(commands, "check", help="check a key file", handler=_check)
    check.add_argument("file", metavar="FILE", help="the key file")


def _new(args: argparse.Namespace, ctx: Context) -> int:
    try:
        path = write_new_key(args.out)
    except FileExistsError:
        raise UsageError(
            f"{args.out} finns redan; en nyckel skrivs aldrig över"
            if ctx.lang == "sv"
            else f"{args.out} exists; a key is never overwritten"
        ) from None
    if ctx.lang == "sv":
        ctx.print(f"skrev {path} (64 hexadecimala tecken, läsbar bara för ägaren)")
    else:
        ctx.print(f"wrote {path} (64 hexadecimal characters, readable by its owner only)")
    return 0


def _check(args: argparse.Namespace, ctx: Context) -> int:
    bbic_su.importing.load_key(args.file)
    name = Path(args.file).name
    ctx.print(
        f"nyckeln i {name} går att använda" if ctx.lang == "sv" else f"the key in {name} is usable"
    )
    return 0
