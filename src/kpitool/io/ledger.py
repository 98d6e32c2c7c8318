"""Payments reports -> one ledger: a row per money movement, classified, amounts exact.

The three payments downloads say the same things in different shapes: the Date Range Report
(a row per transaction, amounts spread over columns, type names localized), the Transaction
View (a row per charge) and the settlement V2 flat file (long format: a row per amount type).
:func:`ledger` turns any of them into :data:`LEDGER_SCHEMA`, so nothing after ``io/`` needs
to know their columns or their words.

Entries (column ``entry``):

- ``order`` / ``refund``: a sale and its refund. ``product_sales`` holds the product price,
  ``fees`` Amazon's selling, FBA and other transaction fees on it (negative), ``quantity``
  the units (positive on both).
- ``fee``: a fee charged on its own row (FBA Inventory Fee, a Service Fee other than
  advertising): ``fees`` = ``total``.
- ``ad``: advertising charged to the seller balance (Service Fee, Cost of Advertising).
- ``balance``: money moved between the Amazon balance and the seller's bank or card
  (Transfer, Debt, reserve lines): never revenue or cost.
- ``other``: adjustments, reimbursements, rows with an empty type (coupon fees): ``total``
  counts, and their fee columns count as fees.
- ``unknown``: a type this module does not recognise: counted like ``other``; the engine
  names the values in a warning (``type`` keeps the text as written).
"""

from __future__ import annotations

import polars as pl

from kpitool.io.clean import AMOUNT_DTYPE
from kpitool.io.kinds import SPEC_BY_KIND, ReportKind
from kpitool.io.model import Report

ORDER, REFUND, FEE, AD, BALANCE, OTHER, UNKNOWN = (
    "order",
    "refund",
    "fee",
    "ad",
    "balance",
    "other",
    "unknown",
)
ENTRIES = (ORDER, REFUND, FEE, AD, BALANCE, OTHER, UNKNOWN)

LEDGER_SCHEMA: dict[str, pl.DataType] = {
    "date": pl.Date(),
    "entry": pl.String(),
    "type": pl.String(),
    "order_id": pl.String(),
    "sku": pl.String(),
    "quantity": pl.Int64(),
    "product_sales": AMOUNT_DTYPE,
    "fees": AMOUNT_DTYPE,
    "total": AMOUNT_DTYPE,
    "currency": pl.String(),
}

PAYMENTS_KINDS: tuple[ReportKind, ...] = (
    ReportKind.PAYMENTS_DATE_RANGE,
    ReportKind.SETTLEMENT_V2,
    ReportKind.PAYMENTS_TRANSACTION_VIEW,
)

#: Date Range Report ``type`` values (lower case), in English, German, French, Italian, Spanish
_DATE_RANGE_TYPES: dict[str, str] = {
    **dict.fromkeys(["order", "bestellung", "commande", "ordine", "pedido"], ORDER),
    **dict.fromkeys(
        [
            *("refund", "erstattung", "remboursement", "rimborso", "reembolso"),
            *("chargeback refund", "a-to-z guarantee claim"),
        ],
        REFUND,
    ),
    **dict.fromkeys(
        ["transfer", "übertrag", "transfert", "trasferimento", "transferir", "transferencia"],
        BALANCE,
    ),
    **dict.fromkeys(["debt", "schulden", "dette", "debito", "deuda"], BALANCE),
    **dict.fromkeys(
        [
            "fba inventory fee",
            "versand durch amazon lagergebühr",
            "frais de stock expédié par amazon",
            "costo di stoccaggio logistica di amazon",
            "tarifas de inventario de logística de amazon",
            "service fee",
            "servicegebühr",
            "frais de service",
            "commissione di servizio",
            "tariffa di servizio",
            "tarifa de servicio",
            "amazon fees",
            "deal fee",
            "lightning deal fee",
            "fba customer return fee",
            "fee adjustment",
        ],
        FEE,
    ),
    **dict.fromkeys(
        [
            *("adjustment", "anpassung", "ajustement", "modifica", "rettifica", "ajuste", ""),
            *("liquidations", "safe-t reimbursement"),
        ],
        OTHER,
    ),
}
#: ``description`` (lower case) prefixes of advertising charges
_AD_DESCRIPTIONS = (
    "cost of advertising",
    "werbekosten",
    "frais de publicité",
    "costo della pubblicità",
    "costi pubblicitari",
    "gastos de publicidad",
)


