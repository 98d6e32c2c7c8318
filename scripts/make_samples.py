#!/usr/bin/env python3
"""Write the deterministic sample Amazon seller exports in ``sample_reports/``.

The fictional brand "Northwind Home" (amazon.com, USD) sells 30 child ASINs. Facts are made at
the finest grain first (day x ASIN for sales and traffic; day x campaign x ad group x advertised
ASIN x target x search term x placement for ads, money in integer cents) and every report is an
aggregation of those facts, written in the exact byte format Amazon uses (BOM, quoting, CRLF,
``"$1,234.56"``, trailing-space headers, cp1252, Apache POI style xlsx...). It also writes the
brand's own unit-cost file (``configs/costs.csv``, see ``unit_costs``), which the config names.

Standard library only; it must not import kpitool.

    python scripts/make_samples.py                      # rewrite sample_reports/ (byte-identical)
                                                        # and configs/costs.csv
    python scripts/make_samples.py --search-term-rows 2000000 --out benchmarks/data
"""

from __future__ import annotations

import argparse
import calendar
import math
import random
import sys
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import IO

REPO = Path(__file__).resolve().parent.parent
DEFAULT_MONTHS = "2026-09,2026-10,2026-11"
BENCH_MONTH = "2026-10"  # the month --search-term-rows writes by default
DEFAULT_SEED = 7
# Random streams: the days up to this one (the sample as first published, September and
# October, and the 120 days before them) draw from one stream per purpose ("7-demand"); each
# later month from its own ("7-demand-2026-11"), so adding a month never changes the files of
# the months before it.
SHARED_STREAMS_UNTIL = date(2026, 10, 31)

# Story dates (only used when they fall inside the simulated range).
LAUNCH_CHARL008 = date(2026, 10, 1)
STOCKOUT_ASIN = "B0ALPHA003"
STOCKOUT_FROM = date(2026, 10, 24)  # first day with nothing left to sell
STOCKOUT_PLAN = date(2026, 7, 15)  # day the last (too small) shipment is planned
RESTOCK_PLAN = date(2026, 10, 20)  # day the next shipment is planned (still inbound at month end)
PRICE_CUTS = {"B0BRAVO002": 85, "B0BRAVO005": 85, "B0BRAVO007": 80}  # October price, % of base
COSTS_FROM = date(2026, 1, 1)  # first effective date of the unit costs (or the launch date)
COST_RISE = ("B0ALPHA001", date(2026, 10, 15), 108)  # supplier price rise: % of the old cost
# November: Black Friday week (deals on a few lead ASINs until Cyber Monday); Bob's October
# price cuts end and a rival takes some of his kitchen searches, and his second-best mat, on
# a deal, sells out in the deal days (his reorder missed the cut-off before the peak); Alice
# lowers her bids (her ACOS recovers) and has her runner back in stock; peak storage fees.
DEALS = (date(2026, 11, 20), date(2026, 11, 30))  # first and last day of the deals
DEAL_ASINS = {"B0ALPHA001": 80, "B0ALPHA002": 80, "B0CHARL001": 80, "B0CHARL008": 75,
              "B0BRAVO002": 75}  # fmt: skip  # deal price, % of base
DEAL_SESSIONS = {date(2026, 11, 27): 2.3, date(2026, 11, 28): 1.9, date(2026, 11, 29): 1.6,
                 date(2026, 11, 30): 2.0}  # fmt: skip  # Black Friday to Cyber Monday, else 1.35
RIVAL = ("B0BRAVO", date(2026, 11, 1), 0.9, 0.78)  # ASINs, from, sessions and conversion
NO_REORDER = ("B0BRAVO002", date(2026, 11, 1), date(2026, 12, 1))  # no shipment planned
LOWER_BIDS = ("Alice - ", date(2026, 11, 1), 72)  # campaigns, from, % of the old CPC
RIVAL_BIDS = ("Bob - ", date(2026, 11, 1), 115)  # the rival bids on Bob's keywords too
DEAL_CPC = 115  # % of the CPC in the deal days (more sellers bid)

# --------------------------------------------------------------------------------- catalogue


@dataclass(frozen=True)
class Product:
    asin: str
    parent: str
    sku: str
    fnsku: str
    title: str
    owner: str
    price: int  # cents, base price
    sessions: float  # base sessions per day
    conv: float  # probability that a session orders (order items per session)
    bb_loss: float  # share of page views without the featured offer
    fba_fee: int  # cents per unit
    volume: str  # per-unit volume, cubic feet
    age_days: int  # age of the initial stock at the start of the simulation
    launch: date | None = None


_TITLES: dict[str, tuple[str, int, float, float]] = {
    # asin: (title, price cents, sessions/day, conversion)
    "B0ALPHA001": ('Northwind Home Bath Mat 31" x 19" Microfiber Non-Slip (Grey)', 2499, 62, 0.125),
    "B0ALPHA002": ('Northwind Home Bath Mat 31" x 19" Microfiber Non-Slip (Navy)', 2499, 38, 0.118),
    "B0ALPHA003": ('Northwind Home Bath Runner 59" x 20" Chenille (Grey)', 3499, 30, 0.105),
    "B0ALPHA004": ('Northwind Home Memory Foam Bath Mat 24" x 17" (Ivory)', 1999, 26, 0.120),
    "B0ALPHA005": ("Northwind Home Bath Mat Set of 2 – Non-Slip (Sage Green)", 2999, 22, 0.110),
    "B0ALPHA006": ("Northwind Home Collapsible Laundry Basket 60L (Grey)", 2299, 16, 0.100),
    "B0ALPHA007": ("Northwind Home Laundry Hamper with Lid and Liner (Natural)", 3999, 14, 0.090),
    "B0ALPHA008": ("Northwind Home Mesh Laundry Bags Set of 5", 1299, 9, 0.080),
    "B0ALPHA009": ("Northwind Home Over-the-Door Towel Rack (Matte Black)", 2799, 11, 0.095),
    "B0ALPHA010": ("Northwind Home Shower Caddy Rustproof (Chrome)", 3199, 13, 0.100),
    "B0BRAVO001": ('Northwind Home Anti-Fatigue Kitchen Mat 17.3" x 28" (Black)', 2999, 44, 0.115),
    "B0BRAVO002": ('Northwind Home Anti-Fatigue Kitchen Mat 17.3" x 47" (Black)', 3999, 30, 0.100),
    "B0BRAVO003": ("Northwind Home Kitchen Rug Set of 2 (Beige Stripe)", 3499, 21, 0.105),
    "B0BRAVO004": ('Northwind Home Kitchen Runner Rug 20" x 59" (Grey)', 3299, 17, 0.095),
    "B0BRAVO005": ('Northwind Home Anti-Fatigue Kitchen Mat 20" x 32" (Brown)', 3699, 16, 0.090),
    "B0BRAVO006": ("Northwind Home Kitchen Towels 100% Cotton (Set of 6)", 1899, 24, 0.130),
    "B0BRAVO007": ("Northwind Home Silicone Pot Holders and Trivets (Set of 4)", 1699, 13, 0.100),
    "B0BRAVO008": ('Northwind Home Linen Tablecloth 60" x 84" (Oatmeal)', 2999, 10, 0.085),
    "B0BRAVO009": ("Northwind Home Cloth Napkins Set of 12 (White)", 2199, 9, 0.095),
    "B0BRAVO010": ("Northwind Home Placemats Set of 6, Heat Resistant (Grey)", 2499, 10, 0.090),
    "B0CHARL001": ("Northwind Home Bed Pillows Queen Size (Set of 2)", 4499, 34, 0.110),
    "B0CHARL002": ("Northwind Home Bed Pillows King Size (Set of 2)", 5499, 20, 0.100),
    "B0CHARL003": ("Northwind Home Microfiber Sheet Set Queen (White)", 3299, 21, 0.115),
    "B0CHARL004": ("Northwind Home Microfiber Sheet Set King (White)", 3699, 14, 0.105),
    "B0CHARL005": ("Northwind Home Waterproof Mattress Protector Queen", 2799, 13, 0.110),
    "B0CHARL006": ("Northwind Home Cotton Waffle Blanket Queen (Sage)", 4999, 11, 0.085),
    "B0CHARL007": ('Northwind Home Sherpa Throw Blanket 50" x 60" (Café Brown)', 3499, 12, 0.090),
    "B0CHARL008": ('Northwind Home Weighted Blanket 15 lbs 48" x 72" (Grey)', 5999, 26, 0.080),
    "B0DELTA001": ('Northwind Home Coir Door Mat 30" x 17" (Natural)', 2699, 9, 0.090),
    "B0DELTA002": ('Northwind Home Boot Tray 30" x 15" (Black)', 2399, 6, 0.080),
}

_OWNERS = {"ALPHA": "alice", "BRAVO": "bob", "CHARL": "carol", "DELTA": ""}
_SLOW = {"B0ALPHA008": 210, "B0DELTA002": 400, "B0BRAVO009": 150}


