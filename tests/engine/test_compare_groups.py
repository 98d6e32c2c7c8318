"""compare --by owner|team|asin|campaign: each group's drivers (issue 14 item 5).

Expected figures are read from the sample months' files by hand here (csv module; the
Sponsored Products search term report is .xlsx, read with Polars), never from kpitool."""

from __future__ import annotations

import csv
import math
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from paths import REPO

from kpitool.config import load_config
from kpitool.engine import drivers
from kpitool.engine.compare import compare
from kpitool.engine.scan import read_folder
from kpitool.render import OutputFormat, render
from kpitool.results.compare import CompareResult, Driver

SAMPLE = REPO / "sample_reports"
SEP, OCT = SAMPLE / "2026-09", SAMPLE / "2026-10"
CONFIG = REPO / "configs" / "kpitool.yaml"
#: the sample config's owners: ASIN prefix and campaign prefix
OWNERS = {
    "alice": ("B0ALPHA", "Alice "),
    "bob": ("B0BRAVO", "Bob "),
    "carol": ("B0CHARL", "Carol "),
}


def _num(text: str) -> float:
    return float(text.replace("$", "").replace(",", "").replace("%", "") or 0)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def _by_item(folder: Path) -> list[dict[str, str]]:
    """The by-item (child ASIN) Business Report of a month."""
    for path in folder.glob("BusinessReport-*.csv"):
        rows = _rows(path)
        if rows and "(Child) ASIN" in rows[0]:
            return rows
    raise AssertionError(f"no by-item Business Report in {folder}")


def _per_asin(folder: Path, column: str) -> dict[str, float]:
    out: dict[str, float] = defaultdict(float)
    for row in _by_item(folder):
        out[row["(Child) ASIN"]] += _num(row[column])
    return dict(out)


CAMPAIGN_REPORTS = (
    "Sponsored Products Campaign report.csv",
    "Sponsored Brands Campaign report.csv",
    "Sponsored Display Campaign report.csv",
)


def _spend_per_campaign(folder: Path) -> dict[str, float]:
    out: dict[str, float] = defaultdict(float)
    for name in CAMPAIGN_REPORTS:
        for row in _rows(folder / name):
            out[row["Campaign Name"]] += _num(row["Spend"])
    return dict(out)


def _search_terms(folder: Path) -> pl.DataFrame:
    """(campaign, search term, spend) of every row of both search term reports."""
    sb = _rows(folder / "Sponsored Brands Search term report.csv")
    rows = [(r["Campaign Name"], r["Customer Search Term"], _num(r["Spend"])) for r in sb]
    sp = pl.read_excel(folder / "Sponsored Products Search term report.xlsx")
    rows += list(sp.select("Campaign Name", "Customer Search Term", "Spend").iter_rows())
    return pl.DataFrame(rows, schema=["campaign", "term", "spend"], orient="row")


def _run(by: str, top: int = 1000) -> CompareResult:
    config = load_config(CONFIG)
    return compare(read_folder(SEP), read_folder(OCT), config, by=[by], top=top)


@pytest.fixture(scope="module")
def by_owner() -> Iterator[CompareResult]:
    yield _run("owner")


def _driver(result: CompareResult, group: dict[str, str], kpi: str) -> Driver:
    return next(d for d in result.drivers if d.group == group and d.kpi == kpi)


def _of(d: Driver, dim: str) -> dict[str, float]:
    return {c.group[dim]: c.delta for c in d.top_contributors if dim in c.group}


