"""Tiny report files for the coverage tests, written as Seller Central and the Ads console
write them, with the expected figures kept beside (so a test sums what it wrote)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from ingest_helpers import quoted, write

ITEM_HEADER = (
    "(Parent) ASIN", "(Child) ASIN", "Title", "SKU", "Sessions - Total", "Page Views - Total",
    "Featured Offer (Buy Box) Percentage", "Units Ordered", "Unit Session Percentage",
    "Ordered Product Sales", "Total Order Items",
)  # fmt: skip
DATE_HEADER = (
    "Date", "Ordered Product Sales", "Units Ordered", "Total Order Items", "Page Views - Total",
    "Sessions - Total", "Featured Offer (Buy Box) Percentage", "Unit Session Percentage",
)  # fmt: skip
SP_HEADER = "Date,Campaign Name,Impressions,Clicks,Spend,7 Day Total Orders (#),7 Day Total Sales "


@dataclass(frozen=True)
class Item:
    asin: str
    sku: str
    sessions: int
    units: int
    sales: float  # dollars, two decimals


def money(x: float) -> str:
    return f"${x:,.2f}"


def by_item(folder: Path, items: list[Item], name: str = "BusinessReport.csv") -> Path:
    lines = [quoted(*ITEM_HEADER)]
    for it in items:
        pct = f"{100 * it.units / it.sessions:.2f}%" if it.sessions else "0.00%"
        lines.append(
            quoted(
                "B0PARENT",
                it.asin,
                f"Product {it.asin}",
                it.sku,
                f"{it.sessions:,}",
                f"{it.sessions * 2:,}",
                "100%",
                f"{it.units:,}",
                pct,
                money(it.sales),
                f"{it.units:,}",
            )
        )
    return write(folder, name, "\n".join(lines) + "\n")


def by_date(
    folder: Path,
    days: dict[date, float | tuple[float, int, int]],
    name: str = "BusinessReport (1).csv",
) -> Path:
    """A by-date Business Report: ``days`` maps each day to its sales, or to (sales, units,
    sessions); page views are twice the sessions and order items the units, as ``by_item``
    writes them (default: 10 units, 100 sessions a day)."""
    lines = [quoted(*DATE_HEADER)]
    for day, value in sorted(days.items()):
        sales, units, sessions = value if isinstance(value, tuple) else (value, 10, 100)
        lines.append(
            quoted(
                day.strftime("%m/%d/%Y"),
                money(sales),
                f"{units:,}",
                f"{units:,}",
                f"{2 * sessions:,}",
                f"{sessions:,}",
                "100%",
                "10%",
            )
        )
    return write(folder, name, "\n".join(lines) + "\n")


def sp_campaign(
    folder: Path, rows: list[tuple[date, str, float, float]], name: str = "SP campaign.csv"
) -> Path:
    """A daily SP campaign report: rows of (day, campaign, spend, 7-day sales)."""
    lines = [SP_HEADER]
    for day, campaign, spend, sales in rows:
        when = f"{day:%b} {day.day}, {day.year}"
        lines.append(f'"{when}",{campaign},1000,10,${spend:.2f},1,${sales:.2f}')
    return write(folder, f"Sponsored Products {name}", "\n".join(lines) + "\n")


def days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]
