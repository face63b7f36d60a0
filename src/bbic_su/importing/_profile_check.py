"""Checks of a structured mapping profile against the catalogue (the second loading step).

>>> from bbic_su.importing._profile_check import check_profile
>>> from bbic_su.importing.profile import load_profile
>>> check_profile(load_profile("exempel_lang"), "exempel_lang.yaml") is None
True

Each check raises :class:`~bbic_su.importing._profile_model.ProfileError` naming the file
and key path of the first fault, and suggests the closest known id for an
unknown one.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable
from typing import Any

from bbic_su.frames._readers import text_encoding
from bbic_su.importing._profile_model import (
    SCHEMA,
    ColumnMap,
    FileMap,
    MappingProfile,
    ProfileError,
)
from bbic_su.spec._catalog import Catalog, catalog
from bbic_su.spec.model import Variable

__all__ = ["DELIMITERS", "check_profile", "target_variable"]

DELIMITERS = ("auto", ";", ",", "\t", "|")
"""The delimiters a file map may name."""


def target_variable(cat: Catalog, record_type: str, target: str) -> Variable | None:
    """The variable ``target`` of ``record_type``, or ``None`` for a key field."""
    for var in cat.variables_of(record_type):
        if var.id == target:
            return var
    return None


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


class _Checker:
    def __init__(self, profile: MappingProfile, file: str, cat: Catalog) -> None:
        self.p, self.file, self.cat = profile, file, cat

    def fail(self, path: str, message: str) -> ProfileError:
        return ProfileError(self.file, path, message)

    def unknown(self, path: str, kind: str, key: str, known: Iterable[str]) -> ProfileError:
        close = difflib.get_close_matches(key, list(known), n=3, cutoff=0.6)
        hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        return self.fail(path, f"unknown {kind} {key!r}{hint}")

    def codes(self, path: str, value_set: str | None, codes: Iterable[str]) -> None:
        if value_set is None:
            raise self.fail(path, "only code and multi-select columns take codes")
        known = self.cat.value_set(value_set).code_ids
        for code in codes:
            if code not in known:
                raise self.unknown(path, f"code of value set {value_set}", code, known)

    def date_formats(self, path: str, formats: Iterable[str]) -> None:
        probe = dt.datetime(2001, 2, 3, 4, 5, 6)
        for fmt in formats:
            if fmt == "excel":
                continue
            try:
                ok = "%" in fmt and dt.datetime.strptime(probe.strftime(fmt), fmt).date() == (
                    probe.date()
                )
            except (ValueError, re.error):  # re.error: e.g. '%d' twice
                ok = False
            if not ok:
                raise self.fail(path, f"{fmt!r} is not a date format (e.g. '%Y-%m-%d' or 'excel')")

    def run(self) -> None:
        p = self.p
        if p.schema != SCHEMA:
            raise self.fail("schema", f"expected {SCHEMA!r}, got {p.schema!r}")
        if not p.files:
            raise self.fail("files", "at least one file map is needed")
        self.date_formats("date_formats", p.date_formats)
        yes = {_fold(w) for w in p.yes_no.yes}
        if yes & {_fold(w) for w in p.yes_no.no}:
            raise self.fail("yes_no", "a word cannot mean both yes and no")
        vs_ids = [v.id for v in self.cat.value_sets]
        for vs, mapping in p.value_maps.items():
            if vs not in vs_ids:
                raise self.unknown(f"value_maps.{vs}", "value set", vs, vs_ids)
            self.codes(f"value_maps.{vs}", vs, mapping.values())
        for i, fm in enumerate(p.files):
            self.file_map(f"files[{i}]", fm)

    def file_map(self, path: str, fm: FileMap) -> None:
        rts = [rt.id for rt in self.cat.record_types]
        if fm.record_type not in rts:
            raise self.unknown(f"{path}.record_type", "record type", fm.record_type, rts)
        if (fm.layout == "long") != (fm.long is not None):
            raise self.fail(f"{path}.long", "give 'long' exactly when layout is long")
        if fm.delimiter not in DELIMITERS:
            raise self.fail(f"{path}.delimiter", f"{fm.delimiter!r} is not one of {DELIMITERS}")
        if fm.encoding != "auto" and not text_encoding(fm.encoding):
            raise self.fail(
                f"{path}.encoding", f"unknown encoding {fm.encoding!r} (not a text encoding)"
            )
        if fm.header_row is not None and fm.header_row < 1:
            raise self.fail(f"{path}.header_row", "rows count from 1")
        rt = self.cat.record_type(fm.record_type)
        targets = [*rt.key_fields, *(v.id for v in self.cat.variables_of(rt.id))]
        filled: dict[str, str] = {}
        seen: set[str] = set()
        for j, col in enumerate(fm.columns):
            cpath = f"{path}.columns[{j}]"
            if _fold(col.column) in seen:
                raise self.fail(f"{cpath}.column", f"column {col.column!r} is mapped twice")
            seen.add(_fold(col.column))
            self.column(cpath, fm, col, targets, filled)
        for target, value in fm.constants.items():
            if target not in targets:
                raise self.unknown(f"{path}.constants", "column", target, targets)
            self.claim(f"{path}.constants.{target}", target, "constant", filled)
            var = target_variable(self.cat, rt.id, target)
            if var is not None and var.datatype in ("code", "codes"):
                self.codes(f"{path}.constants.{target}", var.value_set, value.split("|"))

    def claim(self, path: str, target: str, by: str, filled: dict[str, str]) -> None:
        combinable = {by, filled.get(target)} <= {"option", "column"} and "option" in {
            by,
            filled.get(target),
        }
        if target in filled and not combinable:
            raise self.fail(path, f"{target!r} is filled twice")
        filled[target] = by

    def column(
        self, path: str, fm: FileMap, col: ColumnMap, targets: list[str], filled: dict[str, str]
    ) -> None:
        if col.variable is None:
            if col.kind != "birth_date":
                raise self.fail(f"{path}.variable", "required key missing")
        elif col.variable not in targets:
            raise self.unknown(
                f"{path}.variable", f"column of {fm.record_type}", col.variable, targets
            )
        var = (
            None
            if col.variable is None
            else target_variable(self.cat, fm.record_type, col.variable)
        )
        vs = var.value_set if var is not None else None
        if col.variable is not None:
            self.claim(
                f"{path}.variable",
                col.variable,
                "option" if col.kind == "option" else "column",
                filled,
            )
        if col.kind == "option":
            if var is None or var.datatype != "codes" or col.option is None:
                raise self.fail(path, "an option column needs a multi-select variable and 'option'")
            self.codes(f"{path}.option", vs, [col.option])
        elif col.option is not None:
            raise self.fail(f"{path}.option", "only option columns take 'option'")
        if col.kind in ("identity", "text") and var is not None and var.datatype != "text":
            raise self.fail(
                path,
                f"a {col.kind} column fills a key or text column, "
                f"not {var.datatype} variable {var.id!r}",
            )
        if col.kind == "birth_date" and var is not None and var.datatype != "date":
            raise self.fail(path, "a birth_date column fills a date variable")
        if col.values:
            self.codes(f"{path}.values", vs, col.values.values())
        for value in col.guessed_values:
            if value not in col.values:
                raise self.fail(f"{path}.guessed_values", f"{value!r} is not a key of 'values'")
        if col.blank is not None:
            self.codes(f"{path}.blank", vs, [col.blank])
        if not col.separator:
            raise self.fail(f"{path}.separator", "must not be empty")
        if col.date_formats is not None:
            self.date_formats(f"{path}.date_formats", col.date_formats)
        if col.derive and col.kind not in ("identity", "birth_date"):
            raise self.fail(f"{path}.derive", "only identity and birth_date columns derive")
        for k, d in enumerate(col.derive):
            self.derivation(f"{path}.derive[{k}]", fm, col, d, targets, filled)

    def derivation(
        self,
        path: str,
        fm: FileMap,
        col: ColumnMap,
        d: Any,
        targets: list[str],
        filled: dict[str, str],
    ) -> None:
        if d.variable not in targets:
            raise self.unknown(
                f"{path}.variable", f"column of {fm.record_type}", d.variable, targets
            )
        self.claim(f"{path}.variable", d.variable, "derived", filled)
        var = target_variable(self.cat, fm.record_type, d.variable)
        want = {"sex": "code", "birth_year": "integer", "birth_date": "date", "age": "integer"}
        if var is None or var.datatype != want[d.what]:
            raise self.fail(
                f"{path}.variable", f"{d.what} fills a variable of datatype {want[d.what]}"
            )
        if d.what == "sex":
            if col.kind != "identity" or d.female is None or d.male is None:
                raise self.fail(path, "sex comes from an identity column and needs female and male")
            self.codes(path, var.value_set, [d.female, d.male])
        if d.what == "age":
            if d.at is None:
                raise self.fail(f"{path}.at", "age needs 'at': a date variable or an ISO date")
            at_var = target_variable(self.cat, fm.record_type, d.at)
            if at_var is None:
                try:
                    dt.date.fromisoformat(d.at)
                except ValueError:
                    raise self.fail(
                        f"{path}.at",
                        f"{d.at!r} is neither a date variable of {fm.record_type} nor an ISO date",
                    ) from None
            elif at_var.datatype != "date":
                raise self.fail(f"{path}.at", f"{d.at!r} is not a date variable")


def check_profile(profile: MappingProfile, file: str, cat: Catalog | None = None) -> None:
    """Check a structured profile against the catalogue.

    Raises:
        ProfileError: The first problem found.
    """
    _Checker(profile, file, cat or catalog()).run()
