r"""Shared pieces of the ``bbic-su`` command: context, registration helper, output formats.

>>> print("\n".join(table(["id", "name"], [["kon", "Kön"], ["fodelsear", "Födelseår"]])))
id         name
---------  ---------
kon        Kön
fodelsear  Födelseår
>>> wrap("Definition:", "a " * 50, width=30)[:2]
['Definition: a a a a a a a a a', '            a a a a a a a a a']

Everything a command prints goes through :class:`Context` (``ctx.out``), so the
in-process tests capture it; text output never exceeds :data:`WIDTH` columns.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import re
import sys
import textwrap
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

import attrs

from bbic_su.errors import BbicSuError, truncate
from bbic_su.spec._catalog import Catalog, catalog, load_catalog, requirement_id

__all__ = [
    "WIDTH",
    "Context",
    "Handler",
    "UnexpectedReadError",
    "UsageError",
    "add_command",
    "dump_json",
    "entry_dict",
    "iso_date",
    "plain",
    "table",
    "truncate",
    "unexpected_as_one_line",
    "wrap",
]

WIDTH = 80
"""The terminal width every table and text output fits in."""
TEXT_WIDTH = 78
"""Where running text (definitions, descriptions) is wrapped."""

if TYPE_CHECKING:
    from typing import TypeAlias

    Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
    """What ``parser.add_subparsers()`` returns; the argument of ``register``."""


class UsageError(Exception):
    """The command line is malformed (raised instead of argparse's exit-with-usage)."""


class _Parser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose errors raise :class:`UsageError` (one line, exit 2)."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


@attrs.define
class Context:
    """What a handler gets besides its arguments: output stream, language and catalogue.

    Attributes:
        lang: ``"sv"`` or ``"en"``; the language of labels where one is chosen.
        extra: Local extension files given with ``--catalog-extra``.
        out: The stream to write to (``sys.stdout`` at the time of the call).
    """

    lang: str = "sv"
    extra: tuple[str, ...] = ()
    out: TextIO = attrs.field(factory=lambda: sys.stdout)
    _catalog: Catalog | None = attrs.field(default=None, init=False)

    def catalog(self) -> Catalog:
        """The catalogue with the local extensions, loaded on first use."""
        if self._catalog is None:
            if self.extra:
                self._catalog = load_catalog(extra=self.extra)
            else:
                self._catalog = catalog()
        return self._catalog

    def print(self, *lines: str) -> None:
        """Write each of ``lines`` followed by a newline."""
        for line in lines:
            self.out.write(line + "\n")


Handler = Callable[[argparse.Namespace, Context], int]
"""A command handler: parsed arguments and context in, exit status out."""


def _global_options(parser: argparse.ArgumentParser, *, top: bool) -> None:
    """Add the global options; on sub-commands they default to ``SUPPRESS``."""
    default: Any = None if top else argparse.SUPPRESS
    parser.add_argument(
        "--catalog-extra",
        dest="catalog_extra" if top else "catalog_extra_late",
        action="append",
        metavar="FILE",
        default=[] if top else default,
        help="a local extension file (YAML; ids start with x_); repeatable",
    )
    parser.add_argument(
        "--lang",
        choices=("sv", "en"),
        default="sv" if top else default,
        help="language of labels (default: sv)",
    )


_ROLE = re.compile(r":[a-z:]+:`~?([^`<]*?)\s*(?:<[^`>]*>)?`")


def plain(text: str) -> str:
    """``text`` without reStructuredText markup, for ``--help`` (no ``PATH`` or ``:mod:``).

    >>> plain("Reads ``PATH`` with :mod:`bbic_su.importing` (see :func:`~bbic_su.validate`).")
    'Reads PATH with bbic_su.importing (see validate).'
    """

    def role(match: re.Match[str]) -> str:
        target = match.group(1)
        return target.rsplit(".", 1)[-1] if match.group(0).count("~") else target

    text = _ROLE.sub(role, text)
    return text.replace("``", "")


def add_command(
    subparsers: Subparsers,
    name: str,
    *,
    help: str,
    handler: Handler | None = None,
    description: str | None = None,
) -> argparse.ArgumentParser:
    """Add a (sub-)command parser that also accepts the global options.

    Args:
        subparsers: From ``parser.add_subparsers()``.
        name: The command word.
        help: One line for the parent's command list.
        handler: The function run for this command; ``None`` for a group that
            only holds sub-commands.
        description: A longer text for ``--help``; defaults to ``help``.

    Returns:
        The new parser, to add arguments (or sub-commands) to.
    """
    parser = subparsers.add_parser(
        name,
        help=plain(help),
        description=plain(description or help),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _global_options(parser, top=False)
    if handler is not None:
        parser.set_defaults(handler=handler)
    return parser


def wrap(label: str, text: str, *, width: int = TEXT_WIDTH, indent: int | None = None) -> list[str]:
    """Wrap ``text`` after ``label`` with a hanging indent; never breaks on hyphens."""
    pad = " " * (len(label) + 1 if indent is None else indent)
    first = f"{label} " if label else pad
    lines = textwrap.wrap(
        " ".join(text.split()),
        width=width,
        initial_indent=first,
        subsequent_indent=pad,
        break_on_hyphens=False,
    )
    return lines or [label]


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    flex: Sequence[int] = (),
    width: int = WIDTH,
    first_max: int = 30,
    wrap_last: bool = False,
    wrapped: Sequence[int] = (),
) -> list[str]:
    """Lay out ``rows`` in columns that fit ``width``.

    Columns in ``flex`` shrink (widest first, down to 8) and their cells are
    truncated with "…", except the columns in ``wrapped`` (and the last one when
    ``wrap_last``): their text is wrapped onto continuation lines, whole words,
    never cut. The first column
    (an id) is never truncated: an id longer than ``first_max`` gets a line of
    its own above the rest of its row.
    """
    cols = len(headers)
    widths = [max([len(headers[i]), *(len(r[i]) for r in rows)]) for i in range(cols)]
    widths[0] = min(widths[0], max(first_max, len(headers[0])))
    gap = 2 if sum(widths) + 2 * (cols - 1) <= width else 1
    while sum(widths) + gap * (cols - 1) > width:
        shrinkable = [i for i in flex if widths[i] > 8]
        if not shrinkable:
            break
        widths[max(shrinkable, key=lambda i: widths[i])] -= 1

    wraps = {*wrapped, *([cols - 1] if wrap_last else [])}

    def line(cells: Sequence[str]) -> str:
        parts = [
            truncate(c, w) if i in flex and i not in wraps else c
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ]
        return (" " * gap).join(p.ljust(w) for p, w in zip(parts, widths, strict=True)).rstrip()

    def lines_of(cells: Sequence[str]) -> list[str]:
        if all(len(cells[i]) <= widths[i] for i in wraps):
            return [line(cells)]
        chunks = {
            i: textwrap.wrap(cells[i], widths[i], break_on_hyphens=False) or [""] for i in wraps
        }
        n = max(len(c) for c in chunks.values())
        return [
            line(
                [
                    chunks[i][k] if i in chunks and k < len(chunks[i]) else (c if k == 0 else "")
                    for i, c in enumerate(cells)
                ]
            )
            for k in range(n)
        ]

    out = [line(headers), line(["-" * w for w in widths])]
    for row in rows:
        if len(row[0]) > widths[0]:
            out.append(row[0])
            out += lines_of(["", *row[1:]])
        else:
            out += lines_of(row)
    return out


_KINDS = {
    "Variable": "variable",
    "ValueSet": "value_set",
    "Measure": "measure",
    "Rule": "rule",
    "RecordType": "record_type",
}


def entry_dict(entry: Any) -> dict[str, Any]:
    """The JSON form of a catalogue entry: its attrs fields plus two keys.

    ``requirement_id`` (e.g. ``BBIC-SU-VAR-kon``) and ``entry_kind``
    (``variable``, ``value_set``, ``measure``, ``rule`` or ``record_type``).
    Tuples become lists; every other key is a field of the model class.
    """
    data = attrs.asdict(entry)
    data["requirement_id"] = requirement_id(entry)
    data["entry_kind"] = _KINDS[type(entry).__name__]
    return data


def dump_json(ctx: Context, data: Any) -> None:
    """Print ``data`` as indented JSON with sorted keys and real (non-escaped) UTF-8."""
    ctx.out.write(json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n")


def iso_date(text: str) -> dt.date:
    """An ``argparse`` type: a ``YYYY-MM-DD`` date."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


class UnexpectedReadError(BbicSuError):
    """An error no reader anticipated: one line naming its type (its text may quote data)."""


@contextlib.contextmanager
def unexpected_as_one_line(action: str) -> Iterator[None]:
    """Turn an unforeseen exception while reading exports into :class:`UnexpectedReadError`.

    A :class:`BbicSuError`, an ``OSError`` or ``KeyboardInterrupt`` passes unchanged; anything
    else becomes one line naming ``action`` and the exception's type, never its message.
    """
    try:
        yield
    except (BbicSuError, OSError, KeyboardInterrupt):
        raise
    except Exception as exc:  # never a traceback, never a message that may quote data
        raise UnexpectedReadError(
            f"cannot {action}: unexpected {type(exc).__name__} while reading the exports"
        ) from None
