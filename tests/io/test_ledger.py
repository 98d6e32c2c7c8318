"""io/ledger.py: every payments download -> one classified ledger, amounts exact.

One tiny fixture per quirk of report_formats.md section 4, written here as text. Expected
figures are worked out by hand from the fixture (the sums are written out in the comments),
never copied from kpitool's output.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import operator
import random
from collections import Counter, defaultdict
from decimal import Decimal as D
from functools import reduce
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from ingest_helpers import SETTLEMENT_HEADER, quoted, write
from ledger_files import HEADER_2019, PREAMBLE_2019, settlement_rows
from paths import REAL

from kpitool.io import clean
from kpitool.io.kinds import ReportKind
from kpitool.io.ledger import LEDGER_SCHEMA, ledger
from kpitool.io.read import read_report

Sums = dict[str, tuple[D, D, D]]  # entry -> (product_sales, fees, total)


def read_ledger(path: Path, kind: ReportKind) -> pl.DataFrame:
    report = read_report(path)
    assert report.kind is kind
    frame = ledger(report).collect()
    assert frame.schema == pl.Schema(LEDGER_SCHEMA)
    return frame


def sums(frame: pl.DataFrame) -> Sums:
    out: dict[str, list[D]] = defaultdict(lambda: [D(0), D(0), D(0)])
    for r in frame.iter_rows(named=True):
        for i, c in enumerate(("product_sales", "fees", "total")):
            out[r["entry"]][i] += r[c]
    return {k: (v[0], v[1], v[2]) for k, v in out.items()}


def by_entry(frame: pl.DataFrame, column: str) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = defaultdict(list)
    for entry, value in frame.select("entry", column).iter_rows():
        out[entry].append(value)
    return dict(out)


# ------------------------------------------------------------------ Date Range Report, 2019

AMOUNTS_2019 = HEADER_2019[13:]


def dr_line(header: list[str], **cells: str) -> str:
    """A fully quoted Date Range Report row; amounts not given are "0", other cells empty."""
    keys = {h: h.replace(" ", "_").replace("/", "_").lower() for h in header}
    money = set(AMOUNTS_2019) | {"Regulatory Fee", "Tax On Regulatory Fee"}
    return quoted(*[cells.get(keys[h], "0" if h in money else "") for h in header])


def dr_2019_rows() -> list[str]:
    h = HEADER_2019
    common = {"settlement_id": "11111111111", "marketplace": "amazon.com"}
    order = {**common, "fulfillment": "Amazon", "tax_collection_model": "MarketplaceFacilitator"}
    return [
        # 49.98 + 4.12 - 5.00 - 4.12 - 6.75 - 6.44 = 31.79
        dr_line(h, date_time="Dec 1, 2019 2:29:33 AM PST", type="Order",
                order_id="111-0000001-0000001", sku="SKU-A", description="Bath mat",
                quantity="2", **order, product_sales="49.98", product_sales_tax="4.12",
                promotional_rebates="-5.00", marketplace_withheld_tax="-4.12",
                selling_fees="-6.75", fba_fees="-6.44", total="31.79"),
        # 1,049.00 - 157.35 - 9.99 = 881.66
        dr_line(h, date_time="Dec 2, 2019 11:59:59 PM PST", type="Order",
                order_id="111-0000002-0000002", sku="SKU-B", description="Rug",
                quantity="1", **order, product_sales="1,049.00", selling_fees="-157.35",
                fba_fees="-9.99", total="881.66"),
        # -24.99 - 2.06 + 2.50 + 2.06 + 3.00 = -19.49
        dr_line(h, date_time="Dec 5, 2019 10:00:00 PM PST", type="Refund",
                order_id="111-0000001-0000001", sku="SKU-A", description="Bath mat",
                quantity="1", **order, product_sales="-24.99", product_sales_tax="-2.06",
                promotional_rebates="2.50", marketplace_withheld_tax="2.06",
                selling_fees="3.00", total="-19.49"),
        dr_line(h, date_time="Dec 6, 2019 1:00:00 AM PST", type="Service Fee",
                description="Cost of Advertising", other_transaction_fees="-123.45",
                total="-123.45", settlement_id="11111111111"),
        dr_line(h, date_time="Dec 7, 2019 1:00:00 AM PST", type="Service Fee",
                description="Subscription", other="-39.99", total="-39.99", **common),
        dr_line(h, date_time="Dec 9, 2019 1:00:00 AM PST", type="FBA Inventory Fee",
                description="FBA Inventory Storage Fee", other="-12.34", total="-12.34",
                **common),
        dr_line(h, date_time="Dec 10, 2019 1:00:00 AM PST", type="Adjustment",
                order_id="111-0000003-0000003", sku="SKU-A", quantity="1",
                description="FBA Inventory Reimbursement - Customer Return", other="15.49",
                total="15.49", **common),
        dr_line(h, date_time="Dec 14, 2019 12:43:01 AM PST", type="Transfer",
                description="To your account ending in: 000", other="-1,234.56",
                total="-1,234.56", settlement_id="11111111111"),
        dr_line(h, date_time="Dec 20, 2019 1:00:00 AM PST", type="Debt",
                description="Charge to credit card", other="50.00", total="50.00",
                settlement_id="11111111111"),
        # the coupon fee: an empty, unquoted type
        dr_line(h, date_time="Dec 31, 2019 11:00:00 PM PST", type="\x00",
                order_id="aaaaaaaa-bbbb", description="Coupon Redemption Fee: Save 10%",
                other_transaction_fees="-0.60", total="-0.60", **common).replace('"\x00"', ""),
    ]  # fmt: skip


EXPECTED_2019: Sums = {
    # product sales 49.98 + 1049.00; fees -6.75 - 6.44 - 157.35 - 9.99; totals 31.79 + 881.66
    "order": (D("1098.98"), D("-180.53"), D("913.45")),
    "refund": (D("-24.99"), D("3.00"), D("-19.49")),
    "ad": (D(0), D(0), D("-123.45")),
    "fee": (D(0), D("-52.33"), D("-52.33")),  # -39.99 - 12.34
    "other": (D(0), D("-0.60"), D("14.89")),  # 15.49 - 0.60; the coupon fee is a fee column
    "balance": (D(0), D(0), D("-1184.56")),  # -1234.56 + 50.00
}


def test_date_range_2019_with_preamble_every_type(tmp_path: Path) -> None:
    text = "\n".join([*(quoted(p) for p in PREAMBLE_2019), quoted(*HEADER_2019), *dr_2019_rows()])
    assert len(text.splitlines()[7].split('","')) == 27  # the 27-column header on line 8
    frame = read_ledger(
        write(tmp_path, "2019Dec1-2019Dec31CustomTransaction.csv", "\ufeff" + text + "\n"),
        ReportKind.PAYMENTS_DATE_RANGE,
    )
    assert sums(frame) == EXPECTED_2019
    assert frame["entry"].to_list() == [
        "order", "order", "refund", "ad", "fee", "fee", "other", "balance", "balance", "other",
    ]  # fmt: skip
    assert frame["type"].to_list()[-1] == ""  # the empty type, kept as written
    assert by_entry(frame, "quantity") == {
        "order": [2, 1],
        "refund": [1],  # positive on refunds too
        "ad": [None],
        "fee": [None, None],
        "other": [None, None],
        "balance": [None, None],
    }
    assert frame["date"].to_list()[:3] == [
        dt.date(2019, 12, 1),
        dt.date(2019, 12, 2),
        dt.date(2019, 12, 5),
    ]  # fmt: skip  (the date as written, not moved to UTC)
    assert frame["date"].to_list()[-1] == dt.date(2019, 12, 31)
    assert set(frame["currency"]) == {"USD"}
    assert frame["sku"].to_list()[:3] == ["SKU-A", "SKU-B", "SKU-A"]


# ------------------------------------------------------------------ Date Range Report, 2022-2026

HEADER_2026 = [
    "date/time", "settlement id", "type", "order id", "sku", "description", "quantity",
    "marketplace", "fulfillment", "tax collection model", "product sales",
    "product sales tax", "shipping credits", "shipping credits tax", "gift wrap credits",
    "giftwrap credits tax", "Regulatory Fee", "Tax On Regulatory Fee", "promotional rebates",
    "promotional rebates tax", "marketplace withheld tax", "selling fees", "fba fees",
    "other transaction fees", "other", "total", "Transaction Status", "Transaction Release Date",
]  # fmt: skip


@pytest.mark.parametrize("account_type", [False, True])
def test_date_range_2026_regulatory_fee_status_no_city(tmp_path: Path, account_type: bool) -> None:
    header = list(HEADER_2026)
    extra = {}
    if account_type:
        header.insert(header.index("marketplace") + 1, "account type")
        extra = {"account_type": "Standard Orders"}
    rows = [
        # 20.00 + 0.28 + 0.02 - 0.30 - 3.00 - 3.22 = 13.78
        dr_line(header, date_time="Oct 1, 2026 12:04:05 AM PDT", type="Order",
                order_id="112-1", sku="NW-1", quantity="1", marketplace="amazon.com",
                product_sales="20.00", regulatory_fee="0.28", tax_on_regulatory_fee="0.02",
                marketplace_withheld_tax="-0.30", selling_fees="-3.00", fba_fees="-3.22",
                total="13.78", transaction_status="Released",
                transaction_release_date="Oct 8, 2026 12:04:05 AM PDT", **extra),
        # 3 x 5.00 - 2.25 - 9.66 = 3.09
        dr_line(header, date_time="Oct 31, 2026 11:59:00 PM PDT", type="Order",
                order_id="112-2", sku="NW-2", quantity="3", marketplace="amazon.com",
                product_sales="15.00", selling_fees="-2.25", fba_fees="-9.66", total="3.09",
                transaction_status="Deferred", **extra),
        dr_line(header, date_time="Oct 13, 2026 3:00:00 AM PDT", type="Service Fee",
                description="Cost of Advertising", other_transaction_fees="-1,500.00",
                total="-1,500.00", transaction_status="Released",
                transaction_release_date="Oct 13, 2026 3:00:00 AM PDT"),
        dr_line(header, date_time="Oct 14, 2026 12:43:01 AM PDT", type="Transfer",
                description="To your account ending in: 000", other="-2,345.67",
                total="-2,345.67", transaction_status="Released",
                transaction_release_date="Oct 14, 2026 12:43:01 AM PDT"),
    ]  # fmt: skip
    text = "\n".join([quoted(*PREAMBLE_2019[:3]), quoted(*header), *rows]) + "\n"
    frame = read_ledger(write(tmp_path, "pay.csv", text), ReportKind.PAYMENTS_DATE_RANGE)
    assert sums(frame) == {
        "order": (D("35.00"), D("-18.13"), D("16.87")),  # fees -3.00-3.22-2.25-9.66
        "ad": (D(0), D(0), D("-1500.00")),
        "balance": (D(0), D(0), D("-2345.67")),
    }
    assert frame["quantity"].to_list() == [1, 3, None, None]
    assert frame["date"].to_list() == [
        dt.date(2026, 10, 1), dt.date(2026, 10, 31), dt.date(2026, 10, 13), dt.date(2026, 10, 14)
    ]  # fmt: skip
    assert set(frame["currency"]) == {"USD"}


# ------------------------------------------------------------------ localized Date Range Reports

LOCALIZED: dict[str, dict[str, Any]] = {
    "de": {
        "header": [
            "Datum/Uhrzeit", "Abrechnungsnummer", "Typ", "Bestellnummer", "SKU",
            "Beschreibung", "Menge", "Marketplace", "Versand", "Ort der Bestellung",
            "Bundesland", "Postleitzahl", "Steuererhebungsmodell", "Umsätze",
            "Produktumsatzsteuer", "Gutschrift für Versandkosten", "Steuer auf Versandgutschrift",
            "Gutschrift für Geschenkverpackung", "Steuer auf Geschenkverpackungsgutschriften",
            "Rabatte aus Werbeaktionen", "Steuer auf Aktionsrabatte",
            "Einbehaltene Steuer auf Marketplace", "Verkaufsgebühren",
            "Gebühren zu Versand durch Amazon", "Andere Transaktionsgebühren", "Andere", "Gesamt",
        ],
        "types": ["Bestellung", "Erstattung", "Servicegebühr", "Versand durch Amazon Lagergebühr",
                  "Übertrag", "Anpassung"],
        "ad": "Werbekosten",
        "dates": ["01.10.2020 00:07:25 UTC", "15.10.2020 14:05:00 UTC"],
        "market": "amazon.de",
    },
    "fr": {
        "header": [
            "date/heure", "numéro de versement", "type", "numéro de la commande", "sku",
            "description", "quantité", "marketplace", "traitement",
            "ville d'où provient la commande", "Région d'où provient la commande",
            "code postal de la commande", "modèle de perception des taxes", "ventes de produits",
            "Taxes sur la vente des produits", "crédits d'expédition",
            "taxe sur les crédits d’expédition", "crédits sur l'emballage cadeau",
            "Taxes sur les crédits cadeaux", "Rabais promotionnels",
            "Taxes sur les remises promotionnelles", "Taxes retenues sur le site de vente",
            "frais de vente", "Frais Expédié par Amazon", "autres frais de transaction", "autre",
            "total",
        ],
        "types": ["Commande", "Remboursement", "Frais de service",
                  "Frais de stock Expédié par Amazon", "Transfert", "Ajustement"],
        "ad": "Frais de publicité",
        "dates": ["1 oct. 2020 00:07:25 UTC", "15 oct. 2020 14:05:00 UTC"],
        "market": "amazon.fr",
    },
    "it": {
        "header": [
            "Data/Ora:", "Numero pagamento", "Tipo", "Numero ordine", "SKU", "Descrizione",
            "Quantità", "Marketplace", "Gestione", "Città di provenienza dell'ordine",
            "Provincia di provenienza dell'ordine", "CAP dell'ordine",
            "modello di riscossione delle imposte", "Vendite",
            "imposta sulle vendite dei prodotti", "Accrediti per le spedizioni",
            "imposta accrediti per le spedizioni", "Accrediti per confezioni regalo",
            "imposta sui crediti confezione regalo", "Sconti promozionali",
            "imposta sugli sconti promozionali", "trattenuta IVA del marketplace",
            "Commissioni di vendita", "Costi del servizio Logistica di Amazon",
            "Altri costi relativi alle transazioni", "Altro", "totale",
        ],
        "types": ["Ordine", "Rimborso", "Commissione di servizio",
                  "Costo di stoccaggio Logistica di Amazon", "Trasferimento", "Modifica"],
        "ad": "Costo della pubblicità",
        "dates": ["1 ott 2020 00:07:25 UTC", "15 ott 2020 14:05:00 UTC"],
        "market": "amazon.it",
    },
    "es": {
        "header": [
            "fecha y hora", "identificador de pago", "tipo", "número de pedido", "sku",
            "descripción", "cantidad", "web de Amazon", "gestión logística",
            "ciudad de procedencia del pedido", "comunidad autónoma de procedencia del pedido",
            "código postal de procedencia del pedido", "modelo de recaudación de impuestos",
            "ventas de productos", "impuesto de ventas de productos", "abonos de envío",
            "impuestos por abonos de envío", "abonos de envoltorio para regalo",
            "impuestos por abonos de envoltorio para regalo", "devoluciones promocionales",
            "impuestos por devoluciones promocionales", "impuesto retenido en el sitio web",
            "tarifas de venta", "tarifas de Logística de Amazon",
            "tarifas de otras transacciones", "otro", "total",
        ],
        "types": ["Pedido", "Reembolso", "Tarifa de servicio",
                  "Tarifas de inventario de Logística de Amazon", "Transferir", "Ajuste"],
        "ad": "Gastos de publicidad",
        "dates": ["1 oct. 2020 0:07:25 UTC", "15 oct. 2020 14:05:00 UTC"],
        "market": "amazon.es",
    },
}  # fmt: skip


@pytest.mark.parametrize("lang", sorted(LOCALIZED))
def test_date_range_localized_comma_decimals_day_first(tmp_path: Path, lang: str) -> None:
    spec = LOCALIZED[lang]
    header: list[str] = spec["header"]
    assert len(header) == 27
    order, refund, service, storage, transfer, adjustment = spec["types"]
    first, mid = spec["dates"]

    def row(when: str, type_: str, desc: str, qty: str, amounts: dict[int, str]) -> str:
        # positions in the 27-column layout: 13 product sales, 22 selling fees, 23 fba fees,
        # 24 other transaction fees, 25 other, 26 total
        cells = [when, "1234", type_, "", "SKU-DE" if qty else "", desc, qty, spec["market"]]
        cells += [""] * 5 + ["0"] * 14
        for i, v in amounts.items():
            cells[i] = v
        return quoted(*cells)

    rows = [
        row(first, order, "Badematte", "1", {13: "12,99", 22: "-1,95", 23: "-2,70", 26: "8,34"}),
        row(mid, refund, "Badematte", "1", {13: "-12,99", 22: "1,56", 26: "-11,43"}),
        row(mid, service, spec["ad"], "", {24: "-45,67", 26: "-45,67"}),
        row(mid, storage, "Lager", "", {25: "-3,21", 26: "-3,21"}),
        row(mid, transfer, "IBAN", "", {25: "-1.234,56", 26: "-1.234,56"}),
        row(mid, adjustment, "Erstattung", "", {25: "5,00", 26: "5,00"}),
    ]
    frame = read_ledger(
        write(tmp_path, f"{lang}.csv", "\n".join([quoted(*header), *rows]) + "\n"),
        ReportKind.PAYMENTS_DATE_RANGE,
    )
    assert frame["entry"].to_list() == ["order", "refund", "ad", "fee", "balance", "other"]
    assert sums(frame) == {
        "order": (D("12.99"), D("-4.65"), D("8.34")),  # -1.95 - 2.70
        "refund": (D("-12.99"), D("1.56"), D("-11.43")),
        "ad": (D(0), D(0), D("-45.67")),
        "fee": (D(0), D("-3.21"), D("-3.21")),
        "balance": (D(0), D(0), D("-1234.56")),
        "other": (D(0), D(0), D("5.00")),
    }
    assert frame["quantity"].to_list()[:2] == [1, 1]
    assert frame["date"].to_list()[:2] == [dt.date(2020, 10, 1), dt.date(2020, 10, 15)]
    assert set(frame["currency"]) == {"EUR"}


# ------------------------------------------------------------------ Transaction View

VIEW_HEADER = (
    "Date\tOrder ID\tSKU\tTransaction type\tPayment Type\tPayment Detail\tAmount\tQuantity\t"
    "Product Title"
)
VIEW_ROWS = [
    # one order: a row per charge; 24.99 - 3.22 - 3.75 + 2.06 - 2.50 = 17.58
    "Mar 8, 2020\t111-1\tSKU-A\tOrder Payment\tProduct charges\t\t$24.99\t1\tBath mat",
    "Mar 8, 2020\t111-1\tSKU-A\tOrder Payment\tAmazon fees\tFBA Pick & Pack Fee\t$-3.22\t1"
    "\tBath mat",
    "Mar 8, 2020\t111-1\tSKU-A\tOrder Payment\tAmazon fees\tReferral Fee on Item Price\t$-3.75\t1"
    "\tBath mat",
    "Mar 8, 2020\t111-1\tSKU-A\tOrder Payment\tOther\tProduct Tax\t$2.06\t1\tBath mat",
    "Mar 8, 2020\t111-1\tSKU-A\tOrder Payment\tPromo rebates\t\t$-2.50\t1\tBath mat",
    # its refund: -24.99 + 3.00 = -21.99
    "Mar 12, 2020\t111-1\tSKU-A\tRefund\tProduct charges\t\t$-24.99\t1\tBath mat",
    "Mar 12, 2020\t111-1\tSKU-A\tRefund\tAmazon fees\tReferral Fee on Item Price\t$3.00\t1"
    "\tBath mat",
    "Mar 15, 2020\t\t\tService Fees\tOther\tCost of Advertising\t$-9.02\t\t",
    "Mar 16, 2020\t\t\tService Fees\tAmazon fees\tFBA storage fee\t$-5.10\t\t",
    "Mar 17, 2020\t\t\tTransfer\tOther\tTo account ending in 000\t$-1,234.56\t\t",
    "Mar 18, 2020\t111-9\tSKU-A\tAdjustment\tOther\tFBA Inventory Reimbursement\t$7.25\t1\t",
]


def test_transaction_view_tab_bom_crlf_a_row_per_charge(tmp_path: Path) -> None:
    preamble = ["Transaction View", "Mar 1, 2020 - Mar 31, 2020", "All amounts in USD"]
    text = "\ufeff" + "\n".join([*preamble, VIEW_HEADER, *VIEW_ROWS]) + "\n"
    path = write(tmp_path, "transactions.csv", text, newline="\r\n")
    assert path.read_bytes().count(b"\r\n") == 15
    frame = read_ledger(path, ReportKind.PAYMENTS_TRANSACTION_VIEW)
    assert Counter(frame["entry"]) == {
        "order": 5, "refund": 2, "ad": 1, "fee": 1, "balance": 1, "other": 1,
    }  # fmt: skip
    assert sums(frame) == {
        "order": (D("24.99"), D("-6.97"), D("17.58")),  # fees: -3.22 - 3.75
        "refund": (D("-24.99"), D("3.00"), D("-21.99")),
        "ad": (D(0), D(0), D("-9.02")),
        "fee": (D(0), D("-5.10"), D("-5.10")),
        "balance": (D(0), D(0), D("-1234.56")),
        "other": (D(0), D(0), D("7.25")),
    }
    # the units sit on the product-charges rows only, so they are counted once
    assert by_entry(frame, "quantity")["order"] == [1, None, None, None, None]
    assert by_entry(frame, "quantity")["refund"] == [1, None]
    assert frame["date"].to_list()[0] == dt.date(2020, 3, 8)
    assert frame["date"].to_list()[-1] == dt.date(2020, 3, 18)
    assert set(frame["currency"]) == {"USD"}


# ------------------------------------------------------------------ settlement V2 flat file


def test_settlement_v2_long_format_summary_carried_down(tmp_path: Path) -> None:
    text = "\n".join(["\t".join(SETTLEMENT_HEADER), *settlement_rows()]) + "\n"
    frame = read_ledger(write(tmp_path, "12345678901.txt", text), ReportKind.SETTLEMENT_V2)
    assert frame.height == 15  # the summary row is left out
    assert Counter(frame["entry"]) == {
        "order": 6, "refund": 3, "ad": 1, "fee": 2, "balance": 2, "other": 1,
    }  # fmt: skip
    assert sums(frame) == {
        # 24.99 + 2.06 - 3.22 - 3.75 - 2.50 - 2.06 = 15.52; fees -3.22 - 3.75
        "order": (D("24.99"), D("-6.97"), D("15.52")),
        "refund": (D("-24.99"), D("3.00"), D("-21.99")),  # fees 3.75 - 0.75
        "ad": (D(0), D(0), D("-45.67")),
        "fee": (D(0), D("-52.33"), D("-52.33")),  # storage -12.34, subscription -39.99
        "balance": (D(0), D(0), D("-50.00")),  # reserve +100.00 - 150.00
        "other": (D(0), D(0), D("15.00")),
    }
    # the units are on the ItemPrice/Principal row only
    assert sum(q for q in by_entry(frame, "quantity")["order"] if q is not None) == 1
    assert by_entry(frame, "quantity")["refund"] == [1, None, None]
    assert frame["date"].to_list()[0] == dt.date(2020, 3, 2)
    assert by_entry(frame, "date")["ad"] == [dt.date(2020, 3, 6)]
    assert set(frame["currency"]) == {"USD"}  # carried down from the summary row


# ------------------------------------------------------------------ a million amounts


def test_a_million_amounts_sum_exactly() -> None:
    """1,000,000 seeded random amounts from -$5,000.00 to $5,000.00, written as Amazon does
    (``-$1,234.56``), read by clean.amount and summed: exactly Python's decimal sum."""
    n = 1_000_000
    draws = memoryview(random.Random(20261015).randbytes(4 * n)).cast("I").tolist()
    c = pl.col("cents")
    dollars = c.abs() // 100
    text = pl.format(
        "{}${}.{}",
        pl.when(c < 0).then(pl.lit("-")).otherwise(pl.lit("")),
        pl.when(dollars >= 1000)
        .then(pl.format("{},{}", dollars // 1000, (dollars % 1000).cast(pl.String).str.zfill(3)))
        .otherwise(dollars.cast(pl.String)),
        (c.abs() % 100).cast(pl.String).str.zfill(2),
    )
    frame = pl.DataFrame({"cents": draws}, schema={"cents": pl.Int64}).select(
        c % 1_000_001 - 500_000
    )
    frame = frame.with_columns(text.alias("raw")).with_columns(
        clean.amount(pl.col("raw")).alias("x")
    )
    assert frame["raw"].str.contains(r"^-\$[0-9],[0-9]{3}\.[0-9]{2}$").any()  # "-$1,234.56"
    assert frame["x"].null_count() == 0
    cents = frame["cents"].to_list()
    exact = sum(map(D, cents), D(0)).scaleb(-2)
    assert frame["x"].sum() == exact
    # the same values as floats, added one by one, drift away from the exact sum
    floats = reduce(operator.add, (frame["cents"] / 100).to_list())
    assert floats != float(exact)


# ------------------------------------------------------------------ the real 2019 report

PAYMENTS = REAL / "payments_date_range_us_2019Dec1-2020Feb1CustomTransaction.csv"


@pytest.mark.skipif(not PAYMENTS.is_file(), reason=f"real export not found at {PAYMENTS}")
def test_real_date_range_report_total_and_entries() -> None:
    text = PAYMENTS.read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text[text.index('"date/time"') :])))

    def money(s: str) -> D:
        return D(s.replace(",", "")) if s.strip() else D(0)

    # our own classification, from report_formats.md section 4a and the ledger's contract
    def entry(r: dict[str, str]) -> str:
        if r["description"].startswith("Cost of Advertising"):
            return "ad"
        return {
            "Order": "order", "Refund": "refund", "Transfer": "balance", "Debt": "balance",
            "Service Fee": "fee", "FBA Inventory Fee": "fee", "Adjustment": "other", "": "other",
        }[r["type"]]  # fmt: skip

    frame = read_ledger(PAYMENTS, ReportKind.PAYMENTS_DATE_RANGE)
    assert frame.height == len(rows)
    assert frame["entry"].to_list() == [entry(r) for r in rows]
    assert Counter(frame["entry"])["ad"] == 5
    mine = sum((money(r["total"]) for r in rows if r["type"] != "Transfer"), D(0))
    got = frame.filter(pl.col("type") != "Transfer")["total"].sum()
    assert got == mine
    expected: dict[str, list[D]] = defaultdict(lambda: [D(0), D(0), D(0)])
    fee_cols = ("selling fees", "fba fees", "other transaction fees")
    for r in rows:
        e = entry(r)
        sale = e in ("order", "refund")
        expected[e][0] += money(r["product sales"]) if sale else D(0)
        fees = sum((money(r[c]) for c in fee_cols), D(0))
        expected[e][1] += (
            money(r["total"]) if e == "fee" else D(0) if e in ("ad", "balance") else fees
        )
        expected[e][2] += money(r["total"])
    assert sums(frame) == {k: (v[0], v[1], v[2]) for k, v in expected.items()}
    units = sum(int(r["quantity"]) for r in rows if r["type"] in ("Order", "Refund"))
    got_units = frame.filter(pl.col("entry").is_in(["order", "refund"]))["quantity"].sum()
    assert got_units == units
    assert set(frame["currency"]) == {"USD"}
