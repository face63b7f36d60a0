"""Run ``bbic-su``: the parser of every command group, and one exit status for every outcome.

>>> from bbic_su.cli._main import COMMANDS, build_parser, main
>>> COMMANDS[:3]
('spec', 'validate', 'importing')
>>> main(["spec", "show", "nothing"])
2

The conventions (global options, output formats, exit statuses) are described in
:mod:`bbic_su.cli`.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, cast

from bbic_su._version import __version__
from bbic_su.cli import (
    conformance,
    demo,
    importing,
    key,
    kravbilaga,
    measures,
    pool,
    profile,
    report,
    schema,
    spec,
    synth,
    validate,
)
from bbic_su.cli._common import Context, UsageError, _global_options, _Parser
from bbic_su.errors import BbicSuError, InternalError, bound_message
from bbic_su.spec._load import spec_version

if TYPE_CHECKING:
    from bbic_su.cli._common import Subparsers

__all__ = ["COMMANDS", "build_parser", "main"]

_GROUPS: dict[str, Callable[[Subparsers], None]] = {
    "spec": spec.register,
    "validate": validate.register,
    "importing": importing.register,
    "profile": profile.register,
    "schema": schema.register,
    "measures": measures.register,
    "synth": synth.register,
    "report": report.register,
    "pool": pool.register,
    "conformance": conformance.register,
    "kravbilaga": kravbilaga.register,
    "demo": demo.register,
    "key": key.register,
}
"""Each command group's ``register``, in the order ``--help`` lists them."""

COMMANDS: tuple[str, ...] = tuple(_GROUPS)
"""Command-group modules under ``bbic_su.cli``, in the order ``--help`` lists them."""

PROG = "bbic-su"
ISSUES_URL = "https://github.com/bbic-su/bbic-su/issues"
"""Where an internal error (exit status 3) should be reported."""
DEBUG_ENV = "BBIC_SU_DEBUG"
"""Set to ``1`` to get the traceback of an internal error (a developer's aid)."""


def _version() -> str:
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
    # the sub-parsers are _Parser instances, seen by the command groups as ArgumentParsers
    subparsers = cast(
        "Subparsers",
        parser.add_subparsers(title="commands", metavar="COMMAND", required=True),
    )
    for register in _GROUPS.values():
        register(subparsers)
    return parser


def _fail(reason: object) -> int:
    text = bound_message(str(reason)) or type(reason).__name__
    sys.stderr.write(f"{PROG}: error: {text}\n")
    return 2


def _internal(where: str, kind: str, exc: BaseException) -> int:
    """One line for a bug: the step and exception type, never the message (it may quote data)."""
    if os.environ.get(DEBUG_ENV) == "1":
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