def test_an_owners_sales_drivers_are_sums_of_their_asins(by_owner: CompareResult) -> None:
    """alice = B0ALPHA*: her sales change, its LMDI split into sessions × conversion × price,
    and her ASINs' own changes, from the by-item Business Reports."""
    sales = [_per_asin(m, "Ordered Product Sales") for m in (SEP, OCT)]
    sessions = [_per_asin(m, "Sessions - Total") for m in (SEP, OCT)]
    units = [_per_asin(m, "Units Ordered") for m in (SEP, OCT)]

    def alice(x: dict[str, float]) -> float:
        return sum(v for k, v in x.items() if k.startswith("B0ALPHA"))

    s_b, s_a = alice(sales[0]), alice(sales[1])
    n_b, n_a = alice(sessions[0]), alice(sessions[1])
    u_b, u_a = alice(units[0]), alice(units[1])
    d = _driver(by_owner, {"owner": "alice"}, "sales")
    assert d.delta == pytest.approx(s_a - s_b, abs=1e-6)
    weight = (s_a - s_b) / (math.log(s_a) - math.log(s_b))
    expected = {
        "sessions": weight * math.log(n_a / n_b),
        "conversion_rate": weight * math.log((u_a / n_a) / (u_b / n_b)),
        "average_selling_price": weight * math.log((s_a / u_a) / (s_b / u_b)),
    }
    assert d.method == "lmdi" and d.effects is not None
    assert d.effects == pytest.approx(expected, abs=1e-6)
    found = _of(d, "asin")
    assert found and all(a.startswith("B0ALPHA") for a in found)
    for asin, delta in found.items():
        assert delta == pytest.approx(sales[1].get(asin, 0) - sales[0].get(asin, 0), abs=1e-6)
    # with every ASIN listed, they add up to her change
    assert sum(found.values()) == pytest.approx(d.delta, abs=1e-6)


def test_an_owners_contributors_are_only_what_that_owner_owns(by_owner: CompareResult) -> None:
    terms = pl.concat([_search_terms(SEP), _search_terms(OCT)])
    for owner, (asins, campaigns) in OWNERS.items():
        mine = terms.filter(pl.col("campaign").str.starts_with(campaigns))
        own_terms = set(mine.get_column("term").to_list())
        for d in (d for d in by_owner.drivers if d.group == {"owner": owner}):
            for c in d.top_contributors:
                ((dim, key),) = c.group.items()
                if dim == "asin":
                    assert key.startswith(asins), (owner, d.kpi, key)
                elif dim == "campaign":
                    assert key.startswith(campaigns), (owner, d.kpi, key)
                else:
                    assert dim == "search_term" and key in own_terms, (owner, d.kpi, key)


def test_an_owners_ad_spend_contributors_are_their_campaigns_and_search_terms(
    by_owner: CompareResult,
) -> None:
    spend = [_spend_per_campaign(m) for m in (SEP, OCT)]
    terms = [_search_terms(m) for m in (SEP, OCT)]
    for owner, (_, prefix) in OWNERS.items():
        d = _driver(by_owner, {"owner": owner}, "ad_spend")
        mine = [{k: v for k, v in s.items() if k.startswith(prefix)} for s in spend]
        assert d.delta == pytest.approx(sum(mine[1].values()) - sum(mine[0].values()), abs=1e-6)
        campaigns = _of(d, "campaign")
        for name, delta in campaigns.items():
            assert delta == pytest.approx(mine[1].get(name, 0) - mine[0].get(name, 0), abs=1e-6)
        assert sum(campaigns.values()) == pytest.approx(d.delta, abs=1e-6)
        per_term = [
            dict(
                t.filter(pl.col("campaign").str.starts_with(prefix))
                .group_by("term")
                .agg(pl.col("spend").sum())
                .iter_rows()
            )
            for t in terms
        ]
        for term, delta in _of(d, "search_term").items():
            expected = per_term[1].get(term, 0) - per_term[0].get(term, 0)
            assert delta == pytest.approx(expected, abs=1e-6), (owner, term)


def test_the_groups_changes_add_up_to_the_totals(by_owner: CompareResult) -> None:
    config = load_config(CONFIG)
    before: dict[str, float] = defaultdict(float)
    after: dict[str, float] = defaultdict(float)
    for c in by_owner.results:
        if c.group and config.kpi_meta(c.kpi).additive and c.delta is not None:
            before[c.kpi] += c.before or 0.0
            after[c.kpi] += c.after or 0.0
    totals = {c.kpi: c for c in by_owner.results if not c.group}
    assert {"sales", "sessions", "ad_spend", "clicks"} <= before.keys()
    for kpi in before:
        assert before[kpi] == pytest.approx(totals[kpi].before, abs=1e-6), kpi
        assert after[kpi] == pytest.approx(totals[kpi].after, abs=1e-6), kpi
    # and so do the drivers' changes of the additive KPIs
    for kpi in ("sales", "sessions", "ad_spend"):
        groups = [d.delta or 0.0 for d in by_owner.drivers if d.group and d.kpi == kpi]
        assert len(groups) == 4  # alice, bob, carol, (unassigned)
        assert sum(groups) == pytest.approx(_driver(by_owner, {}, kpi).delta, abs=1e-6)


