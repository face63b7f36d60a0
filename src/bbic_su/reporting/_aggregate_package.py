"""Aggregate packages: measure cells as a Frictionless Data Package, to publish or to pool.

>>> from bbic_su.reporting._aggregate_package import KINDS, field_type, resource_name
>>> KINDS
('publish', 'pool')
>>> resource_name("0180", "pool")
'matt-0180-pool'
>>> field_type("numerator"), field_type("share"), field_type("suppressed"), field_type("kon")
('integer', 'number', 'boolean', 'string')

A package is a folder with ``datapackage.json`` (a Frictionless Data Package with a
Table Schema per resource), one CSV of measure cells with exactly the columns of
``bbic-su measures --format csv`` (written by :func:`measure_csv`, the function that
command uses) and a short ``README.md``. The metadata sit under the key ``bbic_su``
of the descriptor: ``kind``, ``kommunkod``, ``period`` (first and last day covered),
``granularity``, ``breakdowns``, ``extraction_date``, ``created``, ``plan``,
``spec_version``, ``catalogue_hash``, ``measure_hashes`` (one per measure: a hash of
what it counts, so pooling can refuse different definitions), ``library_version``,
``min_count`` (the threshold k) and ``confidential``.

Two kinds, named in the metadata and in every file and resource name:

* ``publish``: protected exactly as every other output (hidden values are empty,
  ``suppressed`` true); safe to post on a web page.
* ``pool``: the unprotected counts, for a pooling party that has an agreement to
  receive them. No row-level data, no keys, no dates of individual cases; still
  confidential (``confidential: true``, the title, the description and the README say
  so).
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

import attrs
import pandas as pd

from bbic_su._version import __version__
from bbic_su.errors import BbicSuError
from bbic_su.frames._extraction import ExtractionDate
from bbic_su.frames.dataset import Dataset
from bbic_su.measures._compute import compute
from bbic_su.measures.disclosure import resolve_min_count
from bbic_su.reporting._aggregate_schema import catalogue_hash, field, field_type, measure_hashes
from bbic_su.reporting._build import span_of
from bbic_su.spec._catalog import Catalog
from bbic_su.spec.plan import FollowUpPlan

__all__ = [
    "KINDS",
    "META",
    "AggregatePackage",
    "PackageError",
    "catalogue_hash",
    "created_now",
    "field_type",
    "make_package",
    "measure_csv",
    "measure_hashes",
    "read_package",
    "resource_name",
    "write_package",
]

KINDS = ("publish", "pool")
"""The two kinds of package: protected for publishing, or unprotected counts for pooling."""
META = "bbic_su"
"""The descriptor key that holds bbic-su's metadata."""
Kind = Literal["publish", "pool"]
_CONFIDENTIAL = (
    "KONFIDENTIELLT: oskyddade antal för en part med avtal om att ta emot dem. "
    "Inga uppgifter på individnivå, men får inte publiceras."
)


class PackageError(BbicSuError, ValueError):
    """An aggregate package cannot be written or read (bad kind, path or descriptor)."""


def measure_csv(table: pd.DataFrame) -> str:
    """A measure table as CSV text, as ``bbic-su measures --format csv`` writes it.

    Counts are exact; shares, intervals and differences have 6 significant digits (more
    would be noise, and long digit runs look like identity numbers to a scanner).
    """
    return table.to_csv(index=False, lineterminator="\n", float_format="%.6g")


def resource_name(kommunkod: str, kind: str, table: str = "matt") -> str:
    """The resource (and CSV file) name: ``<table>-<kommunkod>-<kind>``."""
    return f"{table}-{kommunkod}-{kind}".lower().replace("_", "")


