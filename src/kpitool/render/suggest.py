"""The suggested config as YAML (pure): the current config as it is, with the team's and the
owners' targets replaced by the suggestions, each with a comment giving its basis.

The YAML is written by hand (PyYAML cannot write comments): block mappings, flow mappings
for a target or a custom KPI, flow lists; strings as JSON strings (valid YAML double-quoted
scalars), so a name holding ``#`` or ``:`` stays text. ``kpitool validate`` accepts the file.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from typing import Any

from kpitool.render.values import number, per_day_unit
from kpitool.results.suggest import Basis, Point, Suggestion, SuggestResult

Path_ = tuple[str, ...]
_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_RESERVED = {"true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"}
#: a ratio bound this large is written as a percent string (the config refuses plain 2+)
_PERCENT_FROM = 2.0


@dataclass
class _Comments:
    """Comment lines before a key, and after a mapping's items, by key path."""

    before: dict[Path_, list[str]] = field(default_factory=dict)
    after: dict[Path_, list[str]] = field(default_factory=dict)


def render_suggestion(result: SuggestResult, *, costs: str | None = None) -> str:
    """The config text; ``costs`` replaces the cost file's path (relative to the new file)."""
    data: dict[str, Any] = dict(result.config) if result.config else {"version": 1}
    if costs is not None:
        data["costs"] = costs
    notes = _Comments()
    team = result.for_group({})
    cur = result.currency
    data = _with_targets(data, (), team, notes, cur)
    owners = data.get("owners")
    if isinstance(owners, dict):
        data["owners"] = {
            name: _with_targets(
                dict(owner),
                ("owners", name),
                result.for_group({"owner": name}),
                notes,
                cur,
            )
            if isinstance(owner, dict) and "targets" in owner
            else owner
            for name, owner in owners.items()
        }
    if data.get("teams"):
        notes.before[("teams",)] = [
            "teams' targets are kept as written: suggest covers the team total and the owners"
        ]
    lines = [f"# {line}" for line in _header(result)]
    _block(data, (), lines, notes)
    return "\n".join(lines) + "\n"


def _header(result: SuggestResult) -> list[str]:
    p = result.period
    lines = [
        f"Targets for {result.label} ({p.start}..{p.end}, {p.days} days), suggested by "
        "kpitool suggest",
        f"from {result.source}.",
    ]
    if result.config_path:
        lines.append(f"The rest of {result.config_path} is kept as it is.")
    return [
        *lines,
        "Method (README, Suggested targets): the median of the last "
        f"{result.window} comparable periods",
        "with data (additive KPIs per covered day: a partial period counts at its daily rate),",
        "carried along their trend, or times last year's seasonal index where the figures have",
        "it; additive KPIs scaled to the period's days; a stretch of "
        f"{result.stretch * 100:g} % raises a min and lowers",
        "a max. Each target's basis is in the comment above it. Review before use.",
    ]


def _with_targets(
    data: dict[str, Any],
    at: Path_,
    suggestions: list[Suggestion],
    notes: _Comments,
    currency: str | None,
) -> dict[str, Any]:
    if not suggestions and "targets" not in data:
        return data
    targets: dict[str, Any] = {}
    missing: list[str] = []
    for s in suggestions:
        if not s.bounds:
            missing.append(f"{s.kpi}: {s.basis.none}")
            continue
        targets[s.kpi] = {**{k: _bound(v, s.unit) for k, v in s.bounds.items()}, **s.keep}
        notes.before[(*at, "targets", s.kpi)] = basis_lines(s, currency)
    data["targets"] = targets
    if missing:
        notes.after[(*at, "targets")] = missing
    return data


def _bound(value: float, unit: str) -> float | str:
    if unit == "ratio" and abs(value) >= _PERCENT_FROM:
        return f"{value * 100:g}%"
    return value


def _fmt(value: float | None, s: Suggestion, currency: str | None, per_day: bool) -> str:
    text = number(value, per_day_unit(s.unit) if per_day else s.unit, currency)
    return f"{text}/day" if per_day and value is not None else text


