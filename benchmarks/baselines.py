"""Minimal hand-written baselines for the benchmark: the month's totals, from the same files.

    python benchmarks/baselines.py {polars,duckdb,pandas} --period 2026-10-01..2026-10-31 \
        --sp-search-term F --sb-campaign F --sd-campaign F --business-report-by-date F

Each engine reads only the columns it needs (as text), cleans them (``"$1,234.56"`` -> 1234.56,
``"1,234"`` -> 1234), keeps the rows dated in the period and sums them. It prints one JSON object
of totals on stdout, named as kpitool's KPIs, for bench.py to check against kpitool's output.
Only the engine under test is imported, so each process pays for its own engine alone.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Table:
    """One input file: where it is, its date column and format, and KPI -> (column, kind)."""

    path: Path
    date: str
    date_format: str
    sums: dict[str, tuple[str, str]]  # kpi -> (header, "money" | "count")

    def header(self) -> dict[str, str]:
        """Stripped header name -> the name exactly as in the file (some end in a space)."""
        with self.path.open(encoding="utf-8-sig", newline="") as fh:
            names = next(csv.reader(fh))
        return {n.strip(): n for n in names}

    def columns(self) -> dict[str, str]:
        raw = self.header()
        return {name: raw[name] for name in [self.date, *(c for c, _ in self.sums.values())]}


_AD_COUNTS = {"impressions": "Impressions", "clicks": "Clicks"}


def _ads(path: Path, window: int) -> Table:
    sums = {
        "ad_spend": ("Spend", "money"),
        "ad_sales": (f"{window} Day Total Sales", "money"),
        "ad_orders": (f"{window} Day Total Orders (#)", "count"),
        "ad_units": (f"{window} Day Total Units (#)", "count"),
        **{k: (c, "count") for k, c in _AD_COUNTS.items()},
    }
    return Table(path, "Date", "%b %d, %Y", sums)


def tables(args: argparse.Namespace) -> list[Table]:
    business = Table(
        args.business_report_by_date,
        "Date",
        "%m/%d/%Y",
        {"sales": ("Ordered Product Sales", "money"), "units": ("Units Ordered", "count")},
    )
    return [
        _ads(args.sp_search_term, 7),
        _ads(args.sb_campaign, 14),
        _ads(args.sd_campaign, 14),
        business,
    ]


def add_up(parts: list[dict[str, Any]]) -> dict[str, float]:
    out: dict[str, float] = {}
    for part in parts:
        for k, v in part.items():
            out[k] = out.get(k, 0) + (v or 0)
    return out


# ------------------------------------------------------------------------------------ engines
def run_polars(ts: list[Table], start: date, end: date) -> dict[str, float]:
    import polars as pl

    def query(t: Table) -> pl.LazyFrame:
        col = t.columns()
        day = pl.col(col[t.date]).str.to_date(t.date_format)
        aggs = []
        for kpi, (name, kind) in t.sums.items():
            pattern = r"[$,]" if kind == "money" else ","
            dtype = pl.Float64 if kind == "money" else pl.Int64
            value = pl.col(col[name]).str.replace_all(pattern, "").cast(dtype)
            aggs.append(value.sum().alias(kpi))
        frame = pl.scan_csv(t.path, infer_schema=False).select(list(col.values()))
        return frame.filter(day.is_between(start, end)).select(aggs)

    results = pl.collect_all([query(t) for t in ts])
    return add_up([r.row(0, named=True) for r in results])


def run_polars_checked(ts: list[Table], start: date, end: date) -> dict[str, float]:
    """The Polars query doing kpitool's checks (issue 14's totals budget): dates parsed (a
    row whose date does not parse is counted and left out), every number cell parsed (one
    that does not is counted and left out of its sum), one currency per file (else exit 2)."""
    import polars as pl

    def query(t: Table) -> pl.LazyFrame:
        col = t.columns()
        names = list(col.values())
        currency = t.header().get("Currency")
        raw = pl.scan_csv(t.path, infer_schema=False).select(
            names + ([currency] if currency else [])
        )
        day = pl.col(col[t.date]).str.strip_chars().str.to_date(t.date_format, strict=False)
        checked = [day.alias("__day")]
        bad = [(pl.col(col[t.date]).is_not_null() & day.is_null()).alias("bad_dates")]
        for kpi, (name, kind) in t.sums.items():
            text = pl.col(col[name]).str.strip_chars()
            pattern = r"[$,]" if kind == "money" else ","
            dtype = pl.Float64 if kind == "money" else pl.Int64
            value = text.str.replace_all(pattern, "").cast(dtype, strict=False)
            checked.append(value.alias(kpi))
            bad.append(((text.str.len_chars() > 0) & value.is_null()).alias(f"bad_{kpi}"))
        frame = raw.with_columns(*checked, *bad)
        aggs = [pl.col(k).filter(pl.col("__day").is_between(start, end)).sum() for k in t.sums]
        aggs += [pl.col(f"bad_{k}").sum() for k in t.sums] + [pl.col("bad_dates").sum()]
        if currency:
            aggs.append(pl.col(currency).n_unique().alias("currencies"))
        return frame.select(aggs)

    results = pl.collect_all([query(t) for t in ts])
    out = add_up([r.row(0, named=True) for r in results])
    if out.pop("currencies", 1) > len([t for t in ts if "Currency" in t.header()]):
        raise SystemExit("more than one currency in a file")
    bad = sum(v for k, v in out.items() if k.startswith("bad_"))
    totals = {k: v for k, v in out.items() if not k.startswith("bad_")}
    return {**totals, "bad_cells": bad}


def run_duckdb(ts: list[Table], start: date, end: date) -> dict[str, float]:
    import duckdb

    def quote(name: str) -> str:
        return '"' + name.replace('"', '""') + '"'

    con = duckdb.connect()
    parts = []
    for t in ts:
        col = {name: name for name in t.columns()}  # DuckDB strips the spaces around a header
        aggs = []
        for kpi, (name, kind) in t.sums.items():
            dtype = "DOUBLE" if kind == "money" else "BIGINT"
            cleaned = f"replace({quote(col[name])}, ',', '')"
            if kind == "money":
                cleaned = f"replace({cleaned}, '$', '')"
            aggs.append(f"sum(CAST({cleaned} AS {dtype})) AS {kpi}")
        sql = (
            f"SELECT {', '.join(aggs)} FROM read_csv(?, header = true, all_varchar = true) "
            f"WHERE CAST(strptime({quote(col[t.date])}, ?) AS DATE) BETWEEN ? AND ?"
        )
        cur = con.execute(sql, [str(t.path), t.date_format, start, end])
        names = [d[0] for d in cur.description]
        parts.append(dict(zip(names, cur.fetchone(), strict=True)))
    return add_up(parts)


def run_pandas(ts: list[Table], start: date, end: date) -> dict[str, float]:
    import pandas as pd

    parts = []
    for t in ts:
        col = t.columns()
        frame = pd.read_csv(
            t.path,
            usecols=list(col.values()),
            dtype=str,
            encoding="utf-8-sig",
            keep_default_na=False,
        )
        day = pd.to_datetime(frame[col[t.date]], format=t.date_format).dt.date
        frame = frame[(day >= start) & (day <= end)]
        part: dict[str, float] = {}
        for kpi, (name, kind) in t.sums.items():
            pattern = r"[$,]" if kind == "money" else ","
            text = frame[col[name]].str.replace(pattern, "", regex=True)
            values = pd.to_numeric(text.replace("", None))
            part[kpi] = float(values.sum()) if kind == "money" else int(values.sum())
        parts.append(part)
    return add_up(parts)


ENGINES = {
    "polars": run_polars,
    "polars-checked": run_polars_checked,
    "duckdb": run_duckdb,
    "pandas": run_pandas,
}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("engine", choices=sorted(ENGINES))
    ap.add_argument("--period", required=True, metavar="START..END")
    for name in ("sp-search-term", "sb-campaign", "sd-campaign", "business-report-by-date"):
        ap.add_argument(f"--{name}", type=Path, required=True)
    args = ap.parse_args(argv)
    start, end = (date.fromisoformat(d) for d in args.period.split(".."))
    totals = ENGINES[args.engine](tables(args), start, end)
    json.dump(totals, sys.stdout, default=float)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
