"""The predicate expression language of the catalogue: parser, unparser and checker.

>>> from bbic_su.expr import And, parse, refs, to_text
>>> e = parse('kon == "flicka" and not_missing(insats.insatstyp)')
>>> isinstance(e, And)
True
>>> to_text(e)
'kon == "flicka" and not_missing(insats.insatstyp)'
>>> [to_text(r) for r in refs(e)]
['kon', 'insats.insatstyp']

Measures, rules and variable conditions are small boolean expressions. Precedence, from
loosest to tightest: ``or``, ``and``, ``not``, comparisons (``== != < <= > >=``,
``in [..]``, ``not in [..]``), primaries (literal, name, call, parenthesised expression).
Literals are double-quoted strings without escapes, integers (possibly negative), lists of
literals and the rare keywords ``true``, ``false`` and ``null``. A name is ``var`` or
``rt.var``; ``{variable}`` is the placeholder of template measures (see :func:`substitute`).

Functions: ``is_missing(x)``, ``not_missing(x)`` (empty, or only the code ``uppgift_saknas``),
``contains(x, "c")``, ``contains_any(x, [..])`` (multi-select), ``in_group(x, "g")``,
``days_between(a, b)`` (``b`` minus ``a`` in days), ``add_months(d, n)`` (day clamped to the
month end), ``alder(d)`` and ``applies(x)``. Only the birth year survives pseudonymisation, so
``alder(d)`` is ``d.year`` minus the birth year: the age the child reaches in that calendar
year, not the age in completed years on the day.

Evaluation lives in :mod:`bbic_su._evaluate`; this module imports neither pandas nor numpy.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Protocol, TypeAlias

import attrs

from bbic_su.errors import ExpressionError

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

KEYWORDS = frozenset({"and", "or", "not", "in", "true", "false", "null"})
COMPARE_OPS = ("==", "!=", "<", "<=", ">", ">=")
#: Function name -> number of arguments.
FUNCTIONS: dict[str, int] = {
    "is_missing": 1,
    "not_missing": 1,
    "contains": 2,
    "contains_any": 2,
    "in_group": 2,
    "days_between": 2,
    "add_months": 2,
    "alder": 1,
    "applies": 1,
}
_MAX_DEPTH = 50


_NAME_RE = r"(?!(?:and|or|not|in|true|false|null)$)[A-Za-z_][A-Za-z0-9_]*"
_name = attrs.validators.matches_re(_NAME_RE)


@attrs.frozen
class Ref:
    """A variable or key field, ``name`` or ``record_type.name``."""

    name: str = attrs.field(validator=_name)
    record_type: str | None = attrs.field(default=None, validator=attrs.validators.optional(_name))


@attrs.frozen
class Str:
    """A double-quoted string literal (a code or a group name)."""

    value: str = attrs.field(validator=attrs.validators.matches_re(r'[^"]*'))


@attrs.frozen
class Num:
    """An integer literal."""

    value: int


@attrs.frozen
class Const:
    """``true``, ``false`` or ``null``."""

    value: bool | None


@attrs.frozen
class ListLit:
    """A list of literals, ``["a", "b"]``."""

    items: tuple[Literal, ...]


@attrs.frozen
class Template:
    """The ``{variable}`` placeholder of template measures."""


@attrs.frozen
class Compare:
    """``left op right`` with ``op`` one of ``== != < <= > >=``."""

    op: str = attrs.field(validator=attrs.validators.in_(COMPARE_OPS))
    left: Expr
    right: Expr


@attrs.frozen
class InList:
    """``operand in [..]`` or, when ``negated``, ``operand not in [..]``."""

    operand: Expr
    items: tuple[Literal, ...]
    negated: bool = False


@attrs.frozen
class And:
    """Conjunction of two or more operands."""

    operands: tuple[Expr, ...]


@attrs.frozen
class Or:
    """Disjunction of two or more operands."""

    operands: tuple[Expr, ...]


@attrs.frozen
class Not:
    """Negation."""

    operand: Expr


@attrs.frozen
class Call:
    """A function call ``func(args...)``."""

    func: str = attrs.field(validator=_name)
    args: tuple[Expr, ...] = ()


Literal: TypeAlias = Str | Num | Const
Expr: TypeAlias = (
    Ref | Str | Num | Const | ListLit | Template | Compare | InList | And | Or | Not | Call
)


class Resolver(Protocol):
    """What :func:`check` and the evaluators need to know about names (the catalogue)."""

    def resolve(self, ref: Ref) -> str:
        """Canonical column key of ``ref``; raise ExpressionError if unknown or unreachable."""

    def datatype(self, key: str) -> str:
        """``"code"``, ``"codes"``, ``"date"``, ``"integer"`` or ``"text"``."""

    def codes(self, key: str) -> frozenset[str] | None:
        """The value-set codes of a code/codes key, None if it has no value set."""

    def group(self, key: str, group: str) -> frozenset[str] | None:
        """The codes of a value-set group, None if the value set has no such group."""

    def applies_if(self, key: str) -> Expr | None:
        """The variable's own condition, already parsed; None if it always applies."""

    def birth_year_key(self) -> str:
        """Key of the child's birth-year column (used by ``alder``)."""


