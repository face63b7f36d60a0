"""Identity numbers at the border: validation, keyed pseudonyms, derived sex and age.

>>> from bbic_su.importing.privacy import pseudonymise, identity_number, looks_like_personnummer
>>> key = b"an example key of at least 32 bytes, not a real one"
>>> pseudonymise("19900101-0017", key) == pseudonymise("900101-0017", key)
True
>>> len(pseudonymise("19900101-0017", key))
16
>>> n = identity_number("900101-0017")
>>> (n.birth_date.isoformat(), n.sex, n.coordination)
('1990-01-01', 'male', False)
>>> looks_like_personnummer("see 19900101-0017 here"), looks_like_personnummer("2024-01-01")
(True, False)

A personnummer or samordningsnummer (coordination number: day of birth + 60)
is checked with :mod:`stdnum.se.personnummer` (date part and Luhn check digit)
and normalised to its 12 digits (century from the ``+`` sign or the current
date, as the Swedish Tax Agency does). The pseudonym is HMAC-SHA-256 over those
12 ASCII digits with a secret key, truncated to its first 80 bits and written
as 16 lowercase base32 characters (``a``-``z``, ``2``-``7``): the same number
and key always give the same pseudonym, nobody without the key can recompute
it, and for a million children the chance of any collision is about 4e-13.

The key comes from a file (``--key-file``) or the environment variable
``BBIC_SU_PSEUDONYM_KEY``; it is never written anywhere. Keep it with the same
care as the identity numbers: whoever holds it can test guesses.

:func:`looks_like_personnummer` and :func:`find_personnummer` are deliberately
broad scanners (10 or 12 digits, optional ``-``/``+``/space, a plausible date or
coordination-date part, no check-digit test) used to make sure no identity
number leaks into outputs, reports or messages.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import os
import re
from collections.abc import Mapping
from pathlib import Path

import attrs
from stdnum import luhn
from stdnum.exceptions import ValidationError
from stdnum.se import personnummer

from bbic_su._pnr_detect import find
from bbic_su.errors import BbicSuError
from bbic_su.importing import _keys

__all__ = [
    "KEY_ENV",
    "MIN_KEY_BYTES",
    "IdentityNumber",
    "InvalidIdentityNumber",
    "PseudonymKeyError",
    "age_at",
    "check_key",
    "find_personnummer",
    "identity_number",
    "load_key",
    "looks_like_personnummer",
    "pseudonymise",
]

KEY_ENV = "BBIC_SU_PSEUDONYM_KEY"
"""The environment variable a pseudonymisation key may be read from."""
MIN_KEY_BYTES = _keys.MIN_KEY_BYTES
"""A key shorter than this is refused (easy to guess); see :mod:`bbic_su.importing._keys`."""
PSEUDONYM_CHARS = 16
"""Length of a pseudonym: 16 base32 characters = 80 bits of the HMAC."""

_SHAPE = re.compile(r"^(?:[0-9]{2})?[0-9]{6}[-+]?[0-9]{4}$")


class PseudonymKeyError(BbicSuError, ValueError):
    """No usable pseudonymisation key (missing, unreadable, too short); never shows the key."""


class InvalidIdentityNumber(BbicSuError, ValueError):
    """A value is not a valid personnummer or samordningsnummer (the value is never shown)."""


@attrs.frozen
class IdentityNumber:
    """A validated personnummer or samordningsnummer.

    Attributes:
        digits: The normalised 12 digits (century included). Keep it in memory only.
        birth_date: The date of birth (for a samordningsnummer: day minus 60).
        sex: ``"female"`` or ``"male"`` from the second-to-last digit (even = female).
        coordination: True for a samordningsnummer.
    """

    digits: str = attrs.field(repr=False)
    birth_date: dt.date
    sex: str
    coordination: bool


def find_personnummer(text: str) -> list[tuple[int, int]]:
    """Spans ``(start, end)`` of everything in ``text`` shaped like an identity number.

    Broad on purpose: 10 or 12 digits with an optional separator (``-``, ``+``, a
    space) before the last four, a month 01-12 and a day 01-31 (or 61-91,
    samordningsnummer); no Luhn test (see :mod:`bbic_su._pnr_detect`).
    """
    return find(text)


def looks_like_personnummer(text: str) -> bool:
    """True when ``text`` contains anything shaped like a personnummer or samordningsnummer."""
    return bool(find_personnummer(text))


def identity_number(value: str, *, today: dt.date | None = None) -> IdentityNumber:
    """Validate a personnummer or samordningsnummer and return its normalised form.

    Spaces are ignored; ``YYYYMMDD-NNNN``, ``YYYYMMDDNNNN``, ``YYMMDD-NNNN``,
    ``YYMMDD+NNNN`` (100 years or older) and ``YYMMDDNNNN`` are accepted.

    Args:
        value: The number as written.
        today: Used to place the century of a 10-digit number (default: today).

    Raises:
        InvalidIdentityNumber: Wrong shape, impossible date or wrong check digit.
    """
    text = "".join(str(value).split())
    if not _SHAPE.match(text):
        raise InvalidIdentityNumber("not shaped like a personnummer")
    sign = "+" if "+" in text else "-"
    digits = text.replace("-", "").replace("+", "")
    ten = digits[-10:]
    day = int(ten[4:6])
    coordination = day > 60
    try:
        luhn.validate(ten)
    except ValidationError:
        raise InvalidIdentityNumber("wrong check digit") from None
    if coordination:
        day -= 60
    if len(digits) == 12:
        year = int(digits[:4])
    else:
        ref = today or dt.date.today()
        year = (ref.year // 100) * 100 + int(ten[:2])
        if year > ref.year:
            year -= 100
        if sign == "+":
            year -= 100
    try:
        born = dt.date(year, int(ten[2:4]), day)
    except ValueError:
        raise InvalidIdentityNumber("impossible date of birth") from None
    if not coordination:
        try:  # stdnum checks date and check digit once more (it has no samordningsnummer)
            personnummer.validate(f"{year:04d}{ten[2:6]}-{ten[6:]}")
        except ValidationError:
            raise InvalidIdentityNumber("not a valid personnummer") from None
    sex = "male" if int(ten[8]) % 2 else "female"
    return IdentityNumber(f"{year:04d}{ten[2:]}", born, sex, coordination)


def pseudonymise(number: str | IdentityNumber, key: bytes) -> str:
    """The keyed pseudonym of an identity number (16 lowercase base32 characters).

    Args:
        number: A personnummer or samordningsnummer, as text or already validated.
        key: The secret key (at least :data:`MIN_KEY_BYTES` bytes).

    Raises:
        InvalidIdentityNumber: ``number`` is not valid.
        PseudonymKeyError: ``key`` is too short.
    """
    if len(key) < MIN_KEY_BYTES:
        raise PseudonymKeyError(f"the pseudonymisation key must be at least {MIN_KEY_BYTES} bytes")
    ident = number if isinstance(number, IdentityNumber) else identity_number(number)
    mac = hmac.new(key, ident.digits.encode("ascii"), hashlib.sha256).digest()
    return base64.b32encode(mac[:10]).decode("ascii").lower()


def load_key(
    key_file: str | os.PathLike[str] | None = None, *, env: Mapping[str, str] | None = None
) -> bytes:
    """Read the pseudonymisation key from ``key_file`` or the environment.

    The file's bytes are used with surrounding whitespace (e.g. a final newline)
    removed; the environment variable :data:`KEY_ENV` is encoded as UTF-8.

    Raises:
        PseudonymKeyError: Neither is given, the file cannot be read, or the key is
            shorter than :data:`MIN_KEY_BYTES` bytes. The message never contains the key.
    """
    environ = os.environ if env is None else env
    if key_file is not None:
        path = Path(key_file)
        try:
            key = path.read_bytes().strip()
        except OSError as exc:
            raise PseudonymKeyError(f"cannot read key file {path.name}: {exc.strerror}") from None
        where = f"key file {path.name}"
    elif environ.get(KEY_ENV):
        key = environ[KEY_ENV].strip().encode("utf-8")
        where = f"environment variable {KEY_ENV}"
    else:
        raise PseudonymKeyError(
            f"an identity-number column is mapped but no key is given: use --key-file "
            f"or set {KEY_ENV}"
        )
    return check_key(key, f"the key in {where}")


def check_key(key: bytes, where: str = "the key") -> bytes:
    """Return ``key`` if it is long enough and not visibly low in entropy.

    ``bbic-su key new --out FILE`` makes a key that passes.

    Raises:
        PseudonymKeyError: It is shorter than :data:`MIN_KEY_BYTES` bytes, repeats
            a short pattern, is a run like ``abcdef…`` or has too few different
            characters (:func:`bbic_su.importing._keys.weakness`).
    """
    why = _keys.weakness(key)
    if why is not None:
        raise PseudonymKeyError(
            f"{where} is too weak: {why}; make one with 'bbic-su key new --out FILE'"
        )
    return key


def age_at(birth: dt.date, when: dt.date) -> int:
    """Age in whole years on ``when`` (a birthday on 29 February counts from 1 March).

    >>> born = dt.date(2010, 6, 15)
    >>> age_at(born, dt.date(2024, 6, 14)), age_at(born, dt.date(2024, 6, 15))
    (13, 14)
    """
    return when.year - birth.year - ((when.month, when.day) < (birth.month, birth.day))
