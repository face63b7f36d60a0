"""Smoke tests for the installed package: every stage and the CLI, as a user runs them.

`.ci/run` copies ``tests/`` out of the checkout and runs ``pytest -m smoke`` there, in a
fresh virtual environment into which only the built wheel (with ``[all]``) was installed,
with ``BBIC_SU_CHECKOUT`` naming the checkout: the package must then come from the
environment, never from ``src/``. In the development environment the same tests run as
part of the whole suite.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import bbic_su

pytestmark = pytest.mark.smoke


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("bbic-su", path=str(Path(sys.executable).parent)) or "bbic-su"
    return subprocess.run(
        [exe, *args], cwd=cwd, capture_output=True, text=True, check=False, timeout=600
    )


def test_package_comes_from_the_environment() -> None:
    """Outside the development tree, bbic_su and its spec data come from site-packages."""
    from bbic_su.spec._load import packaged_root

    checkout = os.environ.get("BBIC_SU_CHECKOUT")
    location = Path(bbic_su.__file__).resolve()
    if checkout:
        assert not location.is_relative_to(Path(checkout).resolve()), location
        assert str(packaged_root()).startswith(str(location.parent))
    assert packaged_root().joinpath("manifest.yaml").is_file()


def test_catalogue_and_spec_cli(tmp_path: Path) -> None:
    """The catalogue loads, and `spec list`/`spec show` print it."""
    cat = bbic_su.catalog()
    assert len(cat.variables) >= 50
    assert cat.spec.version == bbic_su.SPEC_VERSION
    listed = _cli("spec", "list", "--format", "json", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert json.loads(listed.stdout)["count"] == len(cat.variables)
    shown = _cli("spec", "show", "m_mal_uppnatt", cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    version = _cli("--version", cwd=tmp_path)
    assert bbic_su.__version__ in version.stdout


def test_the_first_catalogue_skips_yaml(tmp_path: Path) -> None:
    """A fresh process gets the checked catalogue without parsing YAML: from the cache built
    into the wheel (installed package), else from the user cache of an earlier process."""
    env = {**os.environ, "BBIC_SU_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("BBIC_SU_NO_CACHE", None)
    code = (
        "import sys, bbic_su\n"
        "n = len(bbic_su.catalog().variables)\n"
        "print(n, 'yaml' in sys.modules or 'cattrs' in sys.modules)\n"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=False,
            env=env,
            cwd=tmp_path,
            timeout=120,
        )
        for _ in range(2)
    ]
    assert all(r.returncode == 0 for r in runs), runs[-1].stderr
    assert runs[1].stdout.split() == [str(len(bbic_su.catalog().variables)), "False"]
    if os.environ.get("BBIC_SU_CHECKOUT"):  # the installed wheel: its own cache, from the start
        assert runs[0].stdout.split()[1] == "False"
        assert not (tmp_path / "cache").exists()


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small canonical dataset and a vendor-style export of it, written by the CLI."""
    out = tmp_path_factory.mktemp("synth")
    canonical = _cli("synth", "--children", "120", "--seed", "3", "--out", "ds", cwd=out)
    assert canonical.returncode == 0, canonical.stderr
    export = _cli(
        "synth", "--children", "120", "--seed", "3", "--profile", "exempel_komplett",
        "--out", "export", cwd=out,
    )  # fmt: skip
    assert export.returncode == 0, export.stderr
    return out


def test_read_validate_measure(synthetic: Path) -> None:
    """Read, validate and compute from Python; the CLI gives the same verdict."""
    ds = bbic_su.read_dataset(synthetic / "ds")
    rep = bbic_su.validate(ds)
    summary = rep.summary()
    assert summary["rows"]["barn"]["read"] == 120
    table = bbic_su.compute(ds).to_frame()
    assert len(table) > 0
    cli = _cli("validate", "ds", "--format", "json", cwd=synthetic)
    assert cli.returncode in (0, 1), cli.stderr
    assert json.loads(cli.stdout)["summary"]["by_code"] == summary["by_code"]
    measures = _cli("measures", "ds", "--format", "csv", cwd=synthetic)
    assert measures.returncode == 0, measures.stderr


def test_import_and_conformance(synthetic: Path, tmp_path: Path) -> None:
    """A vendor-style export imports with the shipped profile and passes conformance."""
    env_key = {"BBIC_SU_PSEUDONYM_KEY": "smoke-test key for an installed wheel: Mx7Qr2Vt9 Lp4"}
    os.environ.update(env_key)
    try:
        profile = bbic_su.load_profile("exempel_komplett")
        files = sorted((synthetic / "export").glob("*.csv"))
        ds, report = bbic_su.import_export(files, profile, key=env_key["BBIC_SU_PSEUDONYM_KEY"])
        assert report.rows_imported == report.rows_read > 0
        assert len(ds.frames["barn"]) == 120
        conf = _cli(
            "conformance", "export", "--profile", "exempel_komplett", "--format", "json",
            "--out", str(tmp_path / "conf.json"), cwd=synthetic,
        )  # fmt: skip
    finally:
        for name in env_key:
            os.environ.pop(name, None)
    assert conf.returncode in (0, 1), conf.stderr
    assert json.loads((tmp_path / "conf.json").read_text(encoding="utf-8"))


def test_schemas_and_report(synthetic: Path, tmp_path: Path) -> None:
    """JSON Schema and the report (workbook and HTML) are written from the installed data."""
    schema = bbic_su.json_schema("barn")
    assert schema["$schema"].startswith("https://json-schema.org/")
    rep = _cli(
        "report", "ds", "--out", str(tmp_path / "r.xlsx"), "--html", str(tmp_path / "r.html"),
        "--measure", "m_mal_uppnatt", cwd=synthetic,
    )  # fmt: skip
    assert rep.returncode == 0, rep.stderr
    assert (tmp_path / "r.xlsx").stat().st_size > 0
    assert "<html" in (tmp_path / "r.html").read_text(encoding="utf-8").lower()


def test_bad_input_is_one_line_and_exit_2(tmp_path: Path) -> None:
    """A missing dataset gives one line on stderr and exit 2, no traceback."""
    result = _cli("validate", "finns-inte", cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
