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
from paths import DATA

from kpitool.cli import main

BAD = DATA / "bad"


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


def run_then_show(args: list[str], show: str, cwd: Path) -> str:
    """Run ``kpitool ARGS`` in a fresh interpreter, then print ``show`` (a Python expression,
    e.g. ``'rich' in sys.modules``): what the run left behind, as text. Colour is not forced,
    so Rich is imported only to print a table."""
    code = (
        "import sys\n"
        "from kpitool.cli import main\n"
        f"sys.argv = ['kpitool', *{args!r}]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print({show})\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "TTY_COMPATIBLE")}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=cwd, env=env,
        timeout=120,
    )  # fmt: skip
    assert "Traceback" not in done.stderr, done.stderr
    return done.stdout.strip().splitlines()[-1]
