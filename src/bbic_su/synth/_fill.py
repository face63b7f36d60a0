"""Fill every catalogue variable the case flow left open, key and write text frames.

>>> import datetime as dt, numpy as np, bbic_su
>>> from bbic_su.synth._timeline import simulate
>>> from bbic_su.synth._fill import fill, text_columns, text_frames
>>> cat = bbic_su.catalog()
>>> rng = np.random.default_rng(3)
>>> tables = simulate(rng, cat, 30, dt.date(2024, 1, 1), dt.date(2024, 12, 31), 1)
>>> applies = fill(rng, cat, tables, dt.date(2024, 12, 31))
>>> frames = text_frames(text_columns(rng, cat, tables))
>>> list(frames["barn"].columns[:3])
['barn_id', 'kommunkod', 'kon']

For each record type, in catalogue order, each variable not set by the case flow is
drawn from its datatype and value set: codes with the weights of
:mod:`~bbic_su.synth._assumptions` (uniform otherwise), multi-select as one to three
codes (or a lone ``ingen``), integers as a Poisson count clipped to the variable's
``range``. ``applies_if`` is evaluated with the library's own expression evaluator:
where a variable does not apply it stays empty. Where it is required (``required``,
``required_if`` or the assumptions' ``FILL_WHEN``) it is always answered with a
real code; elsewhere a few answers are ``uppgift_saknas`` or empty.
"""

from __future__ import annotations

import datetime as dt

import attrs
import numpy as np
import pandas as pd

from bbic_su.expr._api import parse, refs
from bbic_su.expr._evaluate import evaluate_frame
from bbic_su.expr._evaluate_common import MISSING_CODE
from bbic_su.spec._catalog import Catalog
from bbic_su.spec._check import CatalogResolver
from bbic_su.spec.model import Variable
from bbic_su.synth._assumptions import (
    EXCLUSIVE_CODES,
    FILL_WHEN,
    FLOOR_WHEN,
    MULTI_SELECT,
    POISSON_MEAN,
    RATES,
    WEIGHTS,
)
from bbic_su.synth._dates import NAT, Ints, Objects, draw
from bbic_su.synth._timeline import Table

__all__ = [
    "Columns",
    "ancestor_positions",
    "fill",
    "key_ids",
    "text_columns",
    "text_frames",
]

_ALPHABET = np.frombuffer(b"bcdfghjklmnpqrstvwxz", dtype=np.uint8)
_ID_WIDTH = 8


def ancestor_positions(cat: Catalog, tables: dict[str, Table], rt: str, anc: str) -> Ints:
    """Position of each ``rt`` record's ancestor of type ``anc`` (-1 when there is none)."""
    pos = np.arange(tables[rt].n)
    current = rt
    while current != anc:
        parent = cat.record_type(current).parent
        if parent is None:
            raise KeyError(anc)
        step = tables[current].parent
        pos = np.where(pos >= 0, step[np.maximum(pos, 0)], -1) if len(step) else pos
        current = parent
    return pos


def _series(values: np.ndarray) -> pd.Series:
    if values.dtype.kind == "M":
        return pd.Series(values.astype("datetime64[s]"))
    return pd.Series(values)


class Columns:
    """Typed columns of one record type and its ancestors, as the evaluator reads them."""

    def __init__(self, cat: Catalog, tables: dict[str, Table], rt: str) -> None:
        self.cat, self.tables, self.rt = cat, tables, rt
        self.resolver = CatalogResolver(cat, rt)

    def keys(self, text: str) -> set[str]:
        """Column keys (``<rt>.<var>`` for ancestors) read by expression ``text``."""
        return {self.resolver.resolve(ref) for ref in refs(parse(text))}

    def evaluate(self, text: str) -> np.ndarray:
        """Rows where expression ``text`` holds on the simulated columns."""
        tree = parse(text)
        columns: dict[str, pd.Series] = {}
        for ref in refs(tree):
            key = self.resolver.resolve(ref)
            anc, _, var = key.rpartition(".")
            table = self.tables[anc or self.rt]
            if var not in table.cols:
                continue
            values = table.cols[var]
            if anc:
                pos = ancestor_positions(self.cat, self.tables, self.rt, anc)
                values = values[np.maximum(pos, 0)].copy()
                values[pos < 0] = NAT if values.dtype.kind == "M" else None
            columns[key] = _series(values)
        n = self.tables[self.rt].n
        result = evaluate_frame(tree, columns, self.resolver, index=pd.RangeIndex(n))
        return result.to_numpy(dtype=bool)


