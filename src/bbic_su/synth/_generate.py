"""Generate a synthetic dataset, and the findings a correct validator reports on it.

>>> from bbic_su.synth._generate import generate, parse_period
>>> parse_period("2024")
(datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))
>>> generate(children=20, seed=1, municipalities=2)["barn"]["kommunkod"].nunique()
2

The package docstring (:mod:`bbic_su.synth`) describes what is simulated and what the
truth lists; :mod:`bbic_su.synth._timeline` simulates the case flow,
:mod:`bbic_su.synth._fill` fills every variable from the catalogue and
:mod:`bbic_su.synth._inject` injects the faults.
"""

from __future__ import annotations

import datetime as dt
import functools
import zlib
from collections.abc import Iterator, Sequence
from typing import Any, TypedDict, Unpack

import attrs
import numpy as np
import pandas as pd

from bbic_su.errors import BbicSuError
from bbic_su.frames._columns import typed_views
from bbic_su.frames.dataset import Dataset
from bbic_su.frames.derivation import derive_columns
from bbic_su.spec._catalog import Catalog
from bbic_su.spec._catalog import catalog as _default_catalog
from bbic_su.synth._assumptions import CODES
from bbic_su.synth._fill import Columns, fill, text_columns, text_frames
from bbic_su.synth._inject import Injector
from bbic_su.synth._timeline import simulate
from bbic_su.synth._truth import (
    deadline_findings,
    missing_share_findings,
    sibling_findings,
    truth_frame,
)
from bbic_su.validation._derived_check import derived_mismatch_issues

MAX_MUNICIPALITIES = 99
"""Synthetic municipality codes run from ``9901`` to ``9999``."""

Period = int | str | tuple[dt.date | str, dt.date | str]
"""A year (``2024``), ``"2024"``, ``"2023-07-01..2024-06-30"`` or a (start, end) pair."""


class SynthError(BbicSuError, ValueError):
    """Bad arguments to the generator (count, period, municipalities, error rate)."""


