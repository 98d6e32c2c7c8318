"""`kpitool inspect` and scan_folder on a folder of mixed files: reports, skipped files,
broken files (an error line, exit 3, no traceback) and warnings that say where."""

from __future__ import annotations

import gzip
import json
import random
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from bad_helpers import run_then_show
from ingest_helpers import lines, quoted, write
from typer.testing import CliRunner

from kpitool.cli import app
from kpitool.engine.scan import inspect_folder
from kpitool.io import folder as folder_module
from kpitool.io.folder import scan_folder
from kpitool.results.inspect import inspect_dict

CAMPAIGN = lines(
    quoted("Date", "Campaign Name", "Impressions", "Clicks", "Spend", "7 Day Total Sales "),
    quoted("Mar 1, 2026", "A", "100", "2", "$1.00", "$10.00"),
    quoted("Mar 1, 2026", "B", "100", "abc", "$2.00", "$0.00"),  # line 3: dropped
    quoted("Mar 2, 2026", "A", "100", "1", "$4.00", "$0.00"),
)
BUSINESS = "\ufeff" + lines(
    quoted("(Parent) ASIN", "(Child) ASIN", "Sessions", "Units Ordered", "Ordered Product Sales"),
    quoted("P1", "C1", "3,395", "119", "$5,216.29"),
)


def invoke(folder: Path, *args: str) -> Any:
    return CliRunner().invoke(app, ["inspect", str(folder), *args])


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    write(tmp_path, "ads/Sponsored Products Campaign report.csv", CAMPAIGN)
    write(tmp_path, "BusinessReport-11-21-19.csv", BUSINESS)
    write(tmp_path, ".DS_Store", b"\x00\x00\x00\x01Bud1")
    write(tmp_path, ".hidden report.csv", CAMPAIGN)
    write(tmp_path, "~$BusinessReport.xlsx", b"lock")
    write(tmp_path, "notes.md", "# my notes\n")
    write(tmp_path, "todo.txt", "call the supplier\nreorder mats\n")
    write(tmp_path, "empty.csv", b"")
    write(tmp_path, "almost.csv", lines(quoted("Date", "Campaign Name", "Impressions", "Clicks"),
                                        quoted("Mar 1, 2026", "A", "1", "1")))  # fmt: skip
    return tmp_path


def test_scan_skips_hidden_and_non_report_files_with_reasons(mixed: Path) -> None:
    scan = scan_folder(mixed)
    assert sorted(r.path.name for r in scan.reports) == [
        "BusinessReport-11-21-19.csv",
        "Sponsored Products Campaign report.csv",
    ]
    reasons = {s.path.name: s.reason for s in scan.skipped}
    assert set(reasons) == {
        ".DS_Store", ".hidden report.csv", "~$BusinessReport.xlsx", "notes.md", "todo.txt",
        "empty.csv", "almost.csv",
    }  # fmt: skip
    assert "hidden" in reasons[".DS_Store"]
    assert "hidden" in reasons[".hidden report.csv"]
    assert "temporary" in reasons["~$BusinessReport.xlsx"]
    assert ".md" in reasons["notes.md"]
    assert "header" in reasons["todo.txt"]
    assert "header" in reasons["empty.csv"]
    assert "sp_campaign" in reasons["almost.csv"]
    assert scan.errors == []


def test_inspect_json_does_not_import_rich(mixed: Path, tmp_path: Path) -> None:
    """Rich draws the table; the JSON does without it (a fixed cost of every run)."""
    args = ["inspect", str(mixed), "--format", "json"]
    assert run_then_show(args, "'rich' in sys.modules", tmp_path) == "False"
    assert run_then_show(args[:2], "'rich' in sys.modules", tmp_path) == "True"


