"""Benchmark: ``bbic_su.report`` (workbook + HTML page, every measure) on ~1,000,000 records.

Run: ``python benchmarks/bench_report.py [--children 230000] [--workers 2] [--repeat 1]``.
Writes ``benchmarks/results-report.md``. The dataset comes from ``bbic_su.synth``
(4 synthetic municipalities, 2023–2025, all record types; 230,000 children give
about 1,015,000 records) and is generated before the clock starts. The timed call
is what ``bbic-su report DATASET --out r.xlsx --html r.html`` does after reading
the dataset: two unprotected computations of every measure, protection of each
view, validation and completeness (in a worker process when ``--workers`` > 1),
background counts, 69 charts, the workbook and the page. The target is under a
minute on 2 cores.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import tempfile
import time
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd

from bbic_su import synth
from bbic_su.reporting import report

HERE = Path(__file__).resolve().parent


def _cpu_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--children", type=int, default=230_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--out", type=Path, default=HERE / "results-report.md")
    args = parser.parse_args()
    period = ("2023-01-01", "2025-12-31")
    ds = synth.generate(children=args.children, seed=1, period=period, municipalities=4)
    sizes = {rt: len(f) for rt, f in ds.frames.items()}
    records = sum(sizes.values())
    print(f"{records:,} records", flush=True)
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.repeat):
            load = os.getloadavg()[0]
            wall, cpu, kids = time.perf_counter(), time.process_time(), _cpu_children()
            report(
                ds,
                out=Path(tmp) / f"r{i}.xlsx",
                html=Path(tmp) / f"r{i}.html",
                workers=args.workers,
            )
            runs.append(
                (
                    time.perf_counter() - wall,
                    time.process_time() - cpu,
                    _cpu_children() - kids,
                    load,
                    os.getloadavg()[0],
                )
            )
            print(f"run {i + 1}: {runs[-1][0]:.1f} s", flush=True)
    best = min(runs)
    lines = [
        "# Report benchmark",
        "",
        f"{records:,} records ({', '.join(f'{k} {v:,}' for k, v in sizes.items())}); "
        f"every catalogue measure; workbook + HTML page; workers {args.workers}; "
        f"{os.cpu_count()} cores; Python {platform.python_version()}, pandas {pd.__version__}, "
        f"numpy {np.__version__}, matplotlib {matplotlib.__version__}, {platform.machine()}.",
        "",
        "| run | wall s | CPU s (main) | CPU s (workers) | load before | load after |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
        *(
            f"| {i + 1} | {w:.1f} | {c:.1f} | {k:.1f} | {a:.1f} | {b:.1f} |"
            for i, (w, c, k, a, b) in enumerate(runs)
        ),
        "",
        f"Best: **{best[0]:.1f} s** (target: under 60 s on 2 cores).",
        "",
        "Load is the 1-minute load average of the machine (other processes included).",
        "",
        f"Command: `python benchmarks/bench_report.py --children {args.children} "
        f"--workers {args.workers} --repeat {args.repeat}`",
        "",
    ]
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print(args.out.read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
