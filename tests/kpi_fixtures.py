"""Hand-made Scans for the compute tests: every canonical column present, typed as io does."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from kpitool.io.kinds import SPEC_BY_KIND, ReportKind
from kpitool.io.model import Report, Scan
from kpitool.io.parse import DTYPES


def frame(kind: ReportKind, **columns: list[Any]) -> pl.LazyFrame:
    """A LazyFrame with every canonical column of ``kind`` (null where not given)."""
    n = len(next(iter(columns.values())))
    data = {}
    for col in SPEC_BY_KIND[kind].columns:
        dtype = DTYPES[col.type]
        data[col.name] = pl.Series(col.name, columns.pop(col.name, [None] * n), dtype=dtype)
    assert not columns, f"not canonical columns of {kind}: {sorted(columns)}"
    return pl.DataFrame(data).lazy()


def report(
    name: str, kind: ReportKind, *, report_currency: str | None = "USD", **columns: list[Any]
) -> Report:
    spec = SPEC_BY_KIND[kind]
    lf = frame(kind, **columns)
    n = len(next(iter(columns.values())))
    dated = ("date", "start_date", "end_date", spec.date_column or "date")
    dates = [d for c in dated for d in columns.get(c, []) if d]
    extra: dict[str, Any] = {}
    if spec.ad_type:
        extra = {"ad_type": spec.ad_type, "attribution_days": spec.default_window}
    if kind == ReportKind.BUSINESS_REPORT_BY_ITEM:
        extra["grain"] = "child"
    return Report(
        path=Path(name),
        kind=kind,
        frame=lf,
        rows=n,
        currency=report_currency,
        start=min(dates) if dates else None,
        end=max(dates) if dates else None,
        **extra,
    )


def scan(*reports: Report, folder: str = "reports") -> Scan:
    return Scan(folder=Path(folder), reports=list(reports))


D1, D2, D3 = date(2026, 10, 1), date(2026, 10, 2), date(2026, 10, 3)
