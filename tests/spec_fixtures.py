"""Spec fragments shared by several test files (one copy, not one per file)."""

from __future__ import annotations

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
