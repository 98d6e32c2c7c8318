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
