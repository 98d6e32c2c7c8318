"""Checks across the config's fields that Pydantic cannot express, run on the raw data (so
they are reported together with type errors): target keys that are not KPI ids, custom KPI
ids that clash with built-in ones, formulas that do not parse, name unknown KPIs or refer to
each other in a cycle, teams without owners, ratio bounds written as whole-number percents,
a cost file that does not exist. See :mod:`kpitool.config.models` for the decisions."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from kpitool.kpis.catalogue import BUILTIN, BUILTIN_BY_ID, KPI_IDS, Unit

Loc = tuple[str | int, ...]
UNASSIGNED = "(unassigned)"
_SKIP_SEMANTIC = "kpitool_skip_semantic_checks"
_CUSTOM_ID = re.compile(r"[a-z][a-z0-9_]*")
#: at most this many custom KPIs, and chains of custom KPIs (one using the next) at most this
#: long: each custom KPI is computed once (a DAG), and these keep a config's cost bounded
MAX_CUSTOM_KPIS = 200
MAX_KPI_CHAIN = 32
_PERCENT = r"\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*%\s*"
#: a plain-number bound of a fraction KPI this large (in size) looks like a whole-number percent
PERCENT_LIKE = 2.0
#: ratio-unit KPIs that kpis.md defines as multiples (4.1 = 4.1×), not fractions
MULTIPLES = frozenset(k.id for k in BUILTIN if k.unit == Unit.MULTIPLE)
COSTS_HEADER = "sku,unit_cost,currency,effective_from"


def percent_value(text: str) -> float | None:
    """``"25%"`` -> 0.25, ``"12.5 %"`` -> 0.125; None if ``text`` is not a percent."""
    match = re.fullmatch(_PERCENT, text)
    return None if match is None else float(Decimal(match.group(1)) / 100)


def _mapping(value: Any) -> Mapping[Any, Any]:
    return value if isinstance(value, Mapping) else {}


def _unknown_kpi(kpi_id: Any, known: set[str]) -> str:
    close = difflib.get_close_matches(str(kpi_id), sorted(known), n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return (
        f"unknown KPI id {kpi_id!r}{hint}; use a built-in KPI id "
        "(listed in the README, section KPIs) or define it under kpis:"
    )


def semantic_errors(data: Mapping[str, Any]) -> list[tuple[Loc, str]]:
    """Cross-field problems in raw config data, as ``(key path, message)`` pairs.

    Tolerant of wrong shapes (Pydantic reports those): it only looks at what it can read.
    """
    kpis = _mapping(data.get("kpis"))
    errors, custom = _custom_id_errors(kpis)
    known = set(KPI_IDS) | custom
    errors += _formula_errors(kpis, custom, known)
    errors += _target_errors(data, kpis, custom, known)
    errors += _owner_errors(_mapping(data.get("owners")), _mapping(data.get("teams")))
    errors += _incentive_errors(data)
    currency = data.get("currency")
    rate = _mapping(data.get("fx")).get(currency)
    if isinstance(currency, str) and rate is not None and rate != 1:
        errors.append(
            (("fx", currency), f"{currency} is the reporting currency: its rate is 1, not {rate}")
        )
    return errors


def _incentive_errors(data: Mapping[str, Any]) -> list[tuple[Loc, str]]:
    """Payout tiers in ascending ``min_score``; a currency for every block (its own, the
    top-level incentives', or the config's ``currency``)."""
    top = _mapping(data.get("incentives"))
    fallback = top.get("currency") or data.get("currency")
    blocks: list[tuple[Loc, Mapping[Any, Any], Any]] = []
    if data.get("incentives") is not None:
        blocks.append((("incentives",), top, data.get("currency")))
    for name, owner in _mapping(data.get("owners")).items():
        own = _mapping(owner).get("incentives") if isinstance(owner, Mapping) else None
        if own is not None:
            blocks.append((("owners", name, "incentives"), _mapping(own), fallback))
    errors: list[tuple[Loc, str]] = []
    for loc, block, inherited in blocks:
        if not block.get("currency") and not inherited:
            errors.append(
                (
                    loc,
                    "no currency for the payouts: add currency: USD here or at the top level",
                )
            )
        tiers = block.get("tiers")
        if not isinstance(tiers, list):
            continue
        scores = [t.get("min_score") if isinstance(t, Mapping) else None for t in tiers]
        for i in range(1, len(scores)):
            a, b = scores[i - 1], scores[i]
            if isinstance(a, int | float) and isinstance(b, int | float) and not b > a:
                errors.append(
                    (
                        (*loc, "tiers", i, "min_score"),
                        f"tiers must be in ascending min_score: {b:g} is not above {a:g}",
                    )
                )
    return errors


def _custom_id_errors(kpis: Mapping[Any, Any]) -> tuple[list[tuple[Loc, str]], set[str]]:
    """Custom KPI ids that are not snake case or clash with built-in ones; the valid ids."""
    errors: list[tuple[Loc, str]] = []
    custom: set[str] = set()
    for kpi_id in kpis:
        if not isinstance(kpi_id, str) or not _CUSTOM_ID.fullmatch(kpi_id):
            errors.append(
                (
                    ("kpis", str(kpi_id)),
                    "a KPI id is lower-case letters, digits and _, "
                    "starting with a letter (e.g. spend_per_unit)",
                )
            )
        elif kpi_id in KPI_IDS:
            errors.append(
                (("kpis", kpi_id), f"{kpi_id!r} is a built-in KPI; give the custom KPI another id")
            )
        else:
            custom.add(kpi_id)
    return errors, custom


def _formula_errors(
    kpis: Mapping[Any, Any], custom: set[str], known: set[str]
) -> list[tuple[Loc, str]]:
    """Formulas that do not parse, name unknown KPIs, or refer to each other in a cycle."""
    from kpitool.kpis.formula import FormulaError, names, parse  # a config file's check only

    errors: list[tuple[Loc, str]] = []
    graph: dict[str, set[str]] = {}
    for kpi_id in sorted(custom):
        formula = _mapping(kpis[kpi_id]).get("formula")
        if not isinstance(formula, str) or not formula:
            continue  # Pydantic reports it
        loc: Loc = ("kpis", kpi_id, "formula")
        try:
            used = names(parse(formula))
        except FormulaError as exc:
            errors.append((loc, str(exc)))
            continue
        for name in sorted(used - known):
            errors.append((loc, f'"{formula}": ' + _unknown_kpi(name, known)))
        graph[kpi_id] = used & custom
    cyclic = False
    for kpi_id in sorted(graph):
        cycle = _cycle_from(kpi_id, graph)
        if cycle:
            cyclic = True
            errors.append(
                (
                    ("kpis", kpi_id, "formula"),
                    "formulas refer to each other in a cycle: " + " -> ".join(cycle),
                )
            )
    if len(custom) > MAX_CUSTOM_KPIS:
        errors.append(
            (("kpis",), f"{len(custom)} custom KPIs, more than {MAX_CUSTOM_KPIS}; keep fewer")
        )
    if not cyclic:
        errors += _chain_errors(graph)
    return errors


def _chain_errors(graph: Mapping[str, set[str]]) -> list[tuple[Loc, str]]:
    """A custom KPI at the end of a chain of more than MAX_KPI_CHAIN custom KPIs (no cycles)."""
    length: dict[str, int] = {}

    def chain(kpi_id: str) -> int:  # iterative: a chain may be long
        stack = [kpi_id]
        while stack:
            top = stack[-1]
            todo = [d for d in graph.get(top, ()) if d not in length]
            if todo:
                stack.extend(todo)
                continue
            stack.pop()
            length[top] = 1 + max((length[d] for d in graph.get(top, ())), default=0)
        return length[kpi_id]

    return [
        (
            ("kpis", kpi_id, "formula"),
            f"ends a chain of {chain(kpi_id)} custom KPIs, each using the next (at most "
            f"{MAX_KPI_CHAIN}); use built-in KPIs in the formula instead",
        )
        for kpi_id in sorted(graph)
        if chain(kpi_id) > MAX_KPI_CHAIN
        and not any(chain(u) > MAX_KPI_CHAIN for u, deps in graph.items() if kpi_id in deps)
    ]


def _target_errors(
    data: Mapping[str, Any], kpis: Mapping[Any, Any], custom: set[str], known: set[str]
) -> list[tuple[Loc, str]]:
    """Targets (the team's, each owner's, each team's) of unknown KPIs or with bad bounds."""
    owners = _mapping(data.get("owners"))
    teams = _mapping(data.get("teams"))
    scopes: list[tuple[Loc, Any]] = [(("targets",), data.get("targets"))]
    scopes += [(("owners", o, "targets"), _mapping(v).get("targets")) for o, v in owners.items()]
    scopes += [(("teams", t, "targets"), _mapping(v).get("targets")) for t, v in teams.items()]
    errors: list[tuple[Loc, str]] = []
    for scope, targets in scopes:
        for kpi_id, target in _mapping(targets).items():
            if kpi_id not in known:
                errors.append(((*scope, kpi_id), _unknown_kpi(kpi_id, known)))
                continue
            unit = BUILTIN_BY_ID[kpi_id].unit if kpi_id in BUILTIN_BY_ID else None
            if kpi_id in custom:
                unit = _mapping(kpis[kpi_id]).get("unit")
            errors += _bound_errors((*scope, kpi_id), kpi_id, unit, _mapping(target))
    return errors


def _owner_errors(owners: Mapping[Any, Any], teams: Mapping[Any, Any]) -> list[tuple[Loc, str]]:
    """The unassigned group used as an owner id; owners' teams not in ``teams:``, and teams
    without an owner."""
    errors: list[tuple[Loc, str]] = []
    if UNASSIGNED in owners:
        errors.append(
            (("owners", UNASSIGNED), f"{UNASSIGNED} is the group of unmatched rows, not an owner")
        )
    if not teams:
        return errors
    owner_teams = {_mapping(v).get("team") for v in owners.values()}
    for owner_id, owner in owners.items():
        team = _mapping(owner).get("team")
        if isinstance(team, str) and team not in teams:
            errors.append(
                (
                    ("owners", owner_id, "team"),
                    f"team {team!r} is not one of teams: ({', '.join(map(str, teams))})",
                )
            )
    for team_id in teams:
        if team_id not in owner_teams:
            errors.append(
                (
                    ("teams", team_id),
                    f"no owner has team {team_id!r} (set owners.<id>.team: {team_id})",
                )
            )
    return errors


_UNIT_WORDS = {
    "currency": "an amount of money",
    "count": "a count",
    "days": "in days",
    "weeks": "in weeks",
    "multiple": "a multiple (4 = 4×)",
}


def _bound_errors(
    loc: Loc, kpi_id: str, unit: Any, target: Mapping[Any, Any]
) -> list[tuple[Loc, str]]:
    """Target bounds that cannot be meant: a whole-number percent for a fraction KPI, a percent
    string for any other KPI (see the module docstring)."""
    fraction = unit == Unit.RATIO and kpi_id not in MULTIPLES
    errors: list[tuple[Loc, str]] = []
    for key in ("min", "max"):
        bound = target.get(key)
        if isinstance(bound, str) and percent_value(bound) is not None and not fraction:
            what = _UNIT_WORDS.get(unit, unit)
            errors.append(
                (
                    (*loc, key),
                    f'{kpi_id} is {what}, not a percent: write a plain number, not "{bound}"',
                )
            )
        elif (
            fraction
            and isinstance(bound, int | float)
            and not isinstance(bound, bool)
            and abs(bound) >= PERCENT_LIKE
        ):
            plain = f"{bound / 100:g} or " if abs(bound / 100) < PERCENT_LIKE else ""
            errors.append(
                (
                    (*loc, key),
                    f"{kpi_id} is a ratio, so {bound:g} would be {bound * 100:g} % and looks "
                    f'like a whole-number percent: write {plain}"{bound:g}%" for {bound:g} % '
                    f"(a plain ratio bound of {PERCENT_LIKE:g} or more in size is refused; "
                    f'write "{bound * 100:g}%" if you mean it)',
                )
            )
    return errors


def costs_errors(data: Mapping[str, Any], path: Path) -> list[tuple[Loc, str]]:
    """A ``costs:`` file (relative to the config file at ``path``) that is not there."""
    costs = data.get("costs")
    if not isinstance(costs, str):
        return []  # absent, or a wrong type Pydantic reports
    resolved = resolve_costs(Path(costs), path)
    if not resolved.exists():
        return [
            (
                ("costs",),
                f"cost file not found: {resolved}; create it (header {COSTS_HEADER}) or fix "
                "the path (relative to this config file)",
            )
        ]
    if not resolved.is_file():
        return [(("costs",), f"{resolved} is not a file; name a CSV file ({COSTS_HEADER})")]
    return []


def _cycle_from(start: str, graph: Mapping[str, set[str]]) -> list[str] | None:
    """The shortest path start -> ... -> start in the graph, or None."""
    paths: list[list[str]] = [[start]]
    seen: set[str] = set()
    while paths:
        path = paths.pop(0)
        for nxt in sorted(graph.get(path[-1], ())):
            if nxt == start:
                return [*path, start]
            if nxt not in seen:
                seen.add(nxt)
                paths.append([*path, nxt])
    return None


# --- loading ---------------------------------------------------------------------------------


def dotted(loc: Loc) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def resolve_costs(costs: Path, config_path: Path | None) -> Path:
    """A ``costs:`` path resolved relative to the config file (or the current directory)."""
    costs = costs.expanduser()
    if costs.is_absolute() or config_path is None:
        return costs
    return config_path.parent / costs
