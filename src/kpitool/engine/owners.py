"""Who owns what: ASIN, SKU and campaign glob patterns -> owner, as Polars expressions.

Patterns are globs matched against the whole value, case-sensitively: ``*`` is any run of
characters, ``?`` one character; everything else is literal. The first owner in config order
whose patterns match wins; a value that two or more owners match is reported once, naming them
all. What no owner matches is :data:`UNASSIGNED`.
"""

from __future__ import annotations

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


def _any_match(value: pl.Expr | None, patterns: Sequence[str]) -> pl.Expr | None:
    if value is None or not patterns:
        return None
    regex = "|".join(f"(?:{glob_to_regex(p)})" for p in patterns)
    return value.str.contains(regex).fill_null(False)


def match_expr(
    rule: OwnerRule,
    *,
    asin: pl.Expr | None = None,
    sku: pl.Expr | None = None,
    campaign: pl.Expr | None = None,
) -> pl.Expr:
    """True where the rule's ASIN, SKU or campaign patterns match the given columns."""
    parts = [
        m
        for m in (
            _any_match(asin, rule.asins),
            _any_match(sku, rule.skus),
            _any_match(campaign, rule.campaigns),
        )
        if m is not None
    ]
    if not parts:
        return pl.lit(False)
    return pl.any_horizontal(parts)


def owner_expr(
    rules: Sequence[OwnerRule],
    *,
    asin: pl.Expr | None = None,
    sku: pl.Expr | None = None,
    campaign: pl.Expr | None = None,
) -> pl.Expr:
    """The owner id of each row: first matching rule in order, else :data:`UNASSIGNED`."""
    result: pl.Expr = pl.lit(UNASSIGNED, dtype=pl.String)
    for rule in reversed(rules):
        m = match_expr(rule, asin=asin, sku=sku, campaign=campaign)
        result = pl.when(m).then(pl.lit(rule.id, dtype=pl.String)).otherwise(result)
    return result


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
    if not rules:
        return pl.lit([], dtype=pl.List(pl.String))
    items = [
        pl.when(match_expr(r, asin=asin, sku=sku, campaign=campaign)).then(
            pl.lit(r.id, dtype=pl.String)
        )
        for r in rules
    ]
    return pl.concat_list(items).list.drop_nulls()


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
