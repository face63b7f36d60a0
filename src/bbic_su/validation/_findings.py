"""Findings as columns: one template per check, one row of integers per finding.

>>> import numpy as np
>>> from bbic_su.validation._findings import Chunk, Template
>>> from bbic_su.validation._findings_layout import assemble
>>> from bbic_su.spec.issue_codes import IssueCode
>>> t = Template(code=IssueCode.REQUIRED_MISSING, severity="error", rule=None,
...              record_type="barn", variable="kon", params=(("variable", "kon", "kon"),))
>>> t.message("en")
'kon is required but missing.'
>>> table = assemble([Chunk(t, np.array([0, 2]))], {"barn": np.array([1, 2, 3])}, {}, {})
>>> len(table), table.row.tolist()
(2, [1, 3])
>>> table.issue(1).message_sv
'«Kön» är obligatorisk men saknas.'

A :class:`Template` carries what the findings of one check share: code, severity,
rule, record type, variable, legal sources and the message parameters. Messages are
rendered from the code's Swedish or English text (:data:`bbic_su.spec.issue_codes.ISSUE_CODES`,
the one place where wording lives) only when a finding is shown or written.

The bulk path emits :class:`Chunk` objects, one per check and record type: the
positions of the rows that fired and their shown values as indices into a small
dictionary (the distinct values). :func:`~bbic_su.validation._findings_layout.assemble` lays the
chunks out into a :class:`FindingsTable` (template, position, row and value index per finding, numpy
arrays) and orders it by record type, then row, with one stable sort. Keys are not
copied: they are read from the record type's key column when a finding is touched.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa

from bbic_su.frames._views import KeySource
from bbic_su.spec.issue_codes import ISSUE_CODES, IssueCode, IssueSeverity
from bbic_su.validation._message_words import labels
from bbic_su.validation.issues import Issue

__all__ = ["Chunk", "FindingsTable", "KeySource", "Template", "message", "single", "template"]

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
"""A record type's primary-key column and the rows where it failed to parse."""
Value = str | int | None


