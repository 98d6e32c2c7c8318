"""The review pack of the bundled sample, built once per test session: by the library (a
Review and its HTML) and by the command line (the file it writes), for the tests of the
page, the command and the browser."""

from __future__ import annotations

import pytest
from report_helpers import CONFIG, SAMPLE, Built, Written
from typer.testing import CliRunner

from kpitool.cli import app
from kpitool.config import load_config
from kpitool.engine.review import review
from kpitool.engine.scan import read_folder
from kpitool.report import build_report


@pytest.fixture(scope="session")
def sample() -> Built:
    """October of the sample under its ROOT (so September is there to compare with)."""
    found = review(read_folder(SAMPLE), load_config(CONFIG), period="2026-10")
    return Built(found, build_report(found))


@pytest.fixture(scope="session")
def sample_file(tmp_path_factory: pytest.TempPathFactory) -> Written:
    """``kpitool report sample_reports --period 2026-10 -o review.html``, as a user runs it."""
    out = tmp_path_factory.mktemp("report") / "review.html"
    args = ["report", str(SAMPLE), "--period", "2026-10", "-c", str(CONFIG), "-o", str(out)]
    done = CliRunner().invoke(app, args)
    return Written(out, done.exit_code, done.stderr)
