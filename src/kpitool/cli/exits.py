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
    """The targets the trend's last period misses at the ``fail_on`` level; a targeted KPI
    without data there (a period nothing covers included) is missed, as compute judges it."""
    from kpitool.engine.evaluate import missed_targets
    from kpitool.results import ComputeResult

    last = result.periods[-1]
    now = [e.result for s in result.series for e in s.entries if e.period == last.label]
    return missed_targets(
        ComputeResult(last.period, result.currency, result.group_by, now), fail_on
    )


def trend_uncovered(result: TrendResult) -> str | None:
    """The error when nothing covers the trend's last period (compute would exit 3 on it)."""
    last = result.periods[-1].label
    if last not in result.uncovered:
        return None
    return (
        f"{result.source}: nothing covers the last period, {last}: its figures are no_data "
        "(as compute, exit 3); add its reports, or end --periods at a period with data"
    )


def trend_exit_code(result: TrendResult, fail_on: str) -> ExitCode:
    """3 when nothing covers the last period (as compute); else 1 when the last period misses
    a target at the ``fail_on`` level (as compute judges it)."""
    if trend_uncovered(result) is not None:
        return ExitCode.BAD_INPUT
    return ExitCode.TARGETS_MISSED if trend_missed(result, fail_on) else ExitCode.OK
