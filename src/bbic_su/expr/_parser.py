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
from bbic_su.expr import _ast as ast_

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
            if len(parts) == 1 and word in ast_.KEYWORDS:
                kind = "kw"
            elif any(p in ast_.KEYWORDS for p in parts):
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

    def parse(self) -> ast_.Expr:
        if self.peek()[0] == "end":
            raise ExpressionError("empty expression", self.text, 0)
        expr = self.or_expr()
        if self.peek()[0] != "end":
            raise self.fail("expected an operator or the end")
        return expr

    def or_expr(self) -> ast_.Expr:
        items = [self.and_expr()]
        while self.take("or"):
            items.append(self.and_expr())
        return items[0] if len(items) == 1 else ast_.Or(tuple(items))

    def and_expr(self) -> ast_.Expr:
        items = [self.not_expr()]
        while self.take("and"):
            items.append(self.not_expr())
        return items[0] if len(items) == 1 else ast_.And(tuple(items))

    def not_expr(self) -> ast_.Expr:
        if self.take("not"):
            self.nest()
            operand = self.not_expr()
            self.depth -= 1
            return ast_.Not(operand)
        return self.comparison()

    def comparison(self) -> ast_.Expr:
        left = self.primary()
        kind, word, _ = self.peek()
        if kind == "op" and word in ast_.COMPARE_OPS:
            self.i += 1
            return ast_.Compare(word, left, self.primary())
        if self.take("in"):
            return ast_.InList(left, self.list_items())
        if kind == "kw" and word == "not":
            self.i += 1
            self.expect("in")
            return ast_.InList(left, self.list_items(), negated=True)
        return left

    def literal(self) -> ast_.Literal:
        kind, word, _ = tok = self.peek()
        self.i += 1
        if kind == "str":
            return ast_.Str(word[1:-1])
        if kind == "num":
            return ast_.Num(int(word))
        if kind == "kw" and word in ("true", "false", "null"):
            return ast_.Const({"true": True, "false": False}.get(word))
        raise self.fail("expected a literal", tok)

    def list_items(self) -> tuple[ast_.Literal, ...]:
        self.expect("[")
        items: list[ast_.Literal] = []
        if not self.take("]"):
            items.append(self.literal())
            while self.take(","):
                items.append(self.literal())
            self.expect("]")
        return tuple(items)

    def primary(self) -> ast_.Expr:
        kind, word, _ = tok = self.peek()
        if kind in ("str", "num") or (kind == "kw" and word in ("true", "false", "null")):
            return self.literal()
        if kind == "op" and word == "[":
            return ast_.ListLit(self.list_items())
        if kind == "tmpl":
            self.i += 1
            return ast_.Template()
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
            return ast_.Ref(name, rt or None)
        if "." in word:
            raise self.fail("a function name cannot be qualified", tok)
        self.nest()
        args: list[ast_.Expr] = []
        if not self.take(")"):
            args.append(self.or_expr())
            while self.take(","):
                args.append(self.or_expr())
            self.expect(")")
        self.depth -= 1
        return ast_.Call(word, tuple(args))


def parse(text: str) -> ast_.Expr:
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
