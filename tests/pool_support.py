"""Shared inputs for the pooling tests: split microdata by municipality, write packages, LP attack."""

from __future__ import annotations

import functools
import itertools
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy.optimize import linprog

import bbic_su
from bbic_su import synth
from bbic_su.measures._pool_protect import REGION
from bbic_su.reporting._aggregate_package import write_package

MEASURES = ("m_enskilda_samtal_utredning", "m_utredning_4_manader", "m_sip")
PERIOD = ("2023-01-01", "2024-12-31")
OPTS: dict[str, Any] = {
    "measures": list(MEASURES),
    "by": ["kon"],
    "period": "year",
    "extraction_date": "2025-01-15",  # the deadline measure is judged at it
}
KOMMUNER = ("9901", "9902", "9903", "9904")


@functools.cache
def whole() -> bbic_su.Dataset:
    """One synthetic dataset of four municipalities: the concatenated microdata."""
    return synth.generate(children=1200, seed=24, period=PERIOD, municipalities=4)


def relabel(ds: bbic_su.Dataset, kommun: Sequence[str]) -> bbic_su.Dataset:
    """The same dataset with the children's kommunkod replaced (one entry per child)."""
    frames = dict(ds.frames)
    barn = frames["barn"].copy()
    barn["kommunkod"] = list(kommun)
    frames["barn"] = barn
    return bbic_su.Dataset(frames, catalog=ds.catalog)


def split(ds: bbic_su.Dataset) -> dict[str, bbic_su.Dataset]:
    """One dataset per kommunkod: its children and every record linked to them."""
    barn = ds.frames["barn"]
    out: dict[str, bbic_su.Dataset] = {}
    for kommun in sorted(barn["kommunkod"].astype(str).unique()):
        ids = set(barn.loc[barn["kommunkod"].astype(str) == kommun, "barn_id"])
        frames = {
            name: frame[frame["barn_id"].isin(ids)].reset_index(drop=True)
            for name, frame in ds.frames.items()
        }
        out[kommun] = bbic_su.Dataset(frames, catalog=ds.catalog)
    return out


def write_packages(
    parts: Mapping[str, bbic_su.Dataset], folder: Path, kind: str = "pool", **opts: Any
) -> list[Path]:
    """Each municipality writes its package into ``folder/<kommunkod>``."""
    paths = []
    for kommun, ds in parts.items():
        path = folder / kommun
        write_package(ds, path, kind=kind, **{**OPTS, **opts})
        paths.append(path)
    return paths


def concatenated_counts(ds: bbic_su.Dataset, **opts: Any) -> pd.DataFrame:
    """Raw counts on the concatenated microdata, per municipality and summed to the region."""
    raw = bbic_su.compute(ds, min_count=None, **{**OPTS, **opts}).to_frame()
    keys = [c for c in raw.columns[: list(raw.columns).index("numerator")] if c != "kommunkod"]
    counts = ["numerator", "denominator", "excluded", "pending"]
    region = raw.groupby(keys, sort=False)[counts].sum().reset_index()
    region["kommunkod"] = REGION
    return pd.concat([raw[[*keys, "kommunkod", *counts]], region], ignore_index=True)


# --- the attacker: bounds of every hidden cell from everything published (LP) -------------


def _equations(keys: list[Any], dims: list[str]) -> list[tuple[list[int], int]]:
    """Additive groups of one table: (members, total) index lists, one per dim and slice."""
    index = {k: i for i, k in enumerate(keys)}
    out = []
    for d in range(len(dims)):
        slices: dict[tuple[Any, ...], list[int]] = {}
        for key, i in index.items():
            slices.setdefault(key[:d] + key[d + 1 :], []).append(i)
        for rows in slices.values():
            total = [i for i in rows if keys[i][d] == "_total"]
            if total:
                out.append(([i for i in rows if i != total[0]], total[0]))
    return out


