"""Periods: every accepted form by hand, folder names, resolution order, pro-rating."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpitool.engine.periods import (
    parse_period,
    per_days,
    per_units,
    period_from_name,
    resolve_period,
)
from kpitool.errors import KpiToolError
from kpitool.results import Period

D = date


@pytest.mark.parametrize(
    ("text", "start", "end", "days"),
    [
        ("2026-10", D(2026, 10, 1), D(2026, 10, 31), 31),
        ("2026-02", D(2026, 2, 1), D(2026, 2, 28), 28),
        ("2028-02", D(2028, 2, 1), D(2028, 2, 29), 29),  # leap year
        ("2026-09", D(2026, 9, 1), D(2026, 9, 30), 30),
        ("2026-Q1", D(2026, 1, 1), D(2026, 3, 31), 31 + 28 + 31),
        ("2026-Q3", D(2026, 7, 1), D(2026, 9, 30), 31 + 31 + 30),
        ("2026-q4", D(2026, 10, 1), D(2026, 12, 31), 31 + 30 + 31),
        # ISO 2026-W01: 1 Jan 2026 is a Thursday, so week 1 starts Monday 29 Dec 2025
        ("2026-W01", D(2025, 12, 29), D(2026, 1, 4), 7),
        # W43 = W01 Monday + 42 weeks = 29 Dec 2025 + 294 days = Monday 19 Oct 2026
        ("2026-W43", D(2026, 10, 19), D(2026, 10, 25), 7),
        # 2026 has 53 ISO weeks (it starts on a Thursday): W53 = 28 Dec 2026 .. 3 Jan 2027
        ("2026-W53", D(2026, 12, 28), D(2027, 1, 3), 7),
        ("2026-w02", D(2026, 1, 5), D(2026, 1, 11), 7),
        ("2026", D(2026, 1, 1), D(2026, 12, 31), 365),
        ("2028", D(2028, 1, 1), D(2028, 12, 31), 366),
        ("2026-10-05", D(2026, 10, 5), D(2026, 10, 5), 1),
        ("2026-10-01..2026-10-31", D(2026, 10, 1), D(2026, 10, 31), 31),
        ("2026-10-20..2026-11-10", D(2026, 10, 20), D(2026, 11, 10), 12 + 10),
        ("2026-10-05..2026-10-05", D(2026, 10, 5), D(2026, 10, 5), 1),
        (" 2026-10 ", D(2026, 10, 1), D(2026, 10, 31), 31),
    ],
)
def test_parse_period(text: str, start: date, end: date, days: int) -> None:
    p = parse_period(text)
    assert (p.start, p.end, p.days) == (start, end, days)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "October",
        "2026-13",
        "2026-00",
        "2026-Q5",
        "2026-Q0",
        "2027-W53",  # 2027 has 52 ISO weeks
        "2026-W00",
        "2026-02-30",
        "2026-10-31..2026-10-01",
        "2026-10-01...2026-10-31",
        "26-10",
        "2026/10",
        "2026-10-01..",
        "0000",
        "0000-01",
        "9999-W52",  # would end in the year 10000
    ],
)
def test_bad_period_says_which_forms_and_how_to_pass_it(text: str) -> None:
    with pytest.raises(KpiToolError) as info:
        parse_period(text)
    msg = str(info.value)
    assert repr(text) in msg
    for form in ("2026-10", "2026-Q3", "2026-W43", "2026-10-01..2026-10-31"):
        assert form in msg
    assert "--period" in msg


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("2026-10", Period(D(2026, 10, 1), D(2026, 10, 31))),
        ("2026-Q3", Period(D(2026, 7, 1), D(2026, 9, 30))),
        ("2026-W43", Period(D(2026, 10, 19), D(2026, 10, 25))),
        ("2026-10-01..2026-10-15", Period(D(2026, 10, 1), D(2026, 10, 15))),
        ("reports-2026-10", Period(D(2026, 10, 1), D(2026, 10, 31))),
        ("Ads_2026-W43", Period(D(2026, 10, 19), D(2026, 10, 25))),
        ("northwind 2026-Q3", Period(D(2026, 7, 1), D(2026, 9, 30))),
        ("my reports 2026-10", Period(D(2026, 10, 1), D(2026, 10, 31))),
        ("sales_2026-10-05", Period(D(2026, 10, 5), D(2026, 10, 5))),
        ("reports", None),
        ("sample_reports", None),
        ("2025-2026-10", None),  # a separator after a digit never starts a period
        ("2026-10-extra", None),
        ("Q3-2026", None),
        ("", None),
    ],
)
def test_period_from_name(name: str, expected: Period | None) -> None:
    assert period_from_name(name) == expected


def test_resolve_order(tmp_path: Path) -> None:
    oct_folder = tmp_path / "2026-10"
    oct_folder.mkdir()
    plain = tmp_path / "reports"
    plain.mkdir()
    data = (D(2026, 9, 3), D(2026, 9, 17))
    # 1. --period wins over folder and data
    assert resolve_period("2026-Q3", oct_folder, data) == Period(D(2026, 7, 1), D(2026, 9, 30))
    # 2. then the folder name
    assert resolve_period(None, oct_folder, data) == Period(D(2026, 10, 1), D(2026, 10, 31))
    # 3. then the data's dates
    assert resolve_period(None, plain, data) == Period(D(2026, 9, 3), D(2026, 9, 17))
    # 4. none: an error that says how to pass --period
    with pytest.raises(KpiToolError, match="--period"):
        resolve_period(None, plain, None)


def test_resolve_bad_explicit_period_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(KpiToolError, match="--period"):
        resolve_period("Oct", tmp_path / "2026-10", None)


def test_resolve_uses_the_name_of_a_relative_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "2026-10"
    folder.mkdir()
    monkeypatch.chdir(folder)
    assert resolve_period(None, Path("."), None) == Period(D(2026, 10, 1), D(2026, 10, 31))


@pytest.mark.parametrize(
    ("month", "days"), [("2026-02", 28), ("2028-02", 29), ("2026-09", 30), ("2026-10", 31)]
)
def test_a_whole_month_is_one_month(month: str, days: int) -> None:
    p = parse_period(month)
    assert per_units("month", p) == 1.0
    assert per_days("month", p) == days


def test_part_of_a_month_is_its_share_of_that_month() -> None:
    ten_days = Period(D(2026, 10, 1), D(2026, 10, 10))
    assert per_units("month", ten_days) == pytest.approx(10 / 31)
    assert per_days("month", ten_days) == pytest.approx(31)
    # 20 Oct .. 10 Nov: 12 of October's 31 days + 10 of November's 30
    assert per_units("month", parse_period("2026-10-20..2026-11-10")) == pytest.approx(
        12 / 31 + 10 / 30
    )


def test_other_period_lengths() -> None:
    q3 = parse_period("2026-Q3")  # 92 days
    assert per_units("month", q3) == pytest.approx(3.0)
    assert per_units("quarter", q3) == 1.0
    assert per_units("year", q3) == pytest.approx(92 / 365)
    assert per_units("week", q3) == pytest.approx(92 / 7)
    assert per_units("day", q3) == 92.0
    assert per_units("year", parse_period("2028")) == 1.0
    assert per_units("quarter", parse_period("2026-10")) == pytest.approx(31 / 92)
    assert per_units("week", parse_period("2026-W43")) == 1.0
    assert per_days("week", q3) == pytest.approx(7.0)
    assert per_days("day", q3) == 1.0


def test_the_last_representable_days() -> None:
    assert per_units("year", parse_period("9999")) == 1.0
    assert per_units("month", parse_period("9999-12-31..9999-12-31")) == 1 / 31


def test_unknown_per() -> None:
    with pytest.raises(KpiToolError, match="fortnight"):
        per_units("fortnight", parse_period("2026-10"))


@given(
    st.dates(min_value=D(2000, 1, 1), max_value=D(2100, 12, 31)),
    st.integers(0, 800),
    st.integers(0, 800),
    st.sampled_from(["day", "week", "month", "quarter", "year"]),
)
def test_pro_rating_adds_up_over_adjacent_periods(start: date, n1: int, n2: int, per: str) -> None:
    # splitting a period in two never changes the total share of the target
    mid = start + timedelta(days=n1)
    end = mid + timedelta(days=n2 + 1)
    whole = per_units(per, Period(start, end))
    parts = per_units(per, Period(start, mid)) + per_units(
        per, Period(mid + timedelta(days=1), end)
    )
    assert whole == pytest.approx(parts, rel=1e-12)


@given(st.text(max_size=40))
def test_parse_period_raises_only_kpitool_errors(text: str) -> None:
    try:
        p = parse_period(text)
    except KpiToolError:
        return
    assert p.start <= p.end
