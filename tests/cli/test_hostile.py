"""Issue 20 (items 2, 3, 6): hostile files never crash a run, never lose a cell silently,
never forge output. Every case runs through the real entry point next to a good report, which
is still read; figures are checked against sums computed here."""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from bad_helpers import Run, cli
from hostile_files import (
    campaign_csv,
    csv_row,
    data_row,
    good_folder,
    header_row,
    patched_zip,
    text_cell,
    workbook,
)
from paths import REPO

from kpitool.cli import BUG_REPORT


@pytest.fixture(autouse=True)
def _no_default_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def serial(d: date) -> int:
    """The Excel date serial of ``d`` (days since 1899-12-30)."""
    return (d - date(1899, 12, 30)).days


def _clean_run(run: Run) -> None:
    for text in (run.stdout, run.stderr):
        assert "Traceback" not in text and BUG_REPORT not in text and "panicked" not in text
    assert run.code in (0, 3), run


def _inspect(capsys: pytest.CaptureFixture[str], folder: Path) -> tuple[Run, dict[str, object]]:
    run = cli(capsys, "inspect", str(folder), "--format", "json")
    _clean_run(run)
    data = json.loads(run.stdout)
    for f in data["files"]:
        assert f["rows"] == f["rows_used"] + f["dropped"]
    return run, data


def _files(data: dict[str, object]) -> dict[str, dict[str, object]]:
    return {Path(str(f["path"])).name: f for f in data["files"]}  # type: ignore[attr-defined]


def _spend(capsys: pytest.CaptureFixture[str], folder: Path) -> float:
    run = cli(capsys, "compute", str(folder), "-f", "json", "--fail-on", "never")
    _clean_run(run)
    assert run.code == 0, run
    [value] = [r["value"] for r in json.loads(run.stdout)["results"] if r["kpi"] == "ad_spend"]
    return float(value)


# --------------------------------------------------------------------------------- item 2


@pytest.mark.parametrize(
    ("name", "data", "needle"),
    [
        ("locked.zip", patched_zip("r.csv", b"x", flag=1), "password-protected"),
        ("d64.zip", patched_zip("r.csv", b"x", method=9), "unsupported zip compression"),
        # a Rust panic in the xlsx reader (chrono: "TimeDelta::milliseconds out of bounds")
        (
            "panic.xlsx",
            workbook([header_row(), data_row(2, serial(date(2026, 10, 3))), data_row(3, -1e15)]),
            "the .xlsx reader failed on a cell",
        ),
        # declared as the whole grid: refused before the reader sees it
        ("declared.xlsx", workbook([header_row()], dimension="A1:XFD1048576"), "declares"),
    ],
)
def test_a_file_that_cannot_be_read_is_one_error_and_the_rest_is_read(
    name: str, data: bytes, needle: str, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    folder = good_folder(tmp_path)
    (folder / name).write_bytes(data)
    run, report = _inspect(capfd, folder)  # capfd: what native code writes to fd 2 too
    assert run.code == 3
    [error] = run.errors
    assert name in error and needle in error, error
    assert list(_files(report)) == ["good.csv"]
    assert _files(report)["good.csv"]["rows"] == 2
    assert "stack backtrace" not in run.stderr


def test_a_cell_at_the_last_column_and_row_is_refused_before_allocation(tmp_path: Path) -> None:
    """4 KB: one cell at XFD1048576 (calamine would allocate 17 billion cells and abort).
    Run in a child whose address space is capped, so that a regression fails, not aborts."""
    folder = good_folder(tmp_path)
    rows = [header_row(), data_row(2, serial(date(2026, 10, 3)))]
    rows.append('<row r="1048576">' + text_cell("XFD1048576", "x") + "</row>")
    (folder / "far.xlsx").write_bytes(workbook(rows))

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))

    done = subprocess.run(
        [sys.executable, "-m", "kpitool", "inspect", str(folder)],
        capture_output=True, text=True, timeout=120, preexec_fn=cap, check=False,
        env={**os.environ, "NO_COLOR": "1"},
    )  # fmt: skip
    assert done.returncode == 3, done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and "far.xlsx" in errors[0] and "1,048,576 rows" in errors[0]
    assert "good.csv" in done.stdout


