r"""A verified cache of the checked catalogue, so that a fresh process skips YAML and checks.

>>> import bbic_su
>>> from bbic_su.spec._cache import decode, encode
>>> cat = bbic_su.catalog()
>>> decode(encode(cat, key="k"), key="k") == cat
True
>>> decode(encode(cat, key="k"), key="another key") is None
True

YAML stays the source of truth. A cache file holds one catalogue that passed every
check, keyed by :func:`cache_key`: the SHA-256 over the spec-data files (each file's
relative path and bytes, in sorted path order), the library version and the source
of the modules that read, model and check the catalogue (``bbic_su.spec`` and
``bbic_su.expr``). Any change to a spec file, to the library version or to the checking
code gives another key, so a stale file is never used.

Two places are tried, in order:

1. the cache built into the wheel (``bbic_su/spec/_catalog_cache.json``, written by
   ``hatch_build.py`` when the wheel is built, after a full load and check);
2. the user's cache folder (``$BBIC_SU_CACHE_DIR``, else ``$XDG_CACHE_HOME/bbic-su``,
   ``~/.cache/bbic-su``, ``~/Library/Caches/bbic-su`` on macOS,
   ``%LOCALAPPDATA%\bbic-su\Cache`` on Windows), written atomically after a full load.

``BBIC_SU_NO_CACHE=1`` turns both off (every load parses and checks the YAML).

**Format.** The file is JSON, not pickle: a first line with the format, the key and the
SHA-256 of the rest, then the catalogue as plain JSON. Reading it cannot run code, and
:func:`decode` rebuilds the frozen model classes strictly from their annotations: an
unknown or missing key, a wrong type or a value outside a ``Literal`` rejects the whole
file. A file that is truncated, edited, from another version or not ours is ignored,
never trusted, and the catalogue is loaded and checked from YAML instead. On POSIX the
user cache is read only from a file and folder owned by the user and writable by no
one else. Local extensions (``load_catalog(extra=...)``) and other spec-data folders
are never cached: they are checked in full on every load.
"""

from __future__ import annotations

import hashlib
import importlib.resources
import json
import os
import sys
import types
import typing
from collections.abc import Callable, Mapping
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import attrs

from bbic_su._version import __version__
from bbic_su.spec._catalog_type import Catalog
from bbic_su.spec._digest import spec_digest

__all__ = [
    "FORMAT",
    "PACKAGED_NAME",
    "cache_key",
    "decode",
    "encode",
    "read_packaged",
    "read_user",
    "user_cache_dir",
    "write_user",
]

FORMAT = "bbic-su-catalog/1"
"""The cache format; a new layout gets a new number (and so new keys)."""

PACKAGED_NAME = "_catalog_cache.json"
"""The file name of the cache built into the wheel, next to this module."""

_KEEP = 8
"""How many user cache files to keep (one per library version or checkout state)."""

_Decoder = Callable[[Any], Any]


class _Invalid(Exception):
    """The cache does not have the catalogue's shape (never leaves this module)."""


_CODE_FOLDERS = ("spec", "expr")
"""The subpackages whose source shapes a checked catalogue (model, reader, checks, rules)."""


def _code_files(package: Traversable | Path) -> list[tuple[str, bytes]]:
    out: list[tuple[str, bytes]] = []
    for folder in _CODE_FOLDERS:
        node = package.joinpath(folder)
        if node.is_dir():
            files = [c for c in node.iterdir() if c.name.endswith(".py") and c.is_file()]
            out += [(f"{folder}/{c.name}", c.read_bytes()) for c in files]
    return sorted(out)


def cache_key(root: Traversable | Path, *, code: Traversable | Path | None = None) -> str:
    """The key of the catalogue read from the spec-data folder ``root`` (64 hex digits).

    Args:
        root: The spec-data folder.
        code: The ``bbic_su`` package folder whose source is hashed (the installed one
            when ``None``; the build passes the source tree's).
    """
    package = importlib.resources.files("bbic_su") if code is None else code
    sha = hashlib.sha256()
    sha.update(f"{FORMAT}\0{__version__}\0{spec_digest(root)}\0".encode())
    for name, data in _code_files(package):
        sha.update(name.encode() + b"\0" + data.replace(b"\r\n", b"\n") + b"\0")
    return sha.hexdigest()


