"""The period of a result and the days of it that data covers (plain data)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

#: values are rounded to 9 decimals: no float noise such as 43850.61000000002 (the results'
#: modules share it from here, the one they all import: compute.py re-exports it)
DIGITS = 9


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat(), "days": self.days}


@dataclass(frozen=True)
class Coverage:
    """The days of ``period`` that some data covers: disjoint, sorted spans inside it."""

    period: Period
    spans: tuple[Period, ...] = ()
    #: a stock (an inventory snapshot): the date it was taken; it stands for the period
    at: date | None = None

    @classmethod
    def of(cls, period: Period, spans: Iterable[tuple[date, date]]) -> Coverage:
        """The union of ``spans`` (inclusive start, end) clipped to ``period``."""
        clipped = sorted(
            (max(a, period.start), min(b, period.end))
            for a, b in spans
            if a <= period.end and b >= period.start and a <= b
        )
        merged: list[list[date]] = []
        for a, b in clipped:
            if merged and a <= merged[-1][1] + timedelta(days=1):
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        return cls(period, tuple(Period(a, b) for a, b in merged))

    @classmethod
    def full(cls, period: Period) -> Coverage:
        return cls(period, (period,))

    @property
    def days(self) -> int:
        return sum(s.days for s in self.spans)

    @property
    def partial(self) -> bool:
        return self.days < self.period.days

    def intersect(self, other: Coverage) -> Coverage:
        pairs = [
            (max(a.start, b.start), min(a.end, b.end)) for a in self.spans for b in other.spans
        ]
        return Coverage.of(self.period, pairs)

    def union(self, other: Coverage) -> Coverage:
        spans = [(s.start, s.end) for s in (*self.spans, *other.spans)]
        return Coverage.of(self.period, spans)

    def text(self) -> str:
        """``2026-10-01..2026-10-15, 15 of 31 days`` (``no data`` when it covers nothing)."""
        if not self.spans:
            return f"no data, 0 of {self.period.days} days"
        if self.at is not None:
            return f"snapshot of {self.at}"
        spans = ", ".join(f"{s.start}..{s.end}" for s in self.spans)
        return f"{spans}, {self.days} of {self.period.days} days"

    def to_dict(self) -> dict[str, Any]:
        return {"days": self.days, "of": self.period.days}

    def detail(self) -> dict[str, Any]:
        """``to_dict`` with the spans (and the snapshot date of a stock)."""
        out = {**self.to_dict(), "spans": [s.to_dict() for s in self.spans]}
        if self.at is not None:
            out["snapshot"] = self.at.isoformat()
        return out
