"""Target evaluation: pro-rating, status boundaries, attainment and score, hand-computed."""

from __future__ import annotations

from datetime import date

import pytest
from paths import REPO

from kpitool.config import Config, Owner, Target, Team, load_config
from kpitool.engine.evaluate import applied_target, attainment, evaluate, score, status, targets_for
from kpitool.kpis.catalogue import BUILTIN_BY_ID
from kpitool.results import Period, Status

ROOT = REPO
SALES = BUILTIN_BY_ID["sales"]  # additive
ACOS = BUILTIN_BY_ID["acos"]  # ratio
OCT = Period(date(2026, 10, 1), date(2026, 10, 31))


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (date(2026, 2, 1), date(2026, 2, 28)),  # 28 days
        (date(2028, 2, 1), date(2028, 2, 29)),  # 29 days
        (date(2026, 9, 1), date(2026, 9, 30)),  # 30 days
        (date(2026, 10, 1), date(2026, 10, 31)),  # 31 days
    ],
)
def test_monthly_target_over_a_whole_month_is_unchanged(start: date, end: date) -> None:
    applied = applied_target(Target(min=60000), SALES, Period(start, end), "month")
    assert applied == {"min": 60000.0, "warn_within": 0.1}


def test_monthly_target_over_ten_days_of_a_31_day_month() -> None:
    applied = applied_target(
        Target(min=62000, max=93000, warn_within=0.2),
        SALES,
        Period(date(2026, 10, 1), date(2026, 10, 10)),
        "month",
    )
    # 62000 × 10/31 = 20000; 93000 × 10/31 = 30000
    assert applied["min"] == pytest.approx(20000)
    assert applied["max"] == pytest.approx(30000)
    assert applied["warn_within"] == 0.2


def test_ratios_are_not_pro_rated() -> None:
    ten_days = Period(date(2026, 10, 1), date(2026, 10, 10))
    assert applied_target(Target(max=0.25), ACOS, ten_days, "month") == {
        "max": 0.25,
        "warn_within": 0.1,
    }


def test_target_per_overrides_the_default() -> None:
    # a weekly target of 7000 over October (31 days): 7000 × 31/7 = 31000
    applied = applied_target(Target(min=7000, per="week"), SALES, OCT, "month")
    assert applied["min"] == pytest.approx(31000)
    # a yearly target of 365000 over October 2026 (365-day year): 365000 × 31/365 = 31000
    applied = applied_target(Target(min=365000), SALES, OCT, "year")
    assert applied["min"] == pytest.approx(31000)
    # a monthly target over Q3 (three whole months): 3 × 10000
    q3 = Period(date(2026, 7, 1), date(2026, 9, 30))
    assert applied_target(Target(min=10000), SALES, q3, "month")["min"] == pytest.approx(30000)


MIN = {"min": 100.0, "warn_within": 0.1}  # warn from 90
MAX = {"max": 0.25, "warn_within": 0.2}  # warn up to 0.30
BOTH = {"min": 10.0, "max": 20.0, "warn_within": 0.1}  # warn 9..10 and 20..22


@pytest.mark.parametrize(
    ("value", "applied", "expected"),
    [
        (100.0, MIN, Status.PASS),  # exactly X
        (150.0, MIN, Status.PASS),
        (99.99, MIN, Status.WARN),
        (90.0, MIN, Status.WARN),  # exactly X × (1 − w)
        (89.99, MIN, Status.FAIL),
        (0.0, MIN, Status.FAIL),
        (0.25, MAX, Status.PASS),  # exactly X
        (0.0, MAX, Status.PASS),
        (0.2501, MAX, Status.WARN),
        (0.30, MAX, Status.WARN),  # exactly X × (1 + w) (0.25 × 1.2 is 0.30000000000000004)
        (0.3001, MAX, Status.FAIL),
        (15.0, BOTH, Status.PASS),
        (10.0, BOTH, Status.PASS),
        (20.0, BOTH, Status.PASS),
        (9.5, BOTH, Status.WARN),
        (9.0, BOTH, Status.WARN),
        (8.9, BOTH, Status.FAIL),
        (22.0, BOTH, Status.WARN),
        (22.1, BOTH, Status.FAIL),
        (None, MIN, Status.NO_DATA),
        (float("nan"), MIN, Status.NO_DATA),
        (5.0, None, Status.NO_TARGET),
        (None, None, Status.NO_TARGET),
        (5.0, {"warn_within": 0.1}, Status.NO_TARGET),
    ],
)
def test_status(value: float | None, applied: dict[str, float] | None, expected: Status) -> None:
    assert status(value, applied) == expected