def encode(cat: Catalog, *, key: str) -> bytes:
    """The cache file for ``cat`` under ``key``: a header line, then the catalogue as JSON."""
    data = attrs.asdict(cat, filter=lambda a, _: a.init)
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    header = {"format": FORMAT, "key": key, "sha256": hashlib.sha256(body).hexdigest()}
    return json.dumps(header).encode() + b"\n" + body


def decode(blob: bytes, *, key: str) -> Catalog | None:
    """The catalogue in a cache file, or ``None`` when the file is not a valid cache for ``key``.

    Args:
        blob: The file's bytes.
        key: The key the caller expects (see :func:`cache_key`).
    """
    head, sep, body = blob.partition(b"\n")
    try:
        header = json.loads(head)
        if not sep or not isinstance(header, dict) or set(header) != {"format", "key", "sha256"}:
            return None
        if header["format"] != FORMAT or header["key"] != key:
            return None
        if hashlib.sha256(body).hexdigest() != header["sha256"]:
            return None
        cat = _decoder(Catalog)(json.loads(body))
    except (ValueError, TypeError, _Invalid, RecursionError):
        return None
    return cat if isinstance(cat, Catalog) else None


def _fail(message: str) -> typing.NoReturn:
    raise _Invalid(message)


def _scalar(kind: type) -> _Decoder:
    def check(value: Any) -> Any:
        if type(value) is not kind:
            _fail(f"expected {kind.__name__}")
        return value

    return check


def _any(value: Any) -> Any:
    return value  # a free-form field (``Mapping[str, Any]``) holds JSON data as it is


def _decoder(tp: Any) -> _Decoder:
    """A strict decoder from JSON data to the type ``tp`` (memoised per type)."""
    cached = _DECODERS.get(tp)
    if cached is None:
        cached = _DECODERS[tp] = _make(tp)
    return cached


def _make(tp: Any) -> _Decoder:
    if tp is Any:
        return _any
    if tp in (str, int, bool, float):
        return _scalar(tp)
    if tp is type(None):
        return lambda v: v if v is None else _fail("expected null")
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is typing.Literal:
        allowed = frozenset(args)
        return lambda v: v if type(v) is str and v in allowed else _fail("not an allowed value")
    if origin in (types.UnionType, typing.Union):
        return _union(args)
    if origin is tuple:
        return _tuple(args)
    if origin is Mapping or origin is dict:
        return _mapping(args[1])
    if attrs.has(tp):
        return _attrs_class(tp)
    raise TypeError(f"the catalogue cache cannot hold {tp!r}")  # a new model type: extend _make


def _union(args: tuple[Any, ...]) -> _Decoder:
    optional = type(None) in args
    rest = [a for a in args if a is not type(None)]
    if len(rest) != 1:
        raise TypeError(f"the catalogue cache cannot hold the union {args!r}")
    inner = _decoder(rest[0])
    if optional:
        return lambda v: None if v is None else inner(v)
    return inner


def _tuple(args: tuple[Any, ...]) -> _Decoder:
    if len(args) == 2 and args[1] is Ellipsis:
        item = _decoder(args[0])

        def homogeneous(value: Any) -> tuple[Any, ...]:
            if type(value) is not list:
                _fail("expected a list")
            return tuple(map(item, value))

        return homogeneous
    items = [_decoder(a) for a in args]

    def fixed(value: Any) -> tuple[Any, ...]:
        if type(value) is not list or len(value) != len(items):
            _fail(f"expected a list of {len(items)}")
        return tuple(d(v) for d, v in zip(items, value, strict=True))

    return fixed


def _mapping(value_type: Any) -> _Decoder:
    item = _decoder(value_type)

    def mapping(value: Any) -> dict[str, Any]:
        if type(value) is not dict:
            _fail("expected an object")
        return {k: item(v) for k, v in value.items()}  # JSON keys are always strings

    return mapping


