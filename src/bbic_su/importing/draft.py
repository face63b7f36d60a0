"""Draft a mapping profile from an export: fuzzy-match headers and values to the catalogue.

>>> from bbic_su.importing.draft import draft_profile
>>> from bbic_su.importing.profile import example_exports
>>> d = draft_profile(example_exports("exempel_bred_cp1252")[1])
>>> d.record_type, d.unplaced_columns
('barn', ['Handläggare'])
>>> print(d.text.splitlines()[0])
# DRAFT mapping profile made by `bbic-su profile draft` from barn_export.csv.

Headers are matched to the record type's key fields and variables (id,
Swedish and English name) with :mod:`rapidfuzz` (extra ``import``; without it
:mod:`difflib`); a column whose values look like identity numbers becomes an
``identity`` column. For each coded column every distinct value (at most 50,
from the first 5,000 rows) is placed: exactly (a code, a label, a yes/no word)
needs no entry; a close match becomes a ``values`` entry; the rest are listed as
not placed. Dates get the format that reads most of their values; multi-select
cells get the separator that splits them best. Value suggestions are
negation-aware (the list in ``spec_data/negations.yaml``): a value is matched
only to codes of the same polarity, and two values of opposite polarity are
never put on one code. Every guess is recorded as data: ``review: guessed``
and ``score`` on the column entry, ``guessed_values`` for guessed values
(plus a ``# GRANSKA / REVIEW`` comment); ``profile check`` and ``import``
refuse the profile until a person has checked them and removed the marks.
Only wide layouts are drafted. No value of a free-text or identity column,
and nothing shaped like a personnummer, is written.
"""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
import json
import os
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

import attrs

from bbic_su._boundary import boundary
from bbic_su._pnr_detect import PATTERN, contains, redact
from bbic_su.frames._readers import open_export
from bbic_su.importing._profile_model import SCHEMA, YesNo
from bbic_su.importing._values import parse_date
from bbic_su.importing.privacy import looks_like_personnummer
from bbic_su.importing.profile import fold
from bbic_su.spec._catalog import Catalog
from bbic_su.spec._catalog import catalog as _packaged_catalog
from bbic_su.spec._polarity import core, polarity
from bbic_su.spec.model import Variable

__all__ = ["Draft", "draft_profile"]

SAMPLE_ROWS = 5_000
MAX_VALUES = 50
HEADER_CUTOFF = 75
VALUE_CUTOFF = 85
DATE_FORMATS = ("%Y-%m-%d", "%Y%m%d", "%d/%m/%Y", "%d.%m.%Y", "%Y-%m-%d %H:%M", "excel")
_YN = YesNo()


@attrs.define
class Draft:
    """A drafted profile: its YAML text and what was and was not placed."""

    text: str
    record_type: str
    placed: list[tuple[str, str, int]]
    unplaced_columns: list[str]
    unplaced_values: list[tuple[str, str]]


def _scorer(weighted: bool) -> Callable[[str, str], float]:
    """WRatio (headers: partial and token matches count) or plain ratio (values)."""
    try:
        from rapidfuzz import fuzz
    except ImportError:
        return lambda a, b: 100 * difflib.SequenceMatcher(None, a, b).ratio()
    if weighted:
        return lambda a, b: float(fuzz.WRatio(a, b))
    return lambda a, b: float(fuzz.ratio(a, b))


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _targets(cat: Catalog, rt: str) -> dict[str, list[str]]:
    record = cat.record_type(rt)
    names: dict[str, list[str]] = {k: [k, k.replace("_", " ")] for k in record.key_fields}
    for v in cat.variables_of(rt):
        names[v.id] = [v.id.replace("_", " "), v.name_sv, v.name_en]
    return {t: [fold(n) for n in ns] for t, ns in names.items()}


def _match(
    header: str, targets: dict[str, list[str]], score: Callable[[str, str], float]
) -> tuple[str, int]:
    best, best_score = "", 0.0
    for target, names in targets.items():
        s = max(score(fold(header), n) for n in names)
        if s > best_score:
            best, best_score = target, s
    return best, round(best_score)


def _is_identity(values: Counter[str]) -> bool:
    n = sum(values.values())
    return n > 0 and sum(c for v, c in values.items() if looks_like_personnummer(v)) >= 0.8 * n


def _parses(value: str, fmt: str) -> bool:
    if fmt == "excel":
        return value.isdigit() and parse_date(value, (fmt,)) is not None
    try:
        dt.datetime.strptime(value, fmt)
    except ValueError:
        return False
    return True