def test_status_with_zero_warn_band() -> None:
    applied = {"min": 54000.0, "warn_within": 0.0}
    assert status(54000.0, applied) == Status.PASS
    assert status(53999.0, applied) == Status.FAIL


def test_status_at_a_pro_rated_boundary() -> None:
    # 60000 × 10/31 = 19354.838709677417...; a value of exactly 600000/31 passes
    applied = applied_target(
        Target(min=60000), SALES, Period(date(2026, 10, 1), date(2026, 10, 10)), "month"
    )
    assert status(600000 / 31, applied) == Status.PASS
    # the warn boundary: 0.9 × 600000/31 = 540000/31
    assert status(540000 / 31, applied) == Status.WARN


def test_negative_min_still_has_a_widening_warn_band() -> None:
    # organic_sales min −100 with w=0.1: pass ≥ −100, warn ≥ −110, else fail
    applied = {"min": -100.0, "warn_within": 0.1}
    assert status(-100.0, applied) == Status.PASS
    assert status(-105.0, applied) == Status.WARN
    assert status(-111.0, applied) == Status.FAIL


def test_attainment() -> None:
    cap = 1.2
    assert attainment(75000.0, {"min": 60000.0}, cap) == pytest.approx(1.25)  # uncapped
    assert attainment(30000.0, {"min": 60000.0}, cap) == pytest.approx(0.5)
    assert attainment(0.20, {"max": 0.25}, cap) == pytest.approx(1.25)  # 0.25 / 0.20
    assert attainment(0.50, {"max": 0.25}, cap) == pytest.approx(0.5)
    assert attainment(0.0, {"max": 0.25}, cap) == 1.2  # value 0 → cap
    assert attainment(0.0, {"max": 0.0}, cap) == 1.2  # e.g. stockout_skus max 0, none
    assert attainment(3.0, {"max": 0.0}, cap) == 0.0
    # both (a band): inside it exactly 1.0 (not 12/10 = 1.2); above it 20/25 = 0.8
    assert attainment(12.0, {"min": 10.0, "max": 20.0}, cap) == 1.0
    assert attainment(25.0, {"min": 10.0, "max": 20.0}, cap) == pytest.approx(0.8)
    assert attainment(None, {"min": 10.0}, cap) is None
    assert attainment(5.0, None, cap) is None
    assert attainment(5.0, {"min": 0.0}, cap) is None  # undefined
    assert attainment(5.0, {"warn_within": 0.1}, cap) is None


DOS_BAND = {"min": 30.0, "max": 90.0, "warn_within": 0.1}  # days_of_supply 30..90


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (30.0, 1.0),  # the lower edge
        (30.0 * (1 - 1e-12), 1.0),  # float noise at the edge is the edge (as for the status)
        (45.0, 1.0),  # inside: 1.0, not 45/30 = 1.5 (capped 1.2)
        (89.0, 1.0),
        (90.0, 1.0),  # the upper edge
        (24.0, 0.8),  # below: 24/30
        (15.0, 0.5),  # 15/30
        (0.0, 0.0),  # no stock at all
        (100.0, 0.9),  # above: 90/100
        (120.0, 0.75),  # 90/120: falls with the distance from the band
        (180.0, 0.5),  # 90/180
    ],
)
def test_band_attainment(value: float, expected: float) -> None:
    assert attainment(value, DOS_BAND, 1.2) == pytest.approx(expected, rel=1e-12)
    # inside the band the status passes too
    assert (status(value, DOS_BAND) is Status.PASS) is (expected == 1.0)


