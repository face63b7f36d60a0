"""The XLSX registration template: structure, plan restriction, shipped profile and round trip."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from schema_support import frames_of, linked_datasets
from strategies import CAT

import bbic_su
from bbic_su.frames._cells import text_frame
from bbic_su.importing.profile import load_profile, profile_from_dict, shipped_profile_path
from bbic_su.interchange import (
    template_layout,
    write_xlsx_template,
    xlsx_template_profile,
    xlsx_template_profile_yaml,
)
from bbic_su.interchange._xlsx_layout import DATA_ROW, ID_ROW, TICK, TemplateSheet

PLAN = bbic_su.FollowUpPlan.from_dict(
    {
        "name": "Barnets röst",
        "question": "Får barnen komma till tals i utredningen?",
        "variables": [
            "kon",
            "barnet_traffat_enskilt",
            "grundproblematik",
            "antal_samtal_med_barnet",
        ],
        "mandatory": ["barnet_traffat_enskilt"],
    }
)
SETTINGS = settings(
    max_examples=2, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Any:
    path = write_xlsx_template(tmp_path_factory.mktemp("mall") / "mall.xlsx")
    return openpyxl.load_workbook(path)


def test_sheets_and_hidden_codes(book: Any) -> None:
    names = [rt.name_sv for rt in CAT.record_types]
    assert book.sheetnames == ["Instruktioner", *names, "koder"]
    assert book.active.title == "Instruktioner"
    assert book["koder"].sheet_state == "hidden"
    assert all(book[n].sheet_state == "visible" for n in names)


def test_headers_ids_and_frozen_panes(book: Any) -> None:
    for sheet in template_layout():
        ws = book[sheet.name]
        rt = sheet.record_type
        assert ws.row_dimensions[ID_ROW].hidden
        assert ws.freeze_panes == f"B{DATA_ROW}"
        headers = [c.value for c in ws[1]]
        ids = [c.value for c in ws[ID_ROW]]
        assert headers == [c.header for c in sheet.columns]
        assert ids == [c.column_id for c in sheet.columns]
        assert [i for i in ids if ":" not in i] == [
            *rt.key_fields,
            *(v.id for v in CAT.variables_of(rt.id) if v.datatype != "codes"),
        ]
        for col, cell in zip(sheet.columns, ws[1], strict=True):
            assert cell.comment is not None and col.column_id in cell.comment.text
            if col.variable is not None and col.kind != "option":
                assert col.header.removesuffix(" *") == col.variable.name_sv
            assert col.header.endswith(" *") == (col.required is not None)


def _validations(ws: Any) -> dict[str, Any]:
    found = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            assert rng.min_row == DATA_ROW and rng.max_row == 1_048_576
            found[rng.coord.split(":")[0].rstrip("0123456789")] = dv
    return found


def test_every_column_has_a_validation(book: Any) -> None:
    from openpyxl.utils import get_column_letter

    koder = book["koder"]
    for sheet in template_layout():
        dvs = _validations(book[sheet.name])
        for j, col in enumerate(sheet.columns, start=1):
            dv = dvs[get_column_letter(j)]
            if col.kind == "code":
                assert col.variable is not None
                vs = CAT.value_set(str(col.variable.value_set))
                assert dv.type == "list" and dv.formula1 == f"lista_{vs.id}"
                ref = book.defined_names[f"lista_{vs.id}"].attr_text
                cells = koder[ref.split("!")[1].replace("$", "")]
                assert [r[0].value for r in cells] == [c.label_sv for c in vs.codes]
                assert [koder.cell(r[0].row, 2).value for r in cells] == list(vs.code_ids)
            elif col.kind == "option":
                assert (dv.type, dv.formula1) == ("list", f'"{TICK}"')
            elif col.kind == "date":
                assert dv.type == "date"
            elif col.kind == "integer":
                assert dv.type == "whole"
                assert col.variable is not None
                ranges = [r.range for r in col.variable.rules if r.range]
                if ranges:
                    assert (int(dv.formula1), int(dv.formula2)) == ranges[0]
            else:
                assert (dv.type, dv.formula1) == ("textLength", "64")
            assert dv.allow_blank and dv.showErrorMessage


def test_instructions_in_swedish(book: Any) -> None:
    text = "\n".join(
        str(c.value) for row in book["Instruktioner"].iter_rows() for c in row if c.value
    )
    for needed in (
        "personnummer",
        "Preliminär",
        "xlsx_mall",
        "ÅÅÅÅ-MM-DD",
        "Barn-id",
        "BBIC-SU-VAR-kon",
    ):
        assert needed in text


def test_provisional_headers_are_marked(book: Any) -> None:
    for sheet in template_layout():
        for j, col in enumerate(sheet.columns, start=1):
            status = col.variable.status if col.variable is not None else None
            if col.option is not None and col.option.status is not None:
                status = col.option.status
            fill = book[sheet.name].cell(1, j).fill.fgColor.rgb
            assert (fill == "00FFF2CC") == (status == "provisional")


def test_plan_restricts_sheets_and_columns(tmp_path: Path) -> None:
    path = write_xlsx_template(tmp_path / "plan.xlsx", plan=PLAN)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Instruktioner", "Barn", "Utredning", "koder"]
    ids = [c.value for c in wb["Utredning"][ID_ROW]]
    options = [f"grundproblematik:{c}" for c in CAT.value_set("grundproblematik").code_ids]
    assert ids == [
        *CAT.record_type("utredning").key_fields,
        "barnet_traffat_enskilt",
        "antal_samtal_med_barnet",
        *options,
    ]
    headers = [c.value for c in wb["Utredning"][1]]
    assert headers[3] == CAT.variable("barnet_traffat_enskilt").name_sv + " *"
    assert "Barnets röst" in str(wb["Instruktioner"]["A3"].value)


def test_shipped_profile_is_generated_and_loads() -> None:
    assert shipped_profile_path("xlsx_mall").read_text(encoding="utf-8") == (
        xlsx_template_profile_yaml()
    )
    assert load_profile("xlsx_mall") == profile_from_dict(xlsx_template_profile())


def fill(
    path: Path,
    sheets: tuple[TemplateSheet, ...],
    rows: dict[str, list[dict[str, Any]]],
    *,
    labels: bool | None = True,
) -> None:
    """Fill the template as a person would: labels from the lists, X for options, dates.

    ``labels=False`` types codes instead of labels; ``None`` alternates (codes on even rows).
    """
    wb = openpyxl.load_workbook(path)
    for sheet in sheets:
        ws = wb[sheet.name]
        for i, record in enumerate(rows[sheet.record_type.id], start=DATA_ROW):
            for j, col in enumerate(sheet.columns, start=1):
                value = record.get(col.target)
                if value is None or value == []:
                    continue
                if col.kind == "option":
                    assert col.option is not None
                    value = TICK if col.option.code in value else None
                elif col.kind == "code" and (labels or (labels is None and i % 2)):
                    assert col.variable is not None
                    value = CAT.value_set(str(col.variable.value_set)).code(value).label_sv
                elif col.kind == "date":
                    value = dt.date.fromisoformat(value)
                ws.cell(i, j, value)
    wb.save(path)


def records_of(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [
        {k: (None if pd.isna(v) else str(v)) for k, v in row.items()}
        for row in frame.to_dict("records")
    ]


def issues_of(dataset: bbic_su.Dataset, plan: bbic_su.FollowUpPlan | None = None) -> list[Any]:
    report = bbic_su.validate(dataset, plan=plan)
    return [(i.code, i.record_type, i.row, i.key, i.variable, i.value) for i in report.issues]


_TEMPLATES: dict[bool, bytes] = {}


def template_bytes(plan: bbic_su.FollowUpPlan | None, tmp_path: Path) -> bytes:
    """The template (full, or of ``PLAN``), written once per test session."""
    key = plan is not None
    if key not in _TEMPLATES:
        _TEMPLATES[key] = write_xlsx_template(tmp_path / "template.xlsx", plan=plan).read_bytes()
    return _TEMPLATES[key]


def round_trip(
    path: Path,
    rows: dict[str, list[dict[str, Any]]],
    plan: Any,
    profile: Any,
    *,
    labels: bool | None = True,
) -> None:
    assert plan in (None, PLAN)
    sheets = template_layout(plan)
    path.write_bytes(template_bytes(plan, path.parent))
    fill(path, sheets, rows, labels=labels)
    imported, report = bbic_su.import_export(path, profile)
    assert all(f.rows_rejected == 0 and not f.unmapped_values for f in report.files)
    expected = frames_of({s.record_type.id: rows[s.record_type.id] for s in sheets})
    assert imported.record_types == expected.record_types
    for sheet in sheets:
        rt = sheet.record_type.id
        columns = list(dict.fromkeys(c.target for c in sheet.columns))
        want = text_frame(expected[rt])[columns]
        assert list(imported[rt].columns) == columns
        assert list(imported[rt].index) == list(range(1, len(want) + 1))
        assert records_of(imported[rt]) == records_of(want)
    restricted = bbic_su.Dataset(
        {rt: text_frame(expected[rt])[list(imported[rt].columns)] for rt in imported.record_types}
    )
    assert issues_of(imported, plan) == issues_of(restricted, plan)


@SETTINGS
@given(rows=linked_datasets())
def test_round_trip_through_the_shipped_profile(tmp_path: Path, rows: Any) -> None:
    round_trip(tmp_path / "ifylld.xlsx", rows, None, "xlsx_mall")


@SETTINGS
@given(rows=linked_datasets(max_per_type=2))
def test_round_trip_of_a_plan_template(tmp_path: Path, rows: Any) -> None:
    profile = profile_from_dict(xlsx_template_profile(PLAN))
    round_trip(tmp_path / "plan.xlsx", rows, PLAN, profile)


def test_every_label_imports_as_its_code(tmp_path: Path) -> None:
    """Row i of each sheet holds the i-th code of every coded column (cycling); row 1 ticks all.

    Odd rows hold the Swedish labels, even rows the codes themselves (both import).
    """
    rows: dict[str, list[dict[str, Any]]] = {}
    for rt in CAT.record_types:
        coded = [v for v in CAT.variables_of(rt.id) if v.datatype in ("code", "codes")]
        sizes = [len(CAT.value_set(str(v.value_set)).codes) for v in coded]
        rows[rt.id] = []
        for i in range(max(sizes, default=1)):
            record: dict[str, Any] = {k: f"{k}-{i + 1}" for k in rt.key_fields}
            for var in coded:
                codes = CAT.value_set(str(var.value_set)).code_ids
                code = codes[i % len(codes)]
                record[var.id] = (list(codes) if i == 0 else [code]) if var.multi_select else code
            rows[rt.id].append(record)
    round_trip(tmp_path / "alla.xlsx", rows, None, "xlsx_mall", labels=None)
