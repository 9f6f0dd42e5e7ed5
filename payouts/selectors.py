"""The payout ledger's reads: a batch's bank file, a producer's monthly statement, the monthly
withholding report, and what an order's page says about where its money went."""

import dataclasses
import datetime
from decimal import Decimal

from django.conf import settings
from django.db.models import Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.banks import bank_name
from marketplace.payment.methods import payment_method_or_none
from payouts.models import LedgerEntry, PayoutBatch

ZERO = Decimal(0)

# --- The bulk-transfer file ---

# The columns a bank file may have (settings.CHOPHIEN_PAYOUT_FILE_COLUMNS picks and orders
# them). Our own layout: set the setting to your bank's published template.
COLUMNS = {
    "beneficiary_name": (gettext_lazy("Beneficiary name"), lambda item: item.beneficiary_name),
    "account_number": (gettext_lazy("Account number"), lambda item: item.account_number),
    "bank_bin": (gettext_lazy("Bank BIN"), lambda item: item.bank_bin),
    "bank_name": (gettext_lazy("Bank name"), lambda item: bank_name(item.bank_bin)),
    "amount": (gettext_lazy("Amount"), lambda item: int(item.amount)),
    "message": (gettext_lazy("Message"), lambda item: payout_message(item)),
    "producer": (gettext_lazy("Producer"), lambda item: item.producer.partner.name),
}


def payout_message(item) -> str:
    """The transfer's message: ASCII (every bank app shows it), short (most cut at 50)."""
    return f"CHO PHIEN THANH TOAN {item.batch.code} {item.batch.period_end:%d%m%Y}"


def payout_file_table(batch: PayoutBatch) -> tuple[list, list]:
    """(headings, rows) of a batch's bank file, in the configured columns."""
    columns = [COLUMNS[name] for name in settings.CHOPHIEN_PAYOUT_FILE_COLUMNS]
    items = batch.items.select_related("producer__partner", "batch").order_by("pk")
    return (
        [heading for heading, _value in columns],
        [[value(item) for _heading, value in columns] for item in items],
    )


def batch_held_back(*, period_end: datetime.date) -> list[dict]:
    """Producers owed something up to that day whom a batch cannot pay yet: no bank account,
    or refunds outweighing sales. Shown to staff on the new batch's page."""
    from payouts.services import _end_of_day

    rows = (
        LedgerEntry.objects.filter(batch__isnull=True, occurred_at__lt=_end_of_day(period_end))
        .values("producer", "producer__partner__name", "producer__bank_account_number")
        .annotate(sum_net=Sum("net"))
        .order_by("producer__partner__name")
    )
    return [
        {"name": row["producer__partner__name"], "net": row["sum_net"]}
        for row in rows
        if row["sum_net"] <= 0 or not row["producer__bank_account_number"]
    ]


# --- A producer's statement ---


@dataclasses.dataclass
class StatementMonth:
    month: datetime.date  # the first of the month
    gross: Decimal  # sales less refunds
    fee: Decimal
    withheld: Decimal  # VAT + PIT
    net: Decimal  # what the producer is owed for the month
    paid_out: Decimal  # of which in a paid batch
    entries: list = dataclasses.field(default_factory=list)

    @property
    def owed(self) -> Decimal:
        return self.net - self.paid_out


def producer_statement(*, producer) -> list[StatementMonth]:
    """The producer's own entries, month by month (newest first), with what was paid out."""
    rows = (
        LedgerEntry.objects.filter(producer=producer)
        .annotate(month=TruncMonth("occurred_at"))
        .values("month")
        .annotate(
            sum_gross=Sum("gross"),
            sum_fee=Sum("fee"),
            sum_vat=Sum("vat"),
            sum_pit=Sum("pit"),
            sum_net=Sum("net"),
            sum_paid=Sum("net", filter=Q(batch__status=PayoutBatch.Status.PAID)),
        )
        .order_by("-month")
    )
    return [
        StatementMonth(
            month=_as_date(row["month"]),
            gross=row["sum_gross"],
            fee=row["sum_fee"],
            withheld=row["sum_vat"] + row["sum_pit"],
            net=row["sum_net"],
            paid_out=row["sum_paid"] or ZERO,
        )
        for row in rows
    ]