def _weights(var: Variable, codes: tuple[str, ...]) -> dict[str, float]:
    given = WEIGHTS.get(var.id)
    if given is not None:
        return dict(given)
    return {c: 1.0 for c in codes if c != MISSING_CODE}


def _optional_gaps(
    rng: np.random.Generator, out: Objects, rows: np.ndarray, has_missing: bool
) -> None:
    u = rng.random(len(rows))
    share = RATES["uppgift_saknas"] if has_missing else 0.0
    out[rows[u < share]] = MISSING_CODE
    out[rows[(u >= share) & (u < share + RATES["empty"])]] = None


@attrs.frozen
class _CodeSlot:
    """A code or multi-select variable to fill: its codes and where it applies and must be."""

    var: Variable
    codes: tuple[str, ...]
    applies: np.ndarray
    must: np.ndarray

    @property
    def optional(self) -> np.ndarray:
        """The rows where the variable applies but may be left empty."""
        return np.flatnonzero(self.applies & ~self.must)


def _fill_code(rng: np.random.Generator, slot: _CodeSlot) -> Objects:
    var, codes, applies = slot.var, slot.codes, slot.applies
    weights = _weights(var, codes)
    clean = {c: w for c, w in weights.items() if c != MISSING_CODE}
    out: Objects = np.full(len(applies), None, dtype=object)
    rows = np.flatnonzero(applies)
    out[rows] = draw(rng, clean, len(rows))
    optional = slot.optional
    if MISSING_CODE in weights:  # the weights say how often it is not documented
        out[optional] = draw(rng, weights, len(optional))
        _optional_gaps(rng, out, optional, has_missing=False)
    else:
        _optional_gaps(rng, out, optional, has_missing=MISSING_CODE in codes)
    return out


def _fill_codes(rng: np.random.Generator, slot: _CodeSlot) -> Objects:
    var, codes, applies = slot.var, slot.codes, slot.applies
    regular = np.array(sorted(c for c in codes if c not in EXCLUSIVE_CODES), dtype=object)
    n = len(applies)
    k = rng.choice(3, size=n, p=[0.5, 0.35, 0.15]) + 1
    rank = rng.random((n, len(regular))).argsort(axis=1).argsort(axis=1)
    chosen = rank < k[:, None]
    bits = chosen @ (1 << np.arange(len(regular), dtype=np.int64))
    uniq, inverse = np.unique(bits, return_inverse=True)
    texts = np.array(
        ["|".join(regular[(b >> np.arange(len(regular))) & 1 == 1]) for b in uniq], dtype=object
    )
    out: Objects = texts[inverse]
    if "ingen" in codes:
        out[rng.random(n) < MULTI_SELECT.get(var.id, 0.1)] = "ingen"
    out[~applies] = None
    _optional_gaps(rng, out, slot.optional, MISSING_CODE in codes)
    return out


def _fill_integer(
    rng: np.random.Generator, var: Variable, cols: Columns, applies: np.ndarray, must: np.ndarray
) -> np.ndarray:
    lo, hi = next((r.range for r in var.rules if r.range is not None), (0, 10**6))
    values = np.clip(rng.poisson(POISSON_MEAN.get(var.id, 1.5), len(applies)), lo, hi)
    if var.id in FLOOR_WHEN:
        cond, floor = FLOOR_WHEN[var.id]
        values = np.where(cols.evaluate(cond), np.maximum(values, floor), values)
    out = values.astype(float)
    out[~applies] = np.nan
    optional = np.flatnonzero(applies & ~must)
    out[optional[rng.random(len(optional)) < RATES["empty"]]] = np.nan
    return out


def _must(var: Variable, cols: Columns, n: int) -> np.ndarray:
    must = np.zeros(n, dtype=bool)
    for rule in var.rules:
        if rule.required:
            must |= True
        if rule.required_if is not None:
            must |= cols.evaluate(rule.required_if)
    if var.id in FILL_WHEN:
        must |= cols.evaluate(FILL_WHEN[var.id])
    return must


