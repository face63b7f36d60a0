"""Benchmark: ``bbic_su.compute`` against a hand-written pandas groupby, same process.

Run: ``python benchmarks/bench_measures.py [--records 1000000] [--repeat 3]``. Writes
``benchmarks/results-measures.md``. Both sides start from the same typed frames
(``str`` codes, ``datetime64`` dates) and compute the same numbers (numerator,
denominator, excluded per kommunkod × kon × aldersgrupp_officiell cell); the script
asserts that they agree before timing. ``compute`` also builds the typed views
(parsing every column it reads), links ancestors, adds margins and Wilson intervals;
suppression is off (``min_count=None``) on both sides.
"""

from __future__ import annotations

import argparse
import platform
import time
from pathlib import Path

import numpy as np
import pandas as pd

import bbic_su

MEASURES = [
    "m_enskilda_samtal_utredning",
    "m_utredning_4_manader",
    "m_mal_uppnatt",
    "m_synpunkter_insats",
    "m_lakarundersokning_infor_placering",
]
BY = ["kon", "aldersgrupp"]


def synth(total: int, seed: int = 7) -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    n_b, n_u, n_i = total // 10, total * 2 // 10, total * 3 // 10
    n_f = total - n_b - n_u - n_i

    def ids(prefix: str, n: int) -> pd.Series:
        return pd.Series(np.char.add(prefix, np.arange(n).astype(str)), dtype="str")

    def pick(values: list[str | None], n: int) -> pd.Series:
        return pd.Series(
            np.array(values, dtype=object)[rng.integers(0, len(values), n)], dtype="str"
        )

    def dates(n: int, start: str = "2023-01-01", span: int = 700) -> pd.Series:
        days = np.datetime64(start) + rng.integers(0, span, n).astype("timedelta64[D]")
        out = pd.Series(days.astype("datetime64[s]"))
        return out.mask(rng.random(n) < 0.03)

    barn = pd.DataFrame({"barn_id": ids("b", n_b), "kommunkod": pick(["0180"], n_b)})
    barn["kon"] = pick(["flicka", "pojke", "uppgift_saknas", None], n_b)
    barn["fodelsear"] = pd.array(rng.integers(2003, 2024, n_b), dtype="Int64")
    utr = pd.DataFrame(
        {
            "utredning_id": ids("u", n_u),
            "barn_id": ids("b", n_b)
            .sample(n_u, replace=True, random_state=1)
            .reset_index(drop=True),
        }
    )
    utr["utredning_inledd_datum"] = dates(n_u)
    utr["utredning_avslutad_datum"] = utr["utredning_inledd_datum"] + pd.to_timedelta(
        rng.integers(0, 200, n_u), unit="D"
    )
    utr["barnet_traffat_enskilt"] = pick(["ja", "nej", "uppgift_saknas", None], n_u)
    ins = pd.DataFrame(
        {
            "insats_id": ids("i", n_i),
            "barn_id": ids("b", n_b)
            .sample(n_i, replace=True, random_state=2)
            .reset_index(drop=True),
        }
    )
    ins["insatstyp"] = pick(["vard_placering_sol", "vard_placering_lvu", "familjebehandling"], n_i)
    ins["insats_startdatum"] = dates(n_i)
    ins["lakarundersokning_infor_placering"] = pick(
        ["genomford", "uppenbart_obehovlig", "ej_begard", None], n_i
    )
    upp = pd.DataFrame({"uppfoljning_id": ids("f", n_f)})
    parent = rng.integers(0, n_i, n_f)
    upp["barn_id"] = ins["barn_id"].to_numpy()[parent]
    upp["insats_id"] = ins["insats_id"].to_numpy()[parent]
    upp["uppfoljningsdatum"] = dates(n_f)
    upp["uppfoljningstyp"] = pick(["avslut", "overvagande", "uppfoljning_vard"], n_f)
    upp["maluppfyllelse"] = pick(["helt", "delvis", "inte_alls", "kan_inte_bedomas", None], n_f)
    upp["barnet_delgett_synpunkter_insats"] = pick(["ja", "nej", None], n_f)
    return {"barn": barn, "utredning": utr, "insats": ins, "uppfoljning": upp}


