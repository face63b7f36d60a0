"""Derivations as data: the cross-record operators, their type check and their wording.

>>> import bbic_su
>>> from bbic_su._derive_lang import check_derivation, describe
>>> from bbic_su.expr import parse
>>> cat = bbic_su.catalog()
>>> expr = parse("latest(utredning.utredning_avslutad_datum)")
>>> check_derivation(expr, cat, cat.variable("senaste_avslut_datum"))
[]
>>> describe(expr, cat, "en")
"the latest utredning_avslutad_datum (investigation) over the child's records"
>>> check_derivation(parse("latest(kon)"), cat, cat.variable("senaste_avslut_datum"))
['latest(): argument 1 must name a variable of another record type as rt.variable']

A derived variable's ``derivation`` (in ``spec_data/variables``) is an expression of the
catalogue's language that computes a *value* for every record of the variable's record
type. Besides the predicate language it may use these operators; a cross-record operator
reads the records of the same child (``previous``: of the same parent record):

* ``latest(rt.x, ...)``, ``earliest(rt.x, ...)``: the latest (earliest) date among the
  child's records of the named record types; empty when there is none.
* ``every_has(rt, rt2.x)``: every record of type ``rt`` of the child has ``x``
  documented, on itself or on a record below it (``rt2`` is ``rt`` or a descendant).
* ``exists_within(rt.x, from, to)``: the child has a record of type ``rt`` whose ``x``
  lies between ``from`` and ``to`` (both included). When none does and ``to`` lies after
  the extraction date, the window has not closed and the answer is unknown (empty).
* ``previous(x, condition)``: the latest ``x`` before this record's ``x`` among the other
  records of the same parent that meet ``condition``.
* ``when(condition, value)``: ``value`` where the condition holds, else empty.
* ``later(a, b)``: the later of two dates (the one present when the other is empty).
* ``add_days(d, n)``, ``months_between(a, b)``, ``years_between(a, b)``: whole calendar
  months and years from ``a`` to ``b`` (a month counts when ``add_months(a, m) <= b``).

Logic in a derivation is three-valued: an empty operand makes a comparison unknown, and
an unknown result leaves the derived value empty. A boolean derivation of a code
variable gives ``ja`` (true) or ``nej`` (false).
"""

from __future__ import annotations

from collections.abc import Callable

from bbic_su._expr_ast import FUNCTIONS, And, Call, Compare, Expr, InList, Not, Num, Or, Ref
from bbic_su.expr import check, to_text
from bbic_su.model import Variable
from bbic_su.spec import Catalog

__all__ = ["DERIVE_FUNCTIONS", "check_derivation", "describe", "needs_extraction_date", "uses"]

#: Operator name -> (argument count, ``None`` for one or more) of the derivation language.
DERIVE_FUNCTIONS: dict[str, int | None] = {
    "latest": None,
    "earliest": None,
    "every_has": 2,
    "exists_within": 3,
    "previous": 2,
    "when": 2,
    "later": 2,
    "add_days": 2,
    "months_between": 2,
    "years_between": 2,
}
_CROSS = frozenset({"latest", "earliest", "every_has", "exists_within"})


def uses(expr: Expr) -> set[str]:
    """The derivation operators (and derived variables, as ``var:id``) ``expr`` uses."""
    found: set[str] = set()
    todo = [expr]
    while todo:
        e = todo.pop()
        if isinstance(e, Call):
            if e.func in DERIVE_FUNCTIONS:
                found.add(e.func)
            todo.extend(e.args)
        elif isinstance(e, Compare):
            todo += [e.left, e.right]
        elif isinstance(e, And | Or):
            todo.extend(e.operands)
        elif isinstance(e, Not | InList):
            todo.append(e.operand)
    return found


def needs_extraction_date(expr: Expr) -> bool:
    """Whether the derivation reads the extraction date (a window that may not have closed)."""
    return "exists_within" in uses(expr)


