"""How each payment of an order was confirmed, told to buyers and producers in words: by the
bank's feed (at the bank's time), by the producer, or by staff (issue 25: orders honest about
money)."""

import dataclasses
import datetime

from django.contrib.contenttypes.models import ContentType
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model
from wagtail.models import ModelLogEntry

Order = get_model("order", "Order")
BankTransaction = get_model("payment", "BankTransaction")

BANK, PRODUCER, STAFF = "bank", "producer", "staff"


@dataclasses.dataclass
class Confirmation:
    by: str  # BANK, PRODUCER or STAFF
    at: datetime.datetime | None = None


def source_confirmations(*, order) -> dict:
    """{source id: Confirmation} for the order's payments to producers that were received.
    Two queries, three when some were confirmed by hand."""
    sources = [
        source
        for source in order.sources.select_related("partner")
        if source.partner_id and source.amount_debited >= source.amount_allocated > 0
    ]
    if not sources:
        return {}
    confirmations = {}
    by_bank = BankTransaction.objects.filter(
        source__in=sources,
        state__in=[
            BankTransaction.State.MATCHED,
            BankTransaction.State.OVERPAID,
            BankTransaction.State.PARTIAL,
        ],
    ).order_by("received_at", "pk")
    for row in by_bank:  # the last transfer is the one that completed the payment
        confirmations[row.source_id] = Confirmation(by=BANK, at=row.received_at)
    by_hand = [source for source in sources if source.pk not in confirmations]
    if by_hand:
        entries = ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Order),
            object_id=str(order.pk),
            action="payment.received",
        ).order_by("timestamp")
        found = {entry.data.get("source"): entry for entry in entries}
        for source in by_hand:
            entry = found.get(source.pk)
            if entry is None:
                continue
            producer_users = {user.pk for user in source.partner.users.all()}
            by = PRODUCER if entry.user_id in producer_users else STAFF
            confirmations[source.pk] = Confirmation(by=by, at=entry.timestamp)
    return confirmations


def confirmation_text(*, source, confirmation: Confirmation | None, cash: bool = False) -> str:
    """ "Paid to <producer>'s account, confirmed by the bank at 14:02 on 06/12/2026"."""
    producer = source.partner.name
    if confirmation is None:
        return (
            _("Paid in cash to %(producer)s.") if cash else _("Paid to %(producer)s's account.")
        ) % {"producer": producer}
    if confirmation.by == BANK:
        local = timezone.localtime(confirmation.at)
        return _(
            "Paid to %(producer)s's account, confirmed by the bank at %(time)s on %(date)s."
        ) % {
            "producer": producer,
            "time": local.strftime("%H:%M"),
            # As every date the buyer reads on the site: 06/12/2026.
            "date": formats.date_format(local, "d/m/Y"),
        }
    if confirmation.by == PRODUCER:
        text = (
            _("Paid in cash to %(producer)s, confirmed by the producer.")
            if cash
            else _("Paid to %(producer)s's account, confirmed by the producer.")
        )
    else:
        text = (
            _("Paid in cash to %(producer)s, confirmed by Chợ Phiên staff.")
            if cash
            else _("Paid to %(producer)s's account, confirmed by Chợ Phiên staff.")
        )
    return text % {"producer": producer}


def order_payment_notes(*, order) -> dict:
    """{source id: sentence} for each received payment of a transfer or cash order."""
    if order.payment_method not in ("bank-transfer", "cod"):
        return {}
    confirmations = source_confirmations(order=order)
    sources = order.sources.select_related("partner").filter(pk__in=list(confirmations))
    return {
        source.pk: confirmation_text(
            source=source,
            confirmation=confirmations[source.pk],
            cash=order.payment_method == "cod",
        )
        for source in sources
    }
