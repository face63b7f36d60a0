"""Pseudonymisation keys: how strong one must be, and how to make one.

>>> from bbic_su.importing._keys import MIN_KEY_BYTES, new_key, weakness
>>> key = new_key()
>>> len(key), weakness(key) is None
(64, True)
>>> weakness(b"k" * 40)
'it repeats a short pattern'
>>> weakness(b"abcdefghijklmnopqrstuvwxyz0123456789")
'it is mostly a run of equal or consecutive characters'
>>> weakness(b"short")
'it is shorter than 32 bytes'

A key is refused when it is shorter than :data:`MIN_KEY_BYTES` bytes or
visibly low in entropy: a short pattern repeated, a run such as ``abcdef…``
or ``0123…``, fewer than :data:`MIN_DISTINCT` different bytes, or a byte
distribution poorer than :data:`MIN_BITS_PER_BYTE` bits per byte. These tests
catch the keys people type when asked for one; they cannot prove a key is
secret. A key made by :func:`new_key` (32 random bytes from the operating
system, written as 64 hexadecimal digits) always passes.
"""

from __future__ import annotations

import itertools
import math
import os
import secrets
from collections import Counter
from pathlib import Path

__all__ = [
    "MIN_BITS_PER_BYTE",
    "MIN_DISTINCT",
    "MIN_KEY_BYTES",
    "new_key",
    "weakness",
    "write_new_key",
]

MIN_KEY_BYTES = 32
"""A key shorter than this is refused."""
MIN_DISTINCT = 10
"""A key with fewer different bytes than this is refused."""
MIN_BITS_PER_BYTE = 3.0
"""A key whose bytes, counted, carry less Shannon entropy than this per byte is refused."""


def _period(key: bytes) -> int:
    """The length of the shortest pattern of which ``key`` is a repetition (maybe cut)."""
    n = len(key)
    for p in range(1, n // 2 + 1):
        if key[p:] == key[:-p]:
            return p
    return n


def weakness(key: bytes) -> str | None:
    """Why ``key`` is too weak to be a pseudonymisation key, or ``None`` if it is not."""
    if len(key) < MIN_KEY_BYTES:
        return f"it is shorter than {MIN_KEY_BYTES} bytes"
    if _period(key) <= len(key) // 2:
        return "it repeats a short pattern"
    steps = Counter(b - a for a, b in itertools.pairwise(key))
    if steps.most_common(1)[0][1] >= 0.6 * (len(key) - 1):
        return "it is mostly a run of equal or consecutive characters"
    counts = Counter(key)
    if len(counts) < MIN_DISTINCT:
        return f"it has fewer than {MIN_DISTINCT} different characters"
    bits = -sum(c / len(key) * math.log2(c / len(key)) for c in counts.values())
    if bits < MIN_BITS_PER_BYTE:
        return "its characters are too unevenly spread"
    return None


def new_key() -> bytes:
    """A new random key: 32 bytes from :mod:`secrets`, as 64 lowercase hexadecimal digits."""
    return secrets.token_hex(32).encode("ascii")


def write_new_key(path: str | os.PathLike[str]) -> Path:
    """Write a new key to ``path``, readable and writable by its owner only (mode 0600).

    The file must not exist yet: an existing key is never overwritten (the
    pseudonyms made with it would no longer match).

    Raises:
        FileExistsError: ``path`` exists.
        OSError: It cannot be created.
    """
    target = Path(path)
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(new_key() + b"\n")
    os.chmod(target, 0o600)  # also where the umask or the file system widened it
    return target