@attrs.frozen
class AggregatePackage:
    """An aggregate package in memory: metadata, the measure table and any extra tables.

    Attributes:
        meta: The ``bbic_su`` metadata (see the module docs).
        table: The measure cells (protected for ``publish``, raw for ``pool``).
        extra: Further tables by resource stem (``perioder``, ``trend``).
        keys: The key columns of ``table`` (its primary key).
        path: The folder it was read from or written to.
    """

    meta: Mapping[str, Any]
    table: pd.DataFrame
    extra: Mapping[str, pd.DataFrame] = attrs.field(factory=dict)
    keys: tuple[str, ...] = ()
    path: Path | None = None

    @property
    def kind(self) -> str:
        """``publish`` or ``pool``."""
        return str(self.meta["kind"])

    @property
    def label(self) -> str:
        """The kommunkod (or the region's label) that names the package."""
        return str(self.meta.get("label") or "-".join(self.meta["kommunkod"]))

    def descriptor(self) -> dict[str, Any]:
        """The ``datapackage.json`` content."""
        kind, label = self.kind, self.label
        title = f"BBIC-SU mått {label} ({'poolpaket' if kind == 'pool' else 'publicering'})"
        desc = (
            _CONFIDENTIAL
            if kind == "pool"
            else "Skyddade mått (små antal visas inte); får publiceras."
        )
        resources = []
        tables = {"matt": (self.table, list(self.keys))}
        tables.update({k: (v, []) for k, v in self.extra.items()})
        for stem, (frame, keys) in tables.items():
            name = resource_name(label, kind, stem)
            fields = [field(str(c), frame[c].dtype) for c in frame.columns]
            schema: dict[str, Any] = {"fields": fields}
            schema["missingValues"] = [""]
            if keys:
                schema["primaryKey"] = keys
            resources.append(
                {
                    "name": name,
                    "path": f"{name}.csv",
                    "profile": "tabular-data-resource",
                    "format": "csv",
                    "mediatype": "text/csv",
                    "encoding": "utf-8",
                    "schema": schema,
                }
            )
        return {
            "name": f"bbic-su-{resource_name(label, kind)}",
            "title": title,
            "description": desc,
            "profile": "tabular-data-package",
            "created": self.meta.get("created"),
            "resources": resources,
            META: dict(self.meta),
        }

    def write(self, out: str | os.PathLike[str]) -> AggregatePackage:
        """Write the package into the folder ``out`` (created) and return it with its path.

        The data files of a package written there before are removed first, so that a
        pool package's counts never stay behind in a folder that now holds a publish
        package.
        """
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        _remove_old(folder)
        desc = self.descriptor()
        frames = [self.table, *self.extra.values()]
        for res, frame in zip(desc["resources"], frames, strict=True):
            (folder / res["path"]).write_text(measure_csv(frame), encoding="utf-8")
        text = json.dumps(desc, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        (folder / "datapackage.json").write_text(text, encoding="utf-8")
        (folder / "README.md").write_text(_readme(self), encoding="utf-8")
        return attrs.evolve(self, path=folder)


def _remove_old(folder: Path) -> None:
    """Delete the CSV files an earlier bbic-su package in ``folder`` lists."""
    try:
        old = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    if not isinstance(old, dict) or META not in old:
        return
    for res in old.get("resources", []):
        name = Path(str(res.get("path", "")))
        if name.name == str(name) and name.suffix == ".csv":  # a file in the folder itself
            (folder / name).unlink(missing_ok=True)


def _readme(pkg: AggregatePackage) -> str:
    m = pkg.meta
    lines = [f"# {pkg.descriptor()['title']}", ""]
    if pkg.kind == "pool":
        lines += [f"**{_CONFIDENTIAL}**", ""]
    lines += [
        "Måttceller beräknade med bbic-su (en Frictionless Data Package: `datapackage.json`).",
        "",
        f"- Kommunkod: {', '.join(m['kommunkod'])}",
        f"- Period: {m['period']['start']} – {m['period']['end']}",
        f"- Uttagsdatum: {m.get('extraction_date') or 'ej angivet'}",
        f"- Spec-version: {m['spec_version']}; bbic-su {m['library_version']}",
        f"- Tröskelvärde k: {m['min_count']}",
        "",
    ]
    return "\n".join(lines)


def created_now() -> str:
    """Now in UTC as RFC 3339 (the Data Package's ``created``)."""
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    return now.isoformat().replace("+00:00", "Z")


def _date(value: Any) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return pd.Timestamp(value).date().isoformat()


def make_package(
    dataset: Dataset,
    *,
    kind: str = "publish",
    measures: Sequence[str] | None = None,
    by: Sequence[str] = (),
    period: str | None = None,
    plan: FollowUpPlan | None = None,
    min_count: int | Literal["default"] = "default",
    extraction_date: ExtractionDate = None,
    catalog: Catalog | None = None,
) -> AggregatePackage:
    """Compute the measures and hold them as a package of ``kind`` (nothing is written).

    Raises:
        PackageError: An unknown kind.
        MeasureError, UnknownIdError: As :func:`bbic_su.compute`.
    """
    if kind not in KINDS:
        raise PackageError(f"unknown package kind {kind!r}; use publish or pool")
    cat = catalog or dataset.catalog
    k = resolve_min_count(cat, min_count)
    opts: dict[str, Any] = {"measures": measures, "by": by, "period": period, "plan": plan}
    opts["extraction_date"] = extraction_date  # deadlines are judged at it
    result = compute(dataset, min_count=None if kind == "pool" else k, catalog=cat, **opts)
    table = result.to_frame()
    counted = table[table["computable"].astype(bool)] if "computable" in table.columns else table
    kommuner = sorted({str(x) for x in counted["kommunkod"].unique()})
    span = span_of(dataset, plan)
    meta = {
        "kind": kind,
        "confidential": kind == "pool",
        "kommunkod": kommuner,
        "period": {"start": _date(span[0]), "end": _date(span[-1])},
        "granularity": period if period else ("year" if "period" in table.columns else None),
        "breakdowns": list(result.breakdowns),
        "scope": result.scope,
        "extraction_date": _date(extraction_date),
        "created": created_now(),
        "plan": None if plan is None else (plan.name or plan.question),
        "spec_version": cat.spec.version,
        "catalogue_hash": catalogue_hash(cat),
        "measure_hashes": measure_hashes(cat, [str(x) for x in table["measure"].unique()]),
        "library_version": __version__,
        "min_count": k,
    }
    keys = tuple(str(c) for c in table.columns[: list(table.columns).index("numerator")])
    return AggregatePackage(meta=meta, table=table, keys=keys)


def write_package(
    dataset: Dataset,
    out: str | os.PathLike[str],
    *,
    kind: str = "publish",
    **options: Any,
) -> AggregatePackage:
    """Compute the measures and write them as an aggregate package into the folder ``out``.

    Args:
        dataset: The municipality's dataset.
        out: The folder to write (created if needed).
        kind: ``publish`` (protected, default) or ``pool`` (raw counts, confidential).
        **options: ``measures``, ``by``, ``period``, ``plan``, ``min_count``,
            ``extraction_date`` and ``catalog``, as for :func:`make_package`.

    Returns:
        The package, with ``path`` set.

    .. versionadded:: 0.2.0
    """
    return make_package(dataset, kind=kind, **options).write(out)


_PANDAS = {"integer": "Int64", "number": "Float64", "boolean": "boolean", "string": "str"}


def read_package(path: str | os.PathLike[str]) -> AggregatePackage:
    """Read an aggregate package folder (or its ``datapackage.json``) written by bbic-su.

    Raises:
        PackageError: No descriptor, not a bbic-su package, or a CSV that does not fit.
    """
    p = Path(path)
    desc_path = p if p.name == "datapackage.json" else p / "datapackage.json"
    try:
        desc = json.loads(desc_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise PackageError(f"{p}: not a readable aggregate package (datapackage.json)") from exc
    if not isinstance(desc, dict) or not isinstance(desc.get(META), dict):
        raise PackageError(f"{p}: datapackage.json was not written by bbic-su (no {META!r})")
    frames: dict[str, pd.DataFrame] = {}
    keys: list[str] = []
    for i, res in enumerate(desc.get("resources", [])):
        fields = res["schema"]["fields"]
        dtypes = {f["name"]: "str" for f in fields}
        frame = pd.read_csv(
            desc_path.parent / res["path"], dtype=dtypes, keep_default_na=False, na_values=[""]
        )
        if [str(c) for c in frame.columns] != [f["name"] for f in fields]:
            raise PackageError(f"{p}: {res['path']} does not match its schema")
        for f in fields:
            col = frame[f["name"]]
            if f["type"] == "boolean":
                frame[f["name"]] = col.map({"True": True, "False": False}).astype("boolean")
            else:
                frame[f["name"]] = col.astype(_PANDAS[f["type"]])
        if "suppressed" in frame.columns:
            frame["suppressed"] = frame["suppressed"].fillna(False).astype(bool)
        stem = "matt" if i == 0 else str(res["name"]).split("-", 1)[0]
        frames[stem] = frame
        keys = keys or list(res["schema"].get("primaryKey", []))
    if "matt" not in frames:
        raise PackageError(f"{p}: the package has no measure table")
    table = frames.pop("matt")  # its breakdowns and min_count are in meta
    return AggregatePackage(
        meta=desc[META], table=table, extra=frames, keys=tuple(keys), path=desc_path.parent
    )
