"""Issue 7: bad input never crashes a run, corrupts an output or double counts.

One parametrised test runs every case of the corpus (tests/data/bad/: committed text files,
plus the big, binary and filesystem cases built by tests/data/bad/make_bad.py) through the real
entry point, `inspect` and `compute`, with and without `--strict`, and checks what each gets:
bad rows left out and counted with a warning naming file, line and column; an unusable file
one `error:` line naming it and what to do, exit 3; never a traceback, never exit 1; and
rows == rows_used + dropped for every file.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from bad_helpers import BAD, Run, cli, make_bad, python_m_kpitool

from kpitool.cli import BUG_REPORT
from kpitool.io import read as io_read
from kpitool.io import sniff

pytestmark = pytest.mark.usefixtures("in_empty_dir")


@dataclass(frozen=True)
class Case:
    #: ok | dropped (rows left out, counted) | warned (kept, with a warning) | skipped | error
    outcome: str
    #: substrings of the error line, the warnings or the skip reason
    needles: tuple[str, ...] = ()
    dropped: int = 0
    rows: int | None = None
    compute_exit: int | None = None  # default: 3 for an error, else 0
    compute_needles: tuple[str, ...] = ()
    files: int | None = None  # reports listed by inspect
    skips: int = 1  # files (or folder links) skipped, for outcome "skipped"
    #: each skip is also a warning naming it (links, special files, old workbooks)
    warns: bool = False
    setup: Callable[[pytest.MonkeyPatch], None] | None = field(default=None, compare=False)


def _small_zip_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sniff, "MAX_EXPANDED_BYTES", 10_000)


COMMITTED = {
    # nothing to read, or nothing dated in it: compute stops (exit 3), never a pass
    "empty": Case("skipped", ("no Amazon report header",), compute_exit=3),
    "header_only": Case("ok", rows=0, files=1, compute_exit=3, compute_needles=("nothing covers",)),
    "cut_mid_row": Case("warned", ("different number of fields",), rows=4),
    "cut_in_quote": Case("error", ("cannot be read", "download it again")),
    # a column no KPI reads: the cell is emptied, the row kept (and counted as used)
    "bad_detail_cell": Case(
        "warned", ("column 'Click-Thru Rate (CTR)'", "cell left empty", "line 3"), rows=2
    ),
    "utf16": Case("ok", rows=3, files=1),
    "mixed_line_endings": Case("ok", rows=3, files=1),
    "missing_required_column": Case("skipped", ("sp_campaign", "'spend'"), compute_exit=3),
    "garbage_numeric": Case(
        "dropped",
        ("line 3", "column 'Impressions'", "line 4", "column 'Clicks'"),
        dropped=2,
        rows=4,
    ),
    "negative_impressions": Case(
        "dropped",
        ("line 3", "column 'Impressions': negative", "line 4", "column 'Clicks': negative"),
        dropped=2,
        rows=4,
    ),
    "duplicate_download": Case("ok", ("byte-identical", "read once"), rows=3, files=1),
    "two_currencies": Case("ok", rows=3, compute_exit=3, compute_needles=("EUR", "USD", "fx")),
    # DE/ and FR/ name two marketplaces: never deduplicated against each other (issue 18)
    "two_marketplaces": Case("ok", files=2),
}
BUILT = {
    "corrupt_xlsx": Case("error", ("not a readable .xlsx", "download")),
    "html_xlsx": Case("error", ("web page", "download the report again")),
    "binary_junk_csv": Case("error", ("binary data", "download it again")),
    "ten_mb_line": Case("error", ("line 2", "download it again")),
    "zip_two_reports": Case("error", ("exactly one report", "unzip it")),
    "zip_big_member": Case(
        "error",
        ("expand past 10000 bytes", "refused", "unzip it yourself"),
        setup=_small_zip_limit,
    ),
    # the folder link is not followed (the good report is read once); the file that links to
    # itself is skipped: each with a warning naming it, and the run goes on
    "symlink_loop": Case(
        "skipped",
        ("self.csv: a symbolic link that loops back", "loop: a link to a folder that holds it"),
        rows=2,
        files=1,
        skips=2,
        warns=True,
    ),
    "unreadable": Case("skipped", ("permission denied", "read access"), compute_exit=3, warns=True),
    # issue 17: a file named as another format is read as what it is, with a warning...
    "csv_as_xlsx": Case("warned", ("this .xlsx is a CSV text file: rename it to .csv",), rows=2),
    "xlsx_as_csv": Case("warned", ("this .csv is an Excel workbook: rename it to .xlsx",), rows=2),
    "gz_as_csv": Case(
        "warned", ("this .csv is a gzip-compressed file: rename it to .csv.gz",), rows=2
    ),
    "zip_as_csv": Case("warned", ("this .csv is a zip archive: rename it to .zip",), rows=2),
    # ... or, when kpitool cannot read what it is, an error saying what it is and what to do
    "html_csv": Case("error", ("this .csv is a web page", "download the report again")),
    "pdf_csv": Case("error", ("this .csv is a PDF document", "download the report as CSV")),
    "xls_as_csv": Case(
        "error", ("this .csv is an Excel 97-2003 workbook", "save it as .xlsx or .csv")
    ),
    "encrypted_xlsx": Case(
        "error", ("this .xlsx is a password-protected Excel workbook", "remove the password")
    ),
    # an old .xls may not be a report: skipped with a warning, the report beside it read
    "old_xls": Case(
        "skipped",
        ("costs 2019.xls: an Excel 97-2003 workbook", "save it as .xlsx or .csv"),
        rows=2,
        files=1,
        warns=True,
    ),
    # issue 20: a FIFO, a link to /dev/zero, a socket and a broken link named .csv are
    # skipped (never opened: the first three would hang), the report beside them read
    "special_files": Case(
        "skipped",
        (
            "fifo.csv: a named pipe (FIFO), not a regular file",
            "zero.csv: a character device (a link to /dev/zero)",
            "socket.csv: a socket",
            "gone.csv: a broken symbolic link",
        ),
        rows=2,
        files=1,
        skips=4,
        warns=True,
    ),
}
CASES = {**COMMITTED, **BUILT}


def _params() -> list[object]:
    params: list[object] = []
    for name in CASES:
        marks = []
        if name == "unreadable" and os.geteuid() == 0:
            marks.append(
                pytest.mark.skip(
                    reason="running as root, which reads a chmod 000 file anyway (and this "
                    "interpreter may not be runnable by another user); "
                    "test_unreadable_file_simulated covers it"
                )
            )
        params.append(pytest.param(name, id=name, marks=marks))
    return params


def test_the_corpus_is_covered() -> None:
    committed = {p.name for p in (BAD / "reports").iterdir() if p.is_dir()}
    assert committed == set(COMMITTED)
    assert set(make_bad.BUILDERS) == set(BUILT)


def _folder(name: str, tmp_path: Path) -> Path:
    folder = tmp_path / "2026-10"  # the period comes from the folder name
    if name in COMMITTED:
        shutil.copytree(BAD / "reports" / name, folder)
    else:
        folder.mkdir()
        make_bad.BUILDERS[name](folder)
    return folder


def _no_crash(run: Run) -> None:
    assert "Traceback" not in run.stderr and BUG_REPORT not in run.stderr, run.stderr
    assert run.code in (0, 3), run  # never 1 for an input problem (and no target is set)


@pytest.fixture
def no_hang() -> Iterator[None]:
    """A run that blocks (opening a FIFO) fails the test instead of hanging it."""

    def hung(signum: int, frame: object) -> None:
        raise TimeoutError("the run hung")

    saved = signal.signal(signal.SIGALRM, hung)
    signal.alarm(120)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, saved)


@pytest.mark.parametrize("name", _params())
@pytest.mark.usefixtures("no_hang")
def test_bad_input_corpus(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    case = CASES[name]
    if case.setup is not None:
        case.setup(monkeypatch)
    folder = _folder(name, tmp_path)

    # inspect --format json: the numbers add up, problems are where they belong
    run = cli(capsys, "inspect", str(folder), "--format", "json")
    _no_crash(run)
    assert run.code == (3 if case.outcome == "error" else 0), run
    data = json.loads(run.stdout)
    for f in data["files"]:
        assert (
            f["rows"]
            == f["rows_used"] + f["dropped"]
            == f["rows_used"] + sum(f["dropped_reasons"].values())
        )
    if case.files is not None:
        assert len(data["files"]) == case.files
    if case.rows is not None:
        assert sum(f["rows"] for f in data["files"]) == case.rows
    assert sum(f["dropped"] for f in data["files"]) == case.dropped
    file_warnings = [f"{f['path']}: {w}" for f in data["files"] for w in f["warnings"]]
    warnings = file_warnings + data["warnings"]
    if case.outcome == "error":
        assert run.errors and len(run.errors) == len(data["errors"]) == 1, run.stderr
        [line] = run.errors
        assert str(folder) in line and len(line) < 400
        for needle in case.needles:
            assert needle in line, (needle, line)
    else:
        assert run.errors == [] and data["errors"] == []
    if case.outcome == "dropped":
        for w in file_warnings:
            assert re.search(r"row\(s\) left out: column '.+'.*\(first at line \d+\)", w), w
    if case.outcome in ("dropped", "warned"):
        assert file_warnings
        for needle in case.needles:
            assert any(needle in w for w in file_warnings), (needle, file_warnings)
    elif case.outcome == "ok":
        assert file_warnings == []
        for needle in case.needles:
            assert any(needle in w for w in warnings), (needle, warnings)
    if case.outcome == "skipped":
        assert len(data["skipped"]) == case.skips, data["skipped"]
        shown = [f"{s['path']}: {s['reason']}" for s in data["skipped"]]
        for needle in case.needles:
            assert any(needle in s for s in shown), (needle, shown)
        if case.warns:
            assert sorted(shown) == sorted(w.removesuffix("; skipped") for w in data["warnings"])

    # the table names file, line and column in each warning, on one line each
    run = cli(capsys, "inspect", str(folder))
    _no_crash(run)
    if case.outcome == "dropped":
        lines = [line for line in run.stdout.splitlines() if "left out" in line]
        assert len(lines) == len(file_warnings)
        for line in lines:
            assert "warning:" in line and str(folder) in line
            assert re.search(r"column '.+'.*line \d+", line), line

    # --strict: a bad row, cell or ragged row is an error
    run = cli(capsys, "inspect", str(folder), "--strict")
    _no_crash(run)
    strict_fails = case.outcome in ("dropped", "warned", "error")
    assert run.code == (3 if strict_fails else 0), run
    if case.outcome in ("dropped", "warned"):
        assert len(run.errors) == len(file_warnings)
        assert all("--strict" in e and str(folder) in e for e in run.errors)

    # compute: the same verdicts; dropped rows are counted in its warnings
    args = ["compute", str(folder), "--format", "json", "--fail-on", "never"]
    run = cli(capsys, *args)
    _no_crash(run)
    expected = case.compute_exit if case.compute_exit is not None else (
        3 if case.outcome == "error" else 0
    )  # fmt: skip
    assert run.code == expected, run
    if expected == 3:
        assert run.stdout == "" and run.errors
        for needle in (*case.needles, *case.compute_needles):
            assert any(needle in e for e in run.errors), (needle, run.errors)
    else:
        result = json.loads(run.stdout)
        counts = [re.search(r"(\d+) row\(s\) left out", w) for w in result["warnings"]]
        left_out = sum(int(m[1]) for m in counts if m)
        assert left_out == case.dropped
        if result["warnings"]:
            assert f"{len(result['warnings'])} warning(s)" in run.stderr
        else:  # quiet on success
            assert "warning(s)" not in run.stderr
        for needle in case.compute_needles:
            assert any(needle in w for w in result["warnings"]), (needle, result["warnings"])
    run = cli(capsys, *args, "--strict")
    _no_crash(run)
    assert run.code == (3 if strict_fails else expected), run


def test_two_marketplaces_are_added_not_deduplicated(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """DE and FR by-date Business Reports of one month carry no marketplace column: their
    folders (DE/, FR/) name the marketplaces, so each is read and the total adds them."""
    folder = _folder("two_marketplaces", tmp_path)
    run = cli(capsys, "compute", str(folder), "-f", "json", "--fail-on", "never")
    result = json.loads(run.stdout)
    sales = next(r["value"] for r in result["results"] if r["kpi"] == "sales")
    de, fr = sum(10 * d for d in range(1, 32)), sum(5 * d for d in range(1, 32))
    assert sales == de + fr
    assert not [w for w in result["warnings"] if "overlap" in w]
    run = cli(capsys, "compute", str(folder), "-f", "json", "--fail-on", "never", "--by",
              "marketplace")  # fmt: skip
    by = {
        r["group"].get("marketplace"): r["value"]
        for r in json.loads(run.stdout)["results"]
        if r["kpi"] == "sales" and r["group"]
    }
    assert by == {"DE": de, "FR": fr}


def test_a_row_with_two_bad_cells_counts_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "2026-10"
    folder.mkdir()
    (folder / "sp.csv").write_text(
        "Date,Campaign Name,Impressions,Clicks,Spend\n"
        '"Oct 1, 2026",A,1000,10,$5.00\n"Oct 2, 2026",A,abc,-3,$5.00\n',
        encoding="utf-8",
    )
    data = json.loads(cli(capsys, "inspect", str(folder), "-f", "json").stdout)
    [f] = data["files"]
    assert (f["rows"], f["rows_used"], f["dropped"]) == (2, 1, 1)


def test_unreadable_file_simulated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """chmod 000 does not stop root: the read itself fails as it would for another user."""
    folder = tmp_path / "2026-10"
    folder.mkdir()
    (folder / "good.csv").write_text(make_bad.CAMPAIGN, encoding="utf-8")
    (folder / "locked.csv").write_text(make_bad.CAMPAIGN.replace("Alice", "Bob"), "utf-8")
    real = io_read.head_bytes

    def head_bytes(payload: sniff.Payload, n: int = 256 * 1024) -> bytes:
        if payload.path.name == "locked.csv":
            raise PermissionError(13, "Permission denied", str(payload.path))
        return real(payload, n)

    monkeypatch.setattr(io_read, "head_bytes", head_bytes)
    # skipped with a warning naming it; the other report is read, the run goes on
    run = cli(capsys, "inspect", str(folder), "-f", "json")
    _no_crash(run)
    assert run.code == 0 and run.errors == []
    data = json.loads(run.stdout)
    assert [Path(f["path"]).name for f in data["files"]] == ["good.csv"]
    [warning] = data["warnings"]
    assert warning.startswith(f"{folder / 'locked.csv'}: cannot be read (permission denied)")
    run = cli(capsys, "compute", str(folder), "-f", "json")
    _no_crash(run)
    assert run.code == 0 and run.errors == []
    spend = next(r for r in json.loads(run.stdout)["results"] if r["kpi"] == "ad_spend")
    assert spend["value"] == 10.0  # good.csv's two rows of $5.00
    assert f"warning: {folder / 'locked.csv'}: cannot be read (permission denied)" in run.stderr


def test_special_files_never_hang_a_fresh_process(tmp_path: Path) -> None:
    """Issue 20: a FIFO or a link to /dev/zero named .csv hung the scan. In a fresh process,
    with a timeout (a hang fails the test): skipped with a warning each, the report read."""
    folder = _folder("special_files", tmp_path)
    for args in (["inspect", str(folder)], ["compute", str(folder), "--fail-on", "never"]):
        proc = python_m_kpitool(*args)
        assert proc.returncode == 0, proc.stderr
        for name in ("fifo.csv", "zero.csv", "socket.csv", "gone.csv"):
            assert f"warning: {folder / name}: " in proc.stdout + proc.stderr, name


@pytest.mark.parametrize(
    "name", ["ten_mb_line", "binary_junk_csv", "cut_in_quote", "garbage_numeric"]
)
def test_no_traceback_through_python_m_kpitool(name: str, tmp_path: Path) -> None:
    folder = _folder(name, tmp_path)
    for args in (["inspect", str(folder), "--strict"], ["compute", str(folder), "--strict"]):
        proc = python_m_kpitool(*args)
        assert proc.returncode == 3, proc.stderr
        assert "Traceback" not in proc.stderr
        assert proc.stderr.startswith("error: ") or "\nerror: " in proc.stderr
        assert all(
            line.startswith(("error: ", "warning: ")) or line.endswith("warning(s)")
            for line in proc.stderr.splitlines()
        ), proc.stderr


CONFIGS = {
    "unknown_key": (4, "colour: unknown key"),
    "wrong_type": (3, "targets.acos.max"),
    "unknown_kpi": (3, "unknown KPI id 'salez'"),
    "negative_weight": (3, "targets.sales.weight"),
    "formula_unknown_name": (4, "unknown KPI id 'widgets'"),
    "formula_bad_syntax": (4, "kpis.broken.formula"),
    "formula_import": (4, "kpis.evil.formula"),
    "formula_attribute": (4, "kpis.evil.formula"),
    "formula_lambda": (4, "kpis.evil.formula"),
    "formula_power": (4, "powers are not supported"),
    "yaml_syntax": (4, "YAML syntax error"),
    "duplicate_keys": (4, "duplicate key 'sales' (lines 3 and 4)"),
    "alias_bomb": (2, "alias bomb"),
    "python_tag": (2, "tags such as !!python/... are not allowed"),
}


def test_every_bad_config_is_covered() -> None:
    assert {p.stem for p in (BAD / "configs").glob("*.yaml")} == set(CONFIGS)


@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_bad_config(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line, needle = CONFIGS[name]
    path = BAD / "configs" / f"{name}.yaml"
    folder = _folder("garbage_numeric", tmp_path)
    for args in (["validate", "--config", str(path)], ["compute", str(folder), "-c", str(path)]):
        run = cli(capsys, *args)
        _no_crash(run)
        assert run.code == 3 and run.stdout == ""
        [error] = run.errors
        assert error.startswith(f"error: {path}:{line}: ") and needle in error, error


def test_yaml_python_tags_run_nothing(tmp_path: Path) -> None:
    """Safe loading: a !!python tag is refused, never constructed (no file is created)."""
    marker = tmp_path / "pwned"
    config = tmp_path / "evil.yaml"
    config.write_text(
        f'version: 1\ntargets: !!python/object/apply:os.system ["touch {marker}"]\n'
        f"kpis: !!python/object/new:os.system [touch {marker}]\n",
        encoding="utf-8",
    )
    proc = python_m_kpitool("validate", "--config", str(config))
    assert proc.returncode == 3 and "Traceback" not in proc.stderr
    assert not marker.exists()


def test_a_bug_shows_its_traceback_and_asks_to_be_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(folder: Path, *, strict: bool = False, on_file: object = None) -> None:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr("kpitool.engine.scan.inspect_folder", broken)
    run = cli(capsys, "inspect", str(tmp_path))
    assert run.code == 70
    assert "Traceback (most recent call last)" in run.stderr
    assert "ZeroDivisionError: a bug" in run.stderr
    assert run.stderr.rstrip().endswith(BUG_REPORT)


def test_input_errors_are_exit_3_not_1_through_the_entry_point(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run = cli(capsys, "compute", str(tmp_path / "missing"))
    assert run.code == 3 and run.errors and "Traceback" not in run.stderr


def test_a_form_feed_in_the_preamble_does_not_shift_the_header(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found by the fuzzer: str.splitlines splits on \\f, the CSV parser does not."""
    folder = tmp_path / "2026-10"
    folder.mkdir()
    (folder / "sp.csv").write_text("Report\x0cpage 1\n" + make_bad.CAMPAIGN, encoding="utf-8")
    data = json.loads(cli(capsys, "inspect", str(folder), "-f", "json").stdout)
    [f] = data["files"]
    assert (f["kind"], f["rows"], f["rows_used"], f["start"]) == ("sp_campaign", 2, 2, "2026-10-01")


def test_two_currencies_in_one_report_are_converted_with_fx(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _folder("two_currencies", tmp_path)
    config = tmp_path / "fx.yaml"
    config.write_text("version: 1\ncurrency: USD\nfx: {EUR: 2.0}\n", encoding="utf-8")
    run = cli(capsys, "compute", str(folder), "-c", str(config), "-f", "json")
    assert run.code == 0, run
    data = json.loads(run.stdout)
    spend = next(r["value"] for r in data["results"] if r["kpi"] == "ad_spend" and not r["group"])
    assert spend == 5.0 + 5.0 * 2.0 + 2.5  # USD + EUR x 2 + USD, never 12.5 as if one currency
    assert any("EUR amounts converted to USD" in n for n in data["notes"])
    assert "note: EUR amounts converted" in run.stderr
