"""The history: every run's figures in one SQLite file (stdlib ``sqlite3``, WAL mode).

- :func:`record` writes a run: the run, its sources (names and sha256), every figure and
  score, and makes them the current figures of their (account, period, group, KPI). The
  figures they replace stay, under their own run (``kpitool history runs``): nothing is lost.
- One transaction per run (``BEGIN IMMEDIATE``): a run killed while writing leaves nothing;
  two processes writing at once wait for each other (``busy_timeout``) and both land.
- Two processes opening a new history at once both switch it to WAL; SQLite answers one of
  them ``database is locked`` at once, without its busy handler (a lock upgrade that waited
  could deadlock), so the switch is retried until ``BUSY_MS`` (:func:`_use_wal`).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from kpitool.errors import KpiToolError
from kpitool.results import ComputeResult, Source
from kpitool.store.schema import migrate

#: how long a writer waits for another one to finish, in milliseconds
BUSY_MS = 60_000


@dataclass(frozen=True)
class RunMeta:
    """What a run's figures come from, besides the result itself."""

    account: str
    config_hash: str
    command: str = "compute"
    version: str = ""


def group_key(group: dict[str, str]) -> str:
    """The canonical text of a group: ``{}`` for the total, sorted keys otherwise."""
    return json.dumps(group, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def sha256_file(path: Path | None) -> str | None:
    if path is None:
        return None
    h = hashlib.sha256()
    try:
        with path.open("rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
    except OSError:
        return None
    return h.hexdigest()


@contextmanager
def connect(path: Path, *, create: bool = True) -> Iterator[sqlite3.Connection]:
    """An open, migrated history (created when missing and ``create``)."""
    if not create and not path.is_file():
        raise KpiToolError(f"{path}: no such history file; record one with compute --history")
    if path.exists() and not path.is_file():
        raise KpiToolError(f"{path}: not a file; --history takes a SQLite file name")
    try:
        db = sqlite3.connect(path, timeout=BUSY_MS / 1000, isolation_level=None)
    except sqlite3.Error as exc:
        raise KpiToolError(f"{path}: cannot open the history ({exc})") from None
    with closing(db):
        try:
            db.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
            _use_wal(db)
            db.execute("PRAGMA foreign_keys = ON")
            migrate(db, str(path))
        except sqlite3.OperationalError as exc:
            if not _locked(exc):
                raise KpiToolError(f"{path}: cannot use the history ({exc})") from None
            raise KpiToolError(
                f"{path}: the history stayed locked by another process for "
                f"{BUSY_MS // 1000} s; try again when it has finished"
            ) from None
        except sqlite3.DatabaseError as exc:
            raise KpiToolError(
                f"{path}: not a kpitool history ({exc}); pick another file"
            ) from None
        yield db


def _locked(exc: sqlite3.OperationalError) -> bool:
    return exc.sqlite_errorcode in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) or (
        "locked" in str(exc)
    )


def _use_wal(db: sqlite3.Connection) -> None:
    """Switch ``db`` to WAL (kept in the file), retrying while another connection holds a
    lock: SQLite refuses a journal mode change at once, busy handler or not, when another
    process is changing it or writing in rollback mode (two runs creating one history)."""
    deadline = time.monotonic() + BUSY_MS / 1000
    pause = 0.005
    while True:
        try:
            db.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if not _locked(exc) or time.monotonic() > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.2)


def record(path: Path, result: ComputeResult, meta: RunMeta) -> int:
    """Write ``result`` to the history at ``path``; returns the new run's id."""
    with connect(path) as db:
        return _write(db, result, meta)


def _write(db: sqlite3.Connection, result: ComputeResult, meta: RunMeta) -> int:
    per = result.period
    start, end = per.start.isoformat(), per.end.isoformat()
    hashes = [(s, sha256_file(s.file)) for s in result.sources]  # before taking the lock
    db.execute("BEGIN IMMEDIATE")
    try:
        cur = db.execute(
            "INSERT INTO runs (account, period_start, period_end, period_days, command, "
            "group_by, currency, config_hash, run_at, kpitool) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (
                meta.account,
                start,
                end,
                per.days,
                meta.command,
                json.dumps(result.group_by),
                result.currency,
                meta.config_hash,
                datetime.now(UTC).isoformat(timespec="microseconds"),
                meta.version,
            ),
        )
        run_id = int(cur.lastrowid or 0)
        db.executemany(
            "INSERT INTO run_sources (run_id, name, kind, rows, sha256) VALUES (?,?,?,?,?)",
            [_source_row(run_id, s, digest) for s, digest in hashes],
        )
        rows = []
        for r in result.all_results():
            target = r.target or {}
            cov = r.coverage
            rows.append(
                (
                    run_id,
                    group_key(r.group),
                    r.kpi,
                    r.value,
                    r.unit,
                    cov.days if cov else None,
                    cov.period.days if cov else None,
                    int(r.partial),
                    target.get("min"),
                    target.get("max"),
                    str(r.status),
                    r.attainment,
                    r.projected if r.additive else None,
                    target.get("warn_within") if target else None,
                )
            )
        db.executemany(
            "INSERT INTO figures (run_id, grp, kpi, value, unit, coverage_days, coverage_of, "
            "partial, target_min, target_max, status, attainment, projected, "
            "target_warn_within) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            rows,
        )
        db.executemany(
            "INSERT INTO scores (run_id, grp, score) VALUES (?,?,?)",
            [(run_id, group_key(s.group), s.score) for s in result.scores],
        )
        db.executemany(
            "INSERT INTO current (account, period_start, period_end, grp, kpi, run_id) "
            "VALUES (?,?,?,?,?,?) ON CONFLICT (account, period_start, period_end, grp, kpi) "
            "DO UPDATE SET run_id = excluded.run_id",
            [(meta.account, start, end, row[1], row[2], run_id) for row in rows],
        )
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    return run_id


def _source_row(run_id: int, s: Source, digest: str | None) -> tuple[object, ...]:
    return (run_id, s.path, s.kind, s.rows, digest)


def config_hash(config_json: str) -> str:
    """The sha256 of a config's canonical JSON (the same settings hash alike)."""
    return hashlib.sha256(config_json.encode("utf-8")).hexdigest()
