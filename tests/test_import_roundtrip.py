"""Property: a canonical dataset written in a random vendor-style layout with the matching
generated profile (random encoding, delimiter, date format, code labels or vendor codes,
multi-select separator or one column per option, wide or long, CSV or xlsx, title block)
and imported again is equal to the original."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import strategies
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import bbic_su
from bbic_su.importing.importer import import_export
from bbic_su.importing.profile import profile_from_dict
from bbic_su.interchange.render import render_export

CAT = bbic_su.catalog()
SAFE_IDS = st.from_regex(r"\A[A-Za-z0-9][A-Za-z0-9_-]{0,8}\Z")
DATE_FORMATS = ["%Y-%m-%d", "%Y%m%d", "%d/%m/%Y", "%Y-%m-%d %H:%M", "excel"]
YES_NO = [
    None,
    {"yes": ["J"], "no": ["N"]},
    {"yes": ["1"], "no": ["0"]},
    {"yes": ["X", "Ja"], "no": ["Nej"]},
]


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        return "|".join(sorted(value)) or None
    return str(value)


@st.composite
def datasets(draw: st.DrawFn) -> tuple[str, pd.DataFrame]:
    rt = draw(st.sampled_from([r.id for r in CAT.record_types]))
    record = CAT.record_type(rt)
    rows = draw(st.lists(strategies.record_dicts(rt), min_size=1, max_size=6))
    keys = draw(st.lists(SAFE_IDS, min_size=len(rows), max_size=len(rows), unique=True))
    columns = [*record.key_fields, *(v.id for v in strategies.national_variables(rt))]
    table = []
    for row, key in zip(rows, keys, strict=True):
        row = dict(row)
        for field in record.key_fields:
            row[field] = draw(SAFE_IDS) if field != record.key else key
        table.append([_text(row[c]) for c in columns])
    frame = pd.DataFrame(table, columns=columns, dtype=object)
    return rt, frame.set_axis(pd.RangeIndex(1, len(frame) + 1), axis=0)


@st.composite
def profiles(draw: st.DrawFn, rt: str) -> dict[str, Any]:
    record = CAT.record_type(rt)
    cols: list[dict[str, Any]] = []
    used: set[str] = set()

    def header(var_id: str, name: str, i: int) -> str:
        h = draw(st.sampled_from([var_id, name, f"Kol {i}"]))
        if h.casefold() in used:
            h = f"Kol {i}"
        used.add(h.casefold())
        return h

    for i, key in enumerate(record.key_fields):
        cols.append(
            {
                "column": header(key, key.replace("_", " ").title(), i),
                "variable": key,
                "kind": "text",
            }
        )
    for i, var in enumerate(strategies.national_variables(rt), start=len(cols)):
        col: dict[str, Any] = {"column": header(var.id, var.name_sv, i), "variable": var.id}
        if var.datatype in ("code", "codes"):
            vs = CAT.value_set(str(var.value_set))
            style = draw(st.sampled_from(["codes", "labels", "vendor"]))
            if style == "labels":
                col["values"] = {c.label_sv: c.code for c in vs.codes}
            elif style == "vendor":
                col["values"] = {f"V{j}": c.code for j, c in enumerate(vs.codes)}
        if var.datatype == "codes":
            if draw(st.booleans()):
                col["separator"] = draw(st.sampled_from([";", ",", "|"]))
            else:
                col.pop("values", None)
                for code in CAT.value_set(str(var.value_set)).code_ids:
                    cols.append(
                        {
                            "column": f"{col['column']}: {code}",
                            "variable": var.id,
                            "kind": "option",
                            "option": code,
                        }
                    )
                continue
        if var.datatype == "date":
            col["date_formats"] = [draw(st.sampled_from(DATE_FORMATS))]
        cols.append(col)
    layout = draw(st.sampled_from(["wide", "long"]))
    suffix = draw(st.sampled_from([".csv", ".csv", ".csv", ".xlsx"]))
    fm: dict[str, Any] = {
        "record_type": rt,
        "file": f"export_{rt}{suffix}",
        "columns": cols,
        "layout": layout,
        "encoding": draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"])),
        "delimiter": draw(st.sampled_from([";", ",", "\t", "|"])),
        "decimal": draw(st.sampled_from([".", ","])),
        "header_row": draw(st.sampled_from([1, 1, 3])),
    }
    if layout == "long":
        fm["long"] = {"case": cols[0]["column"], "variable": "Variabel", "value": "Värde"}
    profile: dict[str, Any] = {"schema": "bbic-su-profile/1", "name": "generated", "files": [fm]}
    yes_no = draw(st.sampled_from(YES_NO))
    if yes_no is not None:
        profile["yes_no"] = yes_no
    return profile


def _as_records(frame: pd.DataFrame, columns: list[str], key: str) -> list[tuple[Any, ...]]:
    full = frame.reindex(columns=columns)
    rows = [
        tuple(v if isinstance(v, str) else None for v in r) for r in full.itertuples(index=False)
    ]
    return sorted(rows, key=lambda r: str(r[columns.index(key)]))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_render_then_import_gives_the_original(data: st.DataObject) -> None:
    rt, frame = data.draw(datasets())
    raw = data.draw(profiles(rt))
    profile = profile_from_dict(raw)
    with tempfile.TemporaryDirectory() as tmp:
        paths = render_export(bbic_su.Dataset({rt: frame}), profile, tmp)
        fm = raw["files"][0]
        # import with detection where a reader would have to guess
        if data.draw(st.booleans()) and fm["delimiter"] != "|":
            fm["delimiter"] = "auto"
        if data.draw(st.booleans()):
            fm["encoding"] = "auto"
        if data.draw(st.booleans()):
            fm["header_row"] = None
        ds, report = import_export(paths, profile_from_dict(raw))
    assert report.rows_rejected == 0 and report.unmapped_values == 0, report.to_dict()
    assert all(f.balanced for f in report.files)
    record = CAT.record_type(rt)
    got = ds[rt]
    assert set(got.columns) <= set(frame.columns)
    assert _as_records(got, list(frame.columns), record.key) == _as_records(
        frame, list(frame.columns), record.key
    )
    if fm["layout"] == "wide":
        assert list(got.index) == list(range(1, len(frame) + 1))


def test_render_writes_identity_columns_only_with_an_identity_function(tmp_path: Path) -> None:
    from importkit import KEY, PNRS

    from bbic_su.importing.privacy import pseudonymise
    from bbic_su.importing.profile import ProfileError

    frame = pd.DataFrame(
        {"barn_id": ["c1", "c2"], "kommunkod": ["0999", "0999"], "ensamkommande": ["ja", "nej"]}
    )
    ds = bbic_su.Dataset({"barn": frame})
    with pytest.raises(ProfileError, match="identity="):
        render_export(ds, "exempel_bred_cp1252", tmp_path)
    numbers = {"c1": PNRS[0], "c2": PNRS[1]}
    paths = render_export(ds, "exempel_bred_cp1252", tmp_path, identity=numbers.__getitem__)
    assert [p.name for p in paths] == ["barn.csv"]
    assert paths[0].read_bytes().startswith("Personnummer;".encode("cp1252"))
    back, _ = import_export(paths, "exempel_bred_cp1252", key=KEY)
    assert list(back["barn"]["barn_id"]) == [pseudonymise(PNRS[0], KEY), pseudonymise(PNRS[1], KEY)]
    assert list(back["barn"]["ensamkommande"]) == ["ja", "nej"]
    assert list(back["barn"]["kon"]) == ["flicka", "pojke"]