def _date(value: dt.date | str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise SynthError(f"period: {value!r} is not a date (YYYY-MM-DD)") from None


def parse_period(period: Period) -> tuple[dt.date, dt.date]:
    """The (start, end) dates of ``period``; the end is the extraction date.

    >>> parse_period(2024)
    (datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))
    >>> parse_period("2023-07-01..2024-06-30")[1]
    datetime.date(2024, 6, 30)

    Raises:
        SynthError: Not a year or two dates, the end before the start, or outside 1990-2100.
    """
    if isinstance(period, str) and ".." in period:
        start_text, _, end_text = period.partition("..")
        start, end = _date(start_text.strip()), _date(end_text.strip())
    elif isinstance(period, int | str) and not isinstance(period, bool):
        text = str(period).strip()
        if not (text.isdigit() and len(text) == 4):
            raise SynthError(f"period: {period!r} is not a year or START..END")
        start, end = dt.date(int(text), 1, 1), dt.date(int(text), 12, 31)
    elif isinstance(period, Sequence) and len(period) == 2:
        start, end = _date(period[0]), _date(period[1])
    else:
        raise SynthError(f"period: {period!r} is not a year or a (start, end) pair")
    if end < start:
        raise SynthError(f"period: the end {end} is before the start {start}")
    if start.year < 2011 or end.year > 2100:
        raise SynthError("period: must lie between 2011 and 2100 (birth years 1990-2100)")
    return start, end


@attrs.frozen
class Synthetic:
    """A generated dataset with its ground truth; unpacks as ``(dataset, truth)``.

    Attributes:
        dataset: The canonical dataset (text cells, as read from CSV).
        truth: The findings validation must report: one row per finding with
            ``code``, ``severity``, ``rule``, ``record_type``, ``row`` (1-based, empty
            for table-level findings), ``key`` and ``variable``.
    """

    dataset: Dataset
    truth: pd.DataFrame = attrs.field(eq=False)
    _births: pd.DataFrame = attrs.field(eq=False, repr=False, alias="births")

    def __iter__(self) -> Iterator[object]:
        return iter((self.dataset, self.truth))

    @functools.cached_property
    def _numbers(self) -> dict[str, str]:
        b = self._births.sort_values(["birth", "odd", "barn_id"], kind="stable")
        rank = b.groupby(["birth", "odd"], sort=False).cumcount().to_numpy()
        serial = (2 * rank + 2 + b["odd"].to_numpy()) % 1000
        out: dict[str, str] = {}
        for key, day, s in zip(b["barn_id"], b["birth"], serial, strict=True):
            ymd = day.strftime("%Y%m%d")
            digits = f"{ymd[2:]}{s % 1000:03d}"
            out[str(key)] = f"{ymd}-{digits[6:]}{_luhn(digits)}"
        return out

    def identity(self, barn_id: str) -> str:
        """A synthetic personnummer for ``barn_id``, matching its birth date and sex.

        For rendering vendor-style exports whose profile has identity columns. The
        numbers are made up (valid shape and check digit, unique per child); never
        use them outside test data.
        """
        known = self._numbers.get(barn_id)
        if known is not None:
            return known
        s = zlib.crc32(barn_id.encode()) % 1000
        digits = f"100101{s:03d}"
        return f"20100101-{digits[6:]}{_luhn(digits)}"


def _luhn(digits: str) -> int:
    total = 0
    for i, ch in enumerate(digits):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return (10 - total % 10) % 10


class _Options(TypedDict, total=False):
    """The keyword arguments of :func:`generate` and :func:`generate_with_truth`."""

    seed: int
    period: Period
    municipalities: int
    error_rate: float
    catalog: Catalog | None
    first_municipality: int


def _check(children: int, municipalities: int, error_rate: float, seed: int) -> None:
    if isinstance(children, bool) or not isinstance(children, int) or children < 1:
        raise SynthError(f"children must be a whole number of at least 1, not {children!r}")
    if not isinstance(municipalities, int) or not 1 <= municipalities <= MAX_MUNICIPALITIES:
        raise SynthError(f"municipalities must be 1-{MAX_MUNICIPALITIES}, not {municipalities!r}")
    if municipalities > children:
        raise SynthError("municipalities cannot exceed children (each needs a child)")
    if not 0.0 <= float(error_rate) <= 0.5:
        raise SynthError(f"error_rate must lie between 0 and 0.5, not {error_rate!r}")
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise SynthError(f"seed must be a whole number of at least 0, not {seed!r}")


def generate_with_truth(
    children: int = 1000,
    *,
    seed: int = 0,
    period: Period = 2024,
    municipalities: int = 1,
    error_rate: float = 0.0,
    catalog: Catalog | None = None,
    first_municipality: int = 1,
) -> Synthetic:
    """Generate a synthetic dataset and the findings validation must report on it.

    Args:
        children: Number of children (barn records); each has at least one report.
        seed: Seed of ``numpy.random.default_rng``; same arguments, same frames.
        period: The period covered (see :data:`Period`); its last day is the
            extraction date, so no date lies after it.
        municipalities: Number of synthetic municipalities (``9901`` ...), all used.
        error_rate: Faults to inject, as a share of all records (0 for clean data).
            Every code of :data:`~bbic_su.synth.INJECTED_CODES` is injected at least once where the
            data allow it (``interval-exceeded`` needs a placement with a review,
            ``dated-after-closure`` two interventions with a closure and another
            follow-up, one of them left to ``more-than-one``).
        catalog: The catalogue (default: the packaged one).
        first_municipality: Number of the first municipality: codes run from
            ``99<first_municipality>`` (e.g. 2 gives ``9902``), so that several
            generated datasets can stand for different municipalities.

    Returns:
        The :class:`Synthetic` result; ``dataset, truth = generate_with_truth(...)``.

    Raises:
        SynthError: An argument is out of range.
    """
    _check(children, municipalities, error_rate, seed)
    if (
        isinstance(first_municipality, bool)
        or not isinstance(first_municipality, int)
        or not 1 <= first_municipality <= MAX_MUNICIPALITIES - municipalities + 1
    ):
        raise SynthError(
            f"first_municipality must be 1-{MAX_MUNICIPALITIES - municipalities + 1} "
            f"for {municipalities} municipalities, not {first_municipality!r}"
        )
    start, end = parse_period(period)
    cat = catalog or _default_catalog()
    rng = np.random.default_rng(seed)
    tables = simulate(rng, cat, children, start, end, municipalities, first_municipality)
    applies = fill(rng, cat, tables, end)
    columns = text_columns(rng, cat, tables)
    _derive(cat, columns, end)
    findings = []
    busy: dict[str, np.ndarray] = {}
    for rt in cat.record_types:
        table = tables[rt.id]
        cols = Columns(cat, tables, rt.id)
        waived = {
            v.id: cols.evaluate(r.waived_if)
            for v in cat.variables_of(rt.id)
            for r in v.rules
            if r.waived_if is not None
        }
        keys = columns[rt.id][rt.key]
        found = deadline_findings(cat, rt.id, table.cols, waived, keys)
        busy[rt.id] = np.zeros(table.n, dtype=bool)
        busy[rt.id][[f["row"] - 1 for f in found]] = True
        findings.extend(found)
    for f in sibling_findings(cat, tables, columns, {}):  # baseline: keep faults off them
        busy[f["record_type"]][f["row"] - 1] = True
    injector = None
    if error_rate > 0:
        injector = Injector(rng, cat, tables, columns, busy, np.datetime64(end, "D"))
        injector.inject(round(error_rate * sum(t.n for t in tables.values())))
        for rt_id, source, target in injector.copies:  # cloned records apply alike
            for name, mask in applies[rt_id].items():
                applies[rt_id][name] = mask.copy()
                applies[rt_id][name][target] = mask[source]
    unparsed = injector.unparsed if injector else {}
    findings.extend(sibling_findings(cat, tables, columns, unparsed))
    absent = injector.absent if injector else set()
    findings.extend(missing_share_findings(cat, columns, applies, unparsed, absent))
    frames = text_frames(columns)
    if injector is not None:
        injector.reshape(frames)
        findings.extend(injector.findings)
    kids = tables[cat.record_types[0].id]
    births = pd.DataFrame(
        {
            "barn_id": columns[cat.record_types[0].id][cat.record_types[0].key],
            "birth": pd.to_datetime(kids.cols["_birth"]),
            "odd": (kids.cols["kon"] == CODES["boy"][1]).astype(int),
        }
    )
    dataset = Dataset(
        frames, catalog=cat, source=f"synthetic (seed {seed})", extraction_date=end.isoformat()
    )
    if injector is not None:
        findings.extend(_mismatches(cat, dataset, findings))
    return Synthetic(dataset, truth_frame(findings), births=births)


def _derive(cat: Catalog, columns: dict[str, dict[str, np.ndarray]], end: dt.date) -> None:
    """Compute the derived variables as :func:`bbic_su.derive` does, into ``columns``."""
    clean = Dataset(text_frames(columns), catalog=cat)
    variables = [v for v in cat.variables if v.derivation and v.id not in _BORDER]
    derived = derive_columns(clean, extraction_date=end, variables=variables, catalog=cat)
    for (rt, var), column in derived.columns.items():
        columns[rt][var] = np.array(column.to_numpy(dtype=object), dtype=object)


def _mismatches(
    cat: Catalog, dataset: Dataset, findings: list[dict[str, Any]]
) -> list[dict[str, object]]:
    """``derived-mismatch`` findings the faults cause in the derived columns.

    A fault in a record a derivation reads (a date, a link) makes the derived column the
    generator wrote disagree with a derivation from the faulty records; these findings
    are the library's own comparison (:mod:`bbic_su.validation._derived_check`) on the final data.
    Without faults there are none.
    """
    views = typed_views(dataset, cat)
    reported = {(f["record_type"], f["row"], f["variable"]) for f in findings}
    return [
        {c: getattr(i, c) for c in ("code", "severity", "rule", "record_type", "row", "key")}
        | {"variable": i.variable, "code": i.code.value}
        for i in derived_mismatch_issues(cat, dataset, views, None, reported)
    ]


#: Derived at the border (from the simulated birth date, as the import does from the
#: identity number), not from the birth year.
_BORDER = frozenset({"alder_vid_aktualisering"})


def generate(children: int = 1000, **options: Unpack[_Options]) -> Dataset:
    """Generate a realistic synthetic canonical dataset (see :func:`generate_with_truth`).

    Args:
        children: Number of children (barn records); each has at least one report.
        **options: The keyword arguments of :func:`generate_with_truth`.

    Raises:
        SynthError: An argument is out of range.
    """
    return generate_with_truth(children, **options).dataset