# ----------------------------------------------------------------------------- parsing

_TOKEN = re.compile(
    r"(?P<ws>\s+)|(?P<str>\"[^\"]*\")|(?P<num>-?[0-9]+)|(?P<tmpl>\{variable\})"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?)"
    r"|(?P<op>==|!=|<=|>=|<|>|\(|\)|\[|\]|,)",
    re.ASCII,
)
_Token: TypeAlias = tuple[str, str, int]  # kind, text, position


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            what = "unterminated string" if text[pos] == '"' else f"unexpected {text[pos]!r}"
            raise ExpressionError(what, text, pos)
        kind = m.lastgroup or ""
        word = m.group()
        if kind == "name":
            parts = word.split(".")
            if len(parts) == 1 and word in KEYWORDS:
                kind = "kw"
            elif any(p in KEYWORDS for p in parts):
                raise ExpressionError(f"keyword in name {word!r}", text, pos)
        if kind != "ws":
            tokens.append((kind, word, pos))
        pos = m.end()
    tokens.append(("end", "", len(text)))
    return tokens


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _tokenize(text)
        self.i = 0
        self.depth = 0

    def peek(self, ahead: int = 0) -> _Token:
        return self.tokens[min(self.i + ahead, len(self.tokens) - 1)]

    def fail(self, message: str, tok: _Token | None = None) -> ExpressionError:
        tok = tok or self.peek()
        found = "end of expression" if tok[0] == "end" else repr(tok[1])
        return ExpressionError(f"{message}, found {found}", self.text, tok[2])

    def take(self, word: str) -> bool:
        if self.peek()[1] == word and self.peek()[0] in ("op", "kw"):
            self.i += 1
            return True
        return False

    def expect(self, word: str) -> None:
        if not self.take(word):
            raise self.fail(f"expected {word!r}")

    def nest(self) -> None:
        self.depth += 1
        if self.depth > _MAX_DEPTH:
            raise self.fail("expression nested too deeply", self.tokens[self.i - 1])

    def parse(self) -> Expr:
        if self.peek()[0] == "end":
            raise ExpressionError("empty expression", self.text, 0)
        expr = self.or_expr()
        if self.peek()[0] != "end":
            raise self.fail("expected an operator or the end")
        return expr

    def or_expr(self) -> Expr:
        items = [self.and_expr()]
        while self.take("or"):
            items.append(self.and_expr())
        return items[0] if len(items) == 1 else Or(tuple(items))

    def and_expr(self) -> Expr:
        items = [self.not_expr()]
        while self.take("and"):
            items.append(self.not_expr())
        return items[0] if len(items) == 1 else And(tuple(items))

    def not_expr(self) -> Expr:
        if self.take("not"):
            self.nest()
            operand = self.not_expr()
            self.depth -= 1
            return Not(operand)
        return self.comparison()

    def comparison(self) -> Expr:
        left = self.primary()
        kind, word, _ = self.peek()
        if kind == "op" and word in COMPARE_OPS:
            self.i += 1
            return Compare(word, left, self.primary())
        if self.take("in"):
            return InList(left, self.list_items())
        if kind == "kw" and word == "not":
            self.i += 1
            self.expect("in")
            return InList(left, self.list_items(), negated=True)
        return left

    def literal(self) -> Literal:
        kind, word, _ = tok = self.peek()
        self.i += 1
        if kind == "str":
            return Str(word[1:-1])
        if kind == "num":
            return Num(int(word))
        if kind == "kw" and word in ("true", "false", "null"):
            return Const({"true": True, "false": False}.get(word))
        raise self.fail("expected a literal", tok)

    def list_items(self) -> tuple[Literal, ...]:
        self.expect("[")
        items: list[Literal] = []
        if not self.take("]"):
            items.append(self.literal())
            while self.take(","):
                items.append(self.literal())
            self.expect("]")
        return tuple(items)

    def primary(self) -> Expr:
        kind, word, _ = tok = self.peek()
        if kind in ("str", "num") or (kind == "kw" and word in ("true", "false", "null")):
            return self.literal()
        if kind == "op" and word == "[":
            return ListLit(self.list_items())
        if kind == "tmpl":
            self.i += 1
            return Template()
        if kind == "op" and word == "(":
            self.i += 1
            self.nest()
            inner = self.or_expr()
            self.depth -= 1
            self.expect(")")
            return inner
        if kind != "name":
            raise self.fail("expected a value", tok)
        self.i += 1
        if not self.take("("):
            rt, _, name = word.rpartition(".")
            return Ref(name, rt or None)
        if "." in word:
            raise self.fail("a function name cannot be qualified", tok)
        self.nest()
        args: list[Expr] = []
        if not self.take(")"):
            args.append(self.or_expr())
            while self.take(","):
                args.append(self.or_expr())
            self.expect(")")
        self.depth -= 1
        return Call(word, tuple(args))


