"""What changes when money moves: an order becomes paid, is refunded, or is cancelled.

Every function locks the order row first, so a webhook, a producer confirming a transfer and
staff refunding cannot interleave on the same order.
"""

import logging
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from oscar.core.loading import get_model
from wagtail.log_actions import log

from marketplace.payment import stripe_gateway
from marketplace.payment.methods import payment_method_get, payment_method_or_none

Order = get_model("order", "Order")
Line = get_model("order", "Line")
PaymentEventType = get_model("order", "PaymentEventType")
PaymentEvent = get_model("order", "PaymentEvent")
Source = get_model("payment", "Source")
Transaction = get_model("payment", "Transaction")
WebhookEvent = get_model("payment", "WebhookEvent")

logger = logging.getLogger(__name__)

AWAITING_PAYMENT = "Awaiting payment"
PAID = "Paid"
CANCELLED = "Cancelled"
REFUNDED = "Refunded"
# Order statuses are stored in English and translated where shown ({% trans order.status %}).
STATUS_LABELS = [
    gettext_noop("Awaiting payment"),
    gettext_noop("Paid"),
    gettext_noop("Cancelled"),
    gettext_noop("Refunded"),
]


def _UNKNOWN_METHOD() -> str:  # noqa: N802  a message, read in the active language
    return _(
        "We do not know how this order was paid (it was placed before the way to pay was "
        "recorded), so its payments cannot be changed here."
    )


def _locked_order(order_id: int):
    return Order.objects.select_for_update(of=("self",)).get(pk=order_id)


def _payment_event(order, name: str, amount: Decimal, reference: str = "") -> None:
    event_type, _created = PaymentEventType.objects.get_or_create(
        code=name.lower(), defaults={"name": name}
    )
    PaymentEvent.objects.create(
        order=order, event_type=event_type, amount=amount, reference=reference
    )


def _settle_if_fully_paid(order) -> None:
    sources = list(order.sources.all())
    if order.status == AWAITING_PAYMENT and all(
        source.amount_debited >= source.amount_allocated for source in sources
    ):
        order.set_status(PAID)
        from marketplace.checkout.notifications import order_paid_notify

        if order.payment_method == "card":
            transaction.on_commit(lambda: order_paid_notify(order=order), robust=True)


# Card payments: the webhook is the only authority for "paid".


def stripe_event_handle(event) -> bool:
    """Apply a verified Stripe event once. Returns False if it had already been applied.

    The event id is written in the same transaction as the effect: a redelivery (or two
    deliveries racing) finds it and changes nothing.
    """
    with transaction.atomic():
        try:
            with transaction.atomic():
                WebhookEvent.objects.create(
                    gateway="stripe", event_id=event.id, event_type=event.type
                )
        except IntegrityError:
            return False
        if event.type == "payment_intent.succeeded":
            _card_intent_succeeded(event.data.object)
        elif event.type == "payment_intent.payment_failed":
            _card_intent_failed(event.data.object)
    return True


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
    Transaction.objects.filter(reference=intent.id).update(status="succeeded")
    amount = stripe_gateway.intent_amount(intent)
    if (
        order.status != AWAITING_PAYMENT
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
        _payment_event(order, "Refunded", amount, reference.id)
        return
    _card_paid(order=order, source=source, intent_id=intent.id, amount=amount)


def _card_paid(*, order, source, intent_id: str, amount: Decimal) -> None:
    source.reference = intent_id
    source.save(update_fields=["reference"])
    # The debit transaction names the intent that received the money: refunds go through it.
    source.debit(amount, reference=intent_id, status="succeeded")
    _payment_event(order, "Paid", amount, intent_id)
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
    Transaction.objects.filter(reference=intent.id).update(status="declined")


def _basket_spend(order) -> None:
    if order.basket_id:
        order.basket.submit()


# Bank transfers and cash on delivery: the producer (or staff) confirms the money arrived.


def source_received_confirm(*, source_id: int, by, partner=None) -> None:
    """Record that a producer's part arrived. `partner` limits it to that producer's own
    source (the portal); staff pass None."""
    with transaction.atomic():
        source = Source.objects.select_related("order").get(pk=source_id)
        order = _locked_order(source.order_id)
        source = Source.objects.select_for_update().get(pk=source_id)
        if partner is not None and source.partner_id != partner.pk:
            raise PermissionDenied
        method = payment_method_or_none(order.payment_method)
        if method is None:
            raise ValidationError(_UNKNOWN_METHOD())
        if not method.collected_by_producer:
            raise ValidationError(_("This payment is confirmed by the card company."))
        if order.status != AWAITING_PAYMENT:
            raise ValidationError(_("This order is no longer waiting for payment."))
        if source.amount_debited >= source.amount_allocated:
            return
        amount = source.amount_allocated - source.amount_debited
        source.debit(amount, reference=source.reference)
        _payment_event(order, "Paid", amount, source.reference)
        log(instance=order, action="payment.received", user=by, data={"source": source.pk})
        _settle_if_fully_paid(order)


# Refunds: never more than was taken.


def refund(*, order, source_id: int, amount: Decimal, by) -> None:
    with transaction.atomic():
        order = _locked_order(order.pk)
        source = Source.objects.select_for_update().get(pk=source_id, order=order)
        if amount <= 0:
            raise ValidationError(_("Enter an amount greater than zero."))
        refundable = source.amount_debited - source.amount_refunded
        if amount > refundable:
            raise ValidationError(
                _("At most %(amount)s can be refunded from this payment.")
                % {"amount": f"{refundable:,.0f} ₫".replace(",", ".")}
            )
        method = payment_method_or_none(order.payment_method)
        if method is None:
            raise ValidationError(_UNKNOWN_METHOD())
        reference = method.refund(source=source, amount=amount)
        source.refund(amount, reference=reference)
        _payment_event(order, "Refunded", amount, reference)
        log(
            instance=order,
            action="payment.refund",
            user=by,
            data={"source": source.pk, "amount": str(amount)},
        )
        sources = list(order.sources.all())
        if order.status == PAID and all(s.amount_refunded >= s.amount_debited for s in sources):
            order.set_status(REFUNDED)


# Cancelling an unpaid order returns its units to stock.


def order_unpaid_cancel(*, order) -> None:
    with transaction.atomic():
        order = _locked_order(order.pk)
        _card_order_still_open(order)
        for line in Line.objects.select_for_update(of=("self",)).filter(order=order):
            if line.status == "Pending" and line.stockrecord_id:
                line.stockrecord.cancel_allocation(line.quantity)
                line.set_status("Cancelled")
        order.set_status(CANCELLED)
        for intent_id in _open_intents(order):
            stripe_gateway.intent_cancel(intent_id)


def _card_order_still_open(order) -> None:
    """Only an unpaid card order may be cancelled or switched to another way to pay: nothing
    received on it, and no card payment that went through or is going through (its webhook
    may not have arrived yet)."""
    if order.payment_method != "card" or order.status != AWAITING_PAYMENT:
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


def order_payment_method_change(*, order, code: str) -> None:
    """The buyer gives up on the card and pays another way: open intents are cancelled and the
    new method records what each producer is owed."""
    method = payment_method_get(code)
    with transaction.atomic():
        order = _locked_order(order.pk)
        _card_order_still_open(order)
        if method.code == "card":
            raise ValidationError(_("This order is already paid by card."))
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
            from marketplace.checkout.notifications import order_placed_notify

            transaction.on_commit(lambda: order_placed_notify(order=order), robust=True)
