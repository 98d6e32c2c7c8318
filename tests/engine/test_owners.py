"""Owner assignment by glob patterns, as Polars expressions."""

from __future__ import annotations

import re

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from kpitool.engine.owners import (
    UNASSIGNED,
    OwnerRule,
    conflicts,
    glob_to_regex,
    matched_owners_expr,
    owner_expr,
    team_expr,
)

ALICE = OwnerRule("alice", "growth", asins=("B0ALPHA*",), campaigns=("Alice *",))
BOB = OwnerRule("bob", "core", asins=("B0AL*", "B0BETA?"), skus=("BOB-*",))
CAROL = OwnerRule("carol", None, campaigns=("[x] (y).*",))


def _owners(rules: list[OwnerRule], **cols: list[str | None]) -> list[str]:
    lf = pl.LazyFrame({k: pl.Series(v, dtype=pl.String) for k, v in cols.items()})
    kw = {k: pl.col(k) for k in cols}
    return lf.select(owner_expr(rules, **kw).alias("o")).collect().get_column("o").to_list()


def test_first_match_in_config_order_wins() -> None:
    # B0ALPHA1 matches alice (B0ALPHA*) and bob (B0AL*): alice is first.
    assert _owners([ALICE, BOB], asin=["B0ALPHA1"]) == ["alice"]
    assert _owners([BOB, ALICE], asin=["B0ALPHA1"]) == ["bob"]


def test_question_mark_is_one_character_and_match_is_whole_value() -> None:
    got = _owners([ALICE, BOB], asin=["B0BETA2", "B0BETA22", "XB0ALPHA1", None])
    assert got == ["bob", UNASSIGNED, UNASSIGNED, UNASSIGNED]


def test_sku_and_campaign_patterns() -> None:
    assert _owners([ALICE, BOB], asin=["B0ZZZ"], sku=["BOB-1"]) == ["bob"]
    assert _owners([ALICE, BOB], campaign=["Alice brand", "alice brand", "Bob"]) == [
        "alice",
        UNASSIGNED,  # case-sensitive
        UNASSIGNED,
    ]


def test_regex_characters_in_patterns_are_literal() -> None:
    assert _owners([CAROL], campaign=["[x] (y).z", "x (y)az", "[x] (y)."]) == [
        "carol",
        UNASSIGNED,
        "carol",
    ]


def test_no_owners_means_everything_unassigned() -> None:
    assert _owners([], asin=["B0ALPHA1"]) == [UNASSIGNED]


def test_team_of_owner() -> None:
    lf = pl.LazyFrame({"o": ["alice", "bob", "carol", UNASSIGNED]})
    got = lf.select(team_expr([ALICE, BOB, CAROL], pl.col("o"))).collect().to_series().to_list()
    assert got == ["growth", "core", UNASSIGNED, UNASSIGNED]


def test_a_value_matched_by_two_owners_is_one_warning_naming_both() -> None:
    lf = pl.LazyFrame({"asin": ["B0ALPHA1", "B0ALPHA1", "B0BETA2", "B0ZZZ"]})
    warnings = conflicts(lf, [ALICE, BOB], asin="asin").collect().get_column("warning").to_list()
    assert warnings == [
        "ASIN B0ALPHA1 matches owners alice, bob; counted for alice (first in the config)"
    ]


@given(st.text(max_size=12), st.text(max_size=12))
def test_glob_regex_agrees_with_a_reference_matcher(pattern: str, value: str) -> None:
    # Reference: Python's re with * -> .*, ? -> ., everything else escaped.
    ref = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    expected = re.fullmatch(ref, value, flags=re.DOTALL) is not None
    got = pl.select(pl.lit(value).str.contains(glob_to_regex(pattern))).item()
    assert got == expected


# ------------------------------------------------------------------ the compiled matcher


def _old_owner_expr(rules: list[OwnerRule], **cols: pl.Expr) -> pl.Expr:
    """The expression owners were matched with before the compiled matcher (one regex
    alternation per owner and column, a when/then per owner): the reference semantics."""

    def any_match(value: pl.Expr | None, patterns: tuple[str, ...]) -> pl.Expr | None:
        if value is None or not patterns:
            return None
        regex = "|".join(f"(?:{glob_to_regex(p)})" for p in patterns)
        return value.str.contains(regex).fill_null(False)

    result: pl.Expr = pl.lit(UNASSIGNED, dtype=pl.String)
    for rule in reversed(rules):
        parts = [
            m
            for m in (
                any_match(cols.get("asin"), rule.asins),
                any_match(cols.get("sku"), rule.skus),
                any_match(cols.get("campaign"), rule.campaigns),
            )
            if m is not None
        ]
        m = pl.any_horizontal(parts) if parts else pl.lit(False)
        result = pl.when(m).then(pl.lit(rule.id, dtype=pl.String)).otherwise(result)
    return result


_PATTERN = st.text(alphabet="AB0*?.", min_size=1, max_size=5)
_VALUE = st.one_of(st.none(), st.text(alphabet="AB0.x", max_size=5))


@given(
    st.lists(
        st.tuples(st.lists(_PATTERN, max_size=3), st.lists(_PATTERN, max_size=2)),
        min_size=1,
        max_size=6,
    ),
    st.lists(st.tuples(_VALUE, _VALUE), min_size=1, max_size=12),
)
def test_compiled_matcher_equals_the_per_owner_expressions(
    owners: list[tuple[list[str], list[str]]], rows: list[tuple[str | None, str | None]]
) -> None:
    """First match in config order, and every owner of a value, as the old expressions and
    a plain fnmatch-like reading say."""
    rules = [OwnerRule(f"o{i}", asins=tuple(a), skus=tuple(s)) for i, (a, s) in enumerate(owners)]
    lf = pl.LazyFrame(
        {"asin": [r[0] for r in rows], "sku": [r[1] for r in rows]},
        schema={"asin": pl.String, "sku": pl.String},
    )
    cols = {"asin": pl.col("asin"), "sku": pl.col("sku")}
    got = lf.select(
        pl.col("asin"),  # a column: literals alone (no patterns at all) would be one row
        owner_expr(rules, **cols).alias("new"),
        _old_owner_expr(rules, **cols).alias("old"),
        matched_owners_expr(rules, **cols).alias("all"),
    ).collect()
    assert got["new"].to_list() == got["old"].to_list()

    def hits(pattern: str, value: str | None) -> bool:
        ref = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
        return value is not None and re.fullmatch(ref, value, flags=re.DOTALL) is not None

    expected = [
        [r.id for r in rules if any(hits(p, a) for p in r.asins) or any(hits(p, s) for p in r.skus)]
        for a, s in rows
    ]
    assert got["all"].to_list() == expected


def test_ten_thousand_owners_match_in_one_pass() -> None:
    """10,000 owners (exact ASINs, ASIN and campaign globs): every row gets the first owner
    whose patterns match, as the per-owner reading gives (computed here in plain Python)."""
    rules = [
        OwnerRule(f"op{i}", asins=(f"B0Z{i:06d}", f"B0Y{i:04d}*"), campaigns=(f"Op{i} *",))
        for i in range(10_000)
    ]
    asins = [f"B0Z{i:06d}" for i in range(0, 10_000, 7)] + ["B0Y0042-x", "NONE", None]
    got = (
        pl.LazyFrame({"asin": asins}, schema={"asin": pl.String})
        .select(owner_expr(rules, asin=pl.col("asin")).alias("o"))
        .collect()["o"]
        .to_list()
    )
    expected = [f"op{i}" for i in range(0, 10_000, 7)] + ["op42", UNASSIGNED, UNASSIGNED]
    assert got == expected
