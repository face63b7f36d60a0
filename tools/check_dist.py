"""Check built distributions against the source tree: what users install is what we test.

Usage (as `.ci/run` and RELEASING.md call it):

    python tools/check_dist.py --tree . dist/*.whl dist/direct/*.whl --sdist dist/*.tar.gz

For every wheel:
- every file of ``spec_data/`` is present once, as ``bbic_su/spec_data/<path>``, byte-identical;
- every file git tracks under ``src/bbic_su/`` is present once and byte-identical
  (``py.typed``, the generated ``codes.py`` and ``records.py``, the shipped profiles);
- the files the build generates (:data:`GENERATED`: the verified catalogue cache that
  ``hatch_build.py`` writes) are present, and the cache is valid for the wheel's own
  spec data and code (loaded from the unpacked wheel in a fresh interpreter);
- nothing else is packed beside the package: no tests, tools, benchmarks or docs, no
  ``__pycache__``, no symlinks, no archive member twice;
- ``RECORD`` lists every member.
The sdist must carry ``spec_data/``, ``src/``, the licence and the README, and no symlink.
When two or more wheels are given (one built from the tree, one from the sdist), their
members and contents must be the same.

Exit status: 0 when every check passes, 1 with one line per problem otherwise.
"""

from __future__ import annotations

import argparse
import stat
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from collections import Counter
from pathlib import Path

PACKAGE = "bbic_su"
GENERATED = frozenset({f"{PACKAGE}/spec/_catalog_cache.json"})
"""Wheel members written by the build (hatch_build.py), not tracked in the tree."""

_CACHE_CHECK = (
    "import sys\n"
    "sys.path.insert(0, sys.argv[1])\n"
    "from bbic_su.spec import _cache, _root\n"
    "assert _cache.__file__.startswith(sys.argv[1]), _cache.__file__\n"
    "key = _cache.cache_key(_root.packaged_root())\n"
    "raise SystemExit(0 if _cache.read_packaged(key) is not None else 1)\n"
)


def tree_files(root: Path) -> dict[str, bytes]:
    """The wheel members the tree should produce (path in the wheel -> content)."""
    listed = subprocess.run(
        ["git", "-C", str(root), "ls-files", "-z", "--", "spec_data", f"src/{PACKAGE}"],
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    expected: dict[str, bytes] = {}
    for raw in filter(None, listed):
        rel = raw.decode("utf-8")
        path = root / rel
        if path.is_symlink() or not path.is_file():
            continue
        if rel.startswith("spec_data/"):
            expected[f"{PACKAGE}/{rel}"] = path.read_bytes()
        else:
            expected[rel.removeprefix("src/")] = path.read_bytes()
    return expected


def check_wheel(wheel: Path, expected: dict[str, bytes]) -> list[str]:
    """Problems with one wheel, as lines (empty when it is right)."""
    problems: list[str] = []
    with zipfile.ZipFile(wheel) as archive:
        infos = archive.infolist()
        names = [i.filename for i in infos]
        for name, count in sorted(Counter(names).items()):
            if count > 1:
                problems.append(f"{wheel.name}: {name} is packed {count} times")
        members = {i.filename: i for i in infos if not i.is_dir()}
        dist_info = [n for n in members if n.split("/", 1)[0].endswith(".dist-info")]
        for name in sorted(set(members) - set(dist_info)):
            info = members[name]
            if stat.S_ISLNK(info.external_attr >> 16):
                problems.append(f"{wheel.name}: {name} is a symlink")
            if name in GENERATED:
                continue
            if name not in expected:
                problems.append(f"{wheel.name}: {name} is not a file of the package or spec_data")
            elif archive.read(name) != expected[name]:
                problems.append(f"{wheel.name}: {name} differs from the tree")
        for name in sorted((set(expected) | GENERATED) - set(members)):
            problems.append(f"{wheel.name}: {name} is missing")
        record = next((n for n in dist_info if n.endswith("/RECORD")), None)
        if record is None:
            problems.append(f"{wheel.name}: no RECORD")
        else:
            recorded = {
                line.split(",", 1)[0]
                for line in archive.read(record).decode("utf-8").splitlines()
                if line
            }
            for name in sorted(set(members) - recorded):
                problems.append(f"{wheel.name}: {name} is not listed in RECORD")
        if not problems:
            problems += check_cache(wheel, archive)
    return problems


def check_cache(wheel: Path, archive: zipfile.ZipFile) -> list[str]:
    """The wheel's catalogue cache is used when the unpacked wheel loads its catalogue."""
    with tempfile.TemporaryDirectory() as tmp:
        archive.extractall(tmp)
        done = subprocess.run(
            [
                sys.executable,
                "-I",
                "-c",
                _CACHE_CHECK,
                tmp,
            ],
            capture_output=True,
            text=True,
            check=False,
            cwd=tmp,
        )
    if done.returncode != 0:
        why = done.stderr.strip().splitlines()[-1:] or ["not valid for its spec data and code"]
        return [f"{wheel.name}: the catalogue cache is not used: {why[0]}"]
    return []


def check_same(wheels: list[Path]) -> list[str]:
    """Problems when wheels built two ways (tree, sdist) do not carry the same files."""
    problems: list[str] = []

    def contents(wheel: Path) -> dict[str, bytes]:
        with zipfile.ZipFile(wheel) as archive:
            return {
                i.filename: archive.read(i)
                for i in archive.infolist()
                if not i.is_dir() and not i.filename.endswith("/RECORD")
            }

    first = contents(wheels[0])
    for other in wheels[1:]:
        theirs = contents(other)
        for name in sorted(set(first) ^ set(theirs)):
            problems.append(f"{wheels[0].name} and {other}: only one of them has {name}")
        for name in sorted(set(first) & set(theirs)):
            if first[name] != theirs[name]:
                problems.append(f"{wheels[0].name} and {other}: {name} differs")
    return problems


def check_sdist(sdist: Path) -> list[str]:
    """Problems with the sdist (empty when it is right)."""
    problems: list[str] = []
    with tarfile.open(sdist) as archive:
        members = archive.getmembers()
    names = {m.name.split("/", 1)[1] for m in members if "/" in m.name}
    for m in members:
        if m.issym() or m.islnk():
            problems.append(f"{sdist.name}: {m.name} is a link")
    for needed in (
        "spec_data/manifest.yaml",
        f"src/{PACKAGE}/__init__.py",
        f"src/{PACKAGE}/py.typed",
        "pyproject.toml",
        "LICENSE",
        "README.md",
    ):
        if needed not in names:
            problems.append(f"{sdist.name}: {needed} is missing")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wheels", nargs="+", type=Path)
    parser.add_argument("--tree", type=Path, default=Path())
    parser.add_argument("--sdist", type=Path)
    args = parser.parse_args(argv)
    expected = tree_files(args.tree.resolve())
    problems = [p for wheel in args.wheels for p in check_wheel(wheel, expected)]
    if len(args.wheels) > 1:
        problems += check_same(args.wheels)
    if args.sdist is not None:
        problems += check_sdist(args.sdist)
    for line in problems:
        print(line)
    if not problems:
        sizes = ", ".join(
            f"{w.name}: {len(zipfile.ZipFile(w).namelist())} files, {w.stat().st_size:,} bytes"
            for w in args.wheels
        )
        print(f"distributions match the tree ({sizes})")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