def test_inspect_json_is_the_library_result(mixed: Path) -> None:
    result = invoke(mixed, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data == json.loads(json.dumps(inspect_dict(inspect_folder(mixed))))
    assert data["schema_version"] == 1
    files = {Path(f["path"]).name: f for f in data["files"]}
    camp = files["Sponsored Products Campaign report.csv"]
    for key in ("path", "kind", "rows", "dropped", "start", "end", "currency", "marketplace",
                "attribution_days", "warnings"):  # fmt: skip
        assert key in camp
    assert (camp["kind"], camp["rows"], camp["dropped"]) == ("sp_campaign", 3, 1)
    assert (camp["start"], camp["end"]) == ("2026-03-01", "2026-03-02")
    assert (camp["currency"], camp["attribution_days"]) == ("USD", 7)
    assert camp["rows_used"] == camp["rows"] - camp["dropped"]
    [reason] = camp["dropped_reasons"]
    assert "'Clicks'" in reason
    br = files["BusinessReport-11-21-19.csv"]
    assert (br["kind"], br["rows"], br["dropped"], br["start"], br["end"]) == (
        "business_report_by_item",
        1,
        0,
        None,
        None,
    )
    assert br["attribution_days"] is None
    assert {s["path"].rsplit("/", 1)[-1] for s in data["skipped"]} >= {"notes.md", "todo.txt"}
    assert all(set(s) == {"path", "reason"} for s in data["skipped"])
    assert any("almost.csv" in w for w in data["warnings"])


def test_inspect_table_warns_naming_file_line_and_column(mixed: Path) -> None:
    result = invoke(mixed)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "sp_campaign" in out and "business_report_by_item" in out
    [warning] = [line for line in out.splitlines() if "'Clicks'" in line]
    assert "Sponsored Products Campaign report.csv" in warning
    assert "line 3" in warning
    assert "warning" in warning
    assert "Skipped:" in out
    assert "notes.md" in out


def _broken_folder(tmp_path: Path) -> Path:
    write(tmp_path, "good.csv", CAMPAIGN)
    write(tmp_path, "corrupt.xlsx", b"PK\x03\x04\x14\x00\x00\x00 not a workbook at all")
    write(tmp_path, "junk.csv", random.Random(0).randbytes(4096) + b"\x00")
    write(tmp_path, "bad.zip", b"PK\x05\x06 truncated")
    write(tmp_path, "bad.csv.gz", b"\x1f\x8b\x08\x00 not really gzip")
    with zipfile.ZipFile(tmp_path / "two.zip", "w") as zf:
        zf.writestr("a.csv", CAMPAIGN)
        zf.writestr("b.csv", BUSINESS)
    return tmp_path


BROKEN = ["corrupt.xlsx", "junk.csv", "bad.zip", "bad.csv.gz", "two.zip"]


def test_unreadable_files_are_errors_and_the_rest_is_reported(tmp_path: Path) -> None:
    scan = inspect_folder(_broken_folder(tmp_path))
    assert [r.path.name for r in scan.reports] == ["good.csv"]
    assert sorted(e.path.name for e in scan.errors) == sorted(BROKEN)
    for e in scan.errors:
        assert e.message
        assert "Traceback" not in e.message


def test_inspect_exit_code_3_error_lines_on_stderr_no_traceback(tmp_path: Path) -> None:
    folder = _broken_folder(tmp_path)
    for fmt in ("table", "json"):
        result = invoke(folder, "--format", fmt)
        assert result.exit_code == 3, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert "Traceback" not in result.output
        errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
        assert len(errors) == len(BROKEN)
        for name in BROKEN:
            [line] = [e for e in errors if f"{name}:" in e]
            assert len(line) < 400
        # the good file is still reported on stdout
        assert "good.csv" in result.stdout
    data = json.loads(invoke(folder, "--format", "json").stdout)
    assert sorted(Path(e["path"]).name for e in data["errors"]) == sorted(BROKEN)


def test_error_messages_say_what_to_do(tmp_path: Path) -> None:
    scan = inspect_folder(_broken_folder(tmp_path))
    messages = {e.path.name: e.message for e in scan.errors}
    assert "download" in messages["corrupt.xlsx"]
    assert "download" in messages["junk.csv"]
    assert "unzip" in messages["two.zip"]


def test_inspect_missing_folder_is_one_error_line(tmp_path: Path) -> None:
    """Through the console entry point (main() turns a KpiToolError into exit 3)."""
    proc = subprocess.run(
        [sys.executable, "-m", "kpitool", "inspect", str(tmp_path / "nope")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 3
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith("error:") and "nope" in proc.stderr
    assert proc.stdout == ""


def test_inspect_entry_point_with_broken_files(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "kpitool", "inspect", str(_broken_folder(tmp_path))],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 3
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.splitlines()) == len(BROKEN)


def test_gz_and_zip_reports_are_listed(tmp_path: Path) -> None:
    (tmp_path / "c.csv.gz").write_bytes(gzip.compress(CAMPAIGN.encode()))
    with zipfile.ZipFile(tmp_path / "b.zip", "w") as zf:
        zf.writestr("BusinessReport.csv", BUSINESS)
    data = json.loads(invoke(tmp_path, "--format", "json").stdout)
    kinds = {Path(f["path"]).name: f["kind"] for f in data["files"]}
    assert kinds == {"c.csv.gz": "sp_campaign", "b.zip": "business_report_by_item"}


@pytest.mark.parametrize("ahead", [False, True], ids=["bytes-checked-in-turn", "taken-ahead"])
def test_cp1252_byte_past_the_sniffed_head(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ahead: bool
) -> None:
    """The encoding is guessed from the first 256 KiB; a cp1252 byte after that must not
    break the (otherwise lazy) scan. ``ahead``: the file's bytes are checked in the thread
    that takes big files' ahead of their reading (folder.AHEAD_BYTES lowered to this file)."""
    monkeypatch.setattr(folder_module, "AHEAD_BYTES", 1 if ahead else 1 << 40)
    taken: list[Path] = []
    real = folder_module.file_fingerprint
    monkeypatch.setattr(
        folder_module, "file_fingerprint", lambda p, h: taken.append(p) or real(p, h)
    )
    header = quoted("sku", "afn-fulfillable-quantity", "mfn-listing-exists", "product-name")
    body = [quoted(f"S{i}", "1", "No", "plain ascii title " * 5) for i in range(3000)]
    text = lines(header, *body, quoted("SLATE", "2", "No", "Rug – grey"))
    path = write(tmp_path, "manage.csv", text, encoding="cp1252")
    assert path.stat().st_size > 300_000
    scan = inspect_folder(tmp_path)
    assert scan.errors == []
    [report] = scan.reports
    assert report.rows == 3001
    titles = report.frame.select("title").collect()["title"].to_list()
    assert titles[-1] == "Rug – grey"
    assert report.frame.select("available").sum().collect().item() == 3002
    assert taken == ([path] if ahead else [])


def test_broken_quote_past_the_sample_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    """read_report parses a sample; measure() meets the broken row and reports the file."""
    body = [quoted("Mar 1, 2026", f"C{i}", "100", "2", "$1.00") for i in range(2500)]
    text = lines(
        quoted("Date", "Campaign Name", "Impressions", "Clicks", "Spend"),
        *body,
        '"Mar 4, 2026",D,1,1,"$1.00',
    )
    write(tmp_path, "a.csv", text)
    write(tmp_path, "b.csv", CAMPAIGN)
    scan = inspect_folder(tmp_path)
    assert [r.path.name for r in scan.reports] == ["b.csv"]
    [error] = scan.errors
    assert error.path.name == "a.csv"
    assert "download it again" in error.message
    result = invoke(tmp_path)
    assert result.exit_code == 3
    assert "Traceback" not in result.output
    assert "a.csv" in result.stderr