def ledger(report: Report) -> pl.LazyFrame:
    """The report's rows as ledger rows (:data:`LEDGER_SCHEMA`), in file order."""
    match report.kind:
        case ReportKind.PAYMENTS_DATE_RANGE:
            lf = _date_range(report)
        case ReportKind.PAYMENTS_TRANSACTION_VIEW:
            lf = _transaction_view(report)
        case ReportKind.SETTLEMENT_V2:
            lf = _settlement(report)
        case _:
            raise ValueError(f"{report.kind} is not a payments report")
    return lf.select([pl.col(c).cast(t) for c, t in LEDGER_SCHEMA.items()])


def _has(report: Report, name: str) -> bool:
    return any(c.name == name for c in SPEC_BY_KIND[report.kind].columns)


def _amount(name: str) -> pl.Expr:
    return pl.col(name).fill_null(0).cast(AMOUNT_DTYPE)


def _zero() -> pl.Expr:
    return pl.lit(0, dtype=AMOUNT_DTYPE)


def _is_ad(text: pl.Expr) -> pl.Expr:
    low = text.fill_null("").str.to_lowercase().str.strip_chars()
    return pl.any_horizontal([low.str.starts_with(p) for p in _AD_DESCRIPTIONS])


def _currency(report: Report) -> pl.Expr:
    own = pl.lit(report.currency, dtype=pl.String)
    return pl.coalesce(pl.col("currency"), own) if _has(report, "currency") else own


def _ledger(
    frame: pl.LazyFrame,
    entry: pl.Expr,
    raw_type: pl.Expr,
    report: Report,
    *,
    quantity: pl.Expr,
    product_sales: pl.Expr,
    fees: pl.Expr,
    total: pl.Expr,
    date: pl.Expr,
) -> pl.LazyFrame:
    """The ledger columns; ``quantity``/``product_sales``/``fees`` may read column ``entry``."""
    e = pl.col("entry")
    sale = e.is_in([ORDER, REFUND])
    return frame.with_columns(entry.alias("entry")).select(
        date.alias("date"),
        e,
        raw_type.alias("type"),
        pl.col("order_id"),
        pl.col("sku"),
        pl.when(sale).then(quantity.abs()).alias("quantity"),
        pl.when(sale).then(product_sales).otherwise(_zero()).alias("product_sales"),
        pl.when(e == FEE)
        .then(total)
        .when(e.is_in([AD, BALANCE]))
        .then(_zero())
        .otherwise(fees)
        .alias("fees"),
        total.alias("total"),
        _currency(report).alias("currency"),
    )


def _date_range(report: Report) -> pl.LazyFrame:
    raw = pl.col("type").fill_null("").str.strip_chars()
    known = raw.str.to_lowercase().replace_strict(_DATE_RANGE_TYPES, default=UNKNOWN)
    entry = pl.when(_is_ad(pl.col("description"))).then(pl.lit(AD)).otherwise(known)
    return _ledger(
        report.frame,
        entry,
        raw,
        report,
        quantity=pl.col("quantity"),
        product_sales=_amount("product_sales"),
        fees=_amount("selling_fees") + _amount("fba_fees") + _amount("other_transaction_fees"),
        total=_amount("total"),
        date=pl.col("date"),
    )


