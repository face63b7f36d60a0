"""The classes of a mapping profile; also the profile file's schema (strict cattrs).

>>> from bbic_su.importing._profile_model import ColumnMap
>>> ColumnMap(column="Kön", variable="kon").kind
'value'

See :mod:`bbic_su.importing.profile` for the file format, loading and the checks against
the catalogue. Every class is frozen; tuples hold lists; unknown keys are errors.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import attrs

from bbic_su.errors import BbicSuError

__all__ = [
    "SCHEMA",
    "ColumnKind",
    "ColumnMap",
    "Derivation",
    "FileMap",
    "LongLayout",
    "MappingProfile",
    "ProfileError",
    "YesNo",
]

SCHEMA = "bbic-su-profile/1"
"""The value of the ``schema`` key every profile file starts with."""


class ProfileError(BbicSuError, ValueError):
    """A mapping profile is malformed or names something the catalogue lacks.

    Args:
        file: The profile file name.
        path: The key path, e.g. ``files[0].columns[2].variable``.
        message: What is wrong.
    """

    def __init__(self, file: str, path: str, message: str) -> None:
        self.file, self.path, self.message = file, path, message
        super().__init__(f"{file}: {path}: {message}" if path else f"{file}: {message}")


ColumnKind = Literal["value", "text", "identity", "birth_date", "option"]
"""How a source column is read (see :class:`ColumnMap`)."""


@attrs.frozen(kw_only=True)
class YesNo:
    """The words that mean yes and no (folded: case and surrounding space ignored).

    They map onto the codes ``yes_code``/``no_code`` of any value set holding both,
    and decide whether a one-column-per-option cell is ticked.
    """

    yes: tuple[str, ...] = ("ja", "j", "1", "x", "yes", "y", "true", "sant")
    no: tuple[str, ...] = ("nej", "n", "0", "no", "false", "falskt")
    yes_code: str = "ja"
    no_code: str = "nej"


@attrs.frozen(kw_only=True)
class Derivation:
    """A value derived from an identity number or a birth date, taken before it is dropped.

    Attributes:
        variable: The target variable (of the same record type).
        what: ``sex`` (identity numbers only), ``birth_year``, ``birth_date`` or ``age``.
        at: For ``age``: a date variable of the same record, or a fixed ISO date.
        female: For ``sex``: the code written for an even second-to-last digit.
        male: For ``sex``: the code written for an odd second-to-last digit.
    """

    variable: str
    what: Literal["sex", "birth_year", "birth_date", "age"]
    at: str | None = None
    female: str | None = None
    male: str | None = None


@attrs.frozen(kw_only=True)
class ColumnMap:
    """One source column (or, in a long layout, one source variable name).

    Attributes:
        column: The header (or long-layout variable name) as the export writes it;
            matched with case and surrounding whitespace folded.
        variable: The canonical column it fills (a variable or key field id);
            may be left out for ``birth_date`` columns used only for derivations.
        kind: ``value`` (read by the target's datatype: code, codes, date,
            integer, text), ``text`` (copied as is; never echoed in reports),
            ``identity`` (personnummer/samordningsnummer: validated, replaced by a
            keyed pseudonym), ``birth_date`` (a date used for derivations) or
            ``option`` (one column per option of a multi-select variable).
        option: For ``option``: the code a ticked cell adds.
        values: Source value to code, for this column only (folded match).
        separator: For multi-select cells: what separates the options.
        date_formats: strptime formats (or ``excel`` for serial day numbers);
            default: the profile's ``date_formats``.
        blank: The code a blank cell means (default: missing). For ``option``
            columns a blank cell is never ticked.
        optional: When false (default) the column must be in the file.
        derive: Values derived from an ``identity`` or ``birth_date`` column.
        review: ``guessed`` when the entry was drafted by ``bbic-su profile draft``
            and nobody has checked it yet (remove the key once checked); a
            profile with guesses left is refused by ``profile check`` and, unless
            guesses are accepted explicitly, by ``import``.
        score: The drafting score (0-100) of a guessed entry.
        guessed_values: Entries of ``values`` that are unchecked guesses, with
            their scores (remove each once checked).
    """

    column: str
    variable: str | None = None
    kind: ColumnKind = "value"
    option: str | None = None
    values: Mapping[str, str] = attrs.field(factory=dict)
    separator: str = "|"
    date_formats: tuple[str, ...] | None = None
    blank: str | None = None
    optional: bool = False
    derive: tuple[Derivation, ...] = ()
    review: Literal["guessed"] | None = None
    score: int | None = None
    guessed_values: Mapping[str, int] = attrs.field(factory=dict)

    @property
    def guesses(self) -> int:
        """Unchecked guesses in this entry (the entry itself plus each guessed value)."""
        return (self.review == "guessed") + len(self.guessed_values)


@attrs.frozen(kw_only=True)
class LongLayout:
    """The three columns of a long file: one row per case, variable and value."""

    case: str
    variable: str
    value: str


@attrs.frozen(kw_only=True)
class FileMap:
    """Which file (or sheet) holds which record type, and how its columns map.

    Attributes:
        record_type: The record type the rows become.
        file: A glob matched against the file name (case-insensitive).
        sheet: For workbooks: the sheet name (default: the first sheet).
        layout: ``wide`` (one row per record) or ``long`` (one row per record
            and variable; see :class:`LongLayout`).
        long: The case, variable and value columns of a long layout.
        encoding: A Python codec name, or ``auto`` (BOM, strict UTF-8, then cp1252).
        delimiter: ``;``, ``,``, tab, ``|`` or ``auto`` (sniffed).
        decimal: The decimal mark of integer cells, ``.`` or ``,``.
        header_row: 1-based row of the header; ``None`` finds it (below a title block).
        columns: The column maps.
        constants: Canonical columns filled with one value for every row.
    """

    record_type: str
    file: str = "*"
    sheet: str | None = None
    layout: Literal["wide", "long"] = "wide"
    long: LongLayout | None = None
    encoding: str = "auto"
    delimiter: str = "auto"
    decimal: Literal[".", ","] = "."
    header_row: int | None = None
    columns: tuple[ColumnMap, ...] = ()
    constants: Mapping[str, str] = attrs.field(factory=dict)


@attrs.frozen(kw_only=True)
class MappingProfile:
    """A mapping profile: how one kind of export becomes the canonical dataset.

    Attributes:
        schema: Always :data:`SCHEMA`.
        name: A short name (shipped profiles are found by it).
        description: What the profile is for.
        example: True for an example layout (not any vendor's real format).
        date_formats: Default date formats, tried in order.
        yes_no: Yes/no words.
        value_maps: Per value set id: source value to code (folded match).
        files: The file maps.
        kommunkod: The municipality code written on ``barn`` records that the
            import derives from identity numbers when no ``barn`` file is exported.
    """

    schema: str
    name: str
    files: tuple[FileMap, ...]
    description: str | None = None
    example: bool = False
    date_formats: tuple[str, ...] = ("%Y-%m-%d",)
    yes_no: YesNo = attrs.field(factory=YesNo)
    value_maps: Mapping[str, Mapping[str, str]] = attrs.field(factory=dict)
    kommunkod: str | None = None

    @property
    def guesses(self) -> int:
        """Unchecked drafting guesses left in the profile (see ``ColumnMap.review``)."""
        return sum(c.guesses for f in self.files for c in f.columns)

    @property
    def uses_identity(self) -> bool:
        """True when some column holds identity numbers (a key is then needed)."""
        return any(c.kind == "identity" for f in self.files for c in f.columns)
