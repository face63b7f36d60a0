"""Read spec-data files and structure them strictly into the catalogue model.

>>> from bbic_su.spec._load import read_spec_files, packaged_root
>>> files = read_spec_files(packaged_root())
>>> files.manifest.spec.title_en[:19]
'Reference catalogue'

Each file has a declared shape (the private ``_*File`` classes below plus the
classes of :mod:`bbic_su.spec.model`). Structuring rejects unknown and missing keys,
wrong types and values outside the allowed choices, and raises
:class:`~bbic_su.errors.SpecDataError` naming the file and the key path.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterable, Mapping
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.errors import ForbiddenExtraKeysError, IterableValidationError, IterableValidationNote

from bbic_su.errors import SpecDataError
from bbic_su.spec import model
from bbic_su.spec._root import Root, packaged_root
from bbic_su.spec._yaml import YamlError, load_yaml_text

__all__ = [
    "IdEntry",
    "LocalFile",
    "SpecFiles",
    "packaged_root",
    "read_local_file",
    "read_spec_files",
    "read_yaml",
    "spec_version",
]

_T = TypeVar("_T")
IdEntry = (
    model.StatusInfo
    | model.Source
    | model.Act
    | model.LegalSource
    | model.Phase
    | model.Area
    | model.Kind
    | model.Document
    | model.RecordType
    | model.ValueSet
    | model.Variable
    | model.Measure
    | model.Rule
)
"""An entry with an id, as :func:`iter_entries` yields it."""


@attrs.frozen(kw_only=True)
class _ManifestFile:
    spec: model.SpecInfo
    statuses: tuple[model.StatusInfo, ...]


@attrs.frozen(kw_only=True)
class _SourcesFile:
    sources: tuple[model.Source, ...]
    acts: tuple[model.Act, ...]
    legal_sources: tuple[model.LegalSource, ...]


@attrs.frozen(kw_only=True)
class _StructureFile:
    phases: tuple[model.Phase, ...]
    areas: tuple[model.Area, ...]
    kinds: tuple[model.Kind, ...]
    documents: tuple[model.Document, ...]


@attrs.frozen(kw_only=True)
class _RecordTypesFile:
    record_types: tuple[model.RecordType, ...]


@attrs.frozen(kw_only=True)
class _VariablesFile:
    record_type: str
    variables: tuple[model.Variable, ...]


@attrs.frozen(kw_only=True)
class _MeasuresFile:
    conventions: Mapping[str, Any]
    measures: tuple[model.Measure, ...]


@attrs.frozen(kw_only=True)
class _RulesFile:
    rules: tuple[model.Rule, ...]


@attrs.frozen(kw_only=True)
class LocalCodes:
    """Local answer options added to a national value set."""

    value_set: str
    codes: tuple[model.Code, ...]


@attrs.frozen(kw_only=True)
class LocalFile:
    """A municipality's extension file: local variables, value sets and answer options."""

    name: str | None = None
    description: str | None = None
    variables: tuple[model.Variable, ...] = ()
    value_sets: tuple[model.ValueSet, ...] = ()
    codes: tuple[LocalCodes, ...] = ()


@attrs.frozen(kw_only=True)
class SpecFiles:
    """Everything read from one spec-data folder, with where each entry came from."""

    manifest: _ManifestFile
    sources: _SourcesFile
    structure: _StructureFile
    record_types: _RecordTypesFile
    value_sets: tuple[tuple[str, model.ValueSet], ...]
    variables: tuple[tuple[str, _VariablesFile], ...]
    measures: _MeasuresFile
    rules: _RulesFile
    disclosure: model.Disclosure


def _strict_str(value: Any, _: type) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {type(value).__name__} {value!r}")
    return value


def _strict_int(value: Any, _: type) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"expected an integer, got {type(value).__name__} {value!r}")
    return value


def _strict_bool(value: Any, _: type) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"expected true or false, got {type(value).__name__} {value!r}")
    return value


