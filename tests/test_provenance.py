"""Provenance: findings name the export's file and row on every path (issue #17), by property."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bbic_su
from bbic_su.frames.dataset import SOURCE_FILE, SOURCE_ROW


@st.composite
def _imported(draw: st.DrawFn) -> bbic_su.Dataset:
    """A barn table as an import leaves it: rows with gaps (rejected rows), some bad cells."""
    rows = draw(st.lists(st.integers(1, 500), min_size=1, max_size=25, unique=True))
    rows.sort()
    kon = draw(
        st.lists(
            st.sampled_from(["flicka", "pojke", "x", None]), min_size=len(rows), max_size=len(rows)
        )
    )
    files = draw(st.sampled_from(["barn.csv", "Barn export 2024.csv"]))
    frame = pd.DataFrame(
        {
            "barn_id": [f"b{r}" for r in rows],
            "kon": kon,
            "fodelsear": ["2015"] * len(rows),
            SOURCE_FILE: [files] * len(rows),
            SOURCE_ROW: [str(r) for r in rows],
        }
    )
    return bbic_su.Dataset({"barn": frame})


def _located(report: bbic_su.ValidationReport) -> list[tuple[object, ...]]:
    return [(i.code.value, i.row, i.file, i.variable) for i in report.issues]


@settings(max_examples=20)
@given(_imported(), st.sampled_from(["csv", "xlsx", "parquet"]))
def test_rows_and_files_survive_writing_and_reading(ds: bbic_su.Dataset, fmt: str) -> None:
    """The same findings, rows and files before and after the canonical folder or workbook."""
    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    if fmt == "xlsx":
        pytest.importorskip("openpyxl")
    before = bbic_su.validate(ds)
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / ("ds.xlsx" if fmt == "xlsx" else "ds")
        bbic_su.write_dataset(ds, target, format=fmt)  # type: ignore[arg-type]
        back = bbic_su.read_dataset(target)
    assert list(back["barn"].index) == list(ds["barn"].index)
    assert SOURCE_ROW not in back["barn"].columns and SOURCE_FILE not in back["barn"].columns
    after = bbic_su.validate(back)
    assert _located(after) == _located(before)
    assert all(i.file == ds.source_files["barn"].iloc[0] for i in after.issues if i.row)


def test_frames_without_provenance_are_unchanged() -> None:
    """A dataset built in Python keeps its own index and names no file."""
    ds = bbic_su.Dataset({"barn": pd.DataFrame({"barn_id": ["b1"], "kon": ["x"]})})
    assert ds.source_files == {} and list(ds["barn"].index) == [1]
    assert all(i.file is None for i in bbic_su.validate(ds).issues)
