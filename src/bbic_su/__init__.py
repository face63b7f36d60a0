"""bbic-su: the BBIC follow-up variables as executable, tested data.

>>> import bbic_su
>>> cat = bbic_su.catalog()
>>> cat.variable("kon").name_sv
'Kön'
>>> bbic_su.SPEC_VERSION
'0.2.0'

The catalogue is a reconstruction from public sources, not Socialstyrelsen's
official variable annex; every entry carries an evidence status
(``confirmed``, ``named``, ``adjacent`` or ``provisional``) and its sources.
BBIC is a trademark of Socialstyrelsen; this library is independent of it.

Importing the package is cheap: nothing is read and pandas is not imported
until a function that needs it is called.
"""

from __future__ import annotations

import importlib
import warnings
from typing import TYPE_CHECKING, Any

from bbic_su._exports import install as _install_aliases
from bbic_su._version import __version__
from bbic_su.errors import (
    BbicSuError,
    ConversionError,
    ExpressionError,
    InternalError,
    PlanError,
    SpecDataError,
    UnknownIdError,
)

if TYPE_CHECKING:
    from bbic_su._result import Result
    from bbic_su.conformance._kit import check_conformance
    from bbic_su.conformance._report import ConformanceFailed, ConformanceReport
    from bbic_su.demo._run import DemoResult, run_demo
    from bbic_su.frames._readers import ExportReadError
    from bbic_su.frames.dataset import Dataset, DatasetError, read_dataset, write_dataset
    from bbic_su.frames.derivation import derive
    from bbic_su.importing.draft import draft_profile
    from bbic_su.importing.importer import import_export
    from bbic_su.importing.privacy import PseudonymKeyError, looks_like_personnummer, pseudonymise
    from bbic_su.importing.profile import MappingProfile, ProfileError, load_profile
    from bbic_su.importing.report import ImportFailed, ImportReport
    from bbic_su.interchange import (
        csv_template,
        data_package,
        json_schema,
        table_schema,
        write_xlsx_template,
    )
    from bbic_su.interchange.render import render_export
    from bbic_su.measures._compute import MeasureError, compute
    from bbic_su.measures._table import MeasureTable
    from bbic_su.measures.comparisons import compare, compare_periods, trend
    from bbic_su.measures.disclosure import suppress
    from bbic_su.reporting import ReportError, report
    from bbic_su.reporting._aggregate_package import (
        AggregatePackage,
        PackageError,
        read_package,
        write_package,
    )
    from bbic_su.reporting._pooling import PoolError, PoolResult, pool
    from bbic_su.spec._catalog import Catalog, catalog, load_catalog, requirement_id
    from bbic_su.spec.issue_codes import ISSUE_CODES, IssueCode
    from bbic_su.spec.plan import FollowUpPlan, load_plan
    from bbic_su.spec.requirements import Requirement
    from bbic_su.validation._validate import validate, validate_record
    from bbic_su.validation.issues import Issue
    from bbic_su.validation.report import ValidationFailed, ValidationReport

    SPEC_VERSION: str

__all__ = [
    "ISSUE_CODES",
    "SPEC_VERSION",
    "AggregatePackage",
    "BbicSuError",
    "Catalog",
    "ConformanceFailed",
    "ConformanceReport",
    "ConversionError",
    "Dataset",
    "DatasetError",
    "DemoResult",
    "ExportReadError",
    "ExpressionError",
    "FollowUpPlan",
    "ImportFailed",
    "ImportReport",
    "InternalError",
    "Issue",
    "IssueCode",
    "MappingProfile",
    "MeasureError",
    "MeasureTable",
    "PackageError",
    "PlanError",
    "PoolError",
    "PoolResult",
    "ProfileError",
    "PseudonymKeyError",
    "ReportError",
    "Requirement",
    "Result",
    "SpecDataError",
    "UnknownIdError",
    "ValidationFailed",
    "ValidationReport",
    "__version__",
    "catalog",
    "check_conformance",
    "compare",
    "compare_periods",
    "compute",
    "csv_template",
    "data_package",
    "derive",
    "draft_profile",
    "import_export",
    "json_schema",
    "load_catalog",
    "load_plan",
    "load_profile",
    "looks_like_personnummer",
    "pool",
    "pseudonymise",
    "read_dataset",
    "read_package",
    "render_export",
    "report",
    "requirement_id",
    "run_demo",
    "suppress",
    "table_schema",
    "trend",
    "validate",
    "validate_record",
    "write_dataset",
    "write_package",
    "write_xlsx_template",
]

