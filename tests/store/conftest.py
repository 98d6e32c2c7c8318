from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def in_empty_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run in an empty folder, so the repository's configs/kpitool.yaml is not picked up."""
    monkeypatch.chdir(tmp_path)
