"""The demo's last step: every municipality writes a pool package, a region pools them.

>>> from bbic_su.demo._region import FOLDER, kommun_of
>>> FOLDER
'region'
>>> import pandas as pd, bbic_su
>>> kommun_of(bbic_su.Dataset({"barn": pd.DataFrame({"barn_id": ["b1"], "kommunkod": ["9903"]})}))
'9903'

This is how municipalities compare themselves without sharing case data: each one
computes its measures and sends only counts (a *pool* package, confidential, under an
agreement with the pooling party); the region (a regional FoU unit, a county's
development lead, a network) pools them, publishes the protected table and sends each
municipality its own results against all the others together. In the demo folder:

* ``region/paket/<kommunkod>/``: the pool package each municipality sends;
* ``region/published/``, ``region/region/`` and ``region/<kommunkod>/``: what
  :func:`bbic_su.pool` writes;
* ``region/rapport.html`` and ``region/rapport.xlsx``: the regional report, and
  ``region/<kommunkod>/rapport.html`` for each municipality.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from bbic_su.reporting import PoolResult, pool, write_package

if TYPE_CHECKING:
    from bbic_su.frames.dataset import Dataset
    from bbic_su.spec._catalog import Catalog

__all__ = ["FOLDER", "kommun_of", "pool_region"]

FOLDER = "region"
"""The demo's subfolder for the regional flow."""
GRANULARITY = "half"
"""Periods of the packages: half years, so the report shows two periods and a trend."""


def kommun_of(dataset: Dataset) -> str:
    """The (single) kommunkod of a municipality's dataset."""
    codes = sorted({str(x) for x in dataset.frames["barn"]["kommunkod"].dropna()})
    return codes[0] if codes else "okand"


def pool_region(
    folder: Path,
    datasets: Sequence[Dataset],
    *,
    catalog: Catalog,
    extraction_date: str,
    lang: str = "sv",
    measures: Sequence[str] | None = None,
) -> PoolResult:
    """Each dataset writes a pool package into ``folder/paket``; pool them with the report."""
    wanted = list(measures) if measures else [m.id for m in catalog.measures if not m.template]
    paths = []
    for ds in datasets:
        path = folder / "paket" / kommun_of(ds)
        write_package(
            ds,
            path,
            kind="pool",
            measures=wanted,
            by=["kon"],
            period=GRANULARITY,
            extraction_date=extraction_date,
            catalog=catalog,
        )
        paths.append(path)
    return pool(paths, out=folder, report=True, lang=lang)
