"""The report's charts: Vega-Lite specs (plain dicts, built from result data) drawn as static
SVG by vl-convert (the Vega project's own renderer, run in-process: no browser, no network).

Charts only illustrate: every number they show is also in a table of the page. Colours are
the Okabe-Ito palette (told apart by colour-blind readers), and signs are also in the labels
(``+1,234``) and the bar direction, never in the colour alone.
"""

from __future__ import annotations

from typing import Any

Spec = dict[str, Any]

BLUE = "#0072B2"  # Okabe-Ito: a rise, a total
ORANGE = "#E69F00"  # a fall, a deduction
GREY = "#999999"
VERMILION = "#D55E00"
WIDTH = 560
SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"  # an id: never fetched
CONFIG: Spec = {
    "font": "Helvetica, Arial, sans-serif",
    "view": {"stroke": None},
    "axis": {"labelFontSize": 11, "titleFontSize": 11, "labelLimit": 220},
    "legend": {"labelFontSize": 11, "titleFontSize": 11, "orient": "bottom"},
    "title": {"fontSize": 13, "anchor": "start"},
}


def svg(spec: Spec) -> str:
    """The chart as an SVG element (text, not an image), ready to inline in HTML."""
    import vl_convert as vlc

    text: str = vlc.vegalite_to_svg({"$schema": SCHEMA, "config": CONFIG, **spec})
    return text


def _fmt(unit: str) -> str:
    return {"ratio": ".2%", "currency": ",.0f", "multiple": ",.2f", "pp": ",.2f"}.get(unit, ",.4~f")


def waterfall(steps: list[tuple[str, float | None]], currency: str | None) -> Spec:
    """Bars from product sales down to net profit: each deduction hangs from the running
    total; ``steps`` are (label, amount) with the last one the net profit."""
    rows = []
    running = 0.0
    for i, (name, known) in enumerate(steps):
        amount = known or 0.0  # drawn only when every amount is known
        last = i == len(steps) - 1
        if i == 0 or last:
            start, end, kind = 0.0, amount, "total"
        else:
            start, end = running, running + amount
            kind = "rise" if amount >= 0 else "deduction"
        running = end
        rows.append({"step": name, "start": start, "end": end, "amount": amount, "kind": kind})
    order = [name for name, _ in steps]
    money = f"Amount ({currency})" if currency else "Amount"
    return {
        "title": "Profit waterfall",
        "description": "From product sales down to net profit",
        "width": WIDTH,
        "height": 260,
        "data": {"values": rows},
        "encoding": {
            "x": {
                "field": "step",
                "type": "nominal",
                "sort": order,
                "title": None,
                "axis": {"labelAngle": 0, "labelLimit": 90},
            },
        },
        "layer": [
            {
                "mark": {"type": "bar", "width": {"band": 0.7}},
                "encoding": {
                    "y": {"field": "start", "type": "quantitative", "title": money},
                    "y2": {"field": "end"},
                    "color": {
                        "field": "kind",
                        "type": "nominal",
                        "title": None,
                        "scale": {
                            "domain": ["total", "rise", "deduction"],
                            "range": [BLUE, BLUE, ORANGE],
                        },
                        "legend": None,  # the labels carry the signs
                    },
                },
            },
            {
                "mark": {"type": "text", "dy": -6, "fontSize": 10},
                "encoding": {
                    "y": {"field": "top", "type": "quantitative"},
                    "text": {"field": "amount", "type": "quantitative", "format": "+,.0f"},
                },
                "transform": [{"calculate": "max(datum.start, datum.end)", "as": "top"}],
            },
        ],
    }


def bars(
    title: str,
    rows: list[tuple[str, float]],
    unit: str,
    axis: str,
) -> Spec:
    """Horizontal bars of signed amounts (effects, contributions), labelled with their sign."""
    values = [{"name": n, "value": v, "sign": "rise" if v >= 0 else "fall"} for n, v in rows]
    fmt = "+" + _fmt(unit)
    # room beside the bars for their labels (a fall's label sits left of its bar)
    lo = min([0.0, *(v for _, v in rows)])
    hi = max([0.0, *(v for _, v in rows)])
    pad = (hi - lo) * 0.22 or 1.0
    domain = [lo - pad if lo < 0 else 0.0, hi + pad if hi > 0 else 0.0]
    return {
        "title": title,
        "width": 300,
        "height": {"step": 22},
        "data": {"values": values},
        "encoding": {
            "y": {"field": "name", "type": "nominal", "sort": None, "title": None},
            "x": {
                "field": "value",
                "type": "quantitative",
                "title": axis,
                "axis": {"format": _fmt(unit), "tickCount": 5},
                "scale": {"domain": domain, "nice": False},
            },
        },
        "layer": [
            {
                "mark": "bar",
                "encoding": {
                    "color": {
                        "field": "sign",
                        "type": "nominal",
                        "title": None,
                        "scale": {"domain": ["rise", "fall"], "range": [BLUE, ORANGE]},
                        "legend": None,
                    }
                },
            },
            {
                "mark": {
                    "type": "text",
                    "fontSize": 10,
                    "align": {"expr": "datum.value < 0 ? 'right' : 'left'"},
                    "dx": {"expr": "datum.value < 0 ? -4 : 4"},
                },
                "encoding": {"text": {"field": "value", "type": "quantitative", "format": fmt}},
            },
        ],
    }


