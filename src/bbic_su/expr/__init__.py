"""The predicate expression language of the catalogue: parse, check, unparse and evaluate."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bbic_su._exports import lazy

if TYPE_CHECKING:
    from bbic_su.expr._api import (
        FUNCTIONS,
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
        check,
        parse,
        refs,
        substitute,
        to_text,
    )

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
        "And": "bbic_su.expr._api",
        "Call": "bbic_su.expr._api",
        "Compare": "bbic_su.expr._api",
        "Const": "bbic_su.expr._api",
        "Expr": "bbic_su.expr._api",
        "FUNCTIONS": "bbic_su.expr._api",
        "InList": "bbic_su.expr._api",
        "ListLit": "bbic_su.expr._api",
        "Literal": "bbic_su.expr._api",
        "Not": "bbic_su.expr._api",
        "Num": "bbic_su.expr._api",
        "Or": "bbic_su.expr._api",
        "Ref": "bbic_su.expr._api",
        "Resolver": "bbic_su.expr._api",
        "Str": "bbic_su.expr._api",
        "Template": "bbic_su.expr._api",
        "check": "bbic_su.expr._api",
        "parse": "bbic_su.expr._api",
        "refs": "bbic_su.expr._api",
        "substitute": "bbic_su.expr._api",
        "to_text": "bbic_su.expr._api",
    },
)
