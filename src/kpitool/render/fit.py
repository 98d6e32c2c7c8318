"""Tables that fit the terminal: no line wider than the console, whatever its width.

A table is built at the fullest level that fits, then squeezed one step at a time: statuses
become their symbol, money loses its currency code (the title names it) and the box its
vertical lines, then the group labels leave their columns for a line above their rows; names
(file names, group labels, drivers) are then ellipsized in the middle,
where an id, a date and a number are never cut. Rich wraps what still does not fit (formulas,
notes), and its last resort is to cut every column alike.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

#: the narrowest a name is ellipsized to: below it the name says nothing
MIN_NAME = 12


@dataclass(frozen=True)
class Squeeze:
    """How much a table gives up to fit: read by the functions that build its cells."""

    short: bool = False  # statuses as their symbol alone (✓ ✗ ! – ?)
    bare: bool = False  # money without its currency code, the box without vertical lines
    names: int | None = None  # the widest a name may be (ellipsized in the middle)
    stacked: bool = False  # group labels on a line of their own above their rows

    def columns(self, dims: list[str]) -> list[str]:
        """The group columns of the table: none once stacked."""
        return [] if self.stacked else dims

    def heading(self, dims: list[str], labels: list[str]) -> str | None:
        """The lines above a group's rows when stacked, one per dimension (``asin B0...``);
        ``labels`` already escaped."""
        if not self.stacked or not dims:
            return None
        return "\n".join(self.name(f"{d} {v}") for d, v in zip(dims, labels, strict=True))

    def name(self, text: str) -> str:
        return middle(text, self.names)

    def currency(self, currency: str | None) -> str | None:
        return None if self.bare else currency


LEVELS = (
    Squeeze(),
    Squeeze(short=True),
    Squeeze(short=True, bare=True),
    Squeeze(short=True, bare=True, stacked=True),
)


def middle(text: str, width: int | None) -> str:
    """``text`` cut to ``width`` characters with an ellipsis in the middle, so that both the
    start and the end of a file name (its date, its extension) stay readable."""
    if width is None or len(text) <= width:
        return text
    if width <= 1:
        return "…"[:width]
    head = width // 2
    tail = width - 1 - head
    return text[:head] + "…" + (text[-tail:] if tail else "")


def width_of(console: Console, renderable: Table) -> int:
    """The width ``renderable`` takes when nothing limits it."""
    return console.measure(renderable, options=console.options.update_width(100_000)).maximum


def fit(
    console: Console, build: Callable[[Squeeze], Table], longest_name: int = 0
) -> tuple[Table, Squeeze]:
    """The fullest table that ``build`` makes that fits ``console``, and the squeeze it took
    (see the module doc). ``longest_name`` is the length of the longest name cell: the
    budget names shrink from."""
    for squeeze in LEVELS:
        table = build(squeeze)
        over = width_of(console, table) - console.width
        if over <= 0:
            return table, squeeze
    names = longest_name
    for _ in range(3):  # names shrink by what is over; a rebuild measures again
        if over <= 0 or names <= MIN_NAME:
            break
        names = max(MIN_NAME, names - over)
        squeeze = replace(LEVELS[-1], names=names)
        table = build(squeeze)
        over = width_of(console, table) - console.width
    return table, squeeze


def new_table(squeeze: Squeeze, title: str) -> Table:
    """An empty table titled ``title``: no vertical lines once the squeeze is bare."""
    from rich import box
    from rich.table import Table

    if not squeeze.bare:
        return Table(title=title, title_justify="left")
    return Table(
        title=title,
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        collapse_padding=True,
    )
