"""Card payments: Stripe's webhook is the only authority for "paid"; an unpaid card order may
be cancelled (its units back in stock) or paid another way.

The order row is locked first, as in services, whose helpers these share.
"""

import logging
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from marketplace.order.statuses import LineStatus, OrderStatus
from marketplace.payment import stripe_gateway
from marketplace.payment.methods import payment_method_get
from marketplace.payment.notifications import order_placed_notify
from marketplace.payment.services import (
    PAID,
    REFUNDED,
    _card_order_still_open,
    _locked_order,
    _open_intents,
    _payment_event,
    _settle_if_fully_paid,
)
from marketplace.payment.signals import payment_collected

Line = get_model("order", "Line")
Source = get_model("payment", "Source")
Transaction = get_model("payment", "Transaction")
WebhookEvent = get_model("payment", "WebhookEvent")

logger = logging.getLogger(__name__)


def stripe_event_handle(event) -> bool:
    """Apply a verified Stripe event once. Returns False if it had already been applied.

    The event id is written in the same transaction as the effect: a redelivery (or two
    deliveries racing) finds it and changes nothing.
    """
    event_id, event_type, intent = _event_parts(event)
    with transaction.atomic():
        try:
            with transaction.atomic():
                WebhookEvent.objects.create(
                    gateway="stripe", event_id=event_id, event_type=event_type
                )
        except IntegrityError:
            return False
        if event_type == "payment_intent.succeeded":
            _card_intent_succeeded(intent)
        elif event_type == "payment_intent.payment_failed":
            _card_intent_failed(intent)
    return True


class MalformedEvent(ValueError):
    """A correctly signed event without the parts we act on (the webhook answers 400)."""


def _event_parts(event) -> tuple[str, str, object]:
    """The event's id and type and, for the intent events we handle, its PaymentIntent (with
    a string id and, on success, a whole amount): anything else is refused before any effect."""
    event_id, event_type = getattr(event, "id", None), getattr(event, "type", None)
    if not isinstance(event_id, str) or not event_id or not isinstance(event_type, str):
        raise MalformedEvent("event without an id or a type")
    if event_type not in ("payment_intent.succeeded", "payment_intent.payment_failed"):
        return event_id, event_type, None
    intent = getattr(getattr(event, "data", None), "object", None)
    intent_id = getattr(intent, "id", None)
    if not isinstance(intent_id, str) or not intent_id.startswith("pi_"):
        raise MalformedEvent("intent event without a PaymentIntent id")
    if event_type == "payment_intent.succeeded":
        try:
            stripe_gateway.intent_amount(intent)
        except (KeyError, TypeError, ValueError, ArithmeticError, AttributeError) as error:
            raise MalformedEvent("intent event without an amount") from error
    return event_id, event_type, intent


def _intent_source(intent_id: str):
    txn = (
        Transaction.objects.filter(txn_type=stripe_gateway.INTENT, reference=intent_id)
        .select_related("source")
        .first()
    )
    return txn.source if txn else None


def _card_intent_succeeded(intent) -> None:
    source = _intent_source(intent.id)
    if source is None:
        logger.warning("Stripe: payment for unknown PaymentIntent %s", intent.id)
        return
    order = _locked_order(source.order_id)
    source = Source.objects.select_for_update().get(pk=source.pk)
    attempt = source.transactions.filter(txn_type=stripe_gateway.INTENT, reference=intent.id)[0]
    credited = source.transactions.filter(txn_type=Transaction.DEBIT, reference=intent.id)
    if credited.exists() or attempt.status == "refunded":
        # This intent's money was already taken in (or sent back): Stripe resending its
        # success under a new event id, or an old event replayed. Idempotent by intent and
        # state, not only by event id: nothing is recorded, refunded or downgraded twice.
        logger.info("Order %s: PaymentIntent %s already settled", order.number, intent.id)
        return
    attempt.status = "succeeded"
    attempt.save(update_fields=["status"])
    amount = stripe_gateway.intent_amount(intent)
    if (
        order.status != OrderStatus.AWAITING_PAYMENT
        or order.payment_method != "card"
        or amount != source.amount_allocated
    ):
        # Paid twice (two attempts both went through), paid after the order was cancelled, or
        # an amount that does not match: the money goes straight back.
        logger.warning("Order %s: refunding PaymentIntent %s", order.number, intent.id)
        Transaction.objects.filter(txn_type=stripe_gateway.INTENT, reference=intent.id).update(
            status="refunded"
        )
        reference = stripe_gateway.client().v1.refunds.create(
            params={"payment_intent": intent.id},
            options={"idempotency_key": f"{intent.id}-auto-refund"},
        )
        _payment_event(order, REFUNDED, amount, reference.id)
        return
    _card_paid(order=order, source=source, intent_id=intent.id, amount=amount)


