"""Check the package's imports: no hidden imports, no cycles (run by .ci/run and a test).

Usage: ``python tools/check_imports.py [--root .] [--graph]``; exit 0 when the tree is
clean, 1 with one line per problem otherwise. Standard library only.

Two rules, counted over every module of ``src/bbic_su``:

1. An ``import`` inside a function or a class body (or ``importlib.import_module`` of a
   literal name there) is allowed only for an optional dependency: a top-level import
   name listed in ``[tool.bbic-su.lazy-imports]`` of ``pyproject.toml`` (import name ->
   the distribution an extra installs; a name whose distribution is a core dependency,
   or in no extra, is itself an error). Everything else, the package's own modules and
   the standard library included, is imported at module level, where a reader sees it.
   The one way out is ``[tool.bbic-su.deferred-imports]``: a module named there with
   the reason it must wait (e.g. what it would cost the cold start), reviewed like any
   other line. Imports under ``if TYPE_CHECKING:`` are for the type checker only and are
   not counted. ``importlib.import_module`` of a computed name is reported everywhere
   but in the lazy-export machinery (``bbic_su._exports`` and the root's
   ``__getattr__``), whose tables of module names are literal and counted as edges.
2. The import graph among the package's modules has no cycle. The graph counts every
   import at any level (outside ``if TYPE_CHECKING:``), ``importlib.import_module`` with
   a literal name, and the lazy export tables of package ``__init__`` modules (a dict
   literal whose values name the package's modules: accessing the name imports the
   module). ``import a.b.c`` and ``from a.b import c`` count as edges to the module they
   name: ``a.b.c`` if it is a module, else the package ``a.b`` (its ``__init__``).
   Parent packages that Python imports on the way are not edges.
3. A *sealed* stage (``sealed-stages`` in ``[tool.bbic-su]``) is used by the other
   stages through its package (``from bbic_su.reporting import pool``) or its public
   modules, never through a private one (``bbic_su.reporting._pooling``). The root
   package's export table is exempt: it is the curated façade over every stage.
"""

from __future__ import annotations

import argparse
import ast
import sys
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

PACKAGE = "bbic_su"
CONFIG_TABLE = ("tool", "bbic-su", "lazy-imports")
DEFERRED_TABLE = ("tool", "bbic-su", "deferred-imports")
SEALED_KEY = ("tool", "bbic-su", "sealed-stages")
DYNAMIC_IMPORTERS = frozenset({"bbic_su", "bbic_su._exports"})
"""Modules that may import by a computed name: the lazy exports of the packages, whose
tables of module names count as edges."""


@dataclass
class Module:
    """One module of the package: its name, file, and what it imports."""

    name: str
    path: Path
    is_package: bool
    edges: dict[str, int] = field(default_factory=dict)  # imported module -> first line
    nested: list[tuple[int, str]] = field(default_factory=list)  # (line, imported name)
    computed: list[int] = field(default_factory=list)  # lines importing a computed name


def _is_type_checking(test: ast.expr) -> bool:
    if isinstance(test, ast.Name):
        return test.id == "TYPE_CHECKING"
    return isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"


