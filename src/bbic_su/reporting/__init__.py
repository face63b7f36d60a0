"""Reports people read: an Excel workbook, charts and one self-contained HTML page.

>>> import bbic_su
>>> from bbic_su.reporting import ChartOptions, measure_area
>>> ChartOptions(size=(6.0, 3.0), dpi=120).pixels  # every chart PNG is exactly this size
(720, 360)
>>> cat = bbic_su.catalog()
>>> measure_area(cat, cat.measure("m_sip"))  # measures sit in their numerator's area
'samverkan'

:func:`report` (also ``bbic-su report``) computes every measure once, protects it and
renders it as an Excel workbook, chart files and one HTML page; every number shown
passes disclosure control first. A municipality shares counts, not case data:
:func:`write_package` writes an aggregate package (:func:`make_package` holds one in
memory) and :func:`pool` pools many municipalities' packages into a regional report.
Rendering needs the ``report`` extra (openpyxl, matplotlib).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bbic_su._exports import lazy

if TYPE_CHECKING:
    from bbic_su.reporting._aggregate_package import (
        AggregatePackage,
        PackageError,
        make_package,
        measure_csv,
        read_package,
        write_package,
    )
    from bbic_su.reporting._charts import ChartOptions
    from bbic_su.reporting._model import ReportModel, measure_area
    from bbic_su.reporting._pooling import PoolError, PoolResult, pool
    from bbic_su.reporting._report import ReportError, ReportFiles, report

__all__ = [
    "AggregatePackage",
    "ChartOptions",
    "PackageError",
    "PoolError",
    "PoolResult",
    "ReportError",
    "ReportFiles",
    "ReportModel",
    "make_package",
    "measure_area",
    "measure_csv",
    "pool",
    "read_package",
    "report",
    "write_package",
]

__getattr__, __dir__ = lazy(
    __name__,
    {
        "AggregatePackage": "bbic_su.reporting._aggregate_package",
        "ChartOptions": "bbic_su.reporting._charts",
        "PackageError": "bbic_su.reporting._aggregate_package",
        "PoolError": "bbic_su.reporting._pooling",
        "PoolResult": "bbic_su.reporting._pooling",
        "ReportError": "bbic_su.reporting._report",
        "ReportFiles": "bbic_su.reporting._report",
        "ReportModel": "bbic_su.reporting._model",
        "make_package": "bbic_su.reporting._aggregate_package",
        "measure_area": "bbic_su.reporting._model",
        "measure_csv": "bbic_su.reporting._aggregate_package",
        "pool": "bbic_su.reporting._pooling",
        "read_package": "bbic_su.reporting._aggregate_package",
        "report": "bbic_su.reporting._report",
        "write_package": "bbic_su.reporting._aggregate_package",
    },
)
