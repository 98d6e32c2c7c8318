"""Exit codes, decided from the results (README, Exit codes): the engine says what was missed,
the command line says what that means for a shell script."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kpitool.errors import ExitCode

if TYPE_CHECKING:
    from kpitool.results import ComputeResult
    from kpitool.results.compare import CompareResult


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
