"""The built distributions carry the spec data, pass twine, and import from anywhere."""

from __future__ import annotations

import shutil
import subprocess
import sys
import warnings
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


def _check_dist(*args: str) -> subprocess.CompletedProcess[str]:
    return _run([sys.executable, str(ROOT / "tools" / "check_dist.py"), "--tree", str(ROOT), *args])


@pytest.fixture(scope="module")
def dists(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sdist, a wheel built from it, and (in ``direct/``) a wheel built from the tree."""
    out = tmp_path_factory.mktemp("dist")
    for extra in ([], ["--wheel", "--outdir", str(out / "direct")]):
        result = _run(
            [
                sys.executable,
                "-m",
                "build",
                "--no-isolation",
                "--outdir",
                str(out),
                *extra,
                str(ROOT),
            ]
        )
        assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    return out


def test_distributions_match_the_tree(dists: Path) -> None:
    """Both wheels carry every spec-data and package file once, byte for byte, and nothing else."""
    wheels = [next(dists.glob("bbic_su-*.whl")), next((dists / "direct").glob("bbic_su-*.whl"))]
    sdist = next(dists.glob("bbic_su-*.tar.gz"))
    result = _check_dist(*map(str, wheels), "--sdist", str(sdist))
    assert result.returncode == 0, result.stdout
    names = set(zipfile.ZipFile(wheels[0]).namelist())
    spec_files = [p.relative_to(ROOT).as_posix() for p in (ROOT / "spec_data").rglob("*.yaml")]
    assert len(spec_files) > 30
    assert {f"bbic_su/{rel}" for rel in spec_files} <= names
    assert {"bbic_su/py.typed", "bbic_su/spec/codes.py", "bbic_su/spec/records.py"} <= names
    assert not any(n.startswith(("tests/", "tools/", "docs/", "benchmarks/")) for n in names)


def test_sdist_carries_sources_and_spec(dists: Path) -> None:
    """The sdist has spec data at its root and the licence (so a wheel builds from it)."""
    import tarfile

    sdist = next(dists.glob("bbic_su-*.tar.gz"))
    with tarfile.open(sdist) as archive:
        names = archive.getnames()
    assert any(n.endswith("/spec_data/manifest.yaml") for n in names)
    assert any(n.endswith("/LICENSE") for n in names)
    assert not any("/src/bbic_su/spec_data" in n for n in names)


def test_twine_check_passes(dists: Path) -> None:
    """The metadata and README render on the package index."""
    files = [str(p) for p in dists.rglob("bbic_su-*") if p.is_file()]
    result = _run([sys.executable, "-m", "twine", "check", "--strict", *files])
    assert result.returncode == 0, result.stdout + result.stderr


def test_wheel_works_from_any_directory(dists: Path, tmp_path: Path) -> None:
    """An unpacked wheel loads the catalogue from its own files, away from the checkout."""
    wheel = next(dists.glob("bbic_su-*.whl"))
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = (
        "import bbic_su, bbic_su.spec._load as s\n"
        "print(len(bbic_su.catalog().variables), bbic_su.__file__, s.packaged_root())"
    )
    result = _run(
        [sys.executable, "-c", code], cwd=elsewhere, env={"PYTHONPATH": str(site), "PATH": ""}
    )
    assert result.returncode == 0, result.stderr
    count, location, spec_root = result.stdout.split()
    assert int(count) >= 50
    assert location.startswith(str(site))
    assert spec_root == str(site / "bbic_su" / "spec_data")


def test_wheel_works_as_a_zip_import(dists: Path, tmp_path: Path) -> None:
    """The wheel file itself on ``sys.path`` (zipimport): spec data come through importlib.resources."""
    wheel = next(dists.glob("bbic_su-*.whl"))
    code = (
        "import bbic_su, bbic_su.spec._load as s\n"
        "root = s.packaged_root()\n"
        "assert type(root).__module__.startswith('zipfile'), type(root)\n"
        "print(len(bbic_su.catalog().rules), bbic_su.SPEC_VERSION)"
    )
    result = _run(
        [sys.executable, "-c", code], cwd=tmp_path, env={"PYTHONPATH": str(wheel), "PATH": ""}
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.split()[0]) > 20


def _copy_tree(dest: Path) -> Path:
    listed = _run(["git", "-C", str(ROOT), "ls-files", "-z"]).stdout.split("\0")
    for rel in filter(None, listed):
        src = ROOT / rel
        if src.is_file() and not src.is_symlink():
            target = dest / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, target)
    _run(["git", "init", "-q", str(dest)])
    _run(["git", "-C", str(dest), "add", "-A"])
    return dest


def _build_wheel(tree: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return _run(
        [
            sys.executable,
            "-m",
            "build",
            "--no-isolation",
            "--wheel",
            "--outdir",
            str(out),
            str(tree),
        ]
    )


def test_spec_data_left_out_of_the_wheel_turns_ci_red(tmp_path: Path) -> None:
    """A wheel without spec data builds, and the distribution check CI runs rejects it."""
    tree = _copy_tree(tmp_path / "tree")
    pyproject = tree / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    mapping = '"spec_data" = "bbic_su/spec_data"'
    assert mapping in text
    pyproject.write_text(text.replace(mapping, ""), encoding="utf-8")
    result = _build_wheel(tree, tmp_path / "out")
    assert result.returncode == 0, result.stderr[-2000:]
    wheel = next((tmp_path / "out").glob("*.whl"))
    check = _run(
        [sys.executable, str(ROOT / "tools/check_dist.py"), "--tree", str(tree), str(wheel)]
    )
    assert check.returncode == 1
    assert "bbic_su/spec_data/manifest.yaml is missing" in check.stdout


def test_a_duplicate_spec_data_path_turns_ci_red(tmp_path: Path) -> None:
    """The old symlink beside the mapping (spec data packed twice) fails the build from the tree."""
    tree = _copy_tree(tmp_path / "tree")
    (tree / "src/bbic_su/spec_data").symlink_to("../../spec_data")
    result = _build_wheel(tree, tmp_path / "out")
    assert result.returncode != 0
    assert "second file is being added" in result.stdout + result.stderr


def test_the_check_rejects_a_doubled_or_changed_member(dists: Path, tmp_path: Path) -> None:
    """A member packed twice, or changed, or an unexpected file, is named by the check."""
    wheel = next(dists.glob("bbic_su-*.whl"))
    bad = tmp_path / wheel.name
    shutil.copy(wheel, bad)
    with zipfile.ZipFile(bad, "a") as archive, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate name on purpose
        archive.writestr("bbic_su/spec_data/rules.yaml", b"changed")
        archive.writestr("tests/test_x.py", b"")
    check = _check_dist(str(bad))
    assert check.returncode == 1
    assert "bbic_su/spec_data/rules.yaml is packed 2 times" in check.stdout
    assert "tests/test_x.py is not a file of the package or spec_data" in check.stdout


_NO_YAML = (
    "import sys, bbic_su\n"
    "n = len(bbic_su.catalog().variables)\n"
    "print(n, sorted(m for m in ('yaml', 'cattrs', 'pandas') if m in sys.modules))\n"
)


@pytest.mark.parametrize("how", ["unpacked", "zip"])
def test_the_wheel_loads_its_catalogue_from_the_built_cache(
    dists: Path, tmp_path: Path, how: str
) -> None:
    """From the wheel, the first catalog() reads the verified cache: no YAML, no cattrs."""
    wheel = next(dists.glob("bbic_su-*.whl"))
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    where = str(site) if how == "unpacked" else str(wheel)
    user_cache = tmp_path / "user-cache"
    env = {"PYTHONPATH": where, "PATH": "", "BBIC_SU_CACHE_DIR": str(user_cache)}
    result = _run([sys.executable, "-c", _NO_YAML], cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    count, imported = result.stdout.split(maxsplit=1)
    assert int(count) >= 50
    assert imported.strip() == "[]"
    assert not user_cache.exists()  # nothing written: the wheel's own cache was valid


def test_the_check_rejects_a_stale_catalogue_cache(dists: Path, tmp_path: Path) -> None:
    """A wheel whose cache does not match its spec data and code fails the distribution check."""
    wheel = next(dists.glob("bbic_su-*.whl"))
    bad = tmp_path / wheel.name
    name = "bbic_su/spec/_catalog_cache.json"
    with zipfile.ZipFile(wheel) as src, zipfile.ZipFile(bad, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == name:
                head, _, body = data.partition(b"\n")
                data = head.replace(b'"key": "', b'"key": "0') + b"\n" + body
            dst.writestr(info, data)
    check = _check_dist(str(bad))
    assert check.returncode == 1
    assert "the catalogue cache is not used" in check.stdout
    without = tmp_path / "without" / wheel.name
    without.parent.mkdir()
    with zipfile.ZipFile(wheel) as src, zipfile.ZipFile(without, "w") as dst:
        for info in src.infolist():
            if info.filename != name:
                dst.writestr(info, src.read(info))
    check = _check_dist(str(without))
    assert f"{name} is missing" in check.stdout
