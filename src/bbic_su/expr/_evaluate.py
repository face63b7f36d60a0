"""Evaluation of predicate expressions on a frame (vectorised) and on one record.

>>> import pandas as pd
>>> from types import SimpleNamespace
>>> from bbic_su.expr._evaluate import evaluate_frame, evaluate_record
>>> from bbic_su.expr import parse
>>> resolver = SimpleNamespace(  # a minimal Resolver: every name is a code column
...     resolve=lambda ref: ref.name, datatype=lambda key: "code", codes=lambda key: None,
...     group=lambda key, group: None, applies_if=lambda key: None,
...     birth_year_key=lambda: "fodelsear",
... )
>>> e = parse('kon == "flicka" or is_missing(kon)')
>>> evaluate_frame(e, {"kon": pd.Series(["flicka", "pojke", None])}, resolver).tolist()
[True, False, True]
>>> [evaluate_record(e, {"kon": v}, resolver) for v in ("flicka", "pojke", None)]
[True, False, True]
>>> evaluate_record(parse("kon < 3"), {"kon": "flicka"}, resolver)
Traceback (most recent call last):
    ...
bbic_su.errors.ExpressionError: kon < 3: ordering comparison needs dates or integers in 'kon < 3'

The two evaluators share the scalar semantics below, so they agree on every input:

* Missing is None, ``pd.NA``, ``NaT``, NaN or the empty string. A multi-select value with
  no codes is missing too.
* ``==`` and ordering comparisons with a missing operand are false, ``!=`` is true;
  ``in [..]`` is false and ``not in [..]`` true.
* ``days_between``, ``add_months`` and ``alder`` of a missing argument are missing;
  ``contains``, ``contains_any`` and ``in_group`` of a missing value are false.
* ``is_missing(x)`` also holds when x is (or contains only) the code ``uppgift_saknas``.
* A key absent from the frame or record is all-missing.

Representations: in a frame, code and text columns hold strings, multi-select columns
hold codes joined by ``|``, dates are datetime64 and integers numeric (nullable Int64).
In a record, multi-select values may also be sets, lists or tuples of codes, dates are
:class:`datetime.date` and integers :class:`int`.

Expressions are checked with :func:`bbic_su.expr.check` first; an expression with
problems raises :class:`~bbic_su.errors.ExpressionError`.

The evaluators live in :mod:`bbic_su.expr._evaluate_record` and :mod:`bbic_su.expr._evaluate_frame`,
the scalar semantics they share in :mod:`bbic_su.expr._evaluate_common`; import them from here.
"""

from __future__ import annotations

from bbic_su.expr._evaluate_frame import evaluate_frame
from bbic_su.expr._evaluate_record import evaluate_record

__all__ = ["evaluate_frame", "evaluate_record"]
