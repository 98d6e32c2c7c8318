"""Report kinds, their canonical columns, and the Amazon header aliases for each column.

This package (with io/lang/, the non-English header tables) is the only place that knows
Amazon's header spellings. One module per report family; ``specs`` holds the signatures that
tell the kinds apart. Everything after ``io/`` sees only canonical names.
"""

from kpitool.io.kinds.ads import (
    SB_CAMPAIGN,
    SB_SEARCH_TERM,
    SD_ADVERTISED_PRODUCT,
    SD_CAMPAIGN,
    SP_ADVERTISED_PRODUCT,
    SP_CAMPAIGN,
    SP_PLACEMENT,
    SP_SEARCH_TERM,
    SP_TARGETING,
)
from kpitool.io.kinds.base import Col, ColType, KindSpec, ReportKind
from kpitool.io.kinds.business import BUSINESS_BY_DATE, BUSINESS_BY_ITEM
from kpitool.io.kinds.inventory import (
    FBA_INVENTORY,
    FBA_INVENTORY_AGE,
    FBA_INVENTORY_HEALTH,
    FBA_MANAGE_INVENTORY,
    FBA_RETURNS,
)
from kpitool.io.kinds.payments import PAYMENTS_DATE_RANGE, PAYMENTS_TRANSACTION_VIEW, SETTLEMENT_V2
from kpitool.io.kinds.specs import AD_KINDS, INVENTORY_KINDS, KIND_SPECS, SPEC_BY_KIND

__all__ = [
    "AD_KINDS",
    "BUSINESS_BY_DATE",
    "BUSINESS_BY_ITEM",
    "FBA_INVENTORY",
    "FBA_INVENTORY_AGE",
    "FBA_INVENTORY_HEALTH",
    "FBA_MANAGE_INVENTORY",
    "FBA_RETURNS",
    "INVENTORY_KINDS",
    "KIND_SPECS",
    "PAYMENTS_DATE_RANGE",
    "PAYMENTS_TRANSACTION_VIEW",
    "SB_CAMPAIGN",
    "SB_SEARCH_TERM",
    "SD_ADVERTISED_PRODUCT",
    "SD_CAMPAIGN",
    "SETTLEMENT_V2",
    "SPEC_BY_KIND",
    "SP_ADVERTISED_PRODUCT",
    "SP_CAMPAIGN",
    "SP_PLACEMENT",
    "SP_SEARCH_TERM",
    "SP_TARGETING",
    "Col",
    "ColType",
    "KindSpec",
    "ReportKind",
]
