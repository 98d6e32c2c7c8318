"""Issue 7, outputs and concurrency: `--output` never overwrites an input report, a run stopped
by SIGINT or SIGTERM leaves no partial file, and two runs writing one output leave one whole
file. Issue 20: `--output` writes only regular files (a character device in place), never an
input of the run (the config, the cost file, any file below the scanned folders), follows a
symlink to its target, and the temp file of a killed run is removed by the next write."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from bad_helpers import Run, cli, make_bad
from paths import REPO

from kpitool.cli.output import STALE_AFTER_SECONDS, write_atomic

SP = make_bad.CAMPAIGN
ROOT = REPO


pytestmark = pytest.mark.usefixtures("in_empty_dir")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    reports = tmp_path / "2026-10"
    reports.mkdir()
    (reports / "sp.csv").write_text(SP, encoding="utf-8")
    return reports


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """A copy of the repo's configs/ and sample_reports/2026-10 in the current directory (so
    configs/kpitool.yaml is the config loaded, and it names configs/costs.csv)."""
    shutil.copytree(ROOT / "configs", tmp_path / "configs")
    shutil.copytree(ROOT / "sample_reports" / "2026-10", tmp_path / "sample_reports" / "2026-10")
    return tmp_path / "sample_reports" / "2026-10"


def _compute(capsys: pytest.CaptureFixture[str], sample: Path, target: str | Path) -> Run:
    return cli(capsys, "compute", str(sample), "-f", "json", "-o", str(target))


def _refused(run: Run, what: str) -> bool:
    return (
        run.code == 3
        and run.errors == [run.errors[0]]
        and f"refusing to overwrite an input ({what}" in run.errors[0]
        and run.errors[0].endswith("choose another --output file")
        and "Traceback" not in run.stderr
    )


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
    assert _refused(run, "a file in the input report folder"), run.stderr
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


def _private_null(tmp_path: Path) -> Path | None:
    """A char device 1:3 (as /dev/null) of this test's own, if this user may make and open one."""
    node = tmp_path / "null"
    try:
        os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        os.close(os.open(node, os.O_WRONLY))
    except (OSError, AttributeError):
        return None  # not root, or a nodev mount
    return node