def test_band_edge_cases() -> None:
    # a band with min 0: nothing is below it; above it max/value (5/10)
    assert attainment(0.0, {"min": 0.0, "max": 5.0}, 1.2) == 1.0
    assert attainment(10.0, {"min": 0.0, "max": 5.0}, 1.2) == pytest.approx(0.5)
    # below a band whose min is <= 0, value/min is undefined (as for a min-only target)
    assert attainment(-3.0, {"min": -1.0, "max": 5.0}, 1.2) is None
    assert attainment(-2.0, {"min": -4.0, "max": -1.0}, 1.2) == 1.0  # inside
    assert attainment(0.0, {"min": -4.0, "max": -1.0}, 1.2) is None  # above a max < 0
    assert attainment(7.0, {"min": 7.0, "max": 7.0}, 1.2) == 1.0  # a band of one value
    # min-only and max-only targets keep their rule: uncapped value/min, max/value
    assert attainment(45.0, {"min": 30.0}, 1.2) == pytest.approx(1.5)
    assert attainment(45.0, {"max": 90.0}, 1.2) == pytest.approx(2.0)


def test_overstock_never_raises_a_score() -> None:
    # weeks_of_cover in a band 4..8 weeks (weight 1) next to sales at 0.5 (weight 1):
    # inside the band (6 weeks) the score is (1.0 + 0.5) / 2 = 0.75, and 20 weeks of cover
    # (overstock) gives 8/20 = 0.4: (0.4 + 0.5) / 2 = 0.45, lower, never higher
    band = {"min": 4.0, "max": 8.0, "warn_within": 0.1}
    inside = attainment(6.0, band, 1.2)
    overstock = attainment(20.0, band, 1.2)
    assert inside == 1.0 and overstock == pytest.approx(0.4)
    assert score([(inside, 1.0), (0.5, 1.0)], 1.2) == pytest.approx(0.75)
    assert score([(overstock, 1.0), (0.5, 1.0)], 1.2) == pytest.approx(0.45)


def test_score() -> None:
    # sales 1.25 (capped 1.2) weight 3, acos 0.8 weight 2, conversion 0.5 weight 1:
    # (3×1.2 + 2×0.8 + 1×0.5) / 6 = (3.6 + 1.6 + 0.5) / 6 = 5.7 / 6 = 0.95
    assert score([(1.25, 3.0), (0.8, 2.0), (0.5, 1.0)], 1.2) == pytest.approx(0.95)
    # no data counts as 0 with its weight: (3×1.0 + 1×0) / 4 = 0.75
    assert score([(1.0, 3.0), (None, 1.0)], 1.2) == pytest.approx(0.75)
    # weight 0 is left out: 1×0.5 / 1
    assert score([(0.5, 1.0), (1.1, 0.0)], 1.2) == pytest.approx(0.5)
    # negative attainment is clamped at 0: (1×0 + 1×1) / 2
    assert score([(-0.4, 1.0), (1.0, 1.0)], 1.2) == pytest.approx(0.5)
    assert score([(3.0, 1.0)], 1.5) == pytest.approx(1.5)
    assert score([], 1.2) is None
    assert score([(1.0, 0.0)], 1.2) is None


def test_targets_for_groups() -> None:
    config = Config(
        version=1,
        targets={"sales": Target(min=60000)},
        owners={
            "alice": Owner(team="growth", targets={"sales": Target(min=25000)}),
            "bob": Owner(team="growth"),
        },
        teams={"growth": Team(targets={"acos": Target(max=0.3)})},
    )
    assert targets_for(config, {}) == {"sales": Target(min=60000)}
    assert targets_for(config, {"owner": "alice"}) == {"sales": Target(min=25000)}
    assert targets_for(config, {"owner": "bob"}) == {}  # no fallback to the team's
    assert targets_for(config, {"owner": "(unassigned)"}) == {}
    assert targets_for(config, {"team": "growth"}) == {"acos": Target(max=0.3)}
    assert targets_for(config, {"team": "nobody"}) == {}
    assert targets_for(config, {"asin": "B0ALPHA01"}) == {}
    assert targets_for(config, {"owner": "alice", "asin": "B0ALPHA01"}) == {}


def test_evaluate_one_kpi_with_the_example_config() -> None:
    config = load_config(ROOT / "configs" / "kpitool.yaml")
    sales_target = targets_for(config, {})["sales"]
    # 66000 against 60000 over October: pass, attainment 1.1
    applied, st, att = evaluate(66000.0, sales_target, SALES, OCT, config)
    assert applied == {"min": 60000.0, "warn_within": 0.1}
    assert st == Status.PASS
    assert att == pytest.approx(1.1)
    assert evaluate(1.0, None, SALES, OCT, config) == (None, Status.NO_TARGET, None)