def test_a_groups_ratio_contributions_add_up_to_its_change(by_owner: CompareResult) -> None:
    """conversion_rate (units / sessions) by ASIN and acos (spend / ad sales) by campaign:
    each owner's contributions sum to the change of the owner's own ratio."""
    for d in by_owner.drivers:
        if d.group and d.kpi in ("conversion_rate", "acos"):
            dim = "asin" if d.kpi == "conversion_rate" else "campaign"
            assert d.delta is not None
            assert sum(_of(d, dim).values()) == pytest.approx(d.delta, abs=1e-9), d.group
        if d.group and d.effects is not None:
            assert math.fsum(d.effects.values()) == pytest.approx(d.delta, abs=1e-8)


def test_by_team_a_teams_asins_are_its_owners() -> None:
    result = _run("team", top=1000)
    growth = _driver(result, {"team": "growth"}, "sales")  # alice + bob
    assert growth.top_contributors
    assert all(c.group["asin"].startswith(("B0ALPHA", "B0BRAVO")) for c in growth.top_contributors)
    retention = _driver(result, {"team": "retention"}, "sessions")
    assert all(c.group["asin"].startswith("B0CHARL") for c in retention.top_contributors)


def test_by_asin_search_terms_are_not_split_and_a_note_says_so() -> None:
    result = _run("asin", top=1000)
    rows = [
        r
        for m in (SEP, OCT)
        for r in _rows(m / "Sponsored Products Advertised product report.csv")
        + _rows(m / "Sponsored Display Advertised product report.csv")
    ]
    d = _driver(result, {"asin": "B0ALPHA001"}, "ad_spend")
    assert d.contributors_not_split == ["search_term"]
    assert not any("search_term" in c.group for c in d.top_contributors)  # not the total's
    advertised = {r["Campaign Name"] for r in rows if r["Advertised ASIN"] == "B0ALPHA001"}
    campaigns = _of(d, "campaign")
    assert campaigns and set(campaigns) <= advertised
    spend = [defaultdict(float), defaultdict(float)]
    for i, m in enumerate((SEP, OCT)):
        for name in ("Sponsored Products", "Sponsored Display"):
            for r in _rows(m / f"{name} Advertised product report.csv"):
                if r["Advertised ASIN"] == "B0ALPHA001":
                    spend[i][r["Campaign Name"]] += _num(r["Spend"])
    for name, delta in campaigns.items():
        assert delta == pytest.approx(spend[1][name] - spend[0][name], abs=1e-6)
    assert any("per asin list no search terms" in n for n in result.notes)
    sales = _driver(result, {"asin": "B0ALPHA001"}, "sales")
    assert sales.top_contributors == []  # an ASIN is not its own contributor
    assert sales.contributors_not_split == []
    total = _driver(result, {}, "ad_spend")  # the total's keep their search terms
    assert any("search_term" in c.group for c in total.top_contributors)


def test_by_campaign_its_search_terms() -> None:
    result = _run("campaign", top=1000)
    name = "Alice - SB - Headline Bath"
    spend = [defaultdict(float), defaultdict(float)]
    for i, m in enumerate((SEP, OCT)):
        for r in _rows(m / "Sponsored Brands Search term report.csv"):
            if r["Campaign Name"] == name:
                spend[i][r["Customer Search Term"]] += _num(r["Spend"])
    d = _driver(result, {"campaign": name}, "ad_spend")
    terms = _of(d, "search_term")
    assert terms and set(terms) <= set(spend[0]) | set(spend[1])
    for term, delta in terms.items():
        assert delta == pytest.approx(spend[1][term] - spend[0][term], abs=1e-6)
    # a campaign has no sales or sessions (no Business Report carries campaigns): no driver
    assert not any(d.group == {"campaign": name} and d.kpi == "sales" for d in result.drivers)


