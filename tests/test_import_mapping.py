"""The mapping engine: value maps, yes/no words, multi-select, dates, derivations, long layouts,
unmapped values, and identity numbers that never leak."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from importkit import BAD_PNR, KEY, PNRS, assert_no_identity_numbers, profile_dict, write_csv

import bbic_su
from bbic_su.importing.importer import import_export
from bbic_su.importing.privacy import (
    InvalidIdentityNumber,
    PseudonymKeyError,
    find_personnummer,
    identity_number,
    load_key,
    looks_like_personnummer,
    pseudonymise,
)
from bbic_su.importing.profile import example_exports, profile_from_dict


def cells(ds: bbic_su.Dataset, rt: str, column: str) -> list[object]:
    return [v if isinstance(v, str) else None for v in ds[rt][column]]


def test_value_maps_labels_codes_and_folding(tmp_path: Path) -> None:
    data = profile_dict(
        "barn",
        [
            {"column": "Id", "variable": "barn_id", "kind": "text"},
            {"column": "Vh", "variable": "vardnadshavare", "values": {"Båda": "bada_foraldrarna"}},
            {"column": "Land", "variable": "fodelseland_barn"},
        ],
    )
    data["value_maps"] = {"fodelseland": {"SE": "sverige"}}
    text = "id;vh;land\nb1;  BÅDA ;se\nb2;en förälder;Utanför  Sverige\nb3;One parent;sverige\nb4;båda föräldrarna;Mars\n"
    ds, report = import_export(write_csv(tmp_path, "x.csv", text), profile_from_dict(data))
    assert cells(ds, "barn", "vardnadshavare") == [
        "bada_foraldrarna",
        "en_foralder",
        "en_foralder",
        "bada_foraldrarna",
    ]
    assert cells(ds, "barn", "fodelseland_barn") == ["sverige", "utrikes", "sverige", "Mars"]
    unmapped = report.files[0].unmapped_values
    assert [(u.column, u.variable, u.value, u.count) for u in unmapped] == [
        ("Land", "fodelseland_barn", "Mars", 1)
    ]
    assert report.exit_status() == 0 and report.exit_status(strict=True) == 1


def test_yes_no_words_blank_code_and_x_ticks(tmp_path: Path) -> None:
    data = profile_dict(
        "utredning",
        [
            {"column": "U", "variable": "utredning_id", "kind": "text"},
            {"column": "Enskilt", "variable": "barnet_traffat_enskilt"},
            {"column": "Info", "variable": "barnet_informerat", "blank": "nej"},
        ],
    )
    data["yes_no"] = {"yes": ["J", "X", "1"], "no": ["N", "0"]}
    text = "U;Enskilt;Info\nu1;J;X\nu2;n;\nu3;1;x\nu4;;0\nu5;Kanske;N\n"
    ds, report = import_export(write_csv(tmp_path, "x.csv", text), profile_from_dict(data))
    assert cells(ds, "utredning", "barnet_traffat_enskilt") == ["ja", "nej", "ja", None, "Kanske"]
    assert cells(ds, "utredning", "barnet_informerat") == ["ja", "nej", "ja", "nej", "nej"]
    assert report.unmapped_values == 1


@pytest.mark.parametrize("sep", [";", ",", "|"])
def test_multi_select_in_one_cell_and_one_column_per_option(tmp_path: Path, sep: str) -> None:
    data = profile_dict(
        "utredning",
        [
            {"column": "U", "variable": "utredning_id", "kind": "text"},
            {
                "column": "Samverkan",
                "variable": "samverkan_utredning",
                "separator": sep,
                "values": {"BUP-mott.": "bup"},
            },
            {
                "column": "Skola?",
                "variable": "samverkan_utredning",
                "kind": "option",
                "option": "skola",
            },
            {
                "column": "Polis?",
                "variable": "samverkan_utredning",
                "kind": "option",
                "option": "polis",
            },
        ],
    )
    delim = "\t"
    rows = [
        ["u1", f"BUP-mott.{sep} elevhälsa", "X", ""],
        ["u2", "", "", "nej"],
        ["u3", f"bup{sep}okänd", "ja", "x"],
    ]
    text = (
        delim.join(["U", "Samverkan", "Skola?", "Polis?"])
        + "\n"
        + "".join(delim.join(r) + "\n" for r in rows)
    )
    ds, report = import_export(write_csv(tmp_path, "x.csv", text), profile_from_dict(data))
    assert cells(ds, "utredning", "samverkan_utredning") == [
        "bup|elevhalsa|skola",
        None,
        "bup|okänd|polis|skola",
    ]
    assert [(u.value, u.count) for u in report.files[0].unmapped_values] == [("okänd", 1)]


@pytest.mark.parametrize(
    ("fmt", "value"),
    [
        ("%Y-%m-%d", "2024-03-01"),
        ("%Y%m%d", "20240301"),
        ("%d/%m/%Y", "01/03/2024"),
        ("%Y-%m-%d %H:%M", "2024-03-01 13:45"),
        ("excel", "45352"),
    ],
)
def test_date_formats(tmp_path: Path, fmt: str, value: str) -> None:
    data = profile_dict(
        "insats",
        [
            {"column": "I", "variable": "insats_id", "kind": "text"},
            {"column": "D", "variable": "insats_startdatum", "date_formats": [fmt]},
        ],
    )
    text = f"I;D\ni1;{value}\ni2;2024-03-01\ni3;31/02/2024\n"
    ds, report = import_export(write_csv(tmp_path, "x.csv", text), profile_from_dict(data))
    assert cells(ds, "insats", "insats_startdatum") == ["2024-03-01", "2024-03-01", "31/02/2024"]
    assert [u.value for u in report.files[0].unmapped_values] == ["31/02/2024"]


def test_constants_and_derivations_from_identity_numbers_and_birth_dates(tmp_path: Path) -> None:
    data = profile_dict(
        "aktualisering",
        [
            {"column": "Pnr", "variable": "barn_id", "kind": "identity"},
            {"column": "Akt", "variable": "aktualisering_id", "kind": "text"},
            {"column": "Datum", "variable": "aktualiseringsdatum"},
            {
                "column": "Född",
                "kind": "birth_date",
                "date_formats": ["%Y%m%d"],
                "derive": [
                    {
                        "variable": "alder_vid_aktualisering",
                        "what": "age",
                        "at": "aktualiseringsdatum",
                    }
                ],
            },
        ],
        constants={"tidigare_kand": "uppgift_saknas"},
    )
    text = f"Pnr;Akt;Datum;Född\n{PNRS[0]};a1;2024-03-13;20120314\n{PNRS[1]};a2;2024-06-07;20150607\n;a3;;20150607\n"
    ds, _ = import_export(write_csv(tmp_path, "x.csv", text), profile_from_dict(data), key=KEY)
    assert cells(ds, "aktualisering", "alder_vid_aktualisering") == ["11", "9", None]
    assert cells(ds, "aktualisering", "tidigare_kand") == ["uppgift_saknas"] * 3
    pseudo = cells(ds, "aktualisering", "barn_id")
    assert pseudo[0] == pseudonymise(PNRS[0], KEY) and pseudo[2] is None
    barn = profile_dict(
        "barn",
        [
            {
                "column": "Pnr",
                "variable": "barn_id",
                "kind": "identity",
                "derive": [
                    {"variable": "kon", "what": "sex", "female": "flicka", "male": "pojke"},
                    {"variable": "fodelsear", "what": "birth_year"},
                ],
            },
        ],
    )
    text = "Pnr\n" + "\n".join(PNRS) + "\n"
    ds2, _ = import_export(write_csv(tmp_path, "b.csv", text), profile_from_dict(barn), key=KEY)
    assert cells(ds2, "barn", "kon") == ["flicka", "pojke", "flicka", "flicka"]
    assert cells(ds2, "barn", "fodelsear") == ["2012", "2015", "2009", "2016"]
    assert cells(ds2, "barn", "barn_id") == [pseudonymise(p, KEY) for p in PNRS]


def test_identity_numbers_never_leak(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BBIC_SU_PSEUDONYM_KEY", KEY.decode())
    ds, report = import_export(example_exports("exempel_bred_cp1252"), "exempel_bred_cp1252")
    assert report.rows_rejected == 2
    out = tmp_path / "out"
    bbic_su.write_dataset(ds, out)
    report.write_json(out / "import-report.json")
    texts = [p.read_text(encoding="utf-8") for p in out.iterdir()]
    texts += [
        json.dumps(report.to_dict()),
        repr(ds),
        *report.summary_lines(),
        json.dumps(report.summary()),
    ]
    assert_no_identity_numbers(*texts)
    assert not any(PNRS[0] in t or BAD_PNR in t or BAD_PNR.replace("-", "") in t for t in texts)
    # a personnummer in a coded column is redacted in the cell and the report
    data = profile_dict(
        "barn",
        [
            {"column": "Id", "variable": "barn_id", "kind": "text"},
            {"column": "Kön", "variable": "kon"},
        ],
    )
    ds3, rep3 = import_export(
        write_csv(tmp_path, "x.csv", f"Id;Kön\nb1;{PNRS[1]}\n"), profile_from_dict(data)
    )
    assert cells(ds3, "barn", "kon") == ["<redacted>"]
    assert_no_identity_numbers(json.dumps(rep3.to_dict()))


def test_invalid_identity_numbers_are_reported_rows_never_echoed(tmp_path: Path) -> None:
    data = profile_dict("barn", [{"column": "Pnr", "variable": "barn_id", "kind": "identity"}])
    text = f"Pnr\n{PNRS[0]}\n{BAD_PNR}\n19901301-0000\nabc\n"
    _, report = import_export(write_csv(tmp_path, "x.csv", text), profile_from_dict(data), key=KEY)
    f = report.files[0]
    assert [(r.row, r.reason) for r in f.rejected_rows] == [
        (2, "invalid-personnummer"),
        (3, "invalid-personnummer"),
        (4, "invalid-personnummer"),
    ]
    assert (f.rows_read, f.rows_imported, f.rows_rejected) == (4, 1, 3)
    assert f.unmapped_values == []  # identity values are never listed
    assert_no_identity_numbers(json.dumps(report.to_dict()))


def test_missing_or_short_key_is_an_error_without_the_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("BBIC_SU_PSEUDONYM_KEY", raising=False)
    data = profile_dict("barn", [{"column": "Pnr", "variable": "barn_id", "kind": "identity"}])
    path = write_csv(tmp_path, "x.csv", f"Pnr\n{PNRS[0]}\n")
    with pytest.raises(PseudonymKeyError, match="no key is given"):
        import_export(path, profile_from_dict(data))
    with pytest.raises(PseudonymKeyError, match="shorter than 32") as err:
        import_export(path, profile_from_dict(data), key="short-secret")
    assert "short-secret" not in str(err.value)
    key_file = tmp_path / "key"
    key_file.write_bytes(KEY + b"\n")
    assert load_key(key_file) == KEY
    with pytest.raises(PseudonymKeyError, match="cannot read key file"):
        load_key(tmp_path / "missing")
    assert load_key(env={"BBIC_SU_PSEUDONYM_KEY": KEY.decode()}) == KEY


def test_pseudonyms_and_identity_numbers() -> None:
    p = pseudonymise(PNRS[0], KEY)
    assert len(p) == 16 and p == pseudonymise(PNRS[0].replace("-", ""), KEY)
    assert p == pseudonymise(PNRS[0][2:], KEY)  # 10 digits, same person
    assert p != pseudonymise(PNRS[0], KEY + b"x") and not looks_like_personnummer(p)
    n = identity_number(PNRS[3])
    assert n.coordination and n.birth_date.isoformat() == "2016-03-11" and n.sex == "female"
    assert "digits" not in repr(n) and "2016" not in repr(n).split("birth_date")[0]
    for bad in (BAD_PNR, "20121314-9826", "abc", "2012031498260"):
        with pytest.raises(InvalidIdentityNumber) as err:
            identity_number(bad)
        assert bad not in str(err.value)
    assert identity_number("121212+1212").birth_date.year == 1912
    assert find_personnummer("a 201203149826 b 2024-03-01 c 19121212-1212") == [(2, 14), (30, 43)]
    assert not looks_like_personnummer("20241399-1234")


@pytest.mark.parametrize(("blank", "dtype"), [(None, object), ("", "str")])
def test_a_chunk_whose_identity_cells_are_all_blank(blank: str | None, dtype: object) -> None:
    """A chunk with no identity number at all (as the ragged rows parsed one by one at the
    end of a columnar read can be) maps, its rows kept with a missing key; found by fuzzing.

    A blank cell is ``None`` from the row reader and ``""`` in the columnar reader's text."""
    import pandas as pd

    from bbic_su.importing._mapping import RecordMapper
    from bbic_su.importing.profile import load_profile

    profile = load_profile("exempel_bred_cp1252")
    fm = next(f for f in profile.files if f.record_type == "barn")
    header = [c.column for c in fm.columns]
    mapper = RecordMapper(profile, fm, header, file="barn.csv", key=KEY)
    cells = {i: [blank, blank] for i in range(len(header))}
    cells[1] = ["0999", "0999"]
    chunk = pd.DataFrame(cells, index=[7, 9], dtype=dtype)
    out, rejected = mapper.map_chunk(chunk)
    assert rejected == [] and out.index.tolist() == [7, 9]
    assert out["barn_id"].isna().all() and out["kommunkod"].tolist() == ["0999", "0999"]


