"""The exception hierarchy of bbic-su: one root, reason-coded subclasses.

>>> from bbic_su.errors import BbicSuError, SpecDataError
>>> err = SpecDataError("variables/barn.yaml", "variables[0].datatype", "unknown datatype 'txt'")
>>> print(err)
variables/barn.yaml: variables[0].datatype: unknown datatype 'txt'
>>> isinstance(err, BbicSuError)
True

Every error bbic-su raises derives from :class:`BbicSuError`, so a caller can
catch them all with one ``except`` clause; a failure nobody foresaw reaches the
caller as :class:`InternalError` (a bug to report, with the original exception
as ``__cause__``). Messages never contain a personal identity number, a name or
a free-text cell: every message is bounded when it is shown (at most
:data:`MAX_MESSAGE` characters; a word, such as a quoted value, longer than
:data:`MAX_WORD` is cut to an excerpt, a file path at :data:`MAX_PATH`;
anything shaped like a personnummer becomes ``[personnummer]``).

>>> str(PlanError("plan.yaml: unknown variable '" + "x" * 500 + "'"))
"plan.yaml: unknown variable 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxx…(502 characters)"
>>> str(PlanError("unknown code of value set kon '20090823-5633'"))
'unknown code of value set kon [personnummer]'
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from bbic_su._pnr_detect import redact

__all__ = [
    "MAX_MESSAGE",
    "MAX_PATH",
    "MAX_WORD",
    "BbicSuError",
    "ConversionError",
    "DatasetError",
    "ExpressionError",
    "InternalError",
    "KravbilagaError",
    "NoDataError",
    "PlanError",
    "SpecDataError",
    "UnknownIdError",
    "bound_message",
    "truncate",
]

MAX_MESSAGE = 300
"""The longest error message shown, in characters."""
MAX_WORD = 64
"""A longer run of non-blank characters (a quoted value) is cut to an excerpt."""
MAX_PATH = 160
"""A file path (a word holding ``/`` or ``\\``) may be this long before it is cut."""
_EXCERPT = 30
_LONG = re.compile(rf"\S{{{MAX_WORD + 1},}}")


def _excerpt(match: re.Match[str]) -> str:
    word = match.group(0)
    if len(word) <= MAX_PATH and ("/" in word or "\\" in word):
        return word
    return f"{word[:_EXCERPT]}…({len(word)} characters)"


def bound_message(text: str) -> str:
    r"""``text`` made safe to show: one line, identity numbers redacted, long words cut.

    >>> bound_message("line one\nline two")
    'line one line two'
    """
    one_line = " ".join(redact(text).split())
    return truncate(_LONG.sub(_excerpt, one_line), MAX_MESSAGE)


def truncate(text: str, width: int) -> str:
    """Cut ``text`` to ``width`` characters, ending in "…" when cut.

    >>> truncate("Barnets födelseland", 10)
    'Barnets f…'
    """
    if len(text) <= width:
        return text
    return text[: max(width - 1, 0)] + "…"


class BbicSuError(Exception):
    """Root of every exception raised by bbic-su.

    ``str()`` of any subclass is bounded by :func:`bound_message`.
    """

    def __str__(self) -> str:
        return bound_message(self._text())

    def _text(self) -> str:
        """The full message, before it is bounded (subclasses override this, not ``__str__``)."""
        return super().__str__()


class InternalError(BbicSuError, RuntimeError):
    """Something failed that bbic-su did not foresee: a bug, never a problem with the data.

    The message names the failing step and the exception type only (no data);
    the original exception is kept as ``__cause__`` for a developer.

    Args:
        where: The public function or step that failed.
        exc: The original exception.
    """

    def __init__(self, where: str, exc: BaseException) -> None:
        self.where = where
        self.kind = type(exc).__name__
        super().__init__(f"internal error in {where} ({self.kind})")


class SpecDataError(BbicSuError, ValueError):
    """A spec-data file is malformed or refers to something that does not exist.

    Args:
        file: The spec-data file, relative to the ``spec_data`` folder.
        path: The key path inside the file, e.g. ``variables[3].value_set``.
        message: What is wrong.
    """

    def __init__(self, file: str, path: str, message: str) -> None:
        self.file = file
        self.path = path
        self.message = message
        where = f"{file}: {path}" if path else file
        super().__init__(f"{where}: {message}")


class DatasetError(BbicSuError, ValueError):
    """A dataset cannot be read or written at all (missing file, not UTF-8, broken CSV).

    Bad *cells* never raise: they become validation issues.
    """


class NoDataError(DatasetError):
    """The input holds no records of any known record type (exit 2 on the command line)."""


class KravbilagaError(BbicSuError, ValueError):
    """The kravbilaga cannot be written in the requested format."""


class PlanError(BbicSuError, ValueError):
    """A follow-up plan is malformed or names something the catalogue lacks."""


class ExpressionError(BbicSuError, ValueError):
    """A predicate expression cannot be parsed or refers to unknown names.

    Args:
        message: What is wrong.
        text: The expression text.
        position: Character offset of the fault in ``text``, if known.
    """

    def __init__(self, message: str, text: str = "", position: int | None = None) -> None:
        self.message = message
        self.text = text
        self.position = position
        detail = message
        if text:
            detail = f"{message} in {text!r}"
            if position is not None:
                detail += f" at position {position}"
        super().__init__(detail)


class UnknownIdError(BbicSuError, KeyError):
    """An id was looked up in the catalogue and not found.

    The message suggests the closest known ids.

    Args:
        kind: What was looked up, e.g. ``"variable"``.
        key: The id asked for.
        known: The ids that exist.
    """

    def __init__(self, kind: str, key: str, known: Iterable[str]) -> None:
        self.kind = kind
        self.key = key
        self.suggestions = tuple(
            difflib.get_close_matches(key, sorted(set(known)), n=3, cutoff=0.6)
        )
        super().__init__(key)

    def _text(self) -> str:
        text = f"unknown {self.kind} {self.key!r}"
        if self.suggestions:
            text += "; did you mean " + ", ".join(repr(s) for s in self.suggestions) + "?"
        return text


class ConversionError(BbicSuError, ValueError):
    """A record could not be converted; ``errors`` lists ``(path, message)`` pairs.

    Args:
        record_type: The record type being converted.
        errors: One ``(path, message)`` pair per fault, e.g.
            ``("$.kon", "'x' is not a code of value set kon")``.
    """

    def __init__(self, record_type: str, errors: Iterable[tuple[str, str]]) -> None:
        self.record_type = record_type
        self.errors = tuple(errors)
        lines = "; ".join(f"{p}: {m}" for p, m in self.errors)
        super().__init__(f"cannot convert {record_type} record: {lines}")