def fill(
    rng: np.random.Generator, cat: Catalog, tables: dict[str, Table], end: dt.date
) -> dict[str, dict[str, np.ndarray]]:
    """Fill every open variable in place; return each variable's ``applies`` mask.

    Derived variables are left out: the generator computes them with
    :func:`bbic_su.frames.derivation.derive_columns`, as any dataset gets them.
    """
    del end  # kept in the signature for the callers
    applies_of: dict[str, dict[str, np.ndarray]] = {}
    for rt in cat.record_types:
        table = tables[rt.id]
        cols = Columns(cat, tables, rt.id)
        applies_of[rt.id] = {}
        for var in cat.variables_of(rt.id):
            applies = (
                cols.evaluate(var.applies_if)
                if var.applies_if is not None
                else np.ones(table.n, dtype=bool)
            )
            applies_of[rt.id][var.id] = applies
            if var.id in table.cols or var.derivation:
                continue
            must = _must(var, cols, table.n) & applies
            codes = cat.value_set(var.value_set).code_ids if var.value_set else ()
            if var.datatype == "code":
                table.cols[var.id] = _fill_code(rng, _CodeSlot(var, codes, applies, must))
            elif var.datatype == "codes":
                table.cols[var.id] = _fill_codes(rng, _CodeSlot(var, codes, applies, must))
            elif var.datatype == "integer":
                table.cols[var.id] = _fill_integer(rng, var, cols, applies, must)
            elif var.datatype == "date" and rt.period_date in table.cols:
                table.cols[var.id] = np.where(applies, table.cols[rt.period_date], NAT)
    return applies_of


def key_ids(rng: np.random.Generator, prefix: str, n: int) -> Objects:
    """``n`` distinct pseudonymous-looking ids, e.g. ``BA-kxrtbmqz`` (no digits)."""
    space = len(_ALPHABET) ** _ID_WIDTH
    a = int(rng.integers(1, space // 2)) * 2 + 1
    while a % 5 == 0:
        a += 2
    b = int(rng.integers(0, space))
    x = (np.arange(n, dtype=np.int64) * a + b) % space  # bijective: a coprime to 20**8
    digits = x[:, None] // (len(_ALPHABET) ** np.arange(_ID_WIDTH)) % len(_ALPHABET)
    letters = _ALPHABET[digits].view(f"S{_ID_WIDTH}").ravel().astype(str)
    out: Objects = np.char.add(f"{prefix}-", letters).astype(object)
    return out


def _text(values: np.ndarray) -> Objects:
    if values.dtype.kind == "M":
        text = np.datetime_as_string(values, unit="D").astype(object)
        text[np.isnat(values)] = None
        return text
    if values.dtype.kind == "f":
        digits: Objects = np.nan_to_num(values).astype(np.int64).astype(str).astype(object)
        digits[np.isnan(values)] = None
        return digits
    out: Objects = np.array(values, dtype=object)
    return out


def text_columns(
    rng: np.random.Generator, cat: Catalog, tables: dict[str, Table]
) -> dict[str, dict[str, Objects]]:
    """Canonical text cells (``None`` = empty) per record type: key columns, then variables."""
    ids = {rt.id: key_ids(rng, rt.id[:2].upper(), tables[rt.id].n) for rt in cat.record_types}
    root = cat.record_types[0]
    out: dict[str, dict[str, Objects]] = {}
    for rt in cat.record_types:
        table = tables[rt.id]
        links: dict[str, tuple[Objects, Ints]] = {
            rt.key: (ids[rt.id], np.arange(table.n)),
            root.key: (ids[root.id], table.child),
        }
        if rt.parent is not None:
            links[cat.record_type(rt.parent).key] = (ids[rt.parent], table.parent)
        for field, (target, pos) in table.refs.items():
            links[field] = (ids[target], pos)
        empty = np.full(table.n, None, dtype=object)
        data: dict[str, Objects] = {}
        for kf in rt.keys:
            link = links.get(kf.field)
            data[kf.field] = _refs(*link) if link else _text(table.cols.get(kf.field, empty))
        for var in cat.variables_of(rt.id):
            data[var.id] = _text(table.cols.get(var.id, empty))
        out[rt.id] = data
    return out


def text_frames(columns: dict[str, dict[str, Objects]]) -> dict[str, pd.DataFrame]:
    """Frames of pandas' string dtype, rows numbered from 1 (as read from CSV)."""
    frames: dict[str, pd.DataFrame] = {}
    for rt, data in columns.items():
        n = len(next(iter(data.values())))
        index = pd.RangeIndex(1, n + 1)
        frames[rt] = pd.DataFrame(
            {name: pd.Series(cells, index=index, dtype="str") for name, cells in data.items()},
            index=index,
        )
    return frames


def _refs(ids: Objects, pos: Ints) -> Objects:
    out: Objects = ids[np.maximum(pos, 0)] if len(ids) else np.full(len(pos), None, dtype=object)
    out = out.copy()
    out[pos < 0] = None
    return out
