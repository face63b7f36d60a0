"""Which files an import reads and what it refuses: no clear-text identity number, no file twice.

>>> import pandas as pd
>>> from bbic_su.importing._import_guards import IdentityValueError, refuse_identity_values
>>> from bbic_su.importing.profile import load_profile
>>> fm = next(f for f in load_profile("canonical").files if f.record_type == "barn")
>>> refuse_identity_values(pd.DataFrame({"barn_id": ["b1"]}, index=[1]), fm, "barn.csv")
>>> refuse_identity_values(pd.DataFrame({"barn_id": ["20141011 4183"]}, index=[1]), fm,
...                        "barn.csv")  # doctest: +IGNORE_EXCEPTION_DETAIL
Traceback (most recent call last):
IdentityValueError: ...

A key, text or integer column holding a value shaped like a personnummer or
samordningsnummer (:mod:`bbic_su._pnr_detect`) refuses the whole import, naming
the column and the first row, never the value: map it ``kind: identity`` to
pseudonymise it. A file given twice (the same path, or two files with the same
bytes) is refused unless the caller allows duplicates.
"""

from __future__ import annotations

import fnmatch
import hashlib
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from bbic_su.frames._readers import ExportReadError
from bbic_su.importing._pnr_vector import contains_many
from bbic_su.importing._profile_model import FileMap, MappingProfile
from bbic_su.importing.profile import all_targets
from bbic_su.spec._catalog import Catalog
from bbic_su.spec._catalog import catalog as _packaged_catalog

__all__ = ["IdentityValueError", "match_files", "refuse_duplicates", "refuse_identity_values"]


class IdentityValueError(ExportReadError):
    """A key, text or integer column holds values shaped like an identity number."""


def refuse_identity_values(
    out: pd.DataFrame, fm: FileMap, file: str, cat: Catalog | None = None
) -> None:
    """Raise :class:`IdentityValueError` when a clear-text column holds an identity number."""
    targets = all_targets(fm, cat or _packaged_catalog())
    sources = {c.variable: c for c in fm.columns if c.variable is not None}
    for name in out.columns:
        col = sources.get(name)
        if col is not None and col.kind == "identity":
            continue
        var = targets.get(name)
        if name in targets and var is not None and var.datatype not in ("text", "integer"):
            continue
        hits = contains_many(out[name])
        if hits.any():
            row = int(out.index[int(hits.argmax())])
            source = col.column if col is not None else name
            raise IdentityValueError(
                f"{file}: column {source!r} ({name}) holds values shaped like a personnummer "
                f"or samordningsnummer (first at row {row}); mark it 'kind: identity' in the "
                f"profile to pseudonymise them, or leave them out of the export"
            )


def refuse_duplicates(paths: Sequence[Path]) -> None:
    """Raise :class:`ExportReadError` when one file is given twice (same file, or same bytes)."""
    seen: dict[object, Path] = {}
    sizes: dict[int, list[Path]] = {}
    for path in paths:
        try:
            ident: object = path.resolve()
            size = path.stat().st_size
        except OSError:
            continue  # the reader reports a missing file with its own message
        if ident in seen:
            raise ExportReadError(
                f"{path.name}: the same file is given twice; pass allow_duplicates=True "
                f"(--allow-duplicates) to import it twice"
            )
        seen[ident] = path
        sizes.setdefault(size, []).append(path)
    for group in (g for g in sizes.values() if len(g) > 1):
        digests: dict[str, Path] = {}
        for path in group:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            if digest in digests:
                raise ExportReadError(
                    f"{path.name} and {digests[digest].name} hold the same bytes; pass "
                    f"allow_duplicates=True (--allow-duplicates) to import both"
                )
            digests[digest] = path


def match_files(paths: Sequence[Path], profile: MappingProfile) -> list[tuple[Path, FileMap]]:
    """Pair each path with the file maps whose ``file`` glob matches its name.

    Raises:
        ExportReadError: A path matches no file map.
    """
    pairs: list[tuple[Path, FileMap]] = []
    for path in paths:
        found = [
            fm for fm in profile.files if fnmatch.fnmatch(path.name.casefold(), fm.file.casefold())
        ]
        if not found:
            globs = ", ".join(sorted({fm.file for fm in profile.files}))
            raise ExportReadError(
                f"{path.name}: no file map of profile {profile.name!r} "
                f"matches this file name (globs: {globs})"
            )
        pairs.extend((path, fm) for fm in found)
    return pairs
