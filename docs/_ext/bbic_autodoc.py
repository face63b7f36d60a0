"""Sphinx extension: autodoc policies that keep the nitpicky API build clean and honest.

- **Private bases are not shown.** ``Bases: _Evidence`` tells a reader nothing and cannot
  be linked (private classes are not documented), so private bases are dropped.
- **Re-exported names resolve to their home.** A stage's package documents the names
  it exports (``docs/_ext/bbic_api.py``), so a reference to the defining module's path
  (``bbic_su.measures.disclosure.suppress``) resolves to where the object is documented
  (``bbic_su.measures.suppress``). ``bbic_su.catalog`` is documented where
  it is defined (``bbic_su.spec.catalog``); the package page lists the re-exports without
  indexing them again (which would make every short reference ambiguous), and a
  reference to a re-exported name is resolved to the defining module, or, when that
  module is private, to the public module that documents the same object.
- **Private names, type variables, type aliases and undocumented constants render as
  text.** A docstring or signature may mention ``bbic_su.expr._evaluate``, a ``TypeVar``
  such as ``R``, an alias such as ``Expr`` or a constant without a doc comment; none of
  them is a documented object, so a reference to one that exists is shown as plain
  text instead of a broken link. Everything else still has to resolve: public
  names must be documented, and external types need intersphinx (see ``conf.py``).
- **Attribute docstrings are prose.** Napoleon reads a first line ``X: Y`` of an
  attribute docstring as "type X, description Y"; our attributes are annotated, so a
  colon in their prose must not turn the first clause into a bogus type.
"""

from __future__ import annotations

import importlib
import types
import typing
from typing import Any


def _drop_private_bases(app: Any, name: str, obj: Any, options: Any, bases: list[Any]) -> None:
    bases[:] = [b for b in bases if not getattr(b, "__name__", "").startswith("_")]


def _looks_like_type(text: str) -> bool:
    # A bare name such as ``int`` is a type; a word such as ``Dataset-wide`` is prose.
    bare = text.strip()
    return any(ch in bare for ch in "[|.(`") or bare.replace("_", "").isalnum()


def _prose_attribute(
    app: Any, what: str, name: str, obj: Any, options: Any, lines: list[str]
) -> None:
    """Undo napoleon's inline-type split when the "type" is really prose (runs after it)."""
    if what != "attribute":
        return
    for i, line in enumerate(lines):
        if line.startswith(":type: ") and not _looks_like_type(line[7:]):
            prose = line[7:].strip()
            del lines[i]
            while lines and not lines[-1].strip():
                lines.pop()
            first = next((j for j, x in enumerate(lines) if x.strip()), None)
            if first is None:
                lines.append(prose)
            else:
                lines[first] = f"{prose}: {lines[first].lstrip()}"
            return


def _lookup(target: str, module: str | None, cls: str | None = None) -> tuple[bool, Any]:
    """Import ``target`` (dotted, or a bare name in ``module``/``cls``); (found, object)."""
    candidates = [target]
    if module:
        candidates.insert(0, f"{module}.{target}")
        if cls:
            candidates.insert(0, f"{module}.{cls}.{target}")
    for dotted in candidates:
        parts = dotted.split(".")
        for i in range(len(parts) - 1, 0, -1):
            try:
                obj: Any = importlib.import_module(".".join(parts[:i]))
            except ImportError:
                continue
            try:
                for attr in parts[i:]:
                    obj = getattr(obj, attr)
            except AttributeError:
                break
            return True, obj
    return False, None


def _is_alias(obj: Any) -> bool:
    if isinstance(obj, typing.TypeVar):
        return True
    if not callable(obj) and not isinstance(obj, types.ModuleType):
        return True  # module-level data: documented only when it has a doc comment
    origin = typing.get_origin(obj)
    return origin is not None and not isinstance(obj, type)


def _resolve_missing(app: Any, env: Any, node: Any, contnode: Any) -> Any:
    if node.get("refdomain") != "py":
        return None
    target = node.get("reftarget", "")
    found, obj = _lookup(target, node.get("py:module"), node.get("py:class"))
    home = f"{getattr(obj, '__module__', '')}.{getattr(obj, '__qualname__', '')}"
    if found and home.startswith("bbic_su."):
        py = env.get_domain("py")
        # The defining module, or else a public module that documents the same object.
        short = home.rsplit(".", 1)[-1]
        others = sorted(
            name
            for name in py.objects
            if name.rsplit(".", 1)[-1] == short and name not in (home, target)
        )
        for candidate in [home, *others] if home != target else others:
            if candidate != home and _lookup(candidate, None)[1] is not obj:
                continue
            resolved = py.resolve_xref(
                env,
                node.get("refdoc", ""),
                app.builder,
                node.get("reftype"),
                candidate,
                node,
                contnode,
            )
            if resolved is not None:
                return resolved
    member = _resolve_member(app, env, node, contnode, target)
    if member is not None:
        return member
    if any(part.startswith("_") and not part.startswith("__") for part in target.split(".")):
        return contnode
    if node.get("reftype") not in ("class", "obj", "data"):
        return None
    if found and _is_alias(obj):
        return contnode
    return None


def _resolve_member(app: Any, env: Any, node: Any, contnode: Any, target: str) -> Any:
    """``<class path>.<member>`` where the class is documented under another path."""
    owner, _, member = target.rpartition(".")
    found, cls = _lookup(owner, node.get("py:module"), node.get("py:class"))
    if not (found and isinstance(cls, type) and cls.__module__.startswith("bbic_su.")):
        return None
    py = env.get_domain("py")
    for name in sorted(n for n in py.objects if n.rsplit(".", 1)[-1] == cls.__name__):
        if _lookup(name, None)[1] is not cls:
            continue
        resolved = py.resolve_xref(
            env,
            node.get("refdoc", ""),
            app.builder,
            node.get("reftype"),
            f"{name}.{member}",
            node,
            contnode,
        )
        if resolved is not None:
            return resolved
    return None


def setup(app: Any) -> dict[str, Any]:
    """Connect the handlers (after napoleon for docstrings)."""
    app.connect("autodoc-process-bases", _drop_private_bases)
    app.connect("autodoc-process-docstring", _prose_attribute, priority=600)
    app.connect("missing-reference", _resolve_missing)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