def parse(text: str) -> Expr:
    """Parse an expression.

    Args:
        text: The expression text.

    Returns:
        The syntax tree.

    Raises:
        ExpressionError: The text is not a well-formed expression; ``position`` is the
            character offset of the fault.
    """
    if not isinstance(text, str):
        raise ExpressionError(f"expression must be a string, not {type(text).__name__}")
    return _Parser(text).parse()


# ------------------------------------------------------------------ traversal and text


def _children(expr: Expr) -> tuple[Expr, ...]:
    if isinstance(expr, Compare):
        return (expr.left, expr.right)
    if isinstance(expr, InList):
        return (expr.operand, *expr.items)
    if isinstance(expr, And | Or):
        return expr.operands
    if isinstance(expr, Not):
        return (expr.operand,)
    if isinstance(expr, Call):
        return expr.args
    if isinstance(expr, ListLit):
        return expr.items
    return ()


def _walk(expr: Expr) -> Iterator[Expr]:
    yield expr
    for child in _children(expr):
        yield from _walk(child)


def refs(expr: Expr) -> tuple[Ref, ...]:
    """The distinct references in ``expr``, in order of first appearance in the text."""
    return tuple(dict.fromkeys(e for e in _walk(expr) if isinstance(e, Ref)))


def _transform(expr: Expr, fn: Callable[[Expr], Expr]) -> Expr:
    if isinstance(expr, Compare):
        expr = Compare(expr.op, _transform(expr.left, fn), _transform(expr.right, fn))
    elif isinstance(expr, InList):
        expr = attrs.evolve(expr, operand=_transform(expr.operand, fn))
    elif isinstance(expr, And | Or):
        expr = type(expr)(tuple(_transform(o, fn) for o in expr.operands))
    elif isinstance(expr, Not):
        expr = Not(_transform(expr.operand, fn))
    elif isinstance(expr, Call):
        expr = Call(expr.func, tuple(_transform(a, fn) for a in expr.args))
    return fn(expr)


def substitute(expr: Expr, variable: str) -> Expr:
    """Replace the ``{variable}`` placeholder with a reference to ``variable``.

    Args:
        expr: An expression, typically of a template measure.
        variable: A variable id, ``var`` or ``rt.var``.

    Raises:
        ExpressionError: ``variable`` is not a name.
    """
    ref = parse(variable)
    if not isinstance(ref, Ref):
        raise ExpressionError("not a variable name", variable, 0)
    return _transform(expr, lambda e: ref if isinstance(e, Template) else e)


def _wrap(expr: Expr, types: tuple[type, ...]) -> str:
    text = to_text(expr)
    return f"({text})" if isinstance(expr, types) else text


def to_text(expr: Expr) -> str:
    """Canonical text of ``expr``; ``parse(to_text(e)) == e``."""
    if isinstance(expr, Ref):
        return f"{expr.record_type}.{expr.name}" if expr.record_type else expr.name
    if isinstance(expr, Str):
        return f'"{expr.value}"'
    if isinstance(expr, Num):
        return str(expr.value)
    if isinstance(expr, Const):
        return {True: "true", False: "false", None: "null"}[expr.value]
    if isinstance(expr, ListLit):
        return "[" + ", ".join(to_text(i) for i in expr.items) + "]"
    if isinstance(expr, Template):
        return "{variable}"
    tight = (Compare, InList, And, Or, Not)
    if isinstance(expr, Compare):
        return f"{_wrap(expr.left, tight)} {expr.op} {_wrap(expr.right, tight)}"
    if isinstance(expr, InList):
        op = "not in" if expr.negated else "in"
        return f"{_wrap(expr.operand, tight)} {op} {to_text(ListLit(expr.items))}"
    if isinstance(expr, And):
        return " and ".join(_wrap(o, (And, Or)) for o in expr.operands)
    if isinstance(expr, Or):
        return " or ".join(_wrap(o, (And, Or)) for o in expr.operands)
    if isinstance(expr, Not):
        return "not " + _wrap(expr.operand, (And, Or))
    return f"{expr.func}(" + ", ".join(to_text(a) for a in expr.args) + ")"


