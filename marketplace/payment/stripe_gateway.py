"""Card payments through Stripe PaymentIntents, written for real Stripe.

Development and tests talk to localstripe, which differs from Stripe in a few places; every
such difference is handled in this module only (search for "localstripe"):
- it cannot confirm a PaymentIntent again after a decline, so each attempt is a new intent;
- `latest_charge` comes back expanded and `amount_received` is missing;
- it does not limit refunds to what was captured (services.refund checks that for us).

VND is zero-decimal in Stripe: the amount is whole đồng (150.000 ₫ → 150000).
"""

import logging
from decimal import Decimal

import stripe
from django.conf import settings
from oscar.core.loading import get_model

Transaction = get_model("payment", "Transaction")

logger = logging.getLogger(__name__)

INTENT = "PaymentIntent"
REFUND = Transaction.REFUND

# The test cards offered on the test-card step (never in production).
TEST_CARDS = {
    "visa": {"number": "4242424242424242"},
    "declined": {"number": "4000000000000341"},
    "3ds": {"number": "4000002760003184"},
}


def card_in_test_mode() -> bool:
    """Card payments go to a test gateway (localstripe, or Stripe with a test key), so a
    sandbox purchase (marketplace.sandbox) moves no real money. With live keys the sandbox
    checkout is closed."""
    key = settings.STRIPE_SECRET_KEY
    return bool(key) and (key.startswith("sk_test_") or bool(settings.STRIPE_API_BASE))


class CardDeclined(Exception):
    """The bank said no; nothing was charged."""


def client() -> stripe.StripeClient:
    base = {"api": settings.STRIPE_API_BASE} if settings.STRIPE_API_BASE else {}
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY, base_addresses=base, max_network_retries=2
    )


def amount_in_minor_units(amount: Decimal) -> int:
    if amount != amount.to_integral_value():
        raise ValueError(f"VND amounts are whole đồng, got {amount}")
    return int(amount)


def intent_create(*, source, payment_method: str | None = None):
    """A new PaymentIntent for the source's order (one per attempt; see the module docstring).
    The idempotency key makes a retried request return the same intent."""
    attempt = source.transactions.filter(txn_type=INTENT).count() + 1
    params = {
        "amount": amount_in_minor_units(source.amount_allocated),
        "currency": "vnd",
        "payment_method_types": ["card"],
        "metadata": {"order_number": source.order.number, "attempt": str(attempt)},
    }
    if payment_method:
        params["payment_method"] = payment_method
    intent = client().v1.payment_intents.create(
        params=params,
        options={"idempotency_key": f"order-{source.order.number}-intent-{attempt}"},
    )
    Transaction.objects.create(
        source=source,
        txn_type=INTENT,
        amount=source.amount_allocated,
        reference=intent.id,
        status=intent.status,
    )
    source.reference = intent.id
    source.save(update_fields=["reference"])
    return intent


# An intent in one of these states can still be confirmed by Stripe.js on the card page.
CONFIRMABLE = ("requires_payment_method", "requires_confirmation", "requires_action")
# A payment in one of these states has gone (or is going) through: no new attempt.
GOING_THROUGH = ("processing", "requires_capture", "succeeded")


def intent_for_card_page(*, source):
    """The PaymentIntent the Stripe.js card page confirms: the order's latest open intent while
    it can still be confirmed, so reloading the page does not start a new payment each time;
    a new one only after the last attempt failed (declined, failed 3-D Secure, cancelled).

    The caller checks `status`: one in GOING_THROUGH means the payment is under way.
    """
    latest = (
        source.transactions.filter(txn_type=INTENT)
        .exclude(status__in=["succeeded", "canceled", "declined", "refunded"])
        .order_by("-pk")
        .first()
    )
    if latest is not None:
        intent = client().v1.payment_intents.retrieve(latest.reference)
        data = intent.to_dict()
        if intent.status in GOING_THROUGH:
            return intent
        if (
            intent.status in CONFIRMABLE
            and not data.get("last_payment_error")
            and data.get("amount") == amount_in_minor_units(source.amount_allocated)
        ):
            return intent
        status = "declined" if data.get("last_payment_error") else intent.status
        Transaction.objects.filter(pk=latest.pk).update(status=status)
    return intent_create(source=source)


def intent_confirm(intent_id: str):
    """Confirm an intent that has its payment method; raises CardDeclined on a decline."""
    try:
        intent = client().v1.payment_intents.confirm(
            intent_id, options={"idempotency_key": f"{intent_id}-confirm"}
        )
    except stripe.CardError as error:
        Transaction.objects.filter(reference=intent_id).update(status="declined")
        raise CardDeclined(error.user_message or str(error)) from error
    Transaction.objects.filter(reference=intent_id).update(status=intent.status)
    return intent


def intent_cancel(intent_id: str) -> None:
    """Cancel an intent that has not been paid (the buyer chose another way to pay)."""
    try:
        client().v1.payment_intents.cancel(intent_id)
    except stripe.InvalidRequestError:
        # Already succeeded or cancelled: the webhook decides what happens then.
        logger.info("PaymentIntent %s could not be cancelled", intent_id)
        return
    Transaction.objects.filter(reference=intent_id).update(status="canceled")


def test_payment_method(card: str) -> str:
    """A payment method for one of the test cards (development and tests only)."""
    if not settings.STRIPE_TEST_CARD_STEP:
        raise PermissionError("test cards are only for the test-card step")
    number = TEST_CARDS[card]["number"]
    method = client().v1.payment_methods.create(
        params={
            "type": "card",
            "card": {"number": number, "exp_month": 12, "exp_year": 2034, "cvc": "123"},
        }
    )
    return method.id


def test_authenticate(intent_id: str, *, success: bool) -> None:
    """Complete (or fail) 3-D Secure the way the bank's page would. localstripe exposes this
    as its own endpoint; real Stripe does it in the buyer's browser through Stripe.js."""
    if not settings.STRIPE_TEST_CARD_STEP:
        raise PermissionError("3-D Secure is completed in the browser in production")
    intent = client().v1.payment_intents.retrieve(intent_id)
    client().raw_request(
        "post",
        f"/v1/payment_intents/{intent_id}/_authenticate",
        success="true" if success else "false",
        client_secret=intent.client_secret,
    )


def paid_intent_id(source) -> str:
    """The PaymentIntent that actually received the money: the one its debit transaction
    records (source.reference moves to each new attempt). Payments recorded before debits
    were written have only source.reference."""
    debit = source.transactions.filter(txn_type=Transaction.DEBIT).order_by("-pk").first()
    return debit.reference if debit is not None else source.reference


def refund_create(*, source, amount: Decimal) -> str:
    intent_id = paid_intent_id(source)
    count = source.transactions.filter(txn_type=REFUND).count() + 1
    refund = client().v1.refunds.create(
        params={"payment_intent": intent_id, "amount": amount_in_minor_units(amount)},
        options={"idempotency_key": f"{intent_id}-refund-{count}"},
    )
    return refund.id  # the caller records it with Oscar's Source.refund()


def event_construct(*, payload: bytes, signature: str):
    """The event, if its signature matches the raw body and is under 300 s old."""
    return stripe.Webhook.construct_event(
        payload, signature, settings.STRIPE_WEBHOOK_SECRET, tolerance=300
    )


def intent_amount(intent) -> Decimal:
    """What the intent charged, in đồng. Stripe reports `amount_received`; localstripe leaves
    it out, and its `amount` is the charged amount once the intent has succeeded."""
    data = intent if isinstance(intent, dict) else intent.to_dict()
    return Decimal(data.get("amount_received") or data["amount"])
