"""Benchmark the value cleaners of kpitool.io.clean (not part of the pytest run).

Run: ``/work/venv/bin/python benchmarks/bench_clean.py [N]`` (N values, default 1,000,000).
Prints, per cleaner, the best of five timings of ``LazyFrame.select(cleaner).collect()`` on
typical Amazon text, the same with ``invalid(raw, parsed)`` computed alongside (as the reader
does), and the size of the optimised plan text (``explain()``). The first row is a trivial
``replace_all`` + ``cast`` to compare the machine with.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable
from functools import partial

import polars as pl

from kpitool.io import clean

Make = Callable[[random.Random], str]
_MON = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def _money(r: random.Random) -> str:
    x = r.uniform(-5000, 5000)
    return r.choice([f"${abs(x):,.2f}", f"{x:.1f}", f"{int(x)}", f'"{abs(int(x)) * 3:,}"'])


def _money_eu(r: random.Random) -> str:
    return _money(r).replace(",", "_").replace(".", ",").replace("_", ".")


def _count(r: random.Random) -> str:
    n = r.randint(-50, 100_000)
    return r.choice([f"{n:,}", str(n), f" {n} "])


def _percent(r: random.Random) -> str:
    return r.choice([f"{r.uniform(0, 100):.2f}%", f"{r.uniform(0, 1):.4f}", "0.00%"])


def _ymd(r: random.Random) -> tuple[int, int, int]:
    return r.randint(2015, 2030), r.randint(1, 12), r.randint(1, 28)


def _mon_d_y(r: random.Random) -> str:
    y, m, d = _ymd(r)
    return f"{_MON[m - 1]} {d}, {y}"


def _mdy(r: random.Random) -> str:
    y, m, d = _ymd(r)
    return f"{m:02}/{d:02}/{y}"


def _iso(r: random.Random) -> str:
    y, m, d = _ymd(r)
    return f"{y}-{m:02}-{d:02}"


def _amazon_time(r: random.Random) -> str:
    time_ = f"{r.randint(1, 12)}:{r.randint(0, 59):02}:{r.randint(0, 59):02}"
    return f"{_mon_d_y(r)} {time_} {r.choice(['AM', 'PM'])} {r.choice(['PST', 'PDT'])}"


def _iso_time(r: random.Random) -> str:
    return f"{_iso(r)}T{r.randint(0, 23):02}:{r.randint(0, 59):02}:{r.randint(0, 59):02}+00:00"


def _mixed_dates(r: random.Random) -> str:
    return r.choice([_mon_d_y, _mdy, _iso])(r)


def _mixed_times(r: random.Random) -> str:
    return r.choice([_amazon_time, _iso_time])(r)


def _values(n: int, make: Make) -> list[str]:
    r = random.Random(42)
    pool = [make(r) for _ in range(min(n, 50_000))]
    return [pool[i % len(pool)] for i in range(n)]


def _best(lf: pl.LazyFrame, *exprs: pl.Expr) -> float:
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        lf.select(*exprs).collect()
        best = min(best, time.perf_counter() - start)
    return best


def _row(name: str, values: list[str], parse: Callable[[pl.Expr], pl.Expr]) -> list[str]:
    lf = pl.LazyFrame({"raw": values}, schema={"raw": pl.String})
    raw = pl.col("raw")
    parsed = parse(raw)
    alone = _best(lf, parsed)
    with_invalid = _best(lf, parsed, clean.invalid(raw, parsed).alias("bad"))
    plan = len(lf.select(parsed).explain())
    return [name, f"{alone:.3f}", f"{with_invalid:.3f}", str(plan)]


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    cases: list[tuple[str, Make, Callable[[pl.Expr], pl.Expr]]] = [
        (
            "baseline replace_all+cast",
            _money,
            lambda e: e.str.replace_all(r"[$,]", "").cast(pl.Float64, strict=False),
        ),
        ("number", _money, clean.number),
        ("money", _money, clean.money),
        ("money decimal_comma", _money_eu, lambda e: clean.money(e, decimal_comma=True)),
        ("count", _count, clean.count),
        ("percent", _percent, clean.percent),
        ("to_date general, mixed", _mixed_dates, clean.to_date),
        ("to_datetime general, mixed", _mixed_times, clean.to_datetime),
    ]
    rows = [_row(name, _values(n, make), parse) for name, make, parse in cases]
    dated: list[tuple[Make, bool]] = [
        (_mon_d_y, False),
        (_mdy, False),
        (_iso, False),
        (_amazon_time, True),
        (_iso_time, True),
    ]
    for make, is_datetime in dated:
        values = _values(n, make)
        fmt = clean.detect_date_format(values[:2000], datetime=is_datetime)
        cleaner = clean.to_datetime if is_datetime else clean.to_date
        label = f"{cleaner.__name__} {make(random.Random(0))!r}"
        rows.append(_row(f"{label} general", values, cleaner))
        if fmt is not None:
            fast = partial(cleaner, formats=[fmt])
            rows.append(_row(f"  with {fmt}", values, fast))
    head = ["cleaner", "seconds", "+invalid", "plan bytes"]
    widths = [max(len(row[i]) for row in [head, *rows]) for i in range(len(head))]
    for row in [head, *rows]:
        cells = [row[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)
        ]
        print("  ".join(cells))
    print(f"({n:,} values per cleaner, best of 5)")


if __name__ == "__main__":
    main()
