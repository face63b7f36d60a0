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

import numpy as np
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
    (
        "wait for the next chunk (parsed, trimmed, blank and ragged rows found in the"
        " reader thread)",
        "_threads.py",
        "read_ahead",
    ),
    ("map every column of every chunk (all of the below)", "_mapping.py", "map_chunk"),
    ("- identity numbers: shapes and 64-bit keys (array operations)", "_pnr_vector.py", "_shapes"),
    ("- identity numbers: check of new values (array operations)", "_pnr_vector.py", "_checked"),
    ("- identity numbers: HMAC, once per new value", "_pnr_vector.py", "pseudonym_array"),
    ("- value mappings and dates, per distinct value", "_values.py", "convert"),
    ("- derived birth year, age", "_mapping.py", "_derive"),
    ("scan of the mapped columns for clear identity numbers", "_pnr_vector.py", "contains_many"),
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
    return lines + _cpu(paths)


def _cpu_run(fn: Callable[[], object]) -> tuple[float, float]:
    """Wall and CPU seconds (all threads of the process) of one call; best of three."""
    import resource

    runs = []
    for _ in range(3):
        gc.collect()
        before = resource.getrusage(resource.RUSAGE_SELF)
        start = time.perf_counter()
        fn()
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_SELF)
        cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
        runs.append((wall, cpu))
    return min(runs)


def _personnummer(paths: list[Path]) -> np.ndarray:
    """The distinct personnummer of the files (first column), as the importer hashes them."""
    numbers: set[bytes] = set()
    for path in paths:
        with path.open(encoding="cp1252") as fh:
            next(fh)  # the header
            numbers.update(line.split(";", 1)[0].replace("-", "").encode() for line in fh)
    return np.array(sorted(numbers), dtype="S12")


def _hmac_only(numbers: np.ndarray) -> int:
    """One HMAC per distinct personnummer, with the pads hashed once (the importer's way)."""
    from bbic_su.importing._pnr_vector import pseudonym_array

    pseudonym_array(numbers, KEY.encode())
    return len(numbers)


def _cpu(paths: list[Path]) -> list[str]:
    """Wall and CPU time of the bare read, the import and its HMACs alone (the floor)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    numbers = _personnummer(paths)
    rows = [
        ("bare read (pyarrow's threads)", _cpu_run(partial(_bare, paths))),
        ("import_export", _cpu_run(partial(_import, paths))),
        ("its HMACs alone (hashlib, holds the GIL)", _cpu_run(partial(_hmac_only, numbers))),
    ]
    bare_wall = rows[0][1][0]
    cpu = rows[1][1][1]
    return [
        "",
        f"Wall and CPU time (all threads; best of three) on {cores} cores. With every core busy"
        f" all the time, `import_export` could not take less than its CPU time over {cores}:"
        f" {cpu / cores:.2f} s, which is {cpu / cores / bare_wall:.1f}× the bare read.",
        "",
        "| run | wall s | CPU s |",
        "|---|---:|---:|",
        *(f"| {name} | {wall:.2f} | {c:.2f} |" for name, (wall, c) in rows),
    ]


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
        nargs="+",
        metavar="ROWS_PER_S",
        help="only add the targets of issue 20 to --out, against this rows/s of the old importer"
        " (and, second, this importer's rows/s measured in turn with it, as printed)",
    )
    parser.add_argument(
        "--old",
        type=Path,
        metavar="SRC",
        help="also time the importer in SRC (the src folder of a checkout of an older"
        " commit, e.g. be3e53a) on the same files at 200,000 children, in fresh processes"
        " taken in turn with this one, and add the targets of issue 20 against it",
    )
    args = parser.parse_args()
    if args.targets:
        fresh = args.targets[1] if len(args.targets) > 1 else None
        _targets(args.out, args.targets[0], old=args.old, fresh=fresh)
        return
    paired = None
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
                paired = _paired_rows_per_s(args.old, paths)
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
    if paired is not None:
        _targets(args.out, paired[0], old=args.old, fresh=paired[1])


_FRESH = """
import sys, time
from pathlib import Path
import bbic_su
assert bbic_su.__file__.startswith(sys.argv[1]), bbic_su.__file__
warm = [Path(p) for p in sys.argv[2].split(",")]
paths = [Path(p) for p in sys.argv[3:]]
bbic_su.import_export(warm, "exempel_bred_cp1252", key=%r)  # imports and caches warmed
t0 = time.perf_counter()
_, report = bbic_su.import_export(paths, "exempel_bred_cp1252", key=%r)
print(report.rows_read / (time.perf_counter() - t0))
"""


def _fresh_rows_per_s(src: Path, warm: list[Path], paths: list[Path]) -> float:
    """Rows/s of the importer in ``src`` (a ``src`` folder) on ``paths``, in a fresh process."""
    env = {**os.environ, "PYTHONPATH": str(src.resolve())}
    argv = [str(src.resolve()), ",".join(map(str, warm)), *map(str, paths)]
    done = subprocess.run(
        [sys.executable, "-c", _FRESH % (KEY, KEY), *argv],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return float(done.stdout.split()[-1])


def _paired_rows_per_s(old: Path, paths: list[Path], rounds: int = 3) -> tuple[float, float]:
    """Best rows/s of the old importer and of this one, in fresh processes taken in turn.

    The two alternate (old, new, old, new, …) so that a machine whose speed drifts
    during the run slows both alike; each process first imports a small export.
    """
    new = Path(bbic_su.__file__).resolve().parent.parent
    warm = _export_small()
    runs: dict[str, list[float]] = {"old": [], "new": []}
    for _ in range(rounds):
        runs["old"].append(_fresh_rows_per_s(old, warm, paths))
        runs["new"].append(_fresh_rows_per_s(new, warm, paths))
    best_old, best_new = max(runs["old"]), max(runs["new"])
    print(f"old importer ({old}): {best_old:,.0f} rows/s; this one: {best_new:,.0f}", flush=True)
    return best_old, best_new


def _targets(out: Path, before: float, old: Path | None = None, fresh: float | None = None) -> None:
    """Add (or replace) the section checking the targets of issue 20 against the table.

    ``fresh``: this importer's rows/s in fresh processes taken in turn with the old one
    (the speed-up is then that pair's ratio; else the table's rows/s over ``before``).
    """
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
    speedup = (fresh if fresh is not None else num(200_000, "import_export", 6)) / before
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
            " given as `--old`, timed on the same files in the same run). The speed-up"
            f" compares it with this importer's {fresh:,.0f} rows/s, both in fresh processes"
            " taken in turn (old, new, three times; best of each), each after a small"
            " warm-up import, so that a drift of the machine's speed slows both alike."
            if old is not None and fresh is not None
            else " (the importer of commit be3e53a, from a checkout of it given as `--old`)."
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
