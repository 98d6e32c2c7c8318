"""The safe formula language of custom KPIs (``kpis: {x: {formula: "ad_spend / units"}}``).

Grammar (a tokenizer and a recursive-descent parser; user text is never given to ``eval``,
``compile`` or ``ast``)::

    expr   := term (("+" | "-") term)*
    term   := unary (("*" | "/") unary)*
    unary  := "-" unary | atom
    atom   := NUMBER | NAME | "(" expr ")"
    NUMBER := digits ["." digits] | "." digits        (12, 0.5, .5; no exponents)
    NAME   := letter (letter | digit | "_")*            (a KPI id)

Conditions (``compute --where``, :func:`parse_condition`) add comparisons and logic on top::

    cond   := conj ("or" conj)*
    conj   := neg ("and" neg)*
    neg    := "not" neg | cmp
    cmp    := expr ("<" | "<=" | ">" | ">=" | "==" | "!=") expr | "(" cond ")"

where ``and``, ``or`` and ``not`` are keywords. A condition must compare: ``clicks`` alone, or
``clicks > 10 + (acos < 1)``, is an error pointing at the token. Comparing a null (a KPI
without a value for the group) gives null, and a null condition does not match; ``and``/``or``
follow Kleene logic (``null or true`` is true), as Polars does.

Anything else (``**``, attribute access, calls, strings, commas, keywords used as code) is an
error. Errors are :class:`FormulaError` messages that quote the formula and point at the bad
token by its 1-based column: ``"ad_spend / / units": unexpected '/' at column 12``.

Limits: at most :data:`MAX_LENGTH` characters and :data:`MAX_DEPTH` levels of nesting
(parentheses and unary minus), so a hostile formula cannot exhaust the stack.

:func:`to_expr` turns a parsed formula into a Polars expression; a division yields null where
the divisor is 0 (or null), never inf or NaN.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

from kpitool.errors import KpiToolError
from kpitool.kpis.registry import safe_div

MAX_LENGTH = 500
MAX_DEPTH = 50


class FormulaError(KpiToolError):
    """A custom KPI formula that does not parse."""


@dataclass(frozen=True)
class Num:
    value: float
    col: int


@dataclass(frozen=True)
class Name:
    id: str
    col: int


@dataclass(frozen=True)
class Unary:
    op: str  # "-"
    operand: Node
    col: int


@dataclass(frozen=True)
class Binary:
    op: str  # "+", "-", "*", "/"
    left: Node
    right: Node
    col: int


@dataclass(frozen=True)
class Compare:
    op: str  # "<", "<=", ">", ">=", "==", "!="
    left: Node
    right: Node
    col: int


@dataclass(frozen=True)
class Logic:
    op: str  # "and", "or"
    left: Node
    right: Node
    col: int


@dataclass(frozen=True)
class Not:
    operand: Node
    col: int


Node = Num | Name | Unary | Binary | Compare | Logic | Not
_BOOLEAN = (Compare, Logic, Not)
_KEYWORDS = frozenset({"and", "or", "not"})


@dataclass(frozen=True)
class _Token:
    kind: str  # "num", "name", "op", "end"
    text: str
    col: int  # 1-based


_TOKEN = re.compile(
    r"(?P<ws>\s+)"
    r"|(?P<num>\d+(?:\.\d+)?|\.\d+)"
    r"|(?P<name>[A-Za-z][A-Za-z0-9_]*)"
    r"|(?P<op><=|>=|==|!=|[-+*/()<>])"
)


_COMPARE: dict[str, Callable[[pl.Expr, pl.Expr], pl.Expr]] = {
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
}


def _error(text: str, message: str) -> FormulaError:
    return FormulaError(f'"{text}": {message}')


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    pos = 0
    while pos < len(text):
        if text.startswith("**", pos):
            raise _error(text, f"unexpected '**' at column {pos + 1} (powers are not supported)")
        if text[pos] == "=" and not text.startswith("==", pos):  # a lone "="
            raise _error(text, f"unexpected '=' at column {pos + 1} (compare with ==)")
        m = _TOKEN.match(text, pos)
        if m is None:
            bad = text[pos]
            raise _error(text, f"unexpected {bad!r} at column {pos + 1}")
        kind = m.lastgroup
        assert kind is not None
        if kind != "ws":
            tokens.append(_Token(kind, m.group(), pos + 1))
        pos = m.end()
    tokens.append(_Token("end", "", len(text) + 1))
    return tokens


class _Parser:
    def __init__(self, text: str, condition: bool = False) -> None:
        self.text = text
        self.tokens = _tokenize(text)
        self.i = 0
        self.depth = 0
        #: parsing a condition: and/or/not are keywords, comparisons allowed
        self.condition = condition

    @property
    def tok(self) -> _Token:
        return self.tokens[self.i]

    def unexpected(self) -> FormulaError:
        t = self.tok
        if t.kind == "end":
            what = "condition" if self.condition else "formula"
            return _error(self.text, f"unexpected end of {what} at column {t.col}")
        return _error(self.text, f"unexpected {t.text!r} at column {t.col}")

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _error(
                self.text, f"nested too deeply at column {self.tok.col} (at most {MAX_DEPTH})"
            )

    def parse(self) -> Node:
        node = self.cond() if self.condition else self.expr()
        if self.tok.kind != "end":
            raise self.unexpected()
        return node

    def keyword(self, word: str) -> bool:
        return self.condition and self.tok.kind == "name" and self.tok.text == word

    def cond(self) -> Node:
        return self.logic("or", self.conj)

    def conj(self) -> Node:
        return self.logic("and", self.neg)

    def logic(self, word: str, operand: Callable[[], Node]) -> Node:
        """``operand (word operand)*``, left to right."""
        node = operand()
        while self.keyword(word):
            op = self.tok
            self.i += 1
            node = Logic(word, node, operand(), op.col)
        return node

    def neg(self) -> Node:
        t = self.tok
        if self.keyword("not"):
            self.i += 1
            self.enter()
            operand = self.neg()
            self.depth -= 1
            return Not(operand, t.col)
        return self.cmp()

    def cmp(self) -> Node:
        left = self.expr()
        t = self.tok
        if t.kind == "op" and t.text in ("<", "<=", ">", ">=", "==", "!="):
            self.i += 1
            right = self.expr()
            return Compare(t.text, left, right, t.col)
        return left  # a parenthesised condition, or a number inside parentheses: see _typecheck

    def expr(self) -> Node:
        node = self.term()
        while self.tok.kind == "op" and self.tok.text in "+-":
            op = self.tok
            self.i += 1
            node = Binary(op.text, node, self.term(), op.col)
        return node

    def term(self) -> Node:
        node = self.unary()
        while self.tok.kind == "op" and self.tok.text in "*/":
            op = self.tok
            self.i += 1
            node = Binary(op.text, node, self.unary(), op.col)
        return node

    def unary(self) -> Node:
        t = self.tok
        if t.kind == "op" and t.text == "-":
            self.i += 1
            self.enter()
            operand = self.unary()
            self.depth -= 1
            return Unary("-", operand, t.col)
        return self.atom()

    def atom(self) -> Node:
        t = self.tok
        if t.kind == "num":
            self.i += 1
            return Num(float(t.text), t.col)
        if t.kind == "name" and not (self.condition and t.text in _KEYWORDS):
            self.i += 1
            return Name(t.text, t.col)
        if t.kind == "op" and t.text == "(":
            self.i += 1
            self.enter()
            node = self.cond() if self.condition else self.expr()
            if not (self.tok.kind == "op" and self.tok.text == ")"):
                raise self.unexpected()
            self.i += 1
            self.depth -= 1
            return node
        raise self.unexpected()


def parse(text: str) -> Node:
    """Parse a formula; raise :class:`FormulaError` pointing at the bad token."""
    if len(text) > MAX_LENGTH:
        raise FormulaError(f"formula too long ({len(text)} characters, at most {MAX_LENGTH})")
    if not text.strip():
        raise FormulaError('"": empty formula (write e.g. "ad_spend / units")')
    return _Parser(text).parse()


def parse_condition(text: str) -> Node:
    """Parse a condition (``clicks >= 10 and ad_orders == 0``); raise :class:`FormulaError`
    pointing at the bad token."""
    if len(text) > MAX_LENGTH:
        raise FormulaError(f"condition too long ({len(text)} characters, at most {MAX_LENGTH})")
    if not text.strip():
        raise FormulaError('"": empty condition (write e.g. "clicks >= 10 and ad_orders == 0")')
    node = _Parser(text, condition=True).parse()
    _typecheck(text, node, boolean=True)
    return node


def _typecheck(text: str, node: Node, boolean: bool) -> None:
    """A condition where a condition is expected, a number where a number is: else an error
    at the column of the node that is of the wrong kind."""
    if isinstance(node, _BOOLEAN) != boolean:
        want, got = ("a condition", "a number") if boolean else ("a number", "a condition")
        hint = " (compare it: clicks >= 10)" if boolean else ""
        raise _error(text, f"{got} where {want} is expected at column {node.col}{hint}")
    match node:
        case Logic(left=left, right=right):
            _typecheck(text, left, True)
            _typecheck(text, right, True)
        case Not(operand=operand):
            _typecheck(text, operand, True)
        case Compare(left=left, right=right) | Binary(left=left, right=right):
            _typecheck(text, left, False)
            _typecheck(text, right, False)
        case Unary(operand=operand):
            _typecheck(text, operand, False)


def names(node: Node) -> set[str]:
    """The KPI ids a formula refers to."""
    match node:
        case Name(id=id_):
            return {id_}
        case Num():
            return set()
        case Unary(operand=operand):
            return names(operand)
        case Binary(left=left, right=right) | Compare(left=left, right=right):
            return names(left) | names(right)
        case Logic(left=left, right=right):
            return names(left) | names(right)
        case Not(operand=operand):
            return names(operand)
    raise TypeError(node)  # pragma: no cover


def to_expr(node: Node, resolve: Callable[[str], pl.Expr]) -> pl.Expr:
    """The Polars expression of a parsed formula; ``resolve`` maps a KPI id to its expression."""
    match node:
        case Num(value=value):
            return pl.lit(value, dtype=pl.Float64)
        case Name(id=id_):
            return resolve(id_)
        case Unary(operand=operand):
            return -to_expr(operand, resolve)
        case Binary(op=op, left=left, right=right):
            a, b = to_expr(left, resolve), to_expr(right, resolve)
            if op == "+":
                return a + b
            if op == "-":
                return a - b
            if op == "*":
                return a * b
            return safe_div(a, b)
        case Compare(op=op, left=left, right=right):
            a, b = to_expr(left, resolve), to_expr(right, resolve)
            return _COMPARE[op](a, b)
        case Logic(op=op, left=left, right=right):
            a, b = to_expr(left, resolve), to_expr(right, resolve)
            return a & b if op == "and" else a | b
        case Not(operand=operand):
            return ~to_expr(operand, resolve)
    raise TypeError(node)  # pragma: no cover
