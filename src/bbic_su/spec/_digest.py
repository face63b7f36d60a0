"""A content digest of a spec-data folder, so that one spec version names one text.

>>> from bbic_su.spec._digest import spec_digest
>>> from bbic_su.spec._load import packaged_root
>>> d = spec_digest(packaged_root())
>>> len(d), d == spec_digest(packaged_root())
(64, True)

The digest is the SHA-256 over every file of the folder in path order (each
file as its relative path, a NUL, its bytes with CRLF read as LF, a NUL), so it
changes when any value, file name or file changes and is the same on every
operating system. ``tools/spec_digest.py`` records it per spec version in
``tools/spec_digests.json``, and ``tests/test_spec_digest.py`` fails when the
spec data no longer match the digest recorded for their version: a spec-data
change needs a ``spec_version`` bump, a CHANGELOG "Spec data" entry and a new
recorded digest (see ``RELEASING.md``).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from importlib.resources.abc import Traversable
from pathlib import Path

__all__ = ["spec_digest"]


def _files(node: Traversable | Path, prefix: str = "") -> Iterator[tuple[str, bytes]]:
    for child in sorted(node.iterdir(), key=lambda c: c.name):
        rel = f"{prefix}{child.name}"
        if child.name.startswith(".") or child.name == "__pycache__":
            continue
        if child.is_dir():
            yield from _files(child, rel + "/")
        else:
            yield rel, child.read_bytes()


def spec_digest(root: Traversable | str | os.PathLike[str]) -> str:
    """The hex SHA-256 of a spec-data folder's contents (see the module docstring).

    Args:
        root: The spec-data folder (a path or an ``importlib.resources`` node).

    Returns:
        64 lowercase hex digits.
    """
    node = root if isinstance(root, Traversable) else Path(root)
    sha = hashlib.sha256()
    for rel, data in _files(node):
        sha.update(rel.encode("utf-8") + b"\0")
        sha.update(data.replace(b"\r\n", b"\n") + b"\0")
    return sha.hexdigest()
