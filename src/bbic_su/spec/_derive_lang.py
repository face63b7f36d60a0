"""Derivations as data: the cross-record operators, their type check and their wording.

>>> import bbic_su
>>> from bbic_su.spec._derive_lang import check_derivation
>>> from bbic_su.spec._derive_words import describe
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

from bbic_su.errors import ExpressionError
from bbic_su.expr._api import check
from bbic_su.expr._ast import And, Call, Compare, Expr, InList, Not, Num, Or, Ref, to_text
from bbic_su.spec._catalog_type import Catalog
from bbic_su.spec._resolver import CatalogResolver
from bbic_su.spec.model import Variable

__all__ = ["DERIVE_FUNCTIONS", "check_derivation", "needs_extraction_date", "uses"]

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
            v = self.cat.index.variables.get(arg.name)
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
        self.problems += check(expr, CatalogResolver(self.cat, self.rt))
        return "bool"

    def plain_ref(self, ref: Ref) -> str | None:
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
