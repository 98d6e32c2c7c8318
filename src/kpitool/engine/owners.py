"""Who owns what: ASIN, SKU and campaign glob patterns -> owner, as Polars expressions.

Patterns are globs matched against the whole value, case-sensitively: ``*`` is any run of
characters, ``?`` one character; everything else is literal. The first owner in config order
whose patterns match wins; a value that two or more owners match is reported once, naming them
all. What no owner matches is :data:`UNASSIGNED`. Patterns are compiled once into a matcher
(exact values in a dict, globs by their literal prefix) applied to each distinct value.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

import polars as pl

from kpitool.config import UNASSIGNED


@dataclass(frozen=True)
class OwnerRule:
    """One owner's patterns, in config order."""

    id: str
    team: str | None = None
    asins: tuple[str, ...] = ()
    skus: tuple[str, ...] = ()
    campaigns: tuple[str, ...] = ()


class _HasPatterns(Protocol):  # structural view of config.Owner
    @property
    def team(self) -> str | None: ...
    @property
    def asins(self) -> Sequence[str]: ...
    @property
    def skus(self) -> Sequence[str]: ...
    @property
    def campaigns(self) -> Sequence[str]: ...


def rules_from_owners(owners: Mapping[str, _HasPatterns]) -> list[OwnerRule]:
    """OwnerRules from ``config.owners`` (its order is the file order)."""
    return [
        OwnerRule(oid, o.team, tuple(o.asins), tuple(o.skus), tuple(o.campaigns))
        for oid, o in owners.items()
    ]


def glob_to_regex(pattern: str) -> str:
    """An anchored regex (Rust ``regex`` syntax) matching exactly what the glob matches."""
    out = ["(?s)^"]
    for ch in pattern:
        if ch == "*":
            out.append(".*")
        elif ch == "?":
            out.append(".")
        elif ch.isalnum() or ch in " _":
            out.append(ch)
        else:
            out.append(f"\\x{{{ord(ch):X}}}")
    out.append("$")
    return "".join(out)


class _ColumnMatcher:
    """Every owner's patterns for one column (ASIN, SKU or campaign), compiled once: a value
    looks up the owners (config indexes) whose patterns match it in a dict of the literal
    patterns, then tries only the globs whose literal prefix the value starts with. 10,000
    owners cost a few dict lookups per distinct value, not 10,000 regexes per row."""

    def __init__(self, patterns: Sequence[tuple[int, str]]) -> None:
        self.exact: dict[str, list[int]] = {}
        self.globs: dict[str, list[tuple[int, re.Pattern[str]]]] = {}  # by literal prefix
        for owner, pattern in patterns:
            if "*" not in pattern and "?" not in pattern:
                self.exact.setdefault(pattern, []).append(owner)
                continue
            cut = min(i for i in (pattern.find("*"), pattern.find("?")) if i >= 0)
            self.globs.setdefault(pattern[:cut], []).append((owner, _glob_compiled(pattern)))
        self.lengths = sorted({len(p) for p in self.globs})
        self.seen: dict[str, tuple[int, ...]] = {}

    def owners(self, value: str | None) -> tuple[int, ...]:
        """The indexes of the owners whose patterns match ``value`` (None matches none)."""
        if value is None:
            return ()
        found = self.seen.get(value)
        if found is None:
            hits = set(self.exact.get(value, ()))
            for n in self.lengths:
                if n > len(value):
                    break
                for owner, regex in self.globs.get(value[:n], ()):
                    if owner not in hits and regex.fullmatch(value):
                        hits.add(owner)
            found = self.seen[value] = tuple(sorted(hits))
        return found


def _glob_compiled(pattern: str) -> re.Pattern[str]:
    """Python's regex for a glob (``*`` any run, ``?`` one character, the rest literal)."""
    body = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.compile(body, re.DOTALL)


_COLUMNS = ("asins", "skus", "campaigns")


@functools.lru_cache(maxsize=8)
def _matchers(rules: tuple[OwnerRule, ...]) -> dict[str, _ColumnMatcher]:
    return {
        field: _ColumnMatcher([(i, p) for i, r in enumerate(rules) for p in getattr(r, field)])
        for field in _COLUMNS
    }


