"""Compute the catalogue's derived variables from what case workers document.

>>> import pandas as pd, bbic_su
>>> ds = bbic_su.Dataset({
...     "barn": pd.DataFrame({"barn_id": ["b1"], "kommunkod": ["0180"], "fodelsear": ["2010"]}),
...     "aktualisering": pd.DataFrame({"aktualisering_id": ["a1", "a2"], "barn_id": ["b1", "b1"],
...         "aktualiseringsdatum": ["2024-01-10", "2024-09-01"]}),
...     "utredning": pd.DataFrame({"utredning_id": ["u1"], "barn_id": ["b1"],
...         "aktualisering_id": ["a1"], "utredning_inledd_datum": ["2024-01-20"],
...         "utredning_avslutad_datum": ["2024-05-02"]}),
...     "insats": pd.DataFrame({"insats_id": [], "barn_id": [], "insats_startdatum": []}),
...     "uppfoljning": pd.DataFrame({"uppfoljning_id": [], "barn_id": [], "insats_id": [],
...         "insats_avslutad_datum": []}),
... })
>>> out = bbic_su.derive(ds, extraction_date="2024-12-31")
>>> out["aktualisering"][["alder_vid_aktualisering", "ateraktualisering"]].to_numpy().tolist()
[['14', 'nej'], ['14', 'ja']]
>>> out["barn"][["senaste_avslut_datum", "ny_utredning_inom_12_man"]].to_numpy().tolist()
[['2024-05-02', None]]
>>> bbic_su.derive(ds)["barn"].columns.tolist()  # no extraction date: windows are skipped
['barn_id', 'kommunkod', 'fodelsear', 'senaste_avslut_datum']

Each derived variable carries its derivation as an expression in ``spec_data/`` (see
:mod:`bbic_su.spec._derive_lang` for the operators); :func:`derive` evaluates them column by
column, in dependency order, for every derived variable whose column the dataset lacks
(absent or entirely empty). A derivation with a window (``exists_within``) needs the
extraction date: a window that has not closed by then stays empty, and without the date
the variable is not derived at all (:func:`derive_columns` says why). Nor is a
derivation made from record types or documented variables the dataset does not hold
(an export without ``utredning`` cannot tell whether a child was re-reported after a
closed investigation); the measures that need it are then not computable.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs
import numpy as np
import pandas as pd

from bbic_su.errors import ExpressionError
from bbic_su.expr._api import parse, refs, walk
from bbic_su.expr._ast import Call, Expr
from bbic_su.frames._columns import typed_views
from bbic_su.frames._derive_eval import Evaluator, Val, child_codes
from bbic_su.frames._extraction import ExtractionDate, as_extraction_date
from bbic_su.frames._typed_views import inherit
from bbic_su.frames.dataset import Dataset
from bbic_su.spec._catalog import Catalog
from bbic_su.spec._check import CatalogResolver
from bbic_su.spec._derive_lang import needs_extraction_date
from bbic_su.spec.model import Variable

__all__ = [
    "NEEDS_EXTRACTION_DATE",
    "DerivedColumns",
    "derive",
    "derive_columns",
    "derived_variables",
    "lacking",
    "with_columns",
]

NEEDS_EXTRACTION_DATE = "needs-extraction-date"


@attrs.frozen
class DerivedColumns:
    """Derived columns (text, as in a canonical dataset) and the variables not derived."""

    columns: Mapping[tuple[str, str], pd.Series]
    """``(record type, variable)`` -> the derived column (index as the frame's)."""
    skipped: Mapping[str, str]
    """Variable -> why it was not derived (``needs-extraction-date``)."""


def derived_variables(cat: Catalog) -> tuple[Variable, ...]:
    """The catalogue's variables that carry a derivation, in dependency order."""
    todo = [v for v in cat.variables if v.derivation]
    ids = {v.id for v in todo}
    done: list[Variable] = []
    while todo:
        names = {v.id for v in done}
        ready = [v for v in todo if _deps(v, ids) <= names]
        if not ready:  # a cycle: the spec check refuses it; keep catalogue order
            ready = todo[:1]
        done += ready
        todo = [v for v in todo if v not in ready]
    return tuple(done)


def _deps(v: Variable, ids: set[str]) -> set[str]:
    return {r.name for r in refs(parse(v.derivation or "")) if r.name in ids and r.name != v.id}


def _absent_input(cat: Catalog, expr: Expr, dataset: Dataset, derived: set[str]) -> bool:
    """Whether ``expr`` reads a record type or a documented variable the dataset lacks.

    A derivation over absent records would read "no such record" as a fact (every
    child "not re-reported" when no investigations were exported), so it is not made:
    the measures that need the variable then say it is missing, never 0/n.
    """
    names = {r.name for r in refs(expr)}
    if any(isinstance(e, Call) and e.func == "alder" for e in walk(expr)):
        names.add("fodelsear")
    record_types = {rt.id for rt in cat.record_types}
    for name in names - derived:
        if name in record_types:
            if name not in dataset.frames:
                return True
            continue
        owner = cat.variable(name).record_type
        frame = dataset.frames.get(owner)
        if frame is None or name not in frame.columns:
            return True
    return False


def _empty(frame: pd.DataFrame, column: str) -> bool:
    if column not in frame.columns:
        return True
    col = frame[column]
    return bool((col.isna() | (col.astype("string").str.strip() == "")).all())


def lacking(dataset: Dataset, cat: Catalog) -> tuple[Variable, ...]:
    """Derived variables whose record type is present but whose column is absent or empty."""
    return tuple(
        v
        for v in derived_variables(cat)
        if v.record_type in dataset.frames and _empty(dataset[v.record_type], v.id)
    )


def _wanted(cat: Catalog, variables: Iterable[Variable]) -> dict[str, set[str]]:
    wanted: dict[str, set[str]] = {rt.id: set() for rt in cat.record_types}
    wanted["barn"].add("fodelsear")
    for v in variables:
        resolver = CatalogResolver(cat, v.record_type)
        exprs = [parse(v.derivation or "")]
        if v.applies_if:
            exprs.append(parse(v.applies_if))
        for expr in exprs:
            for r in refs(expr):
                if r.record_type is not None and r.name in cat.index.variables:
                    wanted[r.record_type].add(r.name)
                    continue
                try:
                    key = resolver.resolve(r)
                except ExpressionError:
                    continue  # a record-type name (every_has)
                rt_id, _, name = key.rpartition(".")
                wanted[rt_id or v.record_type].add(name)
    return wanted


def _text(v: Variable, val: Val, applies: np.ndarray[Any, Any]) -> pd.Series:
    missing = val.missing | ~applies
    if v.datatype == "date":
        text = np.datetime_as_string(val.values.astype("datetime64[D]"), unit="D").astype(object)
    elif v.datatype == "integer":
        text = val.values.astype(str).astype(object)
    else:
        text = np.where(val.values.astype(bool), "ja", "nej").astype(object)
    text[missing] = None
    return pd.Series(text, dtype=object)


def _typed(v: Variable, val: Val, applies: np.ndarray[Any, Any]) -> pd.Series:
    missing = val.missing | ~applies
    if v.datatype == "date":
        arr = val.values.astype("datetime64[D]").astype("datetime64[s]")
        arr[missing] = np.datetime64("NaT")
        return pd.Series(arr)
    if v.datatype == "integer":
        return pd.Series(pd.array(np.where(missing, 0, val.values), dtype="Int64")).mask(missing)
    return pd.Series(_text(v, val, applies), dtype=object)


def derive_columns(
    dataset: Dataset,
    *,
    extraction_date: ExtractionDate = None,
    variables: Iterable[Variable] | None = None,
    catalog: Catalog | None = None,
) -> DerivedColumns:
    """Derive ``variables`` (default: those the dataset lacks) without changing the dataset.

    Args:
        dataset: The dataset.
        extraction_date: The day the data were extracted (windows close by it); default
            the dataset's own ``extraction_date``.
        variables: The derived variables to compute (their record types must be present).
        catalog: The catalogue (default: the dataset's).
    """
    cat = catalog or dataset.catalog
    if extraction_date is None:
        extraction_date = dataset.extraction_date
    when = as_extraction_date(extraction_date)
    extraction = None if when is None else int(np.datetime64(when, "D").astype(np.int64))
    order = [v.id for v in derived_variables(cat)]
    todo = sorted(
        lacking(dataset, cat) if variables is None else variables, key=lambda v: order.index(v.id)
    )
    skipped: dict[str, str] = {}
    columns: dict[tuple[str, str], pd.Series] = {}
    if not todo:
        return DerivedColumns(columns, skipped)
    views = typed_views(dataset, cat, _wanted(cat, todo))
    children = child_codes(views, cat)
    ids = {v.id for v in cat.variables if v.derivation}
    unread: set[str] = set()
    for v in todo:
        expr: Expr = parse(v.derivation or "")
        if any(d in unread for d in _deps(v, ids)) or _absent_input(cat, expr, dataset, ids):
            unread.add(v.id)  # never derived from records that were not exported
            continue
        blocked = [d for d in _deps(v, ids) if d in skipped]
        if blocked or (extraction is None and needs_extraction_date(expr)):
            skipped[v.id] = skipped[blocked[0]] if blocked else NEEDS_EXTRACTION_DATE
            continue
        ev = Evaluator(cat, v.record_type, views, children, extraction)
        val = ev.value(expr)
        applies = (
            ev.cols.evaluate(parse(v.applies_if)) if v.applies_if else np.ones(ev.n, dtype=bool)
        )
        frame = dataset[v.record_type]
        text = _text(v, val, applies)
        text.index = frame.index
        columns[(v.record_type, v.id)] = text
        views[v.record_type].columns[v.id] = _typed(v, val, applies)
    return DerivedColumns(columns, skipped)


def derive(
    dataset: Dataset,
    *,
    extraction_date: ExtractionDate = None,
    catalog: Catalog | None = None,
) -> Dataset:
    """A copy of ``dataset`` with every derived variable it lacks computed.

    Supplied derived columns are kept as they are (validation compares them with their
    derivation: ``derived-mismatch``). Without ``extraction_date`` the variables whose
    derivation has a window are left out.

    Args:
        dataset: The dataset (not changed).
        extraction_date: The day the data were extracted, a date or ``YYYY-MM-DD``.
        catalog: The catalogue (default: the dataset's).

    Returns:
        A new :class:`~bbic_su.frames.dataset.Dataset` with the derived columns added.
    """
    result = derive_columns(dataset, extraction_date=extraction_date, catalog=catalog)
    return with_columns(dataset, result)


def with_columns(dataset: Dataset, result: DerivedColumns) -> Dataset:
    """``dataset`` with the columns of ``result`` set (a new dataset; frames copied as needed)."""
    if not result.columns:
        return dataset
    frames = dict(dataset.frames)
    for (rt, var), column in result.columns.items():
        frame = frames[rt]
        frame = (
            frame.assign(**{var: column.to_numpy()}) if len(frame) else frame.assign(**{var: []})
        )
        frames[rt] = frame
    out = Dataset(
        frames,
        catalog=dataset._catalog,
        source=dataset.source,
        extraction_date=dataset.extraction_date,
    )
    # the typed columns parsed for ``dataset`` stay valid: parse the set columns alone
    inherit(dataset, out, dataset.catalog, result.columns)
    return out