def _strict_tuple(value: Any, typ: Any) -> tuple[Any, ...]:
    if not isinstance(value, list | tuple):
        raise TypeError(f"expected a list, got {type(value).__name__}")
    args: tuple[Any, ...] = getattr(typ, "__args__", ())
    if len(args) == 2 and args[1] is Ellipsis:
        types = [args[0]] * len(value)
    elif len(value) != len(args):
        raise ValueError(f"expected a list of {len(args)} items, got {len(value)}")
    else:
        types = list(args)
    out: list[Any] = []
    errors: list[Exception] = []
    for i, (item, item_type) in enumerate(zip(value, types, strict=True)):
        try:
            out.append(_CONVERTER.structure(item, item_type))
        except Exception as exc:
            exc.__notes__ = [
                *getattr(exc, "__notes__", []),
                IterableValidationNote(f"Structuring {typ} @ index {i}", i, item_type),
            ]
            errors.append(exc)
    if errors:
        raise IterableValidationError(f"While structuring {typ!r}", errors, typ)
    return tuple(out)


def _format_fault(exc: BaseException, _type: Any) -> str:
    if isinstance(exc, ForbiddenExtraKeysError):
        return (
            f"unknown key(s) {', '.join(sorted(map(str, exc.extra_fields)))} (extra fields found)"
        )
    if isinstance(exc, KeyError):
        return "required key missing"
    text = str(exc)
    literal = re.match(r"^(.*) not in literal typing\.Literal\[(.*)\]$", text)
    if literal:
        return f"{literal.group(1)!r} is not one of {literal.group(2)}"
    return text or type(exc).__name__


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True)
    conv.register_structure_hook(str, _strict_str)
    conv.register_structure_hook(int, _strict_int)
    conv.register_structure_hook(bool, _strict_bool)
    conv.register_structure_hook_func(
        lambda t: getattr(t, "__origin__", None) is tuple, _strict_tuple
    )
    return conv


_CONVERTER = _make_converter()
_PATH_INDEX = re.compile(r"^([A-Za-z_]+)\[(\d+)\]")


def _describe(raw: Any, path: str) -> str:
    """Annotate the first list index of ``path`` with the item's id, for reviewers."""
    m = _PATH_INDEX.match(path)
    if m and isinstance(raw, dict):
        items = raw.get(m.group(1))
        idx = int(m.group(2))
        if isinstance(items, list) and idx < len(items) and isinstance(items[idx], dict):
            ident = items[idx].get("id") or items[idx].get("code")
            if isinstance(ident, str):
                return f"{m.group(0)}<{ident}>{path[m.end() :]}"
    return path


def structure(raw: Any, cls: type[_T], file: str) -> _T:
    """Structure ``raw`` into ``cls`` or raise :class:`SpecDataError` for the first fault."""
    if not isinstance(raw, dict):
        raise SpecDataError(file, "", f"expected a mapping at the top, got {type(raw).__name__}")
    try:
        return _CONVERTER.structure(raw, cls)
    except Exception as exc:  # cattrs wraps faults in exception groups
        messages = cattrs.transform_error(exc, path="$", format_exception=_format_fault)
        messages.sort(key=lambda m: "unknown key" not in m)  # a misspelt key explains the rest
        first = messages[0] if messages else str(exc)
        message, _, path = first.rpartition(" @ ")
        path = path.removeprefix("$").lstrip(".")
        more = f" (and {len(messages) - 1} more fault(s))" if len(messages) > 1 else ""
        raise SpecDataError(file, _describe(raw, path), (message or first) + more) from None


def read_yaml(root: Root, rel: str) -> Any:
    node: Any = root
    for part in rel.split("/"):
        node = node.joinpath(part)
    if not node.is_file():
        raise SpecDataError(rel, "", "file is missing from the spec-data folder")
    try:
        return load_yaml_text(node.read_text(encoding="utf-8"), rel)
    except YamlError as exc:
        raise SpecDataError(rel, "", str(exc).split(": ", 1)[-1]) from None


def _yaml_names(root: Root, folder: str) -> list[str]:
    node = root.joinpath(folder)
    if not node.is_dir():
        raise SpecDataError(folder + "/", "", "folder is missing from the spec-data folder")
    return sorted(p.name for p in node.iterdir() if p.name.endswith(".yaml"))