def _resolve(module: Module, node: ast.ImportFrom) -> str:
    """The absolute name ``from ... import`` refers to."""
    if node.level == 0:
        return node.module or ""
    parts = module.name.split(".")
    base = parts if module.is_package else parts[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


class _Visitor(ast.NodeVisitor):
    """Collects imports with their depth (module level or nested in a def/class)."""

    def __init__(self, module: Module, known: set[str]) -> None:
        self.module = module
        self.known = known
        self.depth = 0

    def _target(self, name: str) -> str | None:
        """The package module ``name`` stands for (the module, or its nearest package)."""
        while name:
            if name in self.known:
                return name
            name = name.rpartition(".")[0]
        return None

    def _edge(self, name: str, line: int) -> None:
        target = self._target(name)
        if target is not None:  # a module importing itself is a cycle too
            self.module.edges.setdefault(target, line)

    def _note_nested(self, name: str, line: int) -> None:
        if self.depth:
            self.module.nested.append((line, name))

    def visit_If(self, node: ast.If) -> None:
        if _is_type_checking(node.test):
            for child in node.orelse:
                self.visit(child)
            return
        self.generic_visit(node)

    def _scoped(self, node: ast.AST) -> None:
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    visit_FunctionDef = visit_AsyncFunctionDef = visit_ClassDef = visit_Lambda = _scoped

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._note_nested(alias.name, node.lineno)
            if alias.name.split(".")[0] == PACKAGE:
                self._edge(alias.name, node.lineno)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        base = _resolve(self.module, node)
        self._note_nested(base, node.lineno)
        if base.split(".")[0] != PACKAGE:
            return
        for alias in node.names:
            full = f"{base}.{alias.name}"
            self._edge(full if full in self.known else base, node.lineno)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name == "import_module" and node.args:
            arg = node.args[0]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                self._note_nested(arg.value, node.lineno)
                self._edge(arg.value, node.lineno)
            else:
                self.module.computed.append(node.lineno)
        self.generic_visit(node)

    def visit_Dict(self, node: ast.Dict) -> None:
        # A package's lazy export table: {"Name": "bbic_su.stage.module", ...}.
        if self.module.is_package and self.depth == 0:
            values = [v.value for v in node.values if isinstance(v, ast.Constant)]
            exports = len(values) == len(node.values) and all(
                isinstance(v, str) and v in self.known for v in values
            )
            for value in values if exports else ():
                self._edge(value, node.lineno)
        self.generic_visit(node)


def load_modules(src: Path) -> dict[str, Module]:
    """Every module under ``src/bbic_su`` with its imports."""
    modules: dict[str, Module] = {}
    for path in sorted((src / PACKAGE).rglob("*.py")):
        parts = list(path.relative_to(src).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts.pop()
        name = ".".join(parts)
        modules[name] = Module(name, path, is_package)
    known = set(modules)
    for module in modules.values():
        tree = ast.parse(module.path.read_text(encoding="utf-8"), str(module.path))
        _Visitor(module, known).visit(tree)
    return modules


def cycles(modules: dict[str, Module]) -> list[list[str]]:
    """One cycle (as a closed path) per strongly connected component with a cycle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def strongconnect(v: str) -> None:  # Tarjan, iterative over the edges
        work: list[tuple[str, Iterator[str]]] = [(v, iter(sorted(modules[v].edges)))]
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        while work:
            node, edges = work[-1]
            for w in edges:
                if w not in index:
                    index[w] = low[w] = len(index)
                    stack.append(w)
                    on_stack.add(w)
                    work.append((w, iter(sorted(modules[w].edges))))
                    break
                if w in on_stack:
                    low[node] = min(low[node], index[w])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        w = stack.pop()
                        on_stack.discard(w)
                        component.append(w)
                        if w == node:
                            break
                    if len(component) > 1 or node in modules[node].edges:
                        components.append(sorted(component))

    for v in sorted(modules):
        if v not in index:
            strongconnect(v)
    return [_a_cycle(modules, set(c), c[0]) for c in sorted(components)]


def _a_cycle(modules: dict[str, Module], component: set[str], start: str) -> list[str]:
    """The shortest path from ``start`` back to itself within ``component``."""
    previous: dict[str, str] = {}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for w in sorted(modules[node].edges):
            if w not in component:
                continue
            if w == start:
                path = [node]
                while path[-1] != start:
                    path.append(previous[path[-1]])
                return [start, *reversed(path[:-1]), start] if node != start else [start, start]
            if w not in previous:
                previous[w] = node
                queue.append(w)
    return [start]  # not reached: a component with a cycle has one through each member


def _table(data: dict[str, object], path: tuple[str, ...]) -> dict[str, str]:
    table: object = data
    for key in path:
        table = table.get(key, {}) if isinstance(table, dict) else {}
    return {str(k): str(v) for k, v in table.items()} if isinstance(table, dict) else {}


def sealed_stages(pyproject: Path) -> list[str]:
    """The stages whose private modules only the stage itself imports."""
    value: object = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    for key in SEALED_KEY:
        value = value.get(key, []) if isinstance(value, dict) else []
    return [str(v) for v in value] if isinstance(value, list) else []


def _stage(name: str) -> str:
    """``bbic_su.<stage>`` of a module name (the root for ``bbic_su`` itself)."""
    return ".".join(name.split(".")[:2])


def _private_below_stage(name: str) -> bool:
    return any(part.startswith("_") for part in name.split(".")[2:])


def deferred_imports(pyproject: Path) -> tuple[dict[str, str], list[str]]:
    """The modules allowed to be imported late for a stated reason, and errors in their table."""
    data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    deferred = _table(data, DEFERRED_TABLE)
    errors = [
        f"pyproject.toml: deferred import {name} gives no reason"
        for name, reason in sorted(deferred.items())
        if not reason.strip()
    ]
    return deferred, errors


def lazy_imports(pyproject: Path) -> tuple[dict[str, str], list[str]]:
    """The optional import names allowed inside functions, and errors in their table."""
    data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    allowed = _table(data, CONFIG_TABLE)
    project = data.get("project", {})
    core = {_dist(req) for req in project.get("dependencies", [])}
    extras = {
        _dist(req)
        for name, reqs in project.get("optional-dependencies", {}).items()
        if name not in {"test", "docs"}
        for req in reqs
    }
    errors = []
    for name, dist in sorted(allowed.items()):
        if _dist(dist) in core:
            errors.append(f"pyproject.toml: {name} ({dist}) is a core dependency, not optional")
        elif _dist(dist) not in extras:
            errors.append(f"pyproject.toml: {name} ({dist}) is in no extra of the package")
    return allowed, errors


def _dist(requirement: str) -> str:
    """The normalised distribution name of a requirement (``"Foo_Bar>=1"`` -> ``foo-bar``)."""
    name = requirement
    for stop in "<>=!~;[ (":
        name = name.split(stop, 1)[0]
    return name.strip().lower().replace("_", "-").replace(".", "-")


def check(root: Path) -> list[str]:
    """Every problem found in the tree at ``root``, one line each (empty when clean)."""
    allowed, problems = lazy_imports(root / "pyproject.toml")
    deferred, errors = deferred_imports(root / "pyproject.toml")
    problems += errors
    modules = load_modules(root / "src")
    for module in modules.values():
        rel = module.path.relative_to(root)
        for line in module.computed if module.name not in DYNAMIC_IMPORTERS else ():
            problems.append(
                f"{rel}:{line}: import by a computed name; import the module by its name"
            )
        for line, name in module.nested:
            parts = name.split(".")
            prefixes = {".".join(parts[: i + 1]) for i in range(len(parts))}
            if parts[0] not in allowed and not prefixes & set(deferred):
                problems.append(
                    f"{rel}:{line}: import of {name} inside a function or class; import it"
                    " at module level (see [tool.bbic-su.lazy-imports] in pyproject.toml)"
                )
    sealed = set(sealed_stages(root / "pyproject.toml"))
    for module in modules.values():
        if module.name == PACKAGE:
            continue
        for target, line in sorted(module.edges.items()):
            stage = _stage(target)
            if stage in sealed and _stage(module.name) != stage and _private_below_stage(target):
                problems.append(
                    f"{module.path.relative_to(root)}:{line}: import of {target}, a private"
                    f" module of the sealed stage {stage}; import from {stage} itself"
                )
    for cycle in cycles(modules):
        first = modules[cycle[0]]
        problems.append(
            f"{first.path.relative_to(root)}:{first.edges[cycle[1]]}: import cycle: "
            + " -> ".join(cycle)
        )
    return problems


def main(argv: list[str] | None = None) -> int:
    """Print the problems; 1 if there are any."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[1])
    parser.add_argument("--graph", action="store_true", help="print the module graph")
    args = parser.parse_args(argv)
    if args.graph:
        for name, module in sorted(load_modules(args.root / "src").items()):
            print(name, "->", " ".join(sorted(module.edges)) or "-")
        return 0
    problems = check(args.root)
    for problem in problems:
        print(problem)
    modules = len(load_modules(args.root / "src"))
    print(
        f"{len(problems)} import problem(s) in {modules} modules"
        if problems
        else f"imports ok: {modules} modules, no cycle, late imports only of optional extras",
        file=sys.stderr,
    )
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
