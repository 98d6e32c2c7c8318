"""``review``: the results of one period gathered for ``kpitool report`` (the review pack).

The period's KPIs (the total and each owner), the comparison with another period, each team,
the period by ASIN (ACOS against break-even) and by day (sales and ad spend), and each
targeted KPI's trend over the periods available. Every part is an ordinary compute, compare or
trend run; this module only decides which runs to make and what to say when a part is
missing:

- The comparison is against ``against`` (default ``previous``) from the reports under the
  folder, else from a BEFORE folder, else from the history's figures of that period (then
  without drivers: they need the reports). When nothing holds that period there is no
  comparison, and a warning says so: a comparison is never invented.
- The trend covers the periods under the folder, and with a history also the history's
  periods of the same length (the reports win where both hold a period).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import timedelta
from typing import Any

from kpitool.config import Config
from kpitool.engine.compare import changes, compare, explain, sides
from kpitool.engine.compute import compute
from kpitool.engine.periods import against_period, kind_of, label
from kpitool.engine.trend import folder_periods, merge, other_periods, trend, trend_from_history
from kpitool.errors import KpiToolError, NothingCovers
from kpitool.io.model import Scan
from kpitool.results import ComputeResult, Period
from kpitool.results.compare import CompareResult
from kpitool.results.review import DayFigures, Person, Review
from kpitool.results.trend import TrendResult

#: the KPIs of the daily chart
DAILY = ("sales", "ad_spend")
#: the top contributors of each change, per breakdown (as compare's default)
TOP = 5
#: the trend shows at most this many periods: the current one and those before it
MAX_TREND = 12


def review(
    scan: Scan,
    config: Config,
    *,
    period: str | None = None,
    against: str | None = None,
    before: Scan | None = None,
    history: Sequence[dict[str, Any]] | None = None,
    history_name: str = "history",
) -> Review:
    """Gather the review of ``period`` of ``scan`` (see the module docstring).

    ``before``: a BEFORE folder (``--against FOLDER``); ``history``: the current figures of
    the config's account in a history (``store.latest``)."""
    by = ["owner"] if config.owners else []
    wanted = "previous" if against is None else against
    chosen = None if period is not None else latest_folder_period(scan)
    if chosen is not None:
        period = label(chosen)
    cmp, current = _compare(scan, config, period, wanted, before, by)
    out = Review(config.account, str(scan.folder), label(current.period), current, cmp)
    _against(out, scan, config, wanted, before, history, history_name, by)
    out.targeted = [k for k in config.targets if k in config.kpi_ids()]
    out.families = {k: config.kpi_meta(k).group for k in config.kpi_ids()}
    out.owners = [Person(k, o.name or k, o.team) for k, o in config.owners.items()]
    out.team_names = [Person(k, t.name or k) for k, t in config.teams.items()]
    if config.teams:
        out.teams = compute(scan, config, period=period, by=["team"])
    products = compute(
        scan, config, period=period, by=["asin"], values_by=["day"], value_kpis=DAILY
    )
    out.daily = _daily(products, current.period)
    # ACOS against break-even by ASIN needs profit data: without it the view (and what it
    # has to say about the breakdown) is left out
    profit = bool(products.groups and products.groups.has_values("break_even_acos"))
    out.products = products if profit else None
    # the trend reuses what is computed already of the periods under the folder
    cmp = out.compare
    known = [current]
    if cmp is not None and before is None and not out.against_from_history:
        known.append(cmp.before)
    totals = {r.period: _total(r) for r in known}
    out.trend = _trend(scan, config, out.targeted, current.period, history, history_name, totals)
    _messages(out)
    if chosen is not None:
        out.notes.insert(
            0,
            f"reviewing {period}, the latest of the period folders under {scan.folder}; "
            "--period chooses another",
        )
    return out


def _against(
    out: Review,
    scan: Scan,
    config: Config,
    against: str,
    before: Scan | None,
    history: Sequence[dict[str, Any]] | None,
    history_name: str,
    by: list[str],
) -> None:
    """What the review is compared with; the history's figures when the reports lack them;
    else a warning that there is no comparison."""
    current = out.current
    if before is not None:
        assert out.compare is not None  # a BEFORE folder that covers nothing is an error
        out.against = f"{label(out.compare.before.period)}, the folder {before.folder}"
        return
    prior = against_period(against, current.period)
    out.against = f"{label(prior)}, {_against_words(against)}"
    if out.compare is None and history is not None:
        out.compare = _from_history(history, config, prior, current, by, history_name)
        out.against_from_history = out.compare is not None
        if out.compare is not None:
            out.against += f" (from the history {history_name})"
    if out.compare is None:
        where = f"{scan.folder}" + (f" or the history {history_name}" if history else "")
        out.against = f"no comparison: nothing in {where} covers {label(prior)}"
        out.warnings.append(
            f"{out.against} ({_text(prior)}, {_against_words(against)}); the changes are not "
            "shown: give a folder holding both periods, --against FOLDER or --history FILE"
        )


