"""Exit codes, decided from the results (README, Exit codes): the engine says what was missed,
the command line says what that means for a shell script."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kpitool.errors import ExitCode

if TYPE_CHECKING:
    from kpitool.results import ComputeResult, KpiResult
    from kpitool.results.compare import CompareResult
    from kpitool.results.trend import TrendResult


def compute_exit_code(result: ComputeResult, fail_on: str) -> ExitCode:
    """1 when a target is missed at the ``--fail-on`` level (fail | warn | never)."""
    from kpitool.engine.evaluate import missed_targets

    return ExitCode.TARGETS_MISSED if missed_targets(result, fail_on) else ExitCode.OK


def compare_exit_code(
    result: CompareResult, fail_on: str, fail_on_decline: float | None
) -> ExitCode:
    """1 when AFTER misses a target at the ``fail_on`` level, or when a targeted KPI moved the
    wrong way by more than ``fail_on_decline`` percent (per day when the lengths differ)."""
    from kpitool.engine.compare import declined

    if compute_exit_code(result.after, fail_on) or declined(result, fail_on_decline):
        return ExitCode.TARGETS_MISSED
    return ExitCode.OK


def trend_missed(result: TrendResult, fail_on: str) -> list[KpiResult]:
    """The targets the trend's last period misses at the ``fail_on`` level."""
    from kpitool.engine.evaluate import missed_targets
    from kpitool.results import ComputeResult

    last = result.periods[-1]
    now = [
        e.result
        for s in result.series
        for e in s.entries
        # a period nothing covers has no target applied: shown as no_data, not judged
        if e.period == last.label and (e.result.value is not None or e.result.target)
    ]
    return missed_targets(
        ComputeResult(last.period, result.currency, result.group_by, now), fail_on
    )


def trend_exit_code(result: TrendResult, fail_on: str) -> ExitCode:
    """1 when the last period misses a target at the ``fail_on`` level (as compute judges it)."""
    return ExitCode.TARGETS_MISSED if trend_missed(result, fail_on) else ExitCode.OK
