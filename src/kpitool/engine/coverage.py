"""Coverage: which days of the period each report, family of facts and KPI covers.

kpis.md "Periods and coverage":

- A dated report covers the days of its rows, from its first to its last date (a Date Range
  Report also the range its download name states: nothing may have been posted on its last
  days). In a folder whose period holds all its rows, it covers from that period's first day:
  ads launched on the 10th of a month downloaded for the month have no missing days before.
  An inventory snapshot dated in the period covers the period: a stock is a state, not a flow.
- An undated report (a by-item Business Report, a Manage FBA Inventory snapshot) covers the
  period named by its nearest enclosing folder (``2026-10/``, ``2026-Q3/``, ...); it is used
  only when that period lies within the run's period. With no such folder it covers the period
  given with ``--period`` (a note says so); else it is not used (a warning says why). Several
  of one kind that no folder places are not used (nothing tells which is the period's).
- A family (sales, advertising, inventory, profit) covers the union of what its chosen reports
  cover; a KPI built from two families covers the days both cover.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from kpitool.engine.periods import period_from_name
from kpitool.io.kinds import SPEC_BY_KIND, ReportKind
from kpitool.io.model import Report, Scan
from kpitool.results import Coverage, Period

K = ReportKind
SNAPSHOT_KINDS = frozenset(
    {K.FBA_INVENTORY, K.FBA_MANAGE_INVENTORY, K.FBA_INVENTORY_HEALTH, K.FBA_INVENTORY_AGE}
)
#: dated kinds whose dates do not name the days of data (placement reports are not used)
_NOT_SPANNING = frozenset({K.SP_PLACEMENT})


def is_undated(report: Report) -> bool:
    """The kind has no date column: what it covers comes from its folder or ``--period``."""
    return SPEC_BY_KIND[report.kind].date_column is None


def folder_period(path: Path, root: Path) -> Period | None:
    """The period named by the nearest folder enclosing ``path``, up to ``root`` itself."""
    top = os.path.abspath(root)
    here = os.path.dirname(os.path.abspath(path))
    while here.startswith(top + os.sep):
        found = period_from_name(os.path.basename(here))
        if found is not None:
            return found
        here = os.path.dirname(here)
    return period_from_name(os.path.basename(top))


def assign_folder_periods(scan: Scan) -> None:
    """Set each report's ``folder_period`` from where it sits in the scanned folder."""
    for r in scan.reports:
        p = folder_period(r.path, scan.folder)
        r.folder_period = None if p is None else (p.start, p.end)


def _text(p: Period | tuple[date, date]) -> str:
    start, end = (p.start, p.end) if isinstance(p, Period) else p
    return f"{start}..{end}"


def place_undated(
    scan: Scan, per: Period, explicit: bool, warnings: list[str], notes: list[str]
) -> Scan:
    """The scan with each undated report's ``covers`` set, and those that cannot be placed in
    the period left out: a note for those of another folder's period, a warning for those of
    no period at all."""
    kept: list[Report] = []
    elsewhere: dict[tuple[date, date], list[str]] = {}
    unplaced: dict[tuple[ReportKind, str | None, str | None], list[Report]] = {}
    for r in scan.reports:
        if not is_undated(r):
            kept.append(r)
            continue
        name = relative(r.path, scan.folder)
        if r.folder_period is not None:
            start, end = r.folder_period
            if per.start <= start and end <= per.end:
                r.covers = r.folder_period
                kept.append(r)
            else:
                r.covers = None
                elsewhere.setdefault(r.folder_period, []).append(name)
        else:
            unplaced.setdefault((r.kind, r.marketplace, r.currency), []).append(r)
    for folder, names in elsewhere.items():
        what = (
            f"undated, in a folder for {_text(folder)}, which is not within the period "
            f"{_text(per)}; not used"
        )
        notes.extend(grouped(names, what))
    for same in unplaced.values():
        kept += _unplaced(same, scan.folder, per if explicit else None, warnings, notes)
    order = {id(r): i for i, r in enumerate(scan.reports)}
    kept.sort(key=lambda r: order[id(r)])
    return Scan(scan.folder, kept, scan.skipped, scan.errors, scan.warnings)


