"""Which reports a run uses: those of its period. Dated reports wholly outside it are left out
(a note; a warning when misfiled), and the messages for a folder with no reports or nothing
covering the period (kpis.md "Periods and coverage")."""

from __future__ import annotations

import os

from kpitool.engine.coverage import (
    SNAPSHOT_KINDS,
    dated_range,
    grouped,
    is_undated,
    relative,
    report_spans,
)
from kpitool.engine.periods import period_from_name
from kpitool.engine.sources import PAYMENTS_PREFERENCE, ad_type_of
from kpitool.io.combine import same_origin
from kpitool.io.kinds import ReportKind
from kpitool.io.model import Report, Scan
from kpitool.results import Period


def measure_first(scan: Scan, period: str | None) -> list[Report]:
    """The reports whose dates the plan needs before the collect: all of them when the period
    comes from the reports' dates; else the by-date Business Reports and the payments reports
    (do they cover the period?) and the files whose downloads may overlap (the later one
    wins). The others are counted in the compute's own pass over their data, if used (see
    ``wholly_outside``), as are the reports profit maps SKUs to ASINs from: counting them
    here would parse them once more (~30 ms in a 5k month)."""
    if period is None and period_from_name(os.path.basename(os.path.abspath(scan.folder))) is None:
        return scan.reports
    covering = scan.of_kind(ReportKind.BUSINESS_REPORT_BY_DATE, *PAYMENTS_PREFERENCE)
    first = {id(r): r for r in covering}
    first.update({id(r): r for r in same_origin(scan.reports)})
    return list(first.values())


def wholly_outside(r: Report, per: Period) -> bool:
    """A dated report of a kind kpitool uses whose dates all lie outside the period
    (``within`` leaves it out)."""
    used = (
        r.kind in (ReportKind.BUSINESS_REPORT_BY_DATE, *PAYMENTS_PREFERENCE)
        or r.kind in SNAPSHOT_KINDS
        or ad_type_of(r) is not None
    )
    spans = report_spans(r)
    if not used or is_undated(r) or not spans:
        return False
    return all(end < per.start or start > per.end for start, end in spans)


def within(scan: Scan, per: Period, warnings: list[str], notes: list[str]) -> Scan:
    """The scan without the dated reports that lie wholly outside the period. A note names
    them (a root of many months holds other periods by design); a warning names those that
    also lie outside the period of the folder they sit in (misfiled: September's ads in
    ``2026-10/``)."""
    kept: list[Report] = []
    outside: list[tuple[str, str]] = []
    misfiled: list[tuple[str, str]] = []
    for r in scan.reports:
        if not wholly_outside(r, per):
            kept.append(r)
            continue
        dated = f"{r.start}" if r.start == r.end else f"{r.start}..{r.end}"
        (misfiled if _misfiled(r) else outside).append((relative(r.path, scan.folder), dated))
    what = f"wholly outside the period {per.start}..{per.end}; not used"
    _name_them(outside, what, notes)
    _name_them(misfiled, f"outside the period of its folder, and {what}", warnings)
    return Scan(scan.folder, kept, scan.skipped, scan.errors, [])


def _misfiled(r: Report) -> bool:
    """A dated report none of whose days lie in the period its folder names."""
    if r.folder_period is None:
        return False
    start, end = r.folder_period
    return all(e < start or s > end for s, e in report_spans(r))


def _name_them(found: list[tuple[str, str]], what: str, out: list[str]) -> None:
    if len(found) <= 3:
        out.extend(f"{name}: dated {dated}, {what}" for name, dated in found)
    else:
        out.extend(grouped([f"{name} (dated {dated})" for name, dated in found], what))


def no_reports(scan: Scan) -> str:
    """FOLDER holds no report kpitool reads: what was there, and what to do."""
    if not scan.skipped:
        return f"{scan.folder}: the folder is empty: download the reports into it (README, Reports)"
    shown = "; ".join(f"{s.path.name}: {s.reason}" for s in scan.skipped[:5])
    more = f" and {len(scan.skipped) - 5} more" if len(scan.skipped) > 5 else ""
    return (
        f"{scan.folder}: no report files kpitool reads ({len(scan.skipped)} skipped: {shown}"
        f"{more}); see README, Reports, for the reports to download"
    )


def nothing_covers(scan: Scan, per: Period, warnings: list[str]) -> str:
    """No report covers a day of the period: the period asked, what the folder covers."""
    spans = dated_range(scan)
    folders = sorted({r.folder_period for r in scan.reports if is_undated(r) and r.folder_period})
    parts = []
    if spans is not None:
        parts.append(f"its dated reports cover {spans[0]}..{spans[1]}")
    if folders:
        named = ", ".join(f"{a}..{b}" for a, b in folders)
        parts.append(f"its undated reports sit in folders for {named}")
    if not parts:
        parts.append("its reports carry no dates and no folder names their period")
    skipped = f"; {len(scan.skipped)} file(s) skipped" if scan.skipped else ""
    unplaced = [r.kind for r in scan.reports if is_undated(r) and r.folder_period is None]
    todo = "pass a --period the reports cover, or the folder of that period"
    if len(unplaced) > len(set(unplaced)):  # several of one kind: --period cannot place them
        todo = "keep each undated report in a folder named for its period (e.g. 2026-10/)"
    return (
        f"{scan.folder}: nothing covers the period {per.start}..{per.end}: "
        f"{' and '.join(parts)} ({len(scan.reports)} report(s){skipped}); {todo}"
    )
