"""Card payments against a running localstripe: the webhook is the only authority for "paid"."""

import hashlib
import hmac
import json
import time
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from oscar.apps.basket.models import Basket

from marketplace.order.models import Order
from marketplace.payment import services as payment_services
from marketplace.payment import stripe_gateway
from marketplace.payment.models import WebhookEvent
from tests.checkout.conftest import wait_for
from tests.checkout.helpers import basket_add, checkout_to_preview, make_seller, place_order


def _card_order(client):
    producer, product = make_seller(name="HTX Mật ong Bắc Hà", price=150000)
    basket_add(client, product, 2)
    checkout_to_preview(client, method="card", options={producer: "pickup"})
    response = place_order(client)
    order = Order.objects.get()
    assert response.status_code == 302
    assert response.url == reverse(
        "checkout:card-payment",
        kwargs={"order_number": order.number, "hash": order.verification_hash()},
    )
    return order, response.url


def _status(order):
    order.refresh_from_db()
    return order.status


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_card_success_becomes_paid_only_when_the_webhook_arrives(client, stripe_with_webhooks):
    order, pay_url = _card_order(client)
    assert order.total_incl_tax == Decimal(300000)
    assert Basket.objects.get(pk=order.basket_id).status == Basket.FROZEN

    response = client.post(pay_url, {"card": "visa"})
    assert response.status_code == 302
    # The buyer is back on the site, the card went through, but nothing is paid until Stripe
    # says so on the webhook.
    assert _status(order) == "Awaiting payment"
    status_page = client.get(response.url)
    assert "data-refresh-seconds" in status_page.content.decode()  # it looks again by itself

    assert wait_for(lambda: _status(order) == "Paid")
    source = order.sources.get()
    assert source.amount_debited == Decimal(300000)
    assert source.reference.startswith("pi_")
    assert Basket.objects.get(pk=order.basket_id).status == Basket.SUBMITTED
    # Paid once (other tests' late events may be recorded too: they concern other orders).
    assert order.payment_events.filter(event_type__name="Paid").count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_declined_card_leaves_no_paid_order_keeps_the_basket_and_allows_a_retry(
    client, stripe_with_webhooks
):
    order, pay_url = _card_order(client)
    response = client.post(pay_url, {"card": "declined"})
    assert response.status_code == 200
    assert "Thẻ của bạn bị từ chối" in response.content.decode()
    # The payment_failed webhook comes and goes; the order stays unpaid.
    assert wait_for(
        lambda: WebhookEvent.objects.filter(event_type="payment_intent.payment_failed").exists()
    )
    assert _status(order) == "Awaiting payment"
    basket = Basket.objects.get(pk=order.basket_id)
    assert basket.status == Basket.FROZEN and basket.num_items == 2

    client.post(pay_url, {"card": "visa"})
    assert wait_for(lambda: _status(order) == "Paid")
    assert order.sources.get().amount_debited == Decimal(300000)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_going_back_after_a_decline_cancels_the_order_and_restores_the_basket(
    client, stripe_with_webhooks
):
    order, pay_url = _card_order(client)
    client.post(pay_url, {"card": "declined"})
    response = client.post(pay_url + "back-to-basket/")
    assert response.status_code == 302
    assert _status(order) == "Cancelled"
    line = order.lines.get()
    assert line.stockrecord.num_allocated == 0  # the held units are back on sale
    basket_page = client.get(reverse("basket:summary"))
    assert line.title in basket_page.content.decode()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_three_d_secure_is_paid_after_authentication(client, stripe_with_webhooks):
    order, pay_url = _card_order(client)
    response = client.post(pay_url, {"card": "3ds"})
    assert response.status_code == 302
    assert "/authenticate/pi_" in response.url
    time.sleep(1.5)
    assert _status(order) == "Awaiting payment"  # nothing happens before the bank's check
    response = client.post(response.url, {"result": "approve"})
    assert response.status_code == 302
    assert wait_for(lambda: _status(order) == "Paid")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_switching_from_card_to_cash_on_delivery(client, stripe_with_webhooks):
    order, pay_url = _card_order(client)
    client.post(pay_url, {"card": "declined"})
    response = client.post(pay_url + "method/", {"method": "cod"})
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.payment_method == "cod"
    assert order.sources.get().partner_id is not None
    assert Basket.objects.get(pk=order.basket_id).status == Basket.SUBMITTED


def _signed(payload: bytes, secret: str, timestamp: int | None = None) -> str:
    timestamp = timestamp or int(time.time())
    signature = hmac.new(
        secret.encode(), f"{timestamp}.".encode() + payload, hashlib.sha256
    ).hexdigest()
    return f"t={timestamp},v1={signature}"


