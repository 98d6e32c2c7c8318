"""The config file: Pydantic v2 models (unknown keys forbidden), loading with file:line errors.

Loading (:func:`load_config`):

- ``None`` means ``configs/kpitool.yaml`` under the current directory, or, when that file does
  not exist, the default ``Config(version=1)`` (no targets: every status is ``no_target``).
- YAML is read safely, with the line of every key, by :mod:`kpitool.config.yaml_lines` (duplicate
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
  0.25, 0.125) for a KPI that is a fraction, i.e. unit ``ratio`` (built-in or custom); ``roas``
  and ``inventory_turnover`` have the unit ``multiple`` (4 = 4×, as kpis.md defines them) and
  take plain numbers (``roas: {min: 3}``). For any other KPI a percent string is an error. A
  plain-number bound of a fraction KPI with
  ``|bound| >= 2`` (:data:`PERCENT_LIKE`) is refused as a whole-number percent (``acos: {max:
  25}``): 2 would be 200 %, which a share cannot reach and an ACOS, TACoS or ROI target hardly
  ever means; such a target is written as a percent string (``"250%"``). Bounds below 2 in
  size (ROI 1.5 = 150 %) are taken as written.
- ``costs`` is resolved relative to the config file (:meth:`Config.costs_path`). When a config
  is read from a file (:func:`parse_config`), a cost file that does not exist (or is not a
  file) is a config error at the ``costs:`` line; the feature that reads it checks it again.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ModelWrapValidatorHandler,
    PrivateAttr,
    SerializerFunctionWrapHandler,
    ValidationInfo,
    WithJsonSchema,
    model_serializer,
    model_validator,
)

from kpitool.config.checks import (
    _PERCENT,
    dotted,
    percent_value,
    resolve_costs,
    semantic_errors,
)
from kpitool.kpis.catalogue import BUILTIN, BUILTIN_BY_ID, Better, KpiMeta, Unit

DEFAULT_PATH = Path("configs/kpitool.yaml")
_SKIP_SEMANTIC = "kpitool_skip_semantic_checks"

Per = Literal["day", "week", "month", "quarter", "year"]


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


class Tier(_Model):
    min_score: float = Field(ge=0, description="The score from which this tier pays (0.9 = 90 %).")
    payout: float = Field(ge=0, description="What the tier pays, in the incentives' currency.")


class Incentives(_Model):
    """Payouts by score: each owner is paid the highest tier their score reaches."""

    currency: CurrencyCode | None = Field(
        default=None,
        description="Currency of the payouts (an owner's block: default the top-level one's).",
    )
    tiers: list[Tier] = Field(
        min_length=1, description="Tiers in ascending min_score; the highest one reached pays."
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
    incentives: Incentives | None = Field(
        default=None, description="This owner's own payout tiers (instead of the top-level ones)."
    )


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
    account: str = Field(
        default="default",
        min_length=1,
        max_length=100,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$",
        description="The seller account these reports belong to (a --history file keeps "
        "each account's figures apart).",
    )
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
    incentives: Incentives | None = Field(
        default=None, description="Payouts by score for each owner (--by owner)."
    )

    _path: Path | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _semantics(self, info: ValidationInfo) -> Self:
        if info.context and info.context.get(_SKIP_SEMANTIC):
            return self
        problems = semantic_errors(self.model_dump())
        if problems:
            raise ValueError("; ".join(f"{dotted(loc)}: {msg}" for loc, msg in problems))
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

    def incentives_for(self, owner: str) -> Incentives | None:
        """The payout tiers of an owner (their own, else the top-level ones), with the
        currency filled in (their own, the top-level incentives', the reporting currency)."""
        own = self.owners[owner].incentives if owner in self.owners else None
        chosen = own or self.incentives
        if chosen is None:
            return None
        currency = chosen.currency or (self.incentives and self.incentives.currency)
        return chosen.model_copy(update={"currency": currency or self.currency})

    def has_incentives(self) -> bool:
        return self.incentives is not None or any(o.incentives for o in self.owners.values())

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
        from kpitool.kpis.formula import names, parse

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
