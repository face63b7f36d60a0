"""Benchmark: cold start, ``import bbic_su; bbic_su.catalog()`` in a fresh process, from the wheel.

Run: ``python benchmarks/bench_cold_start.py --repeat 10``
(or ``--python /path/to/venv/bin/python`` for a virtual environment into which the wheel
was installed with pip; by default the wheel is built from the tree and unpacked into a
temporary folder put first on ``PYTHONPATH``, the same files pip would install).

Each round starts one fresh interpreter per case, interleaved (the order rotates), and
times it from outside (``time.perf_counter`` around ``subprocess.run``, so interpreter
start and exit are included, as a user or a CLI call pays them):

* **bare interpreter**: ``python -c pass``;
* **floor**: ``python -c "import yaml, attrs, cattrs"``, the libraries a catalogue
  loader cannot do without (the cache path needs only attrs of them);
* **import bbic_su**: the package alone (nothing is read);
* **catalog(), wheel cache**: the catalogue from the verified cache built into the wheel
  (``bbic_su/spec/_catalog_cache.json``) – what users get;
* **catalog(), no cache**: with ``BBIC_SU_NO_CACHE=1``: YAML parsed, structured and
  checked, as every process did before the cache.

The table gives the median, the fastest and the slowest of the rounds (ms); the
target of issue #23 is a median of at most 150 ms for "catalog(), wheel cache". Then
five more processes per path time their stages from inside (import, model classes,
hashing, decoding; or YAML reader, parsing and structuring, checks): the table "where the
time goes" gives the median of each.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results-cold-start.md"
TARGET_MS = 150.0

CASES: dict[str, tuple[str, dict[str, str]]] = {
    "bare interpreter": ("pass", {}),
    "floor: import yaml, attrs, cattrs": ("import yaml, attrs, cattrs", {}),
    "import bbic_su": ("import bbic_su", {}),
    "catalog(), wheel cache": ("import bbic_su; bbic_su.catalog()", {}),
    "catalog(), no cache": ("import bbic_su; bbic_su.catalog()", {"BBIC_SU_NO_CACHE": "1"}),
}

_STAGES = r"""
import sys, time
cached = sys.argv[1] == "cache"
t = [time.perf_counter()]
import bbic_su
t.append(time.perf_counter())
from bbic_su.spec import _cache, _catalog, _root
t.append(time.perf_counter())
key = _cache.cache_key(_root.packaged_root())
t.append(time.perf_counter())
if cached:
    cat = _cache.read_packaged(key)
    assert cat is not None, "no valid cache in the wheel"
    t += [time.perf_counter()] * 3
else:
    from bbic_su.spec import _check, _load
    t.append(time.perf_counter())
    files = _load.read_spec_files(_root.packaged_root())
    t.append(time.perf_counter())
    cat = _check.build_catalog(files)
    t.append(time.perf_counter())
    t.append(time.perf_counter())
