"""The predicate expression language of the catalogue: parse, check, unparse and evaluate."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bbic_su._exports import lazy

if TYPE_CHECKING:
    from bbic_su.expr._api import FUNCTIONS, refs, substitute
    from bbic_su.expr._ast import (
        And,
        Call,
        Compare,
        Const,
        Expr,
        InList,
        ListLit,
        Literal,
        Not,
        Num,
        Or,
        Ref,
        Resolver,
        Str,
        Template,
        to_text,
    )
    from bbic_su.expr._check import check
    from bbic_su.expr._parser import parse

__all__ = [
    "FUNCTIONS",
    "And",
    "Call",
    "Compare",
    "Const",
    "Expr",
    "InList",
    "ListLit",
    "Literal",
    "Not",
    "Num",
    "Or",
    "Ref",
    "Resolver",
    "Str",
    "Template",
    "check",
    "parse",
    "refs",
    "substitute",
    "to_text",
]

__getattr__, __dir__ = lazy(
    __name__,
    {
        "And": "bbic_su.expr._ast",
        "Call": "bbic_su.expr._ast",
        "Compare": "bbic_su.expr._ast",
        "Const": "bbic_su.expr._ast",
        "Expr": "bbic_su.expr._ast",
        "FUNCTIONS": "bbic_su.expr._api",
        "InList": "bbic_su.expr._ast",
        "ListLit": "bbic_su.expr._ast",
        "Literal": "bbic_su.expr._ast",
        "Not": "bbic_su.expr._ast",
        "Num": "bbic_su.expr._ast",
        "Or": "bbic_su.expr._ast",
        "Ref": "bbic_su.expr._ast",
        "Resolver": "bbic_su.expr._ast",
        "Str": "bbic_su.expr._ast",
        "Template": "bbic_su.expr._ast",
        "check": "bbic_su.expr._check",
        "parse": "bbic_su.expr._parser",
        "refs": "bbic_su.expr._api",
        "substitute": "bbic_su.expr._api",
        "to_text": "bbic_su.expr._ast",
    },
)
