"""The ``bbic-su`` command line (also ``python -m bbic_su``).

>>> from bbic_su.cli import main
>>> main(["spec", "show", "kon", "--kind", "variable"])  # doctest: +ELLIPSIS
BBIC-SU-VAR-kon
Kön / Sex
...
0

Conventions shared by every command:

* **Global options** may come before or after the command words:
  ``--catalog-extra FILE`` (repeatable) loads a municipality's local extension
  files into the catalogue, ``--lang sv|en`` picks the language of labels
  (default ``sv``), ``--version`` prints the library and spec versions.
* **Output**: ``--format`` chooses ``table`` (lists) or ``text`` (single
  entries), both fitting an 80-column terminal, or ``json``: UTF-8 text with
  non-ASCII kept as is, sorted keys, indent 2, documented in each command's module.
* **Bare** ``bbic-su`` prints the usage and the list of commands (exit 0);
  ``--help`` text carries no reStructuredText markup.
* **Exit status**: 0 success; 1 the command ran and found problems (e.g.
  validation errors; used by later commands); 2 bad input — a usage error, an
  unknown id or filter, a malformed or unreadable file — reported as ONE line
  ``bbic-su: error: <reason>`` on stderr, never a traceback; 130 interrupted
  (Ctrl-C); 141 stdout closed early (``bbic-su spec list | head``), silently.

Adding a command group: write ``bbic_su/cli/<name>.py`` exposing
``register(subparsers) -> None`` that adds its parsers with
:func:`bbic_su.cli._common.add_command` (which attaches the global options and
``set_defaults(handler=...)``), then add ``"<name>"`` to :data:`COMMANDS`. A
handler has the signature ``handler(args, ctx) -> int`` (see
:class:`~bbic_su.cli._common.Context`), writes through ``ctx.print`` /
``ctx.out`` and lets :class:`~bbic_su.errors.BbicSuError` propagate: ``main``
turns it into the one-line error. Modules are imported when the parser is
built, so keep heavy imports (pandas) inside handlers.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from bbic_su._version import __version__
from bbic_su.cli._common import Context, UsageError, _global_options, _Parser
from bbic_su.errors import BbicSuError

__all__ = ["COMMANDS", "build_parser", "main"]

COMMANDS: tuple[str, ...] = (
    "spec",
    "validate",
    "importing",
    "profile",
    "schema",
    "measures",
    "synth",
    "report",
    "pool",
    "conformance",
    "kravbilaga",
    "demo",
)
"""Command-group modules under ``bbic_su.cli``, in the order ``--help`` lists them."""

PROG = "bbic-su"


def _version() -> str:
    from bbic_su._specload import spec_version

    return f"{PROG} {__version__} (spec {spec_version()})"


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser, with every command group in :data:`COMMANDS` registered."""
    parser = _Parser(
        prog=PROG,
        description="The BBIC follow-up variables (systematisk uppföljning) as executable data.",
        epilog="Exit status: 0 ok, 1 problems found, 2 bad input, 130 interrupted.",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=_version(),
        help="print the library and spec versions and exit",
    )
    _global_options(parser, top=True)
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)
    for name in COMMANDS:
        module = importlib.import_module(f"bbic_su.cli.{name}")
        module.register(subparsers)
    return parser


def _fail(reason: object) -> int:
    text = " ".join(str(reason).split()) or type(reason).__name__
    sys.stderr.write(f"{PROG}: error: {text}\n")
    return 2


def _os_reason(exc: OSError) -> str:
    if exc.filename is not None and exc.strerror:
        return f"{exc.filename}: {exc.strerror}"
    return str(exc)


def _silence_stdout() -> None:
    """Point stdout at devnull so the interpreter's final flush does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # not a real file (e.g. captured in tests)
        pass


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``bbic-su`` with ``argv`` (default ``sys.argv[1:]``) and return the exit status.

    Args:
        argv: The arguments after the program name.

    Returns:
        0 on success, 1 when a command found problems, 2 on bad input, 130
        when interrupted. Errors are printed as one line on stderr.
    """
    try:
        parser = build_parser()
        if not (sys.argv[1:] if argv is None else list(argv)):  # bare `bbic-su`: the usage
            sys.stdout.write(parser.format_help())
            return 0
        args = parser.parse_args(argv)
        extra = [*args.catalog_extra, *getattr(args, "catalog_extra_late", [])]
        ctx = Context(lang=args.lang, extra=tuple(extra), out=sys.stdout)
        status: int = args.handler(args, ctx)
        sys.stdout.flush()
    except SystemExit as exc:  # --help and --version
        return exc.code if isinstance(exc.code, int) else 0
    except UsageError as exc:
        return _fail(exc)
    except BrokenPipeError:  # e.g. `bbic-su spec list | head`: stop quietly
        _silence_stdout()
        return 141
    except BbicSuError as exc:
        return _fail(exc)
    except OSError as exc:
        return _fail(_os_reason(exc))
    except KeyboardInterrupt:
        sys.stderr.write("\n")
        return 130
    return status
