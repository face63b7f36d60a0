"""Mapping profiles: YAML files saying how a case system's export becomes the canonical dataset.

>>> from bbic_su.importing.profile import load_profile, shipped_profiles
>>> {"canonical", "exempel_bred_cp1252", "exempel_lang"} <= set(shipped_profiles())
True
>>> p = load_profile("exempel_lang")
>>> p.example, [f.layout for f in p.files]
(True, ['long'])

A profile (``schema: bbic-su-profile/1``) names, per record type, the file or
sheet that holds it (``files[].file`` glob, ``sheet``), its layout (``wide``:
one row per record; ``long``: one row per record, variable and value), how to
read it (``encoding``, ``delimiter``, ``decimal``, ``header_row``), and maps
columns onto canonical columns (``columns[]``: ``column``, ``variable``,
``kind``, ``values``, ``separator``, ``date_formats``, ``blank``, ``option``,
``derive``, ``optional``) plus ``constants``. Profile-wide ``date_formats``,
``yes_no`` words and ``value_maps`` (per value set) apply to every column;
``kommunkod`` is written on ``barn`` records derived from identity numbers.
Codes and the catalogue's Swedish and English labels are always recognised.
A drafted entry carries ``review: guessed`` and ``score`` (and guessed values
``guessed_values``) until a person has checked it; such a profile loads, but
:func:`~bbic_su.importing._profile_usable.usability_problems` (``bbic-su profile check``)
and the import refuse it. The municipal guide shows a complete annotated profile.

Loading is strict in two steps: the YAML is structured into
:class:`~bbic_su.importing._profile_model.MappingProfile` (unknown or missing keys,
wrong types), then checked against the catalogue (record types, variables,
codes, date formats, derivations). Both raise :class:`ProfileError` naming the
file and key path, e.g. ``p.yaml: files[0].columns[2].variable: ...``.
"""

from __future__ import annotations

import importlib.resources
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from bbic_su._boundary import boundary
from bbic_su.errors import SpecDataError
from bbic_su.importing._profile_check import check_profile, target_variable
from bbic_su.importing._profile_model import SCHEMA, FileMap, MappingProfile, ProfileError
from bbic_su.spec._catalog import Catalog, catalog
from bbic_su.spec._load import structure
from bbic_su.spec._yaml import YamlError, load_yaml_text
from bbic_su.spec.model import Variable

__all__ = [
    "SCHEMA",
    "MappingProfile",
    "ProfileError",
    "canonical_profile_yaml",
    "check_profile",
    "example_exports",
    "load_profile",
    "profile_from_dict",
    "shipped_profiles",
    "target_variable",
]


def _profiles_dir() -> Any:
    return importlib.resources.files("bbic_su").joinpath("profiles")


def shipped_profiles() -> tuple[str, ...]:
    """Names of the profiles shipped with the package (sorted)."""
    return tuple(sorted(p.name[:-5] for p in _profiles_dir().iterdir() if p.name.endswith(".yaml")))


def shipped_profile_path(name: str) -> Any:
    """The packaged file of shipped profile ``name`` (a Traversable)."""
    return _profiles_dir().joinpath(f"{name}.yaml")


def example_exports(name: str) -> list[Path]:
    """The example export files shipped with profile ``name`` (sorted paths).

    Raises:
        ProfileError: ``name`` is not a shipped profile.
    """
    if name not in shipped_profiles():
        raise ProfileError(f"{name}.yaml", "", "not a shipped profile")
    folder = Path(str(_profiles_dir().joinpath("examples", name)))
    return sorted(p for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []


@boundary
def load_profile(
    source: str | os.PathLike[str] | MappingProfile, *, catalog: Catalog | None = None
) -> MappingProfile:
    """Load a profile from a YAML file or by the name of a shipped profile.

    Args:
        source: A path to a ``.yaml`` file, a shipped profile's name, or a profile.
        catalog: The catalogue to check it against (default: the packaged one).

    Raises:
        ProfileError: The file is missing, not valid YAML, has the wrong shape or
            names unknown record types, variables or codes.
    """
    if isinstance(source, MappingProfile):
        check_profile(source, "<profile>", catalog)
        return source
    path = Path(source)
    if path.is_file():
        name = path.name
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise ProfileError(name, "", f"cannot read: {exc}") from None
    elif str(source) in shipped_profiles():
        name = f"{source}.yaml"
        text = shipped_profile_path(str(source)).read_text(encoding="utf-8")
    else:
        hint = ", ".join(shipped_profiles())
        raise ProfileError(
            path.name, "", f"no such profile file, and not a shipped profile ({hint})"
        )
    try:
        raw = load_yaml_text(text, name)
    except YamlError as exc:
        raise ProfileError(name, "", str(exc).split(": ", 1)[-1]) from None
    return profile_from_dict(raw, name, catalog=catalog)


@boundary
def profile_from_dict(
    raw: Any, file: str = "<profile>", *, catalog: Catalog | None = None
) -> MappingProfile:
    """Structure and check a profile given as plain data (what the YAML holds).

    Raises:
        ProfileError: As for :func:`load_profile`.
    """
    try:
        profile = structure(raw, MappingProfile, file)
    except SpecDataError as exc:
        raise ProfileError(
            file, exc.path.removeprefix("$.").removeprefix("$"), exc.message
        ) from None
    check_profile(profile, file, catalog)
    return profile


def fold(text: str) -> str:
    """Case-fold ``text`` and collapse its whitespace (how headers and values are matched).

    >>> fold("  Båda   Föräldrarna ")
    'båda föräldrarna'
    """
    return " ".join(text.split()).casefold()


def all_targets(fm: FileMap, cat: Catalog) -> Mapping[str, Variable | None]:
    """Canonical column to variable (``None`` for key fields) for ``fm``'s record type."""
    rt = cat.record_type(fm.record_type)
    out: dict[str, Variable | None] = dict.fromkeys(rt.key_fields)
    out.update({v.id: v for v in cat.variables_of(rt.id)})
    return out


def canonical_profile_yaml(cat: Catalog | None = None) -> str:
    """The text of the shipped ``canonical`` profile, generated from the catalogue.

    ``profiles/canonical.yaml`` is this text; a test keeps them in step (after a
    catalogue change, write this function's output to that file).
    """
    cat = cat or catalog()
    lines = [
        "# The canonical profile: the identity mapping of bbic-su's own CSV layout",
        "# (one <record_type>.csv per record type, UTF-8, comma-separated, a header of",
        "# variable ids, ISO dates, codes, multi-select codes joined by '|').",
        "# GENERATED by bbic_su.importing.profile.canonical_profile_yaml();",
        "# a test keeps it in step.",
        f"schema: {SCHEMA}",
        "name: canonical",
        "description: >-",
        "  Identity mapping of the canonical CSV dataset written by bbic_su.write_dataset.",
        "example: false",
        "files:",
    ]
    for rt in cat.record_types:
        lines += [
            f"- record_type: {rt.id}",
            f"  file: {rt.id}.csv",
            "  encoding: auto",
            '  delimiter: ","',
            "  columns:",
        ]
        lines += [
            f"  - {{column: {k}, variable: {k}, kind: text, optional: true}}" for k in rt.key_fields
        ]
        lines += [
            f"  - {{column: {v.id}, variable: {v.id}, optional: true}}"
            for v in cat.variables_of(rt.id)
        ]
    return "\n".join(lines) + "\n"
