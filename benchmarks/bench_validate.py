"""Benchmark: bbic-su validation against a pandera schema with the equivalent checks.

Run: ``python benchmarks/bench_validate.py --rows 100000 300000 1000000``

For each size, an all-text frame of the largest record type (``uppfoljning``: every
catalogue column, about 0.1 % corrupted cells) is validated by ``bbic_su.validate``
and, in the same process, by a pandera ``DataFrameSchema`` holding the equivalent
value-set, format (ISO date incl. calendar validity, integer) and required checks,
validated lazily. Both run ``--repeat`` times, interleaved; the table gives the best
and the median, and the 1-minute load average seen after each round. bbic-su runs
twice per round: as it comes (frames of 200,000 rows or more are parsed and checked in
threads, one per CPU) and with ``BBIC_SU_THREADS=1`` (everything in one thread), so
the figures also say what a single core gives. Peak memory is
the extra memory allocated during bbic-su's validation (tracemalloc, a separate run;
it sees numpy and Python allocations, not Arrow's memory pool, whose buffers here are
transient per-column lookups), compared with the frame's own size.
"""

from __future__ import annotations

import argparse
import gc
import os
import re
import statistics
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _gen import generate

import bbic_su
import bbic_su.frames._threads

RECORD_TYPE = "uppfoljning"


def pandera_schema(record_type: str):  # type: ignore[no-untyped-def]
    import pandera.pandas as pa

    cat = bbic_su.catalog()
    rt = cat.record_type(record_type)
    columns = {}
    for field in rt.key_fields:
        required = any(k.field == field and k.role in ("primary", "parent_ref") for k in rt.keys)
        columns[field] = pa.Column(str, nullable=not required, required=False)
    for v in cat.variables_of(record_type):
        required = any(r.required for r in v.rules)
        checks = []
        if v.datatype == "code":
            checks.append(pa.Check.isin(list(cat.value_set(v.value_set).code_ids)))
        elif v.datatype == "codes":
            alt = "|".join(re.escape(c) for c in cat.value_set(v.value_set).code_ids)
            checks.append(pa.Check.str_matches(rf"^(?:{alt})(?:\|(?:{alt}))*$"))
        elif v.datatype == "date":
            checks.append(pa.Check.str_matches(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))
            checks.append(
                pa.Check(
                    lambda s: pd.to_datetime(s, format="%Y-%m-%d", errors="coerce").notna(),
                    element_wise=False,
                    name="calendar_date",
                )
            )
        elif v.datatype == "integer":
            checks.append(pa.Check.str_matches(r"^[+-]?[0-9]+$"))
        columns[v.id] = pa.Column(str, checks=checks, nullable=not required, required=False)
    return pa.DataFrameSchema(columns, strict=False, coerce=False)


def run_pandera(schema, frame: pd.DataFrame) -> int:  # type: ignore[no-untyped-def]
    import pandera.errors

    try:
        schema.validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as exc:
        return len(exc.failure_cases)
    return 0


def measure(rows: int, repeat: int) -> dict[str, Any]:
    frame = generate(RECORD_TYPE, rows)
    frame_mb = frame.memory_usage(deep=True).sum() / 2**20
    ds = bbic_su.Dataset({RECORD_TYPE: frame})
    bbic_su.validate(bbic_su.Dataset({RECORD_TYPE: frame.head(1000)}))  # warm caches
    schema = pandera_schema(RECORD_TYPE)
    times: dict[str, list[float]] = {"ours": [], "single": [], "theirs": []}
    loads: list[float] = []
    issues = failures = 0
    for _ in range(repeat):  # interleaved, same process
        gc.collect()
        t0 = time.perf_counter()
        issues = len(bbic_su.validate(ds).issues)
        times["ours"].append(time.perf_counter() - t0)
        os.environ["BBIC_SU_THREADS"] = "1"
        gc.collect()
        t0 = time.perf_counter()
        single = len(bbic_su.validate(ds).issues)
        times["single"].append(time.perf_counter() - t0)
        del os.environ["BBIC_SU_THREADS"]
        assert single == issues
        gc.collect()
        t0 = time.perf_counter()
        failures = run_pandera(schema, frame)
        times["theirs"].append(time.perf_counter() - t0)
        loads.append(os.getloadavg()[0])
    gc.collect()
    tracemalloc.start()
    bbic_su.validate(ds)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "rows": rows,
        "times": times,
        "loads": loads,
        "peak_mb": peak / 2**20,
        "frame_mb": frame_mb,
        "issues": issues,
        "pandera_failures": failures,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[100_000, 300_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    print(f"bbic-su {bbic_su.__version__}, pandas {pd.__version__}, record type {RECORD_TYPE}")
    print()
    print(f"CPUs available: {bbic_su.frames._threads.workers()}")
    print()
    print(
        "| rows | bbic-su s (best / median) | pandera s (best / median) | ratio (best / median) "
        "| one thread: s (best / median), ratio (best) "
        "| peak MB (extra) / frame MB | s per 100k rows (best) | load average (1 min) "
        "| issues | pandera failure cases |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for rows in args.rows:
        m = measure(rows, args.repeat)
        ours, theirs = m["times"]["ours"], m["times"]["theirs"]
        best, med = min(ours), statistics.median(ours)
        pbest, pmed = min(theirs), statistics.median(theirs)
        sbest, smed = min(m["times"]["single"]), statistics.median(m["times"]["single"])
        print(
            f"| {rows:,} | {best:.2f} / {med:.2f} | {pbest:.2f} / {pmed:.2f} "
            f"| {pbest / best:.2f}x / {pmed / med:.2f}x "
            f"| {sbest:.2f} / {smed:.2f}, {pbest / sbest:.2f}x "
            f"| {m['peak_mb']:.0f} / {m['frame_mb']:.0f} = {m['peak_mb'] / m['frame_mb']:.2f} "
            f"| {best / rows * 1e5:.2f} | {min(m['loads']):.1f}–{max(m['loads']):.1f} "
            f"| {m['issues']:,} | {m['pandera_failures']:,} |",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
