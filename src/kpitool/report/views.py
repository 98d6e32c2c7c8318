"""What each part of the page shows, as text: the KPI cards, scorecards, tables of the charts.

Pure functions of a :class:`~kpitool.results.review.Review` to small records the template
lays out. Values are formatted as in the terminal table (``render.values``), so the page and
``kpitool compute`` show the same figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kpitool.render import values as fmt
from kpitool.results import ComputeResult, KpiResult, Status
from kpitool.results.compare import Contributor, Driver, KpiChange
from kpitool.results.review import Person, Review

FAMILIES = {
    "sales": "Sales and traffic",
    "advertising": "Advertising",
    "inventory": "Inventory",
    "profit": "Profit",
    "custom": "Custom KPIs",
}
#: a breakdown's name, singular and plural
DIMS = {"asin": "ASIN", "campaign": "campaign", "search_term": "search term"}
FACTORS = {
    "sessions": "Sessions",
    "conversion_rate": "Conversion rate",
    "average_selling_price": "Average selling price",
    "cpc": "Cost per click",
    "ad_conversion_rate": "Ad conversion rate",
    "ad_order_value": "Ad order value",
    "acos": "ACOS",
    "ad_sales_share": "Ad sales share",
}


def title(kpi: str) -> str:
    """``conversion_rate`` -> ``Conversion rate`` (ACOS, TACoS, ROAS, CTR, CPC as written)."""
    known = {
        "acos": "ACOS",
        "tacos": "TACoS",
        "roas": "ROAS",
        "ctr": "CTR",
        "cpc": "CPC",
        "roi": "ROI",
        "b2b_sales": "B2B sales",
        "break_even_acos": "Break-even ACOS",
        "cogs": "COGS",
        "stockout_skus": "Stockout SKUs",
        "low_stock_skus": "Low-stock SKUs",
        "aged_90_plus_share": "Aged over 90 days (share)",
    }
    return known.get(kpi, kpi.replace("_", " ").capitalize())


def status_class(s: Status) -> str:
    return str(s).replace("_", "-")


@dataclass
class Change:
    """A KPI's change against the comparison period."""

    arrow: str  # ↑ ↓ →
    text: str  # +6.78 %, +0.63 pp, +3.34 % per day
    before: str  # the BEFORE value
    verdict: str  # better | worse | "" (no direction or no change)


@dataclass
class Card:
    kpi: str
    title: str
    value: str
    target: str
    status: str  # pass, warn, fail, no-target, no-data (the CSS class)
    status_text: str  # ✓ pass
    attainment: str
    coverage: str
    change: Change | None = None


@dataclass
class Family:
    name: str
    cards: list[Card] = field(default_factory=list)


def _coverage(r: KpiResult) -> str:
    c = r.coverage
    if c is None:
        return ""
    if c.at is not None:
        return f"snapshot of {c.at}"
    return f"{c.days} of {c.period.days} days"


def change(c: KpiChange | None, currency: str | None) -> Change | None:
    if c is None or c.before is None or c.after is None or c.delta is None:
        return None
    arrow = "↑" if c.delta > 0 else "↓" if c.delta < 0 else "→"
    if c.per_day is not None and c.per_day.delta_pct is not None:
        text = f"{c.per_day.delta_pct * 100:+,.2f} % per day"
        arrow = "↑" if c.per_day.delta_pct > 0 else "↓" if c.per_day.delta_pct < 0 else "→"
    elif c.delta_pp is not None:
        text = f"{c.delta_pp:+,.2f} pp"
    elif c.delta_pct is not None:
        text = f"{c.delta_pct * 100:+,.2f} %"
    else:
        text = fmt.number(c.delta, c.unit, currency)
    verdict = "" if c.better is None else "better" if c.better else "worse"
    return Change(arrow, text, fmt.number(c.before, c.unit, currency), verdict)


def _changes(review: Review, group: dict[str, str]) -> dict[str, KpiChange]:
    if review.compare is None:
        return {}
    return {c.kpi: c for c in review.compare.results if c.group == group}


def card(r: KpiResult, currency: str | None, c: KpiChange | None = None) -> Card:
    return Card(
        r.kpi,
        title(r.kpi),
        fmt.value(r, currency),
        fmt.target(r, currency),
        status_class(r.status),
        fmt.status(r.status),
        fmt.attainment(r.attainment),
        _coverage(r),
        change(c, currency),
    )


