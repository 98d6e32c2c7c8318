"""engine/collect.Batch: a big file's queries are collected on their own; every ticket still
reads its own result."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from kpitool.engine import collect
from kpitool.engine.collect import Batch
from kpitool.io.kinds import ReportKind
from kpitool.io.model import Report


def report(path: Path, size: int) -> Report:
    path.write_bytes(b"x" * size)
    return Report(path=path, kind=ReportKind.SP_CAMPAIGN, frame=pl.LazyFrame())


def test_tickets_read_their_own_results_across_groups(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(collect, "BIG_FILE", 100)
    big, other_big = report(tmp_path / "big.csv", 200), report(tmp_path / "big2.csv", 300)
    small = report(tmp_path / "small.csv", 10)
    calls: list[int] = []
    real = pl.collect_all

    def counting(frames: list[pl.LazyFrame]) -> list[pl.DataFrame]:
        calls.append(len(frames))
        return real(frames)

    monkeypatch.setattr(pl, "collect_all", counting)
    batch = Batch()
    owners = [[big], [small], [], [big, small], [other_big], [small, other_big, big], [big]]
    tickets = [batch.add(pl.LazyFrame({"n": [i]}), rs) for i, rs in enumerate(owners)]
    batch.collect()
    assert [batch[t]["n"].item() for t in tickets] == list(range(len(owners)))
    # big.csv: tickets 0, 3, 6; big2.csv (the biggest of its reports): 4, 5; the rest: 1, 2
    assert sorted(calls) == [2, 2, 3]


def test_without_big_files_one_collect(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    real = pl.collect_all
    monkeypatch.setattr(pl, "collect_all", lambda fs: calls.append(len(fs)) or real(fs))
    batch = Batch()
    small = report(tmp_path / "a.csv", 10)
    for i in range(3):
        batch.add(pl.LazyFrame({"n": [i]}), [small])
    batch.collect()
    assert calls == [3]
    with pytest.raises(RuntimeError, match="already collected"):
        batch.add(pl.LazyFrame())
