"""Write the import golden files (tests/data/import_golden/) from the CURRENT importer.

Run: ``python tools/import_golden.py``. The inputs are the demo's export (400
children, seed 2026, committed under ``tests/data/import_golden/clean/``), a
"dirty" copy of it (title block, blank and ragged rows, BOM, CRLF, cp1252,
quoted delimiters and newlines, invalid, 10-digit, ``+`` and coordination
numbers, unmapped values; built by :func:`dirty`) and the shipped example
exports. The outputs are each canonical frame (with its index, the file row
numbers, and its dtypes) and the import report. ``tests/test_import_golden.py``
checks that the importer still gives exactly these.
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

import bbic_su
from bbic_su import demo, synth
from bbic_su.importing.importer import import_export
from bbic_su.importing.profile import example_exports, load_profile
from bbic_su.interchange.render import render_export

ROOT = Path(__file__).resolve().parents[1] / "tests" / "data" / "import_golden"
KEY = demo.demo_key(2026)
CASES = {
    "clean": demo.PROFILE,
    "dirty": demo.PROFILE,
    "exempel_bred_cp1252": "exempel_bred_cp1252",
    "exempel_lang": "exempel_lang",
}


def write_clean(folder: Path) -> None:
    """The demo's export (400 children, seed 2026), as the demo writes it."""
    own = synth.generate_with_truth(400, seed=2026, period=demo.PERIOD)
    render_export(own.dataset, load_profile(demo.PROFILE), folder, identity=own.identity)


def dirty(clean: Path, out: Path) -> None:
    """A copy of the clean export with every edge case the readers must keep exact."""
    out.mkdir(parents=True, exist_ok=True)
    barn = clean.joinpath("barn.csv").read_text(encoding="utf-8").splitlines()
    head, rows = barn[0], barn[1:]
    width = head.count(";")
    rows[3] = "19900101-0018" + rows[3][13:]  # wrong check digit
    rows[4] = "900101-0017" + rows[4][13:]  # 10 digits with -
    rows[5] = "120101+0012" + rows[5][13:]  # 10 digits with + (born 1912... or refused)
    rows[6] = "20100161-0003" + rows[6][13:]  # a samordningsnummer (day 1 + 60)
    rows[7] = "201401220031" + rows[7][13:]  # no separator
    rows[8] = "20140122 0031" + rows[8][13:]  # a space
    rows[9] = "2014-01-22" + rows[9][13:]  # not an identity number
    rows[10] = rows[10].replace(";sverige;", ";Atlantis;", 1)
    rows[11] = rows[11].replace(";sverige;", ';"sver;ige";', 1)
    rows[12] = rows[12] + ";extra"  # ragged row
    rows[13] = ";".join(rows[13].split(";")[:3])  # short row
    rows[14] = " " + rows[14].replace(";", " ; ")  # padded cells
    rows[15] = "20140230-0030" + rows[15][13:]  # 30 February
    rows[16] = "19000101-0008" + rows[16][13:]  # a leap-year edge
    body = [*rows[:20], "", ";" * width, *rows[20:40], "   ", *rows[40:]]
    text = "\r\n".join(["Export från Exempelsystemet", "", head, *body]) + "\r\n"
    out.joinpath("barn.csv").write_bytes(text.encode("cp1252"))
    akt = clean.joinpath("aktualisering.csv").read_text(encoding="utf-8")
    out.joinpath("aktualisering.csv").write_bytes(b"\xef\xbb\xbf" + akt.encode("utf-8"))
    ins = clean.joinpath("insats.csv").read_text(encoding="utf-8").splitlines()
    ins[5] = ins[5].replace(";J;", ';"J\nmed radbrytning";', 1)
    ins[6] = ins[6].replace(";J;", ';"J";', 1)
    out.joinpath("insats.csv").write_text("\n".join(ins) + "\n", encoding="utf-8")
    for name in ("utredning.csv", "uppfoljning.csv"):
        out.joinpath(name).write_bytes(clean.joinpath(name).read_bytes())


def inputs(case: str, tmp: Path) -> list[Path]:
    """The export files of a golden case (the dirty one is built into ``tmp``)."""
    if case == "clean":
        return sorted(ROOT.joinpath("clean").glob("*.csv"))
    if case == "dirty":
        dirty(ROOT / "clean", tmp / "dirty")
        return sorted((tmp / "dirty").glob("*.csv"))
    return example_exports(CASES[case])


def outcome(case: str, tmp: Path) -> tuple[dict[str, str], str]:
    """Each frame as CSV text (index and dtypes included) and the report as JSON."""
    ds, report = import_export(inputs(case, tmp), CASES[case], key=KEY)
    frames = {}
    for rt in ds.record_types:
        frame = ds[rt]
        dtypes = ",".join(f"{c}:{t}" for c, t in frame.dtypes.astype(str).items())
        body = frame.to_csv(index_label="_row", lineterminator="\n")
        frames[rt] = f"# index {frame.index.dtype}; {dtypes}\n{body}"
    return frames, json.dumps(report.to_dict(), ensure_ascii=False, indent=1, sort_keys=True)


def main() -> None:
    import tempfile

    if "--clean" in sys.argv:
        write_clean(ROOT / "clean")
    with tempfile.TemporaryDirectory() as tmp:
        for case in CASES:
            frames, report = outcome(case, Path(tmp))
            folder = ROOT / "expected" / case
            folder.mkdir(parents=True, exist_ok=True)
            for old in folder.glob("*"):
                old.unlink()
            for rt, text in frames.items():
                with gzip.GzipFile(folder / f"{rt}.csv.gz", "wb", mtime=0) as fh:
                    fh.write(text.encode("utf-8"))
            folder.joinpath("import-report.json").write_text(report + "\n", encoding="utf-8")
            print(case, bbic_su.__version__, sorted(frames))


if __name__ == "__main__":
    main()
