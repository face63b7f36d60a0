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
``set_defaults(handler=...)``), then add its ``register`` to the groups in
:mod:`bbic_su.cli._main` (which makes :data:`COMMANDS`). A handler has the
signature ``handler(args, ctx) -> int`` (see
:class:`~bbic_su.cli._common.Context`), writes through ``ctx.print`` /
``ctx.out`` and lets :class:`~bbic_su.errors.BbicSuError` propagate: ``main``
turns it into the one-line error. Every command module is imported when the
parser is built, so a command module imports the library's stage *packages*
(``import bbic_su.measures as measures``), whose names load on first use: pandas
is imported by the command that runs, not by ``bbic-su --help``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bbic_su._exports import lazy

if TYPE_CHECKING:
    from bbic_su.cli._main import COMMANDS, build_parser, main

__all__ = ["COMMANDS", "build_parser", "main"]

__getattr__, __dir__ = lazy(
    __name__,
    {
        "COMMANDS": "bbic_su.cli._main",
        "build_parser": "bbic_su.cli._main",
        "main": "bbic_su.cli._main",
    },
)
