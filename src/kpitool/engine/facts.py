"""One breakdown (a list of dimensions) -> its facts table: choose the sources, register their
lazy pieces in the run's batch, and after the collect assemble one row per group.

Families are joined on the group dimensions. A family that carries the breakdown but has no
row for a group contributes zeros there (no sales that day, no spend on that ASIN); a family
that does not carry the breakdown contributes nulls (no_data), never invented numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import polars as pl

from kpitool.engine.collect import Batch
from kpitool.engine.coverage import covered
from kpitool.engine.dims import PRODUCT_DIMS, TIME_DIMS, Dim, can_carry
from kpitool.engine.frames import (
    Piece,
    ads_piece,
    age_piece,
    inventory_piece,
    sales_piece,
    sold_by_product,
)
from kpitool.engine.money import Money
from kpitool.engine.owners import OwnerRule, conflicts
from kpitool.engine.profit import Ledger, profit_piece
from kpitool.engine.sources import Source, pick
from kpitool.io.kinds import SPEC_BY_KIND, ReportKind
from kpitool.io.model import Report
from kpitool.kpis.registry import AD_FACTS, PROFIT_FACTS, SALES_FACTS, Fact, KpiContext, nsum
from kpitool.results import Period


@dataclass
class Sources:
    """Every candidate source of a run, in order of preference."""

    sales: list[Source]
    ads: dict[str, list[Source]]
    inventory: Source | None
    ages: list[Source]
    profit: Source | None = None
    #: the unit costs (costs.COSTS_SCHEMA), None without a cost file
    costs: pl.DataFrame | None = None
    #: sku -> asin, from the reports that hold both (for profit by asin/owner/team)
    asins: pl.LazyFrame | None = None
    #: the reports ``asins`` reads
    asin_reports: list[Report] = field(default_factory=list)
    #: the payments rows of ``profit``, read once for every breakdown
    ledger: Ledger | None = None


@dataclass
class _Registered:
    piece: Piece
    facts: int
    outside: list[tuple[Report, int]]
    undated: int | None = None
    unrated: int | None = None


@dataclass
class Breakdown:
    """The facts of one breakdown, registered lazily; :meth:`assemble` after the collect."""

    dims: list[Dim]
    sales: _Registered | None = None
    ads: dict[str, list[_Registered]] = field(default_factory=dict)
    inventory: _Registered | None = None
    ages: list[_Registered] = field(default_factory=list)
    conflicts: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    sales_partial: bool = False
    ads_partial: bool = False
    used: list[Report] = field(default_factory=list)
    #: the reports each family's facts were taken from ("sales", "advertising", ...)
    family_used: dict[str, list[Report]] = field(default_factory=dict)
    #: the days the sales facts are divided by (days of supply, turnover): their coverage
    sales_days: int = 0
    outside: dict[str, tuple[Report, int]] = field(default_factory=dict)
    unrated: list[int] = field(default_factory=list)
    #: per ad type: facts the preferred report lacks, taken from the next report that has them
    ad_fallbacks: dict[str, list[tuple[_Registered, list[Fact]]]] = field(default_factory=dict)
    profit: _Registered | None = None
    profit_partial: bool = False
    #: tickets: sales without a unit cost (dims, sku, units); unrecognised transaction types
    profit_missing: int | None = None
    profit_unknown: int | None = None


#: the canonical column behind each ads fact
AD_FACT_COLUMNS: dict[Fact, str] = {
    Fact.AD_SPEND: "spend",
    Fact.AD_SALES: "ad_sales",
    Fact.AD_ORDERS: "ad_orders",
    Fact.AD_UNITS: "ad_units",
    Fact.IMPRESSIONS: "impressions",
    Fact.CLICKS: "clicks",
}


def _lacks(source: Source, column: str) -> bool:
    return not any(r.has_column(column) for r in source.reports)


def _register(
    batch: Batch, piece: Piece, with_checks: bool = False, reads: Sequence[Report] | None = None
) -> _Registered:
    """Add a piece's queries to the batch. ``reads``: the reports they read, if not only the
    piece's source (see ``Batch.add``)."""
    reports = piece.source.reports if reads is None else reads
    reg = _Registered(
        piece, batch.add(piece.facts, reports), [(r, batch.add(f, [r])) for r, f in piece.outside]
    )
    if with_checks and piece.undated is not None:
        reg.undated = batch.add(piece.undated, reports)
    if piece.unrated is not None:
        reg.unrated = batch.add(piece.unrated, reports)
    return reg


