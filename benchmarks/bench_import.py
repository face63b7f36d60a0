"""Benchmark: ``import_export`` against a bare pyarrow read and a hand-written pandas script.

Run: ``python benchmarks/bench_import.py [--children 10000 50000 200000] [--repeat 3]``
(add ``--children 1000000 --repeat 1 --append`` for the largest size).
Writes ``benchmarks/results-import.md``.

For each size, ``bbic_su.synth`` generates a dataset (made-up personnummer) and
``bbic_su.render_export`` writes it in the layout of the shipped example profile
``exempel_bred_cp1252`` (cp1252, ``;``, Swedish headers, J/N answers, compact
dates, a personnummer on every row) before any clock starts. Then, in this one
process and interleaved (each repeat runs the three in turn), it times:

- ``import_export``: reads the files, checks every row (rows read = imported +
  rejected, with row numbers), maps every value, validates every identity number,
  derives sex, birth year and age, pseudonymises and builds the canonical dataset;
- ``bare read``: ``pyarrow.csv.read_csv`` of the same files (cp1252, ``;``, every
  column as text), nothing else;
- ``pandas script``: what one would write by hand for this layout: ``pandas.read_csv``
  (pyarrow engine, text columns), ``Series.map`` with the vendor-to-code dictionaries,
  ``to_datetime`` with the known date formats, the multi-select column split and
  mapped per distinct value, and one HMAC per distinct personnummer (no validation,
  no row accounting, no derived variables).

Peak memory is the peak resident set size during a run minus the resident size just
before it (the peak mark is reset through ``/proc/self/clear_refs``).
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import gc
import hashlib
import hmac
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

import bbic_su
from bbic_su import synth
from bbic_su.importing._mapping import value_lookup
from bbic_su.importing.profile import fold, load_profile

HERE = Path(__file__).resolve().parent
PROFILE = "exempel_bred_cp1252"
KEY = "benchmark key, not a secret, 32 bytes!"


def _export(children: int, folder: Path) -> list[Path]:
    made = synth.generate_with_truth(children=children, seed=7, period=2025)
    paths = bbic_su.render_export(made.dataset, PROFILE, folder, identity=made.identity)
    for path in paths:  # as a case system writes it: cp1252
        path.write_bytes(path.read_text(encoding="utf-8").encode("cp1252"))
    return paths


def _status_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _reset_peak() -> float:
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")
    return _status_mb("VmRSS")


def _bare(paths: list[Path]) -> int:
    rows = 0
    for path in paths:
        with path.open(encoding="cp1252") as fh:
            names = fh.readline().rstrip("\r\n").split(";")
        table = pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(encoding="cp1252"),
            parse_options=pacsv.ParseOptions(delimiter=";"),
            convert_options=pacsv.ConvertOptions(column_types={n: pa.string() for n in names}),
        )
        rows += table.num_rows
    return rows


def _script_tables(paths: list[Path]) -> dict[str, dict[str, dict[str, str]]]:
    """The dictionaries a hand-written script would hold (built before the clock)."""
    profile = load_profile(PROFILE)
    cat = bbic_su.catalog()
    tables: dict[str, dict[str, dict[str, str]]] = {}
    for path in paths:
        fm = next(f for f in profile.files if f.record_type in path.name)
        frame = pd.read_csv(path, sep=";", encoding="cp1252", dtype=str)
        per: dict[str, dict[str, str]] = {}
        variables = {v.id: v for v in cat.variables_of(fm.record_type)}
        for col in fm.columns:
            var = variables.get(str(col.variable))
            if col.kind != "value" or var is None or var.value_set is None:
                continue
            lookup = value_lookup(profile, cat, var.value_set, col)
            seen = frame[col.column].dropna().unique()
            if var.datatype == "codes":
                seen = {p.strip() for v in seen for p in v.split(col.separator)}
            per[col.column] = {v: lookup[fold(v)] for v in seen if fold(v) in lookup}
        tables[path.name] = per
    return tables


def _pandas_script(paths: list[Path], tables: dict[str, dict[str, dict[str, str]]]) -> int:
    key = KEY.encode()
    rows = 0
    for path in paths:
        df = pd.read_csv(path, sep=";", encoding="cp1252", dtype=str, engine="pyarrow")
        for column, table in tables[path.name].items():
            if column == "Orsak":
                distinct = df[column].dropna().unique()
                joined = {
                    v: "|".join(sorted({table.get(p.strip(), p) for p in v.split(",")}))
                    for v in distinct
                }
                df[column] = df[column].map(joined)
            else:
                df[column] = df[column].map(table)
        for column in ("Inkom", "Beslutsdatum"):
            if column in df:
                df[column] = pd.to_datetime(df[column], format="%Y%m%d", errors="coerce")
        if "Skyddsbedömning" in df:
            df["Skyddsbedömning"] = pd.to_datetime(
                df["Skyddsbedömning"], format="%Y-%m-%d %H:%M", errors="coerce"
            )
        pseudo = {
            v: base64.b32encode(
                hmac.new(key, v.replace("-", "").encode(), hashlib.sha256).digest()[:10]
            )
            .decode()
            .lower()
            for v in df["Personnummer"].dropna().unique()
        }
        df["Personnummer"] = df["Personnummer"].map(pseudo)
        rows += len(df)
    return rows


def _import(paths: list[Path]) -> int:
    _, report = bbic_su.import_export(paths, PROFILE, key=KEY)
    assert report.rows_rejected == 0, "rows rejected"
    return report.rows_read


_STAGES = (
    ("read by columns: pyarrow blocks, blank and ragged rows", "_columnar.py", "_stream"),
    ("map every column of every chunk (all of the below)", "_mapping.py", "map_chunk"),
    ("- identity numbers: check (array operations)", "_pnr_vector.py", "check_identity_numbers"),
    ("- identity numbers: HMAC, once per distinct value", "_pnr_vector.py", "pseudonym_array"),
    ("- value mappings and dates, per distinct value", "_values.py", "convert"),
    ("- derived birth year, age", "_mapping.py", "_derive"),
    ("whole import_export", "importer.py", "import_export"),
)


def _profile(paths: list[Path], children: int) -> list[str]:
    """Where the time of one import goes (cProfile, cumulative seconds by stage)."""
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.runcall(_import, paths)
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    total = next(v[3] for k, v in stats.items() if k[2] == "import_export")
    lines = [
        "",
        f"Where the time of one `import_export` at {children:,} children goes (cProfile,"
        " cumulative seconds per stage; the profiler slows Python code more than Arrow's,"
        " so the Python stages look larger than they are):",
        "",
        "| stage | s | share |",
        "|---|---:|---:|",
    ]
    for label, file, function in _STAGES:
        seconds = sum(v[3] for k, v in stats.items() if k[0].endswith(file) and k[2] == function)
        lines.append(f"| {label} | {seconds:.2f} | {seconds / total:.0%} |")
    return lines


def _run(fn: Callable[[], int]) -> tuple[float, float, int]:
    gc.collect()
    before = _reset_peak()
    start = time.perf_counter()
    rows = fn()
    seconds = time.perf_counter() - start
    return seconds, _status_mb("VmHWM") - before, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--children", type=int, nargs="+", default=[10_000, 50_000, 200_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=HERE / "results-import.md")
    parser.add_argument("--append", action="store_true", help="add rows to the table in --out")
    parser.add_argument("--profile", action="store_true", help="profile the largest size")
    parser.add_argument(
        "--targets",
        type=float,
        metavar="ROWS_PER_S",
        help="only add the targets of issue 20 to --out, against this rows/s of the old importer",
    )
    parser.add_argument(
        "--old",
        type=Path,
        metavar="SRC",
        help="also time the importer in SRC (the src folder of a checkout of an older"
        " commit, e.g. be3e53a) on the same files at 200,000 children, in a fresh process,"
        " and add the targets of issue 20 against it",
    )
    args = parser.parse_args()
    if args.targets:
        _targets(args.out, args.targets, old=args.old)
        return
    before = None
    _import(_export_small())  # imports and caches warmed before any clock
    lines: list[str] = []
    profile: list[str] = []
    for children in args.children:
        with tempfile.TemporaryDirectory() as tmp:
            paths = _export(children, Path(tmp))
            file_mb = sum(p.stat().st_size for p in paths) / 2**20
            tables = _script_tables(paths)
            runs: dict[str, list[tuple[float, float, int]]] = {}
            for _ in range(args.repeat):
                for name, fn in (
                    ("bare read", partial(_bare, paths)),
                    ("pandas script", partial(_pandas_script, paths, tables)),
                    ("import_export", partial(_import, paths)),
                ):
                    runs.setdefault(name, []).append(_run(fn))
            if args.profile and children == max(args.children):
                profile = _profile(paths, children)
            if args.old and children == 200_000:
                before = _old_rows_per_s(args.old, paths)
        bare = min(s for s, _, _ in runs["bare read"])
        for name, got in runs.items():
            best = min(s for s, _, _ in got)
            rows = got[0][2]
            peak = max(p for _, p, _ in got)
            lines.append(
                f"| {children:,} | {name} | {rows:,} | {file_mb:.1f} | {best:.2f}"
                f" | {statistics.median(s for s, _, _ in got):.2f} | {rows / best:,.0f}"
                f" | {best / bare:.1f} | {peak:.0f} | {peak / file_mb:.1f} |"
            )
            print(lines[-1], flush=True)
        lines.append(f"|  | load average {os.getloadavg()[0]:.1f} |  |  |  |  |  |  |  |  |")
    _write(args, lines, profile)
    if before is not None:
        _targets(args.out, before, old=args.old)


_OLD = """
import sys, time
from pathlib import Path
import bbic_su
assert bbic_su.__file__.startswith(sys.argv[1]), bbic_su.__file__
paths = [Path(p) for p in sys.argv[2:]]
t0 = time.perf_counter()
_, report = bbic_su.import_export(paths, "exempel_bred_cp1252", key=%r)
print(report.rows_read / (time.perf_counter() - t0))
"""


def _old_rows_per_s(src: Path, paths: list[Path]) -> float:
    """Rows/s of the importer in ``src`` on ``paths``: best of two fresh processes."""
    env = {**os.environ, "PYTHONPATH": str(src.resolve())}
    code = _OLD % (KEY,)
    runs = [
        float(
            subprocess.run(
                [sys.executable, "-c", code, str(src.resolve()), *map(str, paths)],
                env=env,
                check=True,
                capture_output=True,
                text=True,
            ).stdout.split()[-1]
        )
        for _ in range(2)
    ]
    print(f"old importer ({src}): {max(runs):,.0f} rows/s", flush=True)
    return max(runs)


def _targets(out: Path, before: float, old: Path | None = None) -> None:
    """Add (or replace) the section checking the targets of issue 20 against the table."""
    text = out.read_text(encoding="utf-8").split("\n## Targets")[0].rstrip("\n")
    rows: dict[tuple[int, str], list[str]] = {}
    for line in text.split("\n"):
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) == 10 and cells[0].replace(",", "").isdigit() and cells[1]:
            rows[int(cells[0].replace(",", "")), cells[1]] = cells

    def num(children: int, what: str, column: int) -> float:
        return float(rows[children, what][column].replace(",", ""))

    def verdict(ok: bool) -> str:
        return "met" if ok else "**not met**"

    biggest = max(c for c, _ in rows)
    ratio = num(200_000, "import_export", 7)
    faster = num(200_000, "pandas script", 4) / num(200_000, "import_export", 4)
    speedup = num(200_000, "import_export", 6) / before
    memory = max(
        num(c, "import_export", 9) for c, w in rows if w == "import_export" and c >= 200_000
    )
    linear = num(biggest, "import_export", 6) / num(200_000, "import_export", 6)
    lines = [
        "",
        "## Targets (issue 20)",
        "",
        f"Against the row-by-row importer's {before:,.0f} rows/s at 200,000 children"
        + (
            " (the importer of commit be3e53a, before the change, from a checkout of it"
            " given as `--old`, timed on the same files in the same run: best of two fresh"
            " processes)."
            if old is not None
            else " (`python benchmarks/bench_import.py --children 50000 200000 --repeat 1`"
            " as it was at commit be3e53a, before the change: each import in a fresh"
            " process, UTF-8 files)."
        ),
        "",
        "| target | measured | |",
        "|---|---:|---|",
        f"| ≤ 4× the bare read at 200,000 children | {ratio:.1f}× | {verdict(ratio <= 4)} |",
        f"| no slower than the pandas script at 200,000 | {faster:.1f}× faster"
        f" | {verdict(faster >= 1)} |",
        f"| ≥ 20× the old rows/s | {speedup:.1f}× | {verdict(speedup >= 20)} |",
        f"| peak extra RSS ≤ 3× the file size (200,000 children and more) | {memory:.1f}×"
        f" | {verdict(memory <= 3)} |",
        f"| time grows linearly: rows/s at {biggest:,} over rows/s at 200,000 | {linear:.2f}"
        f" | {verdict(linear >= 0.8)} |",
        "",
    ]
    out.write_text("\n".join([text, *lines]), encoding="utf-8")
    print(f"targets added to {out}")


def _export_small() -> list[Path]:
    folder = Path(tempfile.mkdtemp())
    return _export(200, folder)


def _write(args: argparse.Namespace, lines: list[str], profile: list[str]) -> None:
    head = [
        "| children | what | rows | file MB | best s | median s | rows/s | × bare read"
        " | peak extra RSS MB | × file size |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    if args.append and args.out.exists():
        text = args.out.read_text(encoding="utf-8").rstrip("\n").split("\n")
        at = next(i for i, line in enumerate(text) if line.startswith("| children"))
        while at < len(text) and text[at].startswith("|"):
            at += 1  # after the last row of the first table
        text[at:at] = lines
        args.out.write_text("\n".join([*text, ""]), encoding="utf-8")
        print(f"appended to {args.out}")
        return
    text = [
        "# Import benchmark: vendor-style export to the canonical dataset",
        "",
        "Command: `python benchmarks/bench_import.py --children "
        f"{' '.join(map(str, args.children))} --repeat {args.repeat}` (profile `{PROFILE}`:"
        " record types barn and aktualisering, one personnummer per row; no row rejected)."
        " The three are timed in one process, interleaved; `best s` is the fastest of the"
        " repeats, `× bare read` compares best times.",
        "",
        f"Machine: {os.cpu_count()} cores shared with other jobs (figures are noisy; see the"
        f" load average), Python {platform.python_version()}, pandas {pd.__version__},"
        f" pyarrow {pa.__version__}, bbic-su {bbic_su.__version__}.",
        "",
        *head,
        *lines,
        *profile,
        "",
    ]
    args.out.write_text("\n".join(text), encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
