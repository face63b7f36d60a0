"""Long layouts (one row per case, variable and value) pivoted into one row per case.

>>> from bbic_su.importing._longformat import pivot_long
>>> from bbic_su.importing.profile import load_profile
>>> p = load_profile("exempel_lang")
>>> rows = [(1, ["I1", "Insatstyp", "KP"]), (2, ["I1", "Lagrum", None]),
...         (3, [None, "Lagrum", "SoL"])]
>>> long = pivot_long(iter(rows), ["ärende", "variabel", "värde"], p.files[0], file="x.csv")
>>> long.header, long.frame.to_dict("index"), [(r.row, r.reason) for r in long.rejected]
(['ärende', 'Insatstyp'], {1: {0: 'I1', 1: 'KP'}}, [(3, 'missing-case-id')])

Each case becomes one record whose row number is the case's first row. A
variable name the profile does not map is listed as an unmapped column (its
rows still belong to an imported case). Repeated rows of a multi-select
variable are joined; two different values of a single-valued variable reject
every row of that case (``conflicting-values``); a blank value is no value.
Other columns of the file (besides case, variable and value) are read as
further variables of the case. The three columns are held in memory for the
pivot (other columns are dropped while reading).
"""

from __future__ import annotations

from collections.abc import Iterator

import attrs
import pandas as pd

from bbic_su.frames._readers import ExportReadError
from bbic_su.importing._profile_model import FileMap
from bbic_su.importing.profile import fold
from bbic_su.importing.report import RejectedRow
from bbic_su.spec._catalog import Catalog, catalog

__all__ = ["LongPivot", "pivot_long"]


@attrs.define
class LongPivot:
    """The pivoted file: a wide frame (positional columns), its header and the accounts."""

    header: list[str]
    frame: pd.DataFrame
    rejected: list[RejectedRow]
    rows_read: int
    blank_rows: int
    unmapped_columns: list[str]
    case_rows: dict[int, list[int]]


def pivot_long(
    rows: Iterator[tuple[int, list[str | None]]],
    header: list[str],
    fm: FileMap,
    *,
    file: str,
    cat: Catalog | None = None,
) -> LongPivot:
    """Read every row of a long file and pivot it to one row per case.

    Raises:
        ExportReadError: The case, variable or value column is not in the header.
    """
    cat = cat or catalog()
    assert fm.long is not None
    folded = [fold(h) for h in header]
    pos = {}
    for role, name in (
        ("case", fm.long.case),
        ("variable", fm.long.variable),
        ("value", fm.long.value),
    ):
        if fold(name) not in folded:
            raise ExportReadError(
                f"{file}: the long layout's {role} column {name!r} is not in the header"
            )
        pos[role] = folded.index(fold(name))
    names = {fold(c.column): c.column for c in fm.columns}
    targets = {v.id: v for v in cat.variables_of(fm.record_type)}
    multi = {
        fold(c.column): c.separator
        for c in fm.columns
        if c.kind == "value" and c.variable in targets and targets[c.variable].datatype == "codes"
    }
    extras = [i for i, f in enumerate(folded) if i not in pos.values() and f in names]
    width = len(header)
    row_n: list[int] = []
    cases: list[str] = []
    variables: list[str] = []
    values: list[str | None] = []
    rejected: list[RejectedRow] = []
    read = blank = 0
    unknown: dict[str, None] = {}
    for n, cells in rows:
        if not any(cells):
            blank += 1
            continue
        read += 1
        if len(cells) > width and any(cells[width:]):
            rejected.append(RejectedRow(n, "ragged-row"))
            continue
        cells = cells + [None] * (width - len(cells))
        case, var = cells[pos["case"]], cells[pos["variable"]]
        if case is None:
            rejected.append(RejectedRow(n, "missing-case-id", fm.long.case))
            continue
        if var is None:
            rejected.append(RejectedRow(n, "missing-variable-name", fm.long.variable))
            continue
        pairs = [(fold(var), cells[pos["value"]])]
        pairs += [(folded[i], cells[i]) for i in extras]
        for fvar, value in pairs:
            if fvar not in names:
                unknown.setdefault(var, None)
            row_n.append(n)
            cases.append(case)
            variables.append(fvar)
            values.append(value)
    df = pd.DataFrame({"row": row_n, "case": cases, "var": variables, "value": values})
    case_rows = {int(k): [int(r) for r in v] for k, v in _rows_by_case(df).items()}
    first = df.groupby("case", sort=False)["row"].min()
    known = df[df["var"].isin(list(names)) & df["value"].notna()].drop_duplicates(
        ["case", "var", "value"]
    )
    is_multi = known["var"].isin(list(multi))
    single = known[~is_multi]
    clash = set(single.loc[single.duplicated(["case", "var"], keep=False), "case"])
    for case in clash:
        rejected.extend(RejectedRow(r, "conflicting-values") for r in case_rows[int(first[case])])
    parts = [single[~single["case"].isin(clash)]]
    for fvar, sep in multi.items():
        sub = known[(known["var"] == fvar) & ~known["case"].isin(clash)]
        joined = sub.groupby("case", sort=False)["value"].agg(sep.join).reset_index()
        joined["var"] = fvar
        parts.append(joined)
    long = pd.concat(parts, ignore_index=True)
    keep = first[~first.index.isin(clash)].sort_values()
    cols = [fold(fm.long.case), *dict.fromkeys(v for v in long["var"] if v != fold(fm.long.case))]
    wide = long.pivot(index="case", columns="var", values="value") if len(long) else None
    data: dict[int, list[object]] = {0: list(keep.index)}
    for i, fvar in enumerate(cols[1:], start=1):
        column = wide[fvar] if wide is not None and fvar in wide else pd.Series(dtype=object)
        data[i] = (
            column.reindex(keep.index)
            .astype(object)
            .where(column.reindex(keep.index).notna(), None)
            .tolist()
        )
    frame = pd.DataFrame(data, index=pd.Index(keep.to_numpy(), dtype="int64"), dtype=object)
    head = [fm.long.case, *(names.get(v, v) for v in cols[1:])]
    return LongPivot(head, frame, rejected, read, blank, list(unknown), case_rows)


def _rows_by_case(df: pd.DataFrame) -> dict[int, list[int]]:
    """First row of each case to all of the case's rows."""
    if df.empty:
        return {}
    grouped = df.groupby("case", sort=False)["row"]
    rows = grouped.unique()
    return {int(r.min()): sorted(int(x) for x in r) for r in rows}
