"""The history database's schema, versioned in ``PRAGMA user_version`` and migrated forward.

Each migration is the SQL that takes a database from version ``i`` to ``i + 1``; a new
database runs them all. A database of a newer version than this kpitool knows is refused
(an older kpitool must never write into a schema it does not understand).
"""

from __future__ import annotations

import sqlite3

from kpitool.errors import KpiToolError

#: version 1: runs, their sources and every figure each run computed, and which run holds the
#: current figure of each (account, period, group, KPI). Version 2: each run's scores.
#: Version 3: each figure's ``target_warn_within`` (the warn band of its target; NULL for the
#: figures of older runs, which did not keep it).
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE runs (
        run_id        INTEGER PRIMARY KEY,
        account       TEXT NOT NULL,
        period_start  TEXT NOT NULL,           -- ISO date, inclusive
        period_end    TEXT NOT NULL,           -- ISO date, inclusive
        period_days   INTEGER NOT NULL,
        command       TEXT NOT NULL,           -- compute | compare
        group_by      TEXT NOT NULL,           -- JSON list, [] for the total
        currency      TEXT,
        config_hash   TEXT NOT NULL,           -- sha256 of the config as validated
        run_at        TEXT NOT NULL,           -- UTC, ISO 8601
        kpitool       TEXT NOT NULL            -- the kpitool version that wrote it
    );
    CREATE TABLE run_sources (
        run_id  INTEGER NOT NULL REFERENCES runs(run_id),
        name    TEXT NOT NULL,                 -- the path relative to the folder read
        kind    TEXT NOT NULL,
        rows    INTEGER NOT NULL,
        sha256  TEXT,                          -- null: the file was gone when recorded
        PRIMARY KEY (run_id, name)
    );
    CREATE TABLE figures (
        run_id         INTEGER NOT NULL REFERENCES runs(run_id),
        grp            TEXT NOT NULL,          -- JSON object, {} for the total
        kpi            TEXT NOT NULL,
        value          REAL,                   -- null: no_data, never 0
        unit           TEXT NOT NULL,
        coverage_days  INTEGER,
        coverage_of    INTEGER,
        partial        INTEGER NOT NULL,       -- 0 | 1
        target_min     REAL,                   -- the target as applied to the period
        target_max     REAL,
        status         TEXT NOT NULL,          -- pass | warn | fail | no_target | no_data
        attainment     REAL,
        projected      REAL,
        PRIMARY KEY (run_id, grp, kpi)
    );
    CREATE TABLE current (
        account       TEXT NOT NULL,
        period_start  TEXT NOT NULL,
        period_end    TEXT NOT NULL,
        grp           TEXT NOT NULL,
        kpi           TEXT NOT NULL,
        run_id        INTEGER NOT NULL REFERENCES runs(run_id),
        PRIMARY KEY (account, period_start, period_end, grp, kpi)
    );
    CREATE INDEX current_run ON current(run_id);
    """,
    """
    CREATE TABLE scores (
        run_id  INTEGER NOT NULL REFERENCES runs(run_id),
        grp     TEXT NOT NULL,
        score   REAL,
        PRIMARY KEY (run_id, grp)
    );
    CREATE VIEW latest AS
        SELECT r.account, r.period_start, r.period_end, r.period_days, f.grp, f.kpi,
               f.value, f.unit, f.coverage_days, f.coverage_of, f.partial, f.target_min,
               f.target_max, f.status, f.attainment, f.projected, s.score, r.currency,
               r.run_id, r.run_at, r.config_hash
        FROM current c
        JOIN runs r ON r.run_id = c.run_id
        JOIN figures f ON f.run_id = c.run_id AND f.grp = c.grp AND f.kpi = c.kpi
        LEFT JOIN scores s ON s.run_id = c.run_id AND s.grp = c.grp;
    """,
    """
    ALTER TABLE figures ADD COLUMN target_warn_within REAL;
    DROP VIEW latest;
    CREATE VIEW latest AS
        SELECT r.account, r.period_start, r.period_end, r.period_days, f.grp, f.kpi,
               f.value, f.unit, f.coverage_days, f.coverage_of, f.partial, f.target_min,
               f.target_max, f.target_warn_within, f.status, f.attainment, f.projected,
               s.score, r.currency, r.run_id, r.run_at, r.config_hash
        FROM current c
        JOIN runs r ON r.run_id = c.run_id
        JOIN figures f ON f.run_id = c.run_id AND f.grp = c.grp AND f.kpi = c.kpi
        LEFT JOIN scores s ON s.run_id = c.run_id AND s.grp = c.grp;
    """,
)
VERSION = len(MIGRATIONS)


def migrate(db: sqlite3.Connection, path: str, *, upto: int = VERSION) -> int:
    """Bring ``db`` to version ``upto`` (default: the current one), one transaction per step.

    Returns the version found before. Raises KpiToolError for a newer or a foreign database.
    """
    # the version and the tables read in one snapshot: another process creating the history
    # between the two reads would otherwise make a new history look like a foreign database
    db.execute("BEGIN")
    try:
        found = int(db.execute("PRAGMA user_version").fetchone()[0])
        tables = int(db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0])
    finally:
        db.execute("COMMIT")
    if found > VERSION:
        raise KpiToolError(
            f"{path}: history schema version {found} is newer than this kpitool knows "
            f"({VERSION}); upgrade kpitool to write to it"
        )
    if found == 0 and tables:
        raise KpiToolError(
            f"{path}: a SQLite database, but not a kpitool history; pick another file"
        )
    for version in range(found, upto):
        db.execute("BEGIN IMMEDIATE")
        try:
            # re-read under the write lock: another process may have migrated meanwhile
            now = int(db.execute("PRAGMA user_version").fetchone()[0])
            if now == version:
                for statement in _statements(MIGRATIONS[version]):
                    db.execute(statement)
                db.execute(f"PRAGMA user_version = {version + 1}")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
    return found


def _statements(script: str) -> list[str]:
    """The statements of a migration (executescript would commit the open transaction)."""
    out, buf = [], ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            out.append(buf.strip())
            buf = ""
    return [s for s in out if s.strip(" ;\n")]