def trend(
    title: str,
    points: list[dict[str, Any]],
    unit: str,
) -> Spec:
    """A KPI over the periods: its value (points joined by a line) and its target (a dashed
    step line of each period's target; none where a period has no target)."""
    layers: list[Spec] = [
        {
            "mark": {"type": "line", "point": {"size": 50}, "color": BLUE},
            "encoding": {
                "y": {
                    "field": "value",
                    "type": "quantitative",
                    "title": None,
                    "axis": {"format": _fmt(unit)},
                    "scale": {"zero": False},
                },
            },
        }
    ]
    for bound in ("min", "max"):
        if any(p.get(bound) is not None for p in points):
            layers.append(
                {
                    "mark": {
                        "type": "line",
                        "strokeDash": [6, 4],
                        "color": VERMILION,
                        "interpolate": "step-after" if len(points) > 1 else "linear",
                        "point": {"shape": "stroke", "size": 80, "color": VERMILION},
                    },
                    "encoding": {"y": {"field": bound, "type": "quantitative"}},
                }
            )
    return {
        "title": title,
        "width": 260,
        "height": 140,
        "data": {"values": points},
        "encoding": {
            "x": {
                "field": "period",
                "type": "ordinal",
                "sort": None,
                "title": None,
                "axis": {"labelAngle": 0},
            },
        },
        "layer": layers,
    }


def daily(rows: list[dict[str, Any]], currency: str | None) -> Spec:
    """Sales and ad spend of each day of the period (a gap where a day has no data)."""
    money = f"{currency}" if currency else "amount"
    return {
        "title": "Daily sales and ad spend",
        "width": WIDTH,
        "height": 200,
        "data": {"values": rows},
        "transform": [{"fold": ["sales", "ad spend"], "as": ["series", "amount"]}],
        "mark": {"type": "line", "point": {"size": 14}},
        "encoding": {
            "x": {
                "field": "day",
                "type": "temporal",
                "title": None,
                "axis": {"format": "%d %b", "tickCount": 8},
            },
            "y": {"field": "amount", "type": "quantitative", "title": money},
            "color": {
                "field": "series",
                "type": "nominal",
                "title": None,
                "scale": {"domain": ["sales", "ad spend"], "range": [BLUE, ORANGE]},
            },
            "strokeDash": {
                "field": "series",
                "type": "nominal",
                "title": None,
                "scale": {"domain": ["sales", "ad spend"], "range": [[1, 0], [5, 3]]},
            },
        },
    }


def breakeven(rows: list[dict[str, Any]]) -> Spec:
    """Each product's ACOS (a dot) beside its break-even ACOS (a bar): a dot right of its
    bar is a product whose ads lose money."""
    return {
        "title": "ACOS against break-even ACOS",
        "width": WIDTH - 200,
        "height": {"step": 16},
        "data": {"values": rows},
        "encoding": {
            "y": {"field": "product", "type": "nominal", "sort": None, "title": None},
        },
        "layer": [
            {
                "mark": {"type": "bar", "color": "#cfd8e3", "height": {"band": 0.7}},
                "encoding": {
                    "x": {
                        "field": "break_even",
                        "type": "quantitative",
                        "title": "ACOS (dot) and break-even ACOS (bar)",
                        "axis": {"format": ".0%"},
                    }
                },
            },
            {
                "mark": {"type": "point", "filled": True, "size": 60},
                "encoding": {
                    "x": {"field": "acos", "type": "quantitative"},
                    "shape": {
                        "field": "verdict",
                        "type": "nominal",
                        "title": None,
                        "scale": {
                            "domain": ["ads profitable", "ads lose money"],
                            "range": ["circle", "triangle-right"],
                        },
                    },
                    "color": {
                        "field": "verdict",
                        "type": "nominal",
                        "title": None,
                        "scale": {
                            "domain": ["ads profitable", "ads lose money"],
                            "range": [BLUE, VERMILION],
                        },
                    },
                },
            },
        ],
    }
