"""Card payments against a running localstripe: the webhook is the only authority for "paid"."""

import json
import time
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from marketplace.basket.models import Basket
from marketplace.order.models import Order
from marketplace.payment import card_services, stripe_gateway
from marketplace.payment import services as payment_services
from marketplace.payment.models import Transaction, WebhookEvent
from tests.checkout.conftest import wait_for
from tests.checkout.helpers import (
    basket_add,
    checkout_to_preview,
    make_seller,
    place_order,
    stripe_signature,
)


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
    # Checking out again makes a new order with its own number.
    checkout_to_preview(client, method="card", options={line.partner.producer: "pickup"})
    response = place_order(client)
    assert response.status_code == 302
    again = Order.objects.exclude(pk=order.pk).get()
    assert again.number != order.number
    assert Basket.objects.get(pk=order.basket_id).status == Basket.MERGED


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_three_d_secure_is_paid_after_authentication(client, stripe_with_webhooks):
    order, pay_url = _card_order(client)
    response = client.post(pay_url, {"card": "3ds"})
    assert response.status_code == 302
    assert "/authenticate/pi_" in response.url
    intent_id = response.url.rstrip("/").rsplit("/", 1)[-1]
    assert stripe_gateway.client().v1.payment_intents.retrieve(intent_id).status == (
        "requires_action"
    )
    time.sleep(1.5)  # longer than localstripe waits before sending a webhook
    assert _status(order) == "Awaiting payment"  # nothing happens before the bank's check
    response = client.post(response.url, {"result": "approve"})
    assert response.status_code == 302
    # Wait for this intent's own webhook to take effect (not for a time, nor for any event:
    # other tests' late events may arrive meanwhile), with room for a loaded machine.
    assert wait_for(
        lambda: order.payment_events.filter(event_type__name="Paid", reference=intent_id).exists(),
        timeout=60,
    )
    assert _status(order) == "Paid"


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
        headers={"Stripe-Signature": stripe_signature(payload, "whsec_wrong")},
    )  # fmt: skip
    assert forged.status_code == 400
    stale = client.post(
        url, payload, content_type="application/json",
        headers={"Stripe-Signature": stripe_signature(payload, settings.STRIPE_WEBHOOK_SECRET,
                                             int(time.time()) - 301)},
    )  # fmt: skip
    assert stale.status_code == 400
    assert _status(order) == "Awaiting payment"
    assert not WebhookEvent.objects.exists()

    for _attempt in range(2):
        response = client.post(
            url, payload, content_type="application/json",
            headers={"Stripe-Signature": stripe_signature(payload, settings.STRIPE_WEBHOOK_SECRET)},
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
    # The order's basket is never reopened: its id is the order number.
    assert Basket.objects.get(pk=order.basket_id).status == Basket.FROZEN

    # The guest comes back through the order's page and checks out again.
    status_url = reverse(
        "checkout:order-status",
        kwargs={"order_number": order.number, "hash": order.verification_hash()},
    )
    page = client.get(status_url).content.decode()
    assert "Đưa các sản phẩm này trở lại giỏ hàng của tôi" in page
    response = client.post(_pay_url + "back-to-basket/")
    assert response.url == reverse("basket:summary")
    assert Basket.objects.get(pk=order.basket_id).status == Basket.MERGED
    assert client.post(_pay_url + "back-to-basket/").status_code == 302  # twice: nothing more
    producer = order.lines.get().partner.producer
    checkout_to_preview(client, method="card", options={producer: "pickup"})
    response = place_order(client)
    assert response.status_code == 302
    again = Order.objects.exclude(pk=order.pk).get()
    assert again.number != order.number
    assert again.lines.get().quantity == 2
    assert again.lines.get().stockrecord.num_allocated == 2


@pytest.mark.django_db
def test_releasing_goes_on_after_an_order_that_cannot_be_released(client, stripe, caplog):
    import datetime

    from django.core.management import call_command
    from django.utils import timezone

    from marketplace.checkout.services import basket_checkout
    from marketplace.partner.strategy import Selector
    from tests.checkout.helpers import ADDRESS

    _producer, product = make_seller(name="HTX Mật ong Bắc Hà")
    orders = []
    for _buyer in range(2):
        basket = Basket.objects.create()
        basket.strategy = Selector().strategy()
        basket.add_product(product, 1)
        orders.append(
            basket_checkout(
                basket=basket, address=ADDRESS, payment_method_code="card", guest_email="a@b.vn"
            )
        )
    paying, abandoned = orders
    # The first buyer's card went through; its webhook has not arrived yet.
    intent = stripe_gateway.intent_create(
        source=paying.sources.get(), payment_method="pm_card_visa"
    )
    assert stripe_gateway.intent_confirm(intent.id).status == "succeeded"
    Order.objects.update(date_placed=timezone.now() - datetime.timedelta(minutes=31))

    call_command("release_unpaid_card_orders", "--minutes", "30", verbosity=0)
    assert _status(paying) == "Awaiting payment"  # left for its webhook
    assert _status(abandoned) == "Cancelled"
    assert product.stockrecords.get().num_allocated == 1
    assert paying.number in caplog.text


@pytest.mark.django_db
def test_a_payment_arriving_after_the_order_was_cancelled_is_refunded(client, stripe, settings):
    order, _pay_url = _card_order(client)
    intent = stripe_gateway.intent_create(source=order.sources.get(), payment_method="pm_card_visa")
    assert stripe_gateway.intent_confirm(intent.id).status == "succeeded"
    # Cancelled by a check that read the intent a moment before the bank said yes (Stripe.js
    # confirms in the browser): the service itself now refuses once it sees the success.
    Order.objects.filter(pk=order.pk).update(status="Cancelled")

    payload = _succeeded_event(intent.id, 300000)
    response = client.post(
        reverse("checkout:stripe-webhook"), payload, content_type="application/json",
        headers={"Stripe-Signature": stripe_signature(payload, settings.STRIPE_WEBHOOK_SECRET)},
    )  # fmt: skip
    assert response.status_code == 200
    assert _status(order) == "Cancelled"
    refund = order.payment_events.get(event_type__name="Refunded")
    assert refund.amount == Decimal(300000) and refund.reference.startswith("re_")
    assert order.sources.get().amount_debited == 0


@pytest.mark.django_db
def test_switching_to_another_way_to_pay_is_refused_once_the_card_went_through(client, stripe):
    order, pay_url = _card_order(client)
    intent = stripe_gateway.intent_create(source=order.sources.get(), payment_method="pm_card_visa")
    assert stripe_gateway.intent_confirm(intent.id).status == "succeeded"  # webhook not yet here

    response = client.post(pay_url + "method/", {"method": "cod"}, follow=True)
    assert "Đơn hàng này không dùng được cách thanh toán đó." in response.content.decode()
    order.refresh_from_db()
    assert order.payment_method == "card"
    assert order.status == "Awaiting payment"
    source = order.sources.get()
    assert source.partner_id is None and source.amount_allocated == Decimal(300000)
    with pytest.raises(ValidationError):
        card_services.order_payment_method_change(order=order, code="cod")


def _failed_event(intent_id: str) -> bytes:
    return json.dumps(
        {
            "id": f"evt_failed_{intent_id}",
            "object": "event",
            "type": "payment_intent.payment_failed",
            "data": {"object": {"id": intent_id, "object": "payment_intent",
                                "status": "requires_payment_method"}},
        }
    ).encode()  # fmt: skip


@pytest.mark.django_db
def test_stripe_js_page_reuses_the_open_intent_and_starts_a_new_one_after_a_failure(
    client, stripe, settings
):
    settings.STRIPE_TEST_CARD_STEP = False
    order, pay_url = _card_order(client)
    first = client.get(pay_url)
    again = client.get(pay_url)
    assert first.status_code == again.status_code == 200
    intents = Transaction.objects.filter(txn_type=stripe_gateway.INTENT)
    (intent,) = intents
    secret = first.context["client_secret"]
    assert secret.startswith(intent.reference) and again.context["client_secret"] == secret
    # Stripe.js may load on this page (and only here: tests/accounts/test_security.py).
    policy = first["Content-Security-Policy"]
    script_src = policy.split("script-src")[1].split(";")[0].split()
    assert "'self'" in script_src and "https://js.stripe.com" in script_src  # and the page's nonce
    assert "'unsafe-inline'" not in script_src
    assert "connect-src 'self' https://api.stripe.com" in policy
    assert "https://js.stripe.com" in policy.split("frame-src")[1].split(";")[0]

    # Stripe.js reports the card declined; Stripe says so on the webhook.
    payload = _failed_event(intent.reference)
    failed = client.post(
        reverse("checkout:stripe-webhook"), payload, content_type="application/json",
        headers={"Stripe-Signature": stripe_signature(payload, settings.STRIPE_WEBHOOK_SECRET)},
    )  # fmt: skip
    assert failed.status_code == 200, failed.content
    retry = client.get(pay_url)
    assert retry.status_code == 200
    assert intents.all().count() == 2
    assert retry.context["client_secret"] != secret
    assert client.get(pay_url).context["client_secret"] == retry.context["client_secret"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_refund_goes_to_the_intent_that_received_the_money(client, stripe_with_webhooks):
    order, pay_url = _card_order(client)
    client.post(pay_url, {"card": "visa"})
    assert wait_for(lambda: _status(order) == "Paid")
    source = order.sources.get()
    paid_intent = source.reference
    # A later attempt (a second tab's card page) moves the source's reference on.
    later = stripe_gateway.intent_create(source=source)
    source.refresh_from_db()
    assert source.reference == later.id != paid_intent

    payment_services.refund(order=order, source_id=source.pk, amount=Decimal(100000), by=None)
    refund = order.payment_events.get(event_type__name="Refunded")
    stripe_refund = stripe_gateway.client().v1.refunds.retrieve(refund.reference)
    charge = stripe_gateway.client().v1.payment_intents.retrieve(paid_intent).to_dict()
    charge_id = charge["latest_charge"]
    charge_id = charge_id["id"] if isinstance(charge_id, dict) else charge_id
    assert stripe_refund.charge == charge_id
    source.refresh_from_db()
    assert source.amount_refunded == Decimal(100000)


def _post_event(client, settings, payload: bytes):
    return client.post(
        reverse("checkout:stripe-webhook"), payload, content_type="application/json",
        headers={"Stripe-Signature": stripe_signature(payload, settings.STRIPE_WEBHOOK_SECRET)},
    )  # fmt: skip


def _paid_by_card(client, stripe, settings):
    """A card order paid through its webhook (event evt_test_once); returns (order, intent)."""
    order, _pay_url = _card_order(client)
    intent = stripe_gateway.intent_create(source=order.sources.get(), payment_method="pm_card_visa")
    assert stripe_gateway.intent_confirm(intent.id).status == "succeeded"
    assert _post_event(client, settings, _succeeded_event(intent.id, 300000)).status_code == 200
    assert _status(order) == "Paid"
    return order, intent


@pytest.mark.django_db
def test_a_second_success_for_a_paid_intent_under_a_new_event_id_changes_nothing(
    client, stripe, settings
):
    """Stripe may send the same news twice under two event ids: the order stays paid once,
    and no refund goes out for money that is rightly ours (it used to refund it all while
    the order still said "Paid")."""
    order, intent = _paid_by_card(client, stripe, settings)
    again = _succeeded_event(intent.id, 300000).replace(b"evt_test_once", b"evt_test_again")

    assert _post_event(client, settings, again).status_code == 200

    assert _status(order) == "Paid"
    assert WebhookEvent.objects.count() == 2  # both events seen
    assert not order.payment_events.filter(event_type__name="Refunded").exists()
    assert order.payment_events.filter(event_type__name="Paid").count() == 1
    source = order.sources.get()
    assert (source.amount_debited, source.amount_refunded) == (Decimal(300000), 0)
    assert set(source.transactions.values_list("status", flat=True)) == {"succeeded"}
    refunds = stripe_gateway.client().v1.refunds.list(params={"payment_intent": intent.id})
    assert not [r for r in refunds.data if r.payment_intent == intent.id]


@pytest.mark.django_db
def test_a_failure_after_the_success_never_downgrades_the_paid_payment(client, stripe, settings):
    order, intent = _paid_by_card(client, stripe, settings)

    assert _post_event(client, settings, _failed_event(intent.id)).status_code == 200

    assert _status(order) == "Paid"
    source = order.sources.get()
    assert source.amount_debited == Decimal(300000)
    # Neither the attempt nor the debit that recorded the money is "declined".
    assert set(source.transactions.values_list("status", flat=True)) == {"succeeded"}
    # And a success arriving after it still counts once.
    late = _succeeded_event(intent.id, 300000).replace(b"evt_test_once", b"evt_test_late")
    assert _post_event(client, settings, late).status_code == 200
    assert order.payment_events.filter(event_type__name="Paid").count() == 1
    assert not order.payment_events.filter(event_type__name="Refunded").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "event",
    [
        {"id": "evt_bad_1", "object": "event", "type": "payment_intent.succeeded", "data": {}},
        {"id": "evt_bad_2", "object": "event", "type": "payment_intent.succeeded",
         "data": {"object": {"object": "payment_intent", "amount": 300000}}},
        {"id": "evt_bad_3", "object": "event", "type": "payment_intent.succeeded",
         "data": {"object": {"id": "pi_x", "object": "payment_intent", "amount": "lots"}}},
        {"id": "evt_bad_4", "object": "event", "type": "payment_intent.payment_failed",
         "data": {"object": {"id": 42}}},
        {"object": "event", "type": "payment_intent.succeeded"},
        {"id": "evt_bad_6", "object": "event", "type": "payment_intent.succeeded", "data": []},
    ],
)  # fmt: skip
def test_a_signed_but_malformed_webhook_is_refused_with_400_not_500(client, settings, event):
    response = _post_event(client, settings, json.dumps(event).encode())
    assert response.status_code == 400
    assert not WebhookEvent.objects.exists()  # nothing recorded: a fixed resend can still act


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_3d_secure_page_of_a_cancelled_order_says_so(client, stripe_with_webhooks):
    order, pay_url = _card_order(client)
    authenticate_url = client.post(pay_url, {"card": "3ds"}).url
    assert "/authenticate/pi_" in authenticate_url
    # Given up in another tab: the order is cancelled and its intent with it.
    assert client.post(pay_url + "back-to-basket/").status_code == 302
    order.refresh_from_db()
    assert order.status == "Cancelled"

    for answer in (
        client.get(authenticate_url),
        client.post(authenticate_url, {"result": "approve"}),
    ):
        assert answer.status_code == 302
        assert answer.url == reverse(
            "checkout:order-status",
            kwargs={"order_number": order.number, "hash": order.verification_hash()},
        )
    page = client.get(answer.url).content.decode()
    assert "không còn chờ ngân hàng xác nhận" in page
    assert not wait_for(lambda: order.payment_events.exists(), timeout=3)
