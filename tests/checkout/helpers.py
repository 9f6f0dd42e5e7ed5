"""A buyer going through checkout with Django's test client, and sellers ready to sell."""

import hashlib
import hmac
import json
import time

from django.urls import reverse

from legal.selectors import versions_in_force
from marketplace.payment import stripe_gateway
from producers.models import Producer
from tests.factories.marketplace import make_product
from tests.factories.producers import make_producer

# A buyer in Hà Nội, as the address form takes it (two tiers: the GSO codes of Thành phố Hà
# Nội and Phường Hoàn Kiếm). Tests that post it need the units: the `admin_units` fixture.
ADDRESS = {
    "first_name": "Nguyễn Thị Lan",
    "phone_number": "0987 654 321",
    "province": "01",
    "commune": "00070",
    "line1": "12 Hàng Bạc",
}


def make_seller(
    *,
    name: str,
    district: str = "Bắc Hà",
    commune="Tả Phìn",
    bank: bool = True,
    pickup: bool = True,
    district_delivery: bool = True,
    post: bool = True,
    price: int = 150000,
    stock: int = 10,
    weight_grams: int = 500,
):
    """An approved producer with one product on sale; returns (producer, product)."""
    producer = make_producer(name=name, district=district, commune=commune)
    Producer.objects.filter(pk=producer.pk).update(
        bank_bin="970436" if bank else "",
        bank_account_number="0011001234567" if bank else "",
        bank_account_name="LO THI MAI" if bank else "",
        offers_pickup=pickup,
        offers_local_delivery=district_delivery,
        offers_national_post=post,
    )
    producer.refresh_from_db()
    product = make_product(partner=producer.partner, price=price, num_in_stock=stock)
    product.weight_grams = weight_grams
    product.save(update_fields=["weight_grams"])
    return producer, product


def basket_add(client, product, quantity=1):
    response = client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": quantity})
    assert response.status_code == 302, response.content[:500]


def checkout_to_preview(client, *, contact="lan@example.com", method="bank-transfer",
                        options=None, address=None):  # fmt: skip
    """Walk from the basket to the preview as a guest; `options` maps producer → option."""
    response = client.post(reverse("checkout:index"), {"username": contact, "options": "anonymous"})
    assert response.status_code == 302, response.content.decode()[:2000]
    response = client.post(reverse("checkout:shipping-address"), address or ADDRESS)
    assert response.status_code == 302, response.content.decode()[:3000]
    data = {f"group_{producer.partner_id}": code for producer, code in (options or {}).items()}
    # Nothing is chosen for the buyer: a producer not named in `options` gets its cheapest
    # option, chosen here as a buyer would.
    form = client.get(reverse("checkout:shipping-method")).context["form"]
    for group in form.groups:
        cheapest = min(group.options, key=lambda option: option.charge)
        data.setdefault(f"group_{group.partner.pk}", cheapest.code)
    response = client.post(reverse("checkout:shipping-method"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    response = client.post(reverse("checkout:payment-method"), {"method": method})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response.url == reverse("checkout:preview")


def terms_shown() -> dict:
    """The fields the preview's "Place order" form carries: the numbers of the terms and
    privacy notice in force (legal), which placing the order accepts. Read as the preview
    shows them; a version coming into force after it is a test of its own
    (tests/legal/test_acceptance.py)."""
    return {f"terms_{v.kind}": v.number for v in versions_in_force().values()}


def place_order(client):
    return client.post(reverse("checkout:preview"), {"action": "place_order", **terms_shown()})


def stripe_signature(payload: bytes, secret: str, timestamp: int | None = None) -> str:
    """The Stripe-Signature header Stripe sends with a webhook event (t=…,v1=HMAC-SHA256)."""
    timestamp = timestamp or int(time.time())
    signature = hmac.new(
        secret.encode(), f"{timestamp}.".encode() + payload, hashlib.sha256
    ).hexdigest()
    return f"t={timestamp},v1={signature}"


def card_paid_on_localstripe(client, order, settings) -> None:
    """Pay the order's card payment on localstripe and deliver Stripe's webhook, so that
    refunds go back through a real PaymentIntent."""
    intent = stripe_gateway.intent_create(source=order.sources.get(), payment_method="pm_card_visa")
    intent = stripe_gateway.intent_confirm(intent.id)
    amount = int(order.total_incl_tax)
    payload = json.dumps({
        "id": f"evt_{intent.id}", "object": "event", "type": "payment_intent.succeeded",
        "data": {"object": {"id": intent.id, "object": "payment_intent", "amount": amount,
                            "amount_received": amount, "currency": "vnd", "status": "succeeded"}},
    }).encode()  # fmt: skip
    response = client.post(
        reverse("checkout:stripe-webhook"), payload, content_type="application/json",
        headers={"Stripe-Signature": stripe_signature(payload, settings.STRIPE_WEBHOOK_SECRET)},
    )  # fmt: skip
    assert response.status_code == 200
    order.refresh_from_db()
    assert order.status == "Paid"
