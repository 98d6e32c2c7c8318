"""Reading the history: the runs (current or superseded), the whole history as one table for
export, and the current figures of an account (what ``trend --history`` shows)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kpitool.store.history import connect

if TYPE_CHECKING:
    import polars as pl


@dataclass(frozen=True)
class Run:
    run_id: int
    account: str
    period_start: str
    period_end: str
    command: str
    group_by: str
    run_at: str
    config_hash: str
    figures: int
    current: int  # how many of its figures are still the current ones
    sources: int

    @property
    def state(self) -> str:
        if self.current == self.figures:
            return "current"
        return "superseded" if self.current == 0 else "partly superseded"


_RUNS = """
SELECT r.run_id, r.account, r.period_start, r.period_end, r.command, r.group_by, r.run_at,
       r.config_hash,
       (SELECT count(*) FROM figures f WHERE f.run_id = r.run_id),
       (SELECT count(*) FROM current c WHERE c.run_id = r.run_id),
       (SELECT count(*) FROM run_sources s WHERE s.run_id = r.run_id)
FROM runs r ORDER BY r.run_id
"""


def runs(path: Path) -> list[Run]:
    with connect(path, create=False) as db:
        return [Run(*row) for row in db.execute(_RUNS)]


#: every figure of every run, with its run and whether it is the current one
_ALL = """
SELECT r.run_id, r.account, r.period_start, r.period_end, r.period_days, r.command,
       r.group_by, r.currency, r.config_hash, r.run_at, f.grp AS "group", f.kpi, f.value,
       f.unit, f.coverage_days, f.coverage_of, f.partial, f.target_min, f.target_max,
       f.status, f.attainment, f.projected, s.score,
       (c.run_id IS NOT NULL) AS current,
       (SELECT group_concat(name || '=' || coalesce(sha256, ''), ';') FROM
          (SELECT name, sha256 FROM run_sources x WHERE x.run_id = r.run_id ORDER BY name))
         AS sources,
       f.target_warn_within
FROM figures f
JOIN runs r ON r.run_id = f.run_id
LEFT JOIN scores s ON s.run_id = f.run_id AND s.grp = f.grp
LEFT JOIN current c ON c.run_id = f.run_id AND c.grp = f.grp AND c.kpi = f.kpi
     AND c.account = r.account AND c.period_start = r.period_start
     AND c.period_end = r.period_end
ORDER BY r.run_id, f.grp, f.kpi
"""
_SCHEMA: dict[str, str] = {
    "run_id": "int",
    "account": "str",
    "period_start": "date",
    "period_end": "date",
    "period_days": "int",
    "command": "str",
    "group_by": "str",
    "currency": "str",
    "config_hash": "str",
    "run_at": "str",
    "group": "str",
    "kpi": "str",
    "value": "float",
    "unit": "str",
    "coverage_days": "int",
    "coverage_of": "int",
    "partial": "bool",
    "target_min": "float",
    "target_max": "float",
    "status": "str",
    "attainment": "float",
    "projected": "float",
    "score": "float",
    "current": "bool",
    "sources": "str",
    "target_warn_within": "float",
}


def _frame(rows: list[tuple[Any, ...]], names: dict[str, str]) -> pl.DataFrame:
    import polars as pl

    types = {"int": pl.Int64, "str": pl.String, "float": pl.Float64, "bool": pl.Boolean}
    raw = pl.DataFrame(
        rows,
        schema={n: (pl.String if t == "date" else types[t]) for n, t in names.items()},
        orient="row",
    )
    return raw.with_columns(pl.col(n).str.to_date() for n, t in names.items() if t == "date")


def everything(path: Path) -> pl.DataFrame:
    """The whole history, one row per figure of every run (``current`` marks the live ones)."""
    with connect(path, create=False) as db:
        rows = [_bools(row) for row in db.execute(_ALL)]
    return _frame(rows, _SCHEMA)


def _bools(row: sqlite3.Row | tuple[Any, ...]) -> tuple[Any, ...]:
    out = list(row)
    for i in (16, 23):  # partial, current
        out[i] = bool(out[i])
    return tuple(out)


_LATEST = """
SELECT period_start, period_end, grp, kpi, value, unit, coverage_days, coverage_of, partial,
       target_min, target_max, target_warn_within, status, attainment, projected, score,
       currency
FROM latest WHERE account = ? ORDER BY period_start, period_end, grp, kpi
"""


def latest(path: Path, account: str) -> list[dict[str, Any]]:
    """The current figures of ``account``, one dict per (period, group, KPI)."""
    with connect(path, create=False) as db:
        cur = db.execute(_LATEST, (account,))
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur]
