"""Periods: parsing ``--period`` and folder names, resolving the period of a run, pro-rating.

Accepted forms (:func:`parse_period`), all inclusive of both ends:

- ``2026`` a calendar year; ``2026-Q3`` a calendar quarter; ``2026-10`` a calendar month;
- ``2026-W43`` an ISO week (Monday to Sunday; week 1 holds the year's first Thursday);
- ``2026-10-05`` one day; ``2026-10-01..2026-10-31`` a range of days.

``Q`` and ``W`` may be lower-case; surrounding spaces are ignored.

Folder names (:func:`period_from_name`): the whole name in one of those forms, or the part after
a prefix that ends in a letter followed by ``_``, ``-`` or a space (``reports-2026-10``,
``Ads_2026-W43``, ``northwind 2026-Q3``). A separator after a digit never starts a period
(``2025-2026-10`` is not October 2026), and when two different periods could be read from one
name the name gives none, so a folder name is never read two ways.

Resolution (:func:`resolve_period`) follows kpis.md "Periods": ``--period``, then the folder
name, then the dates inside the reports; otherwise an error that says how to pass ``--period``.

Pro-rating (:func:`per_units`, :func:`per_days`) is calendar-exact. A target stated ``per:
month`` covers each calendar month in full; a period holds, for each calendar month it touches,
the share ``days covered / days in that month``. So a monthly target over a whole month of 28,
29, 30 or 31 days is unchanged, over 10 days of a 31-day month it is 10/31 of itself, and over
a whole quarter it is 3 times itself. Quarters and years work the same way with calendar
quarters and years; ``week`` is 7 days and ``day`` 1 day. (The brief suggested 365.25/12 days
for a month outside exact-month periods; that gives 10/30.44 instead of 10/31 for ten days of
October, so kpitool uses the calendar instead. No average month length is ever needed.)
"""

from __future__ import annotations

import calendar
import os
import re
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from kpitool.errors import KpiToolError
from kpitool.results import Period

PERS: tuple[str, ...] = ("day", "week", "month", "quarter", "year")

FORMS_HELP = (
    "accepted forms: 2026-10 (month), 2026-Q3 (quarter), 2026-W43 (ISO week), 2026 (year), "
    "2026-10-05 (day), 2026-10-01..2026-10-31 (range, both ends included)"
)
PASS_HELP = "pass the period with --period, e.g. `kpitool compute FOLDER --period 2026-10`"

_YEAR = re.compile(r"(\d{4})")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_QUARTER = re.compile(r"(\d{4})-[Qq]([1-4])")
_WEEK = re.compile(r"(\d{4})-[Ww](\d{2})")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_RANGE = re.compile(r"(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})")


def _month(year: int, month: int) -> Period:
    last = calendar.monthrange(year, month)[1]
    return Period(date(year, month, 1), date(year, month, last))


def _quarter(year: int, q: int) -> Period:
    return Period(_month(year, 3 * q - 2).start, _month(year, 3 * q).end)


def _year(year: int) -> Period:
    return Period(date(year, 1, 1), date(year, 12, 31))


def _parse(text: str) -> Period:
    """Parse one period; ValueError on a malformed or impossible one."""
    s = text.strip()
    if m := _YEAR.fullmatch(s):
        return _year(int(m[1]))
    if m := _MONTH.fullmatch(s):
        month = int(m[2])
        if not 1 <= month <= 12:
            raise ValueError(f"month {month} does not exist")
        return _month(int(m[1]), month)
    if m := _QUARTER.fullmatch(s):
        return _quarter(int(m[1]), int(m[2]))
    if m := _WEEK.fullmatch(s):
        year, week = int(m[1]), int(m[2])
        try:
            monday = date.fromisocalendar(year, week, 1)
        except ValueError:
            raise ValueError(f"{year} has no ISO week {week}") from None
        return Period(monday, monday + timedelta(days=6))
    if _DAY.fullmatch(s):
        day = date.fromisoformat(s)
        return Period(day, day)
    if m := _RANGE.fullmatch(s):
        start, end = date.fromisoformat(m[1]), date.fromisoformat(m[2])
        if end < start:
            raise ValueError(f"the range ends ({end}) before it starts ({start})")
        return Period(start, end)
    raise ValueError("not a period")


def parse_period(text: str) -> Period:
    """Parse a period given as text (``--period``); KpiToolError says which forms are accepted."""
    try:
        return _parse(text)
    except (ValueError, OverflowError) as exc:
        detail = "" if str(exc) == "not a period" else f" ({exc})"
        raise KpiToolError(f"bad period {text!r}{detail}; {FORMS_HELP}; {PASS_HELP}") from None


def _try(text: str) -> Period | None:
    try:
        return _parse(text)
    except (ValueError, OverflowError):
        return None


def period_from_name(name: str) -> Period | None:
    """The period a folder name states, or None (see the module docstring for the rule)."""
    whole = _try(name)
    if whole is not None:
        return whole
    found: set[Period] = set()
    for i, ch in enumerate(name):
        if ch in "_- " and i > 0 and name[i - 1].isalpha():
            p = _try(name[i + 1 :])
            if p is not None:
                found.add(p)
    return found.pop() if len(found) == 1 else None


def resolve_period(
    explicit: str | None, folder: Path, data_range: tuple[date, date] | None
) -> Period:
    """The period of a run: ``--period``, else the folder name, else the reports' own dates."""
    if explicit is not None:
        return parse_period(explicit)
    name = os.path.basename(os.path.abspath(folder))
    from_name = period_from_name(name)
    if from_name is not None:
        return from_name
    if data_range is not None:
        start, end = data_range
        if end < start:
            start, end = end, start
        return Period(start, end)
    raise KpiToolError(
        f"no period: the folder name {name!r} is not a period and the reports carry no dates; "
        f"{PASS_HELP} ({FORMS_HELP})"
    )


