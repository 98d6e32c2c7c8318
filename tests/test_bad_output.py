"""Issue 7, outputs and concurrency: `--output` never overwrites an input report, a run stopped
by SIGINT or SIGTERM leaves no partial file, and two runs writing one output leave one whole
file."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from bad_helpers import cli, make_bad

from kpitool.output import write_atomic

SP = make_bad.CAMPAIGN


@pytest.fixture(autouse=True)
def _no_default_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    reports = tmp_path / "2026-10"
    reports.mkdir()
    (reports / "sp.csv").write_text(SP, encoding="utf-8")
    return reports


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.mark.parametrize("how", ["same path", "relative path", "hard link"])
def test_output_refuses_to_overwrite_an_input_report(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], how: str
) -> None:
    target = folder / "sp.csv"
    if how == "relative path":
        target = Path(os.path.relpath(target, tmp_path))
    elif how == "hard link":
        target = tmp_path / "link.csv"
        os.link(folder / "sp.csv", target)
    run = cli(capsys, "compute", str(folder), "-f", "csv", "-o", str(target))
    assert run.code == 3 and "refusing to overwrite an input report" in run.stderr
    assert "Traceback" not in run.stderr
    assert (folder / "sp.csv").read_text(encoding="utf-8") == SP
    assert _leftovers(folder) == [] and _leftovers(tmp_path) == []


@pytest.mark.parametrize("exc", [KeyboardInterrupt, SystemExit, OSError])
def test_an_interrupted_write_leaves_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exc: type[BaseException]
) -> None:
    out = tmp_path / "kpis.json"
    out.write_text('{"old": true}\n', encoding="utf-8")

    def interrupted(fd: int) -> None:  # after the text is written, before the rename
        raise exc()

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises((exc, Exception)):
        write_atomic(out, json.dumps({"new": "x" * 100_000}))
    assert out.read_text(encoding="utf-8") == '{"old": true}\n'
    assert _leftovers(tmp_path) == []


_SLOW_WRITER = """
import os, sys, time
def slow_fsync(fd):
    sys.stderr.write("writing\\n"); sys.stderr.flush()
    time.sleep(60)
os.fsync = slow_fsync
from kpitool.cli import main
sys.argv = ["kpitool", *sys.argv[1:]]
main()
"""


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_mid_write_leaves_no_partial_file(
    folder: Path, tmp_path: Path, sig: signal.Signals
) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "kpis.json"
    out.write_text('{"old": true}\n', encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-c", _SLOW_WRITER, "compute", str(folder), "-f", "json", "-o", str(out)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )  # fmt: skip
    try:
        assert proc.stderr is not None
        assert proc.stderr.readline() == "writing\n"
        assert [p.name for p in out_dir.iterdir() if p.name.endswith(".tmp")]  # mid-write
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
        proc.wait()
    assert proc.returncode == 128 + sig, err
    assert "Traceback" not in err
    assert out.read_text(encoding="utf-8") == '{"old": true}\n'
    assert _leftovers(out_dir) == []


def test_two_runs_writing_one_output_leave_one_whole_file(folder: Path, tmp_path: Path) -> None:
    other = tmp_path / "2026-11"
    other.mkdir()
    (other / "sp.csv").write_text(SP.replace("Oct", "Nov").replace("1000", "7"), "utf-8")
    out = tmp_path / "kpis.json"
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "kpitool", "compute", str(f), "-f", "json", "-o", str(out)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for f in (folder, other, folder, other)
    ]
    for p in procs:
        p.communicate(timeout=120)
        assert p.returncode == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["command"] == "compute" and data["period"]["start"] in ("2026-10-01", "2026-11-01")
    assert _leftovers(tmp_path) == []


def test_concurrent_atomic_writes_never_mix(tmp_path: Path) -> None:
    out = tmp_path / "kpis.json"
    texts = [json.dumps({"writer": i, "pad": str(i) * 200_000}) for i in range(6)]
    errors: list[BaseException] = []

    def writer(text: str) -> None:
        try:
            for _ in range(10):
                write_atomic(out, text)
                json.loads(out.read_text(encoding="utf-8"))  # always whole, never torn
        except BaseException as exc:  # collected and re-raised in the test thread
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(t,)) for t in texts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert out.read_text(encoding="utf-8") in texts
    assert _leftovers(tmp_path) == []