def plan_breakdown(
    batch: Batch,
    dims: list[Dim],
    sources: Sources,
    period: Period,
    ctx: KpiContext,
    money: Money,
    rules: Sequence[OwnerRule],
) -> Breakdown:
    """The lazy tables of one breakdown (``dims``; none for the total), family by family,
    added to ``batch`` to be collected with the others in one pass."""
    p = _Planning(batch, Breakdown(dims), sources, period, money, rules)
    _plan_sales(p)
    _plan_ads(p)
    _plan_inventory(p, ctx)
    p.b.ages = [
        _register(batch, age_piece(s, dims, period, rules)) for s in sources.ages if s.has(dims)
    ]
    _plan_profit(p)
    if rules and {Dim.OWNER, Dim.TEAM} & set(dims):
        _register_conflicts(batch, p.b, rules)
    return p.b


@dataclass(frozen=True)
class _Planning:
    batch: Batch
    b: Breakdown
    sources: Sources
    period: Period
    money: Money
    rules: Sequence[OwnerRule]

    @property
    def by(self) -> str:
        return ", ".join(d.value for d in self.b.dims)


def _plan_sales(p: _Planning) -> None:
    dims = p.b.dims
    sales = pick(p.sources.sales, dims)
    if sales is not None:
        p.b.sales = _register(p.batch, sales_piece(sales, dims, p.period, p.money, p.rules))
        p.b.sales_partial = sales.partial
    elif p.sources.sales and dims and can_carry("sales", dims):  # else left out, with a note
        p.b.warnings.append(
            f"sales and traffic KPIs have no data by {p.by}: no Business Report carries it"
        )


def _plan_ads(p: _Planning) -> None:
    dims, b = p.b.dims, p.b
    timed = bool(TIME_DIMS & set(dims))
    for ad_type, candidates in p.sources.ads.items():
        fits = [s for s in candidates if s.has(dims)]
        if not fits:
            b.ads_partial = True
            b.warnings.append(
                f"{ad_type} ads cannot be broken down by {p.by} (no {ad_type} report carries "
                f"it); their spend and sales are left out of those groups"
            )
            continue
        chosen = fits if timed else fits[:1]
        b.ads[ad_type] = [
            _register(p.batch, ads_piece(s, dims, p.period, p.money, p.rules), with_checks=timed)
            for s in chosen
        ]
        # e.g. the SP campaign report has no units column: ad units come from the next
        # report of that ad type that has one (the same ads, so nothing is counted twice)
        borrowed: dict[int, tuple[Source, list[Fact]]] = {}
        for fact, column in AD_FACT_COLUMNS.items():
            if not _lacks(chosen[0], column):
                continue
            alt = next((s for s in fits if s is not chosen[0] and not _lacks(s, column)), None)
            if alt is not None:
                borrowed.setdefault(id(alt), (alt, []))[1].append(fact)
        b.ad_fallbacks[ad_type] = [
            (_register(p.batch, ads_piece(alt, dims, p.period, p.money, p.rules)), facts)
            for alt, facts in borrowed.values()
        ]


def _plan_inventory(p: _Planning, ctx: KpiContext) -> None:
    inventory, dims = p.sources.inventory, p.b.dims
    if inventory is None or not inventory.has(dims):
        return
    child = next(
        (
            s
            for s in p.sources.sales
            if s.kind == ReportKind.BUSINESS_REPORT_BY_ITEM and Dim.SKU in s.carries
        ),
        None,
    )
    sold = sold_by_product(child) if child is not None else None
    # units sold per day over the days the by-item reports cover
    days = covered(child.reports, p.period).days if child is not None else 0
    inv_ctx = replace(ctx, days=days or ctx.days)
    piece = inventory_piece(inventory, dims, p.period, inv_ctx, p.rules, sold)
    p.b.inventory = _register(p.batch, piece)


def _plan_profit(p: _Planning) -> None:
    ledger, dims, b = p.sources.ledger, p.b.dims, p.b
    if ledger is not None and ledger.source.has(dims):
        s = p.sources
        pp = profit_piece(ledger, dims, p.money, p.rules, s.asins, s.asin_reports)
        piece = Piece(pp.source, pp.facts, pp.outside, unrated=pp.unrated)
        b.profit = _register(p.batch, piece, reads=pp.reads)
        b.profit_partial = ledger.source.partial
        if pp.missing is not None:
            b.profit_missing = p.batch.add(pp.missing, pp.reads)
        b.profit_unknown = p.batch.add(pp.unknown, pp.reads)
    elif ledger is not None and dims and can_carry("profit", dims):
        b.warnings.append(f"profit KPIs have no data by {p.by}: payments reports do not carry it")


