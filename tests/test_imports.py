"""The package's imports: late imports only for optional dependencies, and no cycles."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import textwrap
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
TOOL = ROOT / "tools" / "check_imports.py"


def _load_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_imports", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


check_imports = _load_tool()

PYPROJECT = """\
[project]
name = "demo"
dependencies = ["pandas>=2", "PyYAML>=6"]

[project.optional-dependencies]
excel = ["openpyxl>=3.1"]
docx = ["python-docx>=1.1"]
test = ["pytest"]

[tool.bbic-su.lazy-imports]
openpyxl = "openpyxl"
docx = "python-docx"
"""


def _tree(tmp_path: Path, files: dict[str, str], pyproject: str = PYPROJECT) -> Path:
    (tmp_path / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    for rel, text in {"__init__.py": "", **files}.items():
        path = tmp_path / "src" / "bbic_su" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return tmp_path


class TestTheTree:
    def test_the_package_is_clean(self) -> None:
        """No late import of anything but an optional dependency, and no import cycle."""
        assert check_imports.check(ROOT) == []

    def test_the_command_passes_on_the_tree(self) -> None:
        """``python tools/check_imports.py`` (run by .ci/run) exits 0 and says why."""
        result = subprocess.run(
            [sys.executable, str(TOOL)], capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, result.stdout
        assert "imports ok" in result.stderr

    def test_the_allowed_late_imports_are_extras(self) -> None:
        """Each late import name belongs to an extra, none to the core dependencies."""
        allowed, errors = check_imports.lazy_imports(ROOT / "pyproject.toml")
        assert errors == []
        assert {"openpyxl", "matplotlib", "docx"} <= set(allowed)
        assert not {"pandas", "pyarrow", "yaml", "numpy", "attrs"} & set(allowed)


class TestLateImports:
    def test_an_internal_import_in_a_function_is_reported(self, tmp_path: Path) -> None:
        """A package module imported inside a function is named with file and line."""
        root = _tree(
            tmp_path,
            {
                "a.py": """\
                def f():
                    from bbic_su.b import g
                    return g
                """,
                "b.py": "g = 1\n",
            },
        )
        [problem] = check_imports.check(root)
        assert problem.startswith("src/bbic_su/a.py:2: import of bbic_su.b inside a function")

    def test_relative_and_standard_library_imports_count(self, tmp_path: Path) -> None:
        """``from . import x`` and ``import hashlib`` inside a method are late imports too."""
        root = _tree(
            tmp_path,
            {
                "a.py": """\
                class C:
                    def m(self):
                        import hashlib
                        from . import b
                        return hashlib, b
                """,
                "b.py": "",
            },
        )
        problems = check_imports.check(root)
        assert [p.split(" inside")[0] for p in problems] == [
            "src/bbic_su/a.py:3: import of hashlib",
            "src/bbic_su/a.py:4: import of bbic_su",
        ]

    def test_optional_dependencies_and_type_checking_are_allowed(self, tmp_path: Path) -> None:
        """Extras listed in pyproject may be imported late; TYPE_CHECKING imports are free."""
        root = _tree(
            tmp_path,
            {
                "a.py": """\
                from typing import TYPE_CHECKING
                if TYPE_CHECKING:
                    from bbic_su.b import g
                def f():
                    import openpyxl
                    from docx.shared import Cm
                    return openpyxl, Cm
                """,
                "b.py": "from bbic_su.a import f\ng = 1\n",
            },
        )
        assert check_imports.check(root) == []

    def test_import_module_counts_and_computed_names_are_reported(self, tmp_path: Path) -> None:
        """``importlib.import_module`` in a function is a late import; a computed name is hidden."""
        root = _tree(
            tmp_path,
            {
                "a.py": """\
                import importlib
                def f(name):
                    return importlib.import_module("bbic_su.b"), importlib.import_module(name)
                """,
                "b.py": "",
            },
        )
        assert [p.split(";")[0] for p in check_imports.check(root)] == [
            "src/bbic_su/a.py:3: import by a computed name",
            "src/bbic_su/a.py:3: import of bbic_su.b inside a function or class",
        ]

    def test_a_deferred_import_needs_its_line_and_a_reason(self, tmp_path: Path) -> None:
        """A module listed with a reason may be imported late; the listing needs the reason."""
        files = {
            "a.py": "def f():\n    from bbic_su.b import g\n    return g\n",
            "b.py": "g = 1\n",
        }
        table = '\n[tool.bbic-su.deferred-imports]\n"bbic_su.b" = "{}"\n'
        root = _tree(tmp_path, files, PYPROJECT + table.format("costs the cold start"))
        assert check_imports.check(root) == []
        root = _tree(tmp_path, files, PYPROJECT + table.format(" "))
        assert check_imports.check(root) == [
            "pyproject.toml: deferred import bbic_su.b gives no reason"
        ]

    def test_a_core_dependency_cannot_be_listed(self, tmp_path: Path) -> None:
        """Listing a core dependency (or a name in no extra) as lazy is itself an error."""
        root = _tree(
            tmp_path,
            {},
            PYPROJECT + 'pandas = "pandas"\nfoo = "foo-dist"\n',
        )
        assert check_imports.check(root) == [
            "pyproject.toml: foo (foo-dist) is in no extra of the package",
            "pyproject.toml: pandas (pandas) is a core dependency, not optional",
        ]


class TestSealedStages:
    def test_a_private_module_of_a_sealed_stage_is_the_stage_s_own(self, tmp_path: Path) -> None:
        """Other stages import a sealed stage's package; the stage itself and the root may not."""
        sealed = '\n[tool.bbic-su]\nsealed-stages = ["bbic_su.rep"]\n'
        root = _tree(
            tmp_path,
            {
                "__init__.py": 'TABLE = {"pool": "bbic_su.rep._pool"}\n',
                "rep/__init__.py": "",
                "rep/_pool.py": "pool = 1\n",
                "rep/_use.py": "from bbic_su.rep._pool import pool\n",
                "demo/__init__.py": "",
                "demo/run.py": "from bbic_su.rep import _pool\nimport bbic_su.rep\n",
            },
            sealed + PYPROJECT,
        )
        assert check_imports.check(root) == [
            "src/bbic_su/demo/run.py:1: import of bbic_su.rep._pool, a private module of the"
            " sealed stage bbic_su.rep; import from bbic_su.rep itself"
        ]

    def test_the_package_s_sealed_stages_exist(self) -> None:
        """Every sealed stage named in pyproject.toml is a stage package of the tree."""
        sealed = check_imports.sealed_stages(ROOT / "pyproject.toml")
        assert sealed
        assert all((ROOT / "src" / Path(*s.split("."))).is_dir() for s in sealed)