def read_spec_files(root: Root) -> SpecFiles:
    """Read and structure every file of a spec-data folder.

    Raises:
        SpecDataError: A file is missing, is not valid YAML, or has the wrong shape.
    """
    value_sets = []
    for name in _yaml_names(root, "value_sets"):
        rel = f"value_sets/{name}"
        vs = structure(read_yaml(root, rel), model.ValueSet, rel)
        if name != f"{vs.id}.yaml":
            raise SpecDataError(rel, "id", f"value set {vs.id!r} must live in {vs.id}.yaml")
        value_sets.append((rel, vs))
    variables = []
    for name in _yaml_names(root, "variables"):
        rel = f"variables/{name}"
        vf = structure(read_yaml(root, rel), _VariablesFile, rel)
        variables.append((rel, vf))
    return SpecFiles(
        manifest=structure(read_yaml(root, "manifest.yaml"), _ManifestFile, "manifest.yaml"),
        sources=structure(read_yaml(root, "sources.yaml"), _SourcesFile, "sources.yaml"),
        structure=structure(read_yaml(root, "structure.yaml"), _StructureFile, "structure.yaml"),
        record_types=structure(
            read_yaml(root, "record_types.yaml"), _RecordTypesFile, "record_types.yaml"
        ),
        value_sets=tuple(value_sets),
        variables=tuple(variables),
        measures=structure(read_yaml(root, "measures.yaml"), _MeasuresFile, "measures.yaml"),
        rules=structure(read_yaml(root, "rules.yaml"), _RulesFile, "rules.yaml"),
        disclosure=structure(
            read_yaml(root, "disclosure.yaml"), model.Disclosure, "disclosure.yaml"
        ),
    )


def read_local_file(path: str | os.PathLike[str]) -> LocalFile:
    """Read a municipality's extension file.

    Raises:
        SpecDataError: The file cannot be read or has the wrong shape.
    """
    p = Path(path)
    name = p.name
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise SpecDataError(name, "", f"cannot read file: {exc.strerror}") from None
    except UnicodeDecodeError as exc:
        raise SpecDataError(name, "", f"not UTF-8 text (byte {exc.start + 1})") from None
    try:
        raw = load_yaml_text(text, name)
    except YamlError as exc:
        raise SpecDataError(name, "", str(exc).split(": ", 1)[-1]) from None
    return structure(raw, LocalFile, name)


def root_of(paths: str | os.PathLike[str] | Traversable | None) -> Root:
    """Resolve the ``paths`` argument of :func:`bbic_su.load_catalog` to a folder."""
    if paths is None:
        return packaged_root()
    if isinstance(paths, str | os.PathLike):
        return Path(paths)
    return paths


def iter_entries(files: SpecFiles) -> Iterable[tuple[str, str, IdEntry]]:
    """Yield ``(file, key path, entry)`` for every id-carrying entry (for cross-checks)."""
    m = files.manifest
    yield from (("manifest.yaml", f"statuses[{i}]", s) for i, s in enumerate(m.statuses))
    for sec in ("sources", "acts", "legal_sources"):
        for i, e in enumerate(getattr(files.sources, sec)):
            yield "sources.yaml", f"{sec}[{i}]", e
    for sec in ("phases", "areas", "kinds", "documents"):
        for i, e in enumerate(getattr(files.structure, sec)):
            yield "structure.yaml", f"{sec}[{i}]", e
    for i, e in enumerate(files.record_types.record_types):
        yield "record_types.yaml", f"record_types[{i}]", e
    for rel, vs in files.value_sets:
        yield rel, "", vs
    for rel, vf in files.variables:
        for i, e in enumerate(vf.variables):
            yield rel, f"variables[{i}]", e
    for i, e in enumerate(files.measures.measures):
        yield "measures.yaml", f"measures[{i}]", e
    for i, e in enumerate(files.rules.rules):
        yield "rules.yaml", f"rules[{i}]", e


@functools.cache
def spec_version() -> str:
    """The version of the packaged spec data, read from its manifest only."""
    raw = read_yaml(packaged_root(), "manifest.yaml")
    version = raw.get("spec", {}).get("version") if isinstance(raw, dict) else None
    if not isinstance(version, str):
        raise SpecDataError("manifest.yaml", "spec.version", "missing or not a string")
    return version
