"""One shape for every result: the shared protocol on each public result type (issue #23).

Each of ValidationReport, ImportReport, ConformanceReport and MeasureTable is made the
way a user makes it (validate, import_export, check_conformance, compute), then checked
against :class:`bbic_su.Result`: ``ok``, ``summary()`` as a JSON-ready dict, ``to_dict``,
``to_frame``, ``to_json`` and ``write_json`` agreeing with each other, and
``raise_for_errors`` returning the result when clean and raising a ``BbicSuError`` when not.
"""

from __future__ import annotations

import ast
import json
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import bbic_su
from bbic_su.importing.profile import example_exports
from bbic_su.synth import generate

SRC = Path(bbic_su.__file__).parent
KEY = "påhittad exempelnyckel, minst 32 byte lång"


def _dataset(kon: str = "flicka") -> bbic_su.Dataset:
    return bbic_su.Dataset(
        {
            "barn": pd.DataFrame(
                {
                    "barn_id": ["b1", "b2"],
                    "kommunkod": ["0180", "0180"],
                    "kon": [kon, "pojke"],
                    "fodelsear": ["2012", "2015"],
                }
            ),
            "utredning": pd.DataFrame(
                {
                    "utredning_id": ["u1", "u2"],
                    "barn_id": ["b1", "b2"],
                    "utredning_avslutad_datum": ["2024-03-01", "2024-05-01"],
                    "barnet_traffat_enskilt": ["ja", "nej"],
                }
            ),
        }
    )


def _validation(clean: bool) -> Any:
    return bbic_su.validate(generate(30, seed=1, error_rate=0.0 if clean else 0.05))


def _import(clean: bool) -> Any:
    name = "exempel_komplett" if clean else "exempel_bred_cp1252"
    return bbic_su.import_export(example_exports(name), name, key=KEY)[1]


def _conformance(clean: bool) -> Any:
    report = bbic_su.check_conformance(example_exports("exempel_lang"), "exempel_lang")
    if clean:  # only the requirements that pass: a clean report of the same type
        import attrs

        return attrs.evolve(report, results=tuple(r for r in report.results if r.outcome != "fail"))
    return report


def _measures(clean: bool) -> Any:
    if clean:
        return bbic_su.compute(_dataset(), ["m_enskilda_samtal_utredning"], by=["kon"])
    only = bbic_su.Dataset({"barn": _dataset()["barn"]})  # no utredning: not computable
    return bbic_su.compute(only, ["m_enskilda_samtal_utredning"], min_count=None)


MAKERS: dict[str, tuple[type, Callable[[bool], Any]]] = {
    "ValidationReport": (bbic_su.ValidationReport, _validation),
    "ImportReport": (bbic_su.ImportReport, _import),
    "ConformanceReport": (bbic_su.ConformanceReport, _conformance),
    "MeasureTable": (bbic_su.MeasureTable, _measures),
}


@pytest.fixture(scope="module", params=sorted(MAKERS))
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def made(kind: str) -> dict[bool, Any]:
    cls, make = MAKERS[kind]
    out = {True: make(True), False: make(False)}
    assert all(type(r) is cls for r in out.values())
    return out


def test_every_result_type_is_public_and_has_the_protocol(kind: str) -> None:
    assert kind in bbic_su.__all__
    cls = getattr(bbic_su, kind)
    for name in ("ok", "summary", "to_dict", "to_frame", "to_json", "write_json"):
        assert hasattr(cls, name), (kind, name)
    assert hasattr(cls, "raise_for_errors")


def test_instances_are_results(made: dict[bool, Any]) -> None:
    for result in made.values():
        assert isinstance(result, bbic_su.Result)


def test_ok_tells_clean_from_not(made: dict[bool, Any]) -> None:
    assert made[True].ok is True
    assert made[False].ok is False


def test_summary_is_a_json_ready_dict(made: dict[bool, Any]) -> None:
    for result in made.values():
        summary = result.summary()
        assert isinstance(summary, dict) and summary
        assert json.loads(json.dumps(summary)) == summary


def test_json_round_trips_through_text_file_and_dict(
    made: dict[bool, Any], tmp_path: Path, kind: str
) -> None:
    for clean, result in made.items():
        text = result.to_json()
        assert isinstance(text, str)
        as_dict = result.to_dict()
        assert json.loads(text) == json.loads(json.dumps(as_dict))
        path = result.write_json(tmp_path / f"{kind}-{clean}.json")
        assert isinstance(path, Path)
        assert json.loads(path.read_text(encoding="utf-8")) == json.loads(text)


def test_to_frame_is_a_dataframe(made: dict[bool, Any]) -> None:
    for result in made.values():
        frame = result.to_frame()
        assert isinstance(frame, pd.DataFrame)
    assert len(made[False].to_frame()) > 0


def test_raise_for_errors_returns_the_clean_and_raises_on_the_rest(
    made: dict[bool, Any],
) -> None:
    assert made[True].raise_for_errors() is made[True]
    with pytest.raises(bbic_su.BbicSuError) as info:
        made[False].raise_for_errors()
    assert str(info.value)


def test_raised_errors_carry_the_result() -> None:
    report = _validation(False)
    with pytest.raises(bbic_su.ValidationFailed) as v:
        report.raise_for_errors()
    assert v.value.report.count_at_or_above("error") == report.count_at_or_above("error") > 0
    conf = _conformance(False)
    with pytest.raises(bbic_su.ConformanceFailed) as c:
        conf.raise_for_errors()
    assert c.value.report is conf and str(c.value).startswith("conformance-failed: ")
    imp = _import(False)
    with pytest.raises(bbic_su.ImportFailed) as i:
        imp.raise_for_errors()
    assert i.value.report is imp
    assert str(i.value) == "import-rejected-rows: 2 of 10 rows rejected"
    table = _measures(False)
    with pytest.raises(bbic_su.MeasureError, match="m_enskilda_samtal_utredning"):
        table.raise_for_errors()


