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
  ``bbic-su: error: <reason>`` on stderr, never a traceback; 3 an internal
  error (a bug in bbic-su, not in the data): one line naming the step and the
  exception type only, and where to report it (``BBIC_SU_DEBUG=1`` prints the
  traceback); 130 interrupted (Ctrl-C); 141 stdout closed early
  (``bbic-su spec list | head``), silently.
* **Any console**: text that the console's encoding cannot show (``LC_ALL=C``,
  ``PYTHONIOENCODING=ascii``, a Windows code page) is written with replacement
  characters instead of failing; files are always written as UTF-8.

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
import contextlib
import importlib
import os
import sys
from collections.abc import Sequence

from bbic_su._version import __version__
from bbic_su.cli._common import Context, UsageError, _global_options, _Parser
from bbic_su.errors import BbicSuError, InternalError, bound_message

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
    "key",
)
"""Command-group modules under ``bbic_su.cli``, in the order ``--help`` lists them."""

PROG = "bbic-su"
ISSUES_URL = "https://github.com/bbic-su/bbic-su/issues"
"""Where an internal error (exit status 3) should be reported."""
DEBUG_ENV = "BBIC_SU_DEBUG"
"""Set to ``1`` to get the traceback of an internal error (a developer's aid)."""


def _version() -> str:
    from bbic_su.spec._load import spec_version

    return f"{PROG} {__version__} (spec {spec_version()})"


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser, with every command group in :data:`COMMANDS` registered."""
    parser = _Parser(
        prog=PROG,
        description="The BBIC follow-up variables (systematisk uppföljning) as executable data.",
        epilog="Exit status: 0 ok, 1 problems found, 2 bad input, 3 internal error, "
        "130 interrupted.",
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
    text = bound_message(str(reason)) or type(reason).__name__
    sys.stderr.write(f"{PROG}: error: {text}\n")
    return 2


def _internal(where: str, kind: str, exc: BaseException) -> int:
    """One line for a bug: the step and exception type, never the message (it may quote data)."""
    if os.environ.get(DEBUG_ENV) == "1":
        import traceback

        traceback.print_exception(exc, file=sys.stderr)
    sys.stderr.write(
        f"{PROG}: internal error in {where} ({kind}); a bug in bbic-su, not in your data: "
        f"please report it at {ISSUES_URL} with the command you ran (never the data)\n"
    )
    return 3


def _console_safe() -> None:
    """Let stdout and stderr write what the console cannot encode as replacement characters."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):  # a detached or closed stream
                reconfigure(errors="replace")


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
        0 on success, 1 when a command found problems, 2 on bad input, 3 on an
        internal error, 130 when interrupted. Errors are printed as one line on
        stderr, never as a traceback.
    """
    _console_safe()
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
    except InternalError as exc:
        return _internal(exc.where, exc.kind, exc)
    except BbicSuError as exc:
        return _fail(exc)
    except OSError as exc:
        return _fail(_os_reason(exc))
    except KeyboardInterrupt:
        sys.stderr.write("\n")
        return 130
    except Exception as exc:  # not foreseen: a bug; its message may quote data
        return _internal(PROG, type(exc).__name__, exc)
    return status
