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

:func:`contains_many` is the columnar form: it tests each distinct value of an
array once and broadcasts the answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # numpy and pandas are imported by contains_many only
    import numpy as np

__all__ = ["MARK", "PATTERN", "contains", "contains_many", "find", "redact"]

MARK = "[personnummer]"
"""What :func:`redact` puts in place of an identity number (and its quotes)."""

_DAY = r"(?:0[1-9]|[12][0-9]|3[01]|6[1-9]|[78][0-9]|9[01])"
_MONTH = r"(?:0[1-9]|1[0-2])"
_SEP = r"[-+\u2013\u00a0 ]?"
PATTERN = re.compile(rf"(?<![0-9])(?:19|20)?[0-9]{{2}}{_MONTH}{_DAY}{_SEP}[0-9]{{4}}(?![0-9])")
"""The compiled shape of a personnummer or samordningsnummer, as found in text."""
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


def contains_many(values: Iterable[Any]) -> np.ndarray[Any, np.dtype[np.bool_]]:
    """One boolean per value: does it hold an identity number? (columnar; missing is False).

    Each distinct value is tested once and the answer broadcast with ``isin``, so a
    column of a million rows with a few thousand distinct values costs a few
    thousand regex searches.

    >>> contains_many(["a", None, "19900101-0017", "a", 201410114183]).tolist()
    [False, False, True, False, True]
    """
    import numpy as np
    import pandas as pd

    series = values if isinstance(values, pd.Series) else pd.Series(list(values), dtype=object)
    present = series.notna().to_numpy(dtype=bool)
    distinct = pd.unique(series[present].to_numpy(dtype=object))
    hits = [v for v in distinct if PATTERN.search(v if isinstance(v, str) else str(v))]
    if not hits:
        return np.zeros(len(series), dtype=bool)
    result: np.ndarray[Any, np.dtype[np.bool_]] = series.isin(hits).to_numpy(dtype=bool) & present
    return result
