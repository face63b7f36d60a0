"""The mapping engine: one chunk of source rows in, canonical text columns and rejections out.

>>> import pandas as pd
>>> from bbic_su.importing._mapping import RecordMapper
>>> from bbic_su.importing.profile import load_profile
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

from bbic_su.frames._readers import ExportReadError
from bbic_su.importing._identity_cache import IdentityCache
from bbic_su.importing._profile_model import ColumnMap, Derivation, FileMap, MappingProfile
from bbic_su.importing._values import (
    ARROW_TEXT,
    REDACTED,
    TEXT,
    CellConverter,
    arrow_text,
    coded,
    distinct_text,
    factorize,
    parse_date,
)
from bbic_su.importing.privacy import PseudonymKeyError, looks_like_personnummer
from bbic_su.importing.profile import all_targets, fold
from bbic_su.importing.report import RejectedRow, UnmappedValue, shorten
from bbic_su.spec._catalog import Catalog, catalog

__all__ = ["BORN", "SEX", "RecordMapper"]

BORN = "_born"
"""Hidden column: the birth date an identity number states (for a derived ``barn``)."""
SEX = "_sex"
"""Hidden column: ``female``/``male`` as an identity number states it (for a derived ``barn``)."""

_FIRST_NS = np.datetime64("1677-09-22", "D")  # the days datetime64[ns] can hold
_LAST_NS = np.datetime64("2262-04-11", "D")


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
        self.identity_cache = IdentityCache()
        """Identity values seen; share one cache between the files of an import."""
        self.births: list[pd.Series] | None = None
        """When a list: birth dates by pseudonymous ``barn_id`` are collected into it,
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
            The canonical text columns (categorical, or object with ``None``
            missing) of the rows kept, and the rejected rows.
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
                    self.births.append(pd.Series(born[ok].to_numpy(), index=pd.Index(pseudo[ok])))
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
        names = sorted(out, key=lambda n: self.order.get(n, len(self.order)))
        if not bad.any():
            return pd.DataFrame({n: out[n] for n in names}, index=chunk.index), rejected
        keep = ~bad
        frame = pd.DataFrame({n: out[n][keep] for n in names}, index=chunk.index[keep])
        return frame, rejected

    def _identity(self, raw: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series, pd.Series]:
        """Pseudonym, birth date, sex and invalid mask: each distinct value checked once."""
        key = self.key
        if key is None:  # pragma: no cover - refused in __init__
            raise PseudonymKeyError("no pseudonymisation key")
        codes, uniques = distinct_text(raw)
        cache = self.identity_cache
        pos = cache.look_up(uniques, key)
        at = np.append(pos, -1)[codes]  # each row's place in the cache, -1: a blank cell
        index = raw.index
        birth = np.append(cache.birth[pos], np.datetime64("NaT", "D"))[codes]  # last: blank
        birth[(birth < _FIRST_NS) | (birth > _LAST_NS)] = np.datetime64("NaT", "D")
        sex = np.append(cache.sex[pos], np.array([None], dtype=object))
        invalid = pd.Series(~np.append(cache.valid[pos], True)[codes], index=index)
        pseudo = cache.pseudonyms_at(at)
        return (
            arrow_text(pseudo, index),
            pd.Series(birth.astype("datetime64[ns]"), index=index),
            coded(codes, sex, index),
            invalid,
        )

    @staticmethod
    def _sex(out: dict[str, pd.Series], sex: pd.Series, derive: tuple[Derivation, ...]) -> None:
        for d in derive:
            if d.what == "sex":
                words = {"female": d.female, "male": d.male}
                codes, names = factorize(sex)
                table = np.array([*(words[c] for c in names), None], dtype=object)
                out[d.variable] = coded(codes, table, sex.index)

    def _derive(
        self,
        out: dict[str, pd.Series],
        born: pd.Series,
        derive: tuple[Derivation, ...],
        index: pd.Index,
    ) -> None:
        birth = born if born.dtype.kind == "M" else _as_datetime(born)
        for d in derive:
            if d.what == "birth_year":
                out[d.variable] = _int_text(birth.dt.year, birth.notna())
            elif d.what == "birth_date":
                days = birth.to_numpy(dtype="datetime64[D]")
                text = np.datetime_as_string(days, unit="D").astype(object)
                out[d.variable] = pd.Series(text, index=index).where(birth.notna(), None)
            elif d.what == "age":
                at = str(d.at)
                if at in out:
                    ref = _as_datetime(out[at])
                else:
                    ref = pd.Series(pd.Timestamp(dt.date.fromisoformat(at)), index=index)
                out[d.variable] = _age(birth, ref)


def _as_datetime(values: pd.Series) -> pd.Series:
    """ISO date text (or a junk cell, or ``None``) as ``datetime64``, each distinct value once."""
    if ARROW_TEXT and values.dtype == TEXT:  # the distinct values without a string per row
        codes, distinct = distinct_text(values)
        uniques: list[object] = distinct.to_pylist()
    else:
        codes, found = pd.factorize(values.to_numpy(dtype=object))
        uniques = list(found)
    iso = [parse_date(u, ()) if isinstance(u, str) else None for u in uniques]
    parsed = pd.to_datetime(
        pd.Series([*iso, None], dtype=object), format="%Y-%m-%d", errors="coerce"
    )
    return pd.Series(parsed.to_numpy()[codes], index=values.index)


def _int_text(numbers: pd.Series, keep: pd.Series) -> pd.Series:
    """Whole numbers as digits (``None`` where ``keep`` is false), each distinct one once."""
    ok = keep.to_numpy(dtype=bool) & numbers.notna().to_numpy(dtype=bool)
    ints = numbers.to_numpy(dtype="float64", na_value=np.nan)
    codes, uniques = pd.factorize(np.where(ok, ints, np.nan))
    table = np.array([*(str(int(u)) for u in uniques), None], dtype=object)
    return coded(np.asarray(codes, dtype=np.intp), table, numbers.index)


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
    years = ref.dt.year - birth.dt.year - before.astype("int64")
    return _int_text(years, birth.notna() & ref.notna())


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
