"""Typed views parsed once per dataset and catalogue, shared by validate, compute and report.

>>> import pandas as pd, bbic_su
>>> from bbic_su.frames._typed_views import recall
>>> ds = bbic_su.Dataset({"barn": pd.DataFrame({"barn_id": ["b1"], "kon": ["flicka"]})})
>>> recall(ds, ds.catalog) is None
True
>>> report = bbic_su.validate(ds)
>>> sorted(recall(ds, ds.catalog))
['barn']

:func:`bbic_su.validate` parses every column of every record type (it needs the
findings of each cell) and leaves its linked views here; :func:`bbic_su.compute` and
:func:`bbic_su.report` then read them instead of parsing the frames again. The views
are held weakly by dataset (they go when the dataset goes) and are used only while
the dataset holds the same frame objects, with the same lengths and columns, and for
the same catalogue object. A frame changed in place (same object, same shape) is not
detected: build a new :class:`~bbic_su.Dataset` after editing frames.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

import attrs

from bbic_su.frames._views import View, add_column

if TYPE_CHECKING:
    from bbic_su.frames.dataset import Dataset
    from bbic_su.spec._catalog import Catalog

__all__ = ["forget", "inherit", "recall", "remember"]

_Fingerprint = tuple[tuple[str, int, int, tuple[str, ...]], ...]
_HELD: weakref.WeakKeyDictionary[Dataset, tuple[int, _Fingerprint, dict[str, View]]] = (
    weakref.WeakKeyDictionary()
)


def _fingerprint(dataset: Dataset) -> _Fingerprint:
    return tuple(
        (name, id(frame), len(frame), tuple(str(c) for c in frame.columns))
        for name, frame in dataset.frames.items()
    )


def remember(dataset: Dataset, cat: Catalog, views: Mapping[str, View]) -> None:
    """Hold ``views`` (every column of every present record type, linked) for ``dataset``."""
    _HELD[dataset] = (id(cat), _fingerprint(dataset), dict(views))


def recall(dataset: Dataset, cat: Catalog) -> dict[str, View] | None:
    """The views held for ``dataset`` and ``cat``, or ``None`` when none or stale."""
    held = _HELD.get(dataset)
    if held is None or held[0] != id(cat) or held[1] != _fingerprint(dataset):
        return None
    return dict(held[2])


def forget(dataset: Dataset) -> None:
    """Drop the views held for ``dataset`` (e.g. to free their memory)."""
    _HELD.pop(dataset, None)


def inherit(
    source: Dataset, target: Dataset, cat: Catalog, changed: Iterable[tuple[str, str]]
) -> None:
    """Hold views for ``target``: ``source``'s, with the ``changed`` columns parsed anew.

    For a dataset made from another by setting columns (e.g. derived variables): only
    those columns are parsed; nothing is held when ``source`` has no views.

    Args:
        source: The dataset the views are held for.
        target: The new dataset (same records, some columns set).
        cat: The catalogue of both.
        changed: ``(record type, column)`` pairs set in ``target``.
    """
    held = recall(source, cat)
    if held is None:
        return
    views = {}
    for rt, view in held.items():
        views[rt] = attrs.evolve(view, columns=dict(view.columns), failed=dict(view.failed))
        views[rt].pos = view.pos
    for rt, name in changed:
        target_view = views.get(rt)
        kind = cat.columns_of(rt).get(name) if target_view is not None else None
        if target_view is None or kind is None:
            continue
        view = target_view
        frame = target.frames[rt]
        view.failed.pop(name, None)
        add_column(view, (name, kind, frame[name], cat.codes_of(name)))
    remember(target, cat, views)
