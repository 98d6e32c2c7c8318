"""The config file: Pydantic v2 models (unknown keys forbidden), loading with file:line errors.

Loading (:func:`load_config`):

- ``None`` means ``configs/kpitool.yaml`` under the current directory, or, when that file does
  not exist, the default ``Config(version=1)`` (no targets: every status is ``no_target``).
- YAML is read safely, with the line of every key, by :mod:`kpitool.config_yaml` (duplicate
  keys and alias bombs are refused there).
- Every problem is reported at once, one per line, sorted by line, as
  ``file:line: key.path: message``, in one :class:`ConfigError`. Problems Pydantic cannot see
  (target keys that are not KPI ids, custom KPI ids that clash with built-in ones, formulas
  that do not parse, name unknown KPIs or refer to each other in a cycle, teams without
  owners) are found on the raw data, so they are reported together with type errors.

Decisions:

- Custom KPI ids are lower-case snake case (``^[a-z][a-z0-9_]*$``) like the built-in ones, so
  formulas can name them. A custom KPI is not additive (its targets are not pro-rated) unless
  it says ``additive: true``.
- If ``teams:`` is given, every owner's ``team`` must be one of its keys and every team there
  must have an owner: a typo in a team name would otherwise silently drop that team's targets.
  Without ``teams:``, owners' teams are free text.
- ``(unassigned)`` is the group of unmatched rows, so it cannot be an owner id.
- ``fx`` may list the reporting currency only at rate 1.
- ``settings.score_cap`` (default 1.2) is at least 1: a cap below 1 would cap a met target.
- Numbers must be finite (``.inf``/``.nan`` are rejected).
- Ratio targets: a target's ``min``/``max`` may be a percent string (``"25%"``, ``"12.5 %"``:
  0.25, 0.125) for a KPI that is a fraction, i.e. unit ``ratio`` (built-in or custom) but not
  ``roas`` or ``inventory_turnover``, which kpis.md defines as multiples (4 = 4×). For any other
  KPI a percent string is an error. A plain-number bound of a fraction KPI with
  ``|bound| >= 2`` (:data:`PERCENT_LIKE`) is refused as a whole-number percent (``acos: {max:
  25}``): 2 would be 200 %, which a share cannot reach and an ACOS, TACoS or ROI target hardly
  ever means; such a target is written as a percent string (``"250%"``). Bounds below 2 in
  size (ROI 1.5 = 150 %) are taken as written.
- ``costs`` is resolved relative to the config file (:meth:`Config.costs_path`). When a config
  is read from a file (:func:`parse_config`), a cost file that does not exist (or is not a
  file) is a config error at the ``costs:`` line; the feature that reads it checks it again.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal, Self, get_args, get_origin

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ModelWrapValidatorHandler,
    PrivateAttr,
    SerializerFunctionWrapHandler,
    ValidationError,
    ValidationInfo,
    WithJsonSchema,
    model_serializer,
    model_validator,
)

from kpitool.errors import ConfigError
from kpitool.kpis.catalogue import BUILTIN, BUILTIN_BY_ID, KPI_IDS, Better, KpiMeta, Unit

DEFAULT_PATH = Path("configs/kpitool.yaml")
SCHEMA_PATH = Path(__file__).resolve().parents[2] / "configs" / "kpitool.schema.json"
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
MULTIPLES = frozenset({"roas", "inventory_turnover"})
COSTS_HEADER = "sku,unit_cost,currency,effective_from"

Per = Literal["day", "week", "month", "quarter", "year"]
Loc = tuple[str | int, ...]


def _currency(value: str) -> str:
    if not re.fullmatch(r"[A-Z]{3}", value):
        raise ValueError(f"a currency code is 3 upper-case letters (e.g. USD), not {value!r}")
    return value


CurrencyCode = Annotated[
    str,
    AfterValidator(_currency),
    WithJsonSchema({"type": "string", "pattern": "^[A-Z]{3}$"}),
]
Pattern = Annotated[str, Field(min_length=1)]


def percent_value(text: str) -> float | None:
    """``"25%"`` -> 0.25, ``"12.5 %"`` -> 0.125; None if ``text`` is not a percent."""
    match = re.fullmatch(_PERCENT, text)
    return None if match is None else float(Decimal(match.group(1)) / 100)


def _bound(value: Any) -> Any:
    """A target bound: a percent string becomes its fraction; anything else is left to Pydantic."""
    if isinstance(value, str):
        fraction = percent_value(value)
        if fraction is not None:
            return fraction
        if value.strip().endswith("%"):
            raise ValueError(f'{value!r} is not a percent; write it like "25%" or "12.5 %"')
    return value


Bound = Annotated[
    float | None,
    BeforeValidator(_bound),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number"},
                {"type": "string", "pattern": f"^{_PERCENT}$"},
                {"type": "null"},
            ]
        }
    ),
]


class _Model(BaseModel):
    # defer_build: the validators are built on the first validation, i.e. when a config file
    # is read; a run without one never builds them (~20 ms, and Pydantic's plugin scan)
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, defer_build=True)


class Target(_Model):
    """A target for one KPI: ``min`` and/or ``max`` as kpis.md "Targets" defines them."""

    min: Bound = Field(
        default=None,
        description='Pass if value >= min (higher is better). Ratios: 0.25 or "25%".',
    )
    max: Bound = Field(
        default=None,
        description='Pass if value <= max (lower is better). Ratios: 0.25 or "25%".',
    )
    warn_within: float = Field(
        default=0.10, ge=0, le=1, description="Warn band as a fraction of the target (0.1 = 10 %)."
    )
    weight: float = Field(default=1.0, ge=0, description="Weight of this KPI in the score.")
    per: Per | None = Field(
        default=None,
        description="Period length this target is stated for (default: top-level per).",
    )

    #: the bounds written as percent strings, as written ({"max": "25%"})
    _percents: dict[str, str] = PrivateAttr(default_factory=dict)

    @model_validator(mode="wrap")
    @classmethod
    def _keep_percents(cls, data: Any, handler: ModelWrapValidatorHandler[Self]) -> Self:
        target = handler(data)
        if isinstance(data, Mapping):
            target._percents = {
                key: text
                for key in ("min", "max")
                if isinstance(text := data.get(key), str) and percent_value(text) is not None
            }
        return target

    @model_serializer(mode="wrap")
    def _dump(self, handler: SerializerFunctionWrapHandler) -> Any:
        # a bound written "25%" dumps as written, so the checks on dumped data (Config's
        # _semantics) see what the YAML said
        out = handler(self)
        if isinstance(out, dict):
            out.update(self._percents)
        return out

    @model_validator(mode="after")
    def _bounds(self) -> Self:
        if self.min is None and self.max is None:
            raise ValueError("a target needs min, max or both")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min ({self.min:g}) is greater than max ({self.max:g})")
        return self


Targets = dict[str, Target]


class Settings(_Model):
    lead_time_days: float = Field(
        default=30,
        ge=0,
        description="Days to restock; below this days_of_supply a SKU is low stock.",
    )
    max_days_of_supply: float = Field(
        default=90, gt=0, description="Stock beyond this many days of sales counts as excess."
    )
    score_cap: float = Field(
        default=1.2, ge=1, description="Each KPI's attainment is capped at this inside the score."
    )


class Owner(_Model):
    name: str | None = Field(default=None, description="Display name.")
    team: str | None = Field(
        default=None, description="Team id (a key of teams: when that is given)."
    )
    asins: list[Pattern] = Field(default_factory=list, description="Glob patterns on child ASIN.")
    skus: list[Pattern] = Field(default_factory=list, description="Glob patterns on SKU.")
    campaigns: list[Pattern] = Field(
        default_factory=list, description="Glob patterns on campaign name."
    )
    targets: Targets = Field(default_factory=dict, description="This owner's own targets.")


class Team(_Model):
    name: str | None = Field(default=None, description="Display name.")
    targets: Targets = Field(default_factory=dict, description="This team's own targets.")


class CustomKpi(_Model):
    formula: str = Field(min_length=1, description="KPI ids, numbers, + - * / and parentheses.")
    unit: Unit = Field(description="Unit of the result.")
    better: Better = Field(default=Better.NONE, description="Which direction is better.")
    additive: bool = Field(
        False, description="True if it adds up across groups and days (targets are pro-rated)."
    )
    description: str | None = None

    def meta(self, kpi_id: str) -> KpiMeta:
        return KpiMeta(kpi_id, self.unit, self.better, self.additive, "custom", self.formula)


class Config(_Model):
    """A whole kpitool config file."""

    version: Literal[1] = Field(description="Config format version; always 1.")
    currency: CurrencyCode | None = Field(
        default=None, description="Reporting currency (default: the one currency the data holds)."
    )
    per: Per = Field(default="month", description="The period length targets are stated for.")
    # the defaults as they are (Pydantic does not validate defaults): Settings() would build
    # Settings' own validator in every run
    settings: Settings = Field(default_factory=Settings.model_construct)
    targets: Targets = Field(default_factory=dict, description="Targets for the total.")
    owners: dict[str, Owner] = Field(default_factory=dict)
    teams: dict[str, Team] = Field(default_factory=dict)
    kpis: dict[str, CustomKpi] = Field(default_factory=dict, description="Custom KPIs.")
    costs: Path | None = Field(default=None, description="Unit cost file, relative to this config.")
    fx: dict[CurrencyCode, Annotated[float, Field(gt=0)]] = Field(
        default_factory=dict, description="One unit of each currency in the reporting currency."
    )

    _path: Path | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _semantics(self, info: ValidationInfo) -> Self:
        if info.context and info.context.get(_SKIP_SEMANTIC):
            return self
        problems = semantic_errors(self.model_dump())
        if problems:
            raise ValueError("; ".join(f"{_dotted(loc)}: {msg}" for loc, msg in problems))
        return self

    @property
    def path(self) -> Path | None:
        """The file this config was loaded from (None for the default config)."""
        return self._path

    def costs_path(self) -> Path | None:
        """``costs`` resolved relative to the config file (or the current directory)."""
        if self.costs is None:
            return None
        return resolve_costs(self.costs, self._path)

    def kpi_ids(self) -> list[str]:
        """Every KPI id: the built-in ones in catalogue order, then the custom ones."""
        return [k.id for k in BUILTIN] + list(self.kpis)

    def kpi_meta(self, kpi_id: str) -> KpiMeta:
        """The metadata of a built-in or custom KPI (KeyError if unknown)."""
        if kpi_id in BUILTIN_BY_ID:
            return BUILTIN_BY_ID[kpi_id]
        return self.kpis[kpi_id].meta(kpi_id)

    def custom_order(self) -> list[str]:
        """Custom KPI ids with every custom KPI after the custom KPIs its formula uses."""
        if not self.kpis:
            return []
        # the formula language is imported only for a config's custom KPIs (~8 ms)
        from kpitool.formula import names, parse

        order: list[str] = []

        def visit(kpi_id: str) -> None:
            if kpi_id in order:
                return
            for dep in sorted(names(parse(self.kpis[kpi_id].formula)) & set(self.kpis)):
                visit(dep)
            order.append(kpi_id)

        for kpi_id in self.kpis:
            visit(kpi_id)
        return order


def resolve_costs(costs: Path, config_path: Path | None) -> Path:
    """A ``costs:`` path resolved relative to the config file (or the current directory)."""
    costs = costs.expanduser()
    if costs.is_absolute() or config_path is None:
        return costs
    return config_path.parent / costs


# --- checks Pydantic cannot express --------------------------------------------------------


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
    from kpitool.formula import FormulaError, names, parse  # a config file's check only

    errors: list[tuple[Loc, str]] = []
    kpis = _mapping(data.get("kpis"))
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
    known = set(KPI_IDS) | custom

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

    scopes: list[tuple[Loc, Any]] = [(("targets",), data.get("targets"))]
    owners = _mapping(data.get("owners"))
    teams = _mapping(data.get("teams"))
    scopes += [(("owners", o, "targets"), _mapping(v).get("targets")) for o, v in owners.items()]
    scopes += [(("teams", t, "targets"), _mapping(v).get("targets")) for t, v in teams.items()]
    for scope, targets in scopes:
        for kpi_id, target in _mapping(targets).items():
            if kpi_id not in known:
                errors.append(((*scope, kpi_id), _unknown_kpi(kpi_id, known)))
                continue
            unit = BUILTIN_BY_ID[kpi_id].unit if kpi_id in BUILTIN_BY_ID else None
            if kpi_id in custom:
                unit = _mapping(kpis[kpi_id]).get("unit")
            errors += _bound_errors((*scope, kpi_id), kpi_id, unit, _mapping(target))

    if UNASSIGNED in owners:
        errors.append(
            (("owners", UNASSIGNED), f"{UNASSIGNED} is the group of unmatched rows, not an owner")
        )
    if teams:
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

    currency = data.get("currency")
    rate = _mapping(data.get("fx")).get(currency)
    if isinstance(currency, str) and rate is not None and rate != 1:
        errors.append(
            (("fx", currency), f"{currency} is the reporting currency: its rate is 1, not {rate}")
        )
    return errors


_UNIT_WORDS = {
    "currency": "an amount of money",
    "count": "a count",
    "days": "in days",
    "weeks": "in weeks",
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
            what = "a multiple (4 = 4×)" if kpi_id in MULTIPLES else _UNIT_WORDS.get(unit, unit)
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


def _costs_errors(data: Mapping[str, Any], path: Path) -> list[tuple[Loc, str]]:
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


def _dotted(loc: Loc) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _line_of(loc: Loc, lines: Mapping[tuple[str, ...], int]) -> int:
    parts = tuple(str(p) for p in loc)
    for n in range(len(parts), 0, -1):
        if parts[:n] in lines:
            return lines[parts[:n]]
    return 1


def _model_at(loc: Loc) -> type[BaseModel] | None:
    """The model class that holds the keys at ``loc`` (None if not a model)."""
    current: Any = Config
    for part in loc:
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(str(part))
            if field is None:
                return None
            current = field.annotation
        elif get_origin(current) is dict:
            current = get_args(current)[1]
        else:
            return None
    if isinstance(current, type) and issubclass(current, BaseModel):
        return current
    return None


def _unknown_key(loc: Loc) -> str:
    model = _model_at(loc[:-1])
    if model is None:
        return "unknown key"
    allowed = list(model.model_fields)
    close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    return f"unknown key; {hint}allowed here: {', '.join(allowed)}"


def _pydantic_errors(exc: ValidationError) -> Iterator[tuple[Loc, str]]:
    for err in exc.errors(include_url=False):
        loc: list[str | int] = []
        key = False
        for part in err["loc"]:
            if part == "[key]":
                key = True
            else:
                loc.append(part)
        msg = str(err["msg"]).removeprefix("Value error, ")
        if err["type"] == "extra_forbidden" and loc:
            msg = _unknown_key(tuple(loc))
        if key:
            msg = f"bad key: {msg}"
        yield tuple(loc), msg


def _default_path() -> Path | None:
    return DEFAULT_PATH if DEFAULT_PATH.is_file() else None


def load_config(path: Path | None) -> Config:
    """Load and validate a config; ``None`` = ``configs/kpitool.yaml`` if present, else defaults.

    Raises one :class:`ConfigError` listing every problem as ``file:line: key.path: message``.
    """
    if path is None:
        path = _default_path()
        if path is None:
            return Config.model_construct(version=1)  # the defaults: nothing to validate
    if not path.exists():
        raise ConfigError(f"{path}: config file not found (pass an existing file to --config)")
    if not path.is_file():
        raise ConfigError(f"{path}: not a file (pass a YAML file to --config)")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the config ({exc.strerror})") from None
    return parse_config(text, path)


def parse_config(text: str, path: Path) -> Config:
    """Validate config text; ``path`` is named in the errors and kept as ``Config.path``."""
    # YAML is read only from a file: a run without one does not import it (~20 ms)
    from kpitool.config_yaml import load_yaml

    data, lines = load_yaml(text, path)
    if data is None:
        raise ConfigError(f"{path}:1: the config is empty; write at least `version: 1`")
    if not isinstance(data, dict):
        raise ConfigError(f"{path}:1: the config must be a mapping of keys, starting `version: 1`")

    problems: list[tuple[Loc, str]] = []
    config: Config | None = None
    try:
        config = Config.model_validate(data, context={_SKIP_SEMANTIC: True})
    except ValidationError as exc:
        problems.extend(_pydantic_errors(exc))
    problems.extend(semantic_errors(data))
    problems.extend(_costs_errors(data, path))
    if problems or config is None:
        rows = sorted(
            {(_line_of(loc, lines), _dotted(loc), msg) for loc, msg in problems},
            key=lambda r: (r[0], r[1], r[2]),
        )
        raise ConfigError(
            "\n".join(
                f"{path}:{line}: {key}: {msg}" if key else f"{path}:{line}: {msg}"
                for line, key, msg in rows
            )
        )
    config._path = path
    return config


# --- JSON Schema -----------------------------------------------------------------------------


def config_json_schema() -> dict[str, Any]:
    """The JSON Schema of the config file, generated from the models."""
    schema = Config.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "kpitool config"
    return schema


def schema_text() -> str:
    return json.dumps(config_json_schema(), indent=2, ensure_ascii=False) + "\n"


def write_schema(path: Path = SCHEMA_PATH) -> Path:
    """Write the JSON Schema (configs/kpitool.schema.json by default); return the path."""
    path.write_text(schema_text(), encoding="utf-8")
    return path
