"""The README is the front door: it must stay true to the code."""

from __future__ import annotations

import re
import subprocess
import sys
from typing import Any

import pytest
from paths import REPO
from typer.main import get_command

from kpitool.cli import app
from kpitool.kpis.catalogue import BUILTIN
from kpitool.kpis.glossary import glossary
from kpitool.render.kpis import render_kpis_markdown

ROOT = REPO
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _quickstart_commands() -> list[str]:
    block = README.split("## quickstart", 1)[1].split("```", 2)[1]
    lines = [line.strip() for line in block.splitlines()[1:]]
    return [line for line in lines if line and not line.startswith("#")]


def test_quickstart_has_exactly_two_commands() -> None:
    first, second = _quickstart_commands()
    assert "pip install -e ." in first
    assert "kpitool compute sample_reports/2026-10" in first
    assert second == "pip install -e '.[test]' && pytest"


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert _quickstart_commands()[1] in ci


def _commands() -> dict[str, Any]:
    return dict(get_command(app).commands)  # type: ignore[attr-defined]


def test_every_command_is_documented() -> None:
    commands = _commands()
    assert commands, "the app registers no command"
    for name in commands:
        assert f"### `kpitool {name}" in README, name


@pytest.mark.parametrize("name", sorted(_commands()))
def test_every_option_is_documented(name: str) -> None:
    rest = README.split(f"### `kpitool {name}", 1)[1]
    section = re.split(r"\n##+ ", rest, maxsplit=1)[0]  # the heading line included
    for param in _commands()[name].params:
        for opt in param.opts:
            if opt.startswith("--") and opt != "--help":
                assert opt in section, (name, opt)


def test_every_kpi_and_kind_is_documented() -> None:
    from kpitool.io.kinds import ReportKind

    for kpi in BUILTIN:
        assert f"| `{kpi.id}` |" in README, kpi.id
    for kind in ReportKind:
        assert f"`{kind.value}`" in README, kind.value


def test_kpi_table_is_generated_from_the_catalogue() -> None:
    assert render_kpis_markdown(glossary()) in README  # as `kpitool kpis -f markdown` prints it


def test_every_exit_code_is_documented() -> None:
    from kpitool.errors import ExitCode

    section = README.split("## Exit codes", 1)[1].split("\n## ", 1)[0]
    for code in ExitCode:
        assert re.search(rf"^\| {int(code)} \|", section, flags=re.MULTILINE), code


def test_generated_sections_are_current() -> None:
    """The sample output in the README is what the main job prints today."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "update_readme.py"), "--check"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