def _register_conflicts(batch: Batch, b: Breakdown, rules: Sequence[OwnerRule]) -> None:
    by_product = bool(PRODUCT_DIMS & set(b.dims))
    regs = [r for r in (b.sales, b.inventory) if r is not None]
    for reg in regs:
        for r in reg.piece.source.reports:
            names = {c.name for c in SPEC_BY_KIND[r.kind].columns}
            if "asin" in names:
                sku = "sku" if "sku" in names else None
                lf = conflicts(r.frame, rules, asin="asin", sku=sku)
                b.conflicts.append(batch.add(lf, [r]))
    for regs_of_type in b.ads.values():
        for reg in regs_of_type[:1]:
            for r in reg.piece.source.reports:
                if by_product:
                    lf = conflicts(r.frame, rules, asin="advertised_asin")
                else:
                    lf = conflicts(r.frame, rules, campaign="campaign")
                b.conflicts.append(batch.add(lf, [r]))


def _sum_by(frames: list[pl.DataFrame], dims: list[str], facts: Sequence[Fact]) -> pl.DataFrame:
    df = pl.concat(frames, how="vertical_relaxed")
    aggs = [nsum(pl.col(f.value)).cast(pl.Float64).alias(f.value) for f in facts]
    return df.group_by(dims).agg(aggs) if dims else df.select(aggs)


def _use(b: Breakdown, reg: _Registered, family: str) -> None:
    used = b.family_used.setdefault(family, [])
    used.extend(r for r in reg.piece.source.reports if all(r is not u for u in used))
    for report, ticket in reg.outside:
        b.outside.setdefault(str(report.path), (report, ticket))
    for report in reg.piece.source.reports:
        if all(report is not u for u in b.used):
            b.used.append(report)
    if reg.unrated is not None:
        b.unrated.append(reg.unrated)


def assemble(b: Breakdown, batch: Batch) -> pl.DataFrame:
    """The facts table: one row per group, every :class:`Fact` column (null where unknown)."""
    dims = [d.value for d in b.dims]
    families: list[tuple[pl.DataFrame, Sequence[Fact], bool]] = []
    if b.sales is not None:
        _use(b, b.sales, "sales")
        families.append((batch[b.sales.facts], SALES_FACTS, True))
    ad_frames: list[pl.DataFrame] = []
    for ad_type, regs in b.ads.items():
        reg = regs[0]
        if len(regs) > 1 or regs[0].undated is not None:
            dated = [r for r in regs if r.undated is not None and batch[r.undated].item() == 0]
            reg = dated[0] if dated else regs[0]
            if not dated:
                b.warnings.append(
                    f"{ad_type} ads: no report has daily rows; summary rows spanning several "
                    f"days are grouped as (undated)"
                )
        _use(b, reg, "advertising")
        df = batch[reg.facts]
        for fallback, facts in b.ad_fallbacks.get(ad_type, []) if reg is regs[0] else []:
            _use(b, fallback, "advertising")
            names = [f.value for f in facts]
            borrowed = batch[fallback.facts].select(*dims, *names)
            if dims:
                df = df.drop(names).join(borrowed, on=dims, how="full", coalesce=True)
            else:
                df = pl.concat([df.drop(names), borrowed], how="horizontal")
        ad_frames.append(df.select(*dims, *[f.value for f in AD_FACTS]))
    if ad_frames:
        families.append((_sum_by(ad_frames, dims, AD_FACTS), AD_FACTS, True))
    if b.inventory is not None:
        _use(b, b.inventory, "inventory")
        families.append((batch[b.inventory.facts], (), False))
    if b.profit is not None:
        _use(b, b.profit, "profit")
        families.append((batch[b.profit.facts], PROFIT_FACTS, True))
    for reg in b.ages:
        df = batch[reg.facts]
        if df.get_column(Fact.AGED_TOTAL.value).is_not_null().any():
            _use(b, reg, "inventory")
            families.append((df, (), False))
            break

    table: pl.DataFrame | None = None
    for df, _, _ in families:
        if table is None:
            table = df
        elif dims:
            table = table.join(df, on=dims, how="full", coalesce=True)
        else:
            table = pl.concat([table, df], how="horizontal")
    if table is None:
        table = pl.DataFrame(
            {d: [] for d in dims} if dims else {"__empty": [None]},
            schema={d: pl.String for d in dims} if dims else {"__empty": pl.Null},
        )
    missing = [f.value for f in Fact if f.value not in table.columns]
    table = table.with_columns([pl.lit(None, dtype=pl.Float64).alias(m) for m in missing])
    fill = [f.value for _, facts, zero in families if zero for f in facts]
    if dims and fill:
        table = table.with_columns(
            pl.col(c).fill_null(pl.when(pl.col(c).is_not_null().any()).then(pl.lit(0.0)))
            for c in fill
        )
    return table.select(*dims, *[f.value for f in Fact])
