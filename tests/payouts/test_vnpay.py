"""A VNPay payment, taken by the platform like a card's, owes the producer through the same
ledger (its IPN announces the money); VNPay's refund API gives it back and the ledger reverses
the withholding."""

from decimal import Decimal
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests
from django.urls import reverse

from marketplace.order.models import Order
from marketplace.payment import services as payment_services
from payouts.models import LedgerEntry
from producers.models import Producer
from tests.checkout.helpers import basket_add, checkout_to_preview, make_seller, place_order

pytestmark = pytest.mark.django_db


def test_a_vnpay_payment_enters_the_ledger_and_its_refund_reverses_it(
    client, vnpay_settings, admin_user, admin_units
):
    producer, product = make_seller(name="Hộ Lò Thị Mai", price=150000)
    Producer.objects.filter(pk=producer.pk).update(kind=Producer.Kind.HOUSEHOLD)
    basket_add(client, product, 2)
    checkout_to_preview(client, method="vnpay", options={producer: "pickup"})
    place_order(client)
    order = Order.objects.get()
    pay_url = reverse(
        "checkout:vnpay-payment",
        kwargs={"order_number": order.number, "hash": order.verification_hash()},
    )
    vnpay_page = client.post(pay_url).url
    # The buyer pays on the stand-in's page; its signed result goes to the site's IPN.
    answer = requests.post(vnpay_page, data={"action": "pay"}, allow_redirects=False, timeout=30)
    result = dict(parse_qsl(urlsplit(answer.headers["Location"]).query))
    assert client.get(reverse("checkout:vnpay-ipn"), result).json()["RspCode"] == "00"
    # The same IPN again (VNPay retries) records nothing more.
    client.get(reverse("checkout:vnpay-ipn"), result)

    sale = LedgerEntry.objects.get(order=order)
    assert (sale.gross, sale.vat, sale.pit, sale.net) == (300000, 3000, 1500, 295500)

    source = order.sources.get()
    payment_services.refund(order=order, source_id=source.pk, amount=Decimal(300000), by=admin_user)
    refund = LedgerEntry.objects.get(order=order, kind="refund")
    assert (refund.gross, refund.vat, refund.pit, refund.net) == (-300000, -3000, -1500, -295500)