def families(review: Review) -> list[Family]:
    """The total's KPI cards by family, the targeted KPIs first in each."""
    res = review.current
    changed = _changes(review, {})
    out: dict[str, Family] = {key: Family(name) for key, name in FAMILIES.items()}
    total = sorted((r for r in res.results if not r.group), key=lambda r: r.target is None)
    for r in total:  # a stable sort: catalogue order within the targeted and the others
        fam = review.families.get(r.kpi, "custom")
        out.setdefault(fam, Family(fam)).cards.append(card(r, res.currency, changed.get(r.kpi)))
    return [f for f in out.values() if f.cards]


@dataclass
class Scorecard:
    id: str
    name: str
    team: str
    score: str
    score_before: str
    targets: list[Card]
    missed: list[str]
    payout: str = ""  # with incentives in the config: the tier reached (– without a score)


def _score(result: ComputeResult | None, group: dict[str, str]) -> str:
    if result is None:
        return fmt.MISSING
    found = next((s.score for s in result.scores if s.group == group), None)
    return fmt.attainment(found)


def scorecards(
    review: Review, result: ComputeResult | None, dim: str, people: list[Person]
) -> list[Scorecard]:
    """One scorecard per owner (or team) of the config: score, targets, missed targets."""
    if result is None:
        return []
    cur = result.currency
    before = review.compare.before if review.compare is not None else None
    out = []
    for p in people:
        group = {dim: p.id}
        mine = [r for r in result.results if r.group == group and r.target]
        changed = _changes(review, group) if dim == "owner" else {}
        cards = [card(r, cur, changed.get(r.kpi)) for r in mine]
        missed = [
            f"{title(r.kpi)}: {fmt.value(r, cur)} against {fmt.target(r, cur)} "
            f"({fmt.status(r.status)})"
            for r in mine
            if r.status in (Status.FAIL, Status.WARN, Status.NO_DATA)
        ]
        prior = _score(before, group) if before is not None and dim == "owner" else ""
        score = next((s for s in result.scores if s.group == group), None)
        pays = fmt.payout(score) if score is not None and score.incentives else ""
        out.append(
            Scorecard(p.id, p.name, p.team or "", _score(result, group), prior, cards, missed, pays)
        )
    return out


def waterfall_steps(result: ComputeResult) -> list[tuple[str, float | None]]:
    """(label, amount) of each step of the profit waterfall; None: an unknown amount."""
    from kpitool.render.profit import LABELS

    short = {"other": "Other", "cogs": "COGS"}
    return [(short.get(s.step, LABELS.get(s.step, s.step)), s.amount) for s in result.waterfall]


@dataclass
class Effects:
    kpi: str
    title: str
    delta: str
    method: str
    rows: list[tuple[str, float, str]]  # factor, effect, effect as text


def effects(review: Review) -> list[Effects]:
    """The factor effects of the total's sales, ACOS and TACoS changes."""
    if review.compare is None:
        return []
    cur = review.current.currency
    out = []
    for d in review.compare.drivers:
        if d.group or not d.effects or d.delta is None:
            continue
        unit = "currency" if d.kpi == "sales" else "ratio"
        rows = [(FACTORS.get(k, k), v, _signed(v, unit, cur)) for k, v in d.effects.items()]
        method = {"lmdi": "LMDI", "shapley": "Shapley"}.get(d.method or "", d.method or "")
        out.append(Effects(d.kpi, title(d.kpi), _signed(d.delta, unit, cur), method, rows))
    return out


def _signed(v: float, unit: str, currency: str | None) -> str:
    if unit == "ratio":
        return f"{v * 100:+,.2f} pp"
    return f"{v:+,.2f} {currency}" if currency else f"{v:+,.2f}"


@dataclass
class Contributors:
    kpi: str
    title: str
    dim: str
    unit: str
    rows: list[tuple[str, float, str, str, str]]  # name, delta, delta text, share, change


def contributors(review: Review) -> list[Contributors]:
    """The top contributors of each change, per breakdown (ASINs, campaigns, search terms)."""
    if review.compare is None:
        return []
    cur = review.current.currency
    units = {c.kpi: c.unit for c in review.compare.results if not c.group}
    out = []
    for d in review.compare.drivers:
        if d.group:
            continue
        for dim, items in _by_dim(d).items():
            unit = units.get(d.kpi, "currency")
            rows = [
                (
                    c.group[dim],
                    c.delta,
                    _signed(c.delta, unit, cur)
                    if unit in ("ratio", "currency")
                    else f"{c.delta:+,.0f}",
                    fmt.attainment(c.share),
                    c.change or "",
                )
                for c in items
            ]
            out.append(Contributors(d.kpi, title(d.kpi), DIMS.get(dim, dim), unit, rows))
    return out


def _by_dim(d: Driver) -> dict[str, list[Contributor]]:
    out: dict[str, list[Contributor]] = {}
    for c in d.top_contributors:
        dim = next(iter(c.group))
        out.setdefault(dim, []).append(c)
    return out