class _Checker:
    def __init__(self, cat: Catalog, var: Variable) -> None:
        self.cat, self.var, self.rt = cat, var, var.record_type
        self.problems: list[str] = []

    def other(self, arg: Expr, func: str, i: int) -> str | None:
        """The datatype of ``rt.x`` naming a variable of a record type (any, for the child)."""
        if isinstance(arg, Ref) and arg.record_type is not None:
            v = self.cat._by["variables"].get(arg.name)
            if v is not None and v.record_type == arg.record_type:
                return str(v.datatype)
            self.problems.append(f"{func}(): {to_text(arg)} is not a variable of {arg.record_type}")
            return None
        self.problems.append(
            f"{func}(): argument {i} must name a variable of another record type as rt.variable"
        )
        return None

    def type(self, expr: Expr) -> str | None:
        if isinstance(expr, Call) and expr.func in DERIVE_FUNCTIONS:
            return self.call(expr)
        if isinstance(expr, Num):
            return "integer"
        if isinstance(expr, Ref):
            return self.plain_ref(expr)
        if isinstance(expr, Compare) and _has_derive(expr):
            left, right = self.type(expr.left), self.type(expr.right)
            if None not in (left, right) and left != right:
                self.problems.append(f"cannot compare {left} with {right}: {to_text(expr)}")
            return "bool"
        if isinstance(expr, And | Or | Not) and _has_derive(expr):
            parts = expr.operands if isinstance(expr, And | Or) else (expr.operand,)
            for p in parts:
                self.want(p, "bool")
            return "bool"
        if isinstance(expr, Call) and expr.func in ("days_between", "alder", "add_months"):
            if expr.func in ("days_between", "alder"):
                for a in expr.args:
                    self.want(a, "date")
                return "integer"
            if len(expr.args) == 2:
                self.want(expr.args[0], "date")
                self.want(expr.args[1], "integer")
            return "date"
        from bbic_su._speccheck import CatalogResolver

        self.problems += check(expr, CatalogResolver(self.cat, self.rt))
        return "bool"

    def plain_ref(self, ref: Ref) -> str | None:
        from bbic_su._speccheck import CatalogResolver
        from bbic_su.errors import ExpressionError

        resolver = CatalogResolver(self.cat, self.rt)
        try:
            return resolver.datatype(resolver.resolve(ref))
        except ExpressionError as exc:
            self.problems.append(str(exc))
            return None

    def want(self, expr: Expr, kind: str) -> None:
        got = self.type(expr)
        if got is not None and got != kind:
            self.problems.append(f"{to_text(expr)} is {got}, expected {kind}")

    def call(self, expr: Call) -> str | None:
        func, args = expr.func, expr.args
        arity = DERIVE_FUNCTIONS[func]
        if (arity is None and not args) or (arity is not None and len(args) != arity):
            self.problems.append(f"{func}() takes {arity or 'one or more'} arguments")
            return None
        if func in ("latest", "earliest"):
            for i, a in enumerate(args, 1):
                if self.other(a, func, i) not in (None, "date"):
                    self.problems.append(f"{func}(): {to_text(a)} is not a date")
            return "date"
        if func == "every_has":
            rt = args[0]
            if not (isinstance(rt, Ref) and rt.record_type is None and _is_rt(self.cat, rt.name)):
                self.problems.append(f"every_has(): {to_text(rt)} is not a record type")
            elif (
                isinstance(args[1], Ref)
                and args[1].record_type is not None
                and not _descends(self.cat, args[1].record_type, rt.name)
            ):
                below = args[1].record_type
                self.problems.append(f"every_has(): {below} is not below {rt.name}")
            self.other(args[1], func, 2)
            return "bool"
        if func == "exists_within":
            if self.other(args[0], func, 1) not in (None, "date"):
                self.problems.append(f"exists_within(): {to_text(args[0])} is not a date")
            self.want(args[1], "date")
            self.want(args[2], "date")
            return "bool"
        if func == "previous":
            if not (isinstance(args[0], Ref) and args[0].record_type is None):
                self.problems.append("previous(): argument 1 must be a variable of the record")
            self.want(args[0], "date")
            self.want(args[1], "bool")
            if self.cat.record_type(self.rt).parent is None:
                self.problems.append(f"previous(): {self.rt} has no parent record")
            return "date"
        if func == "when":
            self.want(args[0], "bool")
            return self.type(args[1])
        if func == "later":
            self.want(args[0], "date")
            self.want(args[1], "date")
            return "date"
        if func == "add_days":
            self.want(args[0], "date")
            self.want(args[1], "integer")
            return "date"
        self.want(args[0], "date")  # months_between, years_between
        self.want(args[1], "date")
        return "integer"


def _has_derive(expr: Expr) -> bool:
    return bool(uses(expr))


def _is_rt(cat: Catalog, name: str) -> bool:
    return any(rt.id == name for rt in cat.record_types)


def _descends(cat: Catalog, rt: str, ancestor: str) -> bool:
    seen: str | None = rt
    while seen is not None:
        if seen == ancestor:
            return True
        seen = cat.record_type(seen).parent
    return False


def check_derivation(expr: Expr, cat: Catalog, var: Variable) -> list[str]:
    """Problems of ``expr`` as the derivation of ``var`` (empty when it type-checks)."""
    checker = _Checker(cat, var)
    got = checker.type(expr)
    if checker.problems:
        return checker.problems
    want = {"date": "date", "integer": "integer"}.get(var.datatype)
    if var.datatype == "code":
        codes = {c.code for c in cat.value_set(var.value_set).codes} if var.value_set else set()
        if got != "bool" or not {"ja", "nej"} <= codes:
            return [f"a {got} derivation cannot give {var.id} (a code with ja and nej is boolean)"]
        return []
    if want is None or got != want:
        return [f"the derivation gives {got}, but {var.id} is {var.datatype}"]
    return []


# ---------------------------------------------------------------- wording

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
