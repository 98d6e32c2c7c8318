"""The review pack as one HTML page: the Jinja2 template (package data) filled with the views
of :mod:`kpitool.report.views` and the charts of :mod:`kpitool.report.charts`.

Pure: no file or network I/O (the template and the style sheet are read from the package).
The page holds no script and loads nothing: the style is inline, the charts are inline SVG,
and the fonts are the reader's own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kpitool import __version__
from kpitool.errors import escape_control
from kpitool.render import values as fmt
from kpitool.render.profit import breakeven_rows
from kpitool.report import charts, views
from kpitool.results.review import Review


@dataclass
class TrendView:
    kpi: str
    title: str
    direction: str
    rows: list[tuple[str, str, str, str, str]]  # period, value, target, status class, status
    chart: str


def _direction(direction: str, better: bool | None) -> str:
    arrow = {"up": "↑ up", "down": "↓ down", "flat": "→ flat"}.get(direction)
    if arrow is None:
        return "– fewer than two periods with data"
    if better is None:
        return arrow
    return f"{arrow} ({'better' if better else 'worse'})"


def trends(review: Review) -> list[TrendView]:
    t = review.trend
    if t is None:
        return []
    cur = t.currency
    out = []
    for s in t.series:
        if s.group or s.kpi not in review.targeted:
            continue
        rows = []
        points: list[dict[str, Any]] = []
        for e in s.entries:
            r = e.result
            rows.append(
                (
                    e.period,
                    fmt.value(r, cur),
                    fmt.target(r, cur),
                    views.status_class(r.status),
                    fmt.status(r.status),
                )
            )
            target = r.target or {}
            points.append(
                {
                    "period": e.period,
                    "value": r.value,
                    "min": target.get("min"),
                    "max": target.get("max"),
                }
            )
        unit = s.unit
        name = views.title(s.kpi)
        chart = charts.svg(charts.trend(name, points, unit))
        out.append(TrendView(s.kpi, name, _direction(s.direction, s.better), rows, chart))
    return out


def _daily(review: Review) -> tuple[str, list[tuple[str, str, str]]]:
    cur = review.current.currency
    days = review.daily
    if not any(d.sales is not None or d.ad_spend is not None for d in days):
        return "", []
    rows = [
        (d.day, fmt.number(d.sales, "currency", None), fmt.number(d.ad_spend, "currency", None))
        for d in days
    ]
    data = [{"day": d.day, "sales": d.sales, "ad spend": d.ad_spend} for d in days]
    return charts.svg(charts.daily(data, cur)), rows


def _breakeven(review: Review) -> tuple[str, list[tuple[str, str, str, str]]]:
    products = review.products
    groups = products.groups if products is not None else None
    if products is None or groups is None or not groups.has_values("break_even_acos"):
        return "", []  # no profit data: nothing to weigh ACOS against
    rows = breakeven_rows(products)
    found = {
        (label, kpi): value
        for kpi in ("acos", "break_even_acos")
        for label, value in groups.by_label(kpi).items()
    }
    data = []
    for name, *_ in rows:
        acos, even = found.get((name, "acos")), found.get((name, "break_even_acos"))
        if acos is not None and even is not None:
            verdict = "ads lose money" if acos > even else "ads profitable"
            shown = escape_control(name)  # text from files, drawn: escaped as everywhere
            data.append({"product": shown, "acos": acos, "break_even": even, "verdict": verdict})
    chart = charts.svg(charts.breakeven(data)) if data else ""
    return chart, rows


def _effects_chart(e: views.Effects, currency: str | None) -> str:
    if e.kpi == "sales":
        rows, unit, axis = [(n, v) for n, v, _ in e.rows], "currency", currency or ""
    else:  # a ratio: its effects in percentage points
        rows, unit, axis = [(n, v * 100) for n, v, _ in e.rows], "pp", "percentage points"
    return charts.svg(charts.bars(f"{e.title}: effect of each factor", rows, unit, axis))


#: the changes whose top contributors are also drawn (the others are tables only)
DRAWN = ("sales", "ad_spend")


def _contributors_chart(c: views.Contributors, currency: str | None) -> str:
    if c.kpi not in DRAWN:
        return ""
    rows = [(escape_control(name), delta) for name, delta, *_ in c.rows]
    return charts.svg(charts.bars(f"{c.title}: top {c.dim}s", rows, c.unit, currency or ""))


def context(review: Review) -> dict[str, Any]:
    """Everything the template shows."""
    res = review.current
    cur = res.currency
    steps = views.waterfall_steps(res)
    drawn = bool(steps) and all(s.amount is not None for s in res.waterfall)
    effects = views.effects(review)
    contributors = views.contributors(review)
    daily_chart, daily_rows = _daily(review)
    breakeven_chart, breakeven = _breakeven(review)
    before = review.compare.before.period if review.compare is not None else None
    return {
        "review": review,
        "version": __version__,
        "period": res.period,
        "before": before,
        "currency": cur or "–",
        "coverage": [(family, c.text()) for family, c in res.coverage.items()],
        "sources": res.sources,
        "families": views.families(review),
        "owners": views.scorecards(review, res, "owner", review.owners),
        "teams": views.scorecards(review, review.teams, "team", review.team_names),
        "score": next((fmt.attainment(s.score) for s in res.scores if not s.group), "–"),
        "waterfall": [(n, fmt.number(a, "currency", cur)) for n, a in steps],
        # a step of unknown amount leaves the running total unknown: the table says which
        "waterfall_chart": charts.svg(charts.waterfall(steps, cur)) if drawn else "",
        "effects": [(e, _effects_chart(e, cur)) for e in effects],
        "contributors": [(c, _contributors_chart(c, cur)) for c in contributors],
        "trends": trends(review),
        "daily_chart": daily_chart,
        "daily": daily_rows,
        "breakeven_chart": breakeven_chart,
        "breakeven": breakeven,
        "partial_note": fmt.PARTIAL_NOTE,
        "symbols": [(views.status_class(s), fmt.status(s)) for s in fmt.SYMBOLS],
    }


def _shown(value: Any) -> Any:
    """Text from files never forges output: control characters are shown escaped (the
    charts' SVG, marked safe, is Vega's own escaped markup)."""
    from markupsafe import Markup

    if isinstance(value, str) and not isinstance(value, Markup):
        return escape_control(value)
    return value


def render_page(review: Review) -> str:
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(
        loader=PackageLoader("kpitool.report", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_shown,
    )
    return env.get_template("report.html.j2").render(**context(review))
