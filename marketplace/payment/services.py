"""What changes when money moves: an order becomes paid, is refunded, or is cancelled.

Every function locks the order row first, so a webhook, a producer confirming a transfer and
staff refunding cannot interleave on the same order.

Card payments (Stripe's webhook; an unpaid card order cancelled or paid another way) are in
card_services, which shares the order lock and the payment events defined here.
"""

import logging
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Subquery
from django.utils import translation
from django.utils.translation import gettext as _
from oscar.core.loading import get_model
from oscar.templatetags.currency_filters import currency
from wagtail.log_actions import log

from core.audit import log_without_revalidation
from marketplace.order.selectors import order_producer_groups
from marketplace.order.statuses import LineStatus, OrderStatus
from marketplace.payment import stripe_gateway, vnpay_gateway
from marketplace.payment.methods import online_method_codes, payment_method_or_none
from marketplace.payment.notifications import (
    order_lines_cancelled_notify,
    order_notice_enqueue,
    order_refunded_notify,
)
from marketplace.payment.signals import payment_refunded

Order = get_model("order", "Order")
Line = get_model("order", "Line")
PaymentEventType = get_model("order", "PaymentEventType")
PaymentEvent = get_model("order", "PaymentEvent")
Source = get_model("payment", "Source")
Transaction = get_model("payment", "Transaction")

logger = logging.getLogger(__name__)


def _UNKNOWN_METHOD() -> str:  # noqa: N802  a message, read in the active language
    return _(
        "We do not know how this order was paid (it was placed before the way to pay was "
        "recorded), so its payments cannot be changed here."
    )


def _locked_order(order_id: int):
    return Order.objects.select_for_update(of=("self",)).get(pk=order_id)


# The payment events recorded (Oscar's PaymentEventType, by name; its code is the name in
# lower case).
PAID = "Paid"
REFUNDED = "Refunded"


def payment_event_type_id(name: str) -> Subquery:
    """The id of the payment event type `name` (None until a payment first records one), as a
    subquery: a caller reading a row anyway (the bank feed's locked order) gets it in the same
    statement and passes it on to _payment_event."""
    return Subquery(PaymentEventType.objects.filter(code=name.lower()).values("pk")[:1])


def _payment_event(
    order, name: str, amount: Decimal, reference: str = "", *, event_type_id: int | None = None
) -> None:
    if event_type_id is None:
        event_type_id = PaymentEventType.objects.get_or_create(
            code=name.lower(), defaults={"name": name}
        )[0].pk
    PaymentEvent.objects.create(
        order=order, event_type_id=event_type_id, amount=amount, reference=reference
    )


def _settle_if_fully_paid(order, *, sources: list | None = None) -> None:
    """Mark the order paid once every payment is in. `sources`: the order's payments as the
    caller holds them locked (saves reading them again)."""
    if sources is None:
        sources = list(order.sources.all())
    if order.status == OrderStatus.AWAITING_PAYMENT and all(
        source.amount_debited >= source.amount_allocated for source in sources
    ):
        order.set_status(OrderStatus.PAID)
        # The buyer (and for a card, the producers) hear through the task queue once this
        # commits: rendering and sending the messages is not the payment's business, and a
        # bank feed's or gateway's webhook answers without waiting for it.
        if order.payment_method in online_method_codes():  # not told at placement
            order_notice_enqueue(order=order, notice="paid")
        else:
            order_notice_enqueue(order=order, notice="settled")


# Bank transfers and cash on delivery: the producer (or staff) confirms the money arrived.


def source_received_confirm(
    *, source_id: int, by, partner=None, amount: Decimal | None = None, bank_transaction=None
) -> Decimal:
    """Record that a producer's part arrived; returns the amount recorded (0: already paid).

    `partner` limits it to that producer's own source (the portal); staff pass None. The bank
    feed (payment.bank_feed) passes by=None, the `amount` the bank reported (a part payment
    adds up; more than is owed is recorded whole, so the excess shows as a refund due) and
    the `bank_transaction` that carried it, named in the audit trail. A person confirming by
    hand records what is still owed.
    """
    with transaction.atomic():
        order_id = Source.objects.values_list("order_id", flat=True).get(pk=source_id)
        order = _locked_order(order_id)
        source = Source.objects.select_for_update().get(pk=source_id)
        if partner is not None and source.partner_id != partner.pk:
            raise PermissionDenied
        return source_receive_locked(
            order=order, source=source, by=by, amount=amount, bank_transaction=bank_transaction
        )