class _Params(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return ""


@functools.lru_cache(maxsize=8192)
def message(code: IssueCode, lang: str, **params: str) -> str:
    """Fill the ``lang`` (``sv``/``en``) template of ``code``.

    In Swedish, catalogue variables and value sets are named by their Swedish labels
    (``«Datum för skyddsbedömning»``); English keeps the ids, for developers.
    """
    info = ISSUE_CODES[code]
    text = info.message_sv if lang == "sv" else info.message_en
    filled = labels(params) if lang == "sv" else params
    return " ".join(text.format_map(_Params(filled)).split())


@attrs.frozen(kw_only=True)
class Template:
    """What every finding of one check on one record type shares.

    ``params`` holds ``(name, Swedish, English)`` message parameters; ``texts`` fixed
    messages (for findings given as :class:`~bbic_su.validation.issues.Issue` objects).
    """

    code: IssueCode
    severity: IssueSeverity
    rule: str | None
    record_type: str
    variable: str | None
    legal: tuple[str, ...] = ()
    params: tuple[tuple[str, str, str], ...] = ()
    texts: tuple[str, str] | None = None

    def message(self, lang: str) -> str:
        """The message in ``lang`` (``sv`` or ``en``)."""
        if self.texts is not None:
            return self.texts[lang != "sv"]
        return message(self.code, lang, **{p[0]: p[1 + (lang != "sv")] for p in self.params})

    @property
    def message_sv(self) -> str:
        """The Swedish message."""
        return self.message("sv")

    @property
    def message_en(self) -> str:
        """The English message."""
        return self.message("en")

    def issue(
        self, row: int | None, key: str | None, value: Value, file: str | None = None
    ) -> Issue:
        """The :class:`~bbic_su.validation.issues.Issue` of one finding."""
        return Issue(
            code=self.code,
            severity=self.severity,
            rule=self.rule,
            record_type=self.record_type,
            row=row,
            key=key,
            variable=self.variable,
            value=value,
            message_sv=self.message("sv"),
            message_en=self.message("en"),
            legal=self.legal,
            file=file,
        )


def template(
    code: IssueCode,
    severity: IssueSeverity,
    rule: str | None,
    record_type: str,
    variable: str | None,
    legal: tuple[str, ...] = (),
    /,
    **params: str | tuple[str, str],
) -> Template:
    """The one factory of templates, hence of findings; a parameter: text or (sv, en) pair."""
    pairs = tuple(
        (k, v, v) if isinstance(v, str) else (k, v[0], v[1]) for k, v in sorted(params.items())
    )
    return Template(
        code=code,
        severity=severity,
        rule=rule,
        record_type=record_type,
        variable=variable,
        legal=legal,
        params=pairs,
    )


_NONE = np.full(1, -1, dtype=np.int64)


@attrs.frozen
class Chunk:
    """The findings of one template: rows of its record type's view and shown values.

    ``positions`` of -1 stand for findings about no row (a column, a table). ``values``
    index ``dictionary`` (-1: no value); ``None`` means no finding has a value.
    """

    template: Template
    positions: npt.NDArray[np.integer[Any]] = attrs.field(default=_NONE)
    values: npt.NDArray[np.integer[Any]] | None = None
    dictionary: Sequence[Value] = ()


def single(t: Template, value: Value = None) -> Chunk:
    """One finding about no row (a column, a table, a share)."""
    if value is None:
        return Chunk(t)
    return Chunk(t, _NONE, np.zeros(1, dtype=np.int32), (value,))


class FindingsTable:
    """Every finding as columns (numpy arrays), ordered by record type, then row.

    Attributes:
        templates: The templates; ``tid`` indexes them.
        tid: Per finding, its template.
        pos: Per finding, its position in its record type's view (-1: none).
        row: Per finding, its 1-based source row (-1: none).
        val: Per finding, its value's index in ``values`` (-1: none).
        values: The distinct shown values (may repeat across checks).
    """

    def __init__(
        self,
        templates: Sequence[Template],
        tid: npt.NDArray[np.int32],
        pos: npt.NDArray[np.signedinteger[Any]],
        row: IntArray | Mapping[str, IntArray],
        val: npt.NDArray[np.int32],
        values: Sequence[Value],
        keys: Mapping[str, KeySource],
        direct: Sequence[str | None] | None = None,
        *,
        files: Mapping[str, str | Mapping[int, str]] | None = None,
        direct_files: Sequence[str | None] | None = None,
    ) -> None:
        self.templates = list(templates)
        self.files = dict(files or {})
        self.direct_files = None if direct_files is None else np.asarray(direct_files, object)
        self.tid, self.pos, self.val = tid, pos, val
        self._row: IntArray | None = None
        self._rows_of: Mapping[str, IntArray] = {}
        if isinstance(row, Mapping):
            self._rows_of = row
        else:
            self._row = row
        self.values = list(values)
        self.keys = dict(keys)
        self.direct = None if direct is None else np.asarray(direct, dtype=object)

    @property
    def row(self) -> IntArray:
        """Per finding its 1-based source row (-1: none), read from its record type's view."""
        if self._row is None:
            out = np.full(len(self), -1, dtype=np.int64)
            rt_idx, rts = self.per_template("record_type")
            for i, rt in enumerate(rts):
                source = self._rows_of.get(rt)
                if source is None or not len(source):
                    continue
                at = np.flatnonzero((rt_idx == i) & (self.pos >= 0))
                out[at] = source[self.pos[at]]
            self._row = out
        return self._row

    def __len__(self) -> int:
        return len(self.tid)

    def take(self, index: npt.NDArray[np.integer[Any]]) -> FindingsTable:
        """The findings at ``index`` (in that order), sharing templates, values and keys."""
        return FindingsTable(
            self.templates,
            self.tid[index],
            self.pos[index],
            self._rows_of if self._row is None else self._row[index],
            self.val[index],
            self.values,
            self.keys,
            None if self.direct is None else self.direct[index],
            files=self.files,
            direct_files=None if self.direct_files is None else self.direct_files[index],
        )

    def file_codes(self) -> tuple[npt.NDArray[np.int32], list[str]]:
        """Per finding the index of its row's export file among the names (-1: unknown)."""
        n = len(self)
        if self.direct_files is not None:
            codes, names = pd.factorize(pd.Series(self.direct_files, dtype=object))
            return np.asarray(codes, dtype=np.int32), [str(x) for x in names]
        out = np.full(n, -1, dtype=np.int32)
        if not self.files or not n:
            return out, []
        seen: dict[str, int] = {}
        rt_idx, rts = self.per_template("record_type")
        row = self.row
        for i, rt in enumerate(rts):
            source = self.files.get(rt)
            if source is None:
                continue
            at = np.flatnonzero((rt_idx == i) & (row >= 0))
            if isinstance(source, str):
                out[at] = seen.setdefault(source, len(seen))
                continue
            codes, names = pd.factorize(pd.Series(row[at]).map(source))
            remap = np.array([seen.setdefault(str(u), len(seen)) for u in names] + [-1])
            out[at] = remap[np.asarray(codes)]
        return out, list(seen)

    def per_template(self, attribute: str) -> tuple[npt.NDArray[np.signedinteger[Any]], list[Any]]:
        """Per finding the index of its template's ``attribute`` among the distinct ones.

        ``None`` attributes get -1. Returns the indices and the distinct values.
        """
        seen: dict[Any, int] = {}
        of = np.array(
            [
                -1 if (a := _attr(t, attribute)) is None else seen.setdefault(a, len(seen))
                for t in self.templates
            ]
            + [-1],
            dtype=np.int32,
        )
        small: type[np.signedinteger[Any]] = (
            np.int8 if len(seen) < 2**7 else np.int16 if len(seen) < 2**15 else np.int32
        )
        out: npt.NDArray[np.signedinteger[Any]] = of.astype(small)[self.tid]
        return out, list(seen)

    def key_column(self) -> pd.Series:
        """Per finding its record's reportable key (missing where none or unsafe)."""
        if self.direct is not None:
            return pd.Series(self.direct, dtype=object)
        fast = self._arrow_keys()
        if fast is not None:
            return fast
        n = len(self)
        rt_idx, rts = self.per_template("record_type")
        parts: list[pd.Series] = []
        order: list[IntArray] = []
        for i, rt in enumerate(rts):
            source = self.keys.get(rt)
            at = np.flatnonzero((rt_idx == i) & (self.pos >= 0))
            if source is None or not len(at):
                continue
            column, failed = source
            picked = column.take(self.pos[at]).reset_index(drop=True)
            if failed is not None:
                picked = picked.where(~failed[self.pos[at]])
            parts.append(picked)
            order.append(at)
        if not parts:
            return pd.Series([None] * n, dtype=object)
        at = np.concatenate(order)
        if len(at) == n and len(parts) == 1:
            return parts[0]
        keys = pd.concat(parts, ignore_index=True)
        # the rows without a key take the missing slot appended last
        where = np.full(n, len(keys), dtype=np.int64)
        where[at] = np.arange(len(at))
        keys = pd.concat([keys, pd.Series([None], dtype=keys.dtype)], ignore_index=True)
        return keys.take(where).reset_index(drop=True)

    def _arrow_keys(self) -> pd.Series | None:
        """:meth:`key_column` by Arrow gathers (``None`` unless every key column is Arrow)."""
        sources = list(self.keys.values())
        if not sources or any(getattr(c.dtype, "storage", None) != "pyarrow" for c, _ in sources):
            return None
        rt_idx, rts = self.per_template("record_type")
        dtype = sources[0][0].dtype
        blocks = []
        for i, rt in enumerate(rts):
            at = np.flatnonzero(rt_idx == i)
            blocks.append((int(at[0]) if len(at) else -1, at, self.keys.get(rt)))
        parts, order = [], []
        for _first, at, source in sorted(blocks, key=lambda b: b[0]):
            if source is None or not len(at):
                continue
            column, failed = source
            if column.dtype != dtype:
                return None
            idx = self.pos[at]
            none = idx < 0
            if failed is not None:
                none |= failed[np.maximum(idx, 0)]
            arrow: Any = column.array
            picked = arrow.__arrow_array__().take(pa.array(idx, mask=none)).combine_chunks()
            parts.append(picked)
            order.append(at)
        n = len(self)
        kind = parts[0].type if parts else pa.string()
        covered = sum(len(a) for a in order)
        if covered == n and all(a[-1] - a[0] + 1 == len(a) for a in order):
            keys = pa.concat_arrays(parts) if parts else pa.nulls(0, kind)  # blocks in order
        else:
            pool = pa.concat_arrays([*parts, pa.nulls(1, kind)])
            where = np.full(n, len(pool) - 1, dtype=np.int64)
            if order:
                at = np.concatenate(order)
                where[at] = np.arange(len(at))
            keys = pool.take(pa.array(where))
        # pandas-stubs lack the dtype argument that pandas has had since 2.1
        return pd.Series(pd.arrays.ArrowStringArray(keys, dtype=dtype))  # type: ignore[call-arg]

    def rows(
        self, start: int, stop: int
    ) -> list[tuple[Template, int | None, str | None, Value, str | None]]:
        """``(template, row, key, value, file)`` of the findings ``start:stop``."""
        part = self.take(np.arange(start, min(stop, len(self))))
        keys = [k if type(k) is str else None for k in part.key_column().tolist()]
        codes, names = part.file_codes()
        files = [None if c < 0 else names[c] for c in codes.tolist()]
        values = self.values
        return [
            (self.templates[t], None if r < 0 else r, k, None if v < 0 else values[v], f)
            for t, r, k, v, f in zip(
                part.tid.tolist(), part.row.tolist(), keys, part.val.tolist(), files, strict=True
            )
        ]

    def issue(self, i: int) -> Issue:
        """The :class:`~bbic_su.validation.issues.Issue` of finding ``i``."""
        t, row, key, value, file = self.rows(i, i + 1)[0]
        return t.issue(row, key, value, file)


def _attr(t: Template, attribute: str) -> Any:
    if attribute == "message_sv":
        return t.message("sv")
    if attribute == "message_en":
        return t.message("en")
    value = getattr(t, attribute)
    return value.value if isinstance(value, IssueCode) else value
