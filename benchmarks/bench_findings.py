"""Benchmark: validation of linked datasets, clean and dirty, against pandera and the floor.

Run: ``python benchmarks/bench_findings.py --rows 100000 300000 1000000 3000000 --repeat 5``
(and once ``--rows 10000000 --dirt dirty --repeat 1 --no-pandera --no-json`` for the
growth to national scale).

Per size and dirt level (``benchmarks/_gen_linked.py``: ``uppfoljning`` with ``rows``
rows, ``barn`` and ``insats`` with half as many each, Arrow-backed text), in one process
and interleaved per round:

* **bbic-su**: ``bbic_su.validate`` as it comes (threads on long frames) and with
  ``BBIC_SU_THREADS=1`` (one thread);
* **pandera**: a ``DataFrameSchema`` per record type with the value-set, ISO-date
  (format and calendar), integer and required checks of ``bench_validate.py`` (issue
  #3's baseline), ``lazy=True``; it has no conditional, date-order, consistency or
  cross-record checks, so on dirty data (valid codes in the wrong places) it finds
  little and does less work than bbic-su;
* **floor**: ``pyarrow.compute.dictionary_encode`` of every column validation reads,
  one after the other (one hash pass per cell: what any check of every cell costs).

The table gives best and median of the rounds. After the rounds, one more validation
runs under tracemalloc (peak of numpy and Python allocations above what was allocated
before; Arrow's pool is not traced) and the findings are timed on their own: building
the table (``assemble``: lay out, sort, row accounting), ``Report.to_frame()`` and
``Report.write_json`` (streamed; its tracemalloc peak shows the memory stays flat).
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.compute as pc

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _gen_linked import RECORD_TYPES, dataset
from bench_validate import pandera_schema, run_pandera

import bbic_su
import bbic_su.frames._threads
import bbic_su.validation
import bbic_su.validation._findings_layout
from bbic_su.validation import _validate


def floor(frames: dict[str, pd.DataFrame]) -> float:
    """Seconds to dictionary-encode every column of every frame (one thread)."""
    t0 = time.perf_counter()
    for frame in frames.values():
        for name in frame.columns:
            pc.dictionary_encode(frame[name].array.__arrow_array__())
    return time.perf_counter() - t0


class _AssembleTimer:
    """Times ``assemble`` (laying out, sorting the findings) inside ``validate``."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.inner = bbic_su.validation._findings_layout.assemble

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        t0 = time.perf_counter()
        out = self.inner(*args, **kwargs)
        self.seconds += time.perf_counter() - t0
        return out


def measure(rows: int, dirt: str, repeat: int, pandera: bool, json: bool = True) -> dict[str, Any]:
    frames = dataset(rows, dirt)
    frame_mb = sum(f.memory_usage(deep=True).sum() for f in frames.values()) / 2**20
    ds = bbic_su.Dataset(frames)
    bbic_su.validate(bbic_su.Dataset({k: f.head(1000) for k, f in frames.items()}))  # warm
    schemas = {rt: pandera_schema(rt) for rt in RECORD_TYPES} if pandera else {}
    times: dict[str, list[float]] = {"ours": [], "single": [], "theirs": [], "floor": []}
    loads: list[float] = []
    findings = failures = 0
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        findings = len(bbic_su.validate(ds).issues)
        times["ours"].append(time.perf_counter() - t0)
        os.environ["BBIC_SU_THREADS"] = "1"
        gc.collect()
        t0 = time.perf_counter()
        single = len(bbic_su.validate(ds).issues)
        times["single"].append(time.perf_counter() - t0)
        del os.environ["BBIC_SU_THREADS"]
        assert single == findings
        if pandera:
            gc.collect()
            t0 = time.perf_counter()
            failures = sum(run_pandera(schemas[rt], frames[rt]) for rt in RECORD_TYPES)
            times["theirs"].append(time.perf_counter() - t0)
        gc.collect()
        times["floor"].append(floor(frames))
        loads.append(os.getloadavg()[0])
    timer = _AssembleTimer()
    _validate.assemble = timer  # type: ignore[assignment]
    gc.collect()
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    report = bbic_su.validate(ds)
    peak = tracemalloc.get_traced_memory()[1] - base
    tracemalloc.stop()
    _validate.assemble = timer.inner
    t0 = time.perf_counter()
    report.to_frame()
    to_frame = time.perf_counter() - t0
    json_s = json_peak = json_mb = float("nan")
    if json:
        tmp = tempfile.mkdtemp()
        gc.collect()
        tracemalloc.start()
        t0 = time.perf_counter()
        report.write_json(Path(tmp) / "v.json")
        json_s = time.perf_counter() - t0
        json_peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        json_mb = (Path(tmp) / "v.json").stat().st_size / 2**20
        (Path(tmp) / "v.json").unlink()
        Path(tmp).rmdir()
    return {
        "rows": rows,
        "dirt": dirt,
        "times": times,
        "loads": loads,
        "peak_mb": peak / 2**20,
        "frame_mb": frame_mb,
        "findings": findings,
        "failures": failures,
        "assemble": timer.seconds,
        "to_frame": to_frame,
        "json_s": json_s,
        "json_peak_mb": json_peak / 2**20,
        "threads": bbic_su.frames._threads.workers(),
        "json_mb": json_mb,
    }


