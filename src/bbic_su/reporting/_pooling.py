"""Pooling many municipalities' pool packages: region totals, protected tables, comparisons.

>>> from bbic_su.reporting._pooling import PoolError
>>> err = PoolError("publish-package", path="a/0180")
>>> err.code
'publish-package'
>>> print(err)
publish-package: a/0180 är ett publiceringspaket; sammanläggning kräver poolpaket (oskyddade antal)
>>> print(PoolError("different-k", lang="en", a="3", b="5"))
different-k: the packages use different thresholds k (3 and 5)

:func:`pool` (also ``bbic-su pool``) reads pool packages (see
:mod:`bbic_su.reporting._aggregate_package`) and refuses, with :class:`PoolError` (one line; exit 2
on the command line), what cannot be pooled: a publish package (its counts are
protected), different spec versions, different definitions (hashes) of the same measure,
different thresholds k, different breakdowns or period splits, records without a valid
kommunkod, and the same kommunkod and period twice. Otherwise it sums the counts and
makes, each as a package of the same shape:

* ``region``: the region's totals per measure, breakdown and period (pool kind, for the
  pooling party only);
* ``published``: every municipality's cells and the region's, protected across the
  municipality margin too (:mod:`bbic_su.measures._pool_protect`; publish kind);
* one per kommunkod: its own cells beside all the other municipalities together (the own
  municipality left out), with ``difference_pp`` and ``intervals_overlap`` (publish
  kind), to send back to it.

Where the packages cover several periods, ``published`` and every municipality's
package also hold ``perioder`` (each period against the previous one) and ``trend``
(the slope in percentage points per period), from published shares only. A child
counted by two municipalities counts twice in the region (each municipality counts its
own cases).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import pandas as pd

from bbic_su.errors import BbicSuError
from bbic_su.measures._breakdowns import MISSING
from bbic_su.measures._compute import finish_table
from bbic_su.measures._pool_protect import COUNTS, REGION, others_table, protect_pooled
from bbic_su.measures.comparisons import compare, compare_periods, trend
from bbic_su.reporting._aggregate_package import (
    AggregatePackage,
    PackageError,
    created_now,
    read_package,
)
from bbic_su.reporting._regional_report import write_regional_report

__all__ = ["REGION", "PoolError", "PoolResult", "pool"]

_MESSAGES: dict[str, tuple[str, str]] = {
    "no-packages": ("inga paket att lägga samman", "no packages to pool"),
    "not-a-package": ("{path}: {reason}", "{path}: {reason}"),
    "publish-package": (
        "{path} är ett publiceringspaket; sammanläggning kräver poolpaket (oskyddade antal)",
        "{path} is a publish package; pooling needs pool packages (unprotected counts)",
    ),
    "different-spec-version": (
        "paketen har olika spec-versioner ({a} och {b})",
        "the packages have different spec versions ({a} and {b})",
    ),
    "different-measure-definition": (
        "måttet {measure} har olika definitioner (kataloghash) i {a} och {b}",
        "measure {measure} has different definitions (catalogue hashes) in {a} and {b}",
    ),
    "different-k": (
        "paketen har olika tröskelvärden k ({a} och {b})",
        "the packages use different thresholds k ({a} and {b})",
    ),
    "different-breakdowns": (
        "paketen har olika nedbrytningar eller perioder ({a} och {b})",
        "the packages have different breakdowns or period splits ({a} and {b})",
    ),
    "missing-kommunkod": (
        "{path} har poster utan giltig kommunkod; rätta kommunkoden innan sammanläggning",
        "{path} has records without a valid kommunkod; correct it before pooling",
    ),
    "report-needs-out": (
        "rapporten behöver en mapp att skriva i (out)",
        "the report needs a folder to write into (out)",
    ),
    "duplicate-kommun-period": (
        "kommun {kommun} period {period} finns i två paket ({a} och {b})",
        "kommun {kommun} period {period} is in two packages ({a} and {b})",
    ),
}


class PoolError(BbicSuError, ValueError):
    """Packages that cannot be pooled; ``code`` is a stable kebab-case reason.

    Args:
        code: One of the reasons listed in the module docs.
        lang: ``sv`` (default) or ``en``.
        **fields: The message's fields (paths, versions, ids).
    """

    def __init__(self, code: str, *, lang: str = "sv", **fields: str) -> None:
        self.code = code
        self.fields = fields
        template = _MESSAGES[code][1 if lang == "en" else 0]
        super().__init__(f"{code}: {template.format(**fields)}")


@attrs.frozen
class PoolResult:
    """What :func:`pool` made: the three kinds of output package, and the report files.

    Attributes:
        region: The region's totals (pool kind: confidential).
        published: Every municipality and the region, protected (publish kind).
        municipalities: Per kommunkod, own results against all the others together.
        inputs: The packages read, in the order given.
        report: The files of the regional report (workbook, page), when asked for.
    """

    region: AggregatePackage
    published: AggregatePackage
    municipalities: Mapping[str, AggregatePackage]
    inputs: tuple[AggregatePackage, ...]
    report: tuple[Path, ...] = ()


def _load(item: AggregatePackage | str | os.PathLike[str], lang: str) -> AggregatePackage:
    if isinstance(item, AggregatePackage):
        return item
    try:
        return read_package(item)
    except PackageError as exc:
        raise PoolError("not-a-package", lang=lang, path=str(item), reason=str(exc)) from exc


def _name(pkg: AggregatePackage, i: int) -> str:
    return str(pkg.path) if pkg.path is not None else f"#{i + 1} ({pkg.label})"


def _check(pkgs: Sequence[AggregatePackage], lang: str) -> None:
    """Raise :class:`PoolError` for the first reason the packages cannot be pooled."""
    if not pkgs:
        raise PoolError("no-packages", lang=lang)
    names = [_name(p, i) for i, p in enumerate(pkgs)]
    for pkg, name in zip(pkgs, names, strict=True):
        if pkg.kind != "pool":
            raise PoolError("publish-package", lang=lang, path=name)
    first, a = pkgs[0].meta, names[0]
    for pkg, b in zip(pkgs[1:], names[1:], strict=True):
        m = pkg.meta
        if m["spec_version"] != first["spec_version"]:
            raise PoolError(
                "different-spec-version", lang=lang, a=first["spec_version"], b=m["spec_version"]
            )
        if m["min_count"] != first["min_count"]:
            raise PoolError(
                "different-k", lang=lang, a=str(first["min_count"]), b=str(m["min_count"])
            )
        shape = (m.get("breakdowns"), m.get("granularity"), "period" in pkg.table.columns)
        if shape != (
            first.get("breakdowns"),
            first.get("granularity"),
            "period" in pkgs[0].table.columns,
        ):
            raise PoolError("different-breakdowns", lang=lang, a=a, b=b)
    seen_hash: dict[str, tuple[str, str]] = {}
    seen_cell: dict[tuple[str, str], tuple[int, str]] = {}
    for i, (pkg, name) in enumerate(zip(pkgs, names, strict=True)):
        for measure, digest in sorted(pkg.meta.get("measure_hashes", {}).items()):
            other = seen_hash.setdefault(measure, (digest, name))
            if other[0] != digest:
                raise PoolError(
                    "different-measure-definition", lang=lang, measure=measure, a=other[1], b=name
                )
        t = computed(pkg.table)
        if (t["kommunkod"].astype(str) == MISSING).any():
            raise PoolError("missing-kommunkod", lang=lang, path=name)
        periods = (
            t["period"].astype(str) if "period" in t.columns else pd.Series("-", index=t.index)
        )
        pairs = pd.DataFrame({"k": t["kommunkod"].astype(str), "p": periods}).drop_duplicates()
        for kommun, period in pairs.itertuples(index=False):
            prev = seen_cell.setdefault((kommun, period), (i, name))
            if prev[0] != i:
                raise PoolError(
                    "duplicate-kommun-period",
                    lang=lang,
                    kommun=kommun,
                    period=period,
                    a=prev[1],
                    b=name,
                )


def _keys(table: pd.DataFrame) -> list[str]:
    return [str(c) for c in table.columns[: list(table.columns).index("numerator")]]


def computed(table: pd.DataFrame) -> pd.DataFrame:
    """The rows of a measure table with counts (not the "not computable" rows)."""
    if "computable" not in table.columns:
        return table
    return table[table["computable"].fillna(True).astype(bool).to_numpy()]


def _not_computable(pkgs: Sequence[AggregatePackage], like: pd.DataFrame) -> pd.DataFrame:
    """Each package's "not computable" rows, under its own kommunkod, in ``like``'s columns."""
    rows = []
    for p in pkgs:
        if "computable" not in p.table.columns:
            continue
        gone = p.table[~p.table["computable"].fillna(True).astype(bool).to_numpy()].copy()
        if len(gone) and len(p.meta["kommunkod"]) == 1:
            gone["kommunkod"] = p.meta["kommunkod"][0]
        rows.append(gone)
    if not rows:
        return like.iloc[:0]
    out = pd.concat(rows, ignore_index=True).reindex(columns=like.columns)
    for col in like.columns:
        if col != "computable":
            out[col] = out[col].astype(like[col].dtype)
    out["computable"] = False
    return out


def pooled_counts(pkgs: Sequence[AggregatePackage]) -> pd.DataFrame:
    """Every municipality's raw cells and the region's (the sum of those that report them).

    A package holds every breakdown cell of each measure and period it covers; a
    municipality whose packages do not cover a period has no cells there (never zeros).
    """
    tables = [computed(p.table) for p in pkgs]
    keys = _keys(tables[0])
    inner = [k for k in keys if k != "kommunkod"]
    counts = [c for c in COUNTS if all(c in t.columns for t in tables)]
    full = pd.concat([t[[*keys, *counts]] for t in tables], ignore_index=True)
    for col in counts:
        full[col] = full[col].fillna(0).astype(np.int64)
    region = full.groupby(inner, sort=False, dropna=False)[counts].sum().reset_index()
    region["kommunkod"] = REGION
    both = pd.concat([full, region], ignore_index=True)
    both = both.sort_values(["measure", "kommunkod"], kind="stable", ignore_index=True)
    parts: dict[str, list[Any]] = {k: [both[k].astype(str).to_numpy(dtype=object)] for k in keys}
    for col in counts:
        parts[col] = [both[col].to_numpy(dtype=np.int64)]
    out = finish_table(parts, keys)
    if "computable" in tables[0].columns:  # the columns of a computed measure table
        out["computable"] = True
        out["missing"] = pd.Series([None] * len(out), dtype="str")
    return out


def _series(table: pd.DataFrame) -> dict[str, pd.DataFrame]:
    if "period" not in table.columns or table["period"].nunique() < 2:
        return {}
    return {"perioder": compare_periods(table), "trend": trend(table)}


def _meta(
    pkgs: Sequence[AggregatePackage], kind: str, label: str, kommuner: list[str]
) -> dict[str, Any]:
    first = dict(pkgs[0].meta)
    hashes: dict[str, str] = {}
    for p in pkgs:
        hashes.update(p.meta.get("measure_hashes", {}))
    cat_hashes = sorted({str(p.meta.get("catalogue_hash")) for p in pkgs})
    starts = [p.meta["period"]["start"] for p in pkgs if p.meta["period"]["start"]]
    ends = [p.meta["period"]["end"] for p in pkgs if p.meta["period"]["end"]]
    first.update(
        kind=kind,
        confidential=kind == "pool",
        label=label,
        kommunkod=kommuner,
        period={"start": min(starts, default=None), "end": max(ends, default=None)},
        extraction_date=None,
        created=created_now(),
        catalogue_hash=cat_hashes[0] if len(cat_hashes) == 1 else cat_hashes,
        measure_hashes=dict(sorted(hashes.items())),
        sources=[
            {
                "kommunkod": p.meta["kommunkod"],
                "extraction_date": p.meta.get("extraction_date"),
                "period": p.meta["period"],
            }
            for p in pkgs
        ],
    )
    return first


def pool(
    packages: Sequence[AggregatePackage | str | os.PathLike[str]],
    *,
    out: str | os.PathLike[str] | None = None,
    report: bool = False,
    lang: str = "sv",
) -> PoolResult:
    """Pool municipalities' pool packages (see the module docs).

    Args:
        packages: Package folders (or packages read with
            :func:`bbic_su.read_package`), one or more per municipality.
        out: The folder to write ``region/``, ``published/`` and ``<kommunkod>/`` into
            (nothing is written without it).
        report: Also write the regional report (``rapport.xlsx``, ``rapport.html``)
            into ``out``.
        lang: Language of refusals and of the report: ``sv`` (default) or ``en``.

    Raises:
        PoolError: The packages cannot be pooled (one line, with a stable ``code``).

    .. versionadded:: 0.2.0
    """
    if report and out is None:
        raise PoolError("report-needs-out", lang=lang)
    pkgs = tuple(_load(p, lang) for p in packages)
    _check(pkgs, lang)
    raw = pooled_counts(pkgs)
    keys = _keys(raw)
    k = int(pkgs[0].meta["min_count"])
    breakdowns = list(pkgs[0].meta.get("breakdowns", []))
    published = protect_pooled(raw, k, breakdowns=breakdowns)
    gone = _not_computable(pkgs, published)
    if len(gone):  # listed, never counted (the region sums the others)
        published = pd.concat([published, gone], ignore_index=True)
    kommuner = sorted({str(x) for x in raw["kommunkod"]} - {REGION})
    region_pkg = AggregatePackage(
        meta=_meta(pkgs, "pool", "region", kommuner),
        table=raw[raw["kommunkod"] == REGION].reset_index(drop=True),
        keys=tuple(keys),
    )
    pub_pkg = AggregatePackage(
        meta=_meta(pkgs, "publish", "publicerad", kommuner),
        table=published,
        extra=_series(computed(published)),
        keys=tuple(keys),
    )
    own_pkgs: dict[str, AggregatePackage] = {}
    for kommun in kommuner:
        own_pkgs[kommun] = _own_package(pkgs, raw, published, kommun, keys, k)
    result = PoolResult(region_pkg, pub_pkg, own_pkgs, pkgs)
    if out is None:
        return result
    folder = Path(out)
    result = PoolResult(
        region=region_pkg.write(folder / "region"),
        published=pub_pkg.write(folder / "published"),
        municipalities={k2: p.write(folder / k2) for k2, p in own_pkgs.items()},
        inputs=pkgs,
    )
    if report:
        files = write_regional_report(result, folder, lang=lang)
        result = attrs.evolve(result, report=files)
    return result


def _own_package(
    pkgs: Sequence[AggregatePackage],
    raw: pd.DataFrame,
    published: pd.DataFrame,
    kommun: str,
    keys: list[str],
    k: int,
) -> AggregatePackage:
    mine = published[published["kommunkod"] == kommun].reset_index(drop=True)
    ref = others_table(computed(published).reset_index(drop=True), raw, kommun)
    table = compare(mine, ref, min_count=k).to_frame()
    return AggregatePackage(
        meta=_meta(pkgs, "publish", kommun, [kommun]),
        table=table,
        extra=_series(computed(mine)),
        keys=tuple(keys),
    )
