"""Issue 7, fuzzing: the detector, the sniffer and reader, and the cleaners, on random input.

No exception escapes but kpitool's own (KpiToolError, and NotAReport for a file that is no
report), and what is read adds up: rows == rows_used + dropped == rows of the frame + dropped.
"""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpitool.errors import KpiToolError
from kpitool.io import clean
from kpitool.io.detect import detect
from kpitool.io.folder import measure
from kpitool.io.kinds import KIND_SPECS
from kpitool.io.read import NotAReport, read_report

FUZZ = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)  # fmt: skip
FEW = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

ALIASES = sorted({a for spec in KIND_SPECS for c in spec.columns for a in c.aliases})
header_cell = st.one_of(
    st.sampled_from(ALIASES),
    st.sampled_from(ALIASES).map(lambda a: f"7 Day {a.title()} "),
    st.sampled_from(ALIASES).map(lambda a: f"{a.upper()} (₹)"),
    st.text(max_size=20),
)
value_cell = st.one_of(
    st.sampled_from(
        [
            "",
            "--",
            "N/A",
            "0",
            "-1",
            "abc",
            "1.2.3",
            "$1,234.56",
            "-$9.02",
            "(1,234.50)",
            "12.34%",
            "1.234,56 €",
            "Oct 1, 2026",
            "01/10/2026",
            "2026-10-01T08:00:00+00:00",
            "Infinite",
            "USD",
            "EUR",
            "amazon.com",
            '"',
            "\x00",
            "=1+1",
            "Alice brand",
        ]
    ),
    st.integers(-(10**12), 10**12).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.text(max_size=12),
)


@FUZZ
@given(st.lists(header_cell, max_size=30))
def test_detect_never_raises(headers: list[str]) -> None:
    detect(headers)


def _read(path: Path) -> None:
    """What scan_folder does with one file; only kpitool's own errors may escape."""
    try:
        report = read_report(path)
    except (KpiToolError, NotAReport):
        return
    errors = measure([report])
    if errors:
        return
    assert report.rows == report.rows_used + sum(report.dropped.values())
    assert report.frame.select(pl.len()).collect().item() == report.rows_used


@FUZZ
@given(
    st.binary(max_size=4096),
    st.sampled_from([".csv", ".txt", ".tsv", ".xlsx", ".zip", ".gz", ".csv.gz"]),
)
def test_read_report_on_random_bytes(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"report{suffix}"
        path.write_bytes(data)
        _read(path)


@st.composite
def plausible_csv(draw: st.DrawFn) -> tuple[bytes, str]:
    spec = draw(st.sampled_from(KIND_SPECS))
    names = {c.name: c.aliases[0] for c in spec.columns}
    header = [names[n] for n in spec.signature]
    header += draw(st.lists(header_cell, max_size=6))
    header = draw(st.permutations(header))
    rows = draw(
        st.lists(
            st.lists(value_cell, min_size=max(0, len(header) - 2), max_size=len(header) + 1),
            max_size=12,
        )
    )
    delimiter = draw(st.sampled_from([",", "\t", ";"]))
    out = io.StringIO()
    writer = csv.writer(
        out, delimiter=delimiter, lineterminator=draw(st.sampled_from(["\n", "\r\n"]))
    )
    preamble = draw(st.lists(st.text(max_size=30), max_size=3))
    for line in preamble:
        out.write(line.replace("\n", " ").replace("\r", " ") + "\n")
    writer.writerow(header)
    writer.writerows(rows)
    text = out.getvalue()
    if draw(st.booleans()):  # cut anywhere, as a download that stopped
        text = text[: draw(st.integers(0, len(text)))]
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]))
    data = text.encode(encoding, errors="replace")
    return data, draw(st.sampled_from([".csv", ".txt"]))


@FUZZ
@given(plausible_csv())
def test_read_report_on_plausible_csvs(case: tuple[bytes, str]) -> None:
    data, suffix = case
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"report{suffix}"
        path.write_bytes(data)
        _read(path)