def test_one_identity_cache_for_chunks_of_both_readers() -> None:
    """One import may read a file by columns (Arrow text) and another row by row (objects):
    the shared identity cache gives a number seen in both the same pseudonym."""
    import pandas as pd

    from bbic_su.importing._mapping import RecordMapper
    from bbic_su.importing.profile import load_profile

    profile = load_profile("exempel_bred_cp1252")
    fm = next(f for f in profile.files if f.record_type == "barn")
    header = [c.column for c in fm.columns]
    mapper = RecordMapper(profile, fm, header, file="barn.csv", key=KEY)
    got = []
    chunks = (("str", PNRS[:2]), (object, [PNRS[1], PNRS[2]]), ("str", [PNRS[2], PNRS[0]]))
    for dtype, numbers in chunks:
        cells = {i: ["0999", "0999"] for i in range(len(header))}
        cells[0] = list(numbers)
        out, rejected = mapper.map_chunk(pd.DataFrame(cells, index=[1, 2], dtype=dtype))
        assert rejected == []
        got.append(out["barn_id"].tolist())
    assert got[0][1] == got[1][0] == pseudonymise(PNRS[1], KEY)
    assert got[1][1] == got[2][0] == pseudonymise(PNRS[2], KEY)
    assert got[2][1] == got[0][0] == pseudonymise(PNRS[0], KEY)