def _date_format(values: Sequence[str]) -> str | None:
    best, hits = None, 0
    for fmt in DATE_FORMATS:
        n = sum(_parses(v, fmt) for v in values)
        if n > hits:
            best, hits = fmt, n
    return best if hits >= max(1, len(values) // 2) else None


class _Drafter:
    def __init__(self, cat: Catalog, rt: str) -> None:
        self.cat, self.rt, self.score = cat, rt, _scorer(weighted=False)
        self.unplaced_values: list[tuple[str, str]] = []

    def lookup(self, var: Variable) -> dict[str, str]:
        vs = self.cat.value_set(str(var.value_set))
        table = {}
        for c in vs.codes:
            table.update({fold(c.label_en): c.code, fold(c.label_sv): c.code, fold(c.code): c.code})
        if {_YN.yes_code, _YN.no_code} <= set(vs.code_ids):
            table.update({fold(w): _YN.yes_code for w in _YN.yes})
            table.update({fold(w): _YN.no_code for w in _YN.no})
        return table

    def values(self, header: str, var: Variable, found: Counter[str]) -> list[str]:
        table = self.lookup(var)
        sep = None
        if var.multi_select:

            def placed(s: str) -> int:
                return sum(fold(p) in table for v in found for p in v.split(s) if p.strip())

            sep = max((";", ",", "|"), key=placed)
        parts = Counter[str]()
        for v, n in found.items():
            for p in v.split(sep) if sep else [v]:
                if p.strip():
                    parts[p.strip()] += n
        lines = [f"    separator: {_q(sep)}  # GRANSKA / REVIEW: guessed"] if sep else []
        guessed: dict[str, tuple[str, int]] = {}
        exact: dict[str, set[bool]] = {}
        candidates = table | {
            fold(c.replace("_", " ")): c for c in self.cat.value_set(str(var.value_set)).code_ids
        }
        for value in sorted(parts):
            if looks_like_personnummer(value):
                continue
            if fold(value) in table:
                exact.setdefault(table[fold(value)], set()).add(polarity(value))
                continue
            best, best_score = self.best(value, candidates)
            if best_score >= VALUE_CUTOFF:
                guessed[value] = (best, round(best_score))
            else:
                self.unplaced_values.append((header, value))
        signs: dict[str, set[bool]] = {}
        for value, (code, _) in guessed.items():
            signs.setdefault(code, set()).add(polarity(value))
        for value, (code, _) in list(guessed.items()):
            # never two source values of opposite polarity on one code: left for review
            sure = exact.get(code, set())
            if (sure and sure != {polarity(value)}) or (not sure and len(signs[code]) > 1):
                del guessed[value]
                self.unplaced_values.append((header, value))
        if guessed:
            lines += ["    values:"]
            lines += [f"      {_q(v)}: {c}  # GRANSKA / REVIEW" for v, (c, _) in guessed.items()]
            lines += ["    guessed_values:  # GRANSKA / REVIEW: remove each line once checked"]
            lines += [f"      {_q(v)}: {s}" for v, (_, s) in guessed.items()]
        return lines

    def best(self, value: str, table: dict[str, str]) -> tuple[str, float]:
        """The closest code of the same polarity (negated or not) as ``value``, and its score."""
        neg, stem = polarity(value), core(value)
        best, best_score = "", 0.0
        for key, code in table.items():
            if polarity(key) != neg:
                continue
            s = self.score(fold(value), key)
            key_stem = core(key)
            if stem and key_stem:
                s = max(s, self.score(stem, key_stem))
            if s > best_score:
                best, best_score = code, s
        return best, best_score

    def column(self, header: str, target: str, score: int, found: Counter[str]) -> list[str]:
        var = next((v for v in self.cat.variables_of(self.rt) if v.id == target), None)
        review = "  # GRANSKA / REVIEW: remove 'review' and 'score' once checked"
        mark = [f"    review: guessed{review}", f"    score: {score}"]
        if _is_identity(found):
            lines = [f"  - column: {_q(header)}", "    variable: barn_id", "    kind: identity"]
            return lines + mark + self.derive()
        lines = [f"  - column: {_q(header)}", f"    variable: {target}", *mark]
        if var is None or var.datatype == "text":
            return [*lines, "    kind: text"]
        if var.datatype == "date":
            fmt = _date_format(list(found))
            if fmt is not None:
                lines.append(f"    date_formats: [{_q(fmt)}]  # GRANSKA / REVIEW: guessed")
        if var.datatype in ("code", "codes") and len(found) <= MAX_VALUES:
            lines += self.values(header, var, found)
        return lines

    def derive(self) -> list[str]:
        names = {v.id: v for v in self.cat.variables_of(self.rt)}
        out = []
        for v in names.values():
            if v.datatype == "code" and v.value_set == "kon":
                codes = self.cat.value_set("kon").code_ids
                out.append(
                    f"    - {{variable: {v.id}, what: sex, female: {codes[0]}, "
                    f"male: {codes[1]}}}  # GRANSKA / REVIEW"
                )
            elif v.datatype == "integer" and v.id.startswith("fodelsear"):
                out.append(f"    - {{variable: {v.id}, what: birth_year}}  # GRANSKA / REVIEW")
        return ["    derive:", *out] if out else []


@boundary
def draft_profile(
    path: str | os.PathLike[str],
    *,
    record_type: str | None = None,
    name: str | None = None,
    catalog: Catalog | None = None,
) -> Draft:
    """Propose a profile for the wide export ``path``.

    Args:
        path: A CSV or ``.xlsx`` export.
        record_type: The record type its rows hold (default: the best-matching one).
        name: The profile's name (default: from the file name).
        catalog: The catalogue (default: the packaged one).

    Raises:
        ExportReadError: The file cannot be read.
        UnknownIdError: ``record_type`` is not a record type.
    """
    cat = catalog or _packaged_catalog()
    p = Path(path)
    src = open_export(p)
    found: list[Counter[str]] = [Counter() for _ in src.header]
    for _, cells in itertools.islice(src.rows, SAMPLE_ROWS):
        for i, cell in enumerate(cells[: len(found)]):
            if cell is not None:
                found[i][cell] += 1
    score = _scorer(weighted=True)
    types = [record_type] if record_type else [rt.id for rt in cat.record_types]
    for rt in types:
        cat.record_type(rt)
    matches = {rt: [_match(h, _targets(cat, rt), score) for h in src.header] for rt in types}
    rt = max(types, key=lambda t: sum(s for _, s in matches[t] if s >= HEADER_CUTOFF))
    drafter = _Drafter(cat, rt)
    lines = [
        f"# DRAFT mapping profile made by `bbic-su profile draft` from {p.name}.",
        "# Every line marked GRANSKA / REVIEW is a guess: check it before use.",
        f"schema: {SCHEMA}",
        f"name: {_q(PATTERN.sub('x', name or p.stem))}",
        "example: false",
        "files:",
        f"- record_type: {rt}",
        f"  file: {_q(PATTERN.sub('*', p.name))}",  # a glob that still matches the file
        *([f"  sheet: {_q(src.sheet)}"] if src.sheet else []),
        *([f"  encoding: {src.encoding}"] if src.encoding else []),
        *([f"  delimiter: {_q(src.delimiter)}"] if src.delimiter else []),
        f"  header_row: {src.header_row}",
        "  columns:",
    ]
    used: set[str] = set()
    placed: list[tuple[str, str, int]] = []
    unplaced: list[str] = []
    ranked = sorted(range(len(src.header)), key=lambda i: -matches[rt][i][1])
    chosen: dict[int, tuple[str, int]] = {}
    for i in ranked:
        target, s = matches[rt][i]
        identity = _is_identity(found[i])
        if identity and "barn_id" not in used:
            target, s = "barn_id", max(s, 90)
        if (s >= HEADER_CUTOFF or identity) and target not in used:
            used.add(target)
            chosen[i] = (target, s)
    for i, header in enumerate(src.header):
        if i in chosen and not contains(header):
            lines += drafter.column(header, *chosen[i], found[i])
            placed.append((header, *chosen[i]))
        elif header:
            unplaced.append(header)
    if not chosen:
        lines[-1] = "  columns: []"
    record = cat.record_type(rt)
    needed = [k.field for k in record.keys if k.role in ("primary", "parent_ref")]
    needed += [v.id for v in cat.variables_of(rt) if any(r.required for r in v.rules)]
    lines += [
        "# SAKNAS / MISSING (keys and required variables no column fills):",
        *(f"#   {t}" for t in needed if t not in used),
    ]
    lines += ["# EJ PLACERAT / NOT PLACED (columns):", *(f"#   {_q(h)}" for h in unplaced)]
    lines += [
        "# EJ PLACERAT / NOT PLACED (values):",
        *(f"#   {_q(h)}: {_q(v)}" for h, v in drafter.unplaced_values),
    ]
    # nothing shaped like an identity number leaves: not in comments, names or globs
    text = redact("\n".join(lines) + "\n")
    unplaced = [redact(h) for h in unplaced]
    values = [(redact(h), redact(v)) for h, v in drafter.unplaced_values]
    return Draft(text, rt, placed, unplaced, values)
