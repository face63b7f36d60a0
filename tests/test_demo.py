"""``bbic-su demo``: it runs, writes what it promises, is deterministic and leaks no personnummer."""

from __future__ import annotations

import base64
import contextlib
import io
import re
import zipfile
from pathlib import Path

import attrs
import openpyxl
import pandas as pd
import pytest

import bbic_su
from bbic_su.cli import main
from bbic_su.demo import PROFILE, run_demo
from bbic_su.importing.privacy import KEY_ENV, find_personnummer, looks_like_personnummer
from bbic_su.importing.profile import shipped_profile_path

CHILDREN = 300
REFERENCES = 2
SEED = 7
ONE_MEASURE = ["m_sip"]  # for the extra runs: one measure, three charts, fast


@attrs.frozen
class Run:
    out: Path
    status: int
    stdout: str
    stderr: str


def _cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(list(args))
    return status, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    """One full demo run through the command line (every measure, every chart)."""
    out = tmp_path_factory.mktemp("demo") / "ut"
    status, stdout, stderr = _cli(
        "demo",
        "--out",
        str(out),
        "--seed",
        str(SEED),
        "--children",
        str(CHILDREN),
        "--municipalities",
        str(REFERENCES),
        "--workers",
        "1",
    )
    return Run(out, status, stdout, stderr)


def test_the_demo_writes_every_promised_file(run: Run) -> None:
    assert run.status == 0, run.stderr
    out = run.out
    for name in ("rapport.html", "rapport.xlsx", "validation.json", "import-report.json"):
        assert (out / name).stat().st_size > 0, name
    record_types = [rt.id for rt in bbic_su.catalog().record_types]
    assert sorted(p.name for p in (out / "export").iterdir()) == sorted(
        f"{rt}.csv" for rt in record_types
    )
    assert {p.name for p in (out / "canonical").iterdir()} == {
        *(f"{rt}.csv" for rt in record_types),
        "datapackage.json",
    }
    charts = list((out / "diagram").iterdir())
    assert {p.suffix for p in charts} == {".png", ".svg"}
    assert len(charts) >= 6
    # the export is in the layout of the shipped example profile; profil.yaml is its copy
    shipped = shipped_profile_path(PROFILE).read_text(encoding="utf-8")
    assert (out / "profil.yaml").read_text(encoding="utf-8") == shipped
    assert bbic_su.load_profile(out / "profil.yaml") == bbic_su.load_profile(PROFILE)
    assert '"profile": "exempel_komplett"' in (out / "import-report.json").read_text("utf-8")
    # the canonical dataset reads back and links: every child found by its pseudonym
    ds = bbic_su.read_dataset(out / "canonical")
    assert len(ds["barn"]) == CHILDREN
    assert set(ds["aktualisering"]["barn_id"]) <= set(ds["barn"]["barn_id"])


def test_the_summary_names_the_numbers_and_the_files(run: Run) -> None:
    lines = run.stdout.splitlines()
    assert lines[0] == "bbic-su demo (syntetiska data, seed 7)"
    assert any(line.startswith("Import: ") and "0 avvisade" in line for line in lines)
    assert any(line.startswith("Validering: 0 fel") for line in lines)
    assert any(re.search(r"(\d+\xa0%|\.\.|–) / (\d+\xa0%|\.\.|–)$", line) for line in lines)
    assert str(run.out / "rapport.html") in run.stdout
    assert all(len(line) <= 80 for line in lines if str(run.out) not in line)


def test_same_seed_same_files(run: Run, tmp_path: Path) -> None:
    a = run_demo(
        tmp_path / "a", seed=SEED, children=CHILDREN, municipalities=1, measures=ONE_MEASURE
    )
    b = run_demo(
        tmp_path / "b", seed=SEED, children=CHILDREN, municipalities=1, measures=ONE_MEASURE
    )
    same = ["import-report.json", "validation.json", "profil.yaml", "rapport.html"]
    same += [f"canonical/{p.name}" for p in (run.out / "canonical").iterdir()]
    same += [f"export/{p.name}" for p in (run.out / "export").iterdir()]
    for name in same:
        assert (a.out / name).read_bytes() == (b.out / name).read_bytes(), name
    for x, y in zip(a.charts, b.charts, strict=True):
        assert x.name == y.name and x.read_bytes() == y.read_bytes(), x.name
    for name in same:  # the data do not depend on the reference or the measures shown
        if not name.startswith("rapport"):
            assert (a.out / name).read_bytes() == (run.out / name).read_bytes(), name