def latest_folder_period(scan: Scan) -> Period | None:
    """A ROOT of two or more period folders (``2026-09/``, ``2026-10/``): the latest of them,
    the one a monthly review is about. A single folder is reviewed as compute reads it."""
    named = {r.folder_period for r in scan.reports if r.folder_period is not None}
    if len(named) < 2:
        return None
    return Period(*max(named))


def _messages(out: Review) -> None:
    """The warnings and notes of every run the review made, each once: the period's, then
    the comparison period's (named by its period), then those of the views."""
    current, cmp = out.current, out.compare
    warnings, notes = list(current.warnings), list(current.notes)
    if cmp is not None and not out.against_from_history:
        name = label(cmp.before.period)
        warnings += [f"{name}: {w}" for w in cmp.before.warnings]
        notes += [f"{name}: {n}" for n in cmp.before.notes]
        sides = ("before: ", "after: ")
        warnings += [w for w in cmp.warnings if not w.startswith(sides)]
        notes += [n for n in cmp.notes if not n.startswith(sides)]
    extra = [f"by team: {w}" for w in out.teams.warnings] if out.teams else []
    extra += [f"by ASIN: {w}" for w in out.products.warnings] if out.products else []
    if out.trend is not None:
        extra += [w for w in out.trend.warnings if not w.startswith(f"{out.label}: ")]
    seen = set(current.warnings)
    warnings += [w for w in extra if w.split(": ", 1)[-1] not in seen]
    out.warnings = _unique(out.warnings + warnings)
    out.notes = _unique([n for n in notes if not other_periods(n)])


def _against_words(against: str) -> str:
    key = against.strip().lower()
    if key == "previous":
        return "the previous period"
    if key in ("last-year", "last_year"):
        return "the same period last year"
    return "the period asked for"


def _text(p: Period) -> str:
    return f"{p.start}..{p.end}"


def _compare(
    scan: Scan,
    config: Config,
    period: str | None,
    against: str,
    before: Scan | None,
    by: list[str],
) -> tuple[CompareResult | None, ComputeResult]:
    """The comparison from the reports (None when nothing in them covers the BEFORE period),
    and the period's results."""
    if before is not None:
        found = compare(before, scan, config, period=period, by=by, groups=False)
        return found, found.after
    wants = sides(TOP)
    after = compute(scan, config, period=period, by=by, **wants)
    try:  # one folder: an undated report belongs to the period its folder names
        prior = compute(
            scan,
            config,
            period=_text(against_period(against, after.period)),
            by=by,
            assume_undated=False,
            **wants,
        )
    except NothingCovers:
        return None, after
    return explain(prior, after, config, top=TOP, one_folder=True), after


def _from_history(
    rows: Sequence[dict[str, Any]],
    config: Config,
    before: Period,
    current: ComputeResult,
    by: list[str],
    name: str,
) -> CompareResult | None:
    """The comparison with the history's figures of ``before`` (None: it has none)."""
    try:
        past = trend_from_history(rows, config, [before], by=by, source=name)
    except KpiToolError:
        return None
    results = [e.result for s in past.series for e in s.entries if e.result.value is not None]
    if not results:
        return None
    side = ComputeResult(before, past.currency, list(by), results)
    side.scores = [s.score for s in past.scores]
    out = CompareResult(side, current, changes(side, current, config))
    out.warnings = list(current.warnings)
    out.notes = list(current.notes)
    return out


def _daily(products: ComputeResult, period: Period) -> list[DayFigures]:
    frame = products.values_by.get("day")
    found: dict[str, dict[str, Any]] = {}
    if frame is not None:
        found = {row["group"]: row for row in frame.iter_rows(named=True)}
    out = []
    for i in range(period.days):
        day = (period.start + timedelta(days=i)).isoformat()
        row = found.get(day, {})
        out.append(DayFigures(day, row.get("sales"), row.get("ad_spend")))
    return out


def _trend(
    scan: Scan,
    config: Config,
    targeted: list[str],
    current: Period,
    history: Sequence[dict[str, Any]] | None,
    history_name: str,
    known: dict[Period, ComputeResult],
) -> TrendResult | None:
    """The targeted KPIs of the total over the folder's periods (and the history's)."""
    if not targeted:
        return None
    kind = kind_of(current)
    try:
        periods = folder_periods(scan, None)
        if any(kind_of(p) != kind for p in periods):  # month folders, a quarter asked for
            periods = folder_periods(scan, kind) if kind != "day" else []
    except KpiToolError:
        periods = []
    # the current period and those before it, at most MAX_TREND of them
    periods = sorted({*periods, current}, key=lambda p: (p.start, p.end))
    periods = [p for p in periods if p.start <= current.start][-MAX_TREND:]
    found = trend(scan, config, periods, kpis=targeted, known=known)
    if history is None:
        return found
    try:
        past = trend_from_history(
            history, config, None, per=kind, kpis=targeted, source=history_name
        )
    except KpiToolError:
        return found
    return merge(found, past, config)


def _total(r: ComputeResult) -> ComputeResult:
    """``r`` without its breakdown: the total's figures and score."""
    return replace(
        r,
        group_by=[],
        results=[k for k in r.results if not k.group],
        scores=[s for s in r.scores if not s.group],
    )


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))
