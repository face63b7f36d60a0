"""Pseudonymisation keys: weak keys are refused, ``bbic-su key new`` makes strong private ones."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import bbic_su
from bbic_su.cli import main
from bbic_su.importing._keys import MIN_KEY_BYTES, new_key, weakness
from bbic_su.importing.privacy import PseudonymKeyError, check_key, load_key
from bbic_su.importing.profile import example_exports

WEAK = [
    b"",
    b"short but random: Xq7",
    b"k" * 32,
    b"0123456789" * 4,
    b"abcdefghijklmnopqrstuvwxyz0123456789",
    b"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab",
    b"abababababababababababababababababababcd",
    b"1122112211221122112211221122112211331122",
]


@pytest.mark.parametrize("key", WEAK)
def test_weak_keys_are_refused_without_showing_them(key: bytes) -> None:
    assert weakness(key) is not None
    with pytest.raises(PseudonymKeyError) as info:
        check_key(key)
    if key:
        assert key.decode() not in str(info.value)
    assert "bbic-su key new" in str(info.value)


@given(st.binary(min_size=MIN_KEY_BYTES, max_size=64))
def test_weakness_never_crashes_and_short_keys_always_fail(key: bytes) -> None:
    assert weakness(key[: MIN_KEY_BYTES - 1]) is not None
    assert weakness(key) is None or isinstance(weakness(key), str)


def test_new_keys_are_strong_and_different() -> None:
    keys = {new_key() for _ in range(50)}
    assert len(keys) == 50
    assert all(weakness(k) is None and len(k) == 64 for k in keys)


def test_key_new_writes_a_private_file_and_never_overwrites(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "nyckel.key"
    assert main(["key", "new", "--out", str(path)]) == 0
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    key = load_key(path)
    assert len(key) == 64 and weakness(key) is None
    before = path.read_bytes()
    assert main(["key", "new", "--out", str(path)]) == 2
    _, err = capsys.readouterr()
    assert err.count("\n") == 1 and "skrivs aldrig över" in err
    assert path.read_bytes() == before
    assert main(["key", "check", str(path)]) == 0


def test_key_check_and_import_refuse_a_weak_key_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    weak = tmp_path / "weak.key"
    weak.write_bytes(b"0123456789" * 4 + b"\n")
    assert main(["key", "check", str(weak)]) == 2
    _, err = capsys.readouterr()
    assert err.count("\n") == 1 and "0123456789" not in err
    exports = [str(p) for p in example_exports("exempel_bred_cp1252")]
    argv = ["import", *exports, "--profile", "exempel_bred_cp1252", "--out", str(tmp_path / "o")]
    assert main([*argv, "--key-file", str(weak)]) == 2
    _, err = capsys.readouterr()
    assert "too weak" in err and "0123456789" not in err


def test_the_api_refuses_a_weak_key() -> None:
    with pytest.raises(PseudonymKeyError, match="too weak"):
        bbic_su.import_export(
            example_exports("exempel_bred_cp1252"), "exempel_bred_cp1252", key="k" * 40
        )
