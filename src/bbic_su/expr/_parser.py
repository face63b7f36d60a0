"""Tokenizer and recursive-descent parser of the predicate language.

>>> from bbic_su.expr._parser import parse
>>> parse("not insats.insatstyp")
Not(operand=Ref(name='insatstyp', record_type='insats'))
>>> parse("kon ==")
Traceback (most recent call last):
    ...
bbic_su.errors.ExpressionError: expected a value, found end of expression in 'kon ==' at position 6

The grammar and precedence are described in :mod:`bbic_su.expr`, which re-exports
:func:`parse`. Nesting deeper than 50 levels (``not``, parentheses, calls) is an error,
so a hostile expression cannot exhaust the stack.
"""

from __future__ import annotations

import re
from typing import TypeAlias

from bbic_su.errors import ExpressionError
from bbic_su.expr._ast import (
    COMPARE_OPS,
    KEYWORDS,
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
    Str,
    Template,
)

__all__ = ["parse"]

_MAX_DEPTH = 50

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
