"""Table Schema fields and definition hashes of aggregate packages.

>>> from bbic_su.reporting._aggregate_schema import field
>>> field("share")
{'name': 'share', 'type': 'number', 'constraints': {'minimum': 0, 'maximum': 1}}
>>> field("suppressed")["trueValues"]
['True']

A column's type comes from its name where the measure table defines it (counts are
integers of at least 0, shares and interval bounds numbers from 0 to 1, flags booleans
written ``True``/``False``), else from its dtype. :func:`measure_hashes` hashes what a
measure counts (record type, unit, period variable, numerator, denominator, exclusions,
child aggregation, parameters and the catalogue's measure conventions), not its names
or evidence, so that pooling refuses only a different definition.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import attrs
import pandas as pd

if TYPE_CHECKING:
    from bbic_su.spec._catalog import Catalog

__all__ = ["catalogue_hash", "field", "field_type", "measure_hashes"]

_INTEGER = {"numerator", "denominator", "excluded", "pending", "n_periods"}
_RATIO = {"share", "ci_low", "ci_high"}
_NUMBER = {"difference_pp", "slope_pp", "previous_share"}
_BOOLEAN = {"suppressed", "intervals_overlap"}


def field_type(column: str, dtype: Any = None) -> str:
    """The Table Schema type of a column of a measure table (by its name, else its dtype)."""
    base = column.removeprefix("ref_").removeprefix("previous_")
    if base in _INTEGER:
        return "integer"
    if base in _RATIO or column in _NUMBER:
        return "number"
    if base in _BOOLEAN:
        return "boolean"
    if dtype is not None and pd.api.types.is_bool_dtype(dtype):
        return "boolean"
    if dtype is not None and pd.api.types.is_integer_dtype(dtype):
        return "integer"
    if dtype is not None and pd.api.types.is_float_dtype(dtype):
        return "number"
    return "string"


def field(column: str, dtype: Any = None) -> dict[str, Any]:
    """The Table Schema field of a column (type, constraints, boolean words)."""
    kind = field_type(column, dtype)
    field: dict[str, Any] = {"name": column, "type": kind}
    base = column.removeprefix("ref_").removeprefix("previous_")
    if kind == "integer":
        field["constraints"] = {"minimum": 0}
    elif base in _RATIO:
        field["constraints"] = {"minimum": 0, "maximum": 1}
    if kind == "boolean":
        field["trueValues"], field["falseValues"] = ["True"], ["False"]
    return field


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def measure_hashes(cat: Catalog, ids: Sequence[str]) -> dict[str, str]:
    """Per measure id (template ids reduced to the template): a hash of what it counts."""
    out: dict[str, str] = {}
    conventions = _canonical(dict(cat.measure_conventions))
    for mid in sorted({i.split("[", 1)[0] for i in ids}):
        m = cat.measure(mid)
        what = attrs.asdict(m, filter=lambda a, _: a.name not in ("status", "sources", "legal"))
        for drop in ("name_sv", "name_en", "since", "definition_sv", "definition_en"):
            what.pop(drop, None)
        text = _canonical(what) + conventions
        out[mid] = "sha256:" + hashlib.sha256(text.encode()).hexdigest()
    return out


def catalogue_hash(cat: Catalog) -> str:
    """A hash of the whole catalogue (extensions included) the measures were computed with."""
    data = attrs.asdict(cat, filter=lambda a, _: not a.name.startswith("_"))
    return "sha256:" + hashlib.sha256(_canonical(data).encode()).hexdigest()