def test_long_layout_pivot_multi_select_conflicts_and_row_accounts(tmp_path: Path) -> None:
    data = {
        "schema": "bbic-su-profile/1",
        "name": "lang",
        "files": [
            {
                "record_type": "utredning",
                "layout": "long",
                "long": {"case": "Ärende", "variable": "Fråga", "value": "Svar"},
                "columns": [
                    {"column": "Ärende", "variable": "utredning_id", "kind": "text"},
                    {"column": "Barn", "variable": "barn_id", "kind": "text"},
                    {"column": "Samverkan", "variable": "samverkan_utredning"},
                    {"column": "Enskilt", "variable": "barnet_traffat_enskilt"},
                ],
            }
        ],
    }
    text = (
        "Ärende;Fråga;Svar;Barn\nU1;Samverkan;skola;b1\nU1;Samverkan;bup;b1\nU1;Enskilt;J;b1\n"
        "U2;Enskilt;J;b2\nU2;Enskilt;N;b2\n;Enskilt;J;\nU3;;x;b3\nU3;Annat;x;b3\nU1;Enskilt;J;b1\n"
    )
    ds, report = import_export(write_csv(tmp_path, "x.csv", text), profile_from_dict(data))
    f = report.files[0]
    assert list(ds["utredning"].index) == [1, 8]
    assert cells(ds, "utredning", "samverkan_utredning") == ["bup|skola", None]
    assert sorted((r.row, r.reason) for r in f.rejected_rows) == [
        (4, "conflicting-values"),
        (5, "conflicting-values"),
        (6, "missing-case-id"),
        (7, "missing-variable-name"),
    ]
    assert (f.rows_read, f.rows_imported, f.rows_rejected) == (9, 5, 4) and f.balanced
    assert f.unmapped_columns == ["Annat"]


