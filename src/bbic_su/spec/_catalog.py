"""Load the catalogue: :func:`catalog` (the packaged one, once) and :func:`load_catalog`.

>>> import bbic_su
>>> cat = bbic_su.catalog()
>>> cat is bbic_su.catalog(), cat == bbic_su.load_catalog()
(True, True)
>>> cat.variable("kön")
Traceback (most recent call last):
...
bbic_su.errors.UnknownIdError: unknown variable 'kön'; did you mean 'kon'?

The packaged catalogue comes from a verified cache when one matches the spec files,
the library version and the checking code (:mod:`bbic_su.spec._cache`); otherwise the
YAML is parsed and every check runs, and the result is cached for the next process.
Parsing and checking need YAML, cattrs and the checks (most of a cold start), so the
module doing it (:mod:`bbic_su.spec._full_load`) is imported only when needed.
"""

from __future__ import annotations

import functools
import importlib
import os
from collections.abc import Sequence
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import cast

from bbic_su._boundary import boundary, keywords
from bbic_su.spec import _cache
from bbic_su.spec._catalog_type import Catalog, CatalogIndex, Entry, requirement_id
from bbic_su.spec._root import packaged_root

__all__ = ["Catalog", "CatalogIndex", "Entry", "catalog", "load_catalog", "requirement_id"]


def _load_and_check(root: Traversable | Path, extra: Sequence[str | os.PathLike[str]]) -> Catalog:
    """Parse the YAML and run every check (:mod:`bbic_su.spec._full_load`).

    That module is imported by name, here, on purpose: YAML, cattrs and the checks cost
    more than the whole cold start may take, and only a cache miss, local extensions or
    another spec-data folder need them (``[tool.bbic-su.deferred-imports]``).
    """
    full = importlib.import_module("bbic_su.spec._full_load")
    return cast(Catalog, full.load_and_check(root, extra))


def _is_packaged(root: Traversable | Path) -> bool:
    return str(root) == str(packaged_root())


@keywords("extra")
@boundary
def load_catalog(
    paths: str | os.PathLike[str] | Traversable | None = None,
    *,
    extra: Sequence[str | os.PathLike[str]] = (),
) -> Catalog:
    """Load, check and return a catalogue.

    The packaged catalogue, without extensions, comes from a cache of the checked
    catalogue when one matches the spec files, the library version and the checking
    code (built into the wheel, or written to the user's cache folder by an earlier
    process); ``BBIC_SU_NO_CACHE=1`` makes every call parse and check the YAML.

    Args:
        paths: A spec-data folder (laid out like the packaged ``spec_data``);
            ``None`` for the catalogue shipped with the library.
        extra: A municipality's local extension files (YAML): variables, value
            sets and answer options whose ids start with ``x_``. They are checked
            in full on every call.

    Returns:
        The checked catalogue.

    Raises:
        SpecDataError: A file is malformed, an id is duplicated or not snake_case,
            a reference does not resolve, or a local id collides with a national one.
    """
    root = packaged_root() if paths is None else _root_of(paths)
    if not extra and _is_packaged(root):
        return _packaged()
    return _load_and_check(root, extra)


def _root_of(paths: str | os.PathLike[str] | Traversable) -> Traversable | Path:
    return Path(paths) if isinstance(paths, str | os.PathLike) else paths


def _packaged() -> Catalog:
    """The packaged catalogue: from the wheel's cache, the user's cache or the YAML."""
    root = packaged_root()
    key = _cache.cache_key(root)
    cat = _cache.read_packaged(key) or _cache.read_user(key)
    if cat is None:
        cat = _load_and_check(root, ())
        _cache.write_user(cat, key)
    return cat


@functools.cache
def catalog() -> Catalog:
    """The default catalogue shipped with the library (loaded once, then cached)."""
    return load_catalog()
