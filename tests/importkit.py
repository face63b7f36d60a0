"""Helpers shared by the tests of the import (tests/test_import_*.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from bbic_su.importing.privacy import find_personnummer

KEY = b"test key for the import tests: Xq7Rw2Lp9 Mz4"
PNRS = ["20120314-9826", "20150607-9837", "20090921-9842", "20160371-9889"]
"""Synthetic identity numbers with valid check digits (the last is a samordningsnummer)."""
BAD_PNR = "20130505-1234"


def profile_dict(
    record_type: str, columns: list[dict[str, Any]], **file_opts: Any
) -> dict[str, Any]:
    return {
        "schema": "bbic-su-profile/1",
        "name": "test",
        "files": [{"record_type": record_type, "file": "*", "columns": columns, **file_opts}],
    }


def write_profile(folder: Path, data: dict[str, Any], name: str = "p.yaml") -> Path:
    path = folder / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def write_csv(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def assert_no_identity_numbers(*texts: str) -> None:
    """No text contains anything shaped like a personnummer (the scanner of bbic_su.importing.privacy)."""
    for text in texts:
        spans = find_personnummer(text)
        assert not spans, [text[a:b] for a, b in spans]


def all_text_under(folder: Path) -> list[str]:
    return [
        p.read_bytes().decode("utf-8", errors="replace") for p in folder.rglob("*") if p.is_file()
    ]


def report_json(folder: Path) -> dict[str, Any]:
    return json.loads((folder / "import-report.json").read_text(encoding="utf-8"))
