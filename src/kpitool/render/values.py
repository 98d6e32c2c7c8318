"""Human formatting of KPI values, targets, statuses (table and markdown; never JSON/CSV)."""

from __future__ import annotations

from kpitool.results import ComputeResult, KpiResult, Payout, Score, Status

SYMBOLS: dict[Status, str] = {
    Status.PASS: "✓",
    Status.WARN: "!",
    Status.FAIL: "✗",
    Status.NO_TARGET: "–",
    Status.NO_DATA: "?",
}
COLOURS: dict[Status, str] = {
    Status.PASS: "green",
    Status.WARN: "yellow",
    Status.FAIL: "red bold",
    Status.NO_TARGET: "dim",
    Status.NO_DATA: "dim",
}
MISSING = "–"
#: what the symbols mean, printed under a table that shows them alone
STATUS_LEGEND = "Status: ✓ pass, ! warn, ✗ fail, – no target, ? no data"


def number(value: float | None, unit: str, currency: str | None) -> str:
    """12.34 % for ratios, 4.10× for multiples, 1,234.56 USD for money, 1,234 for counts,
    12.3 days."""
    if value is None:
        return MISSING
    if unit == "ratio":
        return f"{value * 100:,.2f} %"
    if unit == "multiple":
        return f"{value:,.2f}×"
    if unit == "currency":
        return f"{value:,.2f} {currency}" if currency else f"{value:,.2f}"
    if unit == "count":
        return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
    if unit == "decimal":  # a count per day
        return f"{value:,.2f}"
    if unit in ("days", "weeks"):
        return f"{value:,.1f} {unit}"
    return f"{value:,.4g}"


def per_day_unit(unit: str) -> str:
    """The unit a KPI's value per day is shown in: a count per day keeps its decimals
    (395.00 beside 305.61, not 395)."""
    return "decimal" if unit == "count" else unit


PARTIAL = " *"
PARTIAL_NOTE = (
    "partial value: its inputs cover part of the period (see Coverage; additive targets are "
    "pro-rated to the days covered) or some are missing (see the warnings)"
)


def value(r: KpiResult, currency: str | None) -> str:
    """The value, marked `` *`` when some of its inputs are missing (see the warnings)."""
    text = number(r.value, r.unit, currency)
    return text + PARTIAL if r.partial and r.value is not None else text


def target(r: KpiResult, currency: str | None) -> str:
    if not r.target:
        return MISSING
    parts = []
    if "min" in r.target:
        parts.append(f"≥ {number(r.target['min'], r.unit, currency)}")
    if "max" in r.target:
        parts.append(f"≤ {number(r.target['max'], r.unit, currency)}")
    return ", ".join(parts) if parts else MISSING


def status(s: Status, short: bool = False) -> str:
    """``✓ pass``; the symbol alone when ``short`` (narrow terminals)."""
    return SYMBOLS[s] if short else f"{SYMBOLS[s]} {str(s).replace('_', ' ')}"


def attainment(value: float | None) -> str:
    return MISSING if value is None else f"{value * 100:,.0f} %"


def summary_lines(result: ComputeResult) -> list[str]:
    p = result.period
    lines = [f"Period: {p.start}..{p.end} ({p.days} days)"]
    if result.currency:
        lines.append(f"Currency: {result.currency}")
    lines.append(f"Files used: {len(result.sources)}")
    lines += [f"  {s.path} ({s.kind}, {s.rows:,} rows)" for s in result.sources]
    if result.coverage:
        lines.append("Coverage:")
        lines += [f"  {family}: {c.text()}" for family, c in result.coverage.items()]
    lines += [f"Note: {n}" for n in result.notes]
    groups = result.groups
    marked = groups is not None and any(
        c.partial or c.partial_uncosted for c in groups.columns if c.kpi in groups.wide_kpis
    )
    if marked or any(r.partial and r.value is not None for r in result.results):
        lines.append(f"*: {PARTIAL_NOTE}")
    lines.append(f"Warnings: {len(result.warnings)}")
    return lines


def money(p: Payout) -> str:
    return f"{p.amount:,.2f} {p.currency}" if p.currency else f"{p.amount:,.2f}"


def payout(s: Score) -> str:
    """An owner's payout (``300.00 USD``); ``–`` with no score (no data: never a tier)."""
    return MISSING if s.payout is None else money(s.payout)


def paid(scores: list[Score]) -> bool:
    """The config has incentives: the scores of owners say what they pay."""
    return any(s.incentives for s in scores)