# Every public name but the errors and the version is loaded on first attribute
# access, so ``import bbic_su`` stays light (no pandas, no attrs model classes);
# type checkers see the real imports in the TYPE_CHECKING block above.
_LAZY: dict[str, str] = {
    "Catalog": "bbic_su.spec",
    "FollowUpPlan": "bbic_su.spec.plan",
    "catalog": "bbic_su.spec",
    "load_catalog": "bbic_su.spec",
    "load_plan": "bbic_su.spec.plan",
    "requirement_id": "bbic_su.spec",
    "ISSUE_CODES": "bbic_su.spec.issue_codes",
    "Dataset": "bbic_su.frames.dataset",
    "DatasetError": "bbic_su.frames.dataset",
    "read_dataset": "bbic_su.frames.dataset",
    "write_dataset": "bbic_su.frames.dataset",
    "Issue": "bbic_su.validation.issues",
    "IssueCode": "bbic_su.spec.issue_codes",
    "ValidationReport": "bbic_su.validation.report",
    "Result": "bbic_su._result",
    "ValidationFailed": "bbic_su.validation.report",
    "ReportError": "bbic_su.reporting",
    "report": "bbic_su.reporting",
    "validate": "bbic_su.validation",
    "validate_record": "bbic_su.validation",
    "ExportReadError": "bbic_su.frames._readers",
    "ImportReport": "bbic_su.importing.report",
    "ImportFailed": "bbic_su.importing.report",
    "MappingProfile": "bbic_su.importing.profile",
    "ProfileError": "bbic_su.importing.profile",
    "PseudonymKeyError": "bbic_su.importing.privacy",
    "draft_profile": "bbic_su.importing.draft",
    "import_export": "bbic_su.importing.importer",
    "load_profile": "bbic_su.importing.profile",
    "looks_like_personnummer": "bbic_su.importing.privacy",
    "pseudonymise": "bbic_su.importing.privacy",
    "render_export": "bbic_su.interchange.render",
    "csv_template": "bbic_su.interchange",
    "data_package": "bbic_su.interchange",
    "json_schema": "bbic_su.interchange",
    "table_schema": "bbic_su.interchange",
    "write_xlsx_template": "bbic_su.interchange",
    "MeasureError": "bbic_su.measures",
    "MeasureTable": "bbic_su.measures",
    "compute": "bbic_su.measures",
    "derive": "bbic_su.frames.derivation",
    "suppress": "bbic_su.measures.disclosure",
    "compare": "bbic_su.measures.comparisons",
    "compare_periods": "bbic_su.measures.comparisons",
    "trend": "bbic_su.measures.comparisons",
    "ConformanceReport": "bbic_su.conformance",
    "ConformanceFailed": "bbic_su.conformance",
    "check_conformance": "bbic_su.conformance",
    "Requirement": "bbic_su.spec.requirements",
    "DemoResult": "bbic_su.demo",
    "run_demo": "bbic_su.demo",
    "AggregatePackage": "bbic_su.reporting._aggregate_package",
    "PackageError": "bbic_su.reporting._aggregate_package",
    "read_package": "bbic_su.reporting._aggregate_package",
    "write_package": "bbic_su.reporting._aggregate_package",
    "PoolError": "bbic_su.reporting._pooling",
    "PoolResult": "bbic_su.reporting._pooling",
    "pool": "bbic_su.reporting._pooling",
}
_SPEC_VERSION = {"spec_version": "bbic_su.spec._load"}
"""Where ``SPEC_VERSION`` is read from, on first access (a function call, not a name)."""


_install_aliases()  # the module paths of 0.2 (bbic_su.dataset, ...), deprecated


_RENAMED: dict[str, str] = {"ConformanceResult": "ConformanceReport", "Report": "ValidationReport"}
"""Old name -> new name, deprecated for one minor release (they go in 0.4)."""


def __getattr__(name: str) -> Any:
    if name in _RENAMED:
        new = _RENAMED[name]
        warnings.warn(
            f"bbic_su.{name} is deprecated; use bbic_su.{new} (it goes in 0.4)",
            DeprecationWarning,
            stacklevel=2,
        )
        return __getattr__(new)
    if name == "SPEC_VERSION":
        return importlib.import_module(_SPEC_VERSION["spec_version"]).spec_version()
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'bbic_su' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__) | set(_LAZY))