def _classify(kind: pl.Expr, words: dict[str, tuple[str, ...]]) -> pl.Expr:
    """The entry whose words first occur in ``kind`` (lower case), else :data:`UNKNOWN`."""
    low = kind.fill_null("").str.to_lowercase()
    out: pl.Expr = pl.lit(UNKNOWN)
    for entry, keys in reversed(words.items()):
        hit = pl.any_horizontal([low.str.contains(k, literal=True) for k in keys])
        out = pl.when(hit).then(pl.lit(entry)).otherwise(out)
    return out


#: Transaction View ``Transaction type`` words, first match wins
_VIEW_TYPES: dict[str, tuple[str, ...]] = {
    REFUND: ("refund",),
    ORDER: ("order",),
    BALANCE: ("transfer", "disburse", "debt", "reserve"),
    FEE: ("fee",),
    OTHER: ("adjustment", "reimbursement", "other"),
}


def _transaction_view(report: Report) -> pl.LazyFrame:
    """A row per charge: product charges are the sale, ``Amazon fees`` its fees; the units
    sit on the product-charges row (fee rows of the same order repeat them)."""
    kind = pl.col("transaction_type").fill_null("").str.strip_chars()
    detail = pl.col("payment_detail")
    ad = _is_ad(detail) | _is_ad(pl.col("payment_type")) | _is_ad(kind)
    entry = pl.when(ad).then(pl.lit(AD)).otherwise(_classify(kind, _VIEW_TYPES))
    payment = pl.col("payment_type").fill_null("").str.strip_chars().str.to_lowercase()
    product = payment == "product charges"
    amount = _amount("amount")
    return _ledger(
        report.frame,
        entry,
        kind,
        report,
        quantity=pl.when(product).then(pl.col("quantity")),
        product_sales=pl.when(product).then(amount).otherwise(_zero()),
        fees=pl.when(payment == "amazon fees").then(amount).otherwise(_zero()),
        total=amount,
        date=pl.col("date"),
    )


#: settlement ``transaction-type`` words, first match wins (``amount-description`` for balance)
_SETTLEMENT_TYPES: dict[str, tuple[str, ...]] = {
    ORDER: ("order",),  # before refund: an order's ShippingChargeback fee stays the order's
    REFUND: ("refund", "chargeback", "a-to-z"),
    BALANCE: ("reserve", "transfer", "disburse", "payable to amazon", "successful charge"),
    FEE: ("fee", "subscription", "storage", "removal", "disposal"),
    OTHER: ("adjustment", "reimbursement", "other-transaction", "other"),
}


def _settlement(report: Report) -> pl.LazyFrame:
    """Long format: ``ItemPrice``/``Principal`` rows are the sale (with its units), ``ItemFees``
    its fees; the payout summary row (carried down, then left out by the reader) is not here."""
    parts = ("transaction_type", "amount_type", "amount_description")
    what = pl.concat_str([pl.col(c).fill_null("") for c in parts], separator=" ")
    ad = _is_ad(pl.col("amount_type")) | _is_ad(pl.col("amount_description"))
    ad = ad | _is_ad(pl.col("transaction_type"))
    balance = _classify(pl.col("amount_description"), {BALANCE: _SETTLEMENT_TYPES[BALANCE]})
    entry = (
        pl.when(ad)
        .then(pl.lit(AD))
        .when(balance == BALANCE)
        .then(pl.lit(BALANCE))
        .otherwise(_classify(what, _SETTLEMENT_TYPES))
    )
    amount_type = pl.col("amount_type").fill_null("").str.to_lowercase()
    principal = (amount_type == "itemprice") & (
        pl.col("amount_description").fill_null("").str.to_lowercase() == "principal"
    )
    amount = _amount("amount")
    date = pl.coalesce(pl.col("posted_date"), pl.col("posted_at").dt.date())
    return _ledger(
        report.frame,  # io/read.py has already left the payout summary row out
        entry,
        pl.col("transaction_type"),
        report,
        quantity=pl.when(principal).then(pl.col("quantity")),
        product_sales=pl.when(principal).then(amount).otherwise(_zero()),
        fees=pl.when(amount_type == "itemfees").then(amount).otherwise(_zero()),
        total=amount,
        date=date,
    )