def build_catalogue() -> list[Product]:
    out: list[Product] = []
    for i, (asin, (title, price, sessions, conv)) in enumerate(_TITLES.items()):
        family, num = asin[2:7], int(asin[7:])
        parent = {
            "ALPHA": "B0PARENTA1" if num <= 5 else "B0PARENTA2",
            "BRAVO": "B0PARENTB1" if num <= 5 else "B0PARENTB2",
            "CHARL": "B0PARENTC1",
            "DELTA": "B0PARENTD1",
        }[family]
        fnsku = "X00" + _base36(1_234_567 + i * 7_919_331, 7)
        fba_fee = 322 + (price // 1000) * 85 + (i % 3) * 17
        out.append(
            Product(
                asin=asin,
                parent=parent,
                sku=f"NW-{family}-{num:03d}",
                fnsku=fnsku,
                title=title,
                owner=_OWNERS[family],
                price=price,
                sessions=float(sessions),
                conv=conv,
                bb_loss=(0.002, 0.01, 0.03, 0.0)[i % 4],
                fba_fee=fba_fee,
                volume=f"{0.12 + (i * 37 % 50) / 100:.2f}",
                age_days=_SLOW.get(asin, 20 + (i * 13) % 45),
                launch=LAUNCH_CHARL008 if asin == "B0CHARL008" else None,
            )
        )
    return out


def _base36(n: int, width: int) -> str:
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    s = ""
    for _ in range(width):
        n, r = divmod(n, 36)
        s = digits[r] + s
    return s


def is_october(d: date) -> bool:
    return d.month == 10


def in_deals(d: date) -> bool:
    return DEALS[0] <= d <= DEALS[1]


def price_on(p: Product, d: date) -> int:
    if is_october(d) and p.asin in PRICE_CUTS:
        return p.price * PRICE_CUTS[p.asin] // 100 // 10 * 10 + 9  # keep the .x9 price ending
    if in_deals(d) and p.asin in DEAL_ASINS:
        return p.price * DEAL_ASINS[p.asin] // 100 // 10 * 10 + 9
    return p.price


def demand_on(p: Product, d: date) -> tuple[float, float]:
    """(sessions, conversion) multipliers of a product on a day."""
    sess_mult, conv_mult = 1.0, 1.0
    if is_october(d):
        sess_mult, conv_mult = 1.15, 0.86
        if p.asin in PRICE_CUTS:
            conv_mult = 1.12
    elif d.month == 11:
        sess_mult = 1.06
        if in_deals(d):
            sess_mult *= DEAL_SESSIONS.get(d, 1.35)
            conv_mult = 1.08
            if p.asin in DEAL_ASINS:  # the deal page brings shoppers, the price converts them
                sess_mult, conv_mult = sess_mult * 1.3, 1.5
    prefix, since, sess_rival, conv_rival = RIVAL
    if p.asin.startswith(prefix) and d >= since:
        sess_mult *= sess_rival
        if not (in_deals(d) and p.asin in DEAL_ASINS):
            conv_mult *= conv_rival
    return sess_mult, conv_mult


def cpc_on(c: Campaign, d: date) -> tuple[int, int]:
    """A campaign's CPC range on a day (cents)."""
    lo, hi = c.cpc
    for prefix, since, pct in (LOWER_BIDS, RIVAL_BIDS):
        if c.name.startswith(prefix) and d >= since:
            lo, hi = lo * pct // 100, hi * pct // 100
    if in_deals(d):
        lo, hi = lo * DEAL_CPC // 100, hi * DEAL_CPC // 100
    return lo, hi


def active(p: Product, d: date) -> bool:
    return p.launch is None or d >= p.launch


# --------------------------------------------------------------------------------- campaigns


@dataclass(frozen=True)
class Target:
    text: str
    match: str  # EXACT / PHRASE / BROAD / "-"
    terms: tuple[str, ...]
    weight: float = 1.0


@dataclass(frozen=True)
class AdGroup:
    name: str
    asins: tuple[str, ...]
    targets: tuple[Target, ...]
    bid_optimization: str = ""


@dataclass(frozen=True)
class Campaign:
    name: str
    ad_type: str  # SP / SB / SD
    portfolio: str  # "" = none
    start: date
    budget: int  # cents per day
    targeting_type: str
    bidding: str
    cpc: tuple[int, int]  # cents, per click
    cvr: float  # click conversion rate used to size the clicks
    ctr_inv: tuple[int, int]  # impressions per click
    background: int  # max impressions per cell and day without clicks
    ad_groups: tuple[AdGroup, ...]
    video: bool = False


def _alphas(*nums: int) -> tuple[str, ...]:
    return tuple(f"B0ALPHA{n:03d}" for n in nums)


def _bravos(*nums: int) -> tuple[str, ...]:
    return tuple(f"B0BRAVO{n:03d}" for n in nums)


def _charls(*nums: int) -> tuple[str, ...]:
    return tuple(f"B0CHARL{n:03d}" for n in nums)


def build_campaigns() -> list[Campaign]:
    down = "Dynamic bids - down only"
    updown = "Dynamic bids - up and down"
    pa, pb, pc = "Alice - Bath & Laundry", "Bob - Kitchen", "Carol - Bedding"
    sp, manual = "SP", "Manual targeting"
    # fmt: off
    return [
        Campaign(
            name="Alice - SP - Auto", ad_type=sp, portfolio=pa, start=date(2026, 3, 3),
            budget=6000, targeting_type="Automatic targeting", bidding=down, cpc=(45, 95),
            cvr=0.11, ctr_inv=(160, 420), background=30,
            ad_groups=(AdGroup("Auto - All Products", _alphas(*range(1, 11)), (
                Target("close-match", "-", ("bath mat", "bathroom rug", "b0c5tq8m2x",
                                            "microfiber bath mat")),
                Target("loose-match", "-", ("laundry basket", "bath mat set", "shower caddy"),
                       0.7),
                Target("substitutes", "-", ("b0bq7x1n4d", "b0cj3k8w2r"), 0.5),
                Target("complements", "-", ("b0d1m5p7ta", "towel rack"), 0.4),
            )),),
        ),
        Campaign(
            name="Alice - SP - Exact Mats", ad_type=sp, portfolio=pa, start=date(2026, 4, 14),
            budget=5000, targeting_type=manual, bidding=updown, cpc=(80, 130), cvr=0.16,
            ctr_inv=(90, 260), background=25,
            ad_groups=(AdGroup("Exact - Bath Mats", _alphas(1, 2, 3, 4, 5), (
                Target("bath mat", "EXACT", ("bath mat", "bath mats"), 1.4),
                Target("bathroom rug", "EXACT", ("bathroom rug", "bathroom rugs")),
                Target("microfiber bath mat", "EXACT", ("microfiber bath mat",), 0.6),
                Target("bath runner", "EXACT", ("bath runner", "bath runner rug"), 0.5),
            )),),
        ),
        Campaign(
            name="Bob - SP - Broad", ad_type=sp, portfolio=pb, start=date(2026, 2, 9),
            budget=5500, targeting_type=manual, bidding=down, cpc=(55, 105), cvr=0.10,
            ctr_inv=(140, 380), background=30,
            ad_groups=(
                AdGroup("Broad - Kitchen Mats", _bravos(1, 2, 3, 4, 5), (
                    Target("kitchen mat", "BROAD", ("kitchen mat", "anti fatigue kitchen mat",
                                                    "kitchen mats for floor", "standing mat")),
                    Target("kitchen rug", "BROAD", ("kitchen rug", "kitchen rugs set of 2",
                                                    "kitchen runner rug"), 0.8),
                )),
                AdGroup("Phrase - Kitchen Linens", _bravos(6, 7, 8, 9, 10), (
                    Target("kitchen towels", "PHRASE", ("kitchen towels",
                                                        "kitchen towels cotton", "dish towels")),
                    Target("cloth napkins", "PHRASE", ("cloth napkins",
                                                       "cloth napkins set of 12"), 0.6),
                    Target("tablecloth", "BROAD", ("tablecloth", "linen tablecloth",
                                                   "placemats"), 0.7),
                )),
            ),
        ),
        Campaign(
            name="Bob - SP - Product Targeting", ad_type=sp, portfolio=pb,
            start=date(2026, 6, 1), budget=3000, targeting_type=manual, bidding=down,
            cpc=(40, 90), cvr=0.11, ctr_inv=(250, 600), background=20,
            ad_groups=(AdGroup("Competitor ASINs", _bravos(*range(1, 11)), (
                Target('asin="B0C7Q2K9ZP"', "-", ("b0c7q2k9zp",)),
                Target('asin-expanded="B0BX4M2N8Q"', "-", ("b0bx4m2n8q", "b0d2r6t1yk"), 0.7),
                Target('category="Kitchen Rugs"', "-", ("b0c9h3l5vw", "b0bn8e2q4m",
                                                       "b0cz1f6u3j"), 0.8),
            )),),
        ),
        Campaign(
            name="Carol - SP - Exact", ad_type=sp, portfolio=pc, start=date(2026, 1, 20),
            budget=6000, targeting_type=manual, bidding=updown, cpc=(85, 140), cvr=0.17,
            ctr_inv=(90, 240), background=25,
            ad_groups=(AdGroup("Exact - Bedding", _charls(*range(1, 9)), (
                Target("bed pillows", "EXACT", ("bed pillows", "bed pillow"), 1.3),
                Target("sheet set queen", "EXACT", ("sheet set queen", "queen sheet set")),
                Target("waffle blanket", "EXACT", ("waffle blanket",), 0.6),
                Target("weighted blanket", "EXACT", ("weighted blanket", "weighted blankets"),
                       0.8),
            )),),
        ),
        Campaign(
            name="Brand Defense - SP", ad_type=sp, portfolio="", start=date(2025, 11, 2),
            budget=1500, targeting_type=manual, bidding=down, cpc=(30, 55), cvr=0.30,
            ctr_inv=(25, 60), background=8,
            ad_groups=(AdGroup("Brand Terms", ("B0DELTA001", "B0DELTA002"), (
                Target("northwind home", "EXACT", ("northwind home",)),
                Target("northwind door mat", "EXACT", ("northwind door mat",
                                                       "northwind doormat"), 0.6),
            )),),
        ),
        Campaign(
            name="Bob - SB - Brand Video", ad_type="SB", portfolio=pb, start=date(2026, 5, 5),
            budget=4000, targeting_type="", bidding="", cpc=(70, 150), cvr=0.08,
            ctr_inv=(250, 600), background=40, video=True,
            ad_groups=(AdGroup("Video - Kitchen Mats", _bravos(1, 2, 3, 4, 5), (
                Target("kitchen mat", "BROAD", ("kitchen mat", "anti fatigue mat",
                                                "kitchen floor mat")),
                Target("standing desk mat", "EXACT", ("standing desk mat",), 0.5),
            )),),
        ),
        Campaign(
            name="Alice - SB - Headline Bath", ad_type="SB", portfolio=pa,
            start=date(2026, 4, 1), budget=3000, targeting_type="", bidding="", cpc=(80, 140),
            cvr=0.09, ctr_inv=(200, 500), background=30,
            ad_groups=(AdGroup("Headline - Bath", _alphas(1, 2, 3, 4, 5), (
                Target("bath mat", "PHRASE", ("bath mat", "bath mat non slip", "grey bath mat")),
                Target("bath rug", "EXACT", ("bath rug",), 0.6),
            )),),
        ),
        Campaign(
            name="Carol - SD - Retargeting", ad_type="SD", portfolio=pc, start=date(2026, 3, 15),
            budget=3500, targeting_type="", bidding="", cpc=(60, 120), cvr=0.07,
            ctr_inv=(500, 1400), background=300,
            ad_groups=(
                AdGroup("Views Remarketing 30d", _charls(*range(1, 9)), (),
                        "Optimize for page visits"),
                AdGroup("Similar Products - Pillows", _charls(1, 2), (),
                        "Optimize for conversions"),
            ),
        ),
    ]
    # fmt: on


PLACEMENTS = ("Top of Search on-Amazon", "Rest of Search on-Amazon", "Product pages on Amazon")
PLACEMENT_CONV = (0.45, 0.35, 0.20)
PLACEMENT_CLICK = (0.33, 0.40, 0.27)

# --------------------------------------------------------------------------------- facts


@dataclass
class DayFacts:
    sessions: int = 0
    sessions_b2b: int = 0
    page_views: int = 0
    page_views_b2b: int = 0
    bb_views: int = 0
    bb_views_b2b: int = 0
    price: int = 0
    items: list[tuple[int, bool]] = field(default_factory=list)  # (quantity, is B2B)

    @property
    def units(self) -> int:
        return sum(q for q, _ in self.items)

    @property
    def units_b2b(self) -> int:
        return sum(q for q, b in self.items if b)

    @property
    def order_items_b2b(self) -> int:
        return sum(1 for _, b in self.items if b)


Facts = dict[date, dict[str, DayFacts]]


def daterange(start: date, end: date) -> Iterator[date]:
    d = start
    while d <= end:
        yield d
        d += timedelta(days=1)


Segment = tuple[list[date], random.Random]


class Streams:
    """The random stream of each purpose and day (see :data:`SHARED_STREAMS_UNTIL`)."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self._made: dict[str, random.Random] = {}

    def get(self, purpose: str, d: date) -> random.Random:
        name = f"{self.seed}-{purpose}"
        if d > SHARED_STREAMS_UNTIL:
            name += f"-{d:%Y-%m}"
        if name not in self._made:
            self._made[name] = random.Random(name)
        return self._made[name]

    def segments(self, purpose: str, days: Iterable[date]) -> list[Segment]:
        """The days in runs that share a stream, in order, with that stream."""
        out: list[Segment] = []
        for d in days:
            rng = self.get(purpose, d)
            if out and out[-1][1] is rng:
                out[-1][0].append(d)
            else:
                out.append(([d], rng))
        return out


def simulate_demand(streams: Streams, products: list[Product], start: date, end: date) -> Facts:
    facts: Facts = {}
    for d in daterange(start, end):
        rng = streams.get("demand", d)
        day: dict[str, DayFacts] = {}
        dow = (1.0, 0.97, 0.95, 0.97, 1.0, 1.1, 1.12)[d.weekday()]
        for p in products:
            if not active(p, d):
                continue
            sess_mult, conv_mult = demand_on(p, d)
            if p.launch is not None and (d - p.launch).days < 14:
                sess_mult *= 0.6 + 0.4 * (d - p.launch).days / 14
            lam = p.sessions * dow * sess_mult * rng.uniform(0.8, 1.2)
            n = int(lam + rng.random())
            f = DayFacts(price=price_on(p, d))
            conv = p.conv * conv_mult
            rnd = rng.random
            for _ in range(n):
                b2b = rnd() < 0.045
                f.sessions += 1
                views = 2 if rnd() < 0.32 else 1
                f.page_views += views
                bb = sum(1 for _ in range(views) if rnd() >= p.bb_loss)
                f.bb_views += bb
                if b2b:
                    f.sessions_b2b += 1
                    f.page_views_b2b += views
                    f.bb_views_b2b += bb
                if rnd() < conv:
                    r = rnd()
                    qty = 1 if r < 0.9 else (2 if r < 0.98 else 3)
                    f.items.append((qty, b2b or rnd() < 0.02))
            day[p.asin] = f
        facts[d] = day
    return facts


# --------------------------------------------------------------------------------- inventory


@dataclass
class Shipment:
    qty: int
    created: date
    shipped: date
    receiving: date
    received: date

    def stage(self, d: date) -> str:
        if d < self.shipped:
            return "working"
        if d < self.receiving:
            return "shipped"
        if d < self.received:
            return "receiving"
        return "closed"


@dataclass
class Snapshot:
    available: int
    ages: tuple[int, int, int, int, int]
    working: int
    shipped: int
    receiving: int
    reserved: int
    unsellable: int
    t7: int
    t30: int
    t60: int
    t90: int
    avg_available_90: float


def expected_daily_units(p: Product) -> float:
    return p.sessions * p.conv * 1.12 * 1.03


@dataclass
class Stock:
    """One SKU's stock as the days go by."""

    avg: float  # expected units a day
    lots: list[list[object]] = field(default_factory=list)  # [received date, qty], FIFO
    ships: list[Shipment] = field(default_factory=list)
    onhand_hist: dict[date, int] = field(default_factory=dict)
    shipped_hist: dict[date, int] = field(default_factory=dict)


def simulate_inventory(
    streams: Streams,
    products: list[Product],
    facts: Facts,
    start: date,
    end: date,
    snapshot_days: Sequence[date],
) -> dict[tuple[date, str], Snapshot]:
    """FIFO stock per SKU; sales are cut where stock runs out (facts are edited in place).

    SKU by SKU through the days of each random stream, so a later month (its own stream)
    continues each SKU's stock without changing the draws of the months before."""
    snaps: dict[tuple[date, str], Snapshot] = {}
    story = start <= STOCKOUT_PLAN and end >= STOCKOUT_FROM
    stocks: dict[str, Stock] = {}
    for p in products:
        st = stocks[p.asin] = Stock(expected_daily_units(p))
        if p.launch is None:
            first = max(12, round(st.avg * (75 if p.asin not in _SLOW else 160)))
            st.lots.append([start - timedelta(days=p.age_days), first])
        elif start <= p.launch:
            st.ships.append(
                Shipment(
                    round(st.avg * 70),
                    p.launch - timedelta(days=18),
                    p.launch - timedelta(days=12),
                    p.launch - timedelta(days=3),
                    p.launch,
                )
            )
    for days, rng in streams.segments("inventory", daterange(start, end)):
        for p in products:
            st = stocks[p.asin]
            for d in days:
                _stock_day(rng, p, st, facts, d, story)
                if d in snapshot_days:
                    snaps[(d, p.asin)] = _snapshot(
                        rng, d, p, st.lots, st.ships, st.onhand_hist, st.shipped_hist,
                        facts[d].get(p.asin),
                    )  # fmt: skip
    return snaps


def _stock_day(
    rng: random.Random, p: Product, st: Stock, facts: Facts, d: date, story: bool
) -> None:
    """Receive, sell (cut to the stock) and reorder one SKU on one day."""
    avg, lots, ships = st.avg, st.lots, st.ships
    for s in ships:
        if s.received == d:
            lots.append([d, s.qty])
    f = facts[d].get(p.asin)
    onhand = sum(int(str(lot[1])) for lot in lots)
    if f is not None:
        kept: list[tuple[int, bool]] = []
        for qty, b2b in f.items:
            if qty <= onhand:
                kept.append((qty, b2b))
                onhand -= qty
        f.items = kept
        if onhand == 0 and sum(q for q, _ in kept) == 0:
            f.bb_views = f.bb_views_b2b = 0  # no featured offer without stock
        sold = sum(q for q, _ in kept)
        st.shipped_hist[d] = sold
        _take_fifo(lots, sold)
    st.onhand_hist[d] = onhand
    # replenishment
    pipeline = sum(s.qty for s in ships if s.stage(d) != "closed")
    blocked = story and p.asin == STOCKOUT_ASIN and STOCKOUT_PLAN <= d < RESTOCK_PLAN
    blocked = blocked or (p.asin == NO_REORDER[0] and NO_REORDER[1] <= d < NO_REORDER[2])
    if story and p.asin == STOCKOUT_ASIN and d == STOCKOUT_PLAN:
        need = sum(
            facts[x][p.asin].units
            for x in daterange(STOCKOUT_PLAN + timedelta(days=1), STOCKOUT_FROM)
            if x < STOCKOUT_FROM and p.asin in facts[x]
        )
        qty = max(0, need - onhand - pipeline)
        ships.append(
            Shipment(
                qty,
                d,
                d + timedelta(days=4),
                d + timedelta(days=12),
                d + timedelta(days=15),
            )
        )
    elif not blocked and (p.launch is None or d >= p.launch) and onhand + pipeline < 40 * avg:
        qty = max(10, round(50 * avg * rng.uniform(0.9, 1.1)))
        lead = rng.randint(0, 3)
        ships.append(
            Shipment(
                qty,
                d,
                d + timedelta(days=4 + lead),
                d + timedelta(days=11 + lead),
                d + timedelta(days=14 + lead),
            )
        )


def _take_fifo(lots: list[list[object]], qty: int) -> None:
    while qty > 0 and lots:
        have = int(str(lots[0][1]))
        if have <= qty:
            qty -= have
            lots.pop(0)
        else:
            lots[0][1] = have - qty
            qty = 0


def _snapshot(
    rng: random.Random,
    d: date,
    p: Product,
    lots: list[list[object]],
    ships: list[Shipment],
    onhand_hist: dict[date, int],
    shipped_hist: dict[date, int],
    today: DayFacts | None,
) -> Snapshot:
    ages = [0, 0, 0, 0, 0]
    for lot in lots:
        rec = lot[0]
        assert isinstance(rec, date)
        age = (d - rec).days
        idx = 0 if age <= 90 else 1 if age <= 180 else 2 if age <= 270 else 3 if age <= 365 else 4
        ages[idx] += int(str(lot[1]))
    available = sum(ages)

    def shipped(n: int) -> int:
        return sum(shipped_hist.get(d - timedelta(days=i), 0) for i in range(n))

    stage: dict[str, int] = defaultdict(int)
    for s in ships:
        stage[s.stage(d)] += s.qty
    hist = [onhand_hist.get(d - timedelta(days=i), 0) for i in range(90)]
    reserved = (today.units if today else 0) + rng.randint(0, max(1, available // 25))
    return Snapshot(
        available=available,
        ages=(ages[0], ages[1], ages[2], ages[3], ages[4]),
        working=stage["working"],
        shipped=stage["shipped"],
        receiving=stage["receiving"],
        reserved=reserved if available or reserved else 0,
        unsellable=rng.randint(0, 3) if p.launch is None or d > p.launch else 0,
        t7=shipped(7),
        t30=shipped(30),
        t60=shipped(60),
        t90=shipped(90),
        avg_available_90=sum(hist) / len(hist),
    )


# --------------------------------------------------------------------------------- ads facts

# metric vector indices
(
    IMP,
    CLK,
    SPEND,
    SALES,
    ORD,
    UNITS,
    ADV_U,
    OTH_U,
    ADV_S,
    OTH_S,
    NTB_O,
    NTB_S,
    NTB_U,
    VIEWABLE,
    DPV,
    C_ORD,
    C_SALES,
    C_UNITS,
    BRANDED,
    V_COMPLETE,
    V_5S,
) = range(21)
NM = 21

# (date, ad type, campaign, ad group, advertised asin, targeting, match type, search term,
#  placement)
AdKey = tuple[date, str, str, str, str, str, str, str, str]
AdFacts = dict[AdKey, list[int]]

Cell = tuple[str, str, str, str, str, str]  # ad group, asin, target, match, term, placement


def _cells(c: Campaign, d: date, products: dict[str, Product]) -> list[tuple[Cell, float]]:
    """Every (ad group, asin, target, term, placement) of a campaign on a day, with weights."""
    out: list[tuple[Cell, float]] = []
    for ag in c.ad_groups:
        asins = [a for a in ag.asins if active(products[a], d)]
        for a in asins:
            wa = products[a].sessions / 30.0
            if c.ad_type == "SD":
                out.append(((ag.name, a, "", "", "", ""), wa))
                continue
            for t in ag.targets:
                for j, term in enumerate(t.terms):
                    wt = t.weight * (1.0, 0.6, 0.4, 0.3)[min(j, 3)] * wa
                    if c.ad_type == "SB":
                        out.append(((ag.name, a, t.text, t.match, term, ""), wt))
                        continue
                    for pl, wp in zip(PLACEMENTS, PLACEMENT_CLICK, strict=True):
                        out.append(((ag.name, a, t.text, t.match, term, pl), wt * wp))
    return out


def _cum(weights: Iterable[float]) -> list[float]:
    out: list[float] = []
    acc = 0.0
    for w in weights:
        acc += w
        out.append(acc)
    return out


def simulate_ads(
    streams: Streams,
    products: list[Product],
    campaigns: list[Campaign],
    facts: Facts,
    days: Sequence[date],
) -> AdFacts:
    by_asin = {p.asin: p for p in products}
    ads: AdFacts = {}
    p_sb = 0.10
    p_sd = 0.10
    p_sp = 0.36
    for d in days:
        rng = streams.get("ads", d)
        cells_by_camp = {c.name: _cells(c, d, by_asin) for c in campaigns}
        # conversion candidates per (ad type, asin): cells (without placement / asin) weighted
        cand: dict[tuple[str, str], list[tuple[Campaign, AdGroup, Target | None, str, float]]]
        cand = defaultdict(list)
        for c in campaigns:
            for ag in c.ad_groups:
                for a in ag.asins:
                    if not active(by_asin[a], d):
                        continue
                    if c.ad_type == "SD":
                        cand[("SD", a)].append((c, ag, None, "", 1.0))
                    for t in ag.targets:
                        for j, term in enumerate(t.terms):
                            w = t.weight * (1.0, 0.6, 0.4, 0.3)[min(j, 3)]
                            cand[(c.ad_type, a)].append((c, ag, t, term, w))
        orders_by_camp: dict[str, int] = defaultdict(int)
        for p in products:
            f = facts[d].get(p.asin)
            if f is None:
                continue
            for qty, _b2b in f.items:
                r = rng.random()
                kind = ""
                if r < p_sp and cand.get(("SP", p.asin)):
                    kind = "SP"
                elif r < p_sp + p_sb and cand.get(("SB", p.asin)):
                    kind = "SB"
                elif r < p_sp + p_sb + p_sd and cand.get(("SD", p.asin)):
                    kind = "SD"
                if not kind:
                    continue
                options = cand[(kind, p.asin)]
                cum = _cum(o[4] for o in options)
                c, ag, tgt, term, _w = rng.choices(options, cum_weights=cum)[0]
                adv = p.asin
                if kind == "SP" and rng.random() < 0.12:
                    sib = [a for a in ag.asins if a != p.asin and active(by_asin[a], d)]
                    if sib:
                        adv = rng.choice(sib)
                placement = ""
                if kind == "SP":
                    placement = rng.choices(PLACEMENTS, cum_weights=_cum(PLACEMENT_CONV))[0]
                key: AdKey = (
                    d,
                    kind,
                    c.name,
                    ag.name,
                    adv,
                    tgt.text if tgt else "",
                    tgt.match if tgt else "",
                    term,
                    placement,
                )
                m = ads.setdefault(key, [0] * NM)
                sales = qty * f.price
                m[ORD] += 1
                m[UNITS] += qty
                m[SALES] += sales
                if adv == p.asin:
                    m[ADV_U] += qty
                    m[ADV_S] += sales
                else:
                    m[OTH_U] += qty
                    m[OTH_S] += sales
                if kind in ("SB", "SD") and rng.random() < 0.55:
                    m[NTB_O] += 1
                    m[NTB_S] += sales
                    m[NTB_U] += qty
                if kind != "SD" or rng.random() < 0.55:
                    m[CLK] += 1
                    m[SPEND] += rng.randint(*cpc_on(c, d))
                    m[C_ORD] += 1
                    m[C_SALES] += sales
                    m[C_UNITS] += qty
                orders_by_camp[c.name] += 1
        # clicks that did not convert, then impressions, for every cell of every campaign
        for c in campaigns:
            cells = cells_by_camp[c.name]
            if not cells:
                continue
            n_orders = orders_by_camp[c.name]
            extra = round(n_orders * (1 / c.cvr - 1) * rng.uniform(0.7, 1.3)) + rng.randint(1, 4)
            cum = _cum(w for _, w in cells)
            picks = rng.choices(range(len(cells)), cum_weights=cum, k=extra)
            for i in picks:
                cell = cells[i][0]
                key = (d, c.ad_type, c.name, *cell)
                m = ads.setdefault(key, [0] * NM)
                m[CLK] += 1
                m[SPEND] += rng.randint(*cpc_on(c, d))
            for cell, _w in cells:
                key = (d, c.ad_type, c.name, *cell)
                got = ads.get(key)
                clicks = got[CLK] if got else 0
                imp = clicks * rng.randint(*c.ctr_inv)
                if rng.random() < 0.55:
                    imp += rng.randint(1, c.background)
                if imp == 0:
                    continue
                m = got if got is not None else ads.setdefault(key, [0] * NM)
                m[IMP] += imp
                if c.ad_type == "SD":
                    m[VIEWABLE] += imp * rng.randint(52, 71) // 100
                    m[DPV] += clicks + rng.randint(0, clicks + m[ORD])
                elif c.ad_type == "SB":
                    m[DPV] += clicks + rng.randint(0, clicks)
                    m[BRANDED] += rng.randint(0, m[ORD] + 1) if clicks else 0
                    if c.video:
                        m[V_5S] += imp * rng.randint(18, 30) // 100
                        m[V_COMPLETE] += imp * rng.randint(4, 9) // 100
    return ads


def aggregate(
    ads: AdFacts, keep: Callable[[AdKey], bool], key: Callable[[AdKey], tuple[object, ...]]
) -> dict[tuple[object, ...], list[int]]:
    out: dict[tuple[object, ...], list[int]] = {}
    for k, m in ads.items():
        if not keep(k):
            continue
        kk = key(k)
        acc = out.get(kk)
        if acc is None:
            out[kk] = list(m)
        else:
            for i in range(NM):
                acc[i] += m[i]
    return dict(sorted(out.items(), key=lambda kv: tuple(str(x) for x in kv[0])))


# --------------------------------------------------------------------------------- formatting


def pct2(num: int, den: int) -> str:
    """'12.34%' rounded half up, '0.00%' when the denominator is 0."""
    if den == 0:
        return "0.00%"
    q = (Decimal(num) * 100 / Decimal(den)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"{q}%"


def pct0(num: int, den: int) -> str:
    if den == 0:
        return "0%"
    q = (Decimal(num) * 100 / Decimal(den)).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    return f"{q}%"


def br_money(cents: int) -> str:
    return f"${cents // 100:,}.{cents % 100:02d}"


def ads_money(cents: int) -> str:
    return "$" + repr(cents / 100)


def ads_cpc(spend: int, clicks: int) -> str:
    if clicks == 0:
        return "$0.0"
    return "$" + repr(round(spend / 100 / clicks, 7))


def ratio2(num: int, den: int) -> str:
    if den == 0:
        return ""
    q = (Decimal(num) / Decimal(den)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return str(q)


def pay_amount(cents: int) -> str:
    if cents == 0:
        return "0"
    sign = "-" if cents < 0 else ""
    a = abs(cents)
    return f"{sign}{a // 100:,}.{a % 100:02d}"


def ads_date(d: date) -> str:
    return f"{d:%b} {d.day}, {d.year}"


def pay_datetime(d: date, seconds: int) -> str:
    h, rem = divmod(seconds, 3600)
    mi, s = divmod(rem, 60)
    h12 = h % 12 or 12
    return f"{d:%b} {d.day}, {d.year} {h12}:{mi:02d}:{s:02d} {'AM' if h < 12 else 'PM'} PDT"


def java_double(x: float) -> str:
    """A double as Apache POI writes it (Java's Double.toString)."""
    if x == 0:
        return "0.0"
    if 1e-3 <= abs(x) < 1e7:
        r = repr(x)
        return r if ("." in r or "e" in r) else r + ".0"
    d = Decimal(repr(x))
    sign, digits, exp = d.as_tuple()
    assert isinstance(exp, int)
    ds = "".join(map(str, digits)).rstrip("0") or "0"
    e10 = len(digits) + exp - 1
    mant = ds[0] + "." + (ds[1:] or "0")
    return ("-" if sign else "") + mant + "E" + str(e10)


def q_min(v: str) -> str:
    """Minimal CSV quoting, plus quotes around values with leading/trailing spaces."""
    if any(ch in v for ch in ',"\r\n') or v != v.strip():
        return '"' + v.replace('"', '""') + '"'
    return v


def q_all(v: str) -> str:
    return '"' + v.replace('"', '""') + '"'


def write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def ads_csv(rows: Iterable[Sequence[str]]) -> bytes:
    return ("\ufeff" + "".join(",".join(q_min(v) for v in r) + "\r\n" for r in rows)).encode()


# --------------------------------------------------------------------------------- writers: BR

BR_ITEM_HEADER = [
    "(Parent) ASIN", "(Child) ASIN", "Title", "SKU",
    "Sessions - Total", "Sessions - Total - B2B",
    "Session Percentage - Total", "Session Percentage - Total - B2B",
    "Page Views - Total", "Page Views - Total - B2B",
    "Page Views Percentage - Total", "Page Views Percentage - Total - B2B",
    "Featured Offer (Buy Box) Percentage", "Featured Offer (Buy Box) Percentage - B2B",
    "Units Ordered", "Units Ordered - B2B",
    "Unit Session Percentage", "Unit Session Percentage - B2B",
    "Ordered Product Sales", "Ordered Product Sales - B2B",
    "Total Order Items", "Total Order Items - B2B",
]  # fmt: skip

BR_DATE_HEADER = [
    "Date", "Ordered Product Sales", "Ordered Product Sales - B2B",
    "Units Ordered", "Units Ordered - B2B", "Total Order Items", "Total Order Items - B2B",
    "Page Views - Total", "Page Views - Total - B2B", "Sessions - Total", "Sessions - Total - B2B",
    "Featured Offer (Buy Box) Percentage", "Featured Offer (Buy Box) Percentage - B2B",
    "Unit Session Percentage", "Unit Session Percentage - B2B",
    "Average Offer Count", "Average Parent Items",
]  # fmt: skip


@dataclass
class Totals:
    sessions: int = 0
    sessions_b2b: int = 0
    page_views: int = 0
    page_views_b2b: int = 0
    bb_views: int = 0
    bb_views_b2b: int = 0
    units: int = 0
    units_b2b: int = 0
    sales: int = 0
    sales_b2b: int = 0
    items: int = 0
    items_b2b: int = 0

    def add(self, f: DayFacts) -> None:
        self.sessions += f.sessions
        self.sessions_b2b += f.sessions_b2b
        self.page_views += f.page_views
        self.page_views_b2b += f.page_views_b2b
        self.bb_views += f.bb_views
        self.bb_views_b2b += f.bb_views_b2b
        for q, b in f.items:
            self.units += q
            self.sales += q * f.price
            self.items += 1
            if b:
                self.units_b2b += q
                self.sales_b2b += q * f.price
                self.items_b2b += 1


def br_by_item(products: list[Product], facts: Facts, days: Sequence[date]) -> bytes:
    per: dict[str, Totals] = {}
    for p in products:
        t = Totals()
        seen = False
        for d in days:
            f = facts[d].get(p.asin)
            if f is not None:
                seen = True
                t.add(f)
        if seen:
            per[p.asin] = t
    tot_s = sum(t.sessions for t in per.values())
    tot_sb = sum(t.sessions_b2b for t in per.values())
    tot_v = sum(t.page_views for t in per.values())
    tot_vb = sum(t.page_views_b2b for t in per.values())
    order = sorted(per, key=lambda a: -per[a].sales)  # Amazon sorts by sales by default
    by_asin = {p.asin: p for p in products}
    lines = [BR_ITEM_HEADER]
    for a in order:
        t, p = per[a], by_asin[a]
        lines.append([
            p.parent, p.asin, p.title, p.sku,
            f"{t.sessions:,}", f"{t.sessions_b2b:,}",
            pct2(t.sessions, tot_s), pct2(t.sessions_b2b, tot_sb),
            f"{t.page_views:,}", f"{t.page_views_b2b:,}",
            pct2(t.page_views, tot_v), pct2(t.page_views_b2b, tot_vb),
            pct0(t.bb_views, t.page_views), pct0(t.bb_views_b2b, t.page_views_b2b),
            f"{t.units:,}", f"{t.units_b2b:,}",
            pct2(t.units, t.sessions), pct2(t.units_b2b, t.sessions_b2b),
            br_money(t.sales), br_money(t.sales_b2b),
            f"{t.items:,}", f"{t.items_b2b:,}",
        ])  # fmt: skip
    text = "".join(",".join(q_all(v) for v in r) + "\n" for r in lines)
    return ("\ufeff" + text).encode()


def br_by_date(products: list[Product], facts: Facts, days: Sequence[date]) -> bytes:
    lines = [BR_DATE_HEADER]
    for d in days:
        t = Totals()
        parents = set()
        for p in products:
            f = facts[d].get(p.asin)
            if f is not None:
                t.add(f)
                parents.add(p.parent)
        lines.append([
            f"{d:%m/%d/%Y}", br_money(t.sales), br_money(t.sales_b2b),
            f"{t.units:,}", f"{t.units_b2b:,}", f"{t.items:,}", f"{t.items_b2b:,}",
            f"{t.page_views:,}", f"{t.page_views_b2b:,}", f"{t.sessions:,}",
            f"{t.sessions_b2b:,}",
            pct0(t.bb_views, t.page_views), pct0(t.bb_views_b2b, t.page_views_b2b),
            pct2(t.units, t.sessions), pct2(t.units_b2b, t.sessions_b2b),
            str(len(facts[d])), str(len(parents)),
        ])  # fmt: skip
    text = "".join(",".join(q_all(v) for v in r) + "\n" for r in lines)
    return ("\ufeff" + text).encode()


# --------------------------------------------------------------------------------- writers: ads

SP_TAIL = [
    "7 Day Total Orders (#)", "7 Day Total Units (#)", "7 Day Conversion Rate",
    "7 Day Advertised SKU Units (#)", "7 Day Other SKU Units (#)",
    "7 Day Advertised SKU Sales ", "7 Day Other SKU Sales ",
]  # fmt: skip
SP_CAMPAIGN_HEADER = [
    "Date", "Start Date", "End Date", "Portfolio name", "Campaign Type", "Campaign Name",
    "Status", "Currency", "Budget", "Targeting Type", "Bidding strategy", "Impressions",
    "Clicks", "Click-Thru Rate (CTR)", "Spend", "Cost Per Click (CPC)",
    "7 Day Total Orders (#)", "Total Advertising Cost of Sales (ACoS) ", "7 Day Total Sales ",
]  # fmt: skip
SP_ADV_HEADER = [
    "Date", "Portfolio name", "Currency", "Campaign Name", "Ad Group Name", "Advertised SKU",
    "Advertised ASIN", "Impressions", "Clicks", "Click-Thru Rate (CTR)", "Cost Per Click (CPC)",
    "Spend", "7 Day Total Sales ", "Total Advertising Cost of Sales (ACoS) ",
    "Total Return on Advertising Spend (RoAS)", *SP_TAIL,
]  # fmt: skip
SP_TARGETING_HEADER = [
    "Date", "Portfolio name", "Currency", "Campaign Name", "Ad Group Name", "Targeting",
    "Match Type", "Impressions", "Clicks", "Click-Thru Rate (CTR)", "Cost Per Click (CPC)",
    "Spend", "Total Advertising Cost of Sales (ACoS) ",
    "Total Return on Advertising Spend (RoAS)", "7 Day Total Sales ", *SP_TAIL,
]  # fmt: skip
SP_SEARCH_TERM_HEADER = [
    "Date", "Portfolio name", "Currency", "Campaign Name", "Ad Group Name", "Targeting",
    "Match Type", "Customer Search Term", "Impressions", "Clicks", "Click-Thru Rate (CTR)",
    "Cost Per Click (CPC)", "Spend", "7 Day Total Sales", "Total Advertising Cost of Sales (ACOS) ",
    "Total Return on Advertising Spend (ROAS)", "7 Day Total Orders (#)", "7 Day Total Units (#)",
    "7 Day Conversion Rate", "7 Day Advertised SKU Units (#)", "7 Day Other SKU Units (#)",
    "7 Day Advertised SKU Sales", "7 Day Other SKU Sales",
]  # fmt: skip
SP_PLACEMENT_HEADER = [
    "Date", "Portfolio name", "Currency", "Campaign Name", "Bidding strategy", "Placement",
    "Impressions", "Clicks", "Cost Per Click (CPC)", "Spend", "7 Day Total Sales ",
    "Total Advertising Cost of Sales (ACoS) ", "Total Return on Advertising Spend (RoAS)",
    "7 Day Total Orders (#)", "7 Day Total Units (#)",
]  # fmt: skip
SB_METRICS = [
    "Impressions", "Clicks", "Click-Thru Rate (CTR)", "Cost Per Click (CPC)", "Spend",
    "14 Day Total Sales ", "Total Advertising Cost of Sales (ACOS)",
    "Total Return on Advertising Spend (ROAS)", "14 Day Total Orders (#)",
    "14 Day Total Units (#)", "14 Day Conversion Rate", "14 Day New-to-brand Orders (#)",
    "14 Day % of Orders New-to-brand", "14 Day New-to-brand Sales",
    "14 Day % of Sales New-to-brand", "14 Day New-to-brand Units (#)",
    "14 Day % of Units New-to-brand", "14 Day New-to-brand Order Rate",
    "14 Day Branded Searches", "14 Day Detail Page Views (DPV)", "Video Complete Views",
    "5 Second View Rate",
]  # fmt: skip
SB_CAMPAIGN_HEADER = ["Date", "Portfolio name", "Currency", "Campaign Name", *SB_METRICS]
SB_SEARCH_TERM_HEADER = [
    "Date", "Portfolio name", "Currency", "Campaign Name", "Ad Group Name", "Targeting",
    "Match Type", "Customer Search Term", *SB_METRICS,
]  # fmt: skip
SD_METRICS = [
    "Impressions", "Viewable Impressions", "Clicks", "Click-Thru Rate (CTR)",
    "14 Day Detail Page Views (DPV)", "Spend", "Cost Per Click (CPC)",
    "Cost per 1,000 viewable impressions (VCPM)", "Total Advertising Cost of Sales (ACOS)",
    "Total Return on Advertising Spend (ROAS)", "14 Day Total Orders (#)",
    "14 Day Total Units (#)", "14 Day Total Sales", "14 Day New-to-brand Orders (#)",
    "14 Day New-to-brand Sales", "14 Day New-to-brand Units (#)",
    "14 Day Total Orders (#) - (Click)", "14 Day Total Sales - (Click)",
    "Total Advertising Cost of Sales (ACOS) - (Click)",
    "Total Return on Advertising Spend (ROAS) - (Click)",
]  # fmt: skip
SD_CAMPAIGN_HEADER = ["Date", "Currency", "Campaign Name", *SD_METRICS]
SD_ADV_HEADER = [
    "Date", "Currency", "Campaign Name", "Ad Group Name", "Bid Optimization", "Advertised SKU",
    "Advertised ASIN", *SD_METRICS,
]  # fmt: skip


def _sp_tail(m: list[int]) -> list[str]:
    return [
        str(m[ORD]), str(m[UNITS]), pct2(m[ORD], m[CLK]), str(m[ADV_U]), str(m[OTH_U]),
        ads_money(m[ADV_S]), ads_money(m[OTH_S]),
    ]  # fmt: skip


def _acos(m: list[int]) -> str:
    return pct2(m[SPEND], m[SALES]) if m[SALES] else "0.00%"


def _roas(m: list[int]) -> str:
    return ratio2(m[SALES], m[SPEND]) if m[SPEND] else ""


def _sb_metrics(m: list[int], video: bool) -> list[str]:
    return [
        str(m[IMP]), str(m[CLK]), pct2(m[CLK], m[IMP]), ads_cpc(m[SPEND], m[CLK]),
        ads_money(m[SPEND]), ads_money(m[SALES]), _acos(m), _roas(m), str(m[ORD]),
        str(m[UNITS]), pct2(m[ORD], m[CLK]), str(m[NTB_O]), pct2(m[NTB_O], m[ORD]),
        ads_money(m[NTB_S]), pct2(m[NTB_S], m[SALES]), str(m[NTB_U]),
        pct2(m[NTB_U], m[UNITS]), pct2(m[NTB_O], m[CLK]), str(m[BRANDED]), str(m[DPV]),
        str(m[V_COMPLETE]) if video else "", pct2(m[V_5S], m[IMP]) if video else "",
    ]  # fmt: skip


def _sd_metrics(m: list[int]) -> list[str]:
    vcpm = "$0.0" if m[VIEWABLE] == 0 else "$" + repr(round(m[SPEND] * 10 / m[VIEWABLE], 7))
    return [
        str(m[IMP]), str(m[VIEWABLE]), str(m[CLK]), pct2(m[CLK], m[IMP]), str(m[DPV]),
        ads_money(m[SPEND]), ads_cpc(m[SPEND], m[CLK]), vcpm, _acos(m), _roas(m),
        str(m[ORD]), str(m[UNITS]), ads_money(m[SALES]), str(m[NTB_O]), ads_money(m[NTB_S]),
        str(m[NTB_U]), str(m[C_ORD]), ads_money(m[C_SALES]),
        pct2(m[SPEND], m[C_SALES]) if m[C_SALES] else "0.00%",
        ratio2(m[C_SALES], m[SPEND]) if m[SPEND] else "",
    ]  # fmt: skip


@dataclass
class AdContext:
    ads: AdFacts
    days: Sequence[date]
    camps: dict[str, Campaign]
    sku_of: dict[str, str]

    def keep(self, ad_type: str) -> Callable[[AdKey], bool]:
        first, last = self.days[0], self.days[-1]
        return lambda k: k[1] == ad_type and first <= k[0] <= last

    def portfolio(self, name: str, empty: str = "No Portfolio") -> str:
        return self.camps[name].portfolio or empty


def _d(x: object) -> date:
    assert isinstance(x, date)
    return x


def sp_campaign(ctx: AdContext) -> bytes:
    rows: list[list[str]] = [SP_CAMPAIGN_HEADER]
    agg = aggregate(ctx.ads, ctx.keep("SP"), lambda k: (k[0], k[2]))
    for (d, name), m in agg.items():
        c = ctx.camps[str(name)]
        rows.append([
            ads_date(_d(d)), ads_date(c.start), "", ctx.portfolio(c.name), "Sponsored Products",
            c.name, "ENABLED", "USD", ads_money(c.budget), c.targeting_type, c.bidding,
            str(m[IMP]), str(m[CLK]), pct2(m[CLK], m[IMP]), ads_money(m[SPEND]),
            ads_cpc(m[SPEND], m[CLK]), str(m[ORD]), _acos(m), ads_money(m[SALES]),
        ])  # fmt: skip
    return ads_csv(rows)


def sp_advertised(ctx: AdContext) -> bytes:
    rows: list[list[str]] = [SP_ADV_HEADER]
    agg = aggregate(ctx.ads, ctx.keep("SP"), lambda k: (k[0], k[2], k[3], k[4]))
    for (d, name, ag, asin), m in agg.items():
        rows.append([
            ads_date(_d(d)), ctx.portfolio(str(name)), "USD", str(name), str(ag),
            ctx.sku_of[str(asin)], str(asin), str(m[IMP]), str(m[CLK]), pct2(m[CLK], m[IMP]),
            ads_cpc(m[SPEND], m[CLK]), ads_money(m[SPEND]), ads_money(m[SALES]), _acos(m),
            _roas(m), *_sp_tail(m),
        ])  # fmt: skip
    return ads_csv(rows)


def sp_targeting(ctx: AdContext) -> bytes:
    rows: list[list[str]] = [SP_TARGETING_HEADER]
    agg = aggregate(ctx.ads, ctx.keep("SP"), lambda k: (k[0], k[2], k[3], k[5], k[6]))
    for (d, name, ag, target, match), m in agg.items():
        rows.append([
            ads_date(_d(d)), ctx.portfolio(str(name)), "USD", str(name), str(ag), str(target),
            str(match), str(m[IMP]), str(m[CLK]), pct2(m[CLK], m[IMP]),
            ads_cpc(m[SPEND], m[CLK]), ads_money(m[SPEND]), _acos(m), _roas(m),
            ads_money(m[SALES]), *_sp_tail(m),
        ])  # fmt: skip
    return ads_csv(rows)


def sp_placement(ctx: AdContext) -> bytes:
    rows: list[list[str]] = [SP_PLACEMENT_HEADER]
    agg = aggregate(ctx.ads, ctx.keep("SP"), lambda k: (k[0], k[2], k[8]))
    for (d, name, placement), m in agg.items():
        c = ctx.camps[str(name)]
        rows.append([
            ads_date(_d(d)), ctx.portfolio(c.name), "USD", c.name, c.bidding, str(placement),
            str(m[IMP]), str(m[CLK]), ads_cpc(m[SPEND], m[CLK]), ads_money(m[SPEND]),
            ads_money(m[SALES]), _acos(m), _roas(m), str(m[ORD]), str(m[UNITS]),
        ])  # fmt: skip
    return ads_csv(rows)


def sb_campaign(ctx: AdContext) -> bytes:
    rows: list[list[str]] = [SB_CAMPAIGN_HEADER]
    for (d, name), m in aggregate(ctx.ads, ctx.keep("SB"), lambda k: (k[0], k[2])).items():
        c = ctx.camps[str(name)]
        rows.append(
            [ads_date(_d(d)), ctx.portfolio(c.name), "USD", c.name, *_sb_metrics(m, c.video)]
        )
    return ads_csv(rows)


def sb_search_term(ctx: AdContext) -> bytes:
    rows: list[list[str]] = [SB_SEARCH_TERM_HEADER]
    agg = aggregate(ctx.ads, ctx.keep("SB"), lambda k: (k[0], k[2], k[3], k[5], k[6], k[7]))
    for (d, name, ag, target, match, term), m in agg.items():
        c = ctx.camps[str(name)]
        rows.append([
            ads_date(_d(d)), ctx.portfolio(c.name), "USD", c.name, str(ag), str(target),
            str(match), str(term), *_sb_metrics(m, c.video),
        ])  # fmt: skip
    return ads_csv(rows)


def sd_campaign(ctx: AdContext) -> bytes:
    rows: list[list[str]] = [SD_CAMPAIGN_HEADER]
    for (d, name), m in aggregate(ctx.ads, ctx.keep("SD"), lambda k: (k[0], k[2])).items():
        rows.append([ads_date(_d(d)), "USD", str(name), *_sd_metrics(m)])
    return ads_csv(rows)


def sd_advertised(ctx: AdContext) -> bytes:
    rows: list[list[str]] = [SD_ADV_HEADER]
    agg = aggregate(ctx.ads, ctx.keep("SD"), lambda k: (k[0], k[2], k[3], k[4]))
    for (d, name, ag, asin), m in agg.items():
        c = ctx.camps[str(name)]
        bid = next(g.bid_optimization for g in c.ad_groups if g.name == ag)
        rows.append([
            ads_date(_d(d)), "USD", c.name, str(ag), bid, ctx.sku_of[str(asin)], str(asin),
            *_sd_metrics(m),
        ])  # fmt: skip
    return ads_csv(rows)


# ----------------------------------------------------------------------- xlsx (Apache POI style)

_XLSX_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="no"?><Types xmlns="http://schemas.'
    'openxmlformats.org/package/2006/content-types"><Default ContentType="application/vnd.'
    'openxmlformats-package.relationships+xml" Extension="rels"/><Default ContentType='
    '"application/xml" Extension="xml"/><Override ContentType="application/vnd.openxmlformats-'
    'officedocument.extended-properties+xml" PartName="/docProps/app.xml"/><Override '
    'ContentType="application/vnd.openxmlformats-package.core-properties+xml" PartName='
    '"/docProps/core.xml"/><Override ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sharedStrings+xml" PartName="/xl/sharedStrings.xml"/>'
    '<Override ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
    'styles+xml" PartName="/xl/styles.xml"/><Override ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.sheet.main+xml" PartName="/xl/workbook.xml"/>'
    '<Override ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
    'worksheet+xml" PartName="/xl/worksheets/sheet1.xml"/></Types>'
)
_XLSX_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="no"?><Relationships xmlns="http://'
    'schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Target='
    '"xl/workbook.xml" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument"/><Relationship Id="rId2" Target="docProps/app.xml" Type='
    '"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties"/>'
    '<Relationship Id="rId3" Target="docProps/core.xml" Type="http://schemas.openxmlformats.org'
    '/package/2006/relationships/metadata/core-properties"/></Relationships>'
)
_XLSX_APP = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<Properties xmlns="http://schemas.openxmlformats'
    '.org/officeDocument/2006/extended-properties"><Application>Apache POI</Application>'
    "</Properties>"
)
_XLSX_CORE = (
    '<?xml version="1.0" encoding="UTF-8" standalone="no"?><cp:coreProperties xmlns:cp="http://'
    'schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.'
    'org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.'
    'org/2001/XMLSchema-instance"><dcterms:created xsi:type="dcterms:W3CDTF">{created}'
    "</dcterms:created><dc:creator>Apache POI</dc:creator></cp:coreProperties>"
)
_XLSX_SST = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<sst count="0" uniqueCount="0" xmlns="http://'
    'schemas.openxmlformats.org/spreadsheetml/2006/main"/>'
)
_XLSX_STYLES = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<styleSheet xmlns="http://schemas.openxmlformats.'
    'org/spreadsheetml/2006/main"><numFmts count="4"><numFmt numFmtId="164" formatCode="MMM dd'
    ', yyyy"/><numFmt numFmtId="165" formatCode="MMMM yyyy"/><numFmt numFmtId="166" formatCode'
    '="0.0000%"/><numFmt numFmtId="167" formatCode="$ #,##0.00"/></numFmts><fonts count="1">'
    '<font><sz val="11.0"/><color indexed="8"/><name val="Calibri"/><family val="2"/><scheme '
    'val="minor"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/>'
    '</fill><fill><patternFill patternType="darkGray"/></fill></fills><borders count="1">'
    "<border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs "
    'count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs '
    'count="8"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" '
    'fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="0" fillId="0" '
    'borderId="0" xfId="0" applyNumberFormat="true"/><xf numFmtId="165" fontId="0" fillId="0" '
    'borderId="0" xfId="0" applyNumberFormat="true"/><xf numFmtId="1" fontId="0" fillId="0" '
    'borderId="0" xfId="0" applyNumberFormat="true"/><xf numFmtId="2" fontId="0" fillId="0" '
    'borderId="0" xfId="0" applyNumberFormat="true"/><xf numFmtId="166" fontId="0" fillId="0" '
    'borderId="0" xfId="0" applyNumberFormat="true"/><xf numFmtId="167" fontId="0" fillId="0" '
    'borderId="0" xfId="0" applyNumberFormat="true"/></cellXfs></styleSheet>'
)
_XLSX_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<workbook xmlns="http://schemas.openxmlformats.org'
    '/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships"><workbookPr date1904="false"/><bookViews><workbookView activeTab="0"/>'
    '</bookViews><sheets><sheet name="{sheet}" r:id="rId3" sheetId="1"/></sheets></workbook>'
)
_XLSX_WB_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="no"?><Relationships xmlns="http://schemas'
    '.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Target="shared'
    'Strings.xml" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'sharedStrings"/><Relationship Id="rId2" Target="styles.xml" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/styles"/><Relationship Id="rId3" '
    'Target="worksheets/sheet1.xml" Type="http://schemas.openxmlformats.org/officeDocument/'
    '2006/relationships/worksheet"/></Relationships>'
)
# style ids in _XLSX_STYLES
S_TEXT, S_DATE, S_INT, S_DEC2, S_PCT, S_MONEY = 1, 2, 4, 5, 6, 7