class TestMeasureTable:
    def test_metadata_are_attributes_not_frame_attrs(self) -> None:
        table = _measures(True)
        assert table.min_count == 5 and table.breakdowns == ("kon",)
        assert table.perturbed is False and table.not_computable == {}
        assert table.to_frame().attrs == {}
        assert table.summary()["suppressed"] == int(table.to_frame()["suppressed"].sum())

    def test_to_dict_rows_equal_the_frame(self) -> None:
        table = _measures(True)
        rows = table.to_dict()["rows"]
        frame = table.to_frame()
        assert len(rows) == len(frame) and list(rows[0]) == [str(c) for c in frame.columns]
        assert [r["denominator"] for r in rows] == [
            None if pd.isna(v) else int(v) for v in frame["denominator"]
        ]

    def test_the_dataframe_path_of_0_2_warns_and_still_works(self) -> None:
        table = _measures(True)
        frame = table.to_frame()
        with pytest.warns(DeprecationWarning, match="to_frame"):
            share = table["share"]
        pd.testing.assert_series_equal(share, frame["share"])
        with pytest.warns(DeprecationWarning, match="to_frame"):
            assert table.columns.tolist() == frame.columns.tolist()
        with pytest.warns(DeprecationWarning, match="attributes"):
            assert table.attrs["min_count"] == 5
        assert len(table) == len(frame)
        with pytest.raises(AttributeError):
            _ = table.no_such_thing

    def test_suppress_keeps_the_metadata(self) -> None:
        raw = bbic_su.compute(
            _dataset(), ["m_enskilda_samtal_utredning"], by=["kon"], min_count=None
        )
        assert raw.min_count is None
        published = bbic_su.suppress(raw, min_count=3)
        assert isinstance(published, bbic_su.MeasureTable)
        assert (published.min_count, published.breakdowns) == (3, ("kon",))
        frame = bbic_su.suppress(raw.to_frame(), min_count=3, breakdowns=["kon"])
        pd.testing.assert_frame_equal(frame, published.to_frame())


class TestImportReport:
    def test_summary_is_counts_and_the_lines_have_their_own_name(self) -> None:
        report = _import(False)
        summary = report.summary()
        assert (summary["rows_read"], summary["rows_imported"], summary["rows_rejected"]) == (
            10,
            8,
            2,
        )
        lines = report.summary_lines("sv")
        assert lines[-1].startswith("totalt: lästa 10")
        assert report.to_frame()["balanced"].all()


class TestDeprecatedNames:
    @pytest.mark.parametrize(
        ("module", "old", "new"),
        [
            ("bbic_su", "Report", "ValidationReport"),
            ("bbic_su.validation", "Report", "ValidationReport"),
            ("bbic_su.validation.report", "Report", "ValidationReport"),
            ("bbic_su", "ConformanceResult", "ConformanceReport"),
            ("bbic_su.conformance", "ConformanceResult", "ConformanceReport"),
            ("bbic_su.conformance._kit", "ConformanceResult", "ConformanceReport"),
        ],
    )
    def test_old_names_warn_and_give_the_new_class(self, module: str, old: str, new: str) -> None:
        import importlib

        mod = importlib.import_module(module)
        for _ in range(2):  # every access warns, not only the first
            with pytest.warns(DeprecationWarning, match=f"{old} is deprecated; use .*{new}"):
                got = getattr(mod, old)
            assert got is getattr(bbic_su, new)

    def test_old_names_are_not_exported(self) -> None:
        assert "Report" not in bbic_su.__all__ and "ConformanceResult" not in bbic_su.__all__


class TestKeywordOnly:
    def test_options_are_keyword_only_with_a_deprecated_positional_path(self) -> None:
        ds = _dataset()
        new = bbic_su.compute(ds, ["m_enskilda_samtal_utredning"], by=["kon"], min_count=None)
        with pytest.warns(DeprecationWarning, match=r"compute\(\): pass by, period, plan, min"):
            old = bbic_su.compute(ds, ["m_enskilda_samtal_utredning"], ["kon"], None, None, None)
        pd.testing.assert_frame_equal(old.to_frame(), new.to_frame())
        with pytest.warns(DeprecationWarning, match="pass plan by keyword"):
            assert bbic_su.validate(ds, None) == bbic_su.validate(ds)
        with pytest.warns(DeprecationWarning, match="pass catalog by keyword"):
            bbic_su.validate_record(
                {"barn_id": "b1", "kon": "flicka"}, None, bbic_su.catalog(), record_type="barn"
            )

    def test_too_many_or_doubled_arguments_are_type_errors(self) -> None:
        with pytest.raises(TypeError):
            bbic_su.validate(_dataset(), None, None)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            with pytest.raises(TypeError, match="multiple values"):
                bbic_su.validate(_dataset(), None, plan=None)


def test_one_factory_makes_findings() -> None:
    """No finding's Issue(...) or Template(...) is built by hand outside validation/_findings.py.

    Every finding comes from :func:`bbic_su.validation._findings.template` and
    ``Template.issue`` (wording, codes, rows and keys stay as validate makes them: the
    validation tests check those).
    """
    found = []
    home = SRC / "validation" / "_findings.py"
    for path in sorted(SRC.rglob("*.py")):
        if path == home:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {
            alias.asname or alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom)
            and (node.module or "").startswith("bbic_su.validation")
            for alias in node.names
            if alias.name in ("Issue", "Template")
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in names:
                found.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert found == []