def test_a_key_from_the_environment_gives_other_pseudonyms(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(KEY_ENV, "a municipality's own secret key, not the demo's")
    result = run_demo(
        tmp_path, seed=SEED, children=CHILDREN, municipalities=1, measures=ONE_MEASURE
    )
    assert result.key_source == KEY_ENV
    ours = (tmp_path / "canonical" / "barn.csv").read_text(encoding="utf-8")
    demo = (run.out / "canonical" / "barn.csv").read_text(encoding="utf-8")
    assert ours != demo
    assert ours.splitlines()[0] == demo.splitlines()[0]


# --- the privacy check --------------------------------------------------------------------

_DATA_URI = re.compile(r"data:image/png;base64,([A-Za-z0-9+/=]+)")


def _png_text(data: bytes) -> str:
    """The text chunks of a PNG (tEXt, zTXt, iTXt): all a PNG holds besides pixels."""
    import zlib

    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    out, pos = [], 8
    while pos < len(data):
        size = int.from_bytes(data[pos : pos + 4], "big")
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + size]
        if kind == b"tEXt":
            out.append(body.decode("latin-1"))
        elif kind == b"zTXt":
            key, _, rest = body.partition(b"\0")
            out.append(key.decode("latin-1") + " " + zlib.decompress(rest[1:]).decode("latin-1"))
        elif kind == b"iTXt":
            out.append(body.decode("utf-8", "replace"))
        pos += 12 + size
    return "\n".join(out)


def _cell_texts(path: Path) -> list[str]:
    """Every cell of a workbook as text; numbers as digits when whole, like an id would be."""
    book = openpyxl.load_workbook(path, read_only=True)
    out = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            for v in row:
                if isinstance(v, float) and v.is_integer():
                    v = int(v)
                if isinstance(v, str | int) and not isinstance(v, bool):
                    out.append(str(v))
    book.close()
    return out


def _texts(path: Path) -> list[str]:
    """What a person or program could read in a file written by the demo."""
    data = path.read_bytes()
    if path.suffix == ".png":
        return [_png_text(data)]
    if path.suffix == ".xlsx":
        texts = _cell_texts(path)
        with zipfile.ZipFile(path) as book:  # every part besides the sheets and images
            for name in book.namelist():
                if not name.startswith(("xl/worksheets/", "xl/media/")):
                    texts.append(book.read(name).decode("utf-8", "replace"))
                elif name.startswith("xl/media/") and name.endswith(".png"):
                    texts.append(_png_text(book.read(name)))
        return texts
    text = data.decode("utf-8")  # everything else the demo writes is UTF-8 text
    images = [_png_text(base64.b64decode(m.group(1))) for m in _DATA_URI.finditer(text)]
    return [_DATA_URI.sub("data:image/png;base64,", text), *images]


def _found(path: Path) -> list[str]:
    return [t[s:e] for t in _texts(path) for s, e in find_personnummer(t)]


def test_no_personnummer_leaves_the_export_folder(run: Run) -> None:
    assert run.status == 0
    export = run.out / "export"
    # the scanner works: the raw vendor export holds a personnummer for every record
    barn = _found(export / "barn.csv")
    assert len(barn) == CHILDREN and len(set(barn)) == CHILDREN
    assert all(_found(p) for p in export.iterdir())
    written = [p for p in sorted(run.out.rglob("*")) if p.is_file() and export not in p.parents]
    kinds = {p.suffix for p in written}
    assert {".csv", ".json", ".yaml", ".html", ".xlsx", ".png", ".svg"} <= kinds
    leaks = {str(p.relative_to(run.out)): hits for p in written if (hits := _found(p))}
    assert leaks == {}
    assert not looks_like_personnummer(run.stdout)
    assert not looks_like_personnummer(run.stderr)


# --- the command line -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["--children", "many"],
        ["--children", "3"],
        ["--municipalities", "0"],
        ["--seed", "-1"],
        ["--workers", "0"],
        ["--lang", "fi"],
        ["--no-such-option"],
    ],
)
def test_bad_arguments_give_one_line_and_exit_2(args: list[str], tmp_path: Path) -> None:
    status, stdout, stderr = _cli("demo", "--out", str(tmp_path / "x"), *args)
    assert status == 2
    assert stdout == ""
    assert len(stderr.splitlines()) == 1 and stderr.startswith("bbic-su: error: ")
    assert not (tmp_path / "x").exists()


def _shown_counts(run: Run) -> tuple[dict[str, str], dict[str, str]]:
    """Findings per code as the workbook's data-quality sheet and the page show them."""
    book = openpyxl.load_workbook(run.out / "rapport.xlsx", read_only=True)
    in_book: dict[str, str] = {}
    for ws in book.worksheets:
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        for i, row in enumerate(rows):
            if row[:2] == ["Kod", "Beskrivning"]:  # the findings table (lang sv)
                for r in rows[i + 1 :]:
                    if not r or r[0] is None:
                        break
                    in_book[str(r[0])] = str(r[3])
    page = (run.out / "rapport.html").read_text(encoding="utf-8")
    row = r'<tr><td>([a-z-]+)</td><td>[^<]*</td><td>[^<]*</td><td class="n[^"]*">([^<]*)</td>'
    cells = re.findall(row, page)
    in_page = {code: n.replace("\u202f", "") for code, n in cells}
    return in_book, in_page