def test_a_name_that_is_not_utf8_is_read_and_shown_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = good_folder(tmp_path)
    name = os.fsdecode(b"odd\xff\nerror: forged.csv")
    (folder / name).write_text(campaign_csv(csv_row("Oct 3, 2026", spend="$4.00")))
    run, data = _inspect(capsys, folder)
    assert run.code == 0 and run.errors == []
    [odd] = [f for f in data["files"] if "odd" in str(f["path"])]  # type: ignore[attr-defined]
    assert str(odd["path"]).endswith("odd\\xff\\x0aerror: forged.csv") and odd["rows"] == 1
    table = cli(capsys, "inspect", str(folder))
    assert "odd\\xff\\x0aerror: forged.csv" in table.stdout
    assert not any(line.startswith("error") for line in table.stdout.splitlines())
    assert _spend(capsys, folder) == pytest.approx(1.25 + 2.50 + 4.00)


def test_an_odd_name_of_a_broken_file_is_one_error_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = good_folder(tmp_path)
    (folder / "x\nerror: forged.zip").write_bytes(b"not a zip")
    run = cli(capsys, "inspect", str(folder))
    _clean_run(run)
    assert run.code == 3
    [error] = run.errors
    assert "x\\x0aerror: forged.zip" in error


@pytest.mark.parametrize("bad", ["0000-10-01", "12/31/9999", "Oct 1, 0001"])
def test_a_date_out_of_range_leaves_its_row_out_counted(
    bad: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = good_folder(tmp_path)
    (folder / "y.csv").write_text(
        campaign_csv(csv_row(bad, spend="$9.00"), csv_row("Oct 3, 2026", spend="$4.00"))
    )
    run, data = _inspect(capsys, folder)
    assert run.code == 0
    y = _files(data)["y.csv"]
    assert (y["rows"], y["dropped"]) == (2, 1)
    assert any("'Date'" in w and "line 2" in w for w in y["warnings"])  # type: ignore[attr-defined]
    assert _spend(capsys, folder) == pytest.approx(1.25 + 2.50 + 4.00)


def test_an_xlsx_date_serial_past_year_9999_is_a_bad_cell(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = good_folder(tmp_path)
    far = serial(date(9999, 12, 31)) + 20  # year 10000
    rows = [header_row(), data_row(2, serial(date(2026, 10, 3)), 4.0), data_row(3, far, 9.0)]
    (folder / "far.xlsx").write_bytes(workbook(rows))
    run, data = _inspect(capsys, folder)
    assert run.code == 0
    f = _files(data)["far.xlsx"]
    assert (f["rows"], f["dropped"]) == (2, 1)
    assert _spend(capsys, folder) == pytest.approx(1.25 + 2.50 + 4.00)


def test_deep_yaml_is_a_config_error_naming_the_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "deep.yaml"
    config.write_text("version: 1\nsettings: " + "[" * 400 + "]" * 400 + "\n")
    run = cli(capsys, "validate", "--config", str(config))
    _clean_run(run)
    assert run.code == 3
    [error] = run.errors
    assert f"{config}:2:" in error and "nested more than" in error


def test_a_unit_cost_that_would_overflow_is_a_config_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "2026-10"  # the sample's payments report: its units are costed
    shutil.copytree(REPO / "sample_reports" / "2026-10", folder)
    (tmp_path / "costs.csv").write_text(
        "sku,unit_cost,currency,effective_from\nA,{},USD,2026-01-01\n".format("9" * 32)
    )
    config = tmp_path / "kpitool.yaml"
    config.write_text("version: 1\ncosts: costs.csv\n")
    run = cli(capsys, "compute", str(folder), "--config", str(config), "--fail-on", "never")
    _clean_run(run)
    assert run.code == 3
    assert any("costs.csv:2:" in e and "too large" in e for e in run.errors), run.errors


# --------------------------------------------------------------------------------- item 3


@pytest.mark.parametrize(
    "bad",
    [["1e309"], ["1e308", "1e308"], ["9" * 400]],
    ids=["float_overflow", "two_1e308", "400_digits"],
)
def test_numbers_that_overflow_are_bad_cells_not_no_data(
    bad: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = good_folder(tmp_path)
    rows = [csv_row(f"Oct {3 + i}, 2026", spend=v) for i, v in enumerate(bad)]
    (folder / "y.csv").write_text(campaign_csv(*rows, csv_row("Oct 9, 2026", spend="$4.00")))
    _, data = _inspect(capsys, folder)
    y = _files(data)["y.csv"]
    assert (y["rows"], y["dropped"]) == (len(bad) + 1, len(bad))
    assert any("'Spend'" in w for w in y["warnings"])  # type: ignore[attr-defined]
    assert _spend(capsys, folder) == pytest.approx(1.25 + 2.50 + 4.00)


def test_xlsx_text_after_the_first_thousand_rows_is_counted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "2026-10"
    folder.mkdir()
    day = serial(date(2026, 10, 3))
    rows = [header_row(), *(data_row(r, day, 0.5) for r in range(2, 1202))]
    rows.append(data_row(1202, day, "abc"))  # row 1,201 of data: past fastexcel's sample
    (folder / "late.xlsx").write_bytes(workbook(rows))
    _, data = _inspect(capsys, folder)
    f = _files(data)["late.xlsx"]
    assert (f["rows"], f["dropped"]) == (1201, 1)
    assert any("'Spend'" in w and "line 1202" in w for w in f["warnings"])  # type: ignore[attr-defined]
    assert _spend(capsys, folder) == pytest.approx(0.5 * 1200)


def test_a_row_repeated_inside_one_file_counts_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = good_folder(tmp_path)
    same = csv_row("Oct 3, 2026", "R", spend="$4.00")
    (folder / "y.csv").write_text(campaign_csv(same, csv_row("Oct 4, 2026", "R"), same))
    _, data = _inspect(capsys, folder)
    y = _files(data)["y.csv"]
    assert (y["rows"], y["dropped"]) == (3, 1)
    assert any("repeated row" in w and "line 4" in w for w in y["warnings"])  # type: ignore[attr-defined]
    assert _spend(capsys, folder) == pytest.approx(1.25 + 2.50 + 4.00 + 5.00)


def test_rows_repeated_in_a_big_file_count_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file past the sample has its repeated rows found by a streamed pass (repeats.py),
    not in memory: the same rows are left out, counted and named as in a small file."""
    from kpitool.io import repeats

    found: list[list[int] | None] = []

    def spy(*args: object, **kwargs: object) -> list[int] | None:
        rows = real(*args, **kwargs)  # type: ignore[arg-type]
        found.append(rows)
        return rows

    real = repeats.repeated_rows
    monkeypatch.setattr(repeats, "repeated_rows", spy)
    _not_small(monkeypatch)
    folder = good_folder(tmp_path)
    rows = [
        csv_row(f"Oct {i % 28 + 1}, 2026", f"C{i}", spend=f"${i % 7 + 1}.00") for i in range(3000)
    ]
    near = csv_row("Oct 5, 2026", "C4", spend="$9.00")  # row 4 but its spend: not a repeat
    body = [*rows, near, rows[9], rows[2500], rows[2500]]  # lines 3002 (near), 3003..3005
    (folder / "big.csv").write_text(campaign_csv(*body))
    _, data = _inspect(capsys, folder)
    big = _files(data)["big.csv"]
    assert (big["rows"], big["dropped"]) == (3004, 3)
    assert any("repeated row" in w and "line 3003" in w for w in big["warnings"])  # type: ignore[attr-defined]
    assert [3003, 3004, 3005] in found  # the streamed pass found them
    want = 1.25 + 2.50 + sum(i % 7 + 1 for i in range(3000)) + 9.00
    assert _spend(capsys, folder) == pytest.approx(want)


def _not_small(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files past 1 KB are not small: measured by a query of their own, not held cleaned in
    memory, so a file past the sample has its repeated rows found by the streamed pass."""
    from kpitool.io import folder

    monkeypatch.setattr(folder, "SMALL_FILE", 1024)


def test_a_repeat_quoted_otherwise_in_a_big_file_counts_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The lines of a big file are checked before its cells (repeats.distinct_lines): a row
    written again with other quotes and line end has other bytes but the same cells."""
    from kpitool.io import repeats

    lines: list[bool] = []
    real = repeats.distinct_lines

    def spy(*args: Any) -> bool:
        lines.append(real(*args))
        return lines[-1]

    monkeypatch.setattr(repeats, "distinct_lines", spy)
    _not_small(monkeypatch)
    folder = good_folder(tmp_path)
    rows = [csv_row(f"Oct {i % 28 + 1}, 2026", f"C{i}") for i in range(3000)]
    again = rows[9].replace('"C9"', "C9").replace(",USD,", ',"USD",').replace("\n", "\r\n")
    assert again != rows[9]
    (folder / "big.csv").write_text(campaign_csv(*rows, again), newline="")
    _, data = _inspect(capsys, folder)
    big = _files(data)["big.csv"]
    assert (big["rows"], big["dropped"]) == (3001, 1)
    assert any("repeated row" in w and "line 3002" in w for w in big["warnings"])  # type: ignore[attr-defined]
    assert lines == [False]  # the lines could not rule the repeat out: the cells found it
    assert _spend(capsys, folder) == pytest.approx(1.25 + 2.50 + 3000 * 5.00)


def test_one_day_first_cell_does_not_flip_a_month_first_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "2026-10"
    folder.mkdir()
    rows = [csv_row(f"10/{d:02d}/2026", spend="$1.00") for d in range(1, 11)]
    rows.append(csv_row("13/01/2026", spend="$7.00"))  # line 12
    (folder / "y.csv").write_text(campaign_csv(*rows))
    _, data = _inspect(capsys, folder)
    y = _files(data)["y.csv"]
    assert (y["start"], y["end"]) == ("2026-10-01", "2026-10-10")  # month first
    assert y["dropped"] == 1
    assert any("'Date'" in w and "line 12" in w for w in y["warnings"])  # type: ignore[attr-defined]
    assert _spend(capsys, folder) == pytest.approx(10 * 1.00)


# --------------------------------------------------------------------------------- item 6

FORGERY = "Evil\u202eboL\x85line\ttab\nerror: forged"


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown"])
def test_text_from_cells_never_forges_output(
    fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "2026-10"
    folder.mkdir()
    (folder / "y.csv").write_text(
        campaign_csv(csv_row("Oct 3, 2026", FORGERY), csv_row("Oct 3, 2026", "Plain"))
    )
    run = cli(capsys, "compute", str(folder), "--by", "campaign", "-f", fmt, "--fail-on", "never")
    _clean_run(run)
    assert run.code == 0
    for raw in ("\u202e", "\x85", "\ttab", "\nerror: forged"):
        assert raw not in run.stdout, (raw, fmt)
    if fmt == "json":
        groups = {r["group"].get("campaign") for r in json.loads(run.stdout)["results"]}
        assert "Evil\\u202eboL\\x85line\\x09tab\\x0aerror: forged" in groups
    else:  # markdown writes a line break in a cell as a space
        assert "Evil\\u202eboL\\x85line\\x09tab" in run.stdout
    assert not any(line.startswith("error: forged") for line in run.stdout.splitlines())


# --------------------------------------------------------------------------------- item 5


def _chain_config(path: Path, n: int, formula: str) -> Path:
    lines = ["version: 1", "kpis:", '  k0: {formula: "ad_spend", unit: currency}']
    lines += [
        f'  k{i}: {{formula: "{formula.format(p=f"k{i - 1}")}", unit: currency}}'
        for i in range(1, n)
    ]
    path.write_text("\n".join(lines) + "\n")
    return path


def test_custom_kpis_are_a_dag_each_computed_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """22 KPIs, each twice the one before: inlined, the last one's expression had 2**21 leaves
    (minutes and gigabytes, then SIGTERM ignored); as a DAG, a fraction of a second."""
    folder = good_folder(tmp_path)
    config = _chain_config(tmp_path / "kpitool.yaml", 22, "{p} + {p}")
    run = cli(capsys, "compute", str(folder), "--config", str(config), "-f", "json")
    _clean_run(run)
    values = {r["kpi"]: r["value"] for r in json.loads(run.stdout)["results"]}
    assert values["k21"] == pytest.approx((1.25 + 2.50) * 2**21)


def test_validate_reports_a_chain_of_custom_kpis_past_the_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from kpitool.config.checks import MAX_KPI_CHAIN

    ok = _chain_config(tmp_path / "ok.yaml", MAX_KPI_CHAIN, "{p} + 1")
    assert cli(capsys, "validate", "--config", str(ok)).code == 0
    long = _chain_config(tmp_path / "long.yaml", MAX_KPI_CHAIN + 1, "{p} + 1")
    run = cli(capsys, "validate", "--config", str(long))
    _clean_run(run)
    assert run.code == 3
    [error] = run.errors
    assert f"long.yaml:{MAX_KPI_CHAIN + 3}: kpis.k{MAX_KPI_CHAIN}.formula" in error  # k0: line 3
    assert f"chain of {MAX_KPI_CHAIN + 1} custom KPIs" in error


def test_validate_reports_too_many_custom_kpis(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from kpitool.config.checks import MAX_CUSTOM_KPIS

    config = tmp_path / "many.yaml"
    config.write_text(
        "version: 1\nkpis:\n"
        + "".join(
            f'  k{i}: {{formula: "ad_spend + {i}", unit: currency}}\n'
            for i in range(MAX_CUSTOM_KPIS + 1)
        )
    )
    run = cli(capsys, "validate", "--config", str(config))
    _clean_run(run)
    assert run.code == 3
    assert any(f"{MAX_CUSTOM_KPIS + 1} custom KPIs" in e for e in run.errors), run.errors


# ------------------------------------------------------------------ formulas without values


def _formula_workbook(path: Path, spends: list[float | str]) -> None:
    """An SP campaign report as openpyxl writes it: a formula cell has no saved value (as in a
    workbook a script made and Excel never opened)."""
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Date", "Campaign Name", "Impressions", "Clicks", "Spend"])
    for i, spend in enumerate(spends):
        ws.append([f"Oct {i + 1}, 2026", "A", 100, 1, spend])
    wb.save(path)


def test_xlsx_formula_without_a_saved_value_is_a_bad_cell(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A formula cell without a cached value is not an empty (zero) spend: its row is left
    out and counted, and the warning names the cell; the other rows still add up."""
    month = tmp_path / "2026-10"
    month.mkdir()
    spends: list[float | str] = [5.0, "=E2*2", 7.5, "=SUM(E2:E4)", 1.25]
    _formula_workbook(month / "Sponsored Products Campaign report.xlsx", spends)
    run, data = _inspect(capsys, month)
    [f] = data["files"]  # type: ignore[index]
    assert (f["rows"], f["dropped"], f["rows_used"]) == (5, 2, 3)
    [warning] = [w for w in f["warnings"] if "formula" in w]
    assert "2 row(s) left out" in warning and "first: E3 in column 'Spend'" in warning
    assert "line 3" in warning
    run = cli(capsys, "compute", str(month), "-f", "json", "--fail-on", "never")
    _clean_run(run)
    values = {r["kpi"]: r["value"] for r in json.loads(run.stdout)["results"] if not r["group"]}
    assert values["ad_spend"] == pytest.approx(sum(s for s in spends if isinstance(s, float)))
    assert values["impressions"] == 300  # the three rows with a value
    strict = cli(capsys, "compute", str(month), "--strict", "-f", "json")
    assert strict.code == 3 and "formula cell without a saved value" in strict.stderr


def test_xlsx_formula_with_a_saved_value_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A formula whose value Excel saved is read as that value (no warning)."""
    month = tmp_path / "2026-10"
    month.mkdir()
    path = month / "Sponsored Products Campaign report.xlsx"
    _formula_workbook(path, [5.0, "=E2*2"])
    with zipfile.ZipFile(path) as zf:  # what Excel writes: the formula and its value
        parts = {n: zf.read(n) for n in zf.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = parts[sheet].replace(b"<f>E2*2</f><v />", b"<f>E2*2</f><v>10</v>")
    assert b"<v>10</v>" in parts[sheet]
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    run, data = _inspect(capsys, month)
    [f] = data["files"]  # type: ignore[index]
    assert (f["rows"], f["dropped"]) == (2, 0) and f["warnings"] == []
    run = cli(capsys, "compute", str(month), "-f", "json", "--fail-on", "never")
    values = {r["kpi"]: r["value"] for r in json.loads(run.stdout)["results"] if not r["group"]}
    assert values["ad_spend"] == pytest.approx(15.0)


def test_xlsx_whose_parts_expand_past_the_cap_is_refused_while_streaming(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not only the sheet: a workbook part the reader loads whole (shared strings) that
    expands past the cap (lowered to 16 MB here; 2 GiB in a run) refuses the file, whatever
    its zip header says; the other report is read."""
    from kpitool.io import sniff

    monkeypatch.setattr(sniff, "MAX_EXPANDED_BYTES", 16 * 1024**2)
    month = good_folder(tmp_path)
    path = month / "Sponsored Products Campaign report.xlsx"
    _formula_workbook(path, [5.0])
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/sharedStrings.xml", b"<sst>" + b" " * (20 * 1024**2) + b"</sst>")
    run, data = _inspect(capsys, month)
    assert run.code == 3
    [error] = [line for line in run.stderr.splitlines() if "report.xlsx" in line]
    assert "expands past 16777216 bytes; refused" in error
    assert data["files"]  # the good report is still read


def test_xlsx_whose_workbook_part_expands_past_the_cap_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The part naming the sheets (xl/workbook.xml) is looked into only after the expansion
    check, and only its first MB: a 20 MB one past a 16 MB cap is refused unread."""
    from kpitool.errors import InputError
    from kpitool.io import sniff, xlsx_guard

    monkeypatch.setattr(sniff, "MAX_EXPANDED_BYTES", 16 * 1024**2)
    path = tmp_path / "report.xlsx"
    _formula_workbook(path, [5.0])
    with zipfile.ZipFile(path) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    parts["xl/workbook.xml"] += b" " * (20 * 1024**2)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    read: list[int] = []
    real_read = zipfile.ZipExtFile.read

    def counting(self: zipfile.ZipExtFile, n: int = -1) -> bytes:
        out = real_read(self, n)
        read.append(len(out))
        return out

    monkeypatch.setattr(zipfile.ZipExtFile, "read", counting)
    with pytest.raises(InputError, match="expands past 16777216 bytes; refused"):
        xlsx_guard.check_sheets(path, path)
    assert sum(read) == 0  # refused from the zip's headers: no part decompressed
