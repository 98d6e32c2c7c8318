"""Results: plain data, and their JSON contracts (``to_dict``, ``schema_version`` 1).

- ``compute``: one run's KPI values, targets, scores, coverage and sources;
- ``compare``: two runs' changes and their drivers;
- ``inspect``: what a folder scan found.

The names most code needs are re-exported here.
"""

from kpitool.results.compute import (
    DIGITS,
    SCHEMA_VERSION,
    ComputeResult,
    Coverage,
    KpiResult,
    Payout,
    Period,
    Score,
    Source,
    Status,
    Step,
)

__all__ = [
    "DIGITS",
    "SCHEMA_VERSION",
    "ComputeResult",
    "Coverage",
    "KpiResult",
    "Payout",
    "Period",
    "Score",
    "Source",
    "Status",
    "Step",
]