print(" ".join(f"{(b - a) * 1000:.2f}" for a, b in zip(t, t[1:])))
"""
STAGES = (
    "import bbic_su",
    "import the catalogue modules (model classes, cache)",
    "cache key: hash of the spec files and the code",
    "import the YAML reader, cattrs and the checks",
    "parse and structure the YAML",
    "check the catalogue",
)
"""The stages timed inside one process (``_STAGES`` prints one figure per stage)."""
_DECODE = "read and decode the cache"


def _wheel_site(tmp: Path) -> Path:
    """Build the wheel from the tree and unpack it; return the folder to put on the path."""
    out = tmp / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    wheel = next(out.glob("bbic_su-*.whl"))
    site = tmp / "site"
    zipfile.ZipFile(wheel).extractall(site)
    return site


def _env(site: Path | None, cache: Path, extra: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "BBIC_SU_NO_CACHE")}
    env["BBIC_SU_CACHE_DIR"] = str(cache)  # an empty user cache: only the wheel's counts
    if site is not None:
        env["PYTHONPATH"] = str(site)
    env.update(extra)
    return env


def _time(python: str, code: str, env: dict[str, str], cwd: Path) -> float:
    t0 = time.perf_counter()
    subprocess.run([python, "-c", code], env=env, cwd=cwd, check=True, capture_output=True)
    return (time.perf_counter() - t0) * 1000


def _stages(python: str, env: dict[str, str], cwd: Path, mode: str, runs: int = 5) -> list[float]:
    """Per stage, the median milliseconds over ``runs`` processes (see ``_STAGES``)."""
    samples = []
    for _ in range(runs):
        done = subprocess.run(
            [python, "-c", _STAGES, mode],
            env=env,
            cwd=cwd,
            check=True,
            capture_output=True,
            text=True,
        )
        samples.append([float(x) for x in done.stdout.split()])
    return [statistics.median(col) for col in zip(*samples, strict=True)]


def _versions(python: str, env: dict[str, str], cwd: Path) -> str:
    code = (
        "import sys, bbic_su\n"
        "from importlib.metadata import version as v\n"
        "from bbic_su.spec import _cache\n"
        "print(sys.version.split()[0], bbic_su.__version__, v('attrs'), v('cattrs'), "
        "v('pyyaml'), _cache.packaged_path().is_file())\n"
    )
    done = subprocess.run(
        [python, "-c", code], env=env, cwd=cwd, check=True, capture_output=True, text=True
    )
    py, ours, at, ca, ya, built = done.stdout.split()
    return (
        f"Python {py}, bbic-su {ours}, attrs {at}, cattrs {ca}, PyYAML {ya}; "
        f"cache built into the wheel: {built.lower()}"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--python", help="an interpreter with the wheel installed (default: build)")
    parser.add_argument("--no-write", action="store_true", help="print, do not write results")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        python = args.python or sys.executable
        site = None if args.python else _wheel_site(tmp)
        cwd = tmp / "elsewhere"  # never the checkout: src/ must not be importable
        cwd.mkdir()
        times: dict[str, list[float]] = {name: [] for name in CASES}
        loads: list[float] = []
        names = list(CASES)
        for round_ in range(args.repeat):
            order = names[round_ % len(names) :] + names[: round_ % len(names)]
            for name in order:
                code, extra = CASES[name]
                cache = tmp / f"user-cache-{round_}-{names.index(name)}"
                times[name].append(_time(python, code, _env(site, cache, extra), cwd))
            loads.append(os.getloadavg()[0])
        env = _env(site, tmp / "user-cache-profile", {})
        where = {
            "wheel cache": _stages(python, env, cwd, "cache"),
            "no cache": _stages(python, {**env, "BBIC_SU_NO_CACHE": "1"}, cwd, "yaml"),
        }
        versions = _versions(python, env, cwd)

    floor = statistics.median(times["floor: import yaml, attrs, cattrs"])
    lines = [
        "# Cold start: `import bbic_su; bbic_su.catalog()` in a fresh process",
        "",
        f"Command: `python benchmarks/bench_cold_start.py --repeat {args.repeat}`"
        + (" --python <venv with the wheel>" if args.python else "")
        + f". {args.repeat} rounds, one fresh process per case and round, interleaved; "
        "times include interpreter start and exit. The package comes from the wheel "
        + (
            "installed in that environment."
            if args.python
            else "built from the tree and unpacked first on `PYTHONPATH`."
        )
        + ' The user cache is empty in every process, so "wheel cache" is the cache'
        " built into the wheel.",
        "",
        f"Machine: {os.cpu_count()} cores shared with other jobs (figures are noisy; load "
        f"average {min(loads):.1f}–{max(loads):.1f} during the rounds), "
        f"{platform.system()}, {versions}.",
        "",
        "| case | median ms | fastest ms | slowest ms | median − floor ms |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, values in times.items():
        med = statistics.median(values)
        lines.append(
            f"| {name} | {med:.0f} | {min(values):.0f} | {max(values):.0f} | {med - floor:+.0f} |"
        )
    cached = statistics.median(times["catalog(), wheel cache"])
    verdict = "met" if cached <= TARGET_MS else "NOT met"
    lines += [
        "",
        f'Target (issue #23): median of "catalog(), wheel cache" ≤ {TARGET_MS:.0f} ms: '
        f"{cached:.0f} ms, {verdict}.",
        "",
        "Where the time goes inside the process (five more processes per path, each stage "
        "timed with `time.perf_counter`; median ms; interpreter start and exit not included):",
        "",
        "| stage | wheel cache ms | no cache ms |",
        "|---|---:|---:|",
    ]
    cache_ms, yaml_ms = where["wheel cache"], where["no cache"]
    for i, stage in enumerate(STAGES):
        if i == 3:
            lines.append(f"| {_DECODE} | {cache_ms[3]:.1f} | – |")
        cached = "–" if i >= 3 else f"{cache_ms[i]:.1f}"
        lines.append(f"| {stage} | {cached} | {yaml_ms[i]:.1f} |")
    lines.append(f"| total | {sum(cache_ms):.1f} | {sum(yaml_ms):.1f} |")
    text = "\n".join(lines) + "\n"
    print(text)
    if not args.no_write:
        RESULTS.write_text(text, encoding="utf-8")
        print(f"written to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
