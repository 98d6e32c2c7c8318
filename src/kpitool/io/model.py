"""What the io layer hands to the rest of kpitool: canonical tables plus their metadata."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import polars as pl

from kpitool.io.kinds import ReportKind

#: the column numbering the files of a batch (see ``Recipe``)
FILE = "_file"
#: 1-based line (or sheet row) number of each data row in the file
ROW = "_row"


@dataclass(frozen=True)
class Recipe:
    """How a report's audit is made from its raw rows, so that small files cleaned alike
    are measured together: the cost of a query is mostly per expression, not per row (a
    one-row Business Report takes ~10 ms alone, ~0.1 ms in a batch of 100).

    ``key``: equal for files whose audits are the same expressions; ``raw``: the file's rows
    as read (text, with ``_row``); ``build(rows, batched)``: the audit of ``rows``, which
    carry a ``FILE`` column when ``batched``. A batch's audit is small (small files), so
    ``measure`` keeps it in memory, and each report's audit and frame become slices of it:
    compute's queries of those reports no longer clean their rows one file at a time."""

    key: str
    raw: pl.LazyFrame
    build: Callable[[pl.LazyFrame, bool], pl.LazyFrame]
    #: the report's rows (``Report.frame``) from its audit
    frame_of: Callable[[pl.LazyFrame], pl.LazyFrame]
    #: a file that is not small: its audit and frame once its repeated rows are found by a
    #: streamed pass (io/repeats.py), None if it cannot be read through. The audit it has
    #: until then flags them in memory, which holds the file (see ``stream_repeats``)
    streamed: Callable[[], tuple[pl.LazyFrame, pl.LazyFrame] | None] | None = None


@dataclass
class Report:
    """One report file, read: a LazyFrame of canonical, typed columns and what we know of it.

    ``frame`` holds only rows that passed cleaning; ``dropped`` counts the others by reason, so
    that ``rows == rows_used + sum(dropped.values())``.
    """

    path: Path
    kind: ReportKind
    frame: pl.LazyFrame
    rows: int = 0
    dropped: dict[str, int] = field(default_factory=dict)
    currency: str | None = None
    marketplace: str | None = None
    ad_type: str | None = None  # "SP", "SB", "SD" for Ads console reports
    attribution_days: int | None = None
    grain: str | None = None  # business_report_by_item: "child" or "parent"
    start: date | None = None
    end: date | None = None
    #: the date range the download was asked for, where its name says it (a Date Range
    #: Report ``2026Oct1-2026Oct31CustomTransaction.csv``): the data may end earlier
    requested: tuple[date, date] | None = None
    #: the period named by the nearest enclosing folder (``2026-10/``), set by the reader of
    #: the folder; an undated report (a by-item Business Report) covers it
    folder_period: tuple[date, date] | None = None
    #: an undated report: the days it is taken to cover (its folder's period, else the
    #: ``--period`` asked for); None for dated reports, or undated ones not used
    covers: tuple[date, date] | None = None
    warnings: list[str] = field(default_factory=list)
    #: sha256 of the raw bytes, to spot the same download saved twice
    digest: str = ""
    mtime: float = 0.0
    #: every row as read, with ``_row`` (line number) and one boolean ``_bad<i>`` column per
    #: entry of ``bad_reasons``; ``measure`` counts from it. None for hand-built reports.
    audit: pl.LazyFrame | None = None
    bad_reasons: list[str] = field(default_factory=list)
    #: the first ``row_reasons`` of ``bad_reasons`` leave the row out; the others a cell only
    row_reasons: int = 0
    #: the canonical columns the file really has (the others are null); None: unknown
    columns: frozenset[str] | None = None
    #: set by ``measure``: rows, dropped and the date range are known
    measured: bool = False
    #: how ``audit`` was made (None for hand-built reports)
    recipe: Recipe | None = None

    def has_column(self, name: str) -> bool:
        return self.columns is None or name in self.columns

    @property
    def rows_used(self) -> int:
        return self.rows - sum(self.dropped.values())


@dataclass
class Skipped:
    path: Path
    reason: str


@dataclass
class FileError:
    """A file that looked like a report but could not be read. The run exits 3."""

    path: Path
    message: str


@dataclass
class Scan:
    """The result of reading a folder."""

    folder: Path
    reports: list[Report] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def of_kind(self, *kinds: ReportKind) -> list[Report]:
        return [r for r in self.reports if r.kind in kinds]
