"""Which report supplies which facts: the source-preference rules of kpis.md, on metadata only.

- Sales: the by-date Business Report where it covers the period, else the by-item report
  (child grain, then parent grain); a breakdown takes the first of these that carries all its
  dimensions (by-date: day/week/month; by-item: asin/sku/parent_asin/owner/team).
- Ads, for each ad type: the first kind present of campaign, advertised product, targeting,
  search term that carries the breakdown's dimensions (placement is never used). Ad types add up.
- Profit: the payments Date Range Report, else the settlement V2 flat file, else the
  Transaction View (the same transactions in other shapes: one kind is used, never two).
- Inventory: fba_inventory, then fba_manage_inventory, then fba_inventory_health, then
  fba_inventory_age. Inventory age: the first of those with age columns whose data has them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kpitool.engine.coverage import covered
from kpitool.engine.dims import (
    ADS_CAMPAIGN_LEVEL,
    ADS_PRODUCT_LEVEL,
    ADS_SEARCH_TERM_LEVEL,
    INVENTORY,
    PAYMENTS,
    SALES_BY_CHILD_ITEM,
    SALES_BY_DATE,
    SALES_BY_PARENT_ITEM,
    Dim,
)
from kpitool.io.kinds import SPEC_BY_KIND, ReportKind
from kpitool.io.model import Report, Scan
from kpitool.results import Period

K = ReportKind

AD_PREFERENCE: dict[str, tuple[ReportKind, ...]] = {
    "SP": (K.SP_CAMPAIGN, K.SP_ADVERTISED_PRODUCT, K.SP_TARGETING, K.SP_SEARCH_TERM),
    "SB": (K.SB_CAMPAIGN, K.SB_SEARCH_TERM),
    "SD": (K.SD_CAMPAIGN, K.SD_ADVERTISED_PRODUCT),
}
PRODUCT_AD_KINDS = frozenset({K.SP_ADVERTISED_PRODUCT, K.SD_ADVERTISED_PRODUCT})
SEARCH_TERM_KINDS = frozenset({K.SP_SEARCH_TERM, K.SB_SEARCH_TERM})
INVENTORY_PREFERENCE: tuple[ReportKind, ...] = (
    K.FBA_INVENTORY,
    K.FBA_MANAGE_INVENTORY,
    K.FBA_INVENTORY_HEALTH,
    K.FBA_INVENTORY_AGE,
)
PAYMENTS_PREFERENCE: tuple[ReportKind, ...] = (
    K.PAYMENTS_DATE_RANGE,
    K.SETTLEMENT_V2,
    K.PAYMENTS_TRANSACTION_VIEW,
)
AGE_COLUMNS = ("inv_age_0_90", "inv_age_91_180", "inv_age_181_270", "inv_age_271_365")
AGE_COLUMNS_ALL = (*AGE_COLUMNS, "inv_age_365_plus")


@dataclass(frozen=True)
class Source:
    """One report kind chosen for a family of facts (its files are concatenated)."""

    kind: ReportKind
    reports: tuple[Report, ...]
    carries: frozenset[Dim]
    dated: bool = False
    partial: bool = False  # dated but not covering the whole period

    def has(self, dims: list[Dim]) -> bool:
        return set(dims) <= self.carries


def ad_type_of(report: Report) -> str | None:
    return report.ad_type or SPEC_BY_KIND[report.kind].ad_type


def _days(reports: tuple[Report, ...], period: Period) -> int:
    return covered(reports, period).days


def sales_sources(scan: Scan, period: Period) -> list[Source]:
    """Sales candidates in order of preference: the by-date report first where it covers at
    least the days the by-item reports cover, then by-item (child grain, then parent)."""
    by_date = tuple(scan.of_kind(K.BUSINESS_REPORT_BY_DATE))
    items = scan.of_kind(K.BUSINESS_REPORT_BY_ITEM)
    child = tuple(r for r in items if r.grain != "parent")
    parent = tuple(r for r in items if r.grain == "parent")
    out: list[Source] = []
    for reports, carries in ((child, SALES_BY_CHILD_ITEM), (parent, SALES_BY_PARENT_ITEM)):
        if reports:
            partial = _days(reports, period) < period.days
            out.append(Source(K.BUSINESS_REPORT_BY_ITEM, reports, carries, partial=partial))
    if by_date:
        n = _days(by_date, period)
        source = Source(
            K.BUSINESS_REPORT_BY_DATE, by_date, SALES_BY_DATE, True, partial=n < period.days
        )
        first = all(n >= _days(s.reports, period) for s in out)
        out.insert(0 if first else len(out), source)
    return out


def ad_sources(scan: Scan) -> dict[str, list[Source]]:
    """For each ad type present, its report kinds in order of preference."""
    out: dict[str, list[Source]] = {}
    for ad_type, kinds in AD_PREFERENCE.items():
        for kind in kinds:
            reports = tuple(r for r in scan.of_kind(kind) if ad_type_of(r) == ad_type)
            if reports:
                carries = ADS_PRODUCT_LEVEL if kind in PRODUCT_AD_KINDS else ADS_CAMPAIGN_LEVEL
                if kind in SEARCH_TERM_KINDS:
                    carries = ADS_SEARCH_TERM_LEVEL
                out.setdefault(ad_type, []).append(Source(kind, reports, carries, dated=True))
    return out


def pick(sources: list[Source], dims: list[Dim]) -> Source | None:
    return next((s for s in sources if s.has(dims)), None)


def _latest_undated(reports: list[Report], warnings: list[str]) -> list[Report]:
    """Snapshots without a snapshot date stand at the end of the period they cover (their
    folder's): of several for the same period, the newest file is used."""
    kind = reports[0].kind
    if "snapshot_date" in {c.name for c in SPEC_BY_KIND[kind].columns} or len(reports) == 1:
        return reports
    by_period: dict[tuple[date, date] | None, list[Report]] = {}
    for r in reports:
        by_period.setdefault(r.covers, []).append(r)
    out: list[Report] = []
    for same in by_period.values():
        newest = max(same, key=lambda r: r.mtime)
        out.append(newest)
        if len(same) > 1:
            others = ", ".join(str(r.path) for r in same if r is not newest)
            warnings.append(
                f"{len(same)} {kind} reports have no snapshot date and cover the same period; "
                f"using the newest file {newest.path} and ignoring {others}"
            )
    return out


def inventory_source(scan: Scan, warnings: list[str]) -> Source | None:
    for kind in INVENTORY_PREFERENCE:
        reports = scan.of_kind(kind)
        if reports:
            return Source(kind, tuple(_latest_undated(reports, warnings)), INVENTORY)
    return None


def age_sources(scan: Scan) -> list[Source]:
    out = []
    for kind in INVENTORY_PREFERENCE:
        names = {c.name for c in SPEC_BY_KIND[kind].columns}
        reports = scan.of_kind(kind)
        if reports and set(AGE_COLUMNS_ALL) <= names:
            out.append(Source(kind, tuple(reports), INVENTORY))
    return out


def profit_source(scan: Scan, period: Period, warnings: list[str]) -> Source | None:
    """The payments kind profit is read from; the other payments kinds are named, unused."""
    present = [k for k in PAYMENTS_PREFERENCE if scan.of_kind(k)]
    if not present:
        return None
    reports = scan.of_kind(present[0])
    for kind in present[1:]:
        for r in scan.of_kind(kind):
            warnings.append(
                f"{r.path}: {kind} not used for profit: the {present[0]} report(s) hold "
                f"the same transactions (one payments kind is read, never two)"
            )
    partial = _days(tuple(reports), period) < period.days
    return Source(present[0], tuple(reports), PAYMENTS, dated=True, partial=partial)
