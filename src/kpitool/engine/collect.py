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
        self._groups: list[str] = []
        self._done: list[pl.DataFrame] | None = None

    def add(self, frame: pl.LazyFrame, reports: Iterable[Report] = ()) -> int:
        """Register ``frame``, which reads ``reports`` (for the grouping of ``collect``)."""
        if self._done is not None:
            raise RuntimeError("the batch was already collected")
        sizes = [(r.path.stat().st_size, str(r.path)) for r in reports if r.path.is_file()]
        biggest = max(sizes, default=(0, ""))
        self._groups.append(biggest[1] if biggest[0] >= BIG_FILE else "")
        self._frames.append(frame)
        return len(self._frames) - 1

    def collect(self) -> None:
        """One ``collect_all`` for the queries of each big file, one for all the others.

        The queries of one report share its parsed rows (``Report.audit`` is cached), so
        they must run in one collect. Polars' streaming engine holds a big file's rows in
        memory when its queries run beside other cached reports' (5M search term rows: 660
        MB against 420 MB on their own), so a big file's queries get a collect of their own.
        """
        done: dict[int, pl.DataFrame] = {}
        for group in dict.fromkeys(self._groups):
            tickets = [i for i, g in enumerate(self._groups) if g == group]
            frames = pl.collect_all([self._frames[i] for i in tickets])
            done.update(zip(tickets, frames, strict=True))
        self._done = [done[i] for i in range(len(self._frames))]

    def __getitem__(self, ticket: int) -> pl.DataFrame:
        if self._done is None:
            raise RuntimeError("collect() the batch first")
        return self._done[ticket]
