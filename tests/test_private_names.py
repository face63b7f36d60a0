"""Typing discipline of the sources: few ``type: ignore``, each with its reason; no reach-ins.

A reach-in is a name with a leading underscore imported from another module of the
package (``from bbic_su.x import _helper``): a name shared between modules gets a public
(non-underscore) name where it is defined, even in a private module. Importing a private
*module* (``from bbic_su.importing import _keys``) is not a reach-in.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "bbic_su"
GENERATED = {SRC / "spec" / "codes.py", SRC / "spec" / "records.py"}
IGNORE = re.compile(r"#\s*type:\s*ignore\b")
MAX_IGNORES = 5

# (module, private name) still imported from other modules, each owned by a part of
# issue #23 under way when this test was written. The list may only shrink: a new
# reach-in fails the test (wherever the importing code moves).
KNOWN_REACH_INS = {
    # a private base class shared by the model modules of one layer (hidden from docs)
    ("bbic_su.spec._model_base", "_Evidence"),
    # owned by the imports part (late imports moved to module level, dataset split)
    ("bbic_su.cli._common", "_Parser"),
    ("bbic_su.cli._common", "_global_options"),
    ("bbic_su.frames.dataset", "_cell_text"),
    ("bbic_su.frames.dataset", "_frame_of"),
    ("bbic_su.frames.derivation", "_empty"),
    ("bbic_su.frames._io_excel", "_openpyxl"),
    ("bbic_su.importing._mapping", "_age"),
    ("bbic_su.measures.disclosure", "_groups"),
    ("bbic_su.measures.disclosure", "_pick"),
    ("bbic_su.measures.disclosure", "_protect"),
    ("bbic_su.reporting", "_need"),
    ("bbic_su.reporting._aggregate_package", "_now"),
    # owned by the results part (one findings factory)
    ("bbic_su.validation._rules", "_Builder"),
}


def _sources() -> list[Path]:
    return [p for p in sorted(SRC.rglob("*.py")) if p not in GENERATED]


def _reach_ins(rel: str, source: str) -> set[tuple[str, str, str]]:
    """``(file, module, name)`` for each private name ``source`` imports from the package."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.ImportFrom) or not (node.module or "").startswith("bbic_su"):
            continue
        module = node.module or ""
        for alias in node.names:
            name = alias.name
            if not name.startswith("_") or name.startswith("__"):
                continue
            target = SRC.parent.joinpath(*module.split("."), name)
            if target.with_suffix(".py").is_file() or target.is_dir():
                continue  # a private module of the package, not a private name
            found.add((rel, module, name))
    return found


def test_type_ignores_are_few_and_each_gives_its_reason() -> None:
    ignores = []
    for path in _sources():
        lines = path.read_text(encoding="utf-8").splitlines()
        for i, line in enumerate(lines):
            if IGNORE.search(line):
                ignores.append((path.relative_to(SRC.parent).as_posix(), i + 1))
                comment = line.split("#", 1)[1]
                before = lines[i - 1].strip() if i else ""
                has_reason = re.search(
                    r"type:\s*ignore\[[^\]]+\]\s*#\s*\S", comment
                ) is not None or before.startswith("#")
                assert has_reason, f"{path.name}:{i + 1}: say why the ignore is needed"
    assert len(ignores) <= MAX_IGNORES, ignores


def test_no_new_reach_ins_into_private_names() -> None:
    found: set[tuple[str, str, str]] = set()
    for path in _sources():
        rel = path.relative_to(SRC.parent).as_posix()
        found |= _reach_ins(rel, path.read_text(encoding="utf-8"))
    new = sorted(r for r in found if r[1:] not in KNOWN_REACH_INS)
    assert not new, new


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from bbic_su.spec._load import _helper\n", {"_helper"}),
        ("def f():\n    from bbic_su.spec._load import _helper\n", {"_helper"}),
        ("from bbic_su.spec._load import read_yaml\n", set()),
        ("from bbic_su.importing import _keys\n", set()),  # a private module
        ("from os import _exit\n", set()),  # not the package
    ],
)
def test_the_reach_in_check_finds_private_names_only(source: str, expected: set[str]) -> None:
    assert {name for _, _, name in _reach_ins("probe.py", source)} == expected
