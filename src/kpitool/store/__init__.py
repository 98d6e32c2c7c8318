"""The history of runs: a SQLite file (``--history FILE``) that keeps every run's figures.

- :func:`record` a run's result; :func:`runs` lists the runs (current or superseded);
- :func:`everything` the whole history as one table (``kpitool history export``);
- :func:`latest` the current figures of an account (``kpitool trend --history``).

The schema (versioned, migrated forward) is in :mod:`kpitool.store.schema`.
"""

from kpitool.store.history import RunMeta, config_hash, connect, group_key, record
from kpitool.store.query import Run, everything, latest, runs

__all__ = [
    "Run",
    "RunMeta",
    "config_hash",
    "connect",
    "everything",
    "group_key",
    "latest",
    "record",
    "runs",
]
