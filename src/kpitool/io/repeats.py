"""Rows repeated inside one file (a copy-paste, a re-export appended), found without holding
the file in memory.

A repeated row counts once. Flagging it by ``pl.struct(<every cell>).is_first_distinct()`` in
the audit is exact, but Polars does not stream that expression: it holds every raw cell and
every cleaned column of the file for it (5M search term rows: 1.7 GB, against 0.45 GB when
the file streams). So for a file that is not small, the repeated rows are found first: a
streamed count of the distinct 64-bit hashes of its rows (a hash set, some 8 bytes a row)
says whether any two rows may be equal; when none may (the usual case) no row repeats, since
equal rows have equal hashes. Otherwise only the rows whose hash is shared are compared cell
by cell, as the struct would be, so a hash shared by unequal rows is no repeat. The audit
then flags the rows by line number, an expression that streams.

Parsing every cell of a big file is most of that pass (1M search term rows: ~0.39 s, more than
the month's KPI query reads of it). A text file is first read line by line instead (~0.15 s):
each line with its quotes taken out and its trailing separators cut, so that two rows of equal
cells give equal lines however their cells were quoted. When all those lines differ, no two
rows can be equal and the cells are never parsed; a line shared by two rows (or a file that
holds an empty row twice) sends the file to the exact pass above. The one row this reads
apart from the exact pass: a row longer than the header whose cells past the header differ
(Polars cuts them off); its lines differ, so it is not a repeat, which is what "every cell
the same" says.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import polars as pl

from kpitool.io.ragged import scan_lines

#: never caught: the user's interrupt, an exit
_PASS = (KeyboardInterrupt, SystemExit, GeneratorExit)
_HASH = "_repeat_hash"


def distinct_lines(source: Path | bytes, skip: int, sep: str, quote: str | None) -> bool:
    """True if the lines of ``source`` past its first ``skip`` (its header and the lines
    before it) are all different once quotes and trailing separators are taken out: then
    no two of its rows have equal cells. False if two may (the exact pass decides)."""
    line = pl.col("l").fill_null("")
    if quote is not None:
        line = line.str.replace_all(quote, "", literal=True)
    line = line.str.strip_chars_end(sep)
    lines = scan_lines(source, skip)
    try:
        # the hashes gathered batch by batch (5M lines: 0.42 GB at peak), not counted by the
        # streaming engine's n_unique, which held 0.63 GB
        hashes = [b.get_column("h") for b in lines.select(line.hash().alias("h")).collect_batches()]
    except _PASS:
        raise
    except BaseException:  # the exact pass reads the file (and measure says what is wrong)
        return False
    if not hashes:
        return True
    every = pl.concat(hashes)
    return bool(every.n_unique() == every.len())


def repeated_rows(
    raw: pl.LazyFrame,
    names: list[str],
    row: str,
    distinct: Callable[[], bool] | None = None,
) -> list[int] | None:
    """The line numbers (column ``row``) of the rows of ``raw`` equal in every cell of
    ``names`` to an earlier row; None if the file cannot be read through (a broken quote
    past the sample): the exact in-memory flag is used then, and measuring it says why.
    ``distinct``: for a text file, its lines' check (``distinct_lines``), tried first."""
    if distinct is not None and distinct():
        return []
    key = _key(names)
    try:
        counts = raw.select(pl.len(), key.n_unique().alias("u")).collect(engine="streaming")
        if counts.item(0, 0) == counts.item(0, 1):
            return []
        shared = (
            raw.select(key.alias(_HASH))
            .group_by(_HASH)
            .agg(pl.len().alias("n"))
            .filter(pl.col("n") > 1)
            .collect(engine="streaming")
            .get_column(_HASH)
        )
        candidates = (
            raw.filter(key.is_in(shared.implode(), nulls_equal=True))
            .select(row, *names)
            .collect(engine="streaming")
            .sort(row)
        )
    except _PASS:
        raise
    except BaseException:  # any read error (or a native panic) is measure's to report
        return None
    same = pl.struct(*[pl.col(n) for n in names])
    return candidates.filter(~same.is_first_distinct()).get_column(row).to_list()


def _key(names: list[str]) -> pl.Expr:
    """A row's hash, from all its cells."""
    return pl.struct(*[pl.col(n) for n in names]).hash()


def repeat_flag(rows: list[int], row: str) -> pl.Expr:
    """True on the rows ``repeated_rows`` found (elementwise: streamed)."""
    if not rows:
        return pl.lit(False)
    return pl.col(row).is_in(pl.Series(rows, dtype=pl.Int64).implode())
