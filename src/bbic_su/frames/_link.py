"""Linking records to their ancestors by key, and the key findings, vectorised.

>>> import pandas as pd, bbic_su
>>> from bbic_su.frames._link import link_views
>>> from bbic_su.frames._views import build_view
>>> cat = bbic_su.catalog()
>>> ds = bbic_su.Dataset({
...     "barn": pd.DataFrame({"barn_id": ["b1", "b2"]}),
...     "utredning": pd.DataFrame({"utredning_id": ["u1", "u2", "u3"],
...                                "barn_id": ["b2", "b9", None]}),
... })
>>> views = {rt: build_view(cat, rt, ds[rt]) for rt in ds.record_types}
>>> link_views(cat, views)
>>> views["utredning"].pos["barn"].tolist()  # position of each record's child; -1: none
[1, -1, -1]

Every key column is factorised (one hash pass, codes in order of first appearance), so
duplicates are found without sorting and a reference is matched to the first usable
record with its key (not missing, not an unsafe key). :func:`link_views` only sets
:attr:`View.pos <bbic_su.frames._views.View.pos>`; :func:`key_findings` adds the
masks of the key findings validation reports (duplicate keys, missing parents, records
whose child differs from their parent's).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import numpy.typing as npt
import pandas as pd

from bbic_su.frames._keyids import MISSING, KeyIds, duplicated, first_positions
from bbic_su.frames._views import View
from bbic_su.spec._catalog import Catalog
from bbic_su.spec.issue_codes import IssueCode

__all__ = ["KeyFinding", "first_seen", "key_codes", "key_findings", "link_views", "lookup"]

IntArray = npt.NDArray[np.intp]
BoolArray = npt.NDArray[np.bool_]
KeyFinding = tuple[IssueCode, str, str | None, str, BoolArray]
"""Issue code, key column, rule, parent record type (or ``""``) and the rows it concerns."""


def key_codes(*columns: pd.Series) -> IntArray:
    """Codes of the values of ``columns`` laid end to end (-1 for missing).

    Equal values get equal codes, in order of first appearance, so the codes of the
    first column are ``0 … k-1`` where they first occur.
    """
    if len(columns) == 1:
        both = columns[0]
    else:
        both = pd.concat([c.reset_index(drop=True) for c in columns], ignore_index=True)
    codes, _ = pd.factorize(both, use_na_sentinel=True)
    return np.asarray(codes, dtype=np.intp)


def first_seen(codes: IntArray) -> BoolArray:
    """True where a code (from :func:`key_codes`) occurs for the first time."""
    if len(codes) == 0:
        return np.zeros(0, dtype=bool)
    before = np.maximum.accumulate(np.concatenate(([-1], codes[:-1])))
    return np.asarray(codes > before, dtype=bool)


def lookup(parent: View, refs: pd.Series, ids: KeyIds | None = None) -> IntArray:
    """Position of each reference in ``parent`` (first occurrence of its key; -1 if absent).

    Missing references, keys of ``parent`` that failed to parse and references to them
    give -1; an empty ``parent`` gives -1 everywhere.
    """
    n, m = len(refs), parent.n
    if n == 0 or m == 0:
        return np.full(n, -1, dtype=np.intp)
    found = first_positions(parent.ids(parent.pk), ids) if ids is not None else None
    if found is not None:
        if parent.pk in parent.failed:  # the failure is a function of the key text
            hit = found >= 0
            found[hit] = np.where(parent.failed[parent.pk][found[hit]], -1, found[hit])
        return found
    codes = key_codes(parent.columns[parent.pk], refs)
    ours, theirs = codes[:m], codes[m:]
    first = np.flatnonzero(first_seen(ours))  # first[k]: first parent row with code k
    table = np.full(max(len(first), int(theirs.max()) + 1) + 1, -1, dtype=np.intp)
    table[: len(first)] = first
    if parent.pk in parent.failed:  # the failure is a function of the key text
        table[: len(first)][parent.failed[parent.pk][first]] = -1
    return table[theirs]  # -1 (missing) picks the last entry, always -1


def _link_view(cat: Catalog, views: Mapping[str, View], view: View) -> None:
    rt = cat.record_type(view.record_type)
    cols = view.columns
    for anc in cat.ancestors(rt.id):
        if anc.id not in views:
            continue
        if anc.id == rt.parent and rt.parent_key is not None:
            ids = view.ids(rt.parent_key)
            view.pos[anc.id] = lookup(views[anc.id], cols[rt.parent_key], ids)
        elif "barn_id" in cols and anc.key == "barn_id":
            view.pos[anc.id] = lookup(views[anc.id], cols["barn_id"], view.ids("barn_id"))
        elif rt.parent in view.pos and anc.id in views[rt.parent].pos:
            via = view.pos[rt.parent]
            up = views[rt.parent].pos[anc.id]
            view.pos[anc.id] = np.where(via >= 0, up[np.maximum(via, 0)], -1) if len(up) else via


def link_views(cat: Catalog, views: Mapping[str, View]) -> None:
    """Set :attr:`View.pos` of every view: positions of its records' ancestors.

    Views are linked in catalogue order, each to the ancestors among ``views``; no
    findings are made (see :func:`key_findings`).

    Args:
        cat: The catalogue.
        views: Typed views by record type id (from ``build_view``).
    """
    linked: dict[str, View] = {}
    for rt in cat.record_types:
        if rt.id in views:
            linked[rt.id] = views[rt.id]
            _link_view(cat, linked, views[rt.id])


def _differs(ours: pd.Series, theirs: pd.Series) -> BoolArray:
    """Rows where both keys are given and differ."""
    codes = key_codes(ours, theirs)
    a, b = codes[: len(ours)], codes[len(ours) :]
    return np.asarray((a >= 0) & (b >= 0) & (a != b), dtype=bool)


def key_findings(cat: Catalog, views: Mapping[str, View], view: View) -> list[KeyFinding]:
    """Link ``view`` to its ancestors in ``views`` and return its key findings.

    Findings, in order: duplicate primary keys (all but the first occurrence), then
    per reference column: references to a missing parent, and records whose parent
    belongs to another child.
    """
    _link_view(cat, views, view)
    rt = cat.record_type(view.record_type)
    cols = view.columns
    pk_rule = next((k.rule for k in rt.keys if k.role == "primary"), None)
    found: list[KeyFinding] = [
        (IssueCode.DUPLICATE_KEY, rt.key, pk_rule, "", duplicated(view.ids(rt.key).values))
    ]
    for kf in rt.keys:
        target = kf.field.removesuffix("_id")
        if kf.role not in ("parent_ref", "optional_ref") or target not in views:
            continue
        if target == rt.id or f"{target}_id" != kf.field:
            continue
        pos = lookup(views[target], cols[kf.field], view.ids(kf.field))
        usable: BoolArray = cols[kf.field].notna().to_numpy(dtype=bool)
        if kf.field in view.failed:
            usable = usable & ~view.failed[kf.field]
        code = IssueCode.MISSING_PARENT
        found.append((code, kf.field, kf.rule, target, usable & (pos < 0)))
        if target != "barn" and "barn_id" in views[target].columns:
            hit = np.flatnonzero(pos >= 0)
            other = np.zeros(view.n, dtype=bool)
            a, b = view.ids("barn_id"), views[target].ids("barn_id")
            if a.words and b.words:
                x, y = a.values[hit], b.values[pos[hit]]
                other[hit] = (x != MISSING) & (y != MISSING) & (x != y)
            else:
                theirs = views[target].columns["barn_id"].take(pos[hit])
                other[hit] = _differs(cols["barn_id"].take(hit), theirs)
            code = IssueCode.PARENT_CHILD_MISMATCH
            found.append((code, kf.field, kf.rule, target, other))
    return found