def by_hand(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The same numbers with plain pandas: merges, masks, groupby."""
    groups = bbic_su.catalog().value_set("aldersgrupp_officiell").codes
    mins = np.array([c.min for c in groups])
    maxs = np.array([c.max for c in groups])
    barn = frames["barn"][["barn_id", "kommunkod", "kon", "fodelsear"]].drop_duplicates("barn_id")

    def prepare(frame: pd.DataFrame, date: str) -> pd.DataFrame:
        df = frame.merge(barn, on="barn_id", how="left")
        age = (df[date].dt.year - df["fodelsear"]).to_numpy(dtype="float64", na_value=np.nan)
        pos = np.clip(np.searchsorted(mins, age, side="right") - 1, 0, len(mins) - 1)
        ok = (age >= mins[pos]) & (age <= maxs[pos])
        codes = np.array([c.code for c in groups], dtype=object)
        df["ag"] = np.where(ok, codes[pos], "_saknas")
        df["kon"] = df["kon"].fillna("_saknas")
        df["kommunkod"] = df["kommunkod"].fillna("_saknas")
        df["_date"] = df[date]
        df["_row"] = np.arange(len(df))
        return df

    keys = ["kommunkod", "kon", "ag"]

    def records(
        df: pd.DataFrame, den: pd.Series, num: pd.Series, exc: pd.Series, m: str
    ) -> pd.DataFrame:
        parts = pd.DataFrame({"numerator": num & den, "denominator": den, "excluded": exc & ~den})
        out = parts.groupby([df[k] for k in keys]).sum().reset_index()
        return out.assign(measure=m)

    def children(
        df: pd.DataFrame, den: pd.Series, num: pd.Series, exc: pd.Series, m: str
    ) -> pd.DataFrame:
        d = df.assign(_den=den, _hit=den & num, _exc=exc)
        d = d[d["_den"] | d["_exc"]]
        hit = d.groupby(["kommunkod", "barn_id"])["_hit"].any().rename("hit")
        d = d.sort_values(["_den", "_date", "_row"], na_position="first")
        last = d.drop_duplicates(["kommunkod", "barn_id"], keep="last")
        last = last.join(hit, on=["kommunkod", "barn_id"])
        parts = pd.DataFrame(
            {
                "numerator": last["_den"] & last["hit"],
                "denominator": last["_den"],
                "excluded": ~last["_den"],
            }
        )
        out = parts.groupby([last[k] for k in keys]).sum().reset_index()
        return out.assign(measure=m)

    res = []
    u = prepare(frames["utredning"], "utredning_avslutad_datum")
    den = u["utredning_avslutad_datum"].notna()
    no = pd.Series(False, index=u.index)
    res.append(
        children(
            u,
            den,
            u["barnet_traffat_enskilt"].eq("ja").fillna(False),
            no,
            "m_enskilda_samtal_utredning",
        )
    )
    limit = u["utredning_inledd_datum"] + pd.DateOffset(months=4)
    res.append(
        records(
            u,
            den,
            (u["utredning_avslutad_datum"] <= limit).fillna(False),
            no,
            "m_utredning_4_manader",
        )
    )
    f = prepare(frames["uppfoljning"], "uppfoljningsdatum")
    avslut = f["uppfoljningstyp"].eq("avslut").fillna(False)
    den = avslut & f["maluppfyllelse"].isin(["helt", "delvis", "inte_alls"])
    res.append(
        records(f, den, f["maluppfyllelse"].eq("helt").fillna(False), avslut, "m_mal_uppnatt")
    )
    no = pd.Series(False, index=f.index)
    res.append(
        children(
            f,
            f["uppfoljningsdatum"].notna(),
            f["barnet_delgett_synpunkter_insats"].eq("ja").fillna(False),
            no,
            "m_synpunkter_insats",
        )
    )
    i = prepare(frames["insats"], "insats_startdatum")
    held = i["insatstyp"].isin(
        ["vard_placering_sol", "vard_placering_lvu", "omedelbart_omhandertagande_lvu"]
    )
    obeh = i["lakarundersokning_infor_placering"].eq("uppenbart_obehovlig").fillna(False)
    res.append(
        children(
            i,
            held & ~obeh,
            i["lakarundersokning_infor_placering"].eq("genomford").fillna(False),
            held & obeh,
            "m_lakarundersokning_infor_placering",
        )
    )
    return pd.concat(res, ignore_index=True)


def run_library(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    return bbic_su.compute(bbic_su.Dataset(frames), MEASURES, by=BY, min_count=None)


def agree(lib: pd.DataFrame, hand: pd.DataFrame) -> None:
    cells = lib[(lib.kon != "_total") & (lib.aldersgrupp_officiell != "_total")]
    cells = cells.rename(columns={"aldersgrupp_officiell": "ag"})
    cols = ["measure", "kommunkod", "kon", "ag"]
    merged = cells.merge(hand, on=cols, how="left", suffixes=("", "_hand"))
    for c in ("numerator", "denominator", "excluded"):
        assert (
            merged[c].fillna(0).astype(int) == merged[f"{c}_hand"].fillna(0).astype(int)
        ).all(), c
    assert int(hand["denominator"].sum()) == int(cells["denominator"].sum())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    frames = synth(args.records)
    agree(run_library(frames), by_hand(frames))
    times: dict[str, list[float]] = {"bbic_su.compute": [], "hand-written pandas": []}
    for _ in range(args.repeat):
        for name, fn in (("bbic_su.compute", run_library), ("hand-written pandas", by_hand)):
            start = time.perf_counter()
            fn(frames)
            times[name].append(time.perf_counter() - start)
    best = {k: min(v) for k, v in times.items()}
    ratio = best["bbic_su.compute"] / best["hand-written pandas"]
    lines = [
        "# Measures benchmark",
        "",
        f"{args.records:,} records ({', '.join(f'{k} {len(v):,}' for k, v in frames.items())}); "
        f"{len(MEASURES)} measures × breakdowns {', '.join(BY)}; best of {args.repeat}; "
        f"Python {platform.python_version()}, pandas {pd.__version__}, numpy {np.__version__}, "
        f"{platform.machine()}. Results agree cell by cell.",
        "",
        "| implementation | seconds |",
        "| --- | ---: |",
        *(f"| {k} | {v:.2f} |" for k, v in best.items()),
        f"| ratio (bbic_su / hand-written) | {ratio:.2f} |",
        "",
        "Command: `python benchmarks/bench_measures.py --records "
        f"{args.records} --repeat {args.repeat}`",
    ]
    text = "\n".join(lines) + "\n"
    Path(__file__).with_name("results-measures.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