def _unplaced(
    same: list[Report], root: Path, per: Period | None, warnings: list[str], notes: list[str]
) -> list[Report]:
    """Undated reports of one kind and marketplace that no folder places. With ``--period``
    given (``per``), one alone is taken to cover it (a note says so). Several are different
    downloads (byte-identical copies are read once) that nothing tells apart: the period's,
    a re-download of it, or other months; none is used, with or without ``--period``, and one
    warning says how to place them: taking one would show another month's figures as this
    period's."""
    names = [relative(r.path, root) for r in same]
    for r in same:
        r.covers = None
    if len(same) == 1 and per is not None:
        same[0].covers = (per.start, per.end)
        notes.append(f"{names[0]}: assumed to cover {_text(per)}: it carries no dates")
        return same
    if len(same) == 1:
        warnings.append(
            f"{names[0]}: carries no dates and no folder above it names a period: not used "
            f"(keep it in a folder named for its period, e.g. 2026-10/, or pass --period)"
        )
        return []
    shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    market = f" of {same[0].marketplace}" if same[0].marketplace else ""
    which = f"which covers {_text(per)}" if per else "what they cover"
    warnings.append(
        f"{len(same)} {same[0].kind} reports{market} carry no dates and no folder above them "
        f"names a period ({shown}): nothing tells {which}; none is used (keep each in a "
        "folder named for its period, e.g. 2026-10/, or only the period's one here)"
    )
    return []


def grouped(names: list[str], what: str, most: int = 3) -> list[str]:
    """One warning per file for a few files; one line for many (naming the first ones)."""
    if len(names) <= most:
        return [f"{name}: {what}" for name in names]
    more = f" and {len(names) - most} more"
    return [f"{len(names)} reports {what}: {', '.join(names[:most])}{more}"]


def report_spans(r: Report) -> list[tuple[date, date]]:
    """The spans of days a report covers (before clipping to a period)."""
    if r.covers is not None:
        return [r.covers]
    spans = []
    if r.start is not None and r.end is not None:
        first, last = min(r.start, r.end), max(r.start, r.end)
        folder = r.folder_period
        inside = folder is not None and folder[0] <= first and last <= folder[1]
        if inside and folder is not None and r.kind not in SNAPSHOT_KINDS:
            # downloaded for its folder's period: activity that starts late (ads launched on
            # the 10th) is no missing data; the last day is the data's (month to date)
            first = folder[0]
        spans.append((first, last))
    if r.requested is not None:
        spans.append(r.requested)
    return spans


def covered(reports: Iterable[Report], per: Period) -> Coverage:
    """What the reports cover of the period, together."""
    spans = [s for r in reports for s in report_spans(r)]
    return Coverage.of(per, spans)


def snapshot_covered(reports: Iterable[Report], per: Period) -> Coverage:
    """Inventory: the whole period if a snapshot in it is used (dated at the latest), else
    nothing."""
    reports = list(reports)
    if not covered(reports, per).days:
        return Coverage(per)
    # the snapshot date, where each file holds one (a file of several: the period's ends)
    dates = [s for r in reports for s in report_spans(r)]
    single = all(a == b for a, b in dates)
    at = max(b for _, b in dates if per.start <= b <= per.end) if single else None
    return Coverage(per, (per,), at=at)


def dated_range(scan: Scan) -> tuple[date, date] | None:
    """min..max over the dates of every dated report of the folder (kpis.md "Periods")."""
    spans = [
        s
        for r in scan.reports
        if not is_undated(r) and r.kind not in _NOT_SPANNING
        for s in report_spans(r)
    ]
    if not spans:
        return None
    return min(a for a, _ in spans), max(b for _, b in spans)


def relative(path: Path, folder: Path) -> str:
    try:
        return path.resolve().relative_to(folder.resolve()).as_posix()
    except ValueError:
        return str(path)