def _check_per(per: str) -> None:
    if per not in PERS:
        raise KpiToolError(f"unknown target period length {per!r}; use one of {', '.join(PERS)}")


def _month_of(day: date) -> Period:
    return _month(day.year, day.month)


def _quarter_of(day: date) -> Period:
    return _quarter(day.year, (day.month - 1) // 3 + 1)


def _year_of(day: date) -> Period:
    return _year(day.year)


def _week_of(day: date) -> Period:
    monday = day - timedelta(days=day.weekday())
    return Period(monday, monday + timedelta(days=6))


def unit_of(per: str, day: date) -> Period:
    """The day, ISO week, month, quarter or year that holds ``day``."""
    if per == "day":
        return Period(day, day)
    if per == "week":
        return _week_of(day)
    return _CALENDAR_UNITS[per](day)


def units_between(per: str, start: date, end: date) -> list[Period]:
    """Every ``per`` unit from the one holding ``start`` to the one holding ``end``."""
    out, day = [], start
    while day <= end:
        unit = unit_of(per, day)
        out.append(unit)
        day = unit.end + timedelta(days=1)
    return out


def label(p: Period) -> str:
    """The shortest name of a period that ``parse_period`` reads back: ``2026-09``,
    ``2026-Q3``, ``2026-W43``, ``2026``, ``2026-10-05``, else ``start..end``."""
    if p.start == p.end:
        return p.start.isoformat()
    if p == _month_of(p.start):
        return f"{p.start.year:04d}-{p.start.month:02d}"
    if p == _quarter_of(p.start):
        return f"{p.start.year:04d}-Q{(p.start.month - 1) // 3 + 1}"
    if p == _year_of(p.start):
        return f"{p.start.year:04d}"
    if p == _week_of(p.start):
        year, week, _ = p.start.isocalendar()
        return f"{year:04d}-W{week:02d}"
    return f"{p.start}..{p.end}"


def kind_of(p: Period) -> str:
    """day | week | month | quarter | year: the calendar unit ``p`` is, else ``day``."""
    for per in ("month", "quarter", "year"):
        if p.days > 1 and p == _CALENDAR_UNITS[per](p.start):
            return per
    return "week" if p.days == 7 and p == _week_of(p.start) else "day"


_CALENDAR_UNITS: dict[str, Callable[[date], Period]] = {
    "month": _month_of,
    "quarter": _quarter_of,
    "year": _year_of,
}


def _calendar_share(period: Period, unit_of: Callable[[date], Period]) -> float:
    """Σ over the calendar units the period touches of (days covered / days in the unit)."""
    share = 0.0
    cursor = period.start
    while True:
        unit = unit_of(cursor)
        end = min(unit.end, period.end)
        share += ((end - cursor).days + 1) / unit.days
        if end == period.end:
            break
        cursor = end + timedelta(days=1)
    return share


def per_units(per: str, period: Period) -> float:
    """How many ``per`` lengths the period holds (calendar-exact); the pro-rating factor.

    A whole calendar month is exactly 1 month; 10 days of October are 10/31 of a month.
    """
    _check_per(per)
    if per == "day":
        return float(period.days)
    if per == "week":
        return period.days / 7
    return _calendar_share(period, _CALENDAR_UNITS[per])


def per_days(per: str, period: Period) -> float:
    """The days one ``per`` length counts for over this period: ``period.days / per_units``.

    For a period that is exactly one calendar month and ``per="month"`` this is the month's own
    length (28, 29, 30 or 31), so pro-rating by ``period.days / per_days`` leaves it unchanged.
    """
    return period.days / per_units(per, period)


# ------------------------------------------------------------------ shifting (compare)
AGAINST_HELP = "previous, last-year, or a period such as 2026-09"


def _months(p: Period) -> int | None:
    """The number of whole calendar months the period is (1, 3, 12 ...), or None."""
    if p.start.day != 1:
        return None
    end = p.end + timedelta(days=1)
    if end.day != 1:
        return None
    return (end.year - p.start.year) * 12 + end.month - p.start.month


def _shift_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _minus_year(day: date) -> date:
    if day.month == 2 and day.day == 29:
        return date(day.year - 1, 2, 28)
    return day.replace(year=day.year - 1)


def against_period(against: str, after: Period) -> Period:
    """The BEFORE period: ``previous`` (the same span just before: previous month, quarter,
    year, or as many days), ``last-year`` (the same span a year earlier; 52 weeks earlier for a
    Monday-to-Sunday week) or a period in any ``--period`` form."""
    key = against.strip().lower()
    months = _months(after)
    if key == "previous":
        if months:
            start = _shift_months(after.start, -months)
            return Period(start, after.start - timedelta(days=1))
        return Period(after.start - timedelta(days=after.days), after.start - timedelta(days=1))
    if key in ("last-year", "last_year"):
        if months:
            start = _shift_months(after.start, -12)
            return Period(start, _shift_months(start, months) - timedelta(days=1))
        if after.days == 7 and after.start.weekday() == 0:
            return Period(after.start - timedelta(days=364), after.end - timedelta(days=364))
        return Period(_minus_year(after.start), _minus_year(after.end))
    try:
        return parse_period(against)
    except KpiToolError:
        raise KpiToolError(f"bad --against {against!r}; use {AGAINST_HELP}") from None
