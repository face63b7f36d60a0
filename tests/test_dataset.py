"""Dataset: frames as given, 1-based rows, CSV folder + datapackage.json, xlsx and Parquet."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest

import bbic_su
from bbic_su.frames.dataset import Dataset, DatasetError, read_dataset, write_dataset

REALISTIC = Path(__file__).parent / "data" / "realistic"


def _typed_dataset() -> Dataset:
    barn = pd.DataFrame(
        {
            "barn_id": ["b1", "b2"],
            "kon": ["flicka", None],
            "fodelsear": pd.array([2015, None], dtype="Int64"),
        }
    )
    akt = pd.DataFrame(
        {
            "aktualisering_id": ["a1"],
            "barn_id": ["b1"],
            "aktualiseringssatt": ["anmalan"],
            "aktualiseringsdatum": pd.to_datetime(["2024-03-01"]),
            "anledning_aktualisering": [{"vald_mot_barnet", "foralder_missbruk"}],
            "skyddsbedomning_datum": [dt.date(2024, 3, 2)],
        }
    )
    return Dataset({"barn": barn, "aktualisering": akt})


def test_rows_are_numbered_from_one_and_absent_types_are_empty() -> None:
    ds = Dataset({"barn": pd.DataFrame({"barn_id": ["b1", "b2"]})})
    assert ds["barn"].index.tolist() == [1, 2]
    assert len(ds["insats"]) == 0
    assert "insats_id" in ds["insats"].columns
    assert ds.record_types == ("barn",)
    assert ds.n_rows("insats") == 0
    assert "barn" in ds and len(ds) == 1 and list(ds) == ["barn"]


def test_frames_are_held_as_given() -> None:
    frame = pd.DataFrame({"barn_id": ["b1"], "kon": ["  Flicka "], "x_local": ["?"]})
    ds = Dataset({"barn": frame, "okand": pd.DataFrame({"a": [1]})})
    assert ds["barn"]["kon"].tolist() == ["  Flicka "]
    assert "x_local" in ds["barn"].columns
    assert ds.unknown_record_types == ("okand",)


def test_not_a_frame_is_rejected() -> None:
    with pytest.raises(DatasetError):
        Dataset({"barn": [1, 2]})  # type: ignore[dict-item]


def test_read_realistic_folder_as_text() -> None:
    ds = read_dataset(REALISTIC)
    assert ds.record_types == ("barn", "aktualisering", "utredning", "insats", "uppfoljning")
    barn = ds["barn"]
    assert barn.index[0] == 1
    assert barn["fodelsear"].tolist()[0] == "2012"
    assert pd.isna(barn["fodelseland_barn"].iloc[0])  # empty cell = missing
    assert "anteckning" in ds["uppfoljning"].columns  # unknown columns kept


def test_csv_round_trip_with_datapackage(tmp_path: Path) -> None:
    ds = _typed_dataset()
    write_dataset(ds, tmp_path / "out")
    meta = json.loads((tmp_path / "out" / "datapackage.json").read_text(encoding="utf-8"))
    names = [r["name"] for r in meta["resources"]]
    assert names == ["barn", "aktualisering"]
    akt_schema = meta["resources"][1]["schema"]
    assert akt_schema["primaryKey"] == ["aktualisering_id"]
    assert akt_schema["foreignKeys"][0]["reference"]["resource"] == "barn"
    back = read_dataset(tmp_path / "out")
    akt = back["aktualisering"].iloc[0]
    assert akt["aktualiseringsdatum"] == "2024-03-01"
    assert akt["skyddsbedomning_datum"] == "2024-03-02"
    assert akt["anledning_aktualisering"] == "foralder_missbruk|vald_mot_barnet"
    assert back["barn"]["fodelsear"].tolist()[0] == "2015"
    assert pd.isna(back["barn"]["fodelsear"].iloc[1])


def test_datapackage_is_valid_frictionless(tmp_path: Path) -> None:
    import frictionless

    ds = Dataset(
        {"barn": pd.DataFrame({"barn_id": ["b1"], "kon": ["flicka"], "fodelsear": ["2015"]})}
    )
    write_dataset(ds, tmp_path / "pkg")
    report = frictionless.validate(str(tmp_path / "pkg" / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])


def test_duplicate_columns_survive_csv(tmp_path: Path) -> None:
    folder = tmp_path / "dup"
    folder.mkdir()
    (folder / "barn.csv").write_text("barn_id,kon,kon\nb1,flicka,pojke\n", encoding="utf-8")
    frame = read_dataset(folder)["barn"]
    assert list(frame.columns) == ["barn_id", "kon", "kon"]


def test_xlsx_round_trip(tmp_path: Path) -> None:
    ds = _typed_dataset()
    path = write_dataset(ds, tmp_path / "data.xlsx")
    back = read_dataset(path)
    assert back.record_types == ("barn", "aktualisering")
    assert back["aktualisering"]["aktualiseringsdatum"].tolist() == ["2024-03-01"]
    assert back["barn"]["kon"].tolist()[0] == "flicka"


def test_xlsx_date_cells_become_iso(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "aktualisering"
    sheet.append(["aktualisering_id", "barn_id", "aktualiseringsdatum", "alder_vid_aktualisering"])
    sheet.append(["a1", "b1", dt.datetime(2024, 3, 1), 7])
    book.save(tmp_path / "hand.xlsx")
    row = read_dataset(tmp_path / "hand.xlsx")["aktualisering"].iloc[0]
    assert row["aktualiseringsdatum"] == "2024-03-01"
    assert row["alder_vid_aktualisering"] == "7"


def test_parquet_round_trip(tmp_path: Path) -> None:
    ds = _typed_dataset()
    write_dataset(ds, tmp_path / "pq", format="parquet")
    back = read_dataset(tmp_path / "pq")
    assert back["barn"]["fodelsear"].tolist()[0] == 2015
    report = bbic_su.validate(back)
    assert report.count_at_or_above("error") == 0


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("barn.csv", b"\xff\xfe\x00b", "not UTF-8"),
        ("barn.csv", b"", "empty file"),
        ("barn.csv", b"barn_id\nb1,extra\n", "fields"),
        ("datapackage.json", b"{nope", "data package"),
    ],
)
def test_unreadable_input_raises_one_clear_error(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    (tmp_path / name).write_bytes(content)
    if name == "datapackage.json":
        (tmp_path / "barn.csv").write_text("barn_id\nb1\n", encoding="utf-8")
    with pytest.raises(DatasetError, match=reason):
        read_dataset(tmp_path)


def test_missing_path_and_bad_workbook(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="no such"):
        read_dataset(tmp_path / "nothing")
    (tmp_path / "broken.xlsx").write_bytes(b"not a zip")
    with pytest.raises(DatasetError, match="workbook"):
        read_dataset(tmp_path / "broken.xlsx")
    (tmp_path / "empty").mkdir()
    with pytest.raises(DatasetError, match=r"no \.csv"):
        read_dataset(tmp_path / "empty")


def test_lazy_public_names() -> None:
    assert bbic_su.Dataset is Dataset
    assert bbic_su.read_dataset is read_dataset
