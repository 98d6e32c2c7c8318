"""Number style per column: is ``,`` or ``.`` the decimal mark of this column?

One real German Business Report holds counts ``"3,218"`` (a thousands comma), percents
``"4.81%"`` and money ``"17.510,95 €"`` in one file, and a German Ads file ``€142.96``: a
style per file cannot read them. Each column's style comes from its own values first; where
they settle nothing (``1,234`` alone), from the file's other columns of the same sort (money
with money), then the currency symbol's position in the column (``€1,234``: the Ads console
writes US decimals after a leading symbol; ``1,234 €``: the German UI puts it after a decimal
comma), then the marketplace; a warning says which reading was taken. ``17.510,95`` is never
read as 17.51: a value in the other style is invalid (counted), never cut.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from kpitool.io.clean import CURRENCY_SYMBOLS, ISO_CODES
from kpitool.io.clean.sample import NUM_RUN, marks
from kpitool.io.kinds import ColType

#: marketplaces whose Seller Central UI writes 1.234,56 (report_formats.md: DE/FR/IT/ES)
DECIMAL_COMMA_MARKETPLACES = frozenset({"DE", "FR", "IT", "ES", "NL", "BE", "SE", "PL", "TR", "BR"})
#: currencies all of whose marketplaces write one style: a value in them settles its column
#: (EUR does not: amazon.de's Ads console writes €142.96, its Business Reports 17.510,95 €)
_COMMA_CURRENCIES = frozenset({"BRL", "SEK", "PLN", "TRY"})
_DOT_CURRENCIES = frozenset(
    {"USD", "CAD", "MXN", "AUD", "SGD", "GBP", "INR", "JPY", "AED", "SAR", "EGP"}
)

_AMBIGUOUS = re.compile(r"^\d{1,3}([.,])\d{3}$")  # 1,234 or 1.234: either reading
_SYMBOLS = sorted([*CURRENCY_SYMBOLS, *ISO_CODES], key=len, reverse=True)
_ANY_SYMBOL = "|".join(re.escape(s) for s in _SYMBOLS)  # the longest first
#: the currency symbol or code a text ends with (the longest: the match starting first)
_ENDS_WITH_SYMBOL = re.compile(rf"(?:{_ANY_SYMBOL})\Z")
#: ... starts with (the alternatives are tried longest first)
_STARTS_WITH_SYMBOL = re.compile(rf"(?:{_ANY_SYMBOL})")


class Style(StrEnum):
    COMMA = "comma"  # 1.234,56
    DOT = "dot"  # 1,234.56
    EITHER = "either"  # no separator: both readings agree
    AMBIGUOUS = "ambiguous"  # only values like 1,234: the readings disagree


@dataclass
class Evidence:
    comma: int = 0
    dot: int = 0
    ambiguous: str | None = None  # the first ambiguous value
    ambiguous_mark: str | None = None  # its separator
    leading: int = 0  # values with a currency symbol before the number
    trailing: int = 0  # ... after it
    currency: str | None = None  # the first currency (ISO code) a value names

    @property
    def style(self) -> Style:
        if self.comma or self.dot:
            return Style.COMMA if self.comma > self.dot else Style.DOT
        return Style.AMBIGUOUS if self.ambiguous else Style.EITHER


#: every ASCII digit to 0: values of one shape (``$14.70``, ``$98.15``: ``$00.00``) say the same
_SHAPE = str.maketrans("123456789", "000000000")


def evidence(values: Iterable[str | None]) -> Evidence:
    """What a column's raw cells say about its decimal mark.

    Each shape of value is read once, from its first value, and counts for all of its values:
    what a value says depends on where its digits are and how many, not on which digits
    (a sample's 500 values are some ten shapes). Its first value is the first in ``values``
    of that shape, so the first ambiguous value and the first currency are the same as
    value by value."""
    shapes: dict[str, list[Any]] = {}  # shape -> [its first value, how many]
    for raw in values:
        if raw is not None:
            seen = shapes.setdefault(raw.translate(_SHAPE), [raw, 0])
            seen[1] += 1
    ev = Evidence()
    for raw, n in shapes.values():
        _add(ev, raw, n)
    return ev


def _add(ev: Evidence, raw: str, n: int) -> None:
    """Add to ``ev`` what ``n`` values shaped as ``raw`` say."""
    m = NUM_RUN.search(raw)
    if m is None:
        return
    run = m.group(0)
    before, after = raw[: m.start()].strip(), raw[m.end() :].strip().rstrip("%").strip()
    found = _ENDS_WITH_SYMBOL.search(before)
    lead = found.group(0) if found else None
    found = None if lead else _STARTS_WITH_SYMBOL.match(after)
    trail = found.group(0) if found else None
    ev.leading += n * (lead is not None)
    ev.trailing += n * (trail is not None)
    if ev.currency is None and (lead or trail):
        symbol = lead or trail or ""
        ev.currency = CURRENCY_SYMBOLS.get(symbol, symbol)
    comma, dot = marks(run)
    ev.comma += n * (comma and not dot)
    ev.dot += n * (dot and not comma)
    a = _AMBIGUOUS.match(run.replace("\u00a0", "").strip())
    if a is not None and ev.ambiguous is None:
        ev.ambiguous, ev.ambiguous_mark = raw.strip(), a.group(1)


_GROUP = {
    ColType.MONEY: "money",
    ColType.AMOUNT: "money",
    ColType.PERCENT: "percent",
    ColType.FLOAT: "number",
    ColType.INT: "count",
}


@dataclass
class NumberColumn:
    header: str  # as in the file, for the warning
    type: ColType
    values: list[str]


def decide(
    columns: dict[str, NumberColumn], marketplace: str | None
) -> tuple[dict[str, bool], list[str]]:
    """Per column (key as given): True for a decimal comma; and the warnings for the columns
    whose reading had to be chosen."""
    ev = {k: evidence(c.values) for k, c in columns.items()}
    out: dict[str, bool] = {}
    warnings: list[str] = []
    for key, col in columns.items():
        e = ev[key]
        style = e.style
        if style in (Style.COMMA, Style.DOT):
            out[key] = style is Style.COMMA
        elif style is Style.EITHER:
            out[key] = False
        elif col.type is ColType.INT:
            # a count has no decimals: the separator in 1,234 or 1.234 groups thousands
            out[key] = e.ambiguous_mark == "."
        elif e.currency in _COMMA_CURRENCIES | _DOT_CURRENCIES:
            out[key] = e.currency in _COMMA_CURRENCIES  # certain: no warning
        else:
            comma, why = _choose(key, col, e, ev, columns, marketplace)
            out[key] = comma
            warnings.append(_warning(col, e, comma, why))
    return out, warnings


def _choose(
    key: str,
    col: NumberColumn,
    e: Evidence,
    ev: dict[str, Evidence],
    columns: dict[str, NumberColumn],
    marketplace: str | None,
) -> tuple[bool, str]:
    group = _GROUP[col.type]
    peers = [
        ev[k].style
        for k, c in columns.items()
        if k != key and _GROUP[c.type] == group and ev[k].style in (Style.COMMA, Style.DOT)
    ]
    if peers:
        comma = sum(s is Style.COMMA for s in peers) > len(peers) / 2
        return comma, f"as the file's other {group} columns"
    if e.leading or e.trailing:
        if e.leading >= e.trailing:
            return False, "the currency symbol comes before the number, as with US decimals"
        return True, "the currency symbol comes after the number, as with decimal commas"
    if marketplace:
        comma = marketplace in DECIMAL_COMMA_MARKETPLACES
        return comma, f"the usual style of the {marketplace} marketplace"
    return False, "the style of amazon.com, with no other hint in the file"


def _warning(col: NumberColumn, e: Evidence, comma: bool, why: str) -> str:
    value = e.ambiguous or ""
    mark = e.ambiguous_mark or ","
    digits = NUM_RUN.search(value)
    run = digits.group(0) if digits else value
    left, right = run.split(mark, 1)
    if (mark == ",") == comma:  # the mark is the decimal one
        reading = f"{left}.{right} ('{mark}' as the decimal mark)"
    else:
        reading = f"{left}{right} ('{mark}' grouping thousands)"
    return (
        f"column '{col.header}': values such as '{value}' can be read two ways; read as "
        f"{reading}: {why} (check one such value in Seller Central if in doubt)"
    )
