"""Report kinds, column types and the shape of a column's alias list (shared by the families).

Aliases are written in their *normalised* form (see ``io.headers.normalise``): lower case,
single spaces, hyphens for dashes, no currency suffix, no trailing space, no "7 Day " window.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from enum import StrEnum

from kpitool.io.lang import aliases_for


class ReportKind(StrEnum):
    """Report kind ids: a contract, used in JSON output."""

    BUSINESS_REPORT_BY_ITEM = "business_report_by_item"
    BUSINESS_REPORT_BY_DATE = "business_report_by_date"
    SP_CAMPAIGN = "sp_campaign"
    SP_ADVERTISED_PRODUCT = "sp_advertised_product"
    SP_TARGETING = "sp_targeting"
    SP_SEARCH_TERM = "sp_search_term"
    SP_PLACEMENT = "sp_placement"
    SB_CAMPAIGN = "sb_campaign"
    SB_SEARCH_TERM = "sb_search_term"
    SD_CAMPAIGN = "sd_campaign"
    SD_ADVERTISED_PRODUCT = "sd_advertised_product"
    FBA_INVENTORY = "fba_inventory"
    FBA_MANAGE_INVENTORY = "fba_manage_inventory"
    FBA_INVENTORY_HEALTH = "fba_inventory_health"
    FBA_INVENTORY_AGE = "fba_inventory_age"
    FBA_RETURNS = "fba_returns"
    PAYMENTS_DATE_RANGE = "payments_date_range"
    PAYMENTS_TRANSACTION_VIEW = "payments_transaction_view"
    SETTLEMENT_V2 = "settlement_v2"


class ColType(StrEnum):
    TEXT = "text"
    INT = "int"  # counts: "3,395" -> 3395
    FLOAT = "float"  # plain numbers: ROAS, weeks of cover
    MONEY = "money"  # "$1,234.56", "Rs.10", "USD 58.89", "(1.50)" -> float
    AMOUNT = "amount"  # money read exactly (Decimal, 6 places): payments and settlements
    PERCENT = "percent"  # "12.5%" -> 0.125; xlsx cells already hold fractions
    DATE = "date"
    DATETIME = "datetime"


@dataclass(frozen=True)
class Col:
    name: str
    type: ColType
    aliases: tuple[str, ...]
    required: bool = False


def _c(name: str, type_: ColType, *aliases: str, required: bool = False) -> Col:
    return Col(name, type_, aliases or (name,), required)


T, I, F, M, A, P, D, DT = (  # noqa: E741
    ColType.TEXT,
    ColType.INT,
    ColType.FLOAT,
    ColType.MONEY,
    ColType.AMOUNT,
    ColType.PERCENT,
    ColType.DATE,
    ColType.DATETIME,
)


def localised(family: str, cols: tuple[Col, ...]) -> tuple[Col, ...]:
    """``cols`` with each language table's aliases (io/lang/) after the English ones."""
    return tuple(replace(c, aliases=c.aliases + aliases_for(family, c.name)) for c in cols)


def factory(family: str) -> Callable[..., Col]:
    """``_c`` for one family: the column with its English aliases, then the other languages'."""

    def make(name: str, type_: ColType, *aliases: str, required: bool = False) -> Col:
        return localised(family, (_c(name, type_, *aliases, required=required),))[0]

    return make


@dataclass(frozen=True)
class KindSpec:
    kind: ReportKind
    columns: tuple[Col, ...]
    #: every normalised header in ``signature`` must be present (after alias resolution the
    #: canonical names listed here must be found)
    signature: tuple[str, ...]
    #: canonical names that must be absent for this kind to match
    excludes: tuple[str, ...] = ()
    ad_type: str | None = None  # "SP", "SB", "SD"
    default_window: int | None = None  # attribution days when the header has no prefix
    #: the canonical column holding the row date, if any
    date_column: str | None = None
    extra: dict[str, str] = field(default_factory=dict)
