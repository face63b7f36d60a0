"""No personnummer in any output: the detector, refusal at import, and a scan of every artefact.

Identity numbers are planted in every place issue 18 found a leak: a value
with a space, a key, a text and an integer column, a column name, a file name
and a configuration value. Then every command writes its outputs and the scan
looks for every separator form in every file and on stdout and stderr.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import bbic_su
from bbic_su._pnr_detect import MARK, PATTERN, PREFILTER, contains, find, redact
from bbic_su.cli import main
from bbic_su.importing._pnr_vector import contains_many
from bbic_su.importing.importer import IdentityValueError

PNR = "20141011-4183"  # synthetic, shaped like a personnummer
SAMORDNING = "20090883-5633"  # day 83 = 23 + 60
FORMS = [
    "201410114183",
    "20141011-4183",
    "20141011+4183",
    "20141011 4183",
    "141011-4183",
    "141011+4183",
    "141011 4183",
    "1410114183",
    "20090883 5633",
    "090883-5633",
    "20141011\u00a04183",
    "20141011\u20134183",
]
KEY = "a-test-key-for-pseudonyms-0123456789-abcdef"


# --- the detector ---------------------------------------------------------------------------


@pytest.mark.parametrize("form", FORMS)
def test_every_separator_form_is_found_alone_and_embedded(form: str) -> None:
    for text in (form, f"barn_{form}.csv", f"x{form}y", f"kod '{form}' okänd", f"{form}\n"):
        assert contains(text), text
        assert MARK in redact(text)
        assert not contains(redact(text))


@pytest.mark.parametrize(
    "text",
    [
        "2024-01-01",
        "2024-01-01 12:30:00",
        "0180",
        "45352",
        "20240101",
        "2024010",
        "abcdefgh23456723",  # a pseudonym: base32 has no 0, 1, 8 or 9
        "20141341-4183",  # month 13
        "20141032-4183",  # day 32
        "1201410114183",  # 13 digits
    ],
)
def test_look_alikes_are_not_flagged(text: str) -> None:
    assert not contains(text)


@given(st.lists(st.one_of(st.none(), st.sampled_from(FORMS), st.text(max_size=8)), max_size=30))
def test_columnar_form_agrees_with_the_scalar_one(values: list[object]) -> None:
    expected = [v is not None and contains(v) for v in values]
    assert contains_many(values).tolist() == expected
    for dtype in ("str", "category", object):  # Arrow text, categories, objects
        column = pd.Series(values, dtype=dtype)
        assert contains_many(column).tolist() == expected, dtype


@given(st.text(alphabet="0123456789-+ \u2013\u00a0x", max_size=30))
@example("x20141011\u20134183x")
@example("141011\u00a04183")
@example("0901014183 1")
def test_the_prefilter_matches_wherever_the_pattern_does(text: str) -> None:
    """The columnar scan searches only what PREFILTER keeps (in Arrow's RE2): it must
    keep every text PATTERN finds a number in, in both regular-expression engines."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if PATTERN.search(text):
        assert re.search(PREFILTER, text)
        assert pc.match_substring_regex(pa.array([text]), PREFILTER)[0].as_py()


def test_columns_without_text_are_not_searched() -> None:
    dates = pd.Series(pd.to_datetime(["2014-10-11", None]))
    assert contains_many(dates).tolist() == [False, False]
    numbers = pd.Series([201410114183, 7], dtype="int64")  # a number is written out first
    assert contains_many(numbers).tolist() == [True, False]


def test_find_gives_the_spans() -> None:
    text = f"a {FORMS[3]} b {FORMS[6]}"
    assert [text[a:b] for a, b in find(text)] == [FORMS[3], FORMS[6]]


# --- refusal at import ----------------------------------------------------------------------


def _profile(tmp_path: Path, extra: str = "", name: str = "leak.yaml") -> Path:
    path = tmp_path / name
    path.write_text(
        "schema: bbic-su-profile/1\nname: leak\nfiles:\n- record_type: barn\n"
        "  file: 'barn*.csv'\n  delimiter: ';'\n  columns:\n"
        "  - {column: Personnummer, variable: barn_id, kind: identity}\n"
        "  - {column: Kommun, variable: kommunkod, kind: text}\n"
        "  - {column: Kön, variable: kon}\n"
        "  - {column: Född, variable: fodelsear}\n" + extra,
        encoding="utf-8",
    )
    return path


def _export(tmp_path: Path, rows: list[list[str]], name: str = "barn.csv") -> Path:
    lines = ["Personnummer;Kommun;Kön;Född", *(";".join(r) for r in rows)]
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("form", FORMS[:9])
@pytest.mark.parametrize("column", ["key", "integer"])
def test_identity_numbers_in_clear_text_columns_never_pass_the_import(
    tmp_path: Path, form: str, column: str
) -> None:
    """Refused when the value reaches a key, text or integer column; else redacted."""
    row = ["20120314-9826", "0180", "Flicka", "2012"]
    row[1 if column == "key" else 3] = form
    export = _export(tmp_path, [["20150607-9837", "0180", "Pojke", "2015"], row])
    parses = "-" not in form and "+" not in form  # an integer cell with a space still parses
    if column == "key" or parses:
        with pytest.raises(IdentityValueError, match="row 2") as info:
            bbic_su.import_export(export, _profile(tmp_path), key=KEY)
        assert not contains(str(info.value))
        return
    # an integer cell that does not parse is kept, redacted, and listed as unmapped
    ds, report = bbic_su.import_export(export, _profile(tmp_path), key=KEY)
    assert not any(contains_many(f[c]).any() for f in ds.frames.values() for c in f.columns)
    assert not contains(json.dumps(report.to_dict(), ensure_ascii=False))
    assert report.unmapped_values == 1


def test_the_canonical_profile_refuses_a_raw_personnummer_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "ds"
    barn = pd.DataFrame({"barn_id": ["20141011 4183"], "kommunkod": ["0180"]}, dtype="str")
    bbic_su.write_dataset(bbic_su.Dataset({"barn": barn}), folder)
    code = main(
        ["import", str(folder / "barn.csv"), "--profile", "canonical", "--out", str(tmp_path / "o")]
    )
    _, err = capsys.readouterr()
    assert code == 2
    assert err.count("\n") == 1 and "kind: identity" in err
    assert not contains(err)


# --- every artefact of every command --------------------------------------------------------


def _texts(path: Path) -> list[str]:
    data = path.read_bytes()
    if data[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(path) as book:
            return [book.read(n).decode("utf-8", "replace") for n in book.namelist()]
    return [data.decode("utf-8", "replace")]


def _leaks(folder: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            hits = [t[a:b] for t in _texts(path) for a, b in find(t)]
            if hits or contains(path.name):
                found[str(path.relative_to(folder))] = hits or [path.name]
    return found


def test_no_identity_number_in_any_artefact(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Import, validate, measures, report, conformance and draft: nothing leaks anywhere."""
    monkeypatch.setenv("BBIC_SU_PSEUDONYM_KEY", KEY)
    src = tmp_path / "src"
    src.mkdir()
    # a configuration value shaped like a personnummer (a value map to an unknown code)
    bad_profile = _profile(
        src,
        "  - {column: X, variable: ensamkommande, optional: true, "
        "values: {nej: '20141011 4183'}}\n",
        name="bad.yaml",
    )
    profile = _profile(src)
    rows = [
        ["20120314-9826", "0180", "Flicka", "2012"],
        ["20150607-9837", "0180", "20141011 4183", "2015"],  # an unmapped code with a space
        ["20090921-9842", "0180", "141011-4183", "2009"],
        ["201603719889", "0180", "Pojke", "2016"],  # a samordningsnummer without separator
    ]
    # a file name and a column name holding an identity number
    export = _export(src, rows, name="barn_20141011 4183.csv")
    text = export.read_text(encoding="utf-8").replace("Född", "Född;141011 4183", 1)
    text = "\n".join(line if i == 0 else line + ";x" for i, line in enumerate(text.splitlines()))
    export.write_text(text + "\n", encoding="utf-8")
    out = tmp_path / "out"
    outputs: list[str] = []

    def run(*argv: str) -> int:
        code = main(list(argv))
        o, e = capsys.readouterr()
        outputs.extend([o, e])
        assert "Traceback" not in e, e
        return code

    assert run("profile", "check", str(bad_profile)) == 2
    assert run("import", str(export), "--profile", str(profile), "--out", str(out / "imp")) in (
        0,
        1,
    )
    data = out / "imp"
    assert run("validate", str(data), "--format", "json", "--out", str(out / "v.json")) in (0, 1)
    assert run("validate", str(data)) in (0, 1)
    assert run("measures", str(data), "--by", "kon", "--out", str(out / "m.csv")) == 0
    assert run("measures", str(data), "--by", "kon", "--period", "year") in (0, 1)
    assert (
        run(
            "report",
            str(data),
            "--out",
            str(out / "r.xlsx"),
            "--html",
            str(out / "r.html"),
            "--charts",
            str(out / "charts"),
        )
        == 0
    )
    assert run(
        "conformance", str(export), "--profile", str(profile), "--out", str(out / "c.json")
    ) in (0, 1)
    assert run("conformance", str(export), "--profile", str(profile)) in (0, 1)
    assert run("profile", "draft", str(export), "--out", str(out / "draft.yaml")) == 0
    assert run("profile", "draft", str(export)) == 0
    # the scan works: the export itself is full of them, in several forms
    assert len(_leaks(src)[export.name]) >= 6
    assert _leaks(out) == {}
    assert [t for t in outputs if contains(t)] == []
    # the outputs exist and are not empty
    assert {p.suffix for p in out.rglob("*") if p.is_file()} >= {".json", ".csv", ".xlsx", ".html"}
