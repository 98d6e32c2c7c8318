"""Run every lazy query of a compute run in one ``pl.collect_all``."""

from __future__ import annotations

import polars as pl


class Batch:
    """Register LazyFrames, collect them all at once, then read each result by its ticket."""

    def __init__(self) -> None:
        self._frames: list[pl.LazyFrame] = []
        self._done: list[pl.DataFrame] | None = None

    def add(self, frame: pl.LazyFrame) -> int:
        if self._done is not None:
            raise RuntimeError("the batch was already collected")
        self._frames.append(frame)
        return len(self._frames) - 1

    def collect(self) -> None:
        self._done = pl.collect_all(self._frames) if self._frames else []

    def __getitem__(self, ticket: int) -> pl.DataFrame:
        if self._done is None:
            raise RuntimeError("collect() the batch first")
        return self._done[ticket]
