"""The unit-cost file: a good file (forgiving where plain), every error (all at once, file:line)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from pathlib import Path

import polars as pl
import pytest
from paths import REPO

from kpitool.errors import InputError
from kpitool.io.costs import COSTS_SCHEMA, MAX_ERRORS, load_costs

HEADER = "sku,unit_cost,currency,effective_from"


def write(tmp_path: Path, text: str, name: str = "costs.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode())
    return path


def error(tmp_path: Path, text: str) -> list[str]:
    path = write(tmp_path, text)
    with pytest.raises(InputError) as exc:
        load_costs(path)
    return [line.replace(f"{path}:", "costs.csv:") for line in str(exc.value).splitlines()]


def test_good_file_sorted_exact_and_forgiving(tmp_path: Path) -> None:
    text = (
        "\ufeff SKU , Unit Cost ,Currency,effective-from,note\r\n"
        "NW-B,$7.5,usd,2026-10-15,supplier rise\r\n"
        "\r\n"
        '"NW-A, big",  12.345678 ,EUR,2026-01-01,\r\n'
        ",,,,\r\n"
        "NW-B,7.40,USD,2026-01-01,\r\n"
        "NW-C,0,USD,2025-12-31\r\n"
    )
    costs = load_costs(write(tmp_path, text))
    assert costs.schema == pl.Schema(COSTS_SCHEMA)
    assert costs.rows() == [
        ("NW-A, big", D("12.345678"), "EUR", dt.date(2026, 1, 1)),
        ("NW-B", D("7.40"), "USD", dt.date(2026, 1, 1)),
        ("NW-B", D("7.5"), "USD", dt.date(2026, 10, 15)),
        ("NW-C", D("0"), "USD", dt.date(2025, 12, 31)),
    ]


def test_costs_are_exact_decimals(tmp_path: Path) -> None:
    """0.1 + 0.2 is 0.3 exactly, and so are 10,000 costs of 0.01: no float on the way."""
    rows = [f"S{i},0.01,USD,2026-01-01" for i in range(10_000)]
    costs = load_costs(write(tmp_path, "\n".join([HEADER, "A,0.1,USD,2026-01-01", *rows])))
    assert costs["unit_cost"].sum() == D("100.1")
    assert sum([0.01] * 10_000) + 0.1 != 100.1  # the same sum in floats drifts


def test_every_bad_cell_at_once(tmp_path: Path) -> None:
    text = "\n".join(
        [
            HEADER,
            "A,12.50,USD,2026-01-01",
            'B,"12,50",USD,2026-01-01',
            "C,-3,USD,2026-01-01",
            " ,1,USD,2026-01-01",
            "D,1,US,2026-01-01",
            "E,1,USD,10/15/2026",
            "F,1,USD,2026-02-30",
            "G,1.1234567,USD,2026-01-01",
            "H,,USD,",
            "I,1,USD,2026-1-5",
            "J,1,$,2026-01-01",
            "K,1 250.00,USD,2026-01-01",
        ]
    )
    assert error(tmp_path, text) == [
        "costs.csv:3: column 'unit_cost': '12,50' is not a number; write it like 12.50 "
        "(a point, no thousands comma)",
        "costs.csv:4: column 'unit_cost': '-3' is negative; a unit cost is 0 or more",
        "costs.csv:5: column 'sku' is empty; write the seller SKU",
        "costs.csv:6: column 'currency': 'US' is not a 3-letter currency code; write it like USD",
        "costs.csv:7: column 'effective_from': '10/15/2026' is not a date; "
        "write it as YYYY-MM-DD, like 2026-10-15",
        "costs.csv:8: column 'effective_from': '2026-02-30' is not a date; "
        "write it as YYYY-MM-DD, like 2026-10-15",
        "costs.csv:9: column 'unit_cost': '1.1234567' has more than 6 decimals; round it",
        "costs.csv:10: column 'unit_cost' is empty; write the cost of one unit, like 12.50",
        "costs.csv:10: column 'effective_from' is empty; write a date, like 2026-10-15",
        "costs.csv:11: column 'effective_from': '2026-1-5' is not a date; "
        "write it as YYYY-MM-DD, like 2026-10-15",
        "costs.csv:12: column 'currency': '$' is not a 3-letter currency code; write it like USD",
        "costs.csv:13: column 'unit_cost': '1 250.00' is not a number; write it like 12.50 "
        "(a point, no thousands comma)",
    ]


def test_unquoted_decimal_comma_is_an_extra_value(tmp_path: Path) -> None:
    text = "\n".join([HEADER, "A,1,USD,2026-01-01", "B,12,50,USD,2026-01-01"])
    assert error(tmp_path, text) == [
        "costs.csv:3: more values than the header's 4 columns; a comma inside a value? "
        "write a cost like 12.50 (no comma) and quote text holding a comma"
    ]


def test_duplicate_sku_and_date(tmp_path: Path) -> None:
    text = "\n".join(
        [
            HEADER,
            "A,1,USD,2026-01-01",
            "A,2,USD,2026-02-01",
            "B,1,USD,2026-01-01",
            "A,3,USD,2026-01-01",
        ]
    )
    assert error(tmp_path, text) == [
        "costs.csv:5: sku 'A' has two costs from 2026-01-01 (lines 2 and 5); keep one"
    ]


def test_line_numbers_count_blank_lines_and_breaks_inside_quotes(tmp_path: Path) -> None:
    text = f'\n{HEADER}\r\n"A\nsecond line",1,USD,2026-01-01\r\n\r\nB,x,USD,2026-01-01\r\n'
    assert error(tmp_path, text) == [
        "costs.csv:6: column 'unit_cost': 'x' is not a number; write it like 12.50 "
        "(a point, no thousands comma)"
    ]


def test_many_errors_are_capped(tmp_path: Path) -> None:
    rows = [f"S{i},bad,USD,2026-01-01" for i in range(MAX_ERRORS + 5)]
    lines = error(tmp_path, "\n".join([HEADER, *rows]))
    assert len(lines) == MAX_ERRORS + 1
    assert lines[0].startswith("costs.csv:2: column 'unit_cost': 'bad' is not a number")
    assert lines[-1] == "... and 5 more"


def test_missing_columns(tmp_path: Path) -> None:
    assert error(tmp_path, "SKU,cost,effective_from\nA,1,2026-01-01\n") == [
        "costs.csv:1: missing column(s) 'unit_cost', 'currency' (found: sku, cost, "
        "effective_from); the header is sku,unit_cost,currency,effective_from"
    ]


def test_column_twice(tmp_path: Path) -> None:
    assert error(tmp_path, f"{HEADER},SKU\nA,1,USD,2026-01-01,B\n") == [
        "costs.csv:1: column 'sku' appears twice; keep one"
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "costs.csv:1: the cost file is empty; write the header "),
        ("\r\n  \n", "costs.csv:1: the cost file is empty; write the header "),
        (",,,\n", "costs.csv:1: the cost file has no header; write "),
        (HEADER + "\n\n", "costs.csv: no costs below the header; add one row per SKU and cost"),
    ],
)
def test_empty_files(tmp_path: Path, text: str, message: str) -> None:
    assert error(tmp_path, text)[0].startswith(message)


def test_missing_file_not_utf8_and_a_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"nope\.csv: cost file not found; create it"):
        load_costs(tmp_path / "nope.csv")
    (tmp_path / "costs.csv").write_bytes(
        b"sku,unit_cost,currency,effective_from\nR\xe9f,1,USD,2026-01-01\n"
    )
    with pytest.raises(InputError, match=r"not UTF-8 text .* at byte 39\); save it as CSV UTF-8"):
        load_costs(tmp_path / "costs.csv")
    with pytest.raises(InputError, match="not a file"):
        load_costs(tmp_path)


def test_unbalanced_quote(tmp_path: Path) -> None:
    lines = error(tmp_path, f'{HEADER}\nA,"1,USD,2026-01-01\n')
    assert len(lines) == 1 and "check its quotes" in lines[0]


def test_the_sample_cost_file_loads() -> None:
    costs = load_costs(REPO / "configs" / "costs.csv")
    assert costs.height == 31  # 30 SKUs, one of them with a second cost from 2026-10-15
    alpha = costs.filter(pl.col("sku") == "NW-ALPHA-001")
    assert alpha.select("unit_cost", "effective_from").rows() == [
        (D("7.50"), dt.date(2026, 1, 1)),
        (D("8.10"), dt.date(2026, 10, 15)),
    ]
