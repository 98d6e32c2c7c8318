"""Incentive payouts: each owner's score turns into the payout of the highest tier it reaches
(README, Incentives). Pure functions over scores and the config.

- The tiers are an owner's own ``incentives`` if they have them, else the top-level ones.
- A score at a tier's ``min_score`` reaches it (compared with the targets' tolerance, so a
  score of exactly 0.9 is not pushed below by floating point); below every tier the payout
  is 0.
- No score (no targeted KPI had data) is no payout (None), never the lowest tier; the total,
  teams and ``(unassigned)`` have no payout.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from kpitool.config import Config, Incentives
from kpitool.engine.evaluate import REL_TOL, targets_for
from kpitool.results import KpiResult, Payout, Score


def payout(score: float | None, incentives: Incentives) -> Payout | None:
    """The payout of ``score``: the highest tier reached; 0 below all; None without a score."""
    if score is None:
        return None
    amount = 0.0
    for tier in incentives.tiers:  # ascending min_score (the config checks it)
        if score >= tier.min_score - REL_TOL * max(1.0, abs(tier.min_score)):
            amount = tier.payout
    return Payout(amount, incentives.currency)


def attach(scores: Iterable[Score], config: Config, results: Iterable[KpiResult]) -> None:
    """Set each owner's payout on their score, when the config has incentives and the scores
    are by owner (then every score says what it pays: the total's is None). An owner none
    of whose targeted KPIs has data has no score to pay on (its score counts them as 0)."""
    scores = list(scores)
    if not config.has_incentives() or not any("owner" in s.group for s in scores):
        return
    seen = {
        json.dumps(r.group, sort_keys=True) + "\0" + r.kpi for r in results if r.value is not None
    }
    for s in scores:
        s.incentives = True
        if len(s.group) != 1 or s.group.get("owner") not in config.owners:
            continue
        key = _key(s.group)
        if not any(key + kpi in seen for kpi in targets_for(config, s.group)):
            continue  # no data: no payout, never the lowest tier
        tiers = config.incentives_for(s.group["owner"])
        s.payout = None if tiers is None else payout(s.score, tiers)


def _key(group: dict[str, str]) -> str:
    return json.dumps(group, sort_keys=True) + "\0"