XCell = tuple[int, object] | None  # (style, value); None = empty cell


def _col(i: int) -> str:
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def _xml_escape(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _text_cell(ref: str, s: str, style: int | None) -> str:
    st = f' s="{style}"' if style is not None else ""
    sp = ' xml:space="preserve"' if s != s.strip() else ""
    return f'<c r="{ref}"{st} t="inlineStr"><is><t{sp}>{_xml_escape(s)}</t></is></c>'


def xlsx_bytes(
    sheet: str, header: Sequence[str], rows: Iterable[Sequence[XCell]], created: str
) -> bytes:
    """A one-sheet workbook laid out like Apache POI's SXSSF writer output."""
    import io

    cols = [_col(i) for i in range(len(header))]
    parts: list[str] = [
        '<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="http://schemas.openxmlformats'
        '.org/spreadsheetml/2006/main"><dimension ref="A1"/><sheetViews><sheetView '
        'workbookViewId="0" tabSelected="true"/></sheetViews><sheetFormatPr defaultRowHeight='
        '"15.0"/><cols>'
    ]
    for i, h in enumerate(header):
        width = max(6.0, len(h) * 1.0 + 1.2890625)
        parts.append(f'<col min="{i + 1}" max="{i + 1}" width="{width}" customWidth="true"/>')
    parts.append("</cols><sheetData>\n")
    parts.append('<row r="1">\n')
    parts.extend(_text_cell(f"{c}1", h, None) for c, h in zip(cols, header, strict=True))
    parts.append("</row>\n")
    r = 1
    for row in rows:
        r += 1
        parts.append(f'<row r="{r}">\n')
        for c, cell in zip(cols, row, strict=True):
            ref = f"{c}{r}"
            if cell is None:
                parts.append(f'<c r="{ref}"></c>')
                continue
            style, value = cell
            if style == S_TEXT:
                parts.append(_text_cell(ref, str(value), S_TEXT))
            else:
                assert isinstance(value, (int, float))
                parts.append(
                    f'<c r="{ref}" s="{style}" t="n"><v>{java_double(float(value))}</v></c>'
                )
        parts.append("</row>\n")
    parts.append(
        '</sheetData><pageMargins bottom="0.75" footer="0.3" header="0.3" left="0.7" right='
        '"0.7" top="0.75"/></worksheet>'
    )
    members = [
        ("[Content_Types].xml", _XLSX_CONTENT_TYPES),
        ("_rels/.rels", _XLSX_RELS),
        ("docProps/app.xml", _XLSX_APP),
        ("docProps/core.xml", _XLSX_CORE.replace("{created}", created)),
        ("xl/sharedStrings.xml", _XLSX_SST),
        ("xl/styles.xml", _XLSX_STYLES),
        ("xl/workbook.xml", _XLSX_WORKBOOK.replace("{sheet}", _xml_escape(sheet[:31]))),
        ("xl/_rels/workbook.xml.rels", _XLSX_WB_RELS),
        ("xl/worksheets/sheet1.xml", "".join(parts)),
    ]
    stamp = (int(created[0:4]), int(created[5:7]), int(created[8:10]),
             int(created[11:13]), int(created[14:16]), int(created[17:19]))  # fmt: skip
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in members:
            zi = zipfile.ZipInfo(name, date_time=stamp)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.create_system = 0
            zi.create_version = 20
            zi.extract_version = 20
            zi.external_attr = 0
            z.writestr(zi, text.encode())
    return buf.getvalue()


def excel_serial(d: date) -> int:
    return (d - date(1899, 12, 30)).days


def sp_search_term_rows(ctx: AdContext) -> dict[tuple[object, ...], list[int]]:
    return aggregate(ctx.ads, ctx.keep("SP"), lambda k: (k[0], k[2], k[3], k[5], k[6], k[7]))


def sp_search_term_xlsx(ctx: AdContext, created: str) -> bytes:
    def cells() -> Iterator[list[XCell]]:
        for (d, name, ag, target, match, term), m in sp_search_term_rows(ctx).items():
            spend, sales, clicks = m[SPEND] / 100, m[SALES] / 100, m[CLK]
            yield [
                (S_DATE, excel_serial(_d(d))),
                (S_TEXT, ctx.portfolio(str(name), "Not grouped")),
                (S_TEXT, "USD"), (S_TEXT, str(name)), (S_TEXT, str(ag)), (S_TEXT, str(target)),
                (S_TEXT, str(match)), (S_TEXT, str(term)),
                (S_INT, m[IMP]), (S_INT, clicks), (S_PCT, clicks / m[IMP] if m[IMP] else 0.0),
                (S_MONEY, spend / clicks if clicks else 0.0), (S_MONEY, spend),
                (S_MONEY, sales),
                (S_PCT, spend / sales) if m[SALES] else None,
                (S_DEC2, round(sales / spend, 2)) if m[SPEND] else None,
                (S_INT, m[ORD]), (S_INT, m[UNITS]),
                (S_PCT, m[ORD] / clicks if clicks else 0.0),
                (S_INT, m[ADV_U]), (S_INT, m[OTH_U]),
                (S_MONEY, m[ADV_S] / 100), (S_MONEY, m[OTH_S] / 100),
            ]  # fmt: skip

    return xlsx_bytes(
        "Sponsored Product Search Term Report", SP_SEARCH_TERM_HEADER, cells(), created
    )


# ----------------------------------------------------------------- large search term CSV (bench)

_MODS_A = (
    "non slip",
    "washable",
    "large",
    "small",
    "thick",
    "soft",
    "absorbent",
    "grey",
    "white",
    "black",
    "set",
    "for kids",
    "cheap",
    "best",
    "machine washable",
    "rubber",
    "round",
    "long",
    "luxury",
    "quick dry",
    "waterproof",
    "extra large",
    "cotton",
)
_MODS_B = ("", "2 pack", "for bathroom", "for kitchen", "for bedroom", "for floor", "amazon",
           "prime", "under 20", "sale", "near me", "brand", "review", "24x36", "20x32", "set of 3",
           "with lid", "foldable", "heavy duty")  # fmt: skip


#: the ASIN-like search terms are drawn from this many (``--asin-terms``: fewer distinct terms)
ASIN_POOL = [36**8]


def write_large_search_term_csv(path: Path, ctx: AdContext, n_rows: int) -> int:
    """Split each day x campaign x ad group x target group into synthetic search terms.

    Totals per group are kept exactly; conversions stay on the group's first (real) term,
    other terms carry impressions and some of the clicks and spend. Streams to the file.
    """
    groups = list(
        aggregate(ctx.ads, ctx.keep("SP"), lambda k: (k[0], k[2], k[3], k[5], k[6])).items()
    )
    heads: dict[tuple[object, ...], tuple[int, str]] = {}
    for k, m in sp_search_term_rows(ctx).items():  # the group's busiest natural term
        g = k[:5]
        if g not in heads or m[CLK] > heads[g][0]:
            heads[g] = (m[CLK], str(k[5]))
    caps = [m[IMP] - m[CLK] for _, m in groups]
    if n_rows < len(groups):
        raise SystemExit(f"--search-term-rows must be at least {len(groups)} for this month")
    if sum(caps) < n_rows:
        raise SystemExit("not enough impressions for that many rows")
    total_cap = sum(caps)
    alloc = [max(1, min(c, n_rows * c // total_cap)) for c in caps]
    diff = n_rows - sum(alloc)
    i = 0
    while diff != 0:  # settle rounding one row at a time, round-robin
        j = i % len(alloc)
        if diff > 0 and alloc[j] < caps[j]:
            alloc[j] += 1
            diff -= 1
        elif diff < 0 and alloc[j] > 1:
            alloc[j] -= 1
            diff += 1
        i += 1
    written = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write("\ufeff" + ",".join(q_min(h) for h in SP_SEARCH_TERM_HEADER) + "\r\n")
        for gi, ((d, name, ag, target, match), m) in enumerate(groups):
            written += _write_group(
                fh,
                ctx,
                gi,
                _d(d),
                str(name),
                str(ag),
                str(target),
                str(match),
                heads[(d, name, ag, target, match)][1],
                m,
                alloc[gi],
            )
    return written


def _write_group(
    fh: IO[str], ctx: AdContext, gi: int, d: date, name: str, ag: str, target: str,
    match: str, head: str, m: list[int], k: int,
) -> int:  # fmt: skip
    prefix = ",".join(
        q_min(v) for v in (ads_date(d), ctx.portfolio(name), "USD", name, ag, target, match)
    )
    imp, clk, spend = m[IMP], m[CLK], m[SPEND]
    tail_clicks = min(k - 1, (clk - m[ORD]) * 2 // 3)  # row 0 keeps the conversions
    per_click = spend // clk if clk else 0
    left = imp - (clk + k)
    base = left // k
    # row 0: the natural term, all conversions
    c0 = clk - tail_clicks
    s0 = spend - tail_clicks * per_click
    i0 = c0 + 1 + left - (k - 1) * base
    m0 = list(m)
    m0[IMP], m0[CLK], m0[SPEND] = i0, c0, s0
    fh.write(prefix + "," + q_min(head) + "," + ",".join(_st_metrics(m0)) + "\r\n")
    if k == 1:
        return 1
    zero = [0] * NM
    with_click = list(zero)
    with_click[IMP], with_click[CLK], with_click[SPEND] = base + 2, 1, per_click
    no_click = list(zero)
    no_click[IMP] = base + 1
    suf_click = "," + ",".join(_st_metrics(with_click)) + "\r\n"
    suf_none = "," + ",".join(_st_metrics(no_click)) + "\r\n"
    pre = prefix + ","
    auto = match == "-"
    asin_head = head.startswith("b0") and len(head) == 10 and " " not in head
    na, nb = len(_MODS_A), len(_MODS_B)
    out: list[str] = []
    for i in range(1, k):
        if asin_head or (auto and i % 4 == 0):
            term = "b0" + _base36((gi * 7_919 + i) * 2_654_435_761 % ASIN_POOL[0], 8).lower()
        else:
            j = i - 1
            mb = _MODS_B[(j // na) % nb]
            term = f"{head} {_MODS_A[j % na]}" + (f" {mb}" if mb else "")
            if j >= na * nb:
                term += f" {j // (na * nb)}"
        out.append(pre + term + (suf_click if i <= tail_clicks else suf_none))
        if len(out) >= 4096:
            fh.write("".join(out))
            out.clear()
    fh.write("".join(out))
    return k


def _st_metrics(m: list[int]) -> list[str]:
    return [
        str(m[IMP]), str(m[CLK]), pct2(m[CLK], m[IMP]), ads_cpc(m[SPEND], m[CLK]),
        ads_money(m[SPEND]), ads_money(m[SALES]), pct2(m[SPEND], m[SALES]) if m[SALES] else "",
        ratio2(m[SALES], m[SPEND]) if m[SPEND] else "", str(m[ORD]), str(m[UNITS]),
        pct2(m[ORD], m[CLK]), str(m[ADV_U]), str(m[OTH_U]), ads_money(m[ADV_S]),
        ads_money(m[OTH_S]),
    ]  # fmt: skip


# --------------------------------------------------------------------------------- inventory out

PLANNING_HEADER = [
    "snapshot-date", "sku", "fnsku", "asin", "product-name", "condition", "available",
    "pending-removal-quantity", "inv-age-0-to-90-days", "inv-age-91-to-180-days",
    "inv-age-181-to-270-days", "inv-age-271-to-365-days", "inv-age-365-plus-days", "currency",
    "units-shipped-t7", "units-shipped-t30", "units-shipped-t60", "units-shipped-t90",
    "your-price", "sales-price", "recommended-action", "sell-through", "storage-type",
    "days-of-supply", "estimated-excess-quantity", "weeks-of-cover-t30", "weeks-of-cover-t90",
    "inbound-quantity", "inbound-working", "inbound-shipped", "inbound-received",
    "Total Reserved Quantity", "unfulfillable-quantity",
]  # fmt: skip

MANAGE_HEADER = [
    "sku", "fnsku", "asin", "product-name", "condition", "your-price", "mfn-listing-exists",
    "mfn-fulfillable-quantity", "afn-listing-exists", "afn-warehouse-quantity",
    "afn-fulfillable-quantity", "afn-unsellable-quantity", "afn-reserved-quantity",
    "afn-total-quantity", "per-unit-volume", "afn-inbound-working-quantity",
    "afn-inbound-shipped-quantity", "afn-inbound-receiving-quantity", "afn-researching-quantity",
    "afn-reserved-future-supply", "afn-future-supply-buyable",
]  # fmt: skip


def _price(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def planning_txt(
    products: list[Product], snaps: dict[tuple[date, str], Snapshot], d: date
) -> bytes:
    lines = ["\t".join(PLANNING_HEADER)]
    for p in products:
        s = snaps[(d, p.asin)]
        daily = s.t30 / 30
        dos = str(round(s.available / daily)) if s.t30 else ""
        excess = max(0, s.available - math.ceil(90 * daily)) if s.t30 else s.available
        action = "No action required"
        if s.t30 and s.available / daily < 30:
            action = "Restock"
        elif excess > 0 and (s.ages[2] + s.ages[3] + s.ages[4]) > 0:
            action = "Create removal order"
        wc30 = f"{s.available / (s.t30 / (30 / 7)):.2f}" if s.t30 else ""
        wc90 = f"{s.available / (s.t90 / (90 / 7)):.2f}" if s.t90 else ""
        st = f"{s.t90 / s.avg_available_90:.2f}" if s.avg_available_90 else "0.00"
        price = _price(price_on(p, d))
        lines.append("\t".join([
            d.isoformat(), p.sku, p.fnsku, p.asin, p.title, "New", str(s.available), "0",
            *(str(a) for a in s.ages), "USD", str(s.t7), str(s.t30), str(s.t60), str(s.t90),
            price, price, action, st, "Standard", dos, str(excess), wc30, wc90,
            str(s.working + s.shipped + s.receiving), str(s.working), str(s.shipped),
            str(s.receiving), str(s.reserved), str(s.unsellable),
        ]))  # fmt: skip
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def manage_csv(products: list[Product], snaps: dict[tuple[date, str], Snapshot], d: date) -> bytes:
    lines = [",".join(q_all(h) for h in MANAGE_HEADER)]
    for p in sorted(products, key=lambda x: x.sku):
        s = snaps[(d, p.asin)]
        warehouse = s.available + s.unsellable + s.reserved
        total = warehouse + s.working + s.shipped + s.receiving
        vals = [
            p.sku, p.fnsku, p.asin, p.title, "New", _price(price_on(p, d)), "No", None, "Yes",
            str(warehouse), str(s.available), str(s.unsellable), str(s.reserved), str(total),
            p.volume, str(s.working), str(s.shipped), str(s.receiving), "0", "0", "0",
        ]  # fmt: skip
        lines.append(",".join("" if v is None else q_all(v) for v in vals))
    return ("\n".join(lines) + "\n").encode("cp1252")


# --------------------------------------------------------------------------------- payments

PAY_PREAMBLE = [
    "Includes Amazon Marketplace, Fulfillment by Amazon (FBA), and Amazon Webstore transactions",
    "All amounts in USD, unless specified",
    "Definitions:",
    "date/time: posted date/time of the transaction",
    "Sales tax collected: Includes sales tax collected from buyers for product sales, shipping,"
    " and gift wrap.",
    "Selling fees: Includes variable closing fees and referral fees.",
    "Other transaction fees: Includes shipping chargebacks, shipping holdbacks, per-item fees "
    " and sales tax collection fees.",
    'Other: Includes non-order transaction amounts. For more details, see the "Type" and'
    ' "Description" columns for each order ID.',
]
PAY_HEADER = [
    "date/time", "settlement id", "type", "order id", "sku", "description", "quantity",
    "marketplace", "fulfillment", "order city", "order state", "order postal",
    "tax collection model", "product sales", "product sales tax", "shipping credits",
    "shipping credits tax", "gift wrap credits", "giftwrap credits tax", "Regulatory Fee",
    "Tax On Regulatory Fee", "promotional rebates", "promotional rebates tax",
    "marketplace withheld tax", "selling fees", "fba fees", "other transaction fees", "other",
    "total", "Transaction Status", "Transaction Release Date",
]  # fmt: skip
AMOUNT_COLS = PAY_HEADER[13:28]  # product sales .. other

_PLACES = (
    ("SEATTLE", "WA", "98103", 1025), ("PORTLAND", "OR", "97205", 0),
    ("AUSTIN", "TX", "78704", 825), ("DENVER", "CO", "80205", 881),
    ("COLUMBUS", "OH", "43215", 750), ("RALEIGH", "NC", "27601", 725),
    ("SAN DIEGO", "CA", "92101", 775), ("Chicago", "IL", "60614", 1025),
    ("ATLANTA", "GA", "30308", 890), ("Boston", "Massachusetts", "02116", 625),
    ("PHOENIX", "AZ", "85004", 860), ("MINNEAPOLIS", "MN", "55401", 903),
)  # fmt: skip


@dataclass
class PayRow:
    when: tuple[date, int]
    type: str
    order_id: str
    sku: str
    description: str
    quantity: str
    marketplace: str
    fulfillment: str
    city: str
    state: str
    postal: str
    model: str
    amounts: dict[str, int]
    release: tuple[date, int] | None = None

    @property
    def total(self) -> int:
        return sum(self.amounts.values())


def _order_id(rng: random.Random) -> str:
    return f"11{rng.randint(1, 4)}-{rng.randint(0, 9_999_999):07d}-{rng.randint(0, 9_999_999):07d}"


def build_payments(
    rng: random.Random,
    products: list[Product],
    facts: Facts,
    days: Sequence[date],
    ad_charges: int,
) -> list[PayRow]:
    """Every transaction posted in the month, not yet given settlement ids."""
    rows: list[PayRow] = []
    first, last = days[0], days[-1]
    coupons = 0
    for d in days:
        for p in products:
            f = facts[d].get(p.asin)
            if f is None:
                continue
            for qty, _b2b in f.items:
                city, state, postal, rate = rng.choice(_PLACES)
                ps = qty * f.price
                tax = (ps * rate + 5000) // 10000
                model = "MarketplaceFacilitator" if rate else ""
                rebate = 0
                if p.asin in _alphas(1, 2, 4) and rng.random() < 0.06:
                    rebate = -((ps + 5) // 10)
                    coupons += 1
                referral = max(30, ((ps + rebate) * 15 + 50) // 100)
                amounts = dict.fromkeys(AMOUNT_COLS, 0)
                amounts.update({
                    "product sales": ps, "product sales tax": tax,
                    "promotional rebates": rebate, "marketplace withheld tax": -tax,
                    "selling fees": -referral, "fba fees": -p.fba_fee * qty,
                })  # fmt: skip
                sec = rng.randint(0, 86_399)
                oid = _order_id(rng)
                rows.append(
                    PayRow(
                        (d, sec),
                        "Order",
                        oid,
                        p.sku,
                        p.title,
                        str(qty),
                        "amazon.com",
                        "Amazon",
                        city,
                        state,
                        postal,
                        model,
                        amounts,
                        (d + timedelta(days=7), sec),
                    )
                )
                if rng.random() < 0.03:
                    rd = d + timedelta(days=rng.randint(2, 20))
                    if rd <= last:
                        admin = min(500, (referral * 20 + 50) // 100)
                        ra = dict.fromkeys(AMOUNT_COLS, 0)
                        ra.update({
                            "product sales": -ps, "product sales tax": -tax,
                            "promotional rebates": -rebate, "marketplace withheld tax": tax,
                            "selling fees": referral - admin,
                        })  # fmt: skip
                        rsec = rng.randint(0, 86_399)
                        rows.append(
                            PayRow(
                                (rd, rsec),
                                "Refund",
                                oid,
                                p.sku,
                                p.title,
                                str(qty),
                                "amazon.com",
                                "Amazon",
                                city,
                                state,
                                postal,
                                model,
                                ra,
                                (rd, rsec),
                            )
                        )

    def fee(d: date, type_: str, desc: str, col: str, cents: int, order_id: str = "",
            sku: str = "", qty: str = "", market: str = "Amazon.com") -> None:  # fmt: skip
        a = dict.fromkeys(AMOUNT_COLS, 0)
        a[col] = cents
        sec = rng.randint(0, 86_399)
        rows.append(
            PayRow(
                (d, sec), type_, order_id, sku, desc, qty, market, "", "", "", "", "", a, (d, sec)
            )
        )

    # advertising, charged in a few invoices that add up to the month's SP + SD spend
    cuts = [0, ad_charges * 27 // 100, ad_charges * 53 // 100, ad_charges * 78 // 100, ad_charges]
    for i, dd in enumerate((6, 13, 21, 28)):
        amount = cuts[i + 1] - cuts[i]
        fee(
            first.replace(day=dd),
            "Service Fee",
            "Cost of Advertising",
            "other transaction fees",
            -amount,
            market="",
        )
    fee(first.replace(day=3), "Service Fee", "Subscription", "other", -3999)
    # the month before's storage, billed now: October to December at the peak rate
    rate = 240 if first.month in (11, 12, 1) else 78
    storage = sum(round(float(p.volume) * rate * expected_daily_units(p) * 55) for p in products)
    fee(first.replace(day=9), "FBA Inventory Fee", "FBA Inventory Storage Fee", "other", -storage)
    fee(
        first.replace(day=17),
        "FBA Inventory Fee",
        "FBA Removal Order: Disposal Fee",
        "other",
        -30 * rng.randint(2, 6),
        order_id=f"nw{rng.randint(10_000, 99_999)}Rm",
    )
    for _ in range(2):
        p = rng.choice(products[:20])
        fee(
            first.replace(day=rng.randint(4, 26)),
            "Adjustment",
            "FBA Inventory Reimbursement - Customer Return",
            "other",
            price_on(p, first) * 62 // 100,
            order_id=_order_id(rng),
            sku=p.sku,
            qty="1",
            market="",
        )
    if coupons:
        uid = "-".join(f"{rng.getrandbits(n * 4):0{n}x}" for n in (8, 4, 4, 4, 12))
        fee(
            first.replace(day=15),
            "",
            "Coupon Redemption Fee: Save 10% on Northwind bath mats",
            "other transaction fees",
            -60 * coupons,
            order_id=uid,
        )
    if first <= DEALS[0] <= last:  # one Lightning Deal fee per deal, charged on its first day
        for p in products:
            if p.asin in DEAL_ASINS:
                fee(DEALS[0], "Service Fee", "Lightning Deal Fee", "other transaction fees",
                    -7000, sku=p.sku)  # fmt: skip
    rows.sort(key=lambda r: r.when)
    return rows


@dataclass
class Ledger:
    """The balance carried across months to the next bank transfer."""

    balance: int = 0

    def settle(self, rows: list[PayRow], days: Sequence[date], rng: random.Random) -> list[PayRow]:
        out: list[PayRow] = []
        transfers = [days[0].replace(day=14), days[0].replace(day=28)]
        pending = list(rows)
        for t in [*transfers, None]:
            cut = (t, 2_581) if t else None
            while pending and (cut is None or pending[0].when < cut):
                r = pending.pop(0)
                self.balance += r.total
                out.append(r)
            if t is not None and self.balance > 0:
                a = dict.fromkeys(AMOUNT_COLS, 0)
                a["other"] = -self.balance
                bank_id = rng.randint(10**14, 10**15 - 1)
                bank = f"To your account ending in: 042, Bank Transfer ID: {bank_id}"
                out.append(
                    PayRow(
                        (t, 2_581),
                        "Transfer",
                        "",
                        "",
                        bank,
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        a,
                        (t, 2_581),
                    )
                )
                self.balance = 0
        return out


def _settlement_id(when: date) -> str:
    cycle = (when.year * 12 + when.month) * 2 + (1 if when.day >= 14 else 0)
    if when.day >= 28:
        cycle += 1
    return str(12_403_640_601 + cycle * 23_518_807 % 9_000_000_000)


def payments_csv(rows: list[PayRow], last: date) -> bytes:
    lines = [",".join(q_all(v) for v in (line,)) for line in PAY_PREAMBLE]
    lines.append(",".join(q_all(h) for h in PAY_HEADER))
    for r in rows:
        status, release = "Released", ""
        if r.release is not None:
            release = pay_datetime(*r.release)
            if r.release[0] > last:
                status = "Deferred"
        vals = [
            pay_datetime(*r.when), _settlement_id(r.when[0]), r.type, r.order_id, r.sku,
            r.description, r.quantity, r.marketplace, r.fulfillment, r.city, r.state, r.postal,
            r.model, *(pay_amount(r.amounts[c]) for c in AMOUNT_COLS), pay_amount(r.total),
            status, release,
        ]  # fmt: skip
        fields = [q_all(v) for v in vals]
        if not r.type:
            fields[2] = ""  # coupon fee rows have an empty, unquoted type
        lines.append(",".join(fields))
    return ("\ufeff" + "\n".join(lines) + "\n").encode()


# --------------------------------------------------------------------------------- unit costs


def unit_costs(products: list[Product]) -> list[tuple[str, int, date]]:
    """(sku, cents, effective from) for every product: 30-35 % of the base price, rounded half
    up to the cent, from :data:`COSTS_FROM` (or the launch day); one SKU's cost rises inside
    October (:data:`COST_RISE`), so a month has sales at two costs."""
    out: list[tuple[str, int, date]] = []
    asin, rise_from, pct = COST_RISE
    for i, p in enumerate(products):
        cents = (p.price * (30 + i * 7 % 6) + 50) // 100
        out.append((p.sku, cents, p.launch or COSTS_FROM))
        if p.asin == asin:
            out.append((p.sku, (cents * pct + 50) // 100, rise_from))
    return out


def costs_csv(products: list[Product]) -> bytes:
    """The seller's own unit-cost file (configs/costs.csv), as a person would write it."""
    lines = ["sku,unit_cost,currency,effective_from"]
    lines += [
        f"{sku},{cents // 100}.{cents % 100:02d},USD,{d}" for sku, cents, d in unit_costs(products)
    ]
    return ("\n".join(lines) + "\n").encode()


# --------------------------------------------------------------------------------- driver


def month_days(ym: str) -> list[date]:
    y, m = (int(x) for x in ym.split("-"))
    return [date(y, m, d) for d in range(1, calendar.monthrange(y, m)[1] + 1)]


def payments_name(days: Sequence[date]) -> str:
    a, b = days[0], days[-1]
    return f"{a.year}{a:%b}{a.day}-{b.year}{b:%b}{b.day}CustomTransaction.csv"


@dataclass
class World:
    products: list[Product]
    campaigns: list[Campaign]
    facts: Facts
    snaps: dict[tuple[date, str], Snapshot]
    ads: AdFacts
    months: list[list[date]]
    streams: Streams


def build_world(months: list[str], seed: int) -> World:
    products = build_catalogue()
    campaigns = build_campaigns()
    mdays = [month_days(m) for m in months]
    start = mdays[0][0] - timedelta(days=120)
    end = mdays[-1][-1]
    streams = Streams(seed)
    facts = simulate_demand(streams, products, start, end)
    snaps = simulate_inventory(streams, products, facts, start, end, [m[-1] for m in mdays])
    all_days = [d for m in mdays for d in m]
    ads = simulate_ads(streams, products, campaigns, facts, all_days)
    return World(products, campaigns, facts, snaps, ads, mdays, streams)


def write_month(
    world: World, days: list[date], folder: Path, ledger: Ledger,
    search_term_rows: int | None = None,
) -> dict[str, int]:  # fmt: skip
    """Write one month folder; returns the month's headline totals."""
    folder.mkdir(parents=True, exist_ok=True)
    p, last = world.products, days[-1]
    dl = last + timedelta(days=1)  # the day the seller downloads the reports
    br_name = f"BusinessReport-{dl.month}-{dl.day}-{dl:%y}"
    write_bytes(folder / f"{br_name}.csv", br_by_item(p, world.facts, days))
    write_bytes(folder / f"{br_name} (1).csv", br_by_date(p, world.facts, days))
    ctx = AdContext(
        world.ads, days, {c.name: c for c in world.campaigns}, {x.asin: x.sku for x in p}
    )
    write_bytes(folder / "Sponsored Products Campaign report.csv", sp_campaign(ctx))
    write_bytes(folder / "Sponsored Products Advertised product report.csv", sp_advertised(ctx))
    write_bytes(folder / "Sponsored Products Targeting report.csv", sp_targeting(ctx))
    created = f"{dl.isoformat()}T00:10:55Z"
    if search_term_rows is None:
        write_bytes(
            folder / "Sponsored Products Search term report.xlsx", sp_search_term_xlsx(ctx, created)
        )
    else:
        write_large_search_term_csv(
            folder / "Sponsored Products Search term report.csv", ctx, search_term_rows
        )
    write_bytes(folder / "Sponsored Products Placement report.csv", sp_placement(ctx))
    write_bytes(folder / "Sponsored Brands Campaign report.csv", sb_campaign(ctx))
    write_bytes(folder / "Sponsored Brands Search term report.csv", sb_search_term(ctx))
    write_bytes(folder / "Sponsored Display Campaign report.csv", sd_campaign(ctx))
    write_bytes(folder / "Sponsored Display Advertised product report.csv", sd_advertised(ctx))
    report_id = 50_000_000_000 + excel_serial(last) * 1_000 + 19
    write_bytes(folder / f"{report_id}.txt", planning_txt(p, world.snaps, last))
    write_bytes(
        folder / f"Manage FBA Inventory {last:%m-%d-%Y}.csv", manage_csv(p, world.snaps, last)
    )
    totals: dict[str, int] = defaultdict(int)
    for t in ("SP", "SB", "SD"):
        for k, m in world.ads.items():
            if k[1] == t and days[0] <= k[0] <= last:
                totals[f"{t}_spend"] += m[SPEND]
                totals[f"{t}_sales"] += m[SALES]
                totals[f"{t}_orders"] += m[ORD]
                totals[f"{t}_impressions"] += m[IMP]
                totals[f"{t}_clicks"] += m[CLK]
    pay_rng, bank_rng = (world.streams.get(x, days[0]) for x in ("payments", "bank"))
    rows = build_payments(pay_rng, p, world.facts, days, totals["SP_spend"] + totals["SD_spend"])
    settled = ledger.settle(rows, days, bank_rng)
    write_bytes(folder / payments_name(days), payments_csv(settled, last))
    for d in days:
        for f in world.facts[d].values():
            totals["sessions"] += f.sessions
            totals["units"] += f.units
            totals["order_items"] += len(f.items)
            totals["sales"] += sum(q * f.price for q, _ in f.items)
    return dict(totals)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--out", type=Path, default=None,
                    help="root folder (default: sample_reports/, or benchmarks/data/ with "
                         "--search-term-rows); one sub-folder per month")  # fmt: skip
    ap.add_argument("--months", default=None,
                    help=f"comma-separated YYYY-MM (default {DEFAULT_MONTHS}; {BENCH_MONTH} "
                         "only with --search-term-rows)")  # fmt: skip
    ap.add_argument("--search-term-rows", type=int, default=None, metavar="N",
                    help="benchmark mode: one month whose SP search term report is a CSV of "
                         "exactly N rows")  # fmt: skip
    ap.add_argument("--asin-terms", type=int, default=None, metavar="N",
                    help="with --search-term-rows: draw the ASIN-like search terms from N "
                         "(at 1M rows about 400k are distinct by default; 125000 gives a month "
                         "of some 200k distinct search terms)")  # fmt: skip
    ap.add_argument("--costs", type=Path, default=None,
                    help="where to write the unit-cost file (default: configs/costs.csv when "
                         "writing sample_reports/; not written with --out or --search-term-rows "
                         "unless given)")  # fmt: skip
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)
    large = args.search_term_rows is not None
    if args.asin_terms is not None:
        ASIN_POOL[0] = max(1, args.asin_terms)
    months = (args.months or DEFAULT_MONTHS).split(",")
    if large and args.months is None:
        months = [BENCH_MONTH]
    if large and len(months) != 1:
        ap.error("--search-term-rows writes a single month: pass one --months value")
    out: Path = args.out or (REPO / ("benchmarks/data" if large else "sample_reports"))
    world = build_world(months, args.seed)
    costs: Path | None = args.costs
    if costs is None and args.out is None and not large:
        costs = REPO / "configs" / "costs.csv"
    if costs is not None:
        write_bytes(costs, costs_csv(world.products))
    if large:
        _scale_sp_impressions(world, args.search_term_rows)
    ledger = Ledger()
    for ym, days in zip(months, world.months, strict=True):
        folder = out / ym
        if not large and folder.exists():
            for old in folder.iterdir():
                if old.is_file():
                    old.unlink()
        tot = write_month(world, days, folder, ledger, args.search_term_rows)
        if not args.quiet:
            ad = tot["SP_spend"] + tot["SB_spend"] + tot["SD_spend"]
            ad_sales = tot["SP_sales"] + tot["SB_sales"] + tot["SD_sales"]
            print(
                f"{folder}: sales {br_money(tot['sales'])}, units {tot['units']}, "
                f"sessions {tot['sessions']}, conversion {pct2(tot['units'], tot['sessions'])}, "
                f"ad spend {br_money(ad)} (SP {br_money(tot['SP_spend'])}, "
                f"SB {br_money(tot['SB_spend'])}, SD {br_money(tot['SD_spend'])}), "
                f"ad sales {br_money(ad_sales)}, ACOS {pct2(ad, ad_sales)}, "
                f"TACoS {pct2(ad, tot['sales'])}, ad orders "
                f"{tot['SP_orders'] + tot['SB_orders'] + tot['SD_orders']}",
                file=sys.stderr,
            )
    return 0


def _scale_sp_impressions(world: World, n_rows: int) -> None:
    """Benchmark mode: enough SP impressions that N search-term rows each get at least one."""
    room = sum(m[IMP] - m[CLK] for k, m in world.ads.items() if k[1] == "SP")
    factor = max(1, math.ceil(3 * n_rows / max(1, room)))
    if factor > 1:
        for k, m in world.ads.items():
            if k[1] == "SP":
                m[IMP] *= factor


if __name__ == "__main__":
    raise SystemExit(main())
