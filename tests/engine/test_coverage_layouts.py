"""Owners and teams add up to the total for every additive KPI, in every folder layout: several
months under one root, nested year folders, reports in subfolders, partial months, periods
that take one month, a span or a quarter (kpis.md "Periods and coverage"; issue "Every figure
says what it covers", item 8). Folders are built at random by Hypothesis; the ad spend is also
summed here from the rows written, and must equal the total."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from coverage_files import Item, by_date, by_item, days, sp_campaign
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpitool.config import load_config
from kpitool.engine.compute import compute
from kpitool.engine.periods import parse_period
from kpitool.engine.scan import read_folder
from kpitool.results import Period

MONTHS = {"2026-08": 31, "2026-09": 30, "2026-10": 31}
ADDITIVE = (
    "sales", "units", "order_items", "sessions", "page_views", "ad_spend", "ad_sales",
    "impressions", "clicks", "ad_orders",
)  # fmt: skip
CONFIG = """version: 1
currency: USD
owners:
  alice: {team: growth, asins: ["B0ALPHA*"], campaigns: ["Alice *"]}
  bob: {team: growth, asins: ["B0BRAVO*"], campaigns: ["Bob *"]}
  carol: {team: retention, asins: ["B0CHARL*"], campaigns: ["Carol *"]}
"""
ASINS = ("B0ALPHA001", "B0BRAVO001", "B0CHARL001", "B0DELTA001")  # the last: unassigned
CAMPAIGNS = ("Alice - SP", "Bob - SP", "Carol - SP", "Brand defense")

month_plan = st.fixed_dictionaries(
    {
        "items": st.lists(
            st.tuples(st.sampled_from(ASINS), st.integers(1, 500), st.integers(0, 99)),
            min_size=1,
            max_size=4,
            unique_by=lambda t: t[0],
        ),
        "by_date_days": st.sampled_from([0, 10, 31]),  # none, a partial month, all of it
        "ads_days": st.integers(0, 31),
        "spend": st.integers(1, 5000),  # cents per day and campaign
        "where": st.sampled_from(["flat", "nested", "subfolders"]),
    }
)


def _month_dir(root: Path, month: str, where: str) -> tuple[Path, Path]:
    """The folders a month's Business Reports and ads reports go into."""
    base = root / month[:4] / month if where == "nested" else root / month
    return base, (base / "ads" if where == "subfolders" else base)


def _write(root: Path, month: str, plan: dict[str, object]) -> tuple[dict[date, float], float]:
    """Write one month; return the ad spend written per day, and the month's sales."""
    year, mon = int(month[:4]), int(month[5:])
    all_days = days(date(year, mon, 1), date(year, mon, MONTHS[month]))
    br_dir, ads_dir = _month_dir(root, month, str(plan["where"]))
    items = [
        Item(asin, f"SKU-{asin}", units * 3, units, units * 10 + cents / 100)
        for asin, units, cents in plan["items"]  # type: ignore[attr-defined]
    ]
    by_item(br_dir, items)
    n_date = min(int(plan["by_date_days"]), len(all_days))  # type: ignore[call-overload]
    if n_date:
        # a by-date report only where it holds the same sales as the by-item one
        if n_date == len(all_days):

            def spread(total: int) -> list[int]:
                out = [total // n_date] * n_date
                out[-1] += total - sum(out)
                return out

            cents = spread(round(sum(i.sales for i in items) * 100))
            units = spread(sum(i.units for i in items))
            sessions = spread(sum(i.sessions for i in items))
            rows = zip(all_days, cents, units, sessions, strict=True)
            by_date(br_dir, {d: (c / 100, u, n) for d, c, u, n in rows})
        else:
            by_date(br_dir, {d: 10.0 for d in all_days[:n_date]})
    spend: dict[date, float] = {}
    n_ads = min(int(plan["ads_days"]), len(all_days))  # type: ignore[call-overload]
    ads = []
    for d in all_days[:n_ads]:
        for i, campaign in enumerate(CAMPAIGNS):
            s = (int(plan["spend"]) + i) / 100  # type: ignore[call-overload]
            ads.append((d, campaign, s, 3 * s))
            spend[d] = spend.get(d, 0.0) + s
    if ads:
        sp_campaign(ads_dir, ads)
    return spend, sum(i.sales for i in items)


periods = st.sampled_from(["2026-08", "2026-09", "2026-10", "2026-Q3", "2026-08-01..2026-10-31"])


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    plans=st.dictionaries(st.sampled_from(sorted(MONTHS)), month_plan, min_size=1, max_size=3),
    period=periods,
)
def test_owners_and_teams_add_up_to_the_total(
    plans: dict[str, dict[str, object]], period: str
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "reports"
        spend: dict[date, float] = {}
        sales: dict[str, float] = {}
        for month, plan in plans.items():
            month_spend, sales[month] = _write(root, month, plan)
            spend.update(month_spend)
        cfg_path = Path(tmp) / "kpitool.yaml"
        cfg_path.write_text(CONFIG)
        config = load_config(cfg_path)
        per = parse_period(period)
        for dim in ("owner", "team"):
            try:
                result = compute(read_folder(root), config, period=period, by=[dim])
            except Exception as exc:  # nothing in the period: an input error, exit 3
                assert "nothing covers" in str(exc), exc
                assert not any(per.start <= d <= per.end for d in spend)
                return
            total = {r.kpi: r.value for r in result.results if not r.group}
            for kpi in ADDITIVE:
                parts = [r.value for r in result.results if r.group and r.kpi == kpi]
                if total[kpi] is None:
                    assert all(p is None for p in parts), (dim, kpi)
                    continue
                assert sum(p or 0.0 for p in parts) == pytest_approx(total[kpi]), (dim, kpi)
            # every month has a by-item report (and a by-date one only where it agrees): the
            # total is the by-item sales of the months the period holds, each counted once
            months = [m for m in sales if _inside(parse_period(m), per)]
            assert total["sales"] == (
                pytest_approx(sum(sales[m] for m in months)) if months else None
            )
            in_period = sum(s for d, s in spend.items() if per.start <= d <= per.end)
            if in_period:
                assert total["ad_spend"] == pytest_approx(in_period)
            else:
                assert total["ad_spend"] is None


def _inside(month: Period, per: Period) -> bool:
    return per.start <= month.start and month.end <= per.end


def pytest_approx(x: float) -> object:
    import pytest

    return pytest.approx(x, rel=1e-9, abs=1e-6)
