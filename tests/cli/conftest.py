"""The command line's tests: run as a user does, in an empty folder unless a test says."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def in_empty_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run in an empty folder, so the repository's configs/kpitool.yaml is not picked up."""
    monkeypatch.chdir(tmp_path)