class TestCycles:
    def test_a_cycle_through_a_function_level_import_is_found(self, tmp_path: Path) -> None:
        """A cycle hidden by a late import is still a cycle (and the late import is reported)."""
        root = _tree(
            tmp_path,
            {
                "a.py": "from bbic_su.b import g\n",
                "b.py": "def g():\n    from bbic_su import a\n    return a\n",
            },
        )
        problems = check_imports.check(root)
        assert "src/bbic_su/a.py:1: import cycle: bbic_su.a -> bbic_su.b -> bbic_su.a" in problems
        assert len(problems) == 2

    def test_a_package_export_table_is_an_edge(self, tmp_path: Path) -> None:
        """Importing a package whose lazy export table names the importer is a cycle."""
        root = _tree(
            tmp_path,
            {
                "stage/__init__.py": """\
                from bbic_su._exports import lazy
                __getattr__, __dir__ = lazy(
                    __name__, {"helper": "bbic_su.stage.other", "thing": "bbic_su.stage.impl"}
                )
                """,
                "stage/impl.py": "from bbic_su.stage import helper\nthing = helper\n",
                "stage/other.py": "helper = 1\n",
                "_exports.py": "def lazy(name, table):\n    return None, None\n",
            },
        )
        [problem] = check_imports.check(root)
        assert problem.endswith(
            "import cycle: bbic_su.stage -> bbic_su.stage.impl -> bbic_su.stage"
        )

    def test_a_submodule_import_is_an_edge_to_the_submodule(self, tmp_path: Path) -> None:
        """``from pkg import mod`` points at ``pkg.mod``, not at the package's ``__init__``."""
        root = _tree(
            tmp_path,
            {
                "stage/__init__.py": "from bbic_su.stage.impl import thing\n",
                "stage/impl.py": "from bbic_su.stage import other\nthing = 1\n",
                "stage/other.py": "",
            },
        )
        assert check_imports.check(root) == []

    def test_the_graph_lists_edges(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """``--graph`` prints each module with the modules it imports."""
        root = _tree(tmp_path, {"a.py": "import bbic_su.b\n", "b.py": ""})
        assert check_imports.main(["--root", str(root), "--graph"]) == 0
        assert "bbic_su.a -> bbic_su.b" in capsys.readouterr().out.splitlines()


class TestWhatLoads:
    @pytest.mark.slow
    def test_the_command_line_parses_without_pandas(self) -> None:
        """``bbic-su --help`` builds every command's parser; the library loads per command."""
        code = (
            "import sys\n"
            "from bbic_su.cli import build_parser, main\n"
            "build_parser()\n"
            "assert main(['--version']) == 0\n"
            "print(sorted(m for m in ('pandas', 'numpy', 'pyarrow', 'matplotlib', 'openpyxl')"
            " if m in sys.modules))\n"
        )
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        assert out.stdout.splitlines()[-1] == "[]"