def source_receive_locked(
    *,
    order,
    source,
    by,
    amount: Decimal | None = None,
    bank_transaction=None,
    sources=None,
    paid_event_type_id: int | None = None,
) -> Decimal:
    """source_received_confirm's work, for a caller that already holds the order's lock and
    the source's (the bank feed, which locked them to match the transaction): taking them
    again would cost the webhook round trips for nothing. `sources`: every payment of the
    order, locked, `source` among them, so settling the order does not read them again;
    `paid_event_type_id`: payment_event_type_id(PAID), read by the caller with the order.
    Every refusal (ValidationError) comes before the first write, so a caller may catch it
    without a savepoint."""
    method = payment_method_or_none(order.payment_method)
    if method is None:
        raise ValidationError(_UNKNOWN_METHOD())
    if not method.collected_by_producer:
        raise ValidationError(_("This payment is confirmed by the card company."))
    if order.status != OrderStatus.AWAITING_PAYMENT:
        raise ValidationError(_("This order is no longer waiting for payment."))
    if source.amount_debited >= source.amount_allocated:
        return Decimal(0)
    if amount is None:
        amount = source.amount_allocated - source.amount_debited
    if amount <= 0:
        raise ValidationError(_("Enter an amount greater than zero."))
    reference = bank_transaction.transaction_id if bank_transaction else source.reference
    source.debit(amount, reference=reference)
    _payment_event(order, PAID, amount, reference, event_type_id=paid_event_type_id)
    if bank_transaction is None:
        log(instance=order, action="payment.received", user=by, data={"source": source.pk})
    else:
        # The feed's path: a call a transfer, many a second (core.audit says what it saves).
        log_without_revalidation(
            order,
            "payment.bank_feed",
            user=by,  # None unless staff matched the bank's transaction by hand
            data={
                "source": source.pk,
                "amount": str(amount),
                "provider": bank_transaction.provider,
                "transaction": bank_transaction.transaction_id,
            },
        )
    _settle_if_fully_paid(order, sources=sources)
    return amount


# Refunds: never more than was taken.


def refund(*, order, source_id: int, amount: Decimal, by) -> None:
    with transaction.atomic():
        order = _locked_order(order.pk)
        source = Source.objects.select_for_update().get(pk=source_id, order=order)
        _refund(order=order, source=source, amount=amount, by=by)


def source_refund_due_record(*, source_id: int, by, partner=None) -> None:
    """Record that a producer gave back what was due to the buyer after lines were cancelled
    (see order_lines_cancel). `partner` limits it to that producer's own payment (the
    portal); staff pass None."""
    with transaction.atomic():
        source = Source.objects.get(pk=source_id)
        order = _locked_order(source.order_id)
        source = Source.objects.select_for_update().get(pk=source_id)
        if partner is not None and source.partner_id != partner.pk:
            raise PermissionDenied
        if source.refund_due:
            _refund(order=order, source=source, amount=source.refund_due, by=by)


def _refund(*, order, source, amount: Decimal, by) -> None:
    """The refund itself; the caller holds the order and source locks."""
    if amount <= 0:
        raise ValidationError(_("Enter an amount greater than zero."))
    refundable = source.amount_debited - source.amount_refunded
    if amount > refundable:
        raise ValidationError(
            _("At most %(amount)s can be refunded from this payment.")
            % {"amount": _dong(refundable)}
        )
    method = payment_method_or_none(order.payment_method)
    if method is None:
        raise ValidationError(_UNKNOWN_METHOD())
    reference = method.refund(source=source, amount=amount)
    source.refund(amount, reference=reference)
    _payment_event(order, REFUNDED, amount, reference)
    if not method.collected_by_producer:
        # Money the platform collected goes back: the payout ledger takes it off what the
        # producers are owed (a producer paid directly gave it back from their own account).
        payment_refunded.send(sender=Source, order=order, source=source, amount=amount)
    transaction.on_commit(lambda: order_refunded_notify(order=order, amount=amount), robust=True)
    log(
        instance=order,
        action="payment.refund",
        user=by,
        data={"source": source.pk, "amount": str(amount)},
    )
    sources = list(order.sources.all())
    if order.status == OrderStatus.PAID and all(
        s.amount_refunded >= s.amount_debited for s in sources
    ):
        order.set_status(OrderStatus.REFUNDED)


def _dong(amount: Decimal) -> str:
    # The site's one money format (Oscar's currency filter, by Babel): "90.000 ₫" in Vietnamese.
    return currency(amount, settings.OSCAR_DEFAULT_CURRENCY)


# Guards of an unpaid card order (its cancellation, its change of method, its lines cancelled).