def _bm(values: list[float]) -> str:
    return f"{min(values):.2f} / {statistics.median(values):.2f}" if values else "–"


def _json(m: dict[str, Any]) -> str:
    if m["json_s"] != m["json_s"]:  # NaN: not written
        return "– (not written)"
    return f"{m['json_s']:.1f} ({m['json_mb']:.0f} MB, peak {m['json_peak_mb']:.0f} MB)"


def row(m: dict[str, Any]) -> str:
    t = m["times"]
    ours, single, theirs, fl = t["ours"], t["single"], t["theirs"], t["floor"]
    ratio = "–"
    if theirs:
        med = statistics.median(theirs) / statistics.median(ours)
        ratio = f"{min(theirs) / min(ours):.2f}x / {med:.2f}x"
    one = f"{min(theirs) / min(single):.2f}x" if theirs else "–"
    per = m["assemble"] / max(m["findings"], 1) * 1e9
    return (
        f"| {m['dirt']} | {m['rows']:,} | {m['findings']:,} | {_bm(ours)} | {_bm(single)} "
        f"| {_bm(theirs)} | {ratio} | {one} | {_bm(fl)} | {min(ours) / min(fl):.2f}x "
        f"| {m['peak_mb']:.0f} / {m['frame_mb']:.0f} = {m['peak_mb'] / m['frame_mb']:.2f} "
        f"| {m['assemble']:.2f} ({per:.0f} ns) | {m['to_frame']:.2f} "
        f"| {_json(m)} "
        f"| {min(m['loads']):.1f}–{max(m['loads']):.1f} |"
    )


HEADER = (
    "| data | rows (uppföljning) | findings | bbic-su s (best / median) "
    "| one thread s (best / median) | pandera s (best / median) | ratio (best / median) "
    "| one-thread ratio (best) | floor s (best / median) | bbic-su / floor (best) "
    "| peak MB (extra) / frames MB | findings table s (per finding) | to_frame s "
    "| write_json s (size, peak) | load (1 min) |\n"
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[100_000, 300_000])
    parser.add_argument("--dirt", nargs="+", default=["clean", "dirty"])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-pandera", action="store_true")
    parser.add_argument("--no-json", action="store_true", help="skip timing write_json")
    args = parser.parse_args(argv)
    print(
        f"bbic-su {bbic_su.__version__}, pandas {pd.__version__}, "
        f"CPUs {bbic_su.frames._threads.workers()}"
    )
    print()
    print(HEADER, flush=True)
    for rows in args.rows:
        for dirt in args.dirt:
            m = measure(rows, dirt, args.repeat, not args.no_pandera, not args.no_json)
            print(row(m), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
