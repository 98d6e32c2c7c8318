"""Counting ragged rows (io/ragged.py): the vectorised count must equal Python's csv reading
of the same text, which the tests do themselves."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kpitool.errors import InputError
from kpitool.io import ragged
from kpitool.io.sniff import TextLayout

HEADER = ["Date", "Campaign Name", "Impressions"]


def layout(delimiter: str = ",", quote: str | None = '"', header_index: int = 0) -> TextLayout:
    return TextLayout("utf-8", delimiter, quote, header_index, HEADER, [])


def csv_count(text: str, delimiter: str = ",", quoting: int = csv.QUOTE_MINIMAL) -> int:
    """Rows after the header line whose field count is not 3, by the csv module."""
    lines = io.StringIO(text)
    lines.readline()
    rows = csv.reader(lines, delimiter=delimiter, quoting=quoting)
    return sum(1 for row in rows if row and len(row) != len(HEADER))


def test_a_big_file_is_counted_by_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    row = '"Oct 1, 2026",A,5\n'
    text = "Date,Campaign Name,Impressions\n" + row * 10_000 + "Oct 2,B\n"
    assert len(text) > ragged._SMALL
    monkeypatch.setattr(ragged, "_by_csv", None)  # not called
    assert ragged.count_ragged(text.encode(), layout(), Path("f.csv")) == 1


def test_a_big_file_is_counted_from_its_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """read.py passes a plain UTF-8 file by its path: Polars streams it (not held in memory)."""
    row = '"Oct 1, 2026",A,5\n'
    text = "\ufeffDate,Campaign Name,Impressions\n" + row * 10_000 + "Oct 2,B\n" + row + "a,b,c,d\n"
    path = tmp_path / "big.csv"
    path.write_text(text, encoding="utf-8")
    assert path.stat().st_size > ragged._SMALL
    with monkeypatch.context() as m:
        m.setattr(ragged, "_by_csv", None)  # not called
        assert ragged.count_ragged(path, layout(), path) == 2
    # a byte no report holds (the line reader's separator): csv reads the file instead
    path.write_text(text.replace("Oct 2,B", "Oct 2,B\x1f"), encoding="utf-8")
    assert ragged.count_ragged(path, layout(), path) == 2 == csv_count(text.lstrip("\ufeff"))


def test_simple_file_counted_without_csv() -> None:
    text = 'Date,Campaign Name,Impressions\n"Oct 1, 2026",A,5\n"Oct 2, 2026",B\n"x ""y"" z",C,1,2\n'
    assert ragged._by_lines(text.encode(), layout()) == 2
    assert ragged.count_ragged(text.encode(), layout(), Path("f.csv")) == 2


@pytest.mark.parametrize(
    "body",
    [
        '"Oct 1, 2026",5" bath mat,3\nOct 2,B\n',  # a quote inside an unquoted field
        '"Oct 1, 2026","two\nlines",3\nOct 2,B\n',  # a field across lines
        'x"y,"z"w",3\n',  # quotes inside fields: csv alone knows
        'Rug 5x7",12 pack 3",4\n',  # a field ending in a quote, a later one too
    ],
)
def test_unusual_quotes_are_left_to_csv(body: str) -> None:
    text = "Date,Campaign Name,Impressions\n" + body
    assert ragged._by_lines(text.encode(), layout()) is None
    assert ragged.count_ragged(text.encode(), layout(), Path("f.csv")) == csv_count(text)


def test_crlf_empty_lines_bom_and_a_preamble() -> None:
    text = (
        "\ufeffReport for October\r\nDate,Campaign Name,Impressions\r\n"
        "Oct 1,A,5\r\n\r\nOct 2,B\r\n\r\n"
    )
    assert ragged._by_lines(text.encode(), layout(header_index=1)) == 1


def test_tab_separated_without_quotes() -> None:
    text = 'Date\tCampaign Name\tImpressions\nOct 1\t"A\t5\nOct 2\tB\n'
    assert ragged._by_lines(text.encode(), layout("\t", None)) == 1
    assert csv_count(text, "\t", csv.QUOTE_NONE) == 1


def test_the_unit_separator_in_a_file_is_left_to_csv() -> None:
    text = "Date,Campaign Name,Impressions\nOct 1,A\x1fB,5\n"
    assert ragged._by_lines(text.encode(), layout()) is None
    assert ragged.count_ragged(text.encode(), layout(), Path("f.csv")) == 0


FIELD = st.text(alphabet='ab ,"\n', max_size=5)  # a bare CR upsets the csv module itself
ROW = st.lists(FIELD, min_size=1, max_size=5)


@settings(max_examples=200, deadline=None)
@given(st.lists(ROW, max_size=12))
def test_counts_equal_the_csv_module(rows: list[list[str]]) -> None:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    text = out.getvalue()
    want = csv_count(text)
    assert ragged.count_ragged(text.encode(), layout(), Path("f.csv")) == want
    quick = ragged._by_lines(text.encode(), layout())  # count_ragged uses it past 128 KB
    assert quick is None or quick == want
    if not any(c in f for row in rows for f in row for c in '"\n'):
        assert quick == want  # nothing unusual: the vectorised count decided on its own


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.text(alphabet='ab ,"', max_size=5), min_size=1, max_size=5)))
def test_lines_written_by_hand_count_as_the_csv_module_reads_them(
    rows: list[list[str]],
) -> None:
    """Fields joined without quoting, so quotes land anywhere ('7",12 pack 3",4')."""
    text = "Date,Campaign Name,Impressions\n" + "".join(",".join(r) + "\n" for r in rows)
    try:
        want = csv_count(text)
    except csv.Error:  # a quoted field left open at the end: csv refuses the file
        return
    quick = ragged._by_lines(text.encode(), layout())
    assert quick is None or quick == want, text


def test_a_line_past_the_csv_field_limit_is_an_error_of_its_file() -> None:
    text = "Date,Campaign Name,Impressions\nOct 1," + "x" * (csv.field_size_limit() + 1) + "\n"
    assert ragged._by_lines(text.encode(), layout()) is None
    with pytest.raises(InputError, match=r"f\.csv: not a well-formed report \(line 2"):
        ragged.count_ragged(text.encode(), layout(), Path("f.csv"))
