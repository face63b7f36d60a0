"""One detector of identity-number-shaped text for everything that may reach an output.

>>> from bbic_su._pnr_detect import contains, redact
>>> [contains(t) for t in ("20141011 4183", "141011-4183", "x201410114183.csv", "2024-01-01")]
[True, True, True, False]
>>> redact("okänd kod '20090823-5633' i kon")
'okänd kod [personnummer] i kon'

The detector is broad on purpose (a false alarm costs a redacted word, a miss
leaks a person): 10 or 12 digits, the date part ``[CC]YYMMDD`` with a month
01-12 and a day 01-31 (or 61-91 for a samordningsnummer), then an optional
separator (none, ``-``, ``+``, en dash, one space or a no-break space) and four
digits; no check-digit test, and the number may sit inside a longer word, a
column name, a file name or a sentence, as long as no digit touches it.
Validation of an identity number (century, check digit) lives in
:mod:`bbic_su.importing.privacy`; this module only finds shapes.

The columnar form, for whole columns, is
:func:`bbic_su.importing._pnr_vector.contains_many`. This module imports nothing
but the standard library: every error message passes through :func:`redact`.
"""

from __future__ import annotations

import re

__all__ = ["MARK", "PATTERN", "PREFILTER", "contains", "find", "redact"]

MARK = "[personnummer]"
"""What :func:`redact` puts in place of an identity number (and its quotes)."""

_DAY = r"(?:0[1-9]|[12][0-9]|3[01]|6[1-9]|[78][0-9]|9[01])"
_MONTH = r"(?:0[1-9]|1[0-2])"
_SEP = "[-+\u2013\u00a0 ]?"  # the characters themselves ("-" first): read alike by re and RE2
PATTERN = re.compile(rf"(?<![0-9])(?:19|20)?[0-9]{{2}}{_MONTH}{_DAY}{_SEP}[0-9]{{4}}(?![0-9])")
"""The compiled shape of a personnummer or samordningsnummer, as found in text."""
PREFILTER = f"[0-9]{{6}}{_SEP}[0-9]{{4}}"
"""A looser shape, in syntax Python's :mod:`re` and RE2 (Arrow's regular expressions) both
read: it matches wherever :data:`PATTERN` does (no date or digit-boundary checks), so a
columnar scan can keep only the values it matches and search those with :data:`PATTERN`."""
_QUOTED = re.compile(rf"(['\"]?){PATTERN.pattern}\1")


def find(text: str) -> list[tuple[int, int]]:
    """Spans ``(start, end)`` of everything in ``text`` shaped like an identity number.

    >>> find("a 19900101 0017 b")
    [(2, 15)]
    """
    return [m.span() for m in PATTERN.finditer(text)]


def contains(text: object) -> bool:
    """True when ``text`` (any value; non-text is written out first) holds an identity number."""
    if text is None:
        return False
    return PATTERN.search(text if isinstance(text, str) else str(text)) is not None


def redact(text: str) -> str:
    """``text`` with every identity number (with the quotes around it) replaced by :data:`MARK`."""
    return _QUOTED.sub(MARK, text)