def test_age_at_the_border_across_files_without_a_derive(tmp_path: Path) -> None:
    """The import computes alder_vid_aktualisering from the identity number of another file."""
    data = {
        "schema": "bbic-su-profile/1",
        "name": "test",
        "files": [
            {
                "record_type": "barn",
                "file": "barn*.csv",
                "columns": [{"column": "Pnr", "variable": "barn_id", "kind": "identity"}],
            },
            {
                "record_type": "aktualisering",
                "file": "akt*.csv",
                "columns": [
                    {"column": "Pnr", "variable": "barn_id", "kind": "identity"},
                    {"column": "Akt", "variable": "aktualiseringsdatum"},
                ],
            },
        ],
    }
    barn = write_csv(tmp_path, "barn.csv", f"Pnr\n{PNRS[0]}\n{PNRS[1]}\n")
    akt_text = f"Pnr;Akt\n{PNRS[0]};2024-03-13\n{PNRS[0]};2024-03-14\n{PNRS[1]};\n"
    akt = write_csv(tmp_path, "akt.csv", akt_text)
    ds, _ = import_export([barn, akt], profile_from_dict(data), key=KEY)
    # born 2012-03-14: 11 the day before the birthday, 12 on it (from the year alone: 12)
    assert cells(ds, "aktualisering", "alder_vid_aktualisering") == ["11", "12", None]