@FEW
@given(st.lists(st.one_of(value_cell, st.none()), max_size=40), st.booleans())
def test_cleaners_never_raise(values: list[str | None], flag: bool) -> None:
    frame = pl.DataFrame({"x": values}, schema={"x": pl.String})
    x = pl.col("x")
    out = frame.select(
        clean.number(x, decimal_comma=flag).alias("number"),
        clean.money(x, decimal_comma=flag).alias("money"),
        clean.count(x, decimal_comma=flag).alias("count"),
        clean.percent(x, decimal_comma=flag).alias("percent"),
        clean.to_date(x, day_first=flag).alias("date"),
        clean.to_datetime(x, day_first=flag).alias("datetime"),
        clean.invalid(x, clean.number(x, decimal_comma=flag)).alias("invalid"),
    )
    assert out.height == len(values)
    assert out["invalid"].null_count() == 0
    fmt = clean.detect_date_format([v for v in values if v], datetime=flag, day_first=flag)
    frame.select(clean.to_date(x, formats=None if fmt is None else [fmt]))
    clean.detect_decimal_comma(values)
    clean.detect_day_first(values)
    clean.currency_from_values(values)


# --------------------------------------------------------------------------------------------
# containers (issue 20): zips and workbooks, well-formed and mangled
# --------------------------------------------------------------------------------------------


def _mangle(draw: st.DrawFn, data: bytes) -> bytes:
    """``data`` as is, cut short, or with a few bytes overwritten (headers, flags, methods)."""
    how = draw(st.sampled_from(["as_is", "cut", "flip"]))
    if how == "cut":
        return data[: draw(st.integers(0, len(data)))]
    if how == "flip" and data:
        out = bytearray(data)
        for _ in range(draw(st.integers(1, 8))):
            out[draw(st.integers(0, len(out) - 1))] = draw(st.integers(0, 255))
        return bytes(out)
    return data


@st.composite
def zips(draw: st.DrawFn) -> bytes:
    from hostile_files import patched_zip

    text, suffix = draw(plausible_csv())
    name = draw(
        st.one_of(
            st.just(f"report{suffix}"),
            # zipfile cuts a name at a NUL (an empty name fails in zipfile itself)
            st.text(min_size=1, max_size=20).map(
                lambda s: s.replace("/", "_").replace("\x00", "_") + suffix
            ),
        )
    )
    flag = draw(st.sampled_from([0, 0, 1, 8]))  # 1: encrypted, 8: sizes after the data
    method = draw(st.sampled_from([None, None, 9, 12, 14, 99]))  # Deflate64, bzip2, LZMA, ?
    return _mangle(draw, patched_zip(name, text, flag=flag, method=method))


@FUZZ
@given(zips())
def test_read_report_on_zip_containers(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "report.zip"
        path.write_bytes(data)
        _read(path)


_XLSX_VALUE = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([-1e15, -1.0, 0.0, 2958466.0, 3e6, 1e308, 46296.5]),  # date serials
    st.text(alphabet=st.characters(codec="ascii", categories=["L", "N", "P"]), max_size=8),
)


@st.composite
def workbooks(draw: st.DrawFn) -> bytes:
    from hostile_files import header_row, number_cell, text_cell, workbook

    rows = [header_row()]
    for r in range(2, 2 + draw(st.integers(0, 8))):
        cells = []
        for col in "ABCDEFGHI":
            value = draw(_XLSX_VALUE)
            ref = f"{col}{r}"
            if isinstance(value, str):
                cells.append(text_cell(ref, value))
            else:
                cells.append(number_cell(ref, value, date=draw(st.booleans())))
        rows.append(f'<row r="{r}">' + "".join(cells) + "</row>")
    far = draw(st.sampled_from([None, "XFD1048576", "A5000", "ZZ100"]))
    if far is not None:  # one cell far away: refused, or a sheet of empty rows
        rows.append(
            f'<row r="{far.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")}">' + text_cell(far, "x") + "</row>"
        )
    dimension = draw(st.sampled_from([None, "A1", "A1:I9", "A1:XFD1048576"]))
    return _mangle(draw, workbook(rows, dimension=dimension))


@FEW
@given(workbooks())
def test_read_report_on_xlsx_containers(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "report.xlsx"
        path.write_bytes(data)
        _read(path)


def test_a_date_past_year_9999_in_a_text_column_is_read_as_text(tmp_path: Path) -> None:
    # found by the fuzzer above: a Currency cell styled as a date of year 10000 (serial
    # 2958466), which Python's datetime cannot hold, crashed the currency lookup
    from hostile_files import header_row, number_cell, workbook

    cells = "".join(number_cell(f"{col}2", 2958466.0, date=True) for col in "ABCDEFGHI")
    path = tmp_path / "report.xlsx"
    path.write_bytes(workbook([header_row(), f'<row r="2">{cells}</row>']))
    _read(path)