def _card_paid(*, order, source, intent_id: str, amount: Decimal) -> None:
    source.reference = intent_id
    source.save(update_fields=["reference"])
    # The debit transaction names the intent that received the money: refunds go through it.
    source.debit(amount, reference=intent_id, status="succeeded")
    _payment_event(order, PAID, amount, intent_id)
    # The platform holds this money for the order's producers (the payout ledger listens).
    payment_collected.send(sender=Source, order=order, source=source, amount=amount)
    _settle_if_fully_paid(order)
    _basket_spend(order)


def demo_card_payment_record(*, order) -> None:
    """Demo data only: the effect a card payment's webhook has, without a Stripe server (the
    demo loader runs before localstripe is up)."""
    with transaction.atomic():
        order = _locked_order(order.pk)
        source = order.sources.select_for_update().get()
        _card_paid(
            order=order,
            source=source,
            intent_id=f"pi_demo_{order.number}",
            amount=source.amount_allocated,
        )


def _card_intent_failed(intent) -> None:
    # Only an attempt still under way can fail: a success (and the debit that recorded it) or
    # a refund is never downgraded by a late or replayed failure event.
    Transaction.objects.filter(txn_type=stripe_gateway.INTENT, reference=intent.id).exclude(
        status__in=["succeeded", "refunded"]
    ).update(status="declined")


def _basket_spend(order) -> None:
    if order.basket_id:
        order.basket.submit()


# Cancelling an unpaid order returns its units to stock.


def order_unpaid_cancel(*, order) -> None:
    with transaction.atomic():
        order = _locked_order(order.pk)
        _card_order_still_open(order)
        for line in Line.objects.select_for_update(of=("self",)).filter(order=order):
            if line.status == LineStatus.PENDING and line.stockrecord_id:
                line.stockrecord.cancel_allocation(line.quantity)
                line.set_status(LineStatus.CANCELLED)
        order.set_status(OrderStatus.CANCELLED)
        for intent_id in _open_intents(order):
            stripe_gateway.intent_cancel(intent_id)


def order_payment_method_change(*, order, code: str) -> None:
    """The buyer gives up on the card (or VNPay) and pays another way: open intents are
    cancelled and the new method records what is owed. A method paid online (card, VNPay)
    keeps the basket frozen until it is paid; the caller sends the buyer to its next_url."""
    method = payment_method_get(code)
    with transaction.atomic():
        order = _locked_order(order.pk)
        _card_order_still_open(order)
        if method.code == order.payment_method:
            raise ValidationError(_("This order is already paid this way."))
        producers = [group.partner.producer for group in order.shipping_groups.all()]
        reason = method.unavailable_reason(producers=producers)
        if reason:
            raise ValidationError(reason)
        for intent_id in _open_intents(order):
            stripe_gateway.intent_cancel(intent_id)
        order.sources.filter(amount_debited=0).delete()
        order.payment_method = method.code
        order.save(update_fields=["payment_method"])
        method.order_placed(order=order)
        if method.final_at_placement:
            _basket_spend(order)
            transaction.on_commit(lambda: order_placed_notify(order=order), robust=True)
