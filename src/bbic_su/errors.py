"""The exception hierarchy of bbic-su: one root, reason-coded subclasses.

>>> from bbic_su.errors import BbicSuError, SpecDataError
>>> err = SpecDataError("variables/barn.yaml", "variables[0].datatype", "unknown datatype 'txt'")
>>> print(err)
variables/barn.yaml: variables[0].datatype: unknown datatype 'txt'
>>> isinstance(err, BbicSuError)
True

Every error bbic-su raises on purpose derives from :class:`BbicSuError`, so a
caller can catch them all with one ``except`` clause. Messages never contain a
personal identity number, a name or a free-text cell.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = [
    "BbicSuError",
    "ConversionError",
    "ExpressionError",
    "PlanError",
    "SpecDataError",
    "UnknownIdError",
]


class BbicSuError(Exception):
    """Root of every exception raised by bbic-su."""


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

    def __str__(self) -> str:
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
