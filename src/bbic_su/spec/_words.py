"""Plain-Swedish paraphrases of catalogue expressions (messages and documentation).

>>> import bbic_su
>>> from bbic_su.spec._words import Words
>>> Words(bbic_su.catalog()).text('aktualiseringssatt == "anmalan"')
'«Aktualiseringssätt» är «Anmälan»'

The rendering is deliberately simple and deterministic: it walks the syntax tree
from :func:`bbic_su.expr.parse` and replaces variable ids by their Swedish names and
codes by their Swedish labels, e.g. ``barnet_traffat_enskilt == "ja"`` becomes
``«Barnet träffat enskilt» är «Ja»``. The result is plain text (not escaped).
Swedish validation messages use it for conditions and anchors; the documentation
(``docs/_ext/bbic_words.py``) adds sentences for variable rules.
"""

from __future__ import annotations

from bbic_su.errors import BbicSuError, UnknownIdError
from bbic_su.expr import _ast as ast_
from bbic_su.expr._api import parse
from bbic_su.spec._catalog_type import Catalog
from bbic_su.spec.model import Variable

_ORDER = {
    "date": {
        "<": "infaller före",
        "<=": "infaller senast",
        ">": "infaller efter",
        ">=": "infaller tidigast",
    },
    "other": {"<": "är mindre än", "<=": "är högst", ">": "är större än", ">=": "är minst"},
}
_CONST = {True: "sant", False: "falskt", None: "tomt"}
_RT_DEFINITE = {
    "barn": "barnet",
    "aktualisering": "aktualiseringen",
    "utredning": "utredningen",
    "insats": "insatsen",
    "uppfoljning": "uppföljningen",
}


__all__ = ["Words"]


class Words:
    """Paraphrases expressions against one catalogue."""

    def __init__(self, cat: Catalog) -> None:
        self.cat = cat
        self._vars = {v.id: v for v in cat.variables}
        self._keys = {k.field: k for rt in cat.record_types for k in rt.keys}

    # ------------------------------------------------------------------ names

    def variable(self, ref: ast_.Ref) -> Variable | None:
        """The catalogue variable a reference names, if any."""
        return self._vars.get(ref.name)

    def name(self, ref: ast_.Ref) -> str:
        """``«Swedish name»`` of a reference, with the ancestor record when qualified."""
        var = self._vars.get(ref.name)
        shown = f"«{var.name_sv}»" if var else f"«{ref.name}»"
        if ref.record_type:
            shown += f" i {_RT_DEFINITE.get(ref.record_type, ref.record_type)}"
        return shown

    def code_label(self, ref: ast_.Expr | None, code: str) -> str:
        """``«label»`` of ``code`` in the value set of ``ref`` (the code itself if unknown)."""
        if isinstance(ref, ast_.Ref):
            var = self._vars.get(ref.name)
            if var is not None and var.value_set:
                try:
                    return f"«{self.cat.value_set(var.value_set).code(code).label_sv}»"
                except UnknownIdError:
                    pass
        return f"«{code}»"

    def _datatype(self, expr: ast_.Expr) -> str:
        if isinstance(expr, ast_.Ref):
            var = self._vars.get(expr.name)
            return var.datatype if var else "text"
        if isinstance(expr, ast_.Call) and expr.func == "add_months":
            return "date"
        return "other"

    # ------------------------------------------------------------ expressions

    def text(self, source: str) -> str:
        """Paraphrase expression text; falls back to the text itself if it cannot be parsed."""
        try:
            return self.expr(parse(source))
        except BbicSuError:
            return source

    def expr(self, e: ast_.Expr, ctx: ast_.Expr | None = None) -> str:
        """Paraphrase a parsed expression. ``ctx`` is the reference a literal is compared with."""
        if isinstance(e, ast_.Ref):
            return self.name(e)
        if isinstance(e, ast_.Str):
            return self.code_label(ctx, e.value)
        if isinstance(e, ast_.Num):
            return str(e.value)
        if isinstance(e, ast_.Const):
            return _CONST[e.value]
        if isinstance(e, ast_.ListLit):
            return self._items(e.items, ctx, "och")
        if isinstance(e, ast_.Template):
            return "«variabeln»"
        if isinstance(e, ast_.Compare):
            return self._compare(e)
        if isinstance(e, ast_.InList):
            what = "ingen av" if e.negated else "någon av"
            return f"{self.expr(e.operand)} är {what} {self._items(e.items, e.operand, 'eller')}"
        if isinstance(e, ast_.And | ast_.Or):
            joiner = " och " if isinstance(e, ast_.And) else " eller "
            return joiner.join(self._nested(o) for o in e.operands)
        if isinstance(e, ast_.Not):
            return f"det gäller inte att {self._nested(e.operand)}"
        return self._call(e)

    def _nested(self, e: ast_.Expr) -> str:
        text = self.expr(e)
        return f"({text})" if isinstance(e, ast_.And | ast_.Or) else text

    def _items(self, items: tuple[ast_.Expr, ...], ctx: ast_.Expr | None, last: str) -> str:
        shown = [self.expr(i, ctx) for i in items]
        if len(shown) <= 1:
            return "".join(shown)
        return ", ".join(shown[:-1]) + f" {last} " + shown[-1]

    def _compare(self, e: ast_.Compare) -> str:
        left = self.expr(e.left, e.right)
        right = self.expr(e.right, e.left)
        if e.op == "==":
            return f"{left} är {right}"
        if e.op == "!=":
            return f"{left} är inte {right}"
        table = _ORDER["date" if self._datatype(e.left) == "date" else "other"]
        return f"{left} {table[e.op]} {right}"

    def _call(self, e: ast_.Call) -> str:
        args = e.args
        a = self.expr(args[0]) if args else ""
        second = args[1] if len(args) > 1 else None
        if e.func == "is_missing":
            return f"{a} saknas"
        if e.func == "not_missing":
            return f"{a} är ifylld"
        if e.func == "applies":
            return f"{a} är tillämplig"
        if e.func == "contains" and second is not None:
            return f"{a} innehåller {self.expr(second, args[0])}"
        if e.func == "contains_any" and isinstance(second, ast_.ListLit):
            return f"{a} innehåller någon av {self._items(second.items, args[0], 'eller')}"
        if e.func == "in_group" and isinstance(second, ast_.Str):
            return f"{a} hör till gruppen «{second.value}»"
        if e.func == "days_between" and second is not None:
            return f"antalet dagar från {a} till {self.expr(second)}"
        if e.func == "add_months" and second is not None:
            return f"{a} plus {self.expr(second)} månader"
        if e.func == "alder":
            return f"barnets ålder vid {a}"
        inner = ", ".join(self.expr(x) for x in args)
        return f"{e.func}({inner})"

    def ref_text(self, source: str) -> str:
        """Swedish name of a variable reference written as text (``insats.insats_startdatum``)."""
        try:
            e = parse(source)
        except BbicSuError:
            return source
        return self.name(e) if isinstance(e, ast_.Ref) else self.expr(e)
