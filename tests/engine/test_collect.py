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


def _rows(n: int) -> pl.LazyFrame:
    """n rows over 7 terms and 2 owners; ``v`` null in every row of term t3."""
    terms = [f"t{i % 7}" for i in range(n)]
    return pl.LazyFrame(
        {
            "owner": ["a" if i % 2 else "b" for i in range(n)],
            "term": terms,
            "v": [None if t == "t3" else float(i) for i, t in enumerate(terms)],
        }
    )


def _by_hand(n: int) -> dict[tuple[str, str], float | None]:
    sums: dict[tuple[str, str], float | None] = {}
    for i in range(n):
        key, term = ("a" if i % 2 else "b", f"t{i % 7}"), f"t{i % 7}"
        value = None if term == "t3" else float(i)
        old = sums.get(key)
        sums[key] = value if old is None else old + (value or 0.0)
    return sums


def _grouped(n: int) -> collect.Grouped:
    v = pl.col("v")
    return collect.Grouped(
        _rows(n), ["owner", "term"], [pl.when(v.is_not_null().any()).then(v.sum())]
    )


@pytest.mark.parametrize("per_pass", [1_000, 7, 1])
def test_a_big_files_group_by_sums_every_group_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, per_pass: int
) -> None:
    """Of a big file, a Grouped is written to a temp file in the file's collect and summed
    from it in passes (one pass, a few, one row each): the same sums, each group once, the
    other queries of the file unchanged, and the temp file removed."""
    monkeypatch.setattr(collect, "BIG_FILE", 100)
    monkeypatch.setattr(collect, "SPILL_FILES", 150)
    monkeypatch.setattr(collect, "ROWS_PER_PASS", per_pass)
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(collect.tempfile, "tempdir", str(temp))
    big = report(tmp_path / "big.csv", 200)
    read: list[Path] = []
    live: list[set[str]] = []  # what a signal would remove while it is summed
    real = collect.Grouped.from_file

    def from_file(g: collect.Grouped, path: Path) -> pl.DataFrame:
        read.append(path)
        live.append(set(collect.SPILLING))
        return real(g, path)

    monkeypatch.setattr(collect.Grouped, "from_file", from_file)
    batch = Batch()
    other = batch.add(pl.LazyFrame({"n": [5]}), [big])
    ticket = batch.add(_grouped(40), [big])
    below = batch.add(_grouped(40), [report(tmp_path / "below.csv", 120)])  # big, not spilled
    batch.collect()
    assert {(r["owner"], r["term"]): r["v"] for r in batch[below].iter_rows(named=True)} == (
        _by_hand(40)
    )
    got = {(r["owner"], r["term"]): r["v"] for r in batch[ticket].iter_rows(named=True)}
    assert batch[ticket].height == len(got) == 14
    assert got == _by_hand(40)
    assert got["a", "t3"] is None and got["b", "t3"] is None  # no data stays no data
    assert batch[other]["n"].item() == 5
    assert len(read) == 1 and read[0].is_relative_to(temp)  # summed from the temp file
    assert live == [{str(read[0].parent)}]
    assert list(temp.iterdir()) == []
    assert not collect.SPILLING


def test_a_signal_removes_the_group_bys_temp_files(tmp_path: Path) -> None:
    folder = tmp_path / "kpitool-sums-x"
    folder.mkdir()
    (folder / "0.parquet").write_bytes(b"rows")
    collect.SPILLING.add(str(folder))
    collect.remove_spilled()
    assert not folder.exists()
    collect.SPILLING.clear()


def test_a_group_by_without_room_for_its_temp_file_runs_as_a_query(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(collect, "BIG_FILE", 100)
    monkeypatch.setattr(collect, "SPILL_FILES", 150)
    monkeypatch.setattr(collect.tempfile, "tempdir", str(tmp_path / "missing"))
    big, small = report(tmp_path / "big.csv", 200), report(tmp_path / "small.csv", 10)
    batch = Batch()
    tickets = [batch.add(_grouped(40), [big]), batch.add(_grouped(40), [small])]
    batch.collect()
    for t in tickets:
        assert {(r["owner"], r["term"]): r["v"] for r in batch[t].iter_rows(named=True)} == (
            _by_hand(40)
        )


def test_side_by_side_gives_both_results_and_the_first_error() -> None:
    from kpitool.engine.collect import side_by_side

    seen: list[str] = []
    assert side_by_side(lambda: seen.append("first") or 1, lambda: seen.append("second") or 2) == (
        1,
        2,
    )
    assert sorted(seen) == ["first", "second"]

    def boom() -> int:
        raise ValueError("a file that cannot be read")

    with pytest.raises(ValueError, match="cannot be read"):
        side_by_side(boom, lambda: 2)
    with pytest.raises(KeyError):
        side_by_side(lambda: 1, lambda: {}["x"])
