"""Long fuzz campaigns over bbic-su's entry points (the strategies of tests/fuzz_harness.py).

    python tools/fuzz.py --inputs 1000000 --state fuzz-state.json
    python tools/fuzz.py --entry import_export --entry cli --inputs 200000 --batch 5000
    nice -n 19 python tools/fuzz.py --inputs 1000000 --hours 6 &   # in the background
    python tools/fuzz.py --state fuzz-state.json --report        # the table, on stdout
    python tools/fuzz.py --state fuzz-state.json --write docs/reliability-campaign.md.inc

A campaign runs in batches. Batch ``b`` of an entry point draws its inputs with
Hypothesis seeded by ``seed + b`` (generation only: no shrinking, no example
database), so every batch can be re-run exactly. After each batch the state
file records, per entry point, the inputs tried, the outcomes, the batches done
and any crash; a campaign stopped at any moment resumes from the state file
with the next batch. Each crash is written (input as a Python literal, the
exception and its traceback) to ``--crashes`` so that it can be replayed and
turned into a regression test. Inputs are counted as they reach the target.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

os.environ.setdefault("BBIC_SU_THREADS", "1")  # one core per campaign on a shared machine


def _load_state(path: Path) -> dict[str, Any]:
    if path.exists():
        state: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return state
    return {"seed": None, "batch": None, "entries": {}}


def _save_state(path: Path, state: dict[str, Any]) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(state, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    tmp.replace(path)


def _batch(entry: str, seed: int, size: int, crashes: Path) -> dict[str, Any]:
    from fuzz_harness import ENTRY_POINTS
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as hseed

    strategy, target = ENTRY_POINTS[entry]
    counts = {"inputs": 0, "ok": 0, "error": 0, "crash": 0}
    found: list[str] = []
    with tempfile.TemporaryDirectory(prefix="bbic-fuzz-") as tmp:
        folder = Path(tmp)

        @hseed(seed)
        @settings(
            max_examples=size,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
            phases=[Phase.generate],
        )
        @given(strategy)
        def run(value: Any) -> None:
            counts["inputs"] += 1
            try:
                counts[target(folder, value)] += 1
            except Exception as exc:  # a crash: record it and go on
                counts["crash"] += 1
                crashes.mkdir(parents=True, exist_ok=True)
                name = crashes / f"{entry}-{seed}-{counts['inputs']}.txt"
                name.write_text(
                    f"entry: {entry}\nseed: {seed}\ninput: {value!r}\n\n"
                    + "".join(traceback.format_exception(exc)),
                    encoding="utf-8",
                    errors="backslashreplace",
                )
                found.append(f"{type(exc).__name__}: {str(exc)[:160]} ({name.name})")

        run()
    return {**counts, "found": found}


def _report(state: dict[str, Any]) -> str:
    lines = [
        "| entry point | inputs | ok | clean errors | crashes | batches | seeds | hours |",
        "|---|---:|---:|---:|---:|---:|---|---:|",
    ]
    for entry, rec in sorted(state["entries"].items()):
        done = rec["batches_done"]
        seeds = f"{state['seed']}…{state['seed'] + max(done) if done else state['seed']}"
        lines.append(
            f"| `{entry}` | {rec['inputs']:,} | {rec['ok']:,} | {rec['error']:,} | "
            f"{rec['crash']:,} | {len(done)} | {seeds} | {rec['seconds'] / 3600:.2f} |"
        )
    return "\n".join(lines)


def _commit() -> str:
    """The short hash of the checked-out commit, marked when the tree has changes."""
    import subprocess

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], capture_output=True, text=True, check=False, cwd=ROOT)
        return done.stdout.strip()

    return git("rev-parse", "--short", "HEAD") + (
        "+changes" if git("status", "--porcelain") else ""
    )


def _recorded(state: dict[str, Any]) -> str:
    """The campaign as recorded in docs/reliability.md: the table and how it was run."""
    import platform

    commit = state.get("commit") or "unknown"
    entries = state["entries"].values()
    total = sum(r["inputs"] for r in entries)
    crashes = sum(r["crash"] for r in entries)
    return (
        f"Campaign of `tools/fuzz.py` (seed {state['seed']}, batches of {state['batch']} inputs), "
        f"run on commit `{commit}` with Python {platform.python_version()}: "
        f"{total:,} inputs in all, {crashes} crashes. Written by "
        "`python tools/fuzz.py --state STATE --write FILE`.\n\n" + _report(state) + "\n"
    )


def main(argv: list[str] | None = None) -> int:
    from fuzz_harness import ENTRY_POINTS

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entry", action="append", choices=sorted(ENTRY_POINTS))
    parser.add_argument("--inputs", type=int, default=1_000_000, help="per entry point")
    parser.add_argument("--batch", type=int, default=2_000, help="inputs per seeded batch")
    parser.add_argument("--seed", type=int, default=18_000_000)
    parser.add_argument("--state", type=Path, default=Path("fuzz-state.json"))
    parser.add_argument("--crashes", type=Path, default=Path("fuzz-crashes"))
    parser.add_argument("--hours", type=float, default=None, help="stop after this long")
    parser.add_argument("--report", action="store_true", help="print the table and exit")
    parser.add_argument("--write", type=Path, help="write the table (Markdown) to FILE and exit")
    args = parser.parse_args(argv)
    state = _load_state(args.state)
    if args.report:
        print(_report(state))
        return 0
    if args.write:
        args.write.write_text(_recorded(state), encoding="utf-8")
        return 0
    if state["seed"] is None:
        state["seed"], state["batch"] = args.seed, args.batch
        state["commit"] = _commit()
    elif (state["seed"], state["batch"]) != (args.seed, args.batch):
        parser.error("the state file was started with another --seed or --batch")
    entries = args.entry or sorted(ENTRY_POINTS)
    stop = time.monotonic() + args.hours * 3600 if args.hours else None
    while True:
        todo = [e for e in entries if state["entries"].get(e, {}).get("inputs", 0) < args.inputs]
        if not todo or (stop is not None and time.monotonic() > stop):
            break
        for entry in todo:  # round robin: every entry point advances together
            rec = state["entries"].setdefault(
                entry,
                {
                    "inputs": 0,
                    "ok": 0,
                    "error": 0,
                    "crash": 0,
                    "batches_done": [],
                    "seconds": 0.0,
                    "crashes": [],
                },
            )
            b = max(rec["batches_done"], default=-1) + 1
            started = time.monotonic()
            result = _batch(entry, state["seed"] + b, args.batch, args.crashes)
            rec["seconds"] += time.monotonic() - started
            for k in ("inputs", "ok", "error", "crash"):
                rec[k] += result[k]
            rec["batches_done"].append(b)
            rec["crashes"].extend(result["found"])
            _save_state(args.state, state)
            print(
                f"{entry}: batch {b} seed {state['seed'] + b}: {result['inputs']} inputs, "
                f"{result['crash']} crashes (total {rec['inputs']:,})",
                flush=True,
            )
            if stop is not None and time.monotonic() > stop:
                break
    print(_report(state))
    return 1 if any(r["crash"] for r in state["entries"].values()) else 0


if __name__ == "__main__":
    raise SystemExit(main())
