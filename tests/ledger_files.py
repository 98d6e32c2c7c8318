"""Payments files for the ledger and profit tests: the 2019 Date Range Report's preamble and
header (verbatim, report_formats.md), and a settlement V2 flat file's rows."""

from __future__ import annotations

from ingest_helpers import SETTLEMENT_HEADER

PREAMBLE_2019 = [
    "Includes Amazon Marketplace, Fulfillment by Amazon (FBA), and Amazon Webstore transactions",
    "All amounts in USD, unless specified",
    "Definitions:",
    "Sales tax collected: Includes sales tax collected from buyers for product sales, "
    "shipping, and gift wrap.",
    "Selling fees: Includes variable closing fees and referral fees.",
    "Other transaction fees: Includes shipping chargebacks, shipping holdbacks, per-item fees  "
    "and sales tax collection fees.",
    'Other: Includes non-order transaction amounts. For more details, see the "Type" and '
    '"Description" columns for each order ID.',
]
HEADER_2019 = [
    "date/time", "settlement id", "type", "order id", "sku", "description", "quantity",
    "marketplace", "fulfillment", "order city", "order state", "order postal",
    "tax collection model", "product sales", "product sales tax", "shipping credits",
    "shipping credits tax", "gift wrap credits", "giftwrap credits tax", "promotional rebates",
    "promotional rebates tax", "marketplace withheld tax", "selling fees", "fba fees",
    "other transaction fees", "other", "total",
]  # fmt: skip


def settlement_line(**cells: str) -> str:
    keys = [h.replace("-", "_") for h in SETTLEMENT_HEADER]
    return "\t".join(cells.get(k, "") for k in keys)


def settlement_rows() -> list[str]:
    def item(kind: str, day: str, amount_type: str, desc: str, amount: str) -> str:
        return settlement_line(
            transaction_type=kind, order_id="111-1", marketplace_name="Amazon.com",
            amount_type=amount_type, amount_description=desc, amount=amount,
            fulfillment_id="AFN", posted_date=day, posted_date_time=f"{day} 10:00:00 UTC",
            order_item_code="555", sku="SKU-A", quantity_purchased="1",
        )  # fmt: skip

    def other(day: str, amount_type: str, desc: str, amount: str) -> str:
        return settlement_line(
            transaction_type="other-transaction", amount_type=amount_type,
            amount_description=desc, amount=amount, posted_date=day,
            posted_date_time=f"{day} 09:00:00 UTC",
        )  # fmt: skip

    return [
        # the summary row: the payout, its dates and currency; transaction rows leave them empty
        settlement_line(
            settlement_id="9876543210",
            settlement_start_date="2020-03-01 00:00:00 UTC",
            settlement_end_date="2020-03-15 00:00:00 UTC",
            deposit_date="2020-03-17 00:00:00 UTC",
            total_amount="1000.00",
            currency="USD",
        ),
        item("Order", "2020-03-02", "ItemPrice", "Principal", "24.99"),
        item("Order", "2020-03-02", "ItemPrice", "Tax", "2.06"),
        item("Order", "2020-03-02", "ItemFees", "FBAPerUnitFulfillmentFee", "-3.22"),
        item("Order", "2020-03-02", "ItemFees", "Commission", "-3.75"),
        item("Order", "2020-03-02", "Promotion", "Principal", "-2.50"),
        item(
            "Order", "2020-03-02", "ItemWithheldTax", "MarketplaceFacilitatorTax-Principal", "-2.06"
        ),
        item("Refund", "2020-03-05", "ItemPrice", "Principal", "-24.99"),
        item("Refund", "2020-03-05", "ItemFees", "Commission", "3.75"),
        item("Refund", "2020-03-05", "ItemFees", "RefundCommission", "-0.75"),
        other("2020-03-06", "Cost of Advertising", "TransactionTotalAmount", "-45.67"),
        other("2020-03-07", "other-transaction", "Storage Fee", "-12.34"),
        other("2020-03-08", "other-transaction", "Subscription Fee", "-39.99"),
        other("2020-03-09", "other-transaction", "Previous Reserve Amount Balance", "100.00"),
        other("2020-03-15", "other-transaction", "Current Reserve Amount", "-150.00"),
        other("2020-03-10", "FBA Inventory Reimbursement", "REVERSAL_REIMBURSEMENT", "15.00"),
    ]
