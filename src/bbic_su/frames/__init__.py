"""The canonical dataset: frames per record type, readers, writers, typed views, derivations."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bbic_su._exports import lazy

if TYPE_CHECKING:
    from bbic_su.frames.dataset import (
        SOURCE_FILE,
        SOURCE_ROW,
        Dataset,
        DatasetError,
        DatasetFormat,
        NoDataError,
        read_dataset,
        require_records,
        write_dataset,
    )
    from bbic_su.frames.derivation import (
        NEEDS_EXTRACTION_DATE,
        DerivedColumns,
        derive,
        derive_columns,
        derived_variables,
        lacking,
        with_columns,
    )

__all__ = [
    "NEEDS_EXTRACTION_DATE",
    "SOURCE_FILE",
    "SOURCE_ROW",
    "Dataset",
    "DatasetError",
    "DatasetFormat",
    "DerivedColumns",
    "NoDataError",
    "derive",
    "derive_columns",
    "derived_variables",
    "lacking",
    "read_dataset",
    "require_records",
    "with_columns",
    "write_dataset",
]

__getattr__, __dir__ = lazy(
    __name__,
    {
        "Dataset": "bbic_su.frames.dataset",
        "DatasetError": "bbic_su.frames.dataset",
        "DatasetFormat": "bbic_su.frames.dataset",
        "DerivedColumns": "bbic_su.frames.derivation",
        "NEEDS_EXTRACTION_DATE": "bbic_su.frames.derivation",
        "NoDataError": "bbic_su.frames.dataset",
        "SOURCE_FILE": "bbic_su.frames.dataset",
        "SOURCE_ROW": "bbic_su.frames.dataset",
        "derive": "bbic_su.frames.derivation",
        "derive_columns": "bbic_su.frames.derivation",
        "derived_variables": "bbic_su.frames.derivation",
        "lacking": "bbic_su.frames.derivation",
        "read_dataset": "bbic_su.frames.dataset",
        "require_records": "bbic_su.frames.dataset",
        "with_columns": "bbic_su.frames.derivation",
        "write_dataset": "bbic_su.frames.dataset",
    },
)
