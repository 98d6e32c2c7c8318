"""Run every lazy query of a compute run in a few ``pl.collect_all`` calls."""

from __future__ import annotations

import shutil
import tempfile
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeVar

import polars as pl

from kpitool.io.model import Report

#: a report file at least this big has its queries collected on their own (see Batch.collect)
BIG_FILE = 64 * 1024**2
#: a :class:`Grouped` reading files this big (some 1.5M rows of a search term report) sums
#: their rows from a temporary file (see Batch.collect), at most about this many at a time
SPILL_FILES = 256 * 1024**2
ROWS_PER_PASS = 1_500_000
#: the temporary folders of the group-bys being summed now (removed if a signal stops the run)
SPILLING: set[str] = set()


A = TypeVar("A")
B = TypeVar("B")


def side_by_side(first: Callable[[], A], second: Callable[[], B]) -> tuple[A, B]:
    """``first()`` in a thread of its own while ``second()`` runs in this one (Polars lets
    go of the GIL: the two use both cores); both results, or the first one's error.

    The thread is a daemon: a signal that stops the run does not wait for it."""
    out: list[A] = []
    failed: list[BaseException] = []

    def run() -> None:
        try:
            out.append(first())
        except BaseException as exc:  # raised again in the caller's thread
            failed.append(exc)

    thread = threading.Thread(target=run, name="kpitool-side", daemon=True)
    thread.start()
    try:
        second_out = second()
    finally:
        thread.join()
    if failed:
        raise failed[0]
    return out[0], second_out


@dataclass(frozen=True)
class Grouped:
    """``rows`` summed by ``keys`` (``aggs``): a group-by that may have a group per search
    term. Of files of :data:`SPILL_FILES` it is not run beside their other queries (see
    Batch.collect)."""

    rows: pl.LazyFrame
    keys: Sequence[str]
    aggs: Sequence[pl.Expr]

    def query(self) -> pl.LazyFrame:
        return self.rows.group_by(list(self.keys)).agg(self.aggs)

    def to_file(self, path: Path) -> pl.LazyFrame:
        """The rows written to ``path``, each with a hash of its keys (what pass sums it)."""
        part = (pl.struct(list(self.keys)).hash(0) % _PARTS).cast(pl.UInt8).alias(_PART)
        return self.rows.with_columns(part).sink_parquet(path, lazy=True)

    def from_file(self, path: Path) -> pl.DataFrame:
        """The sums of the rows written to ``path`` (:meth:`to_file`): the groups split by the
        hash of their keys into passes of about :data:`ROWS_PER_PASS` rows, each summed on
        its own."""
        rows = pl.scan_parquet(path)
        n = rows.select(pl.len()).collect().item()
        passes = min(_PARTS, max(1, -(-n // ROWS_PER_PASS)))
        part = pl.col(_PART) % passes
        return pl.concat(
            [replace(self, rows=rows.filter(part == i)).query().collect() for i in range(passes)]
        )


#: the column of :meth:`Grouped.to_file` that says which pass sums a row, of so many values
_PART, _PARTS = "__pass", 256


class Batch:
    """Register LazyFrames, collect them, then read each result by its ticket."""

    def __init__(self) -> None:
        self._frames: list[pl.LazyFrame | Grouped] = []
        self._bigs: list[list[str]] = []  # per ticket: the big files its query reads
        self._bytes: list[int] = []  # per ticket: the size of those files
        self._done: list[pl.DataFrame] | None = None

    def add(self, frame: pl.LazyFrame | Grouped, reports: Iterable[Report] = ()) -> int:
        """Register ``frame``, which reads ``reports`` (for the grouping of ``collect``)."""
        if self._done is not None:
            raise RuntimeError("the batch was already collected")
        paths = {str(r.path): r.path for r in reports}
        sizes = {k: p.stat().st_size for k, p in paths.items() if p.is_file()}
        self._bigs.append([k for k, size in sizes.items() if size >= BIG_FILE])
        self._bytes.append(sum(sizes[k] for k in self._bigs[-1]))
        self._frames.append(frame)
        return len(self._frames) - 1

    def collect(self) -> None:
        """One ``collect_all`` for the queries of each big file, one for all the others.

        The queries of one report share its parsed rows (``Report.audit`` is cached), so
        they must run in one collect: a query that reads two big files joins their groups.
        Polars' streaming engine holds a big file's rows in memory when its queries run
        beside other cached reports' (5M search term rows: 660 MB against 420 MB on their
        own), so a big file's queries get a collect of their own.

        A :class:`Grouped` of files of :data:`SPILL_FILES` (a group per search term) does
        not sum their rows there: Polars' streaming group-by keeps a partial sum per row read
        when the groups are many (514k search terms of 5M rows: 400 MB more), and a slow
        consumer of the file beside fast ones has the file's rows queued for it. Its rows
        (the keys and the values: some 12 MB of Parquet at 5M rows) are written to a
        temporary file in the file's collect instead, then summed from it, a slice of the
        groups at a time (:meth:`Grouped.from_file`). A 1M-row search term report (171 MB)
        is below :data:`SPILL_FILES`: its group-by runs with the file's queries, as fast."""
        group = {path: path for bigs in self._bigs for path in bigs}

        def root(path: str) -> str:
            while group[path] != path:
                path = group[path]
            return path

        for bigs in self._bigs:  # union: one group per set of big files read together
            for other in bigs[1:]:
                group[root(other)] = root(bigs[0])
        keys = [root(bigs[0]) if bigs else "" for bigs in self._bigs]
        done: dict[int, pl.DataFrame] = {}
        for key in dict.fromkeys(keys):
            tickets = [i for i, k in enumerate(keys) if k == key]
            spill = {
                i: f
                for i in tickets
                if isinstance(f := self._frames[i], Grouped) and self._bytes[i] >= SPILL_FILES
            }
            frames = self._spilled(tickets, spill) if spill else None
            if frames is None:
                frames = pl.collect_all([_query(self._frames[i]) for i in tickets])
            done.update(zip(tickets, frames, strict=True))
        self._done = [done[i] for i in range(len(self._frames))]

    def _spilled(self, tickets: list[int], spill: dict[int, Grouped]) -> list[pl.DataFrame] | None:
        """The queries of ``tickets``, the :class:`Grouped` of ``spill`` through a temporary
        file; None if that file cannot be written (then they run as any query)."""
        try:
            with tempfile.TemporaryDirectory(prefix="kpitool-sums-") as tmp:
                SPILLING.add(tmp)
                paths = {i: Path(tmp) / f"{i}.parquet" for i in spill}
                frames = pl.collect_all(
                    [
                        spill[i].to_file(paths[i]) if i in spill else _query(self._frames[i])
                        for i in tickets
                    ]
                )
                return [
                    spill[i].from_file(paths[i]) if i in spill else df
                    for i, df in zip(tickets, frames, strict=True)
                ]
        except (OSError, pl.exceptions.PolarsError):
            return None  # no room for it, or a file that cannot be read: said by the caller
        finally:
            SPILLING.clear()

    def __getitem__(self, ticket: int) -> pl.DataFrame:
        if self._done is None:
            raise RuntimeError("collect() the batch first")
        return self._done[ticket]


def remove_spilled() -> None:
    """Remove the temporary files of the group-bys being summed (a signal stops the run)."""
    for path in list(SPILLING):
        shutil.rmtree(path, ignore_errors=True)


def _query(frame: pl.LazyFrame | Grouped) -> pl.LazyFrame:
    return frame.query() if isinstance(frame, Grouped) else frame