def _succeeded_event(intent_id: str, amount: int) -> bytes:
    return json.dumps(
        {
            "id": "evt_test_once",
            "object": "event",
            "type": "payment_intent.succeeded",
            "data": {
                "object": {
                    "id": intent_id,
                    "object": "payment_intent",
                    "amount": amount,
                    "amount_received": amount,
                    "currency": "vnd",
                    "status": "succeeded",
                }
            },
        }
    ).encode()


@pytest.mark.django_db
def test_the_same_webhook_twice_has_one_effect_and_a_bad_signature_none(client, stripe, settings):
    order, _pay_url = _card_order(client)
    intent = stripe_gateway.intent_create(source=order.sources.get())
    payload = _succeeded_event(intent.id, 300000)
    url = reverse("checkout:stripe-webhook")

    forged = client.post(
        url, payload, content_type="application/json",
        headers={"Stripe-Signature": _signed(payload, "whsec_wrong")},
    )  # fmt: skip
    assert forged.status_code == 400
    stale = client.post(
        url, payload, content_type="application/json",
        headers={"Stripe-Signature": _signed(payload, settings.STRIPE_WEBHOOK_SECRET,
                                             int(time.time()) - 301)},
    )  # fmt: skip
    assert stale.status_code == 400
    assert _status(order) == "Awaiting payment"
    assert not WebhookEvent.objects.exists()

    for _attempt in range(2):
        response = client.post(
            url, payload, content_type="application/json",
            headers={"Stripe-Signature": _signed(payload, settings.STRIPE_WEBHOOK_SECRET)},
        )  # fmt: skip
        assert response.status_code == 200
    assert _status(order) == "Paid"
    assert WebhookEvent.objects.count() == 1
    assert order.payment_events.filter(event_type__name="Paid").count() == 1
    assert order.sources.get().amount_debited == Decimal(300000)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_refunds_full_or_partial_never_more_than_captured(client, stripe_with_webhooks):
    order, pay_url = _card_order(client)
    client.post(pay_url, {"card": "visa"})
    assert wait_for(lambda: _status(order) == "Paid")
    source = order.sources.get()

    payment_services.refund(order=order, source_id=source.pk, amount=Decimal(100000), by=None)
    with pytest.raises(ValidationError):
        payment_services.refund(order=order, source_id=source.pk, amount=Decimal(200001), by=None)
    source.refresh_from_db()
    assert source.amount_refunded == Decimal(100000)
    assert _status(order) == "Paid"
    payment_services.refund(order=order, source_id=source.pk, amount=Decimal(200000), by=None)
    assert _status(order) == "Refunded"


@pytest.mark.django_db
def test_unpaid_card_orders_are_released_after_a_while(client, stripe):
    import datetime

    from django.core.management import call_command
    from django.utils import timezone

    order, _pay_url = _card_order(client)
    call_command("release_unpaid_card_orders", "--minutes", "30", verbosity=0)
    assert _status(order) == "Awaiting payment"  # not yet: the buyer may still be paying
    Order.objects.filter(pk=order.pk).update(
        date_placed=timezone.now() - datetime.timedelta(minutes=31)
    )
    call_command("release_unpaid_card_orders", "--minutes", "30", verbosity=0)
    assert _status(order) == "Cancelled"
    assert order.lines.get().stockrecord.num_allocated == 0
    assert Basket.objects.get(pk=order.basket_id).status == Basket.OPEN


@pytest.mark.django_db
def test_a_payment_arriving_after_the_order_was_cancelled_is_refunded(client, stripe, settings):
    order, _pay_url = _card_order(client)
    intent = stripe_gateway.intent_create(source=order.sources.get(), payment_method="pm_card_visa")
    assert stripe_gateway.intent_confirm(intent.id).status == "succeeded"
    payment_services.order_unpaid_cancel(order=order)  # e.g. released as stale meanwhile

    payload = _succeeded_event(intent.id, 300000)
    response = client.post(
        reverse("checkout:stripe-webhook"), payload, content_type="application/json",
        headers={"Stripe-Signature": _signed(payload, settings.STRIPE_WEBHOOK_SECRET)},
    )  # fmt: skip
    assert response.status_code == 200
    assert _status(order) == "Cancelled"
    refund = order.payment_events.get(event_type__name="Refunded")
    assert refund.amount == Decimal(300000) and refund.reference.startswith("re_")
    assert order.sources.get().amount_debited == 0
