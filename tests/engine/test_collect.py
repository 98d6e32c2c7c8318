"""engine/collect.Batch: a big file's queries are collected on their own; every ticket still
reads its own result."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from paths import REPO

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
    third, small = report(tmp_path / "big3.csv", 150), report(tmp_path / "small.csv", 10)
    calls: list[int] = []
    real = pl.collect_all

    def counting(frames: list[pl.LazyFrame]) -> list[pl.DataFrame]:
        calls.append(len(frames))
        return real(frames)

    monkeypatch.setattr(pl, "collect_all", counting)
    batch = Batch()
    owners = [
        [big], [small], [], [big, small], [other_big], [small, other_big, big], [big], [third],
    ]  # fmt: skip
    tickets = [batch.add(pl.LazyFrame({"n": [i]}), rs) for i, rs in enumerate(owners)]
    batch.collect()
    assert [batch[t]["n"].item() for t in tickets] == list(range(len(owners)))
    # ticket 5 reads big.csv and big2.csv: their queries (0, 3, 4, 5, 6) share one collect, so
    # that each file is parsed once; big3.csv: 7; the others: 1, 2
    assert sorted(calls) == [1, 2, 5]


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


def test_each_file_is_parsed_in_one_collect_of_a_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every file "big": the batch collects each file's queries together (they share its
    cached parse), which holds only if each query names every report it reads: profit by
    ASIN also reads the SKU-to-ASIN reports (the advertised product and by-item reports)."""
    from collections import Counter

    from kpitool.config import load_config
    from kpitool.engine.compute import compute
    from kpitool.engine.scan import read_folder

    from kpitool.io import folder

    root = REPO
    monkeypatch.setattr(collect, "BIG_FILE", 1)
    # and none small: their rows are not cleaned into memory before the batch reads them
    monkeypatch.setattr(folder, "SMALL_FILE", 0)
    scan = read_folder(root / "sample_reports" / "2026-10")
    paths = {str(r.path) for r in scan.reports}
    groups: list[set[str]] = []
    real_all, real_collect = pl.collect_all, Batch.collect

    def spy(frames: list[pl.LazyFrame]) -> list[pl.DataFrame]:
        plans = [f.explain(optimized=False) for f in frames]
        groups.append({p for p in paths if any(p in plan for plan in plans)})
        return real_all(frames)

    def batch_collect(self: Batch) -> None:
        with monkeypatch.context() as m:
            m.setattr(pl, "collect_all", spy)
            real_collect(self)

    monkeypatch.setattr(Batch, "collect", batch_collect)
    result = compute(scan, load_config(root / "configs" / "kpitool.yaml"), by=["asin"])
    assert any(r.kpi == "net_profit" and r.group and r.value for r in result.all_results())
    read = Counter(p for g in groups for p in g)
    assert len(read) > 5
    assert [p for p, n in read.items() if n > 1] == []
