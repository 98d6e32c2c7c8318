"""Run kpitool as a user does, in-process: through ``kpitool.cli.main`` (exit codes, one
``error:`` line per input problem, a traceback only for a bug), or as ``python -m kpitool``."""

from __future__ import annotations

import importlib.util
import os
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest

from kpitool.cli import main

BAD = Path(__file__).parent / "data" / "bad"


def _load_make_bad() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_bad", BAD / "make_bad.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_bad = _load_make_bad()


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str

    @property
    def errors(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.startswith("error: ")]


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> Run:
    """``kpitool ARGS`` through the console entry point, in this process."""
    saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    argv = sys.argv
    sys.argv = ["kpitool", *args]
    capsys.readouterr()
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        sys.argv = argv
        for sig, handler in saved.items():
            signal.signal(sig, handler)
    out, err = capsys.readouterr()
    return Run(code, out, err)


def python_m_kpitool(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "kpitool", *args], capture_output=True, text=True, cwd=cwd,
        env=env, check=False, timeout=120,
    )  # fmt: skip
