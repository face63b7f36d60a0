"""bbic-su: the BBIC follow-up variables as executable, tested data.

>>> import bbic_su
>>> cat = bbic_su.catalog()
>>> cat.variable("kon").name_sv
'Kön'
>>> bbic_su.SPEC_VERSION
'0.1.0'

The catalogue is a reconstruction from public sources, not Socialstyrelsen's
official variable annex; every entry carries an evidence status
(``confirmed``, ``named``, ``adjacent`` or ``provisional``) and its sources.
BBIC is a trademark of Socialstyrelsen; this library is independent of it.

Importing the package is cheap: nothing is read and pandas is not imported
until a function that needs it is called.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bbic_su._version import __version__
from bbic_su.errors import (
    BbicSuError,
    ConversionError,
    ExpressionError,
    PlanError,
    SpecDataError,
    UnknownIdError,
)
from bbic_su.plan import FollowUpPlan, load_plan
from bbic_su.spec import Catalog, catalog, load_catalog, requirement_id

if TYPE_CHECKING:
    SPEC_VERSION: str

__all__ = [
    "SPEC_VERSION",
    "BbicSuError",
    "Catalog",
    "ConversionError",
    "Dataset",
    "DatasetError",
    "ExpressionError",
    "FollowUpPlan",
    "PlanError",
    "SpecDataError",
    "UnknownIdError",
    "__version__",
    "catalog",
    "load_catalog",
    "load_plan",
    "read_dataset",
    "requirement_id",
    "write_dataset",
]

# Public names whose modules import pandas (or other heavy dependencies): loaded
# on first attribute access, so ``import bbic_su`` stays light.
_LAZY: dict[str, str] = {
    "Dataset": "bbic_su.dataset",
    "DatasetError": "bbic_su.dataset",
    "read_dataset": "bbic_su.dataset",
    "write_dataset": "bbic_su.dataset",
}


def __getattr__(name: str) -> Any:
    if name == "SPEC_VERSION":
        from bbic_su._specload import spec_version

        return spec_version()
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'bbic_su' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__) | set(_LAZY))