def test_top_zero_keeps_the_groups_effects_without_contributors() -> None:
    result = _run("owner", top=0)
    groups = [d for d in result.drivers if d.group]
    assert groups and all(not d.top_contributors for d in groups)
    assert _driver(result, {"owner": "bob"}, "acos").effects is not None


@pytest.mark.parametrize("by", ["marketplace", "owner,asin"])
def test_other_breakdowns_get_the_totals_drivers_and_a_note(by: str) -> None:
    result = _run(by, top=2)
    assert result.drivers and not any(d.group for d in result.drivers)
    assert any("the drivers are the total's" in n for n in result.notes)


def test_json_contract_of_the_groups_drivers(by_owner: CompareResult) -> None:
    import json

    doc = json.loads(render(OutputFormat.json, by_owner))
    keys = {"group", "kpi", "delta", "effects", "method", "top_contributors"}
    keys.add("contributors_not_split")
    owners = {r["group"]["owner"] for r in doc["results"] if r["group"]}
    seen: set[str] = set()
    for d in doc["drivers"]:
        assert set(d) == keys
        assert d["contributors_not_split"] == []
        if d["group"]:
            assert set(d["group"]) == {"owner"}
            seen.add(d["group"]["owner"])
        for c in d["top_contributors"]:
            assert set(c) == {"group", "before", "after", "delta", "share", "change"}
    assert seen == owners
    assert doc["drivers"][0]["group"] == {}  # the total's first


Parts = dict[tuple[str, str], tuple[int | None, int | None]]
_KEYS = st.tuples(st.sampled_from(["a", "b"]), st.sampled_from(["x", "y", "z"]))
_NUM = st.one_of(st.none(), st.integers(0, 50))
_GROUPED = st.dictionaries(_KEYS, st.tuples(_NUM, _NUM), max_size=6)


def _frame(parts: Parts, by: bool) -> pl.DataFrame:
    def f(x: int | None) -> float | None:
        return None if x is None else float(x)

    rows = [((g,) if by else ()) + (k, f(n), f(d), True) for (g, k), (n, d) in parts.items()]
    schema: dict[str, Any] = {"by": pl.String} if by else {}
    schema.update(drivers.PARTS_SCHEMA)
    return pl.DataFrame(rows, schema=schema, orient="row")


def _same(a: list[tuple[Any, ...]], b: list[tuple[Any, ...]]) -> bool:
    if len(a) != len(b):
        return False
    for ra, rb in zip(a, b, strict=True):
        for x, y in zip(ra, rb, strict=True):
            if isinstance(x, float) and isinstance(y, float):
                if not math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-12):
                    return False
            elif x != y:
                return False
    return True


@given(_GROUPED, _GROUPED, st.booleans())
def test_grouped_contributions_are_each_groups_own(
    before: Parts, after: Parts, ratio: bool
) -> None:
    """contributions with a ``by`` column (one Polars pass for every owner) equals the
    contributions of each ``by`` on its own, as the total's are worked out."""
    found = drivers.contributions(_frame(before, True), _frame(after, True), ratio=ratio)
    assert found is not None
    for g in ("a", "b"):
        own = [{k: v for k, v in p.items() if k[0] == g} for p in (before, after)]
        solo = drivers.contributions(_frame(own[0], False), _frame(own[1], False), ratio=ratio)
        mine = found.filter(pl.col("by") == g).drop("by")
        if solo is None:  # the group's ratio is undefined in a period: no rows
            assert mine.is_empty()
        else:
            assert _same(mine.rows(), solo.rows()), (mine, solo)


@given(_GROUPED, _GROUPED, st.booleans(), st.integers(1, 4))
def test_the_top_rows_are_the_first_of_the_full_sort(
    before: Parts, after: Parts, ratio: bool, top: int
) -> None:
    """``top`` keeps the rows by rank without sorting them all: the same rows as sorting
    every row and taking the first ``top`` of each ``by`` (changes that round to 0 left out)."""
    frames = (_frame(before, True), _frame(after, True))
    full = drivers.contributions(*frames, ratio=ratio)
    fast = drivers.contributions(*frames, ratio=ratio, top=top)
    assert full is not None and fast is not None
    moved = full.filter(pl.col("delta").round(drivers.DIGITS) != 0)
    expected = moved.group_by("by", maintain_order=True).head(top)
    assert fast.rows() == expected.rows()