def _card_order_still_open(order) -> None:
    """Only an unpaid card (or VNPay) order may be cancelled or switched to another way to pay:
    nothing received on it, and no card payment that went through or is going through (its
    webhook may not have arrived yet). A VNPay payment cannot be stopped from here: one that
    still succeeds is refunded when its IPN arrives (vnpay_services)."""
    if (
        order.payment_method not in online_method_codes()
        or order.status != OrderStatus.AWAITING_PAYMENT
    ):
        raise ValidationError(_("This order is no longer waiting for payment."))
    if order.sources.filter(amount_debited__gt=0).exists():
        raise ValidationError(_("This order is no longer waiting for payment."))
    # A confirmation that came back "succeeded" is recorded on the intent's transaction
    # before the webhook arrives; it counts as going through, like one Stripe reports so.
    going_through = Transaction.objects.filter(
        source__order=order,
        txn_type=stripe_gateway.INTENT,
        status__in=stripe_gateway.GOING_THROUGH,
    )
    if going_through.exists():
        raise ValidationError(
            _("Your card payment is being confirmed. Please wait a moment and reload.")
        )
    for intent_id in _open_intents(order):
        intent = stripe_gateway.client().v1.payment_intents.retrieve(intent_id)
        if intent.status in stripe_gateway.GOING_THROUGH:
            raise ValidationError(
                _("Your card payment is being confirmed. Please wait a moment and reload.")
            )


def _open_intents(order) -> list[str]:
    return list(
        Transaction.objects.filter(source__order=order, txn_type=stripe_gateway.INTENT)
        .exclude(status__in=["succeeded", "canceled", "declined", "refunded"])
        .values_list("reference", flat=True)
    )


# Lines cancelled after the order was placed: what the buyer owes follows.


def order_lines_cancel(*, order, line_ids, by, partner=None) -> list:
    """Cancel waiting lines of an order that cannot be supplied; returns them.

    The units go back to stock. What each producer is owed (its lines not cancelled, and its
    shipping while it still sends something) and the order's total are worked out again, and
    each payment is set to the new amount. Money already received beyond it goes back to the
    buyer: a card payment is refunded at once; a transfer or cash, which the producer holds,
    becomes a refund due, shown to the producer and to staff until it is recorded as given
    back. An unpaid order whose lines are all cancelled is cancelled.

    `partner` limits it to that producer's own lines (the portal); staff pass None.
    """
    line_ids = {int(pk) for pk in line_ids}
    with transaction.atomic():
        order = _locked_order(order.pk)
        lines = list(
            Line.objects.select_for_update(of=("self",))
            .select_related("stockrecord")
            .filter(order=order, pk__in=line_ids)
            .order_by("pk")
        )
        if not lines:
            raise ValidationError(_("Choose at least one line."), code="no_lines")
        if len(lines) != len(line_ids):
            raise ValidationError(_("Choose lines of one order at a time."), code="many_orders")
        if partner is not None and any(line.partner_id != partner.pk for line in lines):
            raise PermissionDenied
        if any(line.status != LineStatus.PENDING for line in lines):
            raise ValidationError(
                _("Only lines that are waiting to be sent can be changed."), code="not_pending"
            )
        unpaid_card = (  # or VNPay: paid online, not yet
            order.payment_method in online_method_codes()
            and order.status == OrderStatus.AWAITING_PAYMENT
        )
        if unpaid_card:
            _card_order_still_open(order)  # no card payment of the old amount going through
        for line in lines:
            line.set_status(LineStatus.CANCELLED)
            if line.stockrecord_id:
                line.stockrecord.cancel_allocation(line.quantity)
        total_before = order.total_incl_tax
        refunds = _order_amounts_update(order=order, by=by)
        everything_cancelled = not order.lines.exclude(status=LineStatus.CANCELLED).exists()
        if unpaid_card:
            # The buyer pays the new amount with a new card payment.
            for intent_id in _open_intents(order):
                stripe_gateway.intent_cancel(intent_id)
        if everything_cancelled and order.status == OrderStatus.AWAITING_PAYMENT:
            order.set_status(OrderStatus.CANCELLED)
        elif order.status == OrderStatus.AWAITING_PAYMENT and order.sources.exists():
            _settle_if_fully_paid(order)  # what is left may be paid already
        log(
            instance=order,
            action="producers.lines_cancel",
            user=by,
            data={
                "lines": [line.pk for line in lines],
                "total_before": str(total_before),
                "total": str(order.total_incl_tax),
                "refunds": {str(source.pk): str(amount) for source, amount in refunds},
            },
        )
        transaction.on_commit(
            lambda: order_lines_cancelled_notify(order=order, lines=lines, refunds=refunds),
            robust=True,
        )
    return lines


def _whole_dong(amount: Decimal) -> Decimal:
    return amount.quantize(Decimal(1), ROUND_HALF_UP)


