"""Shared pytest options: ``--update-golden`` rewrites the golden outputs in tests/golden/.

Property tests (Hypothesis) have no deadline: one example taking over 200 ms on a busy 2-core
machine is no failure; what they check is the answer, and the benchmarks check the speed."""

from __future__ import annotations

import pytest
from hypothesis import settings

settings.register_profile("kpitool", deadline=None)
settings.load_profile("kpitool")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/golden/ from the current output (review the diff before committing)",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))
