"""Spec fragments and spec-data helpers shared by several test files (one copy, not one per file).

The ``spec_dir`` fixture (a writable copy of the packaged spec data) is in ``conftest.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import bbic_su
from bbic_su import SpecDataError


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    """Replace ``old`` by ``new`` in the file at ``path``; ``old`` must be there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not found in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def assert_rejected(spec_dir: Path, file: str, path: str, message: str) -> SpecDataError:
    """Loading ``spec_dir`` fails with a :class:`SpecDataError` naming ``file``, ``path``, ``message``."""
    with pytest.raises(SpecDataError) as info:
        bbic_su.load_catalog(spec_dir)
    err = info.value
    assert err.file == file, str(err)
    assert path in err.path, str(err)
    assert message in err.message, str(err)
    return err


LOCAL_VARIABLE = """
variables:
  - id: x_familjeradgivning
    name_sv: Familjerådgivning erbjuden
    name_en: Family counselling offered
    record_type: insats
    phase: besluta
    area: samverkan
    kind: process
    document: [beslut]
    datatype: code
    value_set: ja_nej_uppgift_saknas
    definition_sv: Om familjen erbjudits kommunens familjerådgivning i samband med beslutet.
    definition_en: Whether the family was offered the municipality's family counselling with the decision.
    status: provisional
    reason: Local variable of Exempelkommun.
"""
"""A municipality's local variable (an ``x_`` id on insats)."""

LOCAL_CODES = """
codes:
  - value_set: anmalare
    codes:
      - {code: x_fritidsgard, label_sv: Fritidsgård, label_en: Youth centre}
"""
"""A local answer option added to the national value set ``anmalare``."""

LOCAL_EXTENSION = LOCAL_VARIABLE + LOCAL_CODES
"""Both in one extension file."""
