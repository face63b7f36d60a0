"""The built distributions carry the spec data, pass twine, and import from anywhere."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _run(args: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, check=False, **kwargs)  # type: ignore[call-overload,no-any-return]


def test_import_is_lean() -> None:
    code = (
        "import sys, bbic_su\n"
        "assert 'pandas' not in sys.modules, 'import bbic_su imported pandas'\n"
        "assert len(bbic_su.catalog().variables) >= 50\n"
        "assert 'pandas' not in sys.modules, 'loading the catalogue imported pandas'\n"
        "print('ok')\n"
    )
    result = _run([sys.executable, "-c", code])
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


@pytest.fixture(scope="module")
def dists(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    result = _run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(ROOT)]
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    return out


def test_wheel_contains_every_spec_file(dists: Path) -> None:
    wheel = next(dists.glob("bbic_su-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    spec_files = [
        p.relative_to(ROOT / "spec_data").as_posix() for p in (ROOT / "spec_data").rglob("*.yaml")
    ]
    assert spec_files
    for rel in spec_files:
        assert f"bbic_su/spec_data/{rel}" in names
    assert "bbic_su/py.typed" in names
    assert not any(n.startswith(("tests/", "tools/", "docs/")) for n in names)


def test_sdist_carries_sources_and_spec(dists: Path) -> None:
    import tarfile

    sdist = next(dists.glob("bbic_su-*.tar.gz"))
    with tarfile.open(sdist) as archive:
        names = archive.getnames()
    assert any(n.endswith("/spec_data/manifest.yaml") for n in names)
    assert any(n.endswith("/LICENSE") for n in names)


def test_twine_check_passes(dists: Path) -> None:
    result = _run([sys.executable, "-m", "twine", "check", "--strict", *map(str, dists.iterdir())])
    assert result.returncode == 0, result.stdout + result.stderr


def test_wheel_works_from_any_directory(dists: Path, tmp_path: Path) -> None:
    wheel = next(dists.glob("bbic_su-*.whl"))
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = "import bbic_su; print(len(bbic_su.catalog().variables)); print(bbic_su.__file__)"
    result = _run(
        [sys.executable, "-c", code], cwd=elsewhere, env={"PYTHONPATH": str(site), "PATH": ""}
    )
    assert result.returncode == 0, result.stderr
    count, location = result.stdout.split()
    assert int(count) >= 50
    assert location.startswith(str(site))
