"""The mapping engine: one chunk of source rows in, canonical text columns and rejections out.

>>> import pandas as pd
>>> from bbic_su._mapping import RecordMapper
>>> from bbic_su.profile import load_profile
>>> p = load_profile("canonical")
>>> fm = next(f for f in p.files if f.record_type == "barn")
>>> m = RecordMapper(p, fm, ["barn_id", "kon", "extra"], file="barn.csv")
>>> chunk = pd.DataFrame({0: ["b1", "b2"], 1: ["Flicka", "okänt"], 2: ["a", "b"]},
...                      index=[1, 2], dtype=object)
>>> out, rejected = m.map_chunk(chunk)
>>> out.to_dict("index")
{1: {'barn_id': 'b1', 'kon': 'flicka'}, 2: {'barn_id': 'b2', 'kon': 'okänt'}}
>>> m.unmapped_columns, [(u.column, u.value, u.count) for u in m.unmapped_values()]
(['extra'], [('kon', 'okänt', 1)])

Columns are vectorised: each converter sees each distinct value once per
chunk (and caches it across chunks). Identity-number columns are handled
first: each number is validated, its derivations (sex, birth year, birth
date, age) are taken, and it is replaced by its keyed pseudonym; an invalid
number rejects the row (``invalid-personnummer``) and is never echoed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from bbic_su._profile_model import ColumnMap, Derivation, FileMap, MappingProfile
from bbic_su._readers import ExportReadError
from bbic_su._values import REDACTED, CellConverter, parse_date
from bbic_su.importreport import RejectedRow, UnmappedValue, shorten
from bbic_su.privacy import (
    InvalidIdentityNumber,
    PseudonymKeyError,
    identity_number,
    looks_like_personnummer,
    pseudonymise,
)
from bbic_su.profile import all_targets, fold
from bbic_su.spec import Catalog, catalog

__all__ = ["BORN", "SEX", "RecordMapper"]


BORN = "_born"
"""Hidden column: the birth date an identity number states (for a derived ``barn``)."""
SEX = "_sex"
"""Hidden column: ``female``/``male`` as an identity number states it (for a derived ``barn``)."""


class RecordMapper:
    """Maps chunks of one file (as one record type) onto canonical columns.

    Args:
        profile: The profile.
        fm: Its file map for this file.
        header: The file's header (for a long layout: the pivoted header).
        file: The file name, for messages.
        key: The pseudonymisation key (needed when an identity column is mapped).
        cat: The catalogue.

    Raises:
        ExportReadError: A required column is missing or a mapped column is duplicated.
        PseudonymKeyError: An identity column is mapped and ``key`` is ``None``.
    """

    def __init__(
        self,
        profile: MappingProfile,
        fm: FileMap,
        header: Sequence[str],
        *,
        file: str,
        key: bytes | None = None,
        cat: Catalog | None = None,
    ) -> None:
        self.profile, self.fm, self.file, self.key = profile, fm, file, key
        self.births: list[pd.Series] | None = None
        """When a list: birth dates (ISO) by pseudonymous ``barn_id`` are collected into it,
        for the age-based derived variables of other files (kept in memory only)."""
        self.cat = cat or catalog()
        self.targets = all_targets(fm, self.cat)
        positions: dict[str, list[int]] = {}
        for i, name in enumerate(header):
            positions.setdefault(fold(name), []).append(i)
        self.columns: list[tuple[ColumnMap, int]] = []
        self.missing: list[str] = []
        for col in fm.columns:
            found = positions.get(fold(col.column), [])
            if len(found) > 1:
                raise ExportReadError(
                    f"{file}: column {col.column!r} appears {len(found)} times in the header"
                )
            if not found:
                if not col.optional and fm.layout == "wide":
                    raise ExportReadError(
                        f"{file}: column {col.column!r} named by the profile is not in the header"
                    )
                self.missing.append(col.column)
                continue
            self.columns.append((col, found[0]))
        mapped = {i for _, i in self.columns}
        self.unmapped_columns = [
            REDACTED if looks_like_personnummer(h) else shorten(h)
            for i, h in enumerate(header)
            if i not in mapped and h
        ]
        if key is None and any(c.kind == "identity" for c, _ in self.columns):
            raise PseudonymKeyError(
                f"{file}: an identity-number column is mapped but no pseudonymisation key is given"
            )
        self.converters = {id(col): self._converter(col) for col, _ in self.columns}
        order = [*self.targets]
        self.order = {name: i for i, name in enumerate(order)}

    def _converter(self, col: ColumnMap) -> CellConverter | None:
        if col.kind in ("identity",):
            return None
        formats = col.date_formats if col.date_formats is not None else self.profile.date_formats
        if col.kind == "birth_date":
            return CellConverter("date", date_formats=formats)
        if col.kind == "option":
            yn = self.profile.yes_no
            table = {fold(w): str(col.option) for w in yn.yes}
            table.update({fold(w): "" for w in yn.no})
            return CellConverter("code", lookup=table)
        var = self.targets.get(str(col.variable))
        if col.kind == "text" or var is None or var.datatype == "text":
            return CellConverter("text")
        lookup = None
        if var.value_set is not None:
            lookup = value_lookup(self.profile, self.cat, var.value_set, col)
        return CellConverter(
            var.datatype,
            lookup=lookup,
            separator=col.separator,
            date_formats=formats,
            decimal=self.fm.decimal,
            blank=col.blank,
        )

    def unmapped_values(self) -> list[UnmappedValue]:
        """Unmapped values so far, per coded, date or integer column (never text or identity)."""
        found = []
        for col, _ in self.columns:
            conv = self.converters.get(id(col))
            if conv is None or conv.kind == "text":
                continue
            for value, n in conv.unmapped.items():
                found.append(UnmappedValue(col.column, col.variable, value, n))
        return found

    # ------------------------------------------------------------------ mapping

    def map_chunk(self, chunk: pd.DataFrame) -> tuple[pd.DataFrame, list[RejectedRow]]:
        """Map a chunk (positional columns, index = data-row numbers).

        Returns:
            The canonical text columns (object dtype, ``None`` missing) of the rows
            kept, and the rejected rows.
        """
        out: dict[str, pd.Series] = {}
        births: list[tuple[pd.Series, tuple[Derivation, ...]]] = []
        bad = pd.Series(False, index=chunk.index)
        rejected: list[RejectedRow] = []
        options: dict[str, list[pd.Series]] = {}
        for col, pos in self.columns:
            raw = chunk[pos]
            if col.kind == "identity":
                pseudo, born, sex, invalid = self._identity(raw)
                for row in chunk.index[invalid & ~bad]:
                    rejected.append(RejectedRow(int(row), "invalid-personnummer", col.column))
                bad |= invalid
                out[str(col.variable)] = pseudo
                if self.fm.record_type != "barn":  # kept for a derived barn record
                    out[BORN], out[SEX] = born, sex
                births.append((born, col.derive))
                if self.births is not None and col.variable == "barn_id":
                    ok = pseudo.notna() & born.notna() & ~bad
                    self.births.append(pd.Series(born[ok].to_numpy(), index=pseudo[ok].to_numpy()))
                self._sex(out, sex, col.derive)
                continue
            conv = self.converters[id(col)]
            assert conv is not None
            values = conv.convert(raw)
            if col.kind == "option":
                options.setdefault(str(col.variable), []).append(values)
                continue
            if col.kind == "birth_date":
                births.append((values, col.derive))
            if col.variable is not None:
                out[col.variable] = values
        for target, parts in options.items():
            out[target] = _union(out.get(target), parts)
        for target, value in self.fm.constants.items():
            out[target] = pd.Series(value, index=chunk.index, dtype=object)
        for born, derive in births:
            self._derive(out, born, derive, chunk.index)
        keep = ~bad
        names = sorted(out, key=lambda n: self.order.get(n, len(self.order)))
        frame = pd.DataFrame(
            {n: out[n][keep] for n in names}, index=chunk.index[keep], dtype=object
        )
        return frame, rejected

    def _identity(self, raw: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series, pd.Series]:
        key = self.key
        if key is None:  # pragma: no cover - refused in __init__
            raise PseudonymKeyError("no pseudonymisation key")
        table: dict[str, tuple[str | None, str | None, str | None]] = {}
        for value in raw.dropna().unique():
            try:
                ident = identity_number(str(value))
            except InvalidIdentityNumber:
                table[str(value)] = (None, None, None)
                continue
            table[str(value)] = (pseudonymise(ident, key), ident.birth_date.isoformat(), ident.sex)
        pseudo = raw.map(lambda v: table[v][0] if isinstance(v, str) else None)
        born = raw.map(lambda v: table[v][1] if isinstance(v, str) else None)
        sex = raw.map(lambda v: table[v][2] if isinstance(v, str) else None)
        invalid = raw.notna() & pseudo.isna()
        return pseudo.astype(object), born.astype(object), sex.astype(object), invalid

    @staticmethod
    def _sex(out: dict[str, pd.Series], sex: pd.Series, derive: tuple[Derivation, ...]) -> None:
        for d in derive:
            if d.what == "sex":
                out[d.variable] = sex.map({"female": d.female, "male": d.male}).astype(object)

    def _derive(
        self,
        out: dict[str, pd.Series],
        born: pd.Series,
        derive: tuple[Derivation, ...],
        index: pd.Index,
    ) -> None:
        birth = pd.to_datetime(born.map(_iso_or_none), format="%Y-%m-%d", errors="coerce")
        for d in derive:
            if d.what == "birth_year":
                years = birth.dt.year
                out[d.variable] = years.map(lambda y: None if pd.isna(y) else str(int(y)))
            elif d.what == "birth_date":
                out[d.variable] = (
                    birth.dt.strftime("%Y-%m-%d").astype(object).where(birth.notna(), None)
                )
            elif d.what == "age":
                at = str(d.at)
                if at in out:
                    ref = pd.to_datetime(
                        out[at].map(_iso_or_none), format="%Y-%m-%d", errors="coerce"
                    )
                else:
                    ref = pd.Series(pd.Timestamp(dt.date.fromisoformat(at)), index=index)
                out[d.variable] = _age(birth, ref)


def _iso_or_none(value: object) -> str | None:
    return parse_date(value, ()) if isinstance(value, str) else None


def value_lookup(
    profile: MappingProfile, cat: Catalog, value_set: str, column: ColumnMap | None = None
) -> Mapping[str, str]:
    """Folded source value to code for ``value_set``, in rising precedence.

    Codes, then Swedish and English labels, then yes/no words (value sets with
    both yes and no codes), then the profile's ``value_maps``, then the column's
    ``values``.
    """
    vs = cat.value_set(value_set)
    table: dict[str, str] = {}
    for c in vs.codes:
        table.setdefault(fold(c.label_en), c.code)
    for c in vs.codes:
        table[fold(c.label_sv)] = c.code
    for c in vs.codes:
        table[fold(c.code)] = c.code
    yn = profile.yes_no
    if yn.yes_code in vs.code_ids and yn.no_code in vs.code_ids:
        table.update({fold(w): yn.yes_code for w in yn.yes})
        table.update({fold(w): yn.no_code for w in yn.no})
    table.update({fold(k): v for k, v in profile.value_maps.get(value_set, {}).items()})
    if column is not None:
        table.update({fold(k): v for k, v in column.values.items()})
    return table


def _age(birth: pd.Series, ref: pd.Series) -> pd.Series:
    """Whole years from ``birth`` to ``ref``, as digits (``None`` when either is missing)."""
    before = (ref.dt.month < birth.dt.month) | (
        (ref.dt.month == birth.dt.month) & (ref.dt.day < birth.dt.day)
    )
    years = ref.dt.year - birth.dt.year - before.astype("Int64")
    text = years.map(lambda y: None if pd.isna(y) else str(int(y)))
    result: pd.Series = text.astype(object).where(birth.notna() & ref.notna(), None)
    return result


def _union(single: pd.Series | None, parts: list[pd.Series]) -> pd.Series:
    """Join one-column-per-option cells (and a multi-select cell) into sorted ``|`` codes."""
    frame = pd.concat([*(p for p in parts), *([single] if single is not None else [])], axis=1)

    def join(row: np.ndarray) -> str | None:
        codes: set[str] = set()
        for cell in row:
            if isinstance(cell, str) and cell:
                codes.update(cell.split("|"))
        return "|".join(sorted(codes)) or None

    values = [join(r) for r in frame.to_numpy(dtype=object)]
    return pd.Series(values, index=frame.index, dtype=object)
