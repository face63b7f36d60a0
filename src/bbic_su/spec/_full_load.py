"""The full load: parse the spec-data YAML, merge local extensions and run every check.

>>> from bbic_su.spec._full_load import load_and_check
>>> from bbic_su.spec._root import packaged_root
>>> cat = load_and_check(packaged_root())
>>> cat.variable("kon").value_set
'kon'

:mod:`bbic_su.spec._catalog` imports this module only when it needs it (a catalogue
cache miss, local extensions or another spec-data folder): YAML, cattrs and the checks
cost more than the whole cold start of :func:`bbic_su.catalog` may take. Nothing else
imports it, so that deferred import is the only one it stands for.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Sequence

from bbic_su.spec._catalog_type import Catalog
from bbic_su.spec._check import build_catalog
from bbic_su.spec._load import SpecFiles, read_local_file, read_spec_files
from bbic_su.spec._root import Root, packaged_root

__all__ = ["load_and_check"]


@functools.cache
def _packaged_files() -> SpecFiles:
    """The packaged spec files, parsed once (frozen records; extensions are added per call)."""
    return read_spec_files(packaged_root())


def load_and_check(root: Root, extra: Sequence[str | os.PathLike[str]] = ()) -> Catalog:
    """The catalogue of the spec-data folder ``root`` with the extension files ``extra``.

    Raises:
        SpecDataError: A file is malformed or a check fails (file and key path named).
    """
    packaged = str(root) == str(packaged_root())
    files = _packaged_files() if packaged else read_spec_files(root)
    locals_ = [(os.fspath(p), read_local_file(p)) for p in extra]
    return build_catalog(files, locals_)