def _point(pt: Point, s: Suggestion, currency: str | None) -> str:
    text = f"{pt.period} {_fmt(pt.value, s, currency, s.basis.per_day)}"
    if pt.partial:
        text += f" ({pt.days} of {pt.of} days, at its daily rate)"
    return text


def basis_lines(s: Suggestion, currency: str | None) -> list[str]:
    """The comment above a suggested target: its basis, step by step."""
    b: Basis = s.basis
    if not b.points:
        return [f"{s.kpi}: {b.kept}"]
    day = b.per_day
    names = ", ".join(pt.period for pt in b.points)
    how = " per covered day" if day else ""
    lines = [
        f"{s.kpi}: median {_fmt(b.median, s, currency, day)} of {names}{how}",
        f"  {'; '.join(_point(pt, s, currency) for pt in b.points)}",
    ]
    if b.trend in ("up", "down") and b.slope is not None:
        slope = f"{'+' if b.slope > 0 else '-'}{_fmt(abs(b.slope), s, currency, day)} a period"
        if b.projected is not None:
            lines.append(
                f"  trend {b.trend} ({slope}): {_fmt(b.projected, s, currency, day)} "
                "carried to the target period"
            )
        else:
            note = b.trend_note or "not applied: last year's season is used instead"
            lines.append(f"  trend {b.trend} ({slope}): {note}")
    else:
        lines.append(f"  trend {b.trend}: the median stands")
    if b.last_year_value is None:
        lines.append(f"  same period last year ({b.last_year}): no data")
    elif b.seasonal_index is not None:
        lines.append(
            f"  same period last year ({b.last_year}): {_fmt(b.last_year_value, s, currency, day)}"
            f", {b.seasonal_index:.3f}x the median of its periods before: "
            f"{_fmt(b.base, s, currency, day)}"
        )
    else:
        lines.append(
            f"  same period last year ({b.last_year}): "
            f"{_fmt(b.last_year_value, s, currency, day)}, {b.seasonal_note}"
        )
    scaled = number(b.scaled, s.unit, currency)
    step = f"  x {b.days} days = {scaled}; " if day else f"  level {scaled}; "
    if b.kept is not None:
        lines.append(step + b.kept)
    else:
        sign = "+" if b.stretch >= 0 else "-"
        bound = "min" if "min" in s.bounds else "max"
        final = number(s.bounds[bound], s.unit, currency)
        cap = ""
        if b.capped is not None:
            cap = ", capped at the best period (a share cannot pass 100 %)"
        lines.append(f"{step}stretch {sign}{abs(b.stretch) * 100:g} % on the {bound}{cap}: {final}")
    return lines


# ------------------------------------------------------------------ a small YAML writer


def _key(key: object) -> str:
    text = str(key)
    if _PLAIN_KEY.fullmatch(text) and text.lower() not in _RESERVED:
        return text
    return json.dumps(text, ensure_ascii=False)


def _scalar(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"not a finite number: {value}")
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    return json.dumps(str(value), ensure_ascii=False)


def _flow(value: object) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(k)}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    return _scalar(value)


def _inline(value: object, depth: int) -> bool:
    """A dict written on one line: a leaf (a target, a custom KPI, a tier) below the top."""
    if not isinstance(value, dict):
        return True
    if not value:
        return True
    leaf = all(not isinstance(v, dict | list) for v in value.values())
    return depth >= 2 and leaf and len(_flow(value)) <= 90


def _block(data: dict[str, Any], at: Path_, lines: list[str], notes: _Comments) -> None:
    pad = "  " * len(at)
    for key, value in data.items():
        here = (*at, str(key))
        lines += [f"{pad}# {c}" for c in notes.before.get(here, [])]
        if _inline(value, len(here)):
            lines.append(f"{pad}{_key(key)}: {_flow(value)}")
        else:
            lines.append(f"{pad}{_key(key)}:")
            _block(value, here, lines, notes)
        lines += [f"{pad}  # {c}" for c in notes.after.get(here, [])]
