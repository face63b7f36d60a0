"""Benchmark: ``bbic_su.import_export`` of a vendor-style export, rows per second and memory.

Run: ``python benchmarks/bench_import.py [--children 10000 50000 200000] [--repeat 2]``.
Writes ``benchmarks/results-import.md``.

For each size, ``bbic_su.synth`` generates a dataset (made-up personnummer) and
``bbic_su.render_export`` writes it in the layout of the shipped example profile
``exempel_bred_cp1252`` (cp1252, ``;``, Swedish headers, J/N answers, compact
dates, a personnummer column) before the clock starts. The timed call reads the
files, maps every value, validates and pseudonymises every identity number and
builds the canonical dataset. The export is written first; each import then runs in
a fresh process, whose peak resident set size minus its size just before the import is
the peak memory (tracemalloc is not used: its per-allocation hook slows the import
tenfold).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

import bbic_su
from bbic_su import synth

HERE = Path(__file__).resolve().parent
PROFILE = "exempel_bred_cp1252"
KEY = "benchmark key, not a secret, 32 bytes!"


def _export(children: int, folder: Path) -> list[Path]:
    made = synth.generate_with_truth(children=children, seed=7, period=2025)
    return bbic_su.render_export(made.dataset, PROFILE, folder, identity=made.identity)


def _status_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _reset_peak() -> float:
    """Reset the peak-RSS mark (a child inherits its parent's); return the current RSS."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")
    return _status_mb("VmRSS")


def _child(folder: str) -> None:
    """Import the export in ``folder`` in this fresh process; print a JSON line."""
    paths = sorted(Path(folder).glob("*.csv"))
    before = _reset_peak()
    start = time.perf_counter()
    _, report = bbic_su.import_export(paths, PROFILE, key=KEY)
    seconds = time.perf_counter() - start
    peak = _status_mb("VmHWM") - before
    rows = sum(f.rows_read for f in report.files)
    rejected = sum(f.rows_rejected for f in report.files)
    print(json.dumps({"s": seconds, "peak": peak, "rows": rows, "rejected": rejected}))


def _one(folder: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(folder)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--children", type=int, nargs="+", default=[10_000, 50_000, 200_000])
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--out", type=Path, default=HERE / "results-import.md")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child)
        return
    lines = [
        "| children | rows | file MB | best s | median s | rows/s | peak extra RSS MB | load |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for children in args.children:
        with tempfile.TemporaryDirectory() as tmp:
            paths = _export(children, Path(tmp))
            file_mb = sum(p.stat().st_size for p in paths) / 2**20
            runs = [_one(Path(tmp)) for _ in range(args.repeat)]
        times = [r["s"] for r in runs]
        best, rows = min(times), int(runs[0]["rows"])
        peak = max(r["peak"] for r in runs)
        assert all(r["rejected"] == 0 for r in runs), "rows rejected"
        load = os.getloadavg()[0]
        lines.append(
            f"| {children:,} | {rows:,} | {file_mb:.1f} | {best:.2f}"
            f" | {statistics.median(times):.2f} | {rows / best:,.0f} | {peak:.0f} | {load:.1f} |"
        )
        print(lines[-1], flush=True)
    text = [
        "# Import benchmark: vendor-style export to the canonical dataset",
        "",
        "Command: `python benchmarks/bench_import.py --children "
        f"{' '.join(map(str, args.children))}"
        f" --repeat {args.repeat}` (profile `{PROFILE}`: record types barn and aktualisering,"
        " one personnummer per row; no row rejected).",
        "",
        f"Machine: {os.cpu_count()} cores, Python {platform.python_version()},"
        f" pandas {pd.__version__}, bbic-su {bbic_su.__version__}. `load` is the"
        " one-minute load average after the size's runs.",
        "",
        *lines,
        "",
    ]
    args.out.write_text("\n".join(text), encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
