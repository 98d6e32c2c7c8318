"""Duplicates and overlaps: the same download twice is read once; overlapping downloads of one
kind count each row once, a restated row taking the newer download."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import polars as pl
import pytest
from ingest_helpers import lines, quoted, read, write

from kpitool.io.combine import combine, overlap_warnings
from kpitool.io.folder import measure, scan_folder
from kpitool.io.kinds import ReportKind
from kpitool.io.read import read_report

HEADER = quoted("Date", "Campaign Name", "Impressions", "Clicks", "Spend")
OLD, NEW = 1_700_000_000.0, 1_700_086_400.0  # mtimes one day apart


def campaign(*days: tuple[str, str, str]) -> str:
    """Rows (date, campaign, spend) of a daily SP campaign report."""
    return lines(HEADER, *(quoted(d, c, "100", "1", s) for d, c, s in days))


def spend_by_key(frame: pl.LazyFrame) -> dict[tuple[dt.date, str], float]:
    df = frame.select("date", "campaign", "spend").collect()
    out: dict[tuple[dt.date, str], float] = {}
    for date, camp, spend in df.iter_rows():
        assert (date, camp) not in out, f"{date} {camp} counted twice"
        out[(date, camp)] = spend
    return out


# ------------------------------------------------------------------ same download twice


def test_same_download_twice_is_read_once(tmp_path: Path) -> None:
    text = campaign(("Mar 1, 2026", "A", "$1.00"))
    write(tmp_path, "Sponsored Products Campaign report.csv", text)
    write(tmp_path, "sub/Sponsored Products Campaign report (1).csv", text)
    scan = scan_folder(tmp_path)
    assert [r.path.name for r in scan.reports] == ["Sponsored Products Campaign report.csv"]
    [skipped] = scan.skipped
    assert skipped.path.name == "Sponsored Products Campaign report (1).csv"
    assert "same download" in skipped.reason
    [warning] = scan.warnings
    assert "report (1).csv" in warning and "read once" in warning


def test_only_files_that_may_be_copies_are_hashed(tmp_path: Path) -> None:
    """A file whose size no other file has cannot be a copy: its bytes are not hashed."""
    text = campaign(("Mar 1, 2026", "A", "$1.00"))
    write(tmp_path, "a.csv", text)
    write(tmp_path, "b.csv", text)
    write(tmp_path, "c.csv", campaign(("Mar 2, 2026", "B", "$12.00")))
    scan = scan_folder(tmp_path)
    assert {r.path.name: bool(r.digest) for r in scan.reports} == {"a.csv": True, "c.csv": False}


def test_zipped_copy_of_a_download_is_read_once(tmp_path: Path) -> None:
    text = campaign(("Mar 1, 2026", "A", "$1.00"))
    write(tmp_path, "a.csv", text)
    with zipfile.ZipFile(tmp_path / "b.zip", "w") as zf:
        zf.writestr("a.csv", text)
    scan = scan_folder(tmp_path)
    assert len(scan.reports) == 1
    assert any("read once" in w for w in scan.warnings)


def test_same_rows_different_bytes_are_two_downloads(tmp_path: Path) -> None:
    """CRLF vs LF: not byte-identical, so both are read; combine then counts rows once."""
    text = campaign(("Mar 1, 2026", "A", "$1.00"))
    write(tmp_path, "a.csv", text, mtime=OLD)
    write(tmp_path, "b.csv", text, newline="\r\n", mtime=NEW)
    scan = scan_folder(tmp_path)
    assert len(scan.reports) == 2
    measure(scan.reports)
    assert spend_by_key(combine(scan.reports)) == {(dt.date(2026, 3, 1), "A"): 1.0}


# ------------------------------------------------------------------ overlapping downloads


def test_overlap_identical_rows_count_once(tmp_path: Path) -> None:
    a = read(write(tmp_path, "a.csv", campaign(
        ("Mar 1, 2026", "A", "$1.00"), ("Mar 2, 2026", "A", "$2.00"),
        ("Mar 2, 2026", "B", "$0.50")), mtime=OLD))  # fmt: skip
    b = read(write(tmp_path, "b.csv", campaign(
        ("Mar 2, 2026", "A", "$2.00"), ("Mar 2, 2026", "B", "$0.50"),
        ("Mar 3, 2026", "A", "$3.00")), mtime=NEW))  # fmt: skip
    got = spend_by_key(combine([a, b]))
    assert got == {
        (dt.date(2026, 3, 1), "A"): 1.0,
        (dt.date(2026, 3, 2), "A"): 2.0,
        (dt.date(2026, 3, 2), "B"): 0.5,
        (dt.date(2026, 3, 3), "A"): 3.0,
    }
    assert sum(got.values()) == pytest.approx(6.5)
    [warning] = overlap_warnings([a, b])
    assert "a.csv" in warning and "b.csv" in warning
    assert "2026-03-02" in warning


def test_restated_row_takes_the_file_with_later_data(tmp_path: Path) -> None:
    """b.csv runs to Mar 3 (later data) but was saved first: it still wins on Mar 2."""
    a = read(write(tmp_path, "a.csv", campaign(
        ("Mar 1, 2026", "A", "$1.00"), ("Mar 2, 2026", "A", "$2.00")), mtime=NEW))  # fmt: skip
    b = read(write(tmp_path, "b.csv", campaign(
        ("Mar 2, 2026", "A", "$2.50"), ("Mar 3, 2026", "A", "$3.00")), mtime=OLD))  # fmt: skip
    got = spend_by_key(combine([a, b]))
    assert got[(dt.date(2026, 3, 2), "A")] == 2.5
    assert sum(got.values()) == pytest.approx(1.0 + 2.5 + 3.0)
    for order in ([a, b], [b, a]):
        assert spend_by_key(combine(order)) == got
    [warning] = overlap_warnings([a, b])
    assert warning.endswith(f"taken from {b.path}")


@pytest.mark.parametrize(("a_mtime", "b_mtime", "mar2"), [(OLD, NEW, 2.5), (NEW, OLD, 2.0)])
def test_restated_row_same_range_takes_later_mtime(
    tmp_path: Path, a_mtime: float, b_mtime: float, mar2: float
) -> None:
    a = read(write(tmp_path, "a.csv", campaign(
        ("Mar 1, 2026", "A", "$1.00"), ("Mar 2, 2026", "A", "$2.00")), mtime=a_mtime))  # fmt: skip
    b = read(write(tmp_path, "b.csv", campaign(
        ("Mar 1, 2026", "A", "$1.00"), ("Mar 2, 2026", "A", "$2.50")), mtime=b_mtime))  # fmt: skip
    got = spend_by_key(combine([a, b]))
    assert got == {(dt.date(2026, 3, 1), "A"): 1.0, (dt.date(2026, 3, 2), "A"): mar2}
    newer = b if b_mtime > a_mtime else a
    [warning] = overlap_warnings([a, b])
    assert warning.endswith(f"taken from {newer.path}")


def test_combine_ranks_by_data_even_before_measure(tmp_path: Path) -> None:
    """combine() on reports straight from read_report (dates not yet measured)."""
    a_path = write(tmp_path, "a.csv", campaign(
        ("Mar 1, 2026", "A", "$1.00"), ("Mar 2, 2026", "A", "$2.00")), mtime=NEW)  # fmt: skip
    b_path = write(tmp_path, "b.csv", campaign(
        ("Mar 2, 2026", "A", "$2.50"), ("Mar 3, 2026", "A", "$3.00")), mtime=OLD)  # fmt: skip
    got = spend_by_key(combine([read_report(a_path), read_report(b_path)]))
    assert got[(dt.date(2026, 3, 2), "A")] == 2.5


def test_disjoint_downloads_are_concatenated_without_warning(tmp_path: Path) -> None:
    a = read(write(tmp_path, "a.csv", campaign(("Mar 1, 2026", "A", "$1.00"))))
    b = read(write(tmp_path, "b.csv", campaign(("Mar 5, 2026", "A", "$5.00"))))
    assert overlap_warnings([a, b]) == []
    assert sum(spend_by_key(combine([a, b])).values()) == pytest.approx(6.0)


def test_payments_identical_rows_within_a_file_are_kept(tmp_path: Path) -> None:
    """Two identical fee lines in one payments file are two fees; a second overlapping
    download of the same rows adds nothing."""
    header = quoted("date/time", "settlement id", "type", "order id", "description",
                    "product sales", "fba fees", "total")  # fmt: skip
    fee = quoted("Dec 1, 2019 2:29:33 AM PST", "1", "Service Fee", "", "Storage", "0",
                 "-1.00", "-1.00")  # fmt: skip
    order = quoted("Dec 2, 2019 9:00:00 AM PST", "1", "Order", "112-1", "Mat", "10.00", "0",
                   "10.00")  # fmt: skip
    a = read(write(tmp_path, "a.csv", lines(header, fee, fee), mtime=OLD))
    b = read(write(tmp_path, "b.csv", lines(header, fee, fee, order), mtime=NEW))
    assert a.kind is ReportKind.PAYMENTS_DATE_RANGE
    totals = combine([a, b]).select("total").collect()["total"].to_list()
    assert sorted(totals) == [-1.0, -1.0, 10.0]


def test_kinds_that_carry_the_same_facts_are_not_combined(tmp_path: Path) -> None:
    """combine() is per kind: by-item and by-date Business Reports stay apart."""
    by_item = read(write(tmp_path, "item.csv", lines(
        quoted("(Child) ASIN", "Sessions", "Units Ordered", "Ordered Product Sales"),
        quoted("B01", "10", "1", "$5.00"))))  # fmt: skip
    by_date = read(write(tmp_path, "date.csv", lines(
        quoted("Date", "Sessions", "Units Ordered", "Ordered Product Sales"),
        quoted("03/01/2026", "10", "1", "$5.00"))))  # fmt: skip
    assert by_item.kind is ReportKind.BUSINESS_REPORT_BY_ITEM
    assert by_date.kind is ReportKind.BUSINESS_REPORT_BY_DATE
    assert overlap_warnings([by_item, by_date]) == []
    with pytest.raises(ValueError, match="one kind"):
        combine([by_item, by_date])


def test_overlap_warnings_before_measure(tmp_path: Path) -> None:
    a = read_report(write(tmp_path, "a.csv", campaign(("Mar 1, 2026", "A", "$1.00"))))
    b = read_report(write(tmp_path, "b.csv", campaign(("Mar 5, 2026", "A", "$5.00"))))
    assert overlap_warnings([a, b]) == []  # dated and disjoint, not "both undated"