# ----------------------------------------------------------------------------- checking

_VALUE_KINDS = frozenset({"code", "codes", "date", "integer", "text"})
_RESULT = {"days_between": "integer", "add_months": "date", "alder": "integer"}
_Typed: TypeAlias = tuple[str, str | None]  # kind, column key


class _Checker:
    def __init__(self, resolver: Resolver) -> None:
        self.resolver = resolver
        self.problems: list[str] = []

    def type_of(self, expr: Expr) -> _Typed:
        if isinstance(expr, Ref):
            try:
                key = self.resolver.resolve(expr)
            except ExpressionError as exc:
                self.problems.append(f"unknown name {to_text(expr)}: {exc.message}")
                return ("?", None)
            kind = self.resolver.datatype(key)
            if kind not in _VALUE_KINDS:
                self.problems.append(f"{to_text(expr)} has unknown datatype {kind!r}")
                return ("?", key)
            return (kind, key)
        if isinstance(expr, Str | Num | ListLit):
            return ({Str: "str", Num: "num", ListLit: "list"}[type(expr)], None)
        if isinstance(expr, Const):
            return ("null" if expr.value is None else "bool", None)
        if isinstance(expr, Template):
            return ("?", None)
        if isinstance(expr, And | Or | Not):
            for operand in _children(expr):
                self.condition(operand)
            return ("bool", None)
        if isinstance(expr, Compare):
            self.compare(expr.op, expr.left, expr.right)
            return ("bool", None)
        if isinstance(expr, InList):
            if not expr.items:
                self.type_of(expr.operand)
            for item in expr.items:
                self.compare("==", expr.operand, item, "in [..]")
            return ("bool", None)
        return self.call(expr)

    def condition(self, expr: Expr) -> None:
        if self.type_of(expr)[0] not in ("bool", "?"):
            self.problems.append(f"{to_text(expr)} is not a condition")

    def compare(self, op: str, left: Expr, right: Expr, how: str = "") -> None:
        how = how or op
        (lk, lkey), (rk, rkey) = self.type_of(left), self.type_of(right)
        kinds = {lk, rk}
        for expr, kind in ((left, lk), (right, rk)):
            if kind in ("bool", "list", "null"):
                self.problems.append(f"{to_text(expr)} cannot be an operand of {how}")
        if kinds & {"bool", "list", "null", "?"}:
            return
        text = f"{to_text(left)} {how} {to_text(right)}"
        if op in ("==", "!="):
            if "codes" in kinds:
                self.problems.append(f"{text}: multi-select; use contains()/contains_any()")
            elif "str" in kinds:
                other, key = (rk, rkey) if lk == "str" else (lk, lkey)
                literal = left if isinstance(left, Str) else right
                if other != "code":
                    self.problems.append(f"{text}: string literal compared with {other}")
                elif isinstance(literal, Str):
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

    def call(self, expr: Call) -> _Typed:
        func, args = expr.func, expr.args
        typed = [self.type_of(a) for a in args]
        if func not in FUNCTIONS:
            self.problems.append(f"unknown function {func}()")
            return ("?", None)
        if len(args) != FUNCTIONS[func]:
            n = FUNCTIONS[func]
            self.problems.append(f"{func}() takes {n} argument{'s' * (n > 1)}, got {len(args)}")
            return (_RESULT.get(func, "bool"), None)
        (kind, key), text = typed[0], to_text(expr)
        if func in ("is_missing", "not_missing") and kind not in _VALUE_KINDS | {"?"}:
            self.problems.append(f"{text}: argument must be a variable or a value")
        elif func == "applies" and not isinstance(args[0], Ref | Template):
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
        self, func: str, args: tuple[Expr, ...], kind: str, key: str | None, text: str
    ) -> None:
        want = "code" if func == "in_group" else "codes"
        if kind != want and kind != "?":
            what = "a single-code" if want == "code" else "a multi-select"
            self.problems.append(f"{text}: {func}() needs {what} variable, got a {kind}")
            key = None
        arg = args[1]
        if func == "contains_any":
            if not isinstance(arg, ListLit) or not all(isinstance(i, Str) for i in arg.items):
                self.problems.append(f"{text}: second argument must be a list of codes")
                return
            values = [i.value for i in arg.items if isinstance(i, Str)]
        elif isinstance(arg, Str):
            values = [arg.value]
        else:
            self.problems.append(f"{text}: second argument must be a string literal")
            return
        for value in values:
            if func != "in_group":
                self.code_of(key, value, text)
            elif key is not None and self.resolver.group(key, value) is None:
                self.problems.append(f"{text}: {key} has no group {value!r}")


def check(expr: Expr, resolver: Resolver) -> list[str]:
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