def _hints(cls: type) -> dict[str, Any]:
    """The field types of ``cls``, each annotation evaluated once per module and text.

    Like :func:`typing.get_type_hints`, at a fraction of its cost on a cold start (the
    model's annotations are strings, and most of them repeat: ``str``, ``str | None``).
    """
    hints: dict[str, Any] = {}
    for klass in reversed(cls.__mro__):
        namespace = vars(sys.modules[klass.__module__])
        for name, annotation in vars(klass).get("__annotations__", {}).items():
            if isinstance(annotation, str):
                key = (klass.__module__, annotation)
                if key not in _EVALUATED:  # the model's own source, as get_type_hints does
                    _EVALUATED[key] = eval(annotation, namespace)
                annotation = _EVALUATED[key]
            hints[name] = annotation
    return hints


def _attrs_class(cls: type) -> _Decoder:
    hints = _hints(cls)
    fields = [f for f in attrs.fields(cls) if f.init]
    names = frozenset(f.name for f in fields)
    # decoders are built on first use: a class may refer to itself through its fields
    plan: list[tuple[str, _Decoder]] = []

    def decode_instance(value: Any) -> Any:
        if type(value) is not dict or value.keys() != names:
            _fail(f"expected the fields of {cls.__name__}")
        if not plan:
            plan.extend((f.name, _decoder(hints[f.name])) for f in fields)
        return cls(**{name: dec(value[name]) for name, dec in plan})

    return decode_instance


_DECODERS: dict[Any, _Decoder] = {}
_EVALUATED: dict[tuple[str, str], Any] = {}


def packaged_path() -> Traversable:
    """Where the cache built into the wheel sits (next to this module, also in a zip)."""
    return importlib.resources.files("bbic_su.spec").joinpath(PACKAGED_NAME)


def _disabled() -> bool:
    return os.environ.get("BBIC_SU_NO_CACHE", "").strip() not in ("", "0")


def read_packaged(key: str) -> Catalog | None:
    """The catalogue cached in the wheel, if there is one and it is valid for ``key``."""
    if _disabled():
        return None
    try:
        blob = packaged_path().read_bytes()
    except OSError:
        return None
    return decode(blob, key=key)


def user_cache_dir() -> Path | None:
    """The user's cache folder for bbic-su (``None`` when turned off or unknown)."""
    if _disabled():
        return None
    explicit = os.environ.get("BBIC_SU_CACHE_DIR")
    if explicit:
        return Path(explicit)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return Path(base, "bbic-su", "Cache") if base else None
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg) and sys.platform != "darwin":
        return Path(xdg, "bbic-su")
    try:
        home = Path.home()
    except RuntimeError:  # no home folder (a service account)
        return None
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / "bbic-su"
    return home / ".cache" / "bbic-su"


def _file_name(key: str) -> str:
    return f"catalog-{key}.json"


def _private(path: Path) -> bool:
    """On POSIX: owned by this user and writable by no one else (elsewhere: always true)."""
    if not hasattr(os, "getuid"):
        return True
    st = path.stat()
    return st.st_uid == os.getuid() and not st.st_mode & 0o022


def read_user(key: str) -> Catalog | None:
    """The catalogue in the user cache for ``key``, if present, private and valid."""
    folder = user_cache_dir()
    if folder is None:
        return None
    path = folder / _file_name(key)
    try:
        if not (_private(folder) and _private(path)):
            return None
        blob = path.read_bytes()
    except (OSError, RuntimeError):
        return None
    return decode(blob, key=key)


def write_user(cat: Catalog, key: str) -> Path | None:
    """Write ``cat`` to the user cache atomically; the path, or ``None`` when not written.

    A cache that cannot be written (read-only home, no space, turned off) is skipped
    silently: it only saves time. The oldest files beyond the last eight are removed.
    """
    folder = user_cache_dir()
    if folder is None:
        return None
    blob = encode(cat, key=key)
    if decode(blob, key=key) != cat:  # a value JSON cannot hold: never cache a lossy copy
        return None
    target = folder / _file_name(key)
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(folder):
            return None
        tmp = folder / f".catalog-{os.getpid()}-{os.urandom(6).hex()}.tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(blob)
            os.replace(tmp, target)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        _prune(folder, keep=target)
    except (OSError, RuntimeError):
        return None
    return target


def _prune(folder: Path, keep: Path) -> None:
    files = sorted(folder.glob("catalog-*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in [p for p in files if p != keep][_KEEP - 1 :]:
        old.unlink(missing_ok=True)
