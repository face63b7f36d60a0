"""The verified catalogue cache: same catalogue, never trusted when stale, corrupt or foreign."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import attrs
import pytest
from spec_fixtures import LOCAL_CODES, LOCAL_VARIABLE

import bbic_su
from bbic_su import SpecDataError
from bbic_su.spec import _cache
from bbic_su.spec._root import packaged_root

CAT = bbic_su.catalog()
KEY = _cache.cache_key(packaged_root())
PACKAGED = Path(str(packaged_root()))


def _reheader(body: bytes, key: str = KEY) -> bytes:
    """A cache file around ``body`` with a correct checksum (what a forger could write)."""
    header = {"format": _cache.FORMAT, "key": key, "sha256": hashlib.sha256(body).hexdigest()}
    return json.dumps(header).encode() + b"\n" + body


def _body(blob: bytes) -> dict[str, object]:
    data = json.loads(blob.partition(b"\n")[2])
    assert isinstance(data, dict)
    return data


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("BBIC_SU_CACHE_DIR", str(folder))
    monkeypatch.delenv("BBIC_SU_NO_CACHE", raising=False)
    return folder


def test_the_cache_round_trips_the_checked_catalogue() -> None:
    blob = _cache.encode(CAT, key=KEY)
    back = _cache.decode(blob, key=KEY)
    assert back == CAT
    assert back is not None and back.index.variables["kon"] == CAT.variable("kon")
    assert back.measure_conventions == CAT.measure_conventions


def test_the_cache_round_trips_a_catalogue_with_local_extensions(tmp_path: Path) -> None:
    local = tmp_path / "lokal.yaml"
    local.write_text(LOCAL_VARIABLE + LOCAL_CODES, encoding="utf-8")
    cat = bbic_su.load_catalog(extra=[local])
    assert cat.variable("x_familjeradgivning").local
    assert _cache.decode(_cache.encode(cat, key="k"), key="k") == cat


def test_the_catalogue_pickles_with_its_index() -> None:
    """Worker processes receive the catalogue by pickle (the report's parallel measures)."""
    back = pickle.loads(pickle.dumps(CAT))
    assert back == CAT
    assert back.index.value_sets["kon"] == CAT.value_set("kon")


def test_a_wrong_key_format_or_checksum_is_ignored() -> None:
    blob = _cache.encode(CAT, key=KEY)
    head, _, body = blob.partition(b"\n")
    assert _cache.decode(blob, key="0" * 64) is None
    assert _cache.decode(head.replace(b"catalog/1", b"catalog/9") + b"\n" + body, key=KEY) is None
    flipped = body.replace(b'"kon"', b'"kan"', 1)
    assert flipped != body
    assert _cache.decode(head + b"\n" + flipped, key=KEY) is None
    assert _cache.decode(blob[: len(blob) // 2], key=KEY) is None
    assert _cache.decode(head, key=KEY) is None
    assert _cache.decode(b"", key=KEY) is None
    assert _cache.decode(b"\x80\x81 not json\n{}", key=KEY) is None


@pytest.mark.parametrize(
    "change",
    [
        "unknown key",
        "missing key",
        "int for str",
        "bool for int",
        "outside literal",
        "object for list",
        "list too long",
        "string for list",
    ],
)
def test_a_well_formed_file_of_the_wrong_shape_is_rejected(change: str) -> None:
    """Even with a correct checksum, only a catalogue of exactly the model's shape is read."""
    data = _body(_cache.encode(CAT, key=KEY))
    assert _cache.decode(_reheader(json.dumps(data).encode()), key=KEY) == CAT  # the control
    variables = data["variables"]
    assert isinstance(variables, list)
    first = variables[0]
    if change == "unknown key":
        first["surprise"] = 1
    elif change == "missing key":
        del first["name_sv"]
    elif change == "int for str":
        first["name_sv"] = 1
    elif change == "bool for int":
        data["disclosure"]["recommended_default"]["min_cell"] = True  # type: ignore[index]
    elif change == "outside literal":
        first["datatype"] = "float"
    elif change == "object for list":
        first["document"] = {}
    elif change == "list too long":
        rule = next(r for v in variables for r in v["rules"] if r["range"] is not None)
        rule["range"] = [*rule["range"], 3]
    else:
        data["record_types"] = "barn"
    body = json.dumps(data).encode()
    assert _cache.decode(_reheader(body), key=KEY) is None


def test_the_key_follows_spec_files_version_and_code(tmp_path: Path) -> None:
    copy = tmp_path / "spec_data"
    shutil.copytree(PACKAGED, copy)
    assert _cache.cache_key(copy) == KEY
    rules = copy / "rules.yaml"
    rules.write_bytes(rules.read_bytes() + b"\n# a comment changes the bytes\n")
    assert _cache.cache_key(copy) != KEY
    code = tmp_path / "bbic_su"
    package = Path(bbic_su.__file__).parent
    for folder in ("spec", "expr"):
        shutil.copytree(package / folder, code / folder)
    assert _cache.cache_key(PACKAGED, code=code) == KEY
    checks = code / "spec" / "_check_refs.py"
    checks.write_text(checks.read_text(encoding="utf-8") + "\n# one more check\n", encoding="utf-8")
    assert _cache.cache_key(PACKAGED, code=code) != KEY


def test_the_user_cache_is_written_atomically_and_read_back(cache_dir: Path) -> None:
    path = _cache.write_user(CAT, KEY)
    assert path is not None and path.parent == cache_dir
    assert [p.name for p in cache_dir.iterdir()] == [path.name]  # no temporary file left
    if hasattr(os, "getuid"):
        assert path.stat().st_mode & 0o777 == 0o600
        assert cache_dir.stat().st_mode & 0o077 == 0
    assert _cache.read_user(KEY) == CAT
    assert _cache.read_user("1" * 64) is None


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_a_user_cache_others_can_write_is_not_read(cache_dir: Path) -> None:
    path = _cache.write_user(CAT, KEY)
    assert path is not None
    path.chmod(0o666)
    assert _cache.read_user(KEY) is None
    path.chmod(0o600)
    cache_dir.chmod(0o777)
    assert _cache.read_user(KEY) is None
    cache_dir.chmod(0o700)
    assert _cache.read_user(KEY) == CAT


def test_a_corrupt_user_cache_is_ignored_and_the_yaml_is_loaded(cache_dir: Path) -> None:
    path = _cache.write_user(CAT, KEY)
    assert path is not None
    path.write_bytes(path.read_bytes()[:-10])
    assert _cache.read_user(KEY) is None
    assert bbic_su.load_catalog() == CAT


def test_old_user_cache_files_are_pruned(cache_dir: Path) -> None:
    for i in range(12):
        assert _cache.write_user(CAT, f"{i:064x}") is not None
    assert len(list(cache_dir.glob("catalog-*.json"))) == 8
    assert (cache_dir / f"catalog-{11:064x}.json").is_file()


def test_an_unwritable_cache_folder_is_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("BBIC_SU_CACHE_DIR", str(blocker / "cache"))
    assert _cache.write_user(CAT, KEY) is None
    assert _cache.read_user(KEY) is None


def test_the_cache_can_be_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BBIC_SU_NO_CACHE", "1")
    assert _cache.user_cache_dir() is None
    assert _cache.read_packaged(KEY) is None
    assert _cache.write_user(CAT, KEY) is None
    assert bbic_su.load_catalog() == CAT


def test_local_extensions_are_checked_even_with_a_cache(cache_dir: Path, tmp_path: Path) -> None:
    assert _cache.write_user(CAT, KEY) is not None
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "codes:\n  - value_set: kon\n    codes:\n      - code: pojke\n"
        "        label_sv: Pojke\n        label_en: Boy\n",
        encoding="utf-8",
    )
    with pytest.raises(SpecDataError, match="already exists"):
        bbic_su.load_catalog(extra=[bad])


def test_another_spec_folder_is_loaded_and_checked_in_full(tmp_path: Path) -> None:
    copy = tmp_path / "spec_data"
    shutil.copytree(PACKAGED, copy)
    rules = copy / "rules.yaml"
    rules.write_text(
        rules.read_text(encoding="utf-8").replace(
            "record_types: [insats]", "record_types: [nix]", 1
        ),
        encoding="utf-8",
    )
    with pytest.raises(SpecDataError):
        bbic_su.load_catalog(copy)


def _fresh(code: str, env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **env},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


_PROBE = (
    "import sys, bbic_su\n"
    "cat = bbic_su.catalog()\n"
    "print(len(cat.variables), sorted(m for m in ('yaml', 'cattrs', 'pandas') if m in sys.modules))\n"
)


@pytest.mark.slow
def test_a_fresh_process_reads_the_cache_without_yaml(tmp_path: Path) -> None:
    """The first process parses and checks (unless the wheel's cache is there), the next does not."""
    env = {"BBIC_SU_CACHE_DIR": str(tmp_path / "c")}
    env.pop("BBIC_SU_NO_CACHE", None)
    first = _fresh(_PROBE, env)
    second = _fresh(_PROBE, env)
    assert second == f"{len(CAT.variables)} []"
    assert first.split()[0] == str(len(CAT.variables))
    for path in (tmp_path / "c").glob("catalog-*.json"):
        path.write_bytes(b"{}\n{}")  # corrupt: the next process loads the YAML again
    third = _fresh(_PROBE, env)
    assert third.startswith(f"{len(CAT.variables)} ")


def test_the_user_cache_folder_follows_the_platform(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("BBIC_SU_CACHE_DIR", "BBIC_SU_NO_CACHE", "XDG_CACHE_HOME", "LOCALAPPDATA"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: tmp_path / "home"))
    monkeypatch.setattr(_cache.sys, "platform", "linux")
    assert _cache.user_cache_dir() == tmp_path / "home" / ".cache" / "bbic-su"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert _cache.user_cache_dir() == tmp_path / "xdg" / "bbic-su"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")  # the XDG spec: absolute only
    assert _cache.user_cache_dir() == tmp_path / "home" / ".cache" / "bbic-su"
    monkeypatch.setattr(_cache.sys, "platform", "darwin")
    assert _cache.user_cache_dir() == tmp_path / "home" / "Library" / "Caches" / "bbic-su"
    monkeypatch.setattr(_cache.sys, "platform", "win32")
    assert _cache.user_cache_dir() is None
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "local"))
    assert _cache.user_cache_dir() == tmp_path / "local" / "bbic-su" / "Cache"
    monkeypatch.setattr(_cache.sys, "platform", "linux")
    monkeypatch.delenv("XDG_CACHE_HOME")

    def no_home(cls: type) -> Path:
        raise RuntimeError("no home")

    monkeypatch.setattr(Path, "home", classmethod(no_home))
    assert _cache.user_cache_dir() is None
    monkeypatch.setenv("BBIC_SU_CACHE_DIR", str(tmp_path / "explicit"))
    assert _cache.user_cache_dir() == tmp_path / "explicit"


def test_a_value_json_cannot_hold_is_never_cached(cache_dir: Path) -> None:
    lossy = attrs.evolve(CAT, measure_conventions={"pair": (1, 2)})  # a tuple comes back a list
    assert _cache.write_user(lossy, KEY) is None
    assert not cache_dir.exists() or not list(cache_dir.iterdir())


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_a_shared_cache_folder_is_not_written(cache_dir: Path) -> None:
    cache_dir.mkdir(mode=0o700)
    cache_dir.chmod(0o777)
    assert _cache.write_user(CAT, KEY) is None
    assert not list(cache_dir.iterdir())


def test_a_failed_write_leaves_no_temporary_file(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(src: object, dst: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(_cache.os, "replace", fail)
    assert _cache.write_user(CAT, KEY) is None
    assert not list(cache_dir.iterdir())


def test_a_model_type_the_cache_cannot_hold_is_named() -> None:
    with pytest.raises(TypeError, match="cannot hold"):
        _cache._make(set[str])
    with pytest.raises(TypeError, match="union"):
        _cache._make(int | str)
