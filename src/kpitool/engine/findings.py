"""A run's warnings: the scan's, each breakdown's, each used file's own findings, rows left
out as outside the period, and what profit could not cost or recognise."""

from __future__ import annotations

from pathlib import Path

from kpitool.config import Config
from kpitool.engine.collect import Batch
from kpitool.engine.coverage import relative
from kpitool.engine.dims import NONE_LABEL
from kpitool.engine.facts import Breakdown
from kpitool.engine.shape import COST_BASED
from kpitool.io.model import Report
from kpitool.results import Period


def run_warnings(
    scan_warnings: list[str],
    breakdowns: list[Breakdown],
    batch: Batch,
    per: Period,
    config: Config,
    folder: Path,
) -> list[str]:
    out = list(scan_warnings)
    used: dict[str, Report] = {}
    outside: dict[str, tuple[Report, int]] = {}
    for b in breakdowns:
        used.update({str(r.path): r for r in b.used})
        outside.update(b.outside)
        out.extend(b.warnings)
        for ticket in b.conflicts:
            out.extend(batch[ticket].get_column("warning").to_list())
    for r in used.values():
        out.extend(f"{relative(r.path, folder)}: {w}" for w in r.warnings)
    for key in sorted(outside):
        report, ticket = outside[key]
        n = int(batch[ticket].item() or 0)
        if n:
            out.append(
                f"{relative(report.path, folder)}: {n} row(s) dated outside the period "
                f"{per.start}..{per.end} were left out"
            )
    for b in breakdowns[:1]:  # the total holds every SKU and every type
        out.extend(_profit_warnings(b, batch))
    return list(dict.fromkeys(out))


def _profit_warnings(b: Breakdown, batch: Batch) -> list[str]:
    out: list[str] = []
    if b.profit_missing is not None:
        df = batch[b.profit_missing]
        skus = sorted({s or NONE_LABEL for s in df.get_column("sku").to_list()})
        if skus:
            units = int(df.get_column("units").sum() or 0)
            shown = ", ".join(skus[:20]) + (f" and {len(skus) - 20} more" if len(skus) > 20 else "")
            out.append(
                f"no unit cost in force for {len(skus)} SKU(s) sold in the period ({units:,} "
                f"units): {shown}; {', '.join(sorted(COST_BASED))} are partial: add them to "
                f"the cost file"
            )
    if b.profit_unknown is not None:
        types = sorted(t or "" for t in batch[b.profit_unknown].get_column("type").to_list())
        if types:
            names = ", ".join(repr(t) for t in types)
            out.append(
                f"payments: transaction type(s) {names} not recognised: counted in net_profit "
                f"through their total only (not as sales, refunds or fees)"
            )
    return out
