"""The JSON Schemas under ajv (the most used JavaScript validator) with its default options.

ajv and ajv-formats come from the npm registry; CI installs them with
``npm install --prefix .ci/node ajv ajv-formats`` (or points
``BBIC_SU_NODE_MODULES`` at another ``node_modules``). Without them this test
fails, unless ``BBIC_SU_SKIP_AJV=1`` says that this machine has no npm access.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from jsonschema import Draft202012Validator
from test_schema_json import PLAN, RECORD_TYPES, base_record, corruptions

from bbic_su.frames._cells import text_frame
from bbic_su.interchange import json_schema, json_schema_bundle
from bbic_su.synth import generate

ROOT = Path(__file__).resolve().parents[1]
MODULES = Path(os.environ.get("BBIC_SU_NODE_MODULES", ROOT / ".ci" / "node" / "node_modules"))

pytestmark = pytest.mark.slow


def _ajv(payload: dict[str, Any], tmp_path: Path) -> dict[str, Any]:
    if os.environ.get("BBIC_SU_SKIP_AJV") == "1":
        pytest.skip("BBIC_SU_SKIP_AJV=1: ajv is not installed on this machine")
    node = shutil.which("node")
    assert node, "node is not installed"
    assert (MODULES / "ajv").is_dir() and (MODULES / "ajv-formats").is_dir(), (
        f"ajv missing in {MODULES}: npm install --prefix .ci/node ajv ajv-formats"
    )
    cases = tmp_path / "cases.json"
    cases.write_text(json.dumps(payload), encoding="utf-8")
    env = {**os.environ, "BBIC_SU_NODE_MODULES": str(MODULES)}
    done = subprocess.run(
        [node, str(ROOT / "tools" / "ajv_check.mjs"), str(cases)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def _canonical_records() -> list[tuple[str, dict[str, Any]]]:
    """Records of a small synthetic dataset in the JSON form (what a vendor exports)."""
    data = generate(40, seed=3)
    out = []
    for rt in data.record_types:
        types = {v.id: v.datatype for v in data.catalog.variables_of(rt)}
        frame = text_frame(data[rt])
        for row in frame.to_dict("records"):
            rec: dict[str, Any] = {}
            for col, value in row.items():
                if value is None or (not isinstance(value, str) and pd.isna(value)):
                    rec[col] = None
                elif types.get(col) == "codes":
                    rec[col] = value.split("|")
                elif types.get(col) == "integer":
                    rec[col] = int(value)
                else:
                    rec[col] = value
            out.append((rt, rec))
    return out


def test_ajv_compiles_every_schema_and_agrees_with_jsonschema(tmp_path: Path) -> None:
    """Default-option ajv compiles each schema and gives jsonschema's verdict on every record."""
    schemas: dict[str, Any] = {rt: json_schema(rt) for rt in RECORD_TYPES}
    schemas.update({f"plan-{rt}": json_schema(rt, plan=PLAN) for rt in RECORD_TYPES})
    schemas["bundle"] = json_schema_bundle()
    cases: list[tuple[str, dict[str, Any]]] = list(_canonical_records())
    for rt in RECORD_TYPES:
        good = base_record(rt)
        cases += [(rt, good), (f"plan-{rt}", good), ("bundle", good)]
        for field, bad in corruptions(rt):
            cases += [(rt, {**good, field: bad}), ("bundle", {**good, field: bad})]
    result = _ajv({"schemas": schemas, "cases": cases}, tmp_path)
    assert result["compiled"] == dict.fromkeys(schemas, "ok")
    expected = [Draft202012Validator(schemas[name]).is_valid(rec) for name, rec in cases]
    assert result["verdicts"] == expected
    assert expected.count(True) > len(RECORD_TYPES) * 3  # the canonical records pass
    assert expected.count(False) > len(RECORD_TYPES)  # and the broken ones fail


def test_annotated_schemas_are_the_ones_ajv_refuses(tmp_path: Path) -> None:
    """The x-bbic-su keywords are opt-in because ajv's strict mode refuses unknown keywords."""
    result = _ajv(
        {"schemas": {"barn": json_schema("barn", annotations=True)}, "cases": []}, tmp_path
    )
    assert "unknown keyword" in result["compiled"]["barn"]
