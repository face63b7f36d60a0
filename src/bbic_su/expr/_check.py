"""Type checker of the predicate language: names, functions, codes and operand types.

>>> from bbic_su.expr._check import check
>>> from bbic_su.expr._ast import Ref
>>> from bbic_su.expr._parser import parse
>>> class OneCode:  # a minimal resolver: every name is a code with the codes "a" and "b"
...     def resolve(self, ref: Ref) -> str: return ref.name
...     def datatype(self, key: str) -> str: return "code"
...     def codes(self, key: str) -> frozenset[str]: return frozenset({"a", "b"})
...     def group(self, key: str, group: str) -> None: return None
...     def applies_if(self, key: str) -> None: return None
...     def birth_year_key(self) -> str: return "fodelsear"
>>> check(parse('x == "a" or x in ["b"]'), OneCode())
[]
>>> for problem in check(parse('x == "c" or days_between(x, 3) > 0'), OneCode()):
...     print(problem)
x == "c": 'c' is not a code of x
days_between(x, 3): expected date, got code
days_between(x, 3): expected date, got num

:func:`check` is re-exported by :mod:`bbic_su.expr`; the evaluators in
:mod:`bbic_su.expr._evaluate` run it before evaluating anything.
"""

from __future__ import annotations

from typing import TypeAlias

from bbic_su.errors import ExpressionError
from bbic_su.expr import _ast as ast_

__all__ = ["check"]

_VALUE_KINDS = frozenset({"code", "codes", "date", "integer", "text"})
_RESULT = {"days_between": "integer", "add_months": "date", "alder": "integer"}
_Typed: TypeAlias = tuple[str, str | None]  # kind, column key