@pytest.fixture
def dev_null_guard() -> Iterator[None]:
    """As root, a regression here would replace /dev/null with a file: put the device back."""
    yield
    if os.geteuid() == 0 and not stat.S_ISCHR(os.lstat("/dev/null").st_mode):
        os.unlink("/dev/null")
        os.mknod("/dev/null", 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        os.chmod("/dev/null", 0o666)
        pytest.fail("--output replaced /dev/null with a regular file (the device was restored)")


@pytest.mark.usefixtures("dev_null_guard")
def test_dev_null_is_written_in_place_and_stays_a_device(
    sample: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    private = _private_null(tmp_path)
    targets = [private] if private is not None else []  # first one that may be broken safely
    for target in [*targets, Path("/dev/null")]:
        run = _compute(capsys, sample, target)
        assert run.code in (0, 1) and run.errors == [], run.stderr
        assert stat.S_ISCHR(os.lstat(target).st_mode), target
        assert _leftovers(target.parent) == []


def test_dev_stdout_is_the_process_stdout_even_a_pipe(sample: Path, tmp_path: Path) -> None:
    # under cron stdout is a pipe (a FIFO to stat): -o /dev/stdout still means stdout
    args = ["compute", str(sample), "-f", "json", "-o", "/dev/stdout"]
    run = subprocess.run(
        [sys.executable, "-m", "kpitool", *args], capture_output=True, text=True, cwd=tmp_path,
        check=False, timeout=120,
    )  # fmt: skip
    assert run.returncode in (0, 1), run.stderr
    assert json.loads(run.stdout)["command"] == "compute"


def test_a_fifo_is_refused_without_hanging(sample: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "kpis.json"
    os.mkfifo(fifo)
    args = ["compute", str(sample), "-f", "json", "-o", str(fifo)]
    run = subprocess.run(
        [sys.executable, "-m", "kpitool", *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
        timeout=60,
    )  # fmt: skip  (a writer that opened the FIFO would wait for a reader: the timeout fails it)
    assert run.returncode == 3, run.stderr
    assert "is a FIFO (named pipe)" in run.stderr and "Traceback" not in run.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert _leftovers(tmp_path) == []


def test_a_socket_and_a_directory_are_refused(
    sample: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind("kpis.sock")  # relative: a tmp_path can exceed the 108-byte socket path
        run = _compute(capsys, sample, "kpis.sock")
    finally:
        sock.close()
    assert run.code == 3 and "is a socket" in run.stderr
    assert stat.S_ISSOCK(os.lstat(tmp_path / "kpis.sock").st_mode)
    run = _compute(capsys, sample, tmp_path)
    assert run.code == 3 and "is a directory" in run.stderr


@pytest.mark.parametrize("existing", [False, True], ids=["new target", "existing target"])
def test_a_symlink_is_written_through_and_stays_a_link(
    sample: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], existing: bool
) -> None:
    (tmp_path / "out").mkdir()
    real = tmp_path / "out" / "kpis.json"
    if existing:
        real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "latest.json"
    link.symlink_to(Path("out") / "kpis.json")
    run = _compute(capsys, sample, link)
    assert run.code in (0, 1) and run.errors == [], run.stderr
    assert link.is_symlink() and os.readlink(link) == str(Path("out") / "kpis.json")
    assert json.loads(real.read_text(encoding="utf-8"))["command"] == "compute"
    assert _leftovers(tmp_path) == [] and _leftovers(tmp_path / "out") == []


@pytest.mark.parametrize("how", ["same path", "absolute path", "symlink", "hard link"])
def test_output_refuses_the_config_file(
    sample: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], how: str
) -> None:
    config = tmp_path / "configs" / "kpitool.yaml"
    before = config.read_bytes()
    target: Path = Path("configs/kpitool.yaml")
    if how == "absolute path":
        target = config
    elif how == "symlink":
        target = tmp_path / "latest.json"
        target.symlink_to(config)
    elif how == "hard link":
        target = tmp_path / "latest.json"
        os.link(config, target)
    run = _compute(capsys, sample, target)
    assert _refused(run, "the config file"), run.stderr
    assert config.read_bytes() == before
    assert not config.is_symlink() and _leftovers(config.parent) == []


def test_output_refuses_a_config_given_with_config(
    sample: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "configs" / "team.yaml"
    shutil.copy(tmp_path / "configs" / "kpitool.yaml", config)
    before = config.read_bytes()
    run = cli(capsys, "compute", str(sample), "-c", str(config), "-f", "json", "-o", str(config))
    assert _refused(run, "the config file"), run.stderr
    assert config.read_bytes() == before


def test_output_refuses_the_cost_file(
    sample: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    costs = tmp_path / "configs" / "costs.csv"
    before = costs.read_bytes()
    run = _compute(capsys, sample, "configs/costs.csv")
    assert _refused(run, "the cost file named by the config"), run.stderr
    assert costs.read_bytes() == before


DUPLICATE = "Sponsored Products Campaign report (1).csv"


def _add_duplicate(sample: Path) -> Path:
    """The same download saved twice: byte-identical, so the scan reads it once."""
    duplicate = sample / DUPLICATE
    shutil.copy(sample / "Sponsored Products Campaign report.csv", duplicate)
    return duplicate


@pytest.mark.parametrize(
    "name",
    [
        DUPLICATE,  # a byte-identical duplicate: skipped by the scan, so not a report read
        "50046326019.txt",  # a report the scan reads
        "notes.md",  # not a report file type: skipped
        ".hidden.csv",  # hidden: skipped
        "old/archive.json",  # below a subfolder
    ],
)
def test_output_refuses_any_file_in_the_report_folder(
    sample: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    _add_duplicate(sample)
    target = sample / name
    if not target.exists():
        target.parent.mkdir(exist_ok=True)
        target.write_text("keep me\n", encoding="utf-8")
    before = target.read_bytes()
    run = _compute(capsys, sample, target)
    assert _refused(run, f"a file in the input report folder {sample}"), run.stderr
    assert target.read_bytes() == before
    assert _leftovers(target.parent) == []


def test_the_duplicate_is_skipped_by_the_scan(sample: Path) -> None:
    from kpitool.engine.scan import read_folder

    duplicate = _add_duplicate(sample)
    read = [r.path for r in read_folder(sample).reports]
    copies = [duplicate, sample / "Sponsored Products Campaign report.csv"]
    assert len([p for p in copies if p in read]) == 1  # so the reports' paths miss the other one


def test_output_refuses_a_hard_link_to_a_skipped_duplicate(
    sample: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    duplicate = _add_duplicate(sample)
    before = duplicate.read_bytes()
    os.link(duplicate, tmp_path / "kpis.json")
    run = _compute(capsys, sample, tmp_path / "kpis.json")
    assert _refused(run, "a file in the input report folder"), run.stderr
    assert duplicate.read_bytes() == before


def test_a_new_file_in_the_report_folder_is_written(
    sample: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run = _compute(capsys, sample, sample / "kpis.json")  # not an input: it did not exist
    assert run.code in (0, 1) and run.errors == [], run.stderr
    assert json.loads((sample / "kpis.json").read_text(encoding="utf-8"))["command"] == "compute"


def test_compare_refuses_a_file_of_the_before_folder(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    after = tmp_path / "2026-11"
    after.mkdir()
    (after / "sp.csv").write_text(SP.replace("Oct", "Nov"), "utf-8")
    run = cli(
        capsys, "compare", str(folder), str(after), "-f", "json", "-o", str(folder / "sp.csv")
    )
    assert _refused(run, f"a file in the input report folder {folder}"), run.stderr
    assert (folder / "sp.csv").read_text(encoding="utf-8") == SP


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_the_next_write_removes_stale_temp_files(
    sample: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "kpis.json"
    dead = tmp_path / f".kpis.json.kpitool-{_dead_pid()}-abc123_x.tmp"
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        live = tmp_path / f".kpis.json.kpitool-{sleeper.pid}-def456.tmp"  # a run writing now
        old = tmp_path / f".kpis.json.kpitool-{sleeper.pid}-ghi789.tmp"  # a reused pid
        other = tmp_path / f".other.json.kpitool-{_dead_pid()}-jkl012.tmp"  # another target
        for temp in (dead, live, old, other):
            temp.write_text('{"half', encoding="utf-8")
        long_ago = time.time() - STALE_AFTER_SECONDS - 60
        os.utime(old, (long_ago, long_ago))
        run = _compute(capsys, sample, out)
    finally:
        sleeper.kill()
        sleeper.wait()
    assert run.code in (0, 1) and run.errors == [], run.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["command"] == "compute"
    assert _leftovers(tmp_path) == sorted([live.name, other.name])


_KILLED_WRITER = _SLOW_WRITER  # stopped with SIGKILL while it waits in fsync


def test_a_run_killed_mid_write_is_cleaned_by_the_next_run(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "kpis.json"
    out.write_text('{"old": true}\n', encoding="utf-8")
    args = ["compute", str(folder), "-f", "json", "-o", str(out)]
    proc = subprocess.Popen(
        [sys.executable, "-c", _KILLED_WRITER, *args], stderr=subprocess.PIPE, text=True
    )
    try:
        assert proc.stderr is not None
        assert proc.stderr.readline() == "writing\n"
        proc.send_signal(signal.SIGKILL)  # no handler runs: the temp file stays
        proc.wait(timeout=30)
    finally:
        proc.kill()
        proc.wait()
    assert [n.startswith(f".kpis.json.kpitool-{proc.pid}-") for n in _leftovers(tmp_path)] == [True]
    assert out.read_text(encoding="utf-8") == '{"old": true}\n'
    run = subprocess.run(
        [sys.executable, "-m", "kpitool", *args], capture_output=True, text=True, check=False,
        timeout=120,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["command"] == "compute"
    assert _leftovers(tmp_path) == []


def _big_business_report(path: Path, rows: int) -> None:
    """A by-date Business Report of ``rows`` rows, written by Polars (a few seconds)."""
    import polars as pl

    i = pl.int_range(0, rows)
    pl.select(
        (pl.lit("10/") + (i % 31 + 1).cast(pl.String).str.zfill(2) + "/2026").alias("Date"),
        ("$" + (i % 1000).cast(pl.String) + ".25").alias("Ordered Product Sales"),
        (i % 7).cast(pl.String).alias("Units Ordered"),
        (i % 5).cast(pl.String).alias("Total Order Items"),
        (i % 50).cast(pl.String).alias("Page Views - Total"),
        i.cast(pl.String).alias("Sessions - Total"),
    ).write_csv(path)


def _threads(pid: int) -> int:
    try:
        return len(os.listdir(f"/proc/{pid}/task"))
    except OSError:
        return 0


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs /proc")
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_stops_a_long_polars_query_at_once(tmp_path: Path, sig: signal.Signals) -> None:
    """A signal while Polars reads a big file (native code, no Python frame to interrupt)
    stops the run within a second or two, not when the query returns: exit 128+n, no
    output and no temp file."""
    month = tmp_path / "2026-10"
    month.mkdir()
    _big_business_report(month / "BusinessReport.csv", 4_000_000)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    proc = subprocess.Popen(
        [sys.executable, "-m", "kpitool", "compute", str(month), "-f", "json",
         "-o", str(out_dir / "kpis.json")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )  # fmt: skip
    try:
        start = time.monotonic()
        # Polars starts its thread pool at its first query: the run is then in native code
        while _threads(proc.pid) < 4 and time.monotonic() - start < 60 and proc.poll() is None:
            time.sleep(0.05)
        time.sleep(1.0)
        assert proc.poll() is None, "the run ended before the signal: make the file bigger"
        sent = time.monotonic()
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=60)
        waited = time.monotonic() - sent
    finally:
        proc.kill()
        proc.wait()
    assert proc.returncode == 128 + sig, err
    assert "Traceback" not in err
    assert waited < 3.0, f"{waited:.1f} s from the signal to the exit"
    assert list(out_dir.iterdir()) == []
