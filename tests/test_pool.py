"""Aggregate packages and pooling: same counts as the concatenated microdata, refusals, protection."""

from __future__ import annotations

import functools
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import frictionless
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pool_support import (
    KOMMUNER,
    MEASURES,
    OPTS,
    concatenated_counts,
    count_table,
    cube_table,
    recomputable,
    relabel,
    split,
    whole,
    write_packages,
)

import bbic_su
from bbic_su.cli import main
from bbic_su.measures._pool_protect import REGION, others_table, protect_pooled
from bbic_su.reporting._pooling import pooled_counts

pytestmark = pytest.mark.slow
COUNTS = ["numerator", "denominator", "excluded", "pending"]


@functools.cache
def pooled() -> tuple[Path, bbic_su.PoolResult]:
    """Four municipalities write pool packages; the region pools them into ``out``."""
    folder = Path(tempfile.mkdtemp(prefix="bbic-su-pool-"))
    paths = write_packages(split(whole()), folder / "in")
    return folder, bbic_su.pool(paths, out=folder / "out")


@pytest.fixture(scope="module", autouse=True)
def _cleanup() -> object:
    yield
    if pooled.cache_info().currsize:
        shutil.rmtree(pooled()[0], ignore_errors=True)


def _aligned(expected: pd.DataFrame, got: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    keys = [c for c in expected.columns if c not in COUNTS]
    both = expected.merge(got[[*keys, *COUNTS]], on=keys, how="outer", suffixes=("", "_p"))
    for col in COUNTS:
        both[col] = both[col].fillna(0).astype(np.int64)
        both[f"{col}_p"] = both[f"{col}_p"].fillna(0).astype(np.int64)
    return both[COUNTS], both[[f"{c}_p" for c in COUNTS]].set_axis(COUNTS, axis=1)


class TestPackage:
    def test_package_csv_is_the_measures_csv(self, tmp_path: Path) -> None:
        """The publish package's CSV is byte for byte what ``measures --format csv`` writes."""
        data = tmp_path / "data"
        bbic_su.write_dataset(split(whole())["9901"], data)
        args = ["measures", str(data), "--by", "kon", "--period", "year"]
        args += ["--extraction-date", "2025-01-15"]  # the deadline measure needs it
        args += [a for m in MEASURES for a in ("--measure", m)]
        assert main([*args, "--format", "csv", "--out", str(tmp_path / "m.csv")]) == 0
        assert main([*args, "--format", "package", "--out", str(tmp_path / "pub")]) == 0
        assert (
            main([*args, "--format", "package", "--kind", "pool", "--out", str(tmp_path / "pool")])
            == 0
        )
        csv = (tmp_path / "m.csv").read_text(encoding="utf-8")
        assert (tmp_path / "pub" / "matt-9901-publish.csv").read_text(encoding="utf-8") == csv
        raw = (tmp_path / "pool" / "matt-9901-pool.csv").read_text(encoding="utf-8")
        assert raw.splitlines()[0] == csv.splitlines()[0] and raw != csv

    def test_both_kinds_validate_and_carry_the_metadata(self, tmp_path: Path) -> None:
        """``frictionless validate`` (command and API) passes; the metadata name kind, k, versions and hashes."""
        ds = split(whole())["9902"]
        for kind in ("publish", "pool"):
            pkg = bbic_su.write_package(ds, tmp_path / kind, kind=kind, **OPTS)
            report = frictionless.validate(str(tmp_path / kind / "datapackage.json"))
            assert report.valid, report.flatten(["type", "note"])
            cli = subprocess.run(
                [sys.executable, "-m", "frictionless", "validate", "--json", "datapackage.json"],
                cwd=tmp_path / kind,
                capture_output=True,
                text=True,
                check=False,
            )
            assert cli.returncode == 0 and json.loads(cli.stdout)["valid"] is True, cli.stdout
            desc = json.loads((tmp_path / kind / "datapackage.json").read_text(encoding="utf-8"))
            meta = desc["bbic_su"]
            assert meta["kind"] == kind and f"-{kind}" in desc["resources"][0]["path"]
            assert meta["kommunkod"] == ["9902"] and meta["min_count"] == 5
            assert meta["extraction_date"] == "2025-01-15"
            start, end = meta["period"]["start"], meta["period"]["end"]
            assert "2023-01-01" <= start <= end <= "2024-12-31"
            assert meta["spec_version"] == bbic_su.SPEC_VERSION
            assert meta["library_version"] == bbic_su.__version__
            assert meta["catalogue_hash"].startswith("sha256:")
            assert set(meta["measure_hashes"]) == set(MEASURES)
            assert meta["confidential"] is (kind == "pool")
            readme = (tmp_path / kind / "README.md").read_text(encoding="utf-8")
            assert ("KONFIDENTIELLT" in desc["description"] + readme) is (kind == "pool")
            back = bbic_su.read_package(tmp_path / kind)
            pd.testing.assert_frame_equal(back.table, pkg.table, check_dtype=False)

    def test_rewriting_a_folder_leaves_no_pool_counts_behind(self, tmp_path: Path) -> None:
        """A publish package written over a pool package removes the pool CSV."""
        ds = split(whole())["9901"]
        bbic_su.write_package(ds, tmp_path, kind="pool", **OPTS)
        assert (tmp_path / "matt-9901-pool.csv").is_file()
        (tmp_path / "own-notes.csv").write_text("kept\n", encoding="utf-8")
        bbic_su.write_package(ds, tmp_path, **OPTS)
        names = sorted(p.name for p in tmp_path.iterdir())
        assert names == ["README.md", "datapackage.json", "matt-9901-publish.csv", "own-notes.csv"]

    def test_pool_package_is_unprotected_and_publish_is_protected(self, tmp_path: Path) -> None:
        """Pool holds the raw counts; publish equals compute() with the default k."""
        ds = split(whole())["9903"]
        pool_pkg = bbic_su.write_package(ds, tmp_path / "p", kind="pool", **OPTS)
        pub_pkg = bbic_su.write_package(ds, tmp_path / "q", **OPTS)
        raw = bbic_su.compute(ds, min_count=None, **OPTS).to_frame()
        assert pool_pkg.table[COUNTS].equals(raw[COUNTS])
        assert pub_pkg.table.equals(bbic_su.compute(ds, **OPTS).to_frame())
        assert pub_pkg.table["suppressed"].any() and not pool_pkg.table["suppressed"].any()


class TestPooling:
    def test_four_municipalities_equal_the_concatenated_microdata(self) -> None:
        """Every municipality's cells and the region's equal computing on all microdata."""
        _, result = pooled()
        expected = concatenated_counts(whole())
        got = pooled_counts(result.inputs)
        left, right = _aligned(expected, got)
        assert len(left) == len(expected) and left.equals(right)
        region = result.region.table
        assert set(region["kommunkod"]) == {REGION} and region["denominator"].sum() > 0
        left, right = _aligned(expected[expected["kommunkod"] == REGION], region)
        assert left.equals(right)

    @settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
    @given(n=st.integers(2, 4), codes=st.lists(st.integers(0, 3), min_size=1, max_size=40))
    def test_random_splits_pool_to_the_whole(self, n: int, codes: list[int]) -> None:
        """However the children are split into municipalities, pooling equals the whole."""
        base = small()
        kommun = [KOMMUNER[codes[i % len(codes)] % n] for i in range(len(base.frames["barn"]))]
        ds = relabel(base, kommun)
        parts = split(ds)
        with tempfile.TemporaryDirectory() as tmp:
            paths = write_packages(parts, Path(tmp), measures=list(MEASURES[:2]))
            result = bbic_su.pool(paths)
        expected = concatenated_counts(ds, measures=list(MEASURES[:2]))
        left, right = _aligned(expected, pooled_counts(result.inputs))
        assert left.equals(right)
        assert set(result.municipalities) == set(parts)

    def test_one_municipality_may_send_one_package_per_period(self) -> None:
        """Packages split by period pool to the same cells as one package per municipality."""
        import attrs

        _, result = pooled()
        first = result.inputs[0]
        parts = [
            attrs.evolve(
                first, table=first.table[first.table["period"] == p].reset_index(drop=True)
            )
            for p in ("2023", "2024")
        ]
        again = bbic_su.pool([*parts, *result.inputs[1:]])
        pd.testing.assert_frame_equal(again.published.table, result.published.table)
        with pytest.raises(bbic_su.PoolError) as info:
            bbic_su.pool([parts[0], first, *result.inputs[1:]])
        assert info.value.code == "duplicate-kommun-period"

    def test_a_measure_one_municipality_cannot_compute(self, tmp_path: Path) -> None:
        """Listed as not computable for that municipality, never counted as 0/n."""
        parts = split(small_split())
        frames = {k: v for k, v in parts["9902"].frames.items() if k != "uppfoljning"}
        parts["9902"] = bbic_su.Dataset(frames, catalog=parts["9902"].catalog)
        opts = {"measures": ["m_sip", "m_delaktighet_uppfoljning"]}
        paths = write_packages(parts, tmp_path / "in", **opts)
        result = bbic_su.pool(paths, out=tmp_path / "out", report=True)
        table = result.published.table
        gone = table[~table["computable"].astype(bool)]
        assert gone[["measure", "kommunkod"]].to_numpy().tolist() == [
            ["m_delaktighet_uppfoljning", "9902"]
        ]
        assert (
            gone["denominator"].isna().all() and gone["missing"].str.contains("uppfoljning").all()
        )
        region = result.region.table.set_index(["measure", "period", "kon"])
        own = pooled_counts(result.inputs)
        only = own[(own["kommunkod"] == "9901") & (own["measure"] == "m_delaktighet_uppfoljning")]
        for _, row in only.iterrows():
            assert (
                region.loc[(row["measure"], row["period"], row["kon"]), "denominator"]
                == row["denominator"]
            )
        page = (tmp_path / "out" / "rapport.html").read_text(encoding="utf-8")
        assert "Kan inte beräknas" in page
        report = frictionless.validate(str(tmp_path / "out" / "published" / "datapackage.json"))
        assert report.valid, report.flatten(["type", "note"])

    def test_outputs_are_packages_that_validate(self) -> None:
        """region (pool), published and each municipality (publish) pass frictionless."""
        folder, result = pooled()
        out = folder / "out"
        assert sorted(p.name for p in out.iterdir()) == sorted([*KOMMUNER, "published", "region"])
        for sub in out.iterdir():
            report = frictionless.validate(str(sub / "datapackage.json"))
            assert report.valid, (sub.name, report.flatten(["type", "note"]))
        assert result.region.meta["kind"] == "pool" and result.region.meta["confidential"]
        assert result.published.meta["kind"] == "publish"
        assert list(result.published.table.columns) == list(result.inputs[0].table.columns)
        assert result.published.meta["kommunkod"] == list(KOMMUNER)
        assert set(result.published.extra) == {"perioder", "trend"}

    def test_own_against_all_the_others(self) -> None:
        """A municipality's reference is region minus own, with difference and overlap."""
        _, result = pooled()
        raw = pooled_counts(result.inputs)
        table = result.municipalities["9902"].table
        assert set(table["kommunkod"]) == {"9902"}
        keys = ["measure", "period", "kon"]
        shown = table[~table["ref_suppressed"].astype(bool)]
        assert len(shown) > 0
        own = raw[raw["kommunkod"] == "9902"].set_index(keys)
        region = raw[raw["kommunkod"] == REGION].set_index(keys)
        for _, row in shown.iterrows():
            key = (row["measure"], row["period"], row["kon"])
            assert (
                row["ref_denominator"]
                == region.loc[key, "denominator"] - own.loc[key, "denominator"]
            )
            if pd.notna(row["share"]) and pd.notna(row["ref_share"]):
                assert row["difference_pp"] == pytest.approx(
                    100 * (row["share"] - row["ref_share"])
                )
                overlap = (
                    row["ci_low"] <= row["ref_ci_high"] and row["ref_ci_low"] <= row["ci_high"]
                )
                assert bool(row["intervals_overlap"]) is bool(overlap)
        assert table.loc[table["suppressed"], "ref_suppressed"].all()

    def test_no_suppressed_cell_can_be_recomputed(self) -> None:
        """An LP over every published table finds no hidden count it can pin down.

        The attacker knows every published cell of every municipality and of the region,
        every municipality's "others together" cells, non-negativity and numerator ≤
        denominator; periods are separate tables (no total over periods is published).
        A value pinned at 0 whose true count is 0 discloses no unit and is allowed.
        """
        _, result = pooled()
        raw = pooled_counts(result.inputs)
        published = result.published.table
        assert published["suppressed"].sum() > 10
        refs = {k: p.table for k, p in result.municipalities.items()}
        found = recomputable(published, raw, ["kon"], refs)
        truth = raw.assign(_k=raw["kommunkod"].where(raw["kommunkod"] != REGION, "_total"))
        truth = truth.set_index(["measure", "period", "_k", "kon"])
        for measure, period, kommun, kon, col, lo, hi in found:
            assert _pinned_at_zero(hi), (measure, period, kommun, kon, col, lo, hi)
            assert truth.loc[(measure, period, kommun, kon), col] == 0
        assert len(found) < published["suppressed"].sum() * 3


def _pinned_at_zero(hi: float) -> bool:
    """A recomputable count whose highest whole value is 0 (it is then 0): no unit disclosed.

    The LP's highest value may be a fraction below 1 (0.5, say): counts are whole numbers,
    so the count is pinned at 0, as :mod:`bbic_su.measures._pool_audit` allows.
    """
    return bool(np.floor(hi + 1e-7) == 0)


_CELL = st.integers(0, 25).flatmap(lambda d: st.tuples(st.just(d), st.integers(0, d)))


@settings(deadline=None, suppress_health_check=list(HealthCheck))
@given(cells=st.lists(st.lists(_CELL, min_size=3, max_size=3), min_size=2, max_size=5))
# the region's 0/10 with both municipalities' cells hidden: each total's 5 of 10 leaves
# at most 5 outside the numerator, so each hidden 'uppgift saknas' was pinned at 5
@example(cells=[[(0, 0), (5, 5), (5, 0)], [(1, 1), (4, 4), (5, 0)]])
def test_no_recomputable_cell_in_random_pooled_tables(cells: list[list[tuple[int, int]]]) -> None:
    """Property: in any pooled table (2-5 municipalities × kön), the LP pins no hidden count."""
    raw, codes = count_table(cells)
    published = protect_pooled(raw, 5, breakdowns=["kon"])
    refs = {}
    for code in codes:
        mine = published[published["kommunkod"] == code].reset_index(drop=True)
        refs[code] = bbic_su.compare(
            mine, others_table(published, raw, code), min_count=5
        ).to_frame()
    found = recomputable(published, raw, ["kon"], refs)
    assert [f for f in found if not _pinned_at_zero(f[-1])] == []
    hidden = published["suppressed"].to_numpy(dtype=bool)
    assert (published.loc[~hidden, "denominator"] == raw.loc[~hidden, "denominator"]).all()
    small_cells = (
        raw["denominator"].between(1, 4).to_numpy() | raw["numerator"].between(1, 4).to_numpy()
    )
    assert hidden[small_cells].all()


_SMALL = st.integers(0, 15).flatmap(lambda d: st.tuples(st.just(d), st.integers(0, d)))


@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(cells=st.lists(st.lists(_SMALL, min_size=4, max_size=4), min_size=2, max_size=3))
# 9901's a1 × b1 numerator is at most 0.5 in the LP, so the whole number 0: pinned at zero,
# which is allowed (its true count is 0); the test took the LP's 0.5 for a disclosure
@example(cells=[[(1, 0), (0, 0), (3, 1), (6, 4)], [(1, 0), (8, 5), (5, 4), (0, 0)]])
def test_no_recomputable_cell_with_two_breakdowns(cells: list[list[tuple[int, int]]]) -> None:
    """Property: with two breakdowns and the municipality margin, the LP pins no hidden count."""
    raw, codes = cube_table(cells)
    published = protect_pooled(raw, 5, breakdowns=["ka", "kb"])
    refs = {
        code: bbic_su.compare(
            published[published["kommunkod"] == code].reset_index(drop=True),
            others_table(published, raw, code),
            min_count=5,
        ).to_frame()
        for code in codes
    }
    found = recomputable(published, raw, ["ka", "kb"], refs)
    assert [f for f in found if not _pinned_at_zero(f[-1])] == []


@functools.cache
def small() -> bbic_su.Dataset:
    from bbic_su import synth

    return synth.generate(children=250, seed=7, period=("2023-01-01", "2024-12-31"))


class TestRefusals:
    """Each refusal: exit 2, one line on stderr, a stable code."""

    @staticmethod
    def _packages(tmp: Path, **opts: object) -> list[Path]:
        return write_packages(split(small_split()), tmp, **opts)

    @staticmethod
    def _refused(capsys: pytest.CaptureFixture[str], args: list[str], code: str) -> None:
        capsys.readouterr()
        assert main(["pool", *args]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and err.startswith("bbic-su: error: ") and code in err
        assert "Traceback" not in err

    def _edit(self, path: Path, change: object) -> None:
        desc = json.loads((path / "datapackage.json").read_text(encoding="utf-8"))
        change(desc["bbic_su"])  # type: ignore[operator]
        (path / "datapackage.json").write_text(json.dumps(desc), encoding="utf-8")

    def test_publish_package(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        a, _ = self._packages(tmp_path)
        pub = tmp_path / "pub"
        bbic_su.write_package(split(small_split())["9902"], pub, **OPTS)
        self._refused(capsys, [str(a), str(pub), "--out", str(tmp_path / "o")], "publish-package")

    def test_different_spec_versions(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        a, b = self._packages(tmp_path)
        self._edit(b, lambda m: m.update(spec_version="9.9.9"))
        self._refused(
            capsys, [str(a), str(b), "--out", str(tmp_path / "o")], "different-spec-version"
        )

    def test_different_measure_hash(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        a, b = self._packages(tmp_path)
        self._edit(b, lambda m: m["measure_hashes"].update({MEASURES[0]: "sha256:00"}))
        self._refused(
            capsys, [str(a), str(b), "--out", str(tmp_path / "o")], "different-measure-definition"
        )

    def test_same_kommun_and_period_twice(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        a, _ = self._packages(tmp_path)
        shutil.copytree(a, tmp_path / "copy")
        self._refused(
            capsys,
            [str(a), str(tmp_path / "copy"), "--out", str(tmp_path / "o")],
            "duplicate-kommun-period",
        )

    def test_different_k(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        a, _ = self._packages(tmp_path / "k5")
        _, b = self._packages(tmp_path / "k3", min_count=3)
        self._refused(capsys, [str(a), str(b), "--out", str(tmp_path / "o")], "different-k")

    def test_different_breakdowns(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        a, _ = self._packages(tmp_path / "kon")
        _, b = self._packages(tmp_path / "none", by=[])
        self._refused(
            capsys, [str(a), str(b), "--out", str(tmp_path / "o")], "different-breakdowns"
        )

    def test_not_a_package(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self._refused(
            capsys, [str(tmp_path / "nothing"), "--out", str(tmp_path / "o")], "not-a-package"
        )

    def test_missing_kommunkod(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        parts = split(small_split())
        frames = dict(parts["9902"].frames)
        barn = frames["barn"].copy()
        barn.loc[barn.index[0], "kommunkod"] = None
        frames["barn"] = barn
        bad = bbic_su.Dataset(frames, catalog=parts["9902"].catalog)
        a, _ = self._packages(tmp_path)
        bbic_su.write_package(bad, tmp_path / "bad", kind="pool", **OPTS)
        self._refused(
            capsys,
            [str(a), str(tmp_path / "bad"), "--out", str(tmp_path / "o")],
            "missing-kommunkod",
        )

    def test_measures_package_usage(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        data = tmp_path / "data"
        bbic_su.write_dataset(split(small_split())["9901"], data)
        for extra in (["--format", "package"], ["--kind", "pool", "--format", "csv"]):
            capsys.readouterr()
            assert main(["measures", str(data), *extra]) == 2
            err = capsys.readouterr().err
            assert err.count("\n") == 1 and err.startswith("bbic-su: error: ")

    def test_python_raises_pool_error_with_code(self, tmp_path: Path) -> None:
        a, _ = self._packages(tmp_path)
        with pytest.raises(bbic_su.PoolError) as info:
            bbic_su.pool([a, a])
        assert info.value.code == "duplicate-kommun-period"
        with pytest.raises(bbic_su.PoolError, match="no packages"):
            bbic_su.pool([], lang="en")
        with pytest.raises(bbic_su.PoolError) as info:
            bbic_su.pool([a], report=True)
        assert info.value.code == "report-needs-out"


@functools.cache
def small_split() -> bbic_su.Dataset:
    base = small()
    return relabel(base, [KOMMUNER[i % 2] for i in range(len(base.frames["barn"]))])


def test_cli_pool_writes_the_folders(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``bbic-su pool`` writes region/, published/ and one folder per municipality."""
    paths = write_packages(split(small_split()), tmp_path / "in")
    assert main(["pool", *map(str, paths), "--out", str(tmp_path / "out")]) == 0
    assert "9901, 9902" in capsys.readouterr().out
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "9901",
        "9902",
        "published",
        "region",
    ]
    python = bbic_su.pool(paths)
    cli = bbic_su.read_package(tmp_path / "out" / "published").table
    pd.testing.assert_frame_equal(cli, python.published.table, check_dtype=False)
