"""The unit-cost file named by ``costs:`` in the config: what one unit of each SKU cost, from when.

A CSV file, UTF-8, one header row::

    sku,unit_cost,currency,effective_from
    NW-ALPHA-001,7.50,USD,2026-01-01
    NW-ALPHA-001,8.10,USD,2026-10-15

A cost applies from its ``effective_from`` date until the day before the next row of the same
SKU (rows may come in any order). :func:`load_costs` returns :data:`COSTS_SCHEMA`, sorted by
SKU then date, with the cost as an exact ``Decimal``.

Forgiving where the meaning is plain: a BOM, CRLF, blank lines, spaces around values and
headers, header case, ``Unit Cost``/``unit-cost`` for ``unit_cost``, columns in any order,
other columns (ignored), a ``$`` before the cost (the ``currency`` column names the currency),
a lower-case currency (``usd``).

Strict where a number or a date could be misread: the cost is digits with an optional decimal
point (at most 6 decimals, no thousands separator: ``12,50`` and ``1,250.00`` are errors);
the date is ``YYYY-MM-DD`` only (``10/11/2026`` is an error); the currency is a 3-letter code.
A bad row is an error, never skipped: every problem is reported at once, one line each, as
``file:line: column 'name': problem; what to write`` (at most :data:`MAX_ERRORS`).
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from kpitool.errors import InputError
from kpitool.io.clean import AMOUNT_DTYPE, AMOUNT_SCALE

COSTS_SCHEMA: dict[str, pl.DataType] = {
    "sku": pl.String(),
    "unit_cost": AMOUNT_DTYPE,
    "currency": pl.String(),
    "effective_from": pl.Date(),
}
COLUMNS = tuple(COSTS_SCHEMA)
HEADER = ",".join(COLUMNS)
MAX_ERRORS = 20
_LINE = "_line"
#: at most this many digits before the point: a unit cost times the units sold, summed, must
#: stay inside Decimal(38, 6) (32 digits would overflow it)
MAX_COST_DIGITS = 12
_NUMBER = (
    rf"^\$?\s*(?:[0-9]{{1,{MAX_COST_DIGITS}}}(?:\.[0-9]{{0,{AMOUNT_SCALE}}})?"
    rf"|\.[0-9]{{1,{AMOUNT_SCALE}}})$"
)


def load_costs(path: Path) -> pl.DataFrame:
    """Read and validate a unit-cost file; raise one :class:`InputError` listing every problem."""
    rows, problems = _rows(path, _text(path))
    if rows.is_empty() and not problems:
        raise InputError(f"{path}: no costs below the header; add one row per SKU and cost")
    problems += _cell_problems(rows)
    if problems:
        problems.sort(key=lambda p: p[0])
        shown = [f"{path}:{line}: {msg}" for line, msg in problems[:MAX_ERRORS]]
        if len(problems) > MAX_ERRORS:
            shown.append(f"... and {len(problems) - MAX_ERRORS} more")
        raise InputError("\n".join(shown))
    sku, cost, currency, date = _clean()
    return rows.select(
        sku.alias("sku"),
        cost.alias("unit_cost"),
        currency.alias("currency"),
        date.alias("effective_from"),
    ).sort("sku", "effective_from")


def _text(path: Path) -> str:
    if not path.exists():
        raise InputError(
            f"{path}: cost file not found; create it (header {HEADER}) or fix costs: in the config"
        )
    if not path.is_file():
        raise InputError(f"{path}: not a file; costs: in the config names a CSV file")
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start}); save it as CSV UTF-8"
        ) from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read the cost file ({exc.strerror})") from None
    if not text.strip():
        raise InputError(
            f"{path}:1: the cost file is empty; write the header {HEADER} "
            "and one row per SKU and cost"
        )
    return text


def _rows(path: Path, text: str) -> tuple[pl.DataFrame, list[tuple[int, str]]]:
    """The data rows as text columns named as :data:`COLUMNS` (plus ``_line``), and the
    problems found in the shape of the file (header, number of values per row)."""
    # one column per comma of the longest line is enough for every row: no row is cut short
    commas = pl.Series(text.split("\n"), dtype=pl.String).str.count_matches(",", literal=True)
    width = int(commas.max() or 0) + 1  # type: ignore[arg-type]
    try:
        raw = pl.read_csv(
            text.encode(),
            has_header=False,
            schema={f"c{i}": pl.String for i in range(width)},
            missing_columns="insert",
        )
    except pl.exceptions.PolarsError as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
        raise InputError(f"{path}: cannot be read as CSV ({first}); check its quotes") from None
    fields = raw.columns
    cells = [pl.col(c) for c in fields]
    # line numbers: a quoted value may hold line breaks, which push the following rows down
    breaks = pl.sum_horizontal([c.str.count_matches("\n", literal=True) for c in cells])
    breaks = breaks.fill_null(0)
    filled = pl.sum_horizontal([c.str.strip_chars().fill_null("") != "" for c in cells])
    raw = raw.with_columns(
        (pl.int_range(1, pl.len() + 1) + breaks.cum_sum() - breaks).alias(_LINE),
        filled.alias("_filled"),
    ).filter(pl.col("_filled") > 0)
    if raw.is_empty():  # only commas
        raise InputError(f"{path}:1: the cost file has no header; write {HEADER}")
    head = raw.row(0, named=True)
    header_line = int(head[_LINE])
    names = {
        c: str(head[c]).strip().lower().replace(" ", "_").replace("-", "_")
        for c in fields
        if head[c] is not None and str(head[c]).strip()
    }
    problems: list[tuple[int, str]] = []
    positions: dict[str, str] = {}
    for c, name in names.items():
        if name in positions and name in COLUMNS:
            problems.append((header_line, f"column '{name}' appears twice; keep one"))
        positions.setdefault(name, c)
    missing = [c for c in COLUMNS if c not in positions]
    if missing:
        found = ", ".join(names.values())
        problems.append(
            (
                header_line,
                f"missing column(s) {', '.join(repr(m) for m in missing)} (found: {found}); "
                f"the header is {HEADER}",
            )
        )
    if problems:
        raise InputError("\n".join(f"{path}:{line}: {msg}" for line, msg in problems))
    last = max(fields.index(c) for c in names)
    rows = raw.slice(1)
    beyond = [pl.col(c).str.strip_chars().fill_null("") != "" for c in fields[last + 1 :]]
    if beyond:
        extra = rows.filter(pl.any_horizontal(beyond))[_LINE].to_list()
        rows = rows.filter(~pl.col(_LINE).is_in(extra))  # its cells are shifted: not checked
        problems += [
            (
                line,
                f"more values than the header's {last + 1} columns; a comma inside a value? "
                "write a cost like 12.50 (no comma) and quote text holding a comma",
            )
            for line in extra
        ]
    out = rows.select(*[pl.col(positions[c]).alias(c) for c in COLUMNS], pl.col(_LINE))
    return out, problems


def _clean() -> tuple[pl.Expr, pl.Expr, pl.Expr, pl.Expr]:
    """The cleaned sku, unit_cost, currency and effective_from (null where not valid)."""
    text = {c: pl.col(c).str.strip_chars() for c in COLUMNS}
    sku = pl.when(text["sku"] != "").then(text["sku"])
    number = text["unit_cost"].str.replace(r"^\$\s*", "")
    cost = (
        pl.when(text["unit_cost"].str.contains(_NUMBER))
        .then(number)
        .cast(AMOUNT_DTYPE, strict=False)
    )
    currency = text["currency"].str.to_uppercase()
    currency = pl.when(currency.str.contains(r"^[A-Z]{3}$")).then(currency)
    day = text["effective_from"]
    date = pl.when(day.str.contains(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")).then(day)
    return sku, cost, currency, date.str.strptime(pl.Date, "%Y-%m-%d", strict=False)


def _cell_problems(rows: pl.DataFrame) -> list[tuple[int, str]]:
    """Every bad cell, and every repeated (sku, effective_from), as (line, message)."""
    sku, cost, currency, date = _clean()
    text = {c: pl.col(c).str.strip_chars().fill_null("") for c in COLUMNS}

    def bad(column: str, ok: pl.Expr, what: str) -> pl.Expr:
        value = text[column]
        empty = pl.format(f"column '{column}' is empty; {what}")
        wrong = pl.format(f"column '{column}': '{{}}' {{}}", value, _why(column, value))
        return pl.when(value == "").then(empty).when(~ok).then(wrong)

    first = pl.col(_LINE).min().over(sku, date)
    repeated = pl.when(sku.is_not_null() & date.is_not_null() & (pl.col(_LINE) != first)).then(
        pl.format(
            "sku '{}' has two costs from {} (lines {} and {}); keep one",
            sku,
            date.dt.to_string("%Y-%m-%d"),
            first,
            pl.col(_LINE),
        )
    )
    checks = rows.select(
        pl.col(_LINE),
        bad("sku", sku.is_not_null(), "write the seller SKU").alias("0"),
        bad("unit_cost", cost.is_not_null(), "write the cost of one unit, like 12.50").alias("1"),
        bad("currency", currency.is_not_null(), "write a currency code, like USD").alias("2"),
        bad("effective_from", date.is_not_null(), "write a date, like 2026-10-15").alias("3"),
        repeated.alias("4"),
    )
    found = checks.unpivot(index=_LINE).drop_nulls("value").sort(_LINE, "variable")
    return [(int(line), str(msg)) for line, _, msg in found.iter_rows()]


def _why(column: str, value: pl.Expr) -> pl.Expr:
    """Why a non-empty cell of ``column`` is not valid, and what to write instead."""
    match column:
        case "unit_cost":
            return (
                pl.when(value.str.contains(r"^-\s*\$?\s*[0-9.]+$"))
                .then(pl.lit("is negative; a unit cost is 0 or more"))
                .when(value.str.contains(rf"^\$?\s*[0-9]*\.[0-9]{{{AMOUNT_SCALE + 1},}}$"))
                .then(pl.lit(f"has more than {AMOUNT_SCALE} decimals; round it"))
                .when(value.str.contains(rf"^\$?\s*[0-9]{{{MAX_COST_DIGITS + 1},}}(?:\.[0-9]*)?$"))
                .then(
                    pl.lit(
                        f"is too large (more than {MAX_COST_DIGITS} digits before the point); "
                        "write the cost of one unit"
                    )
                )
                .otherwise(
                    pl.lit("is not a number; write it like 12.50 (a point, no thousands comma)")
                )
            )
        case "currency":
            return pl.lit("is not a 3-letter currency code; write it like USD")
        case "effective_from":
            return pl.lit("is not a date; write it as YYYY-MM-DD, like 2026-10-15")
    return pl.lit("is not valid")  # pragma: no cover