def recomputable(
    published: pd.DataFrame,
    raw: pd.DataFrame,
    dims: Sequence[str],
    references: Mapping[str, pd.DataFrame] = {},
) -> list[tuple[Any, ...]]:
    """Hidden cells whose count an attacker can pin down from the published tables.

    For each table (measure, period) the unknowns are the numerator, denominator and
    excluded count of every cell (municipalities and the region, whose label is the
    margin's total): non-negative, numerator at most denominator, every additive group
    summing to its total, every published value fixed, and every published "others
    together" cell equal to region minus own. A hidden value is recomputable when the
    LP's minimum and maximum leave one integer.
    """
    found: list[tuple[Any, ...]] = []
    table = published.reset_index(drop=True)
    outer = [c for c in ("measure", "period") if c in table.columns]
    table["_kommun"] = table["kommunkod"].where(table["kommunkod"] != REGION, "_total")
    axes = ["_kommun", *dims]
    for _, part in table.groupby(outer, sort=False):
        keys = [tuple(r) for r in part[axes].itertuples(index=False)]
        n = len(keys)
        pos = {k: i for i, k in enumerate(keys)}
        groups = _equations(keys, axes)
        a_eq: list[np.ndarray] = []
        b_eq: list[float] = []

        def eq(
            coefs: dict[int, float],
            value: float,
            size: int,
            a_eq: list[np.ndarray] = a_eq,
            b_eq: list[float] = b_eq,
        ) -> None:
            row = np.zeros(size)
            for j, c in coefs.items():
                row[j] += c
            a_eq.append(row)
            b_eq.append(value)

        size = 3 * n  # numerator, denominator, excluded
        for q in range(3):
            for members, total in groups:
                coefs = {q * n + m: 1.0 for m in members}
                coefs[q * n + total] = -1.0
                eq(coefs, 0.0, size)
        for i, (_, row) in enumerate(part.iterrows()):
            for q, col in enumerate(("numerator", "denominator", "excluded")):
                if not pd.isna(row[col]):
                    eq({q * n + i: 1.0}, float(row[col]), size)
        first = part.iloc[0]
        for own, ref in references.items():
            sel = ref
            for c in outer:
                sel = sel[sel[c] == first[c]]
            for _, row in sel.iterrows():
                cell = tuple(row[d] for d in dims)
                mine, region = pos[(own, *cell)], pos[("_total", *cell)]
                for q, col in enumerate(("numerator", "denominator", "excluded")):
                    if not pd.isna(row[f"ref_{col}"]):
                        eq(
                            {q * n + region: 1.0, q * n + mine: -1.0},
                            float(row[f"ref_{col}"]),
                            size,
                        )
        a_ub = np.zeros((n, size))
        for i in range(n):
            a_ub[i, i], a_ub[i, n + i] = 1.0, -1.0  # numerator <= denominator
        a, b = np.vstack(a_eq), np.array(b_eq)
        for i, (_, row) in enumerate(part.iterrows()):
            for q, col in enumerate(("numerator", "denominator", "excluded")):
                if not pd.isna(row[col]):
                    continue
                bounds = []
                for sign in (1.0, -1.0):
                    c = np.zeros(size)
                    c[q * n + i] = sign
                    res = linprog(c, A_ub=a_ub, b_ub=np.zeros(n), A_eq=a, b_eq=b, bounds=(0, None))
                    assert res.status in (0, 3), res.message  # 3: unbounded (fine)
                    bounds.append(sign * res.fun if res.status == 0 else np.inf)
                lo, hi = bounds
                if np.floor(hi + 1e-7) <= np.ceil(lo - 1e-7):
                    found.append((*[first[c] for c in outer], *keys[i], col, lo, hi))
    assert len(raw) == len(published)
    return found


KON = ("flicka", "pojke", "uppgift_saknas")


def count_table(cells: Sequence[Sequence[tuple[int, int]]]) -> tuple[pd.DataFrame, list[str]]:
    """A raw pooled table from drawn (denominator, numerator) per municipality and kön.

    Totals per municipality and the region's cells are the sums, as in a real table.
    """
    from bbic_su.measures._compute import finish_table

    codes = [f"99{i + 1:02d}" for i in range(len(cells))]
    rows: list[tuple[str, str, int, int]] = []
    for code, per_kon in zip(codes, cells, strict=True):
        rows += [(code, kon, num, den) for kon, (den, num) in zip(KON, per_kon, strict=True)]
        rows.append((code, "_total", sum(n for _, n in per_kon), sum(d for d, _ in per_kon)))
    for kon in (*KON, "_total"):
        mine = [r for r in rows if r[1] == kon]
        rows.append((REGION, kon, sum(r[2] for r in mine), sum(r[3] for r in mine)))
    parts: dict[str, list[Any]] = {
        "measure": [np.array(["m"] * len(rows), dtype=object)],
        "kommunkod": [np.array([r[0] for r in rows], dtype=object)],
        "kon": [np.array([r[1] for r in rows], dtype=object)],
        "numerator": [np.array([r[2] for r in rows], dtype=np.int64)],
        "denominator": [np.array([r[3] for r in rows], dtype=np.int64)],
        "excluded": [np.zeros(len(rows), dtype=np.int64)],
    }
    return finish_table(parts, ["measure", "kommunkod", "kon"]), codes


def cube_table(cells: Sequence[Sequence[tuple[int, int]]]) -> tuple[pd.DataFrame, list[str]]:
    """A raw pooled table with two breakdowns (``ka`` × ``kb``, two values each).

    ``cells[i]`` holds municipality i's four (denominator, numerator) pairs in the order
    (a1, b1), (a1, b2), (a2, b1), (a2, b2); every margin is the sum, as in a real table.
    """
    from bbic_su.measures._compute import finish_table

    codes = [f"99{i + 1:02d}" for i in range(len(cells))]
    inner = list(itertools.product(("a1", "a2"), ("b1", "b2")))
    values = {
        (code, a, b): pair
        for code, mine in zip(codes, cells, strict=True)
        for (a, b), pair in zip(inner, mine, strict=True)
    }
    rows = []
    for code in [*codes, REGION]:
        for a in ("a1", "a2", "_total"):
            for b in ("b1", "b2", "_total"):
                picked = [
                    v
                    for (c, x, y), v in values.items()
                    if code in (REGION, c) and a in ("_total", x) and b in ("_total", y)
                ]
                rows.append((code, a, b, sum(n for _, n in picked), sum(d for d, _ in picked)))
    parts: dict[str, list[Any]] = {
        name: [np.array([r[i] for r in rows], dtype=object)]
        for i, name in enumerate(("kommunkod", "ka", "kb"))
    }
    parts["measure"] = [np.array(["m"] * len(rows), dtype=object)]
    parts["numerator"] = [np.array([r[3] for r in rows], dtype=np.int64)]
    parts["denominator"] = [np.array([r[4] for r in rows], dtype=np.int64)]
    parts["excluded"] = [np.zeros(len(rows), dtype=np.int64)]
    return finish_table(parts, ["measure", "kommunkod", "ka", "kb"]), codes
