"""What each KPI of a breakdown covers, and where two families must be brought to common days.

A KPI reads one family of facts (sales, advertising, inventory, profit) or two: TACoS, ad sales
share and organic sales read ads and sales; net profit, net margin and ROI read payments and ads;
days of supply, turnover and the stock flags read an inventory snapshot and the units sold. Its
coverage is what all of them cover. A KPI over two families of flows (sales, ads, payments)
that cover different days never mixes them: both are restricted to the days both cover, where
each is dated or already covers just those days; else the KPI has no data, with a warning
naming both coverages (kpis.md "Periods and coverage").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from kpitool.config import Config
from kpitool.engine.coverage import covered, snapshot_covered
from kpitool.engine.facts import Breakdown
from kpitool.kpis.catalogue import (
    ADS,
    BUILTIN_FAMILIES,
    FAMILIES,
    INVENTORY,
    PROFIT,
    SALES,
)
from kpitool.results import Coverage, Period

#: families of flows: their facts are sums over days, and can be restricted to some of them
FLOWS = frozenset({SALES, ADS, PROFIT})


def kpi_families(config: Config) -> dict[str, frozenset[str]]:
    """For every KPI id, the families it reads (a custom KPI: those of the KPIs it uses)."""
    out = dict(BUILTIN_FAMILIES)
    if config.kpis:
        from kpitool.kpis.formula import names, parse

        for cid in config.custom_order():
            used = names(parse(config.kpis[cid].formula))
            out[cid] = frozenset(f for name in used for f in out.get(name, frozenset()))
    return out


def family_coverage(b: Breakdown, per: Period) -> dict[str, Coverage]:
    """What each family of the breakdown covers (a family it has no report of: nothing)."""
    out: dict[str, Coverage] = {}
    for family in FAMILIES:
        reports = b.family_used.get(family, [])
        if family == INVENTORY:
            out[family] = snapshot_covered(reports, per)
        else:
            out[family] = covered(reports, per)
    return out


def _present(families: frozenset[str], cov: Mapping[str, Coverage]) -> list[str]:
    """The families of a KPI that have data; an optional one without any is left out (net
    profit without ads reports takes the ads charged in the payments; days of supply without
    a Business Report takes units-shipped-t30)."""
    optional = {INVENTORY: SALES, PROFIT: ADS}
    out = []
    for f in sorted(families):
        base = next((b for b, opt in optional.items() if opt == f and b in families), None)
        if base is not None and not cov[f].days:
            continue
        out.append(f)
    return out


def kpi_coverage(families: frozenset[str], cov: Mapping[str, Coverage], per: Period) -> Coverage:
    present = _present(families, cov)
    if not present:
        return Coverage(per)
    out = cov[present[0]]
    for f in present[1:]:
        out = out.intersect(cov[f])
    return out


@dataclass
class Common:
    """The KPIs of a breakdown that must be computed over fewer days than their families have."""

    #: the days to restrict to -> the KPIs computed over them
    restrict: dict[Period, list[str]] = field(default_factory=dict)
    #: KPIs with no data: their families cannot be brought to the same days
    no_data: set[str] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)


def common_days(
    b: Breakdown,
    kpis: Mapping[str, frozenset[str]],
    cov: Mapping[str, Coverage],
    sales_dated: bool,
) -> Common:
    out = Common()
    reasons: dict[tuple[str, ...], list[str]] = {}
    for kpi, families in kpis.items():
        flows = [f for f in _present(families, cov) if f in FLOWS]
        if len(flows) < 2 or any(not cov[f].days for f in flows):
            continue  # one family, or one without data: nothing to mix
        if len({cov[f].spans for f in flows}) == 1:
            continue
        both = cov[flows[0]]
        for f in flows[1:]:
            both = both.intersect(cov[f])
        can = len(both.spans) == 1 and all(
            (f != SALES or sales_dated) or cov[f] == both for f in flows
        )
        if can:
            out.restrict.setdefault(both.spans[0], []).append(kpi)
        else:
            out.no_data.add(kpi)
            reasons.setdefault(tuple(flows), []).append(kpi)
    for names, ids in reasons.items():
        covers = "; ".join(f"{f}: {cov[f].text()}" for f in names)
        out.warnings.append(
            f"{', '.join(ids)}: no data: {' and '.join(names)} cover different days ({covers}) "
            f"and cannot be brought to the same days; download both for the same dates"
        )
    return out