def test_the_report_shows_the_findings_of_validation_json(run: Run) -> None:
    """validation.json, the workbook and the page agree on every code's findings.

    Counts of 1..k-1 (k = 5) are shown as ``..``; every other count is shown exactly,
    among them those against the extraction date (the report used to validate without it).
    """
    import json

    data = json.loads((run.out / "validation.json").read_text(encoding="utf-8"))
    by_code = data["summary"]["by_code"]
    assert sum(by_code.values()) == len(data["issues"])
    assert "deadline-passed-open" in by_code  # needs the extraction date in both
    want = {c: (".." if 1 <= n < 5 else str(n)) for c, n in by_code.items()}
    in_book, in_page = _shown_counts(run)
    assert in_book == want
    assert in_page == want


def test_demo_pools_the_municipalities_and_writes_the_regional_report(run: Run) -> None:
    """Every municipality writes a pool package; the region pools them and writes the report."""
    region = run.out / "region"
    kommuner = [f"99{i:02d}" for i in range(1, REFERENCES + 2)]
    assert sorted(p.name for p in (region / "paket").iterdir()) == kommuner
    for kommun in kommuner:
        pkg = bbic_su.read_package(region / "paket" / kommun)
        assert pkg.kind == "pool" and pkg.meta["kommunkod"] == [kommun]
        assert (region / kommun / "rapport.html").is_file()
    assert bbic_su.read_package(region / "published").kind == "publish"
    assert bbic_su.read_package(region / "region").meta["confidential"] is True
    page = (region / "rapport.html").read_text(encoding="utf-8")
    assert "Jämförelse mellan kommuner" in page and "data:image/png;base64," in page
    assert str(region / "rapport.html") in run.stdout


def test_every_demo_step_has_a_progress_line() -> None:
    """Each step run_demo announces has the words the command prints for it."""
    import inspect

    from bbic_su import demo
    from bbic_su.cli.demo import _STEPS

    steps = set(re.findall(r'step\("([a-z_]+)"\)', inspect.getsource(demo.run_demo)))
    assert "region" in steps and steps <= set(_STEPS)


def test_every_measure_from_documented_variables_only(run: Run) -> None:
    """Without any derived column the canonical dataset gives the same table, cell by cell."""
    from bbic_su import synth
    from bbic_su.demo._defaults import PERIOD

    cat = bbic_su.catalog()
    derived = [v for v in cat.variables if v.derivation]
    canonical = bbic_su.read_dataset(run.out / "canonical")
    assert canonical.extraction_date == "2024-12-31"  # recorded in datapackage.json
    # before: every derived column as the generator filled it (the export carries them)
    generated = synth.generate(CHILDREN, seed=SEED, period=PERIOD)
    full = dict(canonical.frames)
    for v in derived:
        if v.id not in full[v.record_type].columns:
            column = generated[v.record_type][v.id].to_numpy()
            full[v.record_type] = full[v.record_type].assign(**{v.id: column})
    before = bbic_su.Dataset(full, extraction_date=canonical.extraction_date)
    bare = bbic_su.Dataset(
        {rt: f.drop(columns=[v.id for v in derived], errors="ignore") for rt, f in full.items()},
        extraction_date=canonical.extraction_date,
    )
    assert not any(v.id in bare[v.record_type].columns for v in derived)
    a = bbic_su.compute(before, min_count=None)
    b = bbic_su.compute(bare, min_count=None)
    assert a.not_computable == b.not_computable == {}
    assert a.ok and b.ok
    a, b = a.to_frame(), b.to_frame()
    ids = {m.id for m in cat.measures}
    assert len(ids) >= 24
    base = {str(m).split("[")[0] for m in b["measure"]}
    assert base == ids  # every measure computed without the derived columns
    assert b["computable"].all()
    common = sorted(set(a["measure"]) & set(b["measure"]))
    assert {str(m).split("[")[0] for m in common} == ids
    keys = ["measure", "kommunkod"]
    left = a[a["measure"].isin(common)].sort_values(keys).reset_index(drop=True)
    right = b[b["measure"].isin(common)].sort_values(keys).reset_index(drop=True)
    pd.testing.assert_frame_equal(left, right)
    totals = right.groupby("measure")["denominator"].sum()
    for mid in ("m_overvagande_i_tid", "m_ateraktualisering_12_man", "m_ateraktualiseringar_andel"):
        assert totals[mid] > 0, mid