def _matched(
    rules: Sequence[OwnerRule],
    asin: pl.Expr | None,
    sku: pl.Expr | None,
    campaign: pl.Expr | None,
    first: bool,
) -> pl.Expr:
    """Each row's owner (``first``: the first in config order that matches, else
    UNASSIGNED) or list of every matching owner, computed once per distinct combination of
    the values (a Polars UDF over batches of rows: the matcher is Python, the joins Polars)."""
    given = {f: e for f, e in zip(_COLUMNS, (asin, sku, campaign), strict=True) if e is not None}
    given = {f: e for f, e in given.items() if any(getattr(r, f) for r in rules)}
    if not given:
        if first:
            return pl.lit(UNASSIGNED, dtype=pl.String)
        return pl.lit([], dtype=pl.List(pl.String))
    matchers = _matchers(tuple(rules))
    ids = [r.id for r in rules]
    fields = list(given)
    dtype: pl.DataType = pl.String() if first else pl.List(pl.String())

    def assign(batch: pl.Series) -> pl.Series:
        rows = batch.struct.unnest()
        keys = rows.unique()
        out: list[object] = []
        for values in keys.iter_rows():
            hits = sorted(
                {i for f, v in zip(fields, values, strict=True) for i in matchers[f].owners(v)}
            )
            if first:
                out.append(ids[hits[0]] if hits else UNASSIGNED)
            else:
                out.append([ids[i] for i in hits])
        mapping = keys.with_columns(pl.Series("__owner", out, dtype=dtype))
        joined = rows.join(mapping, on=fields, how="left", nulls_equal=True, maintain_order="left")
        return joined.get_column("__owner")

    struct = pl.struct([e.cast(pl.String).alias(f) for f, e in given.items()])
    return struct.map_batches(assign, return_dtype=dtype, is_elementwise=True)


def owner_expr(
    rules: Sequence[OwnerRule],
    *,
    asin: pl.Expr | None = None,
    sku: pl.Expr | None = None,
    campaign: pl.Expr | None = None,
) -> pl.Expr:
    """The owner id of each row: first matching rule in order, else :data:`UNASSIGNED`."""
    return _matched(rules, asin, sku, campaign, first=True)


def team_expr(rules: Sequence[OwnerRule], owner: pl.Expr) -> pl.Expr:
    """The team of each row's owner; :data:`UNASSIGNED` for unassigned rows or teamless owners."""
    mapping = {r.id: r.team for r in rules if r.team}
    if not mapping:
        return pl.lit(UNASSIGNED, dtype=pl.String)
    return owner.replace_strict(mapping, default=UNASSIGNED, return_dtype=pl.String)


def matched_owners_expr(
    rules: Sequence[OwnerRule],
    *,
    asin: pl.Expr | None = None,
    sku: pl.Expr | None = None,
    campaign: pl.Expr | None = None,
) -> pl.Expr:
    """A list of every owner id whose patterns match the row (config order)."""
    return _matched(rules, asin, sku, campaign, first=False)


def conflicts(
    frame: pl.LazyFrame,
    rules: Sequence[OwnerRule],
    *,
    asin: str | None = None,
    sku: str | None = None,
    campaign: str | None = None,
) -> pl.LazyFrame:
    """Distinct values matched by two or more owners, with a ready-made warning per value.

    Columns: ``warning`` (String). Lazy, so the engine collects it with everything else.
    """
    keys = [c for c in (asin, sku, campaign) if c is not None]
    col = {c: pl.col(c) for c in keys}
    matched = matched_owners_expr(
        rules,
        asin=col.get(asin) if asin else None,
        sku=col.get(sku) if sku else None,
        campaign=col.get(campaign) if campaign else None,
    )
    labels = {asin: "ASIN", sku: "SKU", campaign: "campaign"}
    described = pl.concat_str(
        [pl.concat_str([pl.lit(f"{labels[c]} "), pl.col(c)]).fill_null(pl.lit("")) for c in keys],
        separator=" ",
    ).str.strip_chars()
    return (
        frame.select(keys)
        .unique()
        .with_columns(matched.alias("__owners"))
        .filter(pl.col("__owners").list.len() > 1)
        .select(
            pl.concat_str(
                [
                    described,
                    pl.lit(" matches owners "),
                    pl.col("__owners").list.join(", "),
                    pl.lit("; counted for "),
                    pl.col("__owners").list.first(),
                    pl.lit(" (first in the config)"),
                ]
            ).alias("warning")
        )
        .sort("warning")
    )
