"""Helpers for the interchange-format tests: complete records, linked datasets, field sets.

Everything is built from the catalogue (via ``strategies``), never from hand-written code lists.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st
from strategies import CAT, int_range, record_dicts

import bbic_su
from bbic_su.frames._schema_columns import required_columns
from bbic_su.spec.plan import FollowUpPlan

EXPRESSIBLE = frozenset(
    {
        "invalid-code",
        "free-text-in-code-field",
        "invalid-date",
        "invalid-integer",
        "invalid-key",
        "missing-key",
        "required-missing",
        "required-by-plan-missing",
        "out-of-range",
        "unknown-column",
    }
)
"""Issue codes of rules a JSON Schema can express (per record)."""
CELL_EXPRESSIBLE = (EXPRESSIBLE - {"unknown-column"}) | {"duplicate-key", "missing-parent"}
"""Issue codes of rules a Frictionless Table Schema / Data Package can express (per cell)."""


def valid_value(record_type: str, field: str) -> Any:
    """A valid non-missing value of ``field`` in the ``to_dict`` form."""
    rt = CAT.record_type(record_type)
    if field in rt.key_fields:
        return f"{field}-1"
    var = CAT.variable(field)
    if var.datatype == "date":
        return "2024-03-01"
    if var.datatype == "integer":
        return int_range(var)[0]
    codes = CAT.value_set(str(var.value_set)).code_ids
    return [codes[0]] if var.datatype == "codes" else codes[0]


def complete(
    record_type: str, record: dict[str, Any], plan: FollowUpPlan | None = None, n: int = 1
) -> dict[str, Any]:
    """``record`` with simple ids (``<field>-<n>``) and every required field filled."""
    out = dict(record)
    for key in CAT.record_type(record_type).key_fields:
        if out.get(key) is not None or key in required_columns(CAT, record_type):
            out[key] = f"{key}-{n}"
    for field in required_columns(CAT, record_type, plan):
        if out.get(field) in (None, []):
            out[field] = valid_value(record_type, field)
    return out


def complete_records(record_type: str, plan: FollowUpPlan | None = None) -> st.SearchStrategy[Any]:
    """Records of ``record_type`` (``to_dict`` form) that satisfy every expressible rule."""
    return record_dicts(record_type).map(lambda r: complete(record_type, r, plan))


@st.composite
def linked_datasets(draw: Any, max_per_type: int = 3) -> dict[str, list[dict[str, Any]]]:
    """Records of every record type, each child pointing at an existing parent."""
    rows: dict[str, list[dict[str, Any]]] = {}
    for rt in CAT.record_types:
        n = draw(st.integers(1, max_per_type))
        records = []
        for i in range(1, n + 1):
            rec = complete(rt.id, draw(record_dicts(rt.id)), n=i)
            for kf in rt.keys:
                target = kf.field.removesuffix("_id")
                if kf.role == "organisation":
                    rec[kf.field] = draw(st.none() | st.just("1480"))
                elif kf.role in ("parent_ref", "optional_ref") and target in rows:
                    parents = [p[kf.field] for p in rows[target]]
                    if kf.role == "parent_ref":
                        rec[kf.field] = draw(st.sampled_from(parents))
                    else:
                        rec[kf.field] = draw(st.none() | st.sampled_from(parents))
                elif kf.role == "optional_ref":
                    rec[kf.field] = None
            ref = rt.parent_key
            if rt.parent not in (None, "barn") and ref is not None and rec.get(ref) is not None:
                parent = next(p for p in rows[str(rt.parent)] if p[ref] == rec[ref])
                rec["barn_id"] = parent["barn_id"]
            records.append(rec)
        rows[rt.id] = records
    return rows


def frames_of(rows: dict[str, list[dict[str, Any]]]) -> bbic_su.Dataset:
    """A dataset of typed frames from ``to_dict`` records (columns in catalogue order)."""
    import pandas as pd

    frames = {}
    for rt, records in rows.items():
        cols = bbic_su.Dataset().columns_of(rt)
        data = {c: [r.get(c) for r in records] for c in cols}
        frames[rt] = pd.DataFrame({c: pd.Series(v, dtype=object) for c, v in data.items()})
    return bbic_su.Dataset(frames)


def bbic_cells(report: Any, codes: frozenset[str] = CELL_EXPRESSIBLE) -> set[tuple[str, int, str]]:
    """``(record type, row, column)`` of the report's findings with one of ``codes``."""
    return {
        (i.record_type, i.row, i.variable)
        for i in report.issues
        if i.code.value in codes and i.row is not None
    }


def record_fields(
    record_type: str, record: dict[str, Any], plan: FollowUpPlan | None = None
) -> set[str]:
    """Fields where ``validate_record`` reports a rule a JSON Schema can express."""
    found = set()
    for issue in bbic_su.validate_record(record, record_type=record_type, plan=plan):
        if issue.code.value not in EXPRESSIBLE:
            continue
        var = CAT.index.variables.get(issue.variable)
        if issue.code.value == "required-by-plan-missing" and var is not None and var.applies_if:
            continue  # conditional on applies_if: left to validation
        found.add(str(issue.variable))
    return found


def schema_fields(schema: dict[str, Any], record: dict[str, Any]) -> set[str]:
    """Fields the JSON Schema rejects in ``record``."""
    from jsonschema import Draft202012Validator

    found: set[str] = set()
    for err in Draft202012Validator(schema).iter_errors(record):
        if err.path:
            found.add(str(err.path[0]))
        elif err.validator == "required":
            found |= {f for f in schema["required"] if f not in record}
        elif err.validator == "additionalProperties":
            found |= {k for k in record if k not in schema["properties"] and not k.startswith("x_")}
        else:  # pragma: no cover - would be a bug in the test or the schema
            raise AssertionError(err)
    return found
