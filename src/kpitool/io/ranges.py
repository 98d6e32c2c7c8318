"""The 2025 Ads console custom report's ``Date range`` column: one range on each row
(``"Nov 09, 2025 - Nov 27, 2025"``), split into a start and an end column before detection,
so that the report reads like a summary-layout report (``Start Date``/``End Date`` per row).
A single date (``"Nov 09, 2025"``) is a range of one day."""

from __future__ import annotations

from typing import TypeVar

import polars as pl

from kpitool.io.headers import normalise

_RANGE_NAMES = {"date range"}
Frame = TypeVar("Frame", pl.DataFrame, pl.LazyFrame)


def range_columns(header: list[str]) -> list[int]:
    """Indexes of the header cells that hold a date range on each row."""
    return [i for i, h in enumerate(header) if normalise(h).name in _RANGE_NAMES]


def with_range_headers(header: list[str], ranges: list[int]) -> list[str]:
    """The header with a ``<name> (start)`` and ``<name> (end)`` cell per range column (at
    the end: the frame gets the split columns in the same order)."""
    extra = [f"{header[i].strip()} ({part})" for i in ranges for part in ("start", "end")]
    return [*header, *extra]


def split_ranges(frame: Frame, names: list[str], ranges: list[int]) -> Frame:
    """``frame`` with the start and end of each range column appended (raw text)."""
    exprs: list[pl.Expr] = []
    for i in ranges:
        text = pl.col(names[i]).cast(pl.String).str.strip_chars()
        parts = text.str.split_exact(" - ", 1)
        start = parts.struct.field("field_0")
        exprs += [
            start.alias(f"{names[i]}_start"),
            pl.coalesce(parts.struct.field("field_1"), start).alias(f"{names[i]}_end"),
        ]
    return frame.with_columns(exprs) if exprs else frame
