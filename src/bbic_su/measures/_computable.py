"""Which measures a dataset can compute: a measure whose inputs are absent is *not computable*.

>>> import pandas as pd, bbic_su
>>> ds = bbic_su.Dataset({"aktualisering": pd.DataFrame({
...     "aktualisering_id": ["a1"], "barn_id": ["b1"], "aktualiseringsdatum": ["2024-01-02"]})})
>>> t = bbic_su.compute(ds, ["m_ateraktualiseringar_andel"], min_count=None).to_frame()
>>> t[["computable", "missing"]].to_dict("records")
[{'computable': False, 'missing': 'aktualisering.ateraktualisering'}]
>>> bool(t["denominator"].isna().all())  # never 0/n
True

A measure reads the variables of its numerator and denominator (on its own record
and its ancestors; ``alder()`` also reads ``barn.fodelsear``). When its record type,
an ancestor record type it reads, or one of those variables has no column in the
dataset, counting would report every record as "not met" (0/n) although nothing
was observed. Such a measure gets one row in the measure table with
``computable`` false, no counts, and ``missing`` naming what is absent
(``record_type`` or ``record_type.variable``, comma-separated); reports list
those measures once instead of drawing empty charts.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from bbic_su.expr._api import refs, walk
from bbic_su.expr._ast import Call, Expr
from bbic_su.frames.dataset import Dataset
from bbic_su.measures._breakdowns import TOTAL
from bbic_su.measures._data import Instance
from bbic_su.spec._catalog import Catalog
from bbic_su.spec._check import CatalogResolver

__all__ = ["COMPUTABLE", "MISSING", "missing_inputs", "not_computable_rows"]

COMPUTABLE = "computable"
"""Column of a measure table: false for a measure whose inputs are absent."""
MISSING = "missing"
"""Column of a measure table: what a not-computable measure lacks (else empty)."""


def _calls(expr: Expr) -> Iterable[str]:
    return (e.func for e in walk(expr) if isinstance(e, Call))


def missing_inputs(cat: Catalog, inst: Instance, dataset: Dataset) -> list[str]:
    """What ``inst`` reads that ``dataset`` lacks: record types, then ``rt.variable`` ids."""
    resolver = CatalogResolver(cat, inst.record_type)
    needed: list[tuple[str, str | None]] = [(inst.record_type, None)]
    for expr in (inst.denominator, inst.numerator):
        for ref in refs(expr):
            owner, _, name = resolver.resolve(ref).rpartition(".")
            needed.append((owner or inst.record_type, name))
        if "alder" in _calls(expr):
            needed.append(("barn", "fodelsear"))
    out: list[str] = []
    for rt, var in needed:
        if rt not in dataset.frames:
            gone = rt
        elif var is not None and var not in {str(c) for c in dataset.frames[rt].columns}:
            gone = f"{rt}.{var}"
        else:
            continue
        if gone not in out:
            out.append(gone)
    return out


def not_computable_rows(
    missing: Sequence[tuple[str, list[str]]], key_columns: Sequence[str], like: pd.DataFrame
) -> pd.DataFrame:
    """One row per not-computable measure, in the columns of the table ``like``."""
    n = len(missing)
    data: dict[str, object] = {}
    for col in like.columns:
        if col == "measure":
            data[col] = [m for m, _ in missing]
        elif col in key_columns:
            data[col] = [TOTAL] * n
        elif col == COMPUTABLE:
            data[col] = [False] * n
        elif col == MISSING:
            data[col] = [", ".join(names) for _, names in missing]
        elif col == "suppressed":
            data[col] = np.zeros(n, dtype=bool)
        else:
            data[col] = pd.Series([pd.NA] * n, dtype=like[col].dtype)
    rows = pd.DataFrame(data, columns=like.columns)
    for col in like.columns:
        if col not in (COMPUTABLE, "suppressed"):
            rows[col] = rows[col].astype(like[col].dtype)
    return rows
