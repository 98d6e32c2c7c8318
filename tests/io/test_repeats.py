"""Rows repeated inside one file, found by a streamed pass over row hashes (io/repeats.py):
exact, whether the hashes are distinct or shared by unequal rows."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from kpitool.io import repeats

ROWS = [  # (line, campaign, spend): the repeats are written out by hand below
    (2, "A", "1"),
    (3, "B", "2"),
    (4, "A", "1"),  # repeats line 2
    (5, "A", None),  # an empty cell differs from "1"
    (6, "A", None),  # repeats line 5
    (7, None, None),
    (8, "B", "2"),  # repeats line 3
    (9, None, None),  # repeats line 7
    (10, "A", "1 "),  # a trailing space differs
]
REPEATS = [4, 6, 8, 9]


def _raw() -> pl.LazyFrame:
    line, campaign, spend = zip(*ROWS, strict=True)
    return pl.LazyFrame(
        {"_row": line, "c0": campaign, "c1": spend}, schema_overrides={"_row": pl.UInt32}
    )


def test_repeated_rows_by_their_cells() -> None:
    assert repeats.repeated_rows(_raw(), ["c0", "c1"], "_row") == REPEATS


def test_a_hash_shared_by_unequal_rows_is_no_repeat(monkeypatch: pytest.MonkeyPatch) -> None:
    # every row given one hash: only the comparison of cells can tell them apart
    monkeypatch.setattr(repeats, "_key", lambda names: pl.col(names[0]).hash() * 0)
    assert repeats.repeated_rows(_raw(), ["c0", "c1"], "_row") == REPEATS


def test_no_repeat_and_the_flag() -> None:
    raw = _raw().filter(~pl.col("_row").is_in(REPEATS))
    assert repeats.repeated_rows(raw, ["c0", "c1"], "_row") == []
    flags = _raw().select(repeats.repeat_flag(REPEATS, "_row").alias("f")).collect()
    assert flags["f"].to_list() == [line in REPEATS for line, _, _ in ROWS]
    assert raw.select(repeats.repeat_flag([], "_row").alias("f")).collect()["f"].sum() == 0


def test_a_file_that_cannot_be_read_through_is_left_to_measure(tmp_path: object) -> None:
    raw = pl.LazyFrame({"_row": [2], "c0": ["x"]}).select(
        "_row", pl.col("c0").cast(pl.Int64, strict=True)
    )
    assert repeats.repeated_rows(raw, ["c0"], "_row") is None


HEAD = "Date,Campaign,Spend\n"


@pytest.mark.parametrize(
    ("body", "distinct"),
    [
        ('"Oct 1, 2026",A,1\n"Oct 2, 2026",A,1\n', True),
        ("x,A,1\nx,A,1\n", False),  # the same line twice
        ('"x","A",1\nx,A,"1"\n', False),  # the same cells, quoted otherwise
        ("x,A,1\r\nx,A,1\n", False),  # the same cells, another line end
        ("x,A,\nx,A\n", False),  # a short row: its missing cell is empty, as the other's
        ("x,A,1\n\n\n", False),  # two empty lines: two rows of empty cells
        ("x,A,1\nx,A,1 \n", True),  # a trailing space is a cell's
    ],
)
def test_lines_that_differ_mean_no_repeated_row(body: str, distinct: bool, tmp_path: Path) -> None:
    """Read by hand: rows of equal cells are only ever told apart by the exact pass."""
    path = tmp_path / "r.csv"
    path.write_bytes((HEAD + body).encode())
    assert repeats.distinct_lines(path, 1, ",", '"') is distinct
    assert repeats.distinct_lines((HEAD + body).encode(), 1, ",", '"') is distinct


def test_lines_checked_first_then_cells(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []

    def lines(answer: bool) -> bool:
        calls.append("lines")
        return answer

    assert repeats.repeated_rows(_raw(), ["c0", "c1"], "_row", lambda: lines(False)) == REPEATS
    # all lines different: the cells are not read (a frame that cannot be read shows it)
    broken = pl.LazyFrame({"_row": [2], "c0": ["x"]}).select(
        "_row", pl.col("c0").cast(pl.Int64, strict=True)
    )
    assert repeats.repeated_rows(broken, ["c0"], "_row", lambda: lines(True)) == []
    assert calls == ["lines", "lines"]
