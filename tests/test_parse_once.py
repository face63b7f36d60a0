"""One parse for the whole pipeline: validate, compute and report share the typed views."""

from __future__ import annotations

import functools
from collections import Counter
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import bbic_su
from bbic_su import synth
from bbic_su.frames import _typed_views, _views
from bbic_su.frames._typed_views import forget, recall
from bbic_su.reporting import _report as report_module
from bbic_su.reporting import report
from bbic_su.validation import _validate as validation_module

MEASURES = ["m_utredning_4_manader", "m_sip"]
WHEN = "2024-12-31"


@functools.cache
def dataset() -> bbic_su.Dataset:
    return synth.generate(children=300, seed=21, period=("2023-01-01", "2024-12-31"))


class _Parses:
    """Counts every column parse (``add_column``) and every ``validate`` call."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.columns: Counter[tuple[str, str]] = Counter()
        self.validations = 0
        add, validate = _views.add_column, validation_module.validate

        def counting_add(view: Any, item: Any, **kw: Any) -> Any:
            self.columns[(view.record_type, item[0])] += 1
            return add(view, item, **kw)

        def counting_validate(*args: Any, **kw: Any) -> Any:
            self.validations += 1
            return validate(*args, **kw)

        # every caller: the view builder and the views held for derived datasets
        monkeypatch.setattr(_views, "add_column", counting_add)
        monkeypatch.setattr(_typed_views, "add_column", counting_add)
        monkeypatch.setattr(validation_module, "validate", counting_validate)
        monkeypatch.setattr(report_module, "validate", counting_validate)  # report's own name


def test_compute_after_validate_parses_nothing_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """compute() on a validated dataset reuses validate()'s views, with the same result."""
    ds = dataset()
    forget(ds)
    alone = bbic_su.compute(ds, MEASURES).to_frame()
    bbic_su.validate(ds)
    assert recall(ds, ds.catalog) is not None
    parses = _Parses(monkeypatch)
    shared = bbic_su.compute(ds, MEASURES).to_frame()
    assert not parses.columns
    pd.testing.assert_frame_equal(shared, alone)


def test_report_validates_once_and_parses_each_column_once(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """report() without a validation validates exactly once; no column is parsed twice."""
    ds = dataset()
    forget(ds)
    parses = _Parses(monkeypatch)
    files = report(ds, html=tmp_path / "r.html", measures=MEASURES, extraction_date=WHEN)
    assert parses.validations == 1
    assert parses.columns and max(parses.columns.values()) == 1
    want = bbic_su.validate(ds, extraction_date=WHEN).counts_by_code()
    assert {c: n for c, _, _, n in files.model.issues if n is not None} == {
        c: n for c, n in want.items() if n >= 5
    }
    assert "deadline-passed-open" in want  # the extraction date reached the validation


def test_report_shows_the_validation_it_is_given(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """report(ds, validation=rep) validates nothing and shows rep's counts."""
    ds = dataset()
    rep = bbic_su.validate(ds, extraction_date=WHEN)
    parses = _Parses(monkeypatch)
    files = report(ds, html=tmp_path / "r.html", measures=MEASURES, validation=rep)
    assert parses.validations == 0
    assert not parses.columns  # the measures read the validation's views
    shown = {c: n for c, _, _, n in files.model.issues}
    assert set(shown) == set(rep.counts_by_code())
    assert all(n is None or n == rep.counts_by_code()[c] for c, n in shown.items())
