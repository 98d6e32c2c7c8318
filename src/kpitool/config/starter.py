"""The commented starter config that ``kpitool init`` writes.

``starter_config()`` is valid as written: ``version``, ``per``, ``settings`` and two team
targets are live; the optional parts (currency, owners, teams, custom KPIs, costs, fx) are
shown commented out, each explained. ``starter_config(examples=True)`` gives the same text
with those parts switched on; tests load both, so the commented examples stay valid too.
"""

from __future__ import annotations

# Each block: (comment lines, YAML lines, live by default?)
_BLOCKS: tuple[tuple[str, str, bool], ...] = (
    (
        """\
# kpitool config. Every key but `version` is optional; `kpitool validate` checks this file.
# Errors are reported as file:line: key.path: message. The JSON Schema of this format is
# configs/kpitool.schema.json in the kpitool repository (editors can use it for completion).

# Config format version. Always 1.""",
        "version: 1",
        True,
    ),
    (
        """\
# The seller account these reports belong to (letters, digits, _ . -; default: default).
# A --history file keeps each account's figures apart, so an agency can keep many in one.""",
        "account: my-brand",
        False,
    ),
    (
        """\
# Reporting currency (3 upper-case letters). Leave it out and kpitool uses the one currency
# found in the reports; with several currencies, set it and give `fx` rates below.""",
        "currency: USD",
        False,
    ),
    (
        """\
# The period length targets are stated for: day, week, month, quarter or year. Additive
# targets (sales, units, spend, counts) are pro-rated to the period evaluated, by calendar
# days: a monthly target over a whole month is unchanged, over 10 days of October it is
# 10/31 of itself. Ratio targets (acos, conversion_rate, ...) are never pro-rated.""",
        "per: month",
        True,
    ),
    (
        """\
# settings:
#   lead_time_days: days to restock; SKUs with fewer days of supply are low stock (default 30).
#   max_days_of_supply: stock beyond this many days of sales counts as excess (default 90).
#   score_cap: each KPI's attainment is capped at this inside the score (default 1.2, >= 1).""",
        """\
settings:
  lead_time_days: 30
  max_days_of_supply: 90
  score_cap: 1.2""",
        True,
    ),
    (
        """\
# Targets for the whole account, by KPI id (see the KPI table in the README).
#   min: X          pass if value >= X; warn if value >= X * (1 - warn_within); else fail.
#   max: X          pass if value <= X; warn if value <= X * (1 + warn_within); else fail.
#                   (give min, max or both)
#   warn_within:    the warn band as a fraction of the target (default 0.10).
#   weight:         the KPI's weight in the score (default 1; 0 leaves it out of the score).
#   per:            the period length of this one target (default: `per` above).
# Ratios are fractions: 0.25 means 25 %; "25%" is the same. A plain ratio bound of 2 or
# more (acos: {max: 25}) is refused as a whole-number percent: write 0.25 or "25%".""",
        """\
targets:
  sales: {min: 50000, weight: 3}
  acos: {max: 0.25, warn_within: 0.10, weight: 2}""",
        True,
    ),
    (
        """\
# Owners: who is responsible for which products and campaigns. Rows are assigned to the first
# owner (in file order) whose patterns match; what matches nobody is "(unassigned)".
#   name:      display name.
#   team:      team id (must be a key of `teams` when `teams` is given).
#   asins:     glob patterns on child ASIN (* any text, ? one character).
#   skus:      glob patterns on SKU.
#   campaigns: glob patterns on campaign name (for ad rows without an ASIN/SKU).
#   targets:   this owner's own targets (same keys as above), used by --by owner.""",
        """\
owners:
  alice:
    name: Alice Example
    team: growth
    asins: ["B0EXAMPLE*"]
    skus: ["EX-*"]
    campaigns: ["Alice *"]
    targets:
      sales: {min: 20000}""",
        False,
    ),
    (
        """\
# Teams: each team's own targets (same keys as above), used by --by team.""",
        """\
teams:
  growth:
    name: Growth
    targets:
      sales: {min: 40000}""",
        False,
    ),
    (
        """\
# Custom KPIs, computed from other KPI ids with numbers, + - * / and parentheses.
#   formula:  e.g. "ad_spend / units" (a division by zero gives no data, never infinity).
#   unit:     currency, count, ratio, days or weeks.
#   better:   higher, lower, none or band.
#   additive: true only if it adds up across products and days (then targets are pro-rated).
#   description: optional free text.""",
        """\
kpis:
  spend_per_unit: {formula: "ad_spend / units", unit: currency, better: lower}""",
        False,
    ),
    (
        """\
# Unit costs per SKU for the profit KPIs: a CSV file, relative to this config file (it must
# exist: `kpitool validate` checks it).""",
        "costs: costs.csv",
        False,
    ),
    (
        """\
# Exchange rates: one unit of each currency in the reporting currency. Amounts in other
# currencies are converted with these; without a rate, a run with several currencies stops.""",
        """\
fx:
  EUR: 1.08""",
        False,
    ),
    (
        """\
# Incentives: each owner's score (--by owner) pays the highest tier it reaches; no score
# (no data) pays nothing. tiers: min_score (0.9 = a score of 90 %) in ascending order and
# payout (>= 0); currency: 3 letters (default: the reporting currency). An owner may have
# their own block (owners: NAME: incentives:), which replaces this one for them.""",
        """\
incentives:
  currency: USD
  tiers:
    - {min_score: 0.9, payout: 300}
    - {min_score: 1.1, payout: 600}""",
        False,
    ),
)


def starter_config(examples: bool = False) -> str:
    """The starter YAML; with ``examples`` the optional blocks are live instead of commented."""
    parts: list[str] = []
    for comment, body, live in _BLOCKS:
        if not (live or examples):
            body = "\n".join(f"# {line}" for line in body.splitlines())
        parts.append(f"{comment}\n{body}\n")
    return "\n".join(parts)
