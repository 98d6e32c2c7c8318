"""Helpers shared by the ingest tests: write tiny fixture files, read them back with kpitool."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import polars as pl

from kpitool.io.folder import measure
from kpitool.io.model import Report
from kpitool.io.read import read_report


def quoted(*cells: str) -> str:
    """One fully quoted CSV line, as Business Reports are written (`"` doubled inside)."""
    return ",".join('"' + c.replace('"', '""') + '"' for c in cells)


def write(
    folder: Path,
    name: str,
    content: str | bytes,
    *,
    encoding: str = "utf-8",
    newline: str = "\n",
    mtime: float | None = None,
) -> Path:
    """Write ``content`` (lines joined by ``newline``) to ``folder/name``; return the path."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.replace("\n", newline).encode(encoding)
    path.write_bytes(content)
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return path


def lines(*rows: str) -> str:
    return "\n".join(rows) + "\n"


def read(path: Path) -> Report:
    """read_report + measure: rows, dropped and dates are known."""
    report = read_report(path)
    measure([report])
    return report


def rows(report: Report, *columns: str) -> list[dict[str, Any]]:
    frame = report.frame.collect()
    if columns:
        frame = frame.select(columns)
    return frame.to_dicts()


def col(report: Report, name: str) -> list[Any]:
    return report.frame.select(name).collect()[name].to_list()


def total(report: Report, name: str) -> Any:
    return report.frame.select(pl.col(name).sum()).collect().item()


#: the settlement V2 flat file header (GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2)
SETTLEMENT_HEADER = [
    "settlement-id", "settlement-start-date", "settlement-end-date", "deposit-date",
    "total-amount", "currency", "transaction-type", "order-id", "merchant-order-id",
    "adjustment-id", "shipment-id", "marketplace-name", "amount-type", "amount-description",
    "amount", "fulfillment-id", "posted-date", "posted-date-time", "order-item-code",
    "merchant-order-item-id", "merchant-adjustment-item-id", "sku", "quantity-purchased",
    "promotion-id",
]  # fmt: skip
