"""Benchmark: ``bbic_su.compute`` against a hand-written pandas groupby, same process.

Run: ``python benchmarks/bench_measures.py [--records 1000000] [--repeat 3]``. Writes
``benchmarks/results-measures.md``. Both sides start from the same typed frames
(``str`` codes, ``datetime64`` dates, ``Int64`` integers) of synthetic valid data and
compute the same numbers: every catalogue measure's numerator, denominator and excluded
count per kommunkod × kon × aldersgrupp_officiell cell, and the template completeness
measure per variable and kommunkod (the hand-written side skips its breakdowns). The
script asserts that they agree before timing. ``compute`` also builds the typed views
(parsing every column it reads), links ancestors, adds margins and Wilson intervals;
suppression is off (``min_count=None``).
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

import bbic_su

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _measures_by_hand import TEMPLATE, by_hand, measures_by_hand

BY = ["kon", "aldersgrupp"]
RECORDS_PER_CHILD = 3.64  # what bbic_su.synth generates on average (all record types)


def synth(total: int, seed: int = 7) -> dict[str, pd.DataFrame]:
    """About ``total`` records from ``bbic_su.synth`` (valid data), typed as the frame
    conventions say: ``str`` codes, ``datetime64`` dates, ``Int64`` integers."""
    from bbic_su import synth as generator

    cat = bbic_su.catalog()
    ds = generator.generate(
        children=max(10, round(total / RECORDS_PER_CHILD)),
        seed=seed,
        period=2024,
        municipalities=3,
    )
    frames: dict[str, pd.DataFrame] = {}
    for rt in ds.record_types:
        frame = ds[rt].reset_index(drop=True)
        for v in cat.variables_of(rt):
            if v.id not in frame.columns:
                continue
            if v.datatype == "date":
                frame[v.id] = pd.to_datetime(frame[v.id], format="%Y-%m-%d").astype("datetime64[s]")
            elif v.datatype == "integer":
                frame[v.id] = pd.to_numeric(frame[v.id]).astype("Int64")
        frames[rt] = frame
    return frames


def run_library(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    return bbic_su.compute(
        bbic_su.Dataset(frames), None, by=BY, min_count=None, extraction_date="2024-12-31"
    ).to_frame()


def agree(lib: pd.DataFrame, hand: pd.DataFrame) -> int:
    """Assert that every number agrees; return the number of cells compared."""
    lib = lib.rename(columns={"aldersgrupp_officiell": "ag"})
    template = lib.measure.str.startswith(TEMPLATE + "[")
    inner = (lib.kon != "_total") & (lib.ag != "_total")
    totals = (lib.kon == "_total") & (lib.ag == "_total")
    cells = lib[(~template & inner) | (template & totals)]
    cols = ["measure", "kommunkod", "kon", "ag"]
    assert set(hand.measure) == set(cells.measure), set(hand.measure) ^ set(cells.measure)
    merged = cells.merge(hand, on=cols, how="outer", suffixes=("", "_hand"))
    for c in ("numerator", "denominator", "excluded"):
        ours = merged[c].fillna(0).astype(int)
        theirs = merged[f"{c}_hand"].fillna(0).astype(int)
        bad = merged[ours != theirs]
        assert bad.empty, (c, bad[[*cols, c, f"{c}_hand"]].head())
    return len(merged)


def _peak(fn: Callable[[], Any]) -> float:
    """Peak memory (MB) traced while ``fn`` runs."""
    gc.collect()
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, nargs="+", default=[1_000_000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rows = []
    for total in args.records:
        frames = synth(total)
        n = sum(len(f) for f in frames.values())
        frame_mb = sum(f.memory_usage(deep=True).sum() for f in frames.values()) / 2**20
        lib = run_library(frames)
        compared = agree(lib, by_hand(frames))
        instances = lib.measure.nunique()
        times: dict[str, list[float]] = {"lib": [], "hand": []}
        loads = []
        for _ in range(args.repeat):  # interleaved, same process
            for name, fn in (("lib", run_library), ("hand", by_hand)):
                gc.collect()
                start = time.perf_counter()
                fn(frames)
                times[name].append(time.perf_counter() - start)
            loads.append(os.getloadavg()[0])
        peak = _peak(lambda frames=frames: run_library(frames))
        best = {k: min(v) for k, v in times.items()}
        med = {k: statistics.median(v) for k, v in times.items()}
        rows.append(
            f"| {n:,} | {instances} | {best['lib']:.2f} / {med['lib']:.2f} "
            f"| {best['hand']:.2f} / {med['hand']:.2f} | {best['lib'] / best['hand']:.2f} "
            f"/ {med['lib'] / med['hand']:.2f} | {peak:.0f} / {frame_mb:.0f} = "
            f"{peak / frame_mb:.2f} | {min(loads):.1f}–{max(loads):.1f} | {compared:,} |"
        )
        print(rows[-1], flush=True)
    sizes = ", ".join(f"{k} {len(v):,}" for k, v in frames.items())
    lines = [
        "# Measures benchmark",
        "",
        f"`bbic_su.compute(ds, None, by={BY}, min_count=None)`: every catalogue measure "
        f"(the {len(measures_by_hand(bbic_su.catalog()))} measures and the template "
        f"`{TEMPLATE}` for each of the variables present), against the hand-written pandas "
        "baseline in this script (merges, masks, groupby), in the same process, "
        f"interleaved; {args.repeat} runs each. Data: `bbic_su.synth.generate` (valid, "
        f"3 municipalities), typed (`str` codes, `datetime64` dates, `Int64` integers); "
        f"last size: {sizes}. Python {platform.python_version()}, pandas {pd.__version__}, "
        f"numpy {np.__version__}, {platform.machine()}, {os.cpu_count()} cores.",
        "",
        'What "all" covers: the hand-written side computes the 23 measures with both '
        "breakdowns (every kommunkod × kon × aldersgrupp_officiell cell: numerator, "
        "denominator, excluded) and the template measure per variable without breakdowns "
        "(per kommunkod); `compute` computes all of it with both breakdowns, margins and "
        "Wilson intervals. The script asserts that every compared number agrees "
        "(column *cells*) before timing.",
        "",
        "| records | measure rows | bbic-su s (best / median) | hand-written s (best / median) "
        "| ratio (best / median) | peak MB / frames MB | load average (1 min) | cells |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
        *rows,
        "",
        "Command: `python benchmarks/bench_measures.py --records "
        f"{' '.join(map(str, args.records))} --repeat {args.repeat}`",
    ]
    text = "\n".join(lines) + "\n"
    Path(__file__).with_name("results-measures.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
