"""Derivations in words: Swedish and English text generated from a derivation's expression.

>>> import bbic_su
>>> from bbic_su.spec._derive_words import describe
>>> from bbic_su.expr import parse
>>> cat = bbic_su.catalog()
>>> describe(parse("add_days(senaste_avslut_datum, 365)"), cat, "sv")
'senaste_avslut_datum plus 365 dagar'
>>> describe(parse("later(a, b) <= c"), cat, "en", result_code=True)
'ja if the later of a and b on or before c; nej if not; empty when it cannot be decided'

The docs page of each derived variable and ``bbic-su spec show`` print this text beside
the expression (see :mod:`bbic_su.spec._derive_lang` for the operators).
"""

from __future__ import annotations

from collections.abc import Callable

from bbic_su.expr._ast import (
    FUNCTIONS,
    And,
    Call,
    Compare,
    Expr,
    InList,
    Not,
    Num,
    Or,
    Ref,
    to_text,
)
from bbic_su.spec._catalog_type import Catalog
from bbic_su.spec._derive_lang import DERIVE_FUNCTIONS

__all__ = ["describe"]

_WORDS: dict[str, dict[str, str]] = {
    "sv": {
        "latest": "senaste {0} bland barnets poster",
        "earliest": "tidigaste {0} bland barnets poster",
        "every_has": "varje {0} för barnet har {1} ifyllt",
        "exists_within": "barnet har en post med {0} från {1} till och med {2}",
        "previous": "närmast föregående {0} i samma {parent} där {1}",
        "when": "{1} om {0}, annars tomt",
        "later": "det senare av {0} och {1}",
        "add_days": "{0} plus {1} dagar",
        "add_months": "{0} plus {1} månader",
        "sub_days": "{0} minus {1} dagar",
        "sub_months": "{0} minus {1} månader",
        "months_between": "hela månader från {0} till {1}",
        "years_between": "hela år från {0} till {1}",
        "days_between": "dagar från {0} till {1}",
        "alder": "barnets ålder i hela år den {0}",
        "and": " och ",
        "or": " eller ",
        "not": "inte ",
        "of": "{0} ({1})",
        "and_list": " och ",
        "result_code": "ja om {0}; nej om inte; tomt när det inte går att avgöra",
        "result": "{0}",
        "is_missing": "{0} saknas",
        "not_missing": "{0} är ifyllt",
        "in": "{0} är {1}",
        "not in": "{0} är inte {1}",
        "list_or": " eller ",
    },
    "en": {
        "latest": "the latest {0} over the child's records",
        "earliest": "the earliest {0} over the child's records",
        "every_has": "every {0} of the child has {1} documented",
        "exists_within": "the child has a record with {0} from {1} up to and including {2}",
        "previous": "the previous {0} of the same {parent} where {1}",
        "when": "{1} if {0}, else empty",
        "later": "the later of {0} and {1}",
        "add_days": "{0} plus {1} days",
        "add_months": "{0} plus {1} months",
        "sub_days": "{0} minus {1} days",
        "sub_months": "{0} minus {1} months",
        "months_between": "whole months from {0} to {1}",
        "years_between": "whole years from {0} to {1}",
        "days_between": "days from {0} to {1}",
        "alder": "the child's age in whole years on {0}",
        "and": " and ",
        "or": " or ",
        "not": "not ",
        "of": "{0} ({1})",
        "and_list": " and ",
        "result_code": "ja if {0}; nej if not; empty when it cannot be decided",
        "result": "{0}",
        "is_missing": "{0} is missing",
        "not_missing": "{0} is documented",
        "in": "{0} is {1}",
        "not in": "{0} is not {1}",
        "list_or": " or ",
    },
}
_OPS = {
    "sv": {
        "==": "är",
        "!=": "är inte",
        "<": "före",
        "<=": "senast",
        ">": "efter",
        ">=": "tidigast",
    },
    "en": {
        "==": "is",
        "!=": "is not",
        "<": "before",
        "<=": "on or before",
        ">": "after",
        ">=": "on or after",
    },
}


def describe(
    expr: Expr,
    cat: Catalog,
    lang: str,
    *,
    record_type: str | None = None,
    result_code: bool = False,
) -> str:
    """The derivation in words, generated from the expression (``lang``: ``sv`` or ``en``).

    ``record_type`` is the derived variable's (it names the parent in ``previous``); with
    ``result_code`` the wording of a boolean derivation of a ja/nej variable.
    """
    words = _WORDS[lang]
    text = _Describer(cat, lang, record_type).text(expr)
    return words["result_code"].format(text) if result_code else text


class _Describer:
    def __init__(self, cat: Catalog, lang: str, record_type: str | None) -> None:
        self.cat, self.lang, self.words = cat, lang, _WORDS[lang]
        self.record_type = record_type

    def rt_name(self, rt: str) -> str:
        r = self.cat.record_type(rt)
        return (r.name_sv if self.lang == "sv" else r.name_en).lower()

    def text(self, expr: Expr) -> str:
        w = self.words
        if isinstance(expr, Ref):
            if expr.record_type is not None and expr.name not in {
                r.id for r in self.cat.record_types
            }:
                return w["of"].format(expr.name, self.rt_name(expr.record_type))
            return expr.name
        if isinstance(expr, And | Or):
            sep = w["and"] if isinstance(expr, And) else w["or"]
            return sep.join(self.text(o) for o in expr.operands)
        if isinstance(expr, Not):
            return w["not"] + self.text(expr.operand)
        if isinstance(expr, Compare):
            op = _OPS[self.lang][expr.op]
            return f"{self.text(expr.left)} {op} {self.text(expr.right)}"
        if isinstance(expr, InList):
            items = w["list_or"].join(to_text(i).strip('"') for i in expr.items)
            return w["not in" if expr.negated else "in"].format(self.text(expr.operand), items)
        if isinstance(expr, Call):
            return self.call(expr)
        return to_text(expr).strip('"')

    def call(self, expr: Call) -> str:
        w = self.words
        if expr.func in ("latest", "earliest"):
            inner = w["and_list"].join(self.text(a) for a in expr.args)
            return w[expr.func].format(inner)
        if expr.func == "every_has" and isinstance(expr.args[0], Ref):
            return w["every_has"].format(self.rt_name(expr.args[0].name), self.text(expr.args[1]))
        template = w.get(expr.func)
        if template is None or expr.func not in {*DERIVE_FUNCTIONS, *FUNCTIONS}:
            return to_text(expr)
        parts = [self.text(a) for a in expr.args]
        func = expr.func
        if func in ("add_days", "add_months"):
            if isinstance(expr.args[0], Call):
                parts[0] = f"({parts[0]})"
            step = expr.args[1]
            if isinstance(step, Num) and step.value < 0:
                func, parts[1] = "sub" + func[3:], str(-step.value)
            template = w[func]
        fmt: Callable[..., str] = template.format
        return fmt(*parts, parent=self._parent())

    def _parent(self) -> str:
        parent = self.cat.record_type(self.record_type).parent if self.record_type else None
        if parent is not None:
            return self.rt_name(parent)
        return "överordnad post" if self.lang == "sv" else "parent record"