def producer_statement_entries(*, producer, month: datetime.date):
    """The producer's own entries of one month, with their order and batch."""
    start = timezone.make_aware(datetime.datetime.combine(month.replace(day=1), datetime.time()))
    end = timezone.make_aware(datetime.datetime.combine(_next_month(month), datetime.time()))
    return (
        LedgerEntry.objects.filter(producer=producer, occurred_at__gte=start, occurred_at__lt=end)
        .select_related("order", "batch")
        .order_by("occurred_at", "pk")
    )


def _as_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def _next_month(day: datetime.date) -> datetime.date:
    return (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)


# --- The monthly withholding report ---


def withholding_report(*, month: datetime.date) -> tuple[list, list]:
    """(headings, rows) of what was withheld in a month, per producer, for the monthly
    declaration (Decree 117/2025): taxpayer, tax code or ID number, revenue, VAT, PIT.
    Only producers withheld from (households, individuals); refunds in the month net off."""
    start = timezone.make_aware(datetime.datetime.combine(month.replace(day=1), datetime.time()))
    end = timezone.make_aware(datetime.datetime.combine(_next_month(month), datetime.time()))
    rows = (
        LedgerEntry.objects.filter(occurred_at__gte=start, occurred_at__lt=end)
        .filter(Q(vat_percent__gt=0) | Q(pit_percent__gt=0))
        .values("producer", "producer__partner__name", "producer__tax_code", "producer__kind")
        .annotate(revenue=Sum("gross"), sum_vat=Sum("vat"), sum_pit=Sum("pit"))
        .order_by("producer__partner__name")
    )
    headings = [
        _("Taxpayer"),
        _("Tax code or ID number"),
        _("Note"),
        _("Revenue"),
        _("VAT withheld"),
        _("PIT withheld"),
    ]
    table = []
    for row in rows:
        code = row["producer__tax_code"]
        note = "" if code else _("No tax code or ID number recorded: add it before declaring.")
        table.append(
            [
                row["producer__partner__name"],
                code,
                note,
                int(row["revenue"]),
                int(row["sum_vat"]),
                int(row["sum_pit"]),
            ]
        )
    return headings, table


# --- What an order's page says about its money (CHOPHIEN_ORDER_PAYOUT_NOTES) ---


def order_payout_notes(*, order, partner=None) -> list[str]:
    """One sentence per producer of the order whose money the platform collected (card,
    VNPay): to be paid out in the next batch or in the batch of <day>, or paid out on <day>.
    `partner` limits it to that producer (the producer's own order page)."""
    entries = LedgerEntry.objects.filter(order=order, kind=LedgerEntry.Kind.SALE).select_related(
        "producer__partner", "batch"
    )
    if partner is not None:
        entries = entries.filter(producer__partner=partner)
    method = payment_method_or_none(order.payment_method)
    params = {"method": str(method.name) if method else order.payment_method}
    notes = []
    for sale in entries.order_by("pk"):
        params["producer"] = sale.producer.partner.name
        if sale.batch is None:
            note = _(
                "Paid to Chợ Phiên by %(method)s; to be paid out to %(producer)s in the next "
                "weekly batch."
            )
        elif sale.batch.status == PayoutBatch.Status.PAID:
            params["day"] = formats.date_format(sale.batch.paid_on, "d/m/Y")
            note = _("Paid to Chợ Phiên by %(method)s; paid out to %(producer)s on %(day)s.")
        else:
            params["day"] = formats.date_format(sale.batch.period_end, "d/m")
            note = _(
                "Paid to Chợ Phiên by %(method)s; to be paid out to %(producer)s in the batch "
                "of %(day)s."
            )
        notes.append(note % params)
    return notes