class _Checker:
    def __init__(self, resolver: ast_.Resolver) -> None:
        self.resolver = resolver
        self.problems: list[str] = []

    def type_of(self, expr: ast_.Expr) -> _Typed:
        if isinstance(expr, ast_.Ref):
            try:
                key = self.resolver.resolve(expr)
            except ExpressionError as exc:
                self.problems.append(f"unknown name {ast_.to_text(expr)}: {exc.message}")
                return ("?", None)
            kind = self.resolver.datatype(key)
            if kind not in _VALUE_KINDS:
                self.problems.append(f"{ast_.to_text(expr)} has unknown datatype {kind!r}")
                return ("?", key)
            return (kind, key)
        if isinstance(expr, ast_.Str | ast_.Num | ast_.ListLit):
            return ({ast_.Str: "str", ast_.Num: "num", ast_.ListLit: "list"}[type(expr)], None)
        if isinstance(expr, ast_.Const):
            return ("null" if expr.value is None else "bool", None)
        if isinstance(expr, ast_.Template):
            return ("?", None)
        if isinstance(expr, ast_.And | ast_.Or | ast_.Not):
            for operand in ast_.child_nodes(expr):
                self.condition(operand)
            return ("bool", None)
        if isinstance(expr, ast_.Compare):
            self.compare(expr.op, expr.left, expr.right)
            return ("bool", None)
        if isinstance(expr, ast_.InList):
            if not expr.items:
                self.type_of(expr.operand)
            for item in expr.items:
                self.compare("==", expr.operand, item, "in [..]")
            return ("bool", None)
        return self.call(expr)

    def condition(self, expr: ast_.Expr) -> None:
        if self.type_of(expr)[0] not in ("bool", "?"):
            self.problems.append(f"{ast_.to_text(expr)} is not a condition")

    def compare(self, op: str, left: ast_.Expr, right: ast_.Expr, how: str = "") -> None:
        how = how or op
        (lk, lkey), (rk, rkey) = self.type_of(left), self.type_of(right)
        kinds = {lk, rk}
        for expr, kind in ((left, lk), (right, rk)):
            if kind in ("bool", "list", "null"):
                self.problems.append(f"{ast_.to_text(expr)} cannot be an operand of {how}")
        if kinds & {"bool", "list", "null", "?"}:
            return
        text = f"{ast_.to_text(left)} {how} {ast_.to_text(right)}"
        if op in ("==", "!="):
            if "codes" in kinds:
                self.problems.append(f"{text}: multi-select; use contains()/contains_any()")
            elif "str" in kinds:
                other, key = (rk, rkey) if lk == "str" else (lk, lkey)
                literal = left if isinstance(left, ast_.Str) else right
                if other != "code":
                    self.problems.append(f"{text}: string literal compared with {other}")
                elif isinstance(literal, ast_.Str):
                    self.code_of(key, literal.value, text)
            elif "num" in kinds:
                if not kinds <= {"num", "integer"}:
                    self.problems.append(f"{text}: number compared with a non-integer")
            elif lk != rk:
                self.problems.append(f"{text}: cannot compare a {lk} with a {rk}")
        elif "date" in kinds:
            if kinds != {"date"}:
                self.problems.append(f"{text}: date compared with a non-date")
        elif not kinds <= {"num", "integer"}:
            self.problems.append(f"{text}: ordering comparison needs dates or integers")

    def code_of(self, key: str | None, code: str, where: str) -> None:
        codes = self.resolver.codes(key) if key else None
        if codes is not None and code not in codes:
            self.problems.append(f"{where}: {code!r} is not a code of {key}")

    def call(self, expr: ast_.Call) -> _Typed:
        func, args = expr.func, expr.args
        typed = [self.type_of(a) for a in args]
        if func not in ast_.FUNCTIONS:
            self.problems.append(f"unknown function {func}()")
            return ("?", None)
        if len(args) != ast_.FUNCTIONS[func]:
            n = ast_.FUNCTIONS[func]
            self.problems.append(f"{func}() takes {n} argument{'s' * (n > 1)}, got {len(args)}")
            return (_RESULT.get(func, "bool"), None)
        (kind, key), text = typed[0], ast_.to_text(expr)
        if func in ("is_missing", "not_missing") and kind not in _VALUE_KINDS | {"?"}:
            self.problems.append(f"{text}: argument must be a variable or a value")
        elif func == "applies" and not isinstance(args[0], ast_.Ref | ast_.Template):
            self.problems.append(f"{text}: argument must be a variable")
        elif func in ("contains", "contains_any", "in_group"):
            self.coded(func, args, kind, key, text)
        elif func in ("days_between", "add_months", "alder"):
            wanted = ("date", "date") if func == "days_between" else ("date", "integer")
            for (k, _), want in zip(typed, wanted, strict=False):
                if k not in (want, "?") and not (want == "integer" and k == "num"):
                    self.problems.append(f"{text}: expected {want}, got {k}")
        return (_RESULT.get(func, "bool"), None)

    def coded(
        self, func: str, args: tuple[ast_.Expr, ...], kind: str, key: str | None, text: str
    ) -> None:
        want = "code" if func == "in_group" else "codes"
        if kind != want and kind != "?":
            what = "a single-code" if want == "code" else "a multi-select"
            self.problems.append(f"{text}: {func}() needs {what} variable, got a {kind}")
            key = None
        arg = args[1]
        if func == "contains_any":
            if not isinstance(arg, ast_.ListLit) or not all(
                isinstance(i, ast_.Str) for i in arg.items
            ):
                self.problems.append(f"{text}: second argument must be a list of codes")
                return
            values = [i.value for i in arg.items if isinstance(i, ast_.Str)]
        elif isinstance(arg, ast_.Str):
            values = [arg.value]
        else:
            self.problems.append(f"{text}: second argument must be a string literal")
            return
        for value in values:
            if func != "in_group":
                self.code_of(key, value, text)
            elif key is not None and self.resolver.group(key, value) is None:
                self.problems.append(f"{text}: {key} has no group {value!r}")


def check(expr: ast_.Expr, resolver: ast_.Resolver) -> list[str]:
    """Check names, functions, codes and types of a condition.

    Args:
        expr: A parsed condition. The ``{variable}`` placeholder is accepted unchecked.
        resolver: Knows the variables (usually the catalogue).

    Returns:
        Human-readable problems, in the order found; empty when the expression is fine.
    """
    checker = _Checker(resolver)
    checker.condition(expr)
    return list(dict.fromkeys(checker.problems))
