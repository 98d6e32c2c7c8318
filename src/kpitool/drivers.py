"""Why a KPI moved: exact additive splits of a change, and the groups that explain it.

**Effects** (:func:`split`). A KPI that is a product of factors, V = x1 × x2 × … , has its change
V_after − V_before split into one effect per factor, and the effects always sum to the change:

- every factor positive in both periods: LMDI, effect_i = L(V_a, V_b) × ln(x_i,a / x_i,b) with
  the logarithmic mean L(a, b) = (a − b) / (ln a − ln b), L(a, a) = a. Exact for a product.
- otherwise (a factor is 0, negative, or undefined in one period, e.g. no sessions so no
  conversion rate): the Shapley split, the average over every order of changing the factors one
  at a time of each factor's step. Exact for any numbers. A factor undefined in one period takes
  the other period's value (it cannot be said to have moved), so with no sessions before, the
  sessions effect carries the whole change. A factor undefined in both periods did not move
  either: its effect is 0 (it counts as 1 in both). Factors whose product is not the KPI
  (inconsistent data, see :func:`consistent`) give no split.

**Contributors** (:func:`contributions`). For an additive KPI, group i contributes
n_i,a − n_i,b. For a ratio N / D (conversion = units / sessions, ACOS = spend / ad sales), group
i contributes n_i,a / D_a − n_i,b / D_b, with D the period's total denominator: these sum
exactly to the change of the ratio, and a group's contribution mixes its own change with its
weight. share = contribution / Σ contributions. A group with no activity before (absent, or
only zeros) is ``new``; with none after, ``gone``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import permutations
from typing import Any

from kpitool.compare_results import Contributor, Driver
from kpitool.results import ComputeResult

LMDI = "lmdi"
SHAPLEY = "shapley"


@dataclass(frozen=True)
class Split:
    effects: dict[str, float]
    method: str  # "lmdi" or "shapley"


def log_mean(a: float, b: float) -> float:
    """L(a, b) = (a − b) / (ln a − ln b); L(a, a) = a. For a, b > 0."""
    if a == b:
        return a
    la, lb = math.log(a), math.log(b)
    if la == lb:  # a and b differ by less than ln can see
        return (a + b) / 2
    return (a - b) / (la - lb)


def _product(values: Sequence[float]) -> float:
    return math.prod(values)


def _shapley(before: Sequence[float], after: Sequence[float]) -> list[float]:
    n = len(before)
    effects = [0.0] * n
    orders = list(permutations(range(n)))
    for order in orders:
        current = list(before)
        value = _product(current)
        for i in order:
            current[i] = after[i]
            new = _product(current)
            effects[i] += new - value
            value = new
    return [e / len(orders) for e in effects]


def _usable(x: float | None) -> bool:
    return x is not None and math.isfinite(x)


def split(before: Mapping[str, float | None], after: Mapping[str, float | None]) -> Split:
    """Split product(after) − product(before) into one effect per factor (see the module doc)."""
    names = list(before)
    b: list[float] = []
    a: list[float] = []
    for name in names:
        xb, xa = before[name], after[name]
        if not _usable(xb) and not _usable(xa):
            xb = xa = 1.0  # undefined in both periods: it did not move (effect 0)
        b.append(float(xb if _usable(xb) else xa))  # type: ignore[arg-type]
        a.append(float(xa if _usable(xa) else xb))  # type: ignore[arg-type]
    vb, va = _product(b), _product(a)
    if all(x > 0 for x in b + a):
        weight = log_mean(va, vb)
        effects = [weight * math.log(xa / xb) for xa, xb in zip(a, b, strict=True)]
        method = LMDI
    else:
        effects, method = _shapley(b, a), SHAPLEY
    # float rounding only (a large effect less a large effect): the largest effect takes it,
    # so that the effects add up to the change to the last bit that floats can hold
    residual = (va - vb) - math.fsum(effects)
    if residual:
        i = max(range(len(effects)), key=lambda k: abs(effects[k]))
        effects[i] += residual
    return Split(dict(zip(names, effects, strict=True)), method)


def div(n: float | None, d: float | None) -> float | None:
    """n / d, or None when either is missing or d is 0."""
    if n is None or d is None or d == 0:
        return None
    return n / d


def consistent(factors: Mapping[str, float | None], value: float | None) -> bool:
    """True when the defined factors multiply to the KPI's value (or the value is 0 and a factor
    is missing because of it: no sessions, no sales)."""
    if value is None:
        return False
    defined = [x for x in factors.values() if _usable(x)]
    if len(defined) < len(factors):
        return any(x == 0 for x in defined) and value == 0
    product = _product([float(x) for x in defined if x is not None])
    return math.isclose(product, value, rel_tol=1e-6, abs_tol=1e-9)


@dataclass(frozen=True)
class Contribution:
    key: str
    before: float | None  # the group's own KPI value
    after: float | None
    delta: float
    share: float | None
    change: str | None  # "new", "gone" or None


#: per group: (numerator, denominator) — the denominator is None for an additive KPI
Parts = Mapping[str, tuple[float | None, float | None]]


def contributions(
    before: Parts,
    after: Parts,
    *,
    ratio: bool,
    active: tuple[set[str], set[str]] | None = None,
) -> list[Contribution] | None:
    """Each group's contribution to the change (see the module doc), largest first.

    ``active``: the groups with any activity before and after (default: the groups present);
    a group inactive before is ``new``, inactive after ``gone``. None when a ratio's total
    denominator is 0 in a period (the ratio itself is undefined).
    """
    seen_b, seen_a = active if active is not None else (set(before), set(after))
    totals: list[float] = []
    for parts in (before, after):
        totals.append(sum(d or 0.0 for _, d in parts.values()) if ratio else 1.0)
    if ratio and (totals[0] == 0 or totals[1] == 0):
        return None
    rows: list[tuple[str, float | None, float | None, float, str | None]] = []
    for key in sorted(set(before) | set(after)):
        nb, db = before.get(key, (None, None))
        na, da = after.get(key, (None, None))
        delta = (na or 0.0) / totals[1] - (nb or 0.0) / totals[0]
        own_b = div(nb, db) if ratio else nb
        own_a = div(na, da) if ratio else na
        change = "new" if key not in seen_b else "gone" if key not in seen_a else None
        rows.append((key, own_b, own_a, delta, change))
    total = sum(r[3] for r in rows)
    out = [
        Contribution(key, ob, oa, delta, delta / total if total else None, change)
        for key, ob, oa, delta, change in rows
    ]
    return sorted(out, key=lambda c: (-abs(c.delta), c.key))


# ------------------------------------------------------------------ the drivers of a comparison
GroupFacts = dict[str, dict[str, float | None]]


def by_group(r: ComputeResult) -> GroupFacts:
    """{group label: {kpi: value}} of a one-dimension breakdown (the total left out)."""
    out: GroupFacts = {}
    for k in r.results:
        if k.group:
            out.setdefault(next(iter(k.group.values())), {})[k.kpi] = k.value
    return out


#: KPI -> its breakdowns: (dimension, numerator fact, denominator fact or None when additive).
#: Search terms explain the change as the search term reports see it (SP and SB: SD has none).
CONTRIBUTORS: dict[str, tuple[tuple[str, str, str | None], ...]] = {
    "sales": (("asin", "sales", None),),
    "sessions": (("asin", "sessions", None),),
    "conversion_rate": (("asin", "units", "sessions"),),
    "ad_spend": (("campaign", "ad_spend", None), ("search_term", "ad_spend", None)),
    "acos": (("campaign", "ad_spend", "ad_sales"), ("search_term", "ad_spend", "ad_sales")),
}
BREAKDOWNS = ("asin", "campaign", "search_term")


#: the facts whose being non-zero makes a group active in a period
ACTIVITY: dict[str, tuple[str, ...]] = {
    "asin": ("sales", "units", "sessions"),
    "campaign": ("ad_spend", "impressions", "clicks", "ad_sales"),
    "search_term": ("ad_spend", "impressions", "clicks", "ad_sales"),
}


def _active(groups: GroupFacts, dim: str) -> set[str]:
    return {g for g, v in groups.items() if any(v.get(f) for f in ACTIVITY[dim])}


def _factors(kpi: str, v: dict[str, Any]) -> dict[str, float | None]:
    def f(name: str) -> float | None:
        k = v.get(name)
        return None if k is None else k.value

    if kpi == "sales":
        return {
            "sessions": f("sessions"),
            "conversion_rate": div(f("units"), f("sessions")),
            "average_selling_price": div(f("sales"), f("units")),
        }
    if kpi == "acos":  # cpc × (1 / ad_conversion_rate) × (1 / ad order value)
        return {
            "cpc": div(f("ad_spend"), f("clicks")),
            "ad_conversion_rate": div(f("clicks"), f("ad_orders")),
            "ad_order_value": div(f("ad_orders"), f("ad_sales")),
        }
    return {
        "acos": div(f("ad_spend"), f("ad_sales")),
        "ad_sales_share": div(f("ad_sales"), f("sales")),
    }


def build_drivers(
    before: ComputeResult,
    after: ComputeResult,
    facts: dict[str, tuple[GroupFacts, GroupFacts]],
    top: int,
    warnings: list[str],
) -> list[Driver]:
    vb, va = _totals(before), _totals(after)
    out: list[Driver] = []
    for kpi in ("sales", "sessions", "conversion_rate", "ad_spend", "acos", "tacos"):
        if kpi not in va:
            continue
        old = vb[kpi].value if kpi in vb else None
        new = va[kpi].value
        driver = Driver({}, kpi, None if old is None or new is None else new - old, None, None)
        if kpi in ("sales", "acos", "tacos"):
            fb, fa = _factors(kpi, vb), _factors(kpi, va)
            if consistent(fb, old) and consistent(fa, new):
                s = split(fb, fa)
                driver.effects, driver.method = s.effects, s.method
            elif driver.delta is not None:
                warnings.append(
                    f"the change in {kpi} is not split into {', '.join(fb)}: their product is "
                    f"not {kpi} in the reports (e.g. sales without units)"
                )
        for dim, num, den in CONTRIBUTORS.get(kpi, ()):
            if dim in facts:
                driver.top_contributors += _top(facts[dim], dim, num, den, top)
        out.append(driver)
    return out


def _top(
    facts: tuple[GroupFacts, GroupFacts], dim: str, num: str, den: str | None, top: int
) -> list[Contributor]:
    gb, ga = facts
    parts_b = {g: (v.get(num), v.get(den) if den else None) for g, v in gb.items()}
    parts_a = {g: (v.get(num), v.get(den) if den else None) for g, v in ga.items()}
    active = (_active(gb, dim), _active(ga, dim))
    found = contributions(parts_b, parts_a, ratio=den is not None, active=active)
    return [
        Contributor({dim: c.key}, c.before, c.after, c.delta, c.share, c.change)
        for c in (found or [])
        if c.delta != 0
    ][:top]


def _totals(r: ComputeResult) -> dict[str, Any]:
    return {k.kpi: k for k in r.results if not k.group}