def _order_amounts_update(*, order, by) -> list:
    """Set the order's total and each payment's amount from the lines not cancelled; refund
    a card payment's excess at once. Returns [(source, amount to give back)]. The caller holds
    the order lock."""
    groups = order_producer_groups(order)
    live = [line for line in order.lines.all() if line.status != LineStatus.CANCELLED]
    if groups:
        shipping = shipping_excl = sum((item.shipping for item in groups), Decimal(0))
    else:  # an order placed without producer groups keeps its shipping while it ships
        shipping = order.shipping_incl_tax if live else Decimal(0)
        shipping_excl = order.shipping_excl_tax if live else Decimal(0)
    order.shipping_incl_tax, order.shipping_excl_tax = shipping, shipping_excl
    order.total_incl_tax = _whole_dong(
        sum((line.line_price_incl_tax for line in live), Decimal(0)) + shipping
    )
    order.total_excl_tax = _whole_dong(
        sum((line.line_price_excl_tax for line in live), Decimal(0)) + shipping_excl
    )
    order.save(
        update_fields=[
            "shipping_incl_tax",
            "shipping_excl_tax",
            "total_incl_tax",
            "total_excl_tax",
        ]
    )
    owed = {item.group.partner_id: _whole_dong(item.total) for item in groups}
    refunds = []
    for source in Source.objects.select_for_update().filter(order=order).order_by("pk"):
        amount = owed.get(source.partner_id) if source.partner_id else order.total_incl_tax
        if amount is None or amount == source.amount_allocated:
            continue
        source.amount_allocated = amount
        source.save(update_fields=["amount_allocated"])
        due = source.refund_due
        if not due:
            continue
        refunds.append((source, due))
        if source.partner_id is None:
            # Paid to the platform (card): the gateway gives the difference back now, or
            # nothing changes at all.
            try:
                _refund(order=order, source=source, amount=due, by=by)
            except (stripe_gateway.stripe.StripeError, vnpay_gateway.VNPayError) as error:
                logger.exception("Order %s: card refund failed", order.number)
                raise ValidationError(
                    _(
                        "The card refund could not be made just now, so nothing was changed. "
                        "Please try again in a few minutes."
                    ),
                    code="refund_failed",
                ) from error
        else:
            with translation.override(settings.LANGUAGE_CODE):  # staff read Vietnamese
                message = _(
                    "Refund due: %(producer)s is to give %(amount)s back to the buyer (items "
                    "cancelled after payment). Record it on the payments page once done."
                ) % {"producer": source.partner.name, "amount": _dong(due)}
            order.notes.create(
                user=by if getattr(by, "is_authenticated", False) else None,
                note_type="System",
                message=message,
            )
    return refunds


# Money given back for another reason than cancelled lines (a complaint staff upheld).


def order_refund_grant(*, order, partner_id: int, amount: Decimal, by, note: str) -> None:
    """Give `amount` back to the buyer for `partner_id`'s part of the order, by the way the
    order was paid: money the platform collected (card, VNPay) is refunded at once through
    `refund`; money the producer holds (transfer, cash) becomes a refund due on their payment,
    shown to them and to staff until it is recorded as given back (source_refund_due_record),
    as when lines are cancelled after payment. `note` goes in the order's history."""
    with transaction.atomic():
        order = _locked_order(order.pk)
        sources = list(Source.objects.select_for_update().filter(order=order).order_by("pk"))
        platform = [s for s in sources if s.partner_id is None]
        source = (
            platform[0]
            if platform
            else next((s for s in sources if s.partner_id == partner_id), None)
        )
        if source is None or source.amount_debited - source.amount_refunded <= 0:
            raise ValidationError(_("Nothing was paid for this part of the order."))
        if source.partner_id is None:
            _refund(order=order, source=source, amount=amount, by=by)
        else:
            if amount <= 0:
                raise ValidationError(_("Enter an amount greater than zero."))
            room = source.amount_allocated - source.refund_due
            if amount > min(room, source.amount_debited - source.amount_refunded):
                raise ValidationError(
                    _("At most %(amount)s can be refunded from this payment.")
                    % {"amount": _dong(max(room, Decimal(0)))}
                )
            # What the buyer owes this producer drops by the amount: the difference becomes
            # the producer's refund due.
            source.amount_allocated -= amount
            source.save(update_fields=["amount_allocated"])
            log(
                instance=order,
                action="payment.refund_due",
                user=by,
                data={"source": source.pk, "amount": str(amount)},
            )
        order.notes.create(
            user=by if getattr(by, "is_authenticated", False) else None,
            note_type="System",
            message=note,
        )
