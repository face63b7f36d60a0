"""The canonical dataset: frames per record type, readers, writers, typed views, derivations."""

from __future__ import annotations

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
