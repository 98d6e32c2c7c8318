"""Run every lazy query of a compute run in a few ``pl.collect_all`` calls."""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from kpitool.io.model import Report

#: a report file at least this big has its queries collected on their own (see Batch.collect)
BIG_FILE = 64 * 1024**2


class Batch:
    """Register LazyFrames, collect them, then read each result by its ticket."""

    def __init__(self) -> None:
        self._frames: list[pl.LazyFrame] = []
        self._bigs: list[list[str]] = []  # per ticket: the big files its query reads
        self._done: list[pl.DataFrame] | None = None

    def add(self, frame: pl.LazyFrame, reports: Iterable[Report] = ()) -> int:
        """Register ``frame``, which reads ``reports`` (for the grouping of ``collect``)."""
        if self._done is not None:
            raise RuntimeError("the batch was already collected")
        paths = {str(r.path): r.path for r in reports}
        self._bigs.append(
            [k for k, p in paths.items() if p.is_file() and p.stat().st_size >= BIG_FILE]
        )
        self._frames.append(frame)
        return len(self._frames) - 1

    def collect(self) -> None:
        """One ``collect_all`` for the queries of each big file, one for all the others.

        The queries of one report share its parsed rows (``Report.audit`` is cached), so
        they must run in one collect: a query that reads two big files joins their groups.
        Polars' streaming engine holds a big file's rows in memory when its queries run
        beside other cached reports' (5M search term rows: 660 MB against 420 MB on their
        own), so a big file's queries get a collect of their own.
        """
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
            frames = pl.collect_all([self._frames[i] for i in tickets])
            done.update(zip(tickets, frames, strict=True))
        self._done = [done[i] for i in range(len(self._frames))]

    def __getitem__(self, ticket: int) -> pl.DataFrame:
        if self._done is None:
            raise RuntimeError("collect() the batch first")
        return self._done[ticket]
