"""VNPay payments against the local VNPay stand-in, a real server over HTTP: its payment page
checks our signed URL and signs its result, its IPN reaches the live site, its refund API
checks our checksum. The IPN is the only authority for "paid".

Most tests take the signed result VNPay sends the buyer back with (the same parameters as its
IPN) and deliver it to the site's IPN themselves, so they need no live server; one test runs
the whole round trip with the stand-in calling the live site."""

from datetime import timedelta
from decimal import Decimal
from io import StringIO
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from marketplace.basket.models import Basket
from marketplace.order.models import Order
from marketplace.payment import services as payment_services
from marketplace.payment import vnpay_gateway
from marketplace.payment.models import VNPayAttempt, WebhookEvent
from marketplace.payment.signals import payment_collected
from producers.selectors import producer_order_list
from tests.checkout.helpers import basket_add, checkout_to_preview, make_seller, place_order
from tests.support.vnpay import vnpay_configure, vnpay_record

IPN = "checkout:vnpay-ipn"


def _vnpay_order(client, producer_out=None):
    producer, product = make_seller(name="HTX Mật ong Bắc Hà", price=150000)
    if producer_out is not None:
        producer_out.append(producer)
    basket_add(client, product, 2)
    checkout_to_preview(client, method="vnpay", options={producer: "pickup"})
    response = place_order(client)
    order = Order.objects.get()
    pay_url = reverse(
        "checkout:vnpay-payment",
        kwargs={"order_number": order.number, "hash": order.verification_hash()},
    )
    assert response.status_code == 302 and response.url == pay_url
    return order, pay_url


def _to_vnpay(client, pay_url) -> str:
    """The buyer presses "Go to VNPay": the site answers with VNPay's signed payment URL."""
    response = client.post(pay_url)
    assert response.status_code == 302
    return response.url


def _at_vnpay(vnpay_url: str, action: str = "pay") -> dict:
    """The buyer on VNPay's page (the stand-in's) presses "Thanh toán" or "Hủy"; returns the
    signed result VNPay sends them back to the site with."""
    page = requests.get(vnpay_url, timeout=10)
    assert page.status_code == 200, page.text
    response = requests.post(vnpay_url, data={"action": action}, allow_redirects=False, timeout=30)
    assert response.status_code == 303
    return dict(parse_qsl(urlsplit(response.headers["Location"]).query))


def _ipn(client, params) -> str:
    response = client.get(reverse(IPN), params)
    assert response.status_code == 200
    return response.json()["RspCode"]


def _status(order):
    order.refresh_from_db()
    return order.status


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_vnpay_payment_is_paid_when_the_stand_in_calls_the_ipn_and_a_replay_changes_nothing(
    client, vnpay
):
    collected = []

    def receiver(sender, **kwargs):
        collected.append(kwargs)

    payment_collected.connect(receiver)
    try:
        order, pay_url = _vnpay_order(client)
        assert Basket.objects.get(pk=order.basket_id).status == Basket.FROZEN
        vnpay_url = _to_vnpay(client, pay_url)
        query = dict(parse_qsl(urlsplit(vnpay_url).query))
        assert query["vnp_Amount"] == "30000000"  # 300.000 ₫ × 100
        assert query["vnp_Version"] == "2.1.0" and query["vnp_CurrCode"] == "VND"

        result = _at_vnpay(vnpay_url)  # the stand-in calls the live site's IPN, then returns
        calls = vnpay_record(vnpay)["ipn_calls"]
        assert calls[-1]["answer"] == {"RspCode": "00", "Message": "Confirm Success"}
        assert _status(order) == "Paid"
        source = order.sources.get()
        assert source.amount_debited == Decimal(300000) and source.partner_id is None
        assert Basket.objects.get(pk=order.basket_id).status == Basket.SUBMITTED
        assert [c["amount"] for c in collected] == [Decimal(300000)]

        # VNPay sends the same IPN again (it retries; or someone replays it): nothing twice.
        replay = requests.post(f"{vnpay}/_ipn/{result['vnp_TxnRef']}", timeout=30).json()
        assert replay["answer"]["RspCode"] == "02"
        assert order.payment_events.filter(event_type__name="Paid").count() == 1
        assert order.sources.get().amount_debited == Decimal(300000)
        assert len(collected) == 1
    finally:
        payment_collected.disconnect(receiver)

    # The buyer's return: shown, then on to the order's page, which says who holds the money.
    back = client.get(reverse("checkout:vnpay-return"), result, follow=True)
    page = back.content.decode()
    assert "Đã thanh toán qua VNPay cho Chợ Phiên." in page
    paid_email = [m for m in mail.outbox if order.number in m.subject][-1]
    assert "qua VNPay cho Chợ Phiên" in paid_email.body


@pytest.mark.django_db
def test_a_forged_ipn_is_refused_and_the_order_is_unchanged(client, vnpay_settings):
    order, pay_url = _vnpay_order(client)
    result = _at_vnpay(_to_vnpay(client, pay_url))
    forged = {**result, "vnp_Amount": "100"}  # signed for 300.000 ₫, claims 1 ₫
    assert _ipn(client, forged) == "97"
    assert _ipn(client, {**result, "vnp_SecureHash": "0" * 128}) == "97"
    assert _ipn(client, {k: v for k, v in result.items() if k != "vnp_SecureHash"}) == "97"
    assert _status(order) == "Awaiting payment"
    assert not WebhookEvent.objects.exists()
    # A signed result is not enough on the return URL either: it changes nothing.
    client.get(reverse("checkout:vnpay-return"), result)
    assert _status(order) == "Awaiting payment"
    assert client.get(reverse("checkout:vnpay-return"), forged).status_code == 400


@pytest.mark.django_db
def test_an_ipn_for_an_unknown_payment_is_answered_01(client, vnpay_settings, settings):
    params = {"vnp_TxnRef": "999999V1ABCD", "vnp_Amount": "100000", "vnp_ResponseCode": "00"}
    params["vnp_SecureHash"] = vnpay_gateway.query_hash(params)
    assert _ipn(client, params) == "01"
    # A site without a hash secret accepts no IPN, not even one signed with the empty key.
    settings.VNPAY_HASH_SECRET = ""
    params["vnp_SecureHash"] = vnpay_gateway.query_hash(params, "")
    assert _ipn(client, params) == "97"


@pytest.mark.django_db
def test_an_amount_that_does_not_match_is_answered_04_and_not_paid(client, vnpay_settings):
    vnpay_configure(vnpay_settings, mode="bad_amount")
    order, pay_url = _vnpay_order(client)
    result = _at_vnpay(_to_vnpay(client, pay_url))
    assert result["vnp_Amount"] == "30010000"  # signed by VNPay, but not what we asked
    assert _ipn(client, result) == "04"
    assert _status(order) == "Awaiting payment"
    assert order.sources.get().amount_debited == 0
    assert VNPayAttempt.objects.get().status == VNPayAttempt.Status.STARTED


@pytest.mark.django_db
def test_a_failed_payment_leaves_the_order_waiting_and_the_buyer_pays_again(client, vnpay_settings):
    vnpay_configure(vnpay_settings, response_code="51")  # not enough money in the account
    sellers = []
    order, pay_url = _vnpay_order(client, sellers)
    result = _at_vnpay(_to_vnpay(client, pay_url))
    assert result["vnp_ResponseCode"] == "51"
    assert _ipn(client, result) == "00"  # taken note of
    assert _status(order) == "Awaiting payment"
    assert VNPayAttempt.objects.get().status == VNPayAttempt.Status.FAILED
    assert not producer_order_list(producer=sellers[0]).exists()  # not before it is paid
    back = client.get(reverse("checkout:vnpay-return"), result)
    assert back.url == pay_url  # back to try again or choose another way
    page = client.get(pay_url).content.decode()
    assert "mã 51" in page and "Trả tiền mặt khi nhận hàng" in page

    vnpay_configure(vnpay_settings)
    again = _at_vnpay(_to_vnpay(client, pay_url))
    assert again["vnp_TxnRef"] != result["vnp_TxnRef"]
    assert _ipn(client, again) == "00"
    assert _status(order) == "Paid"
    assert list(producer_order_list(producer=sellers[0])) == [order]


@pytest.mark.django_db
def test_no_ipn_leaves_the_order_waiting_another_way_to_pay_and_a_late_payment_goes_back(
    client, vnpay_settings
):
    """VNPay never calls (a timeout, or the buyer closed the tab): the order waits, the buyer
    pays another way; when VNPay's IPN finally arrives, the money goes back through VNPay."""
    order, pay_url = _vnpay_order(client)
    result = _at_vnpay(_to_vnpay(client, pay_url))  # no IPN URL: the call never comes
    assert _status(order) == "Awaiting payment"
    status_page = client.get(reverse("checkout:vnpay-return"), result, follow=True)
    assert "data-refresh-seconds" in status_page.content.decode()  # waits for VNPay's word

    response = client.post(pay_url.replace("/vnpay/", "/method/"), {"method": "cod"})
    assert response.status_code == 302 and response.url == reverse("checkout:thank-you")
    order.refresh_from_db()
    assert order.payment_method == "cod" and order.sources.get().partner_id is not None
    assert Basket.objects.get(pk=order.basket_id).status == Basket.SUBMITTED

    assert _ipn(client, result) == "00"
    assert _status(order) == "Awaiting payment"  # cash on delivery, as chosen
    assert VNPayAttempt.objects.get().status == VNPayAttempt.Status.REFUNDED
    refunds = vnpay_record(vnpay_settings)["refunds"]
    assert [(r["txn_ref"], r["amount"], r["type"]) for r in refunds][-1] == (
        result["vnp_TxnRef"], 300000, "02"
    )  # fmt: skip
    assert order.payment_events.filter(event_type__name="Refunded").count() == 1
    assert _ipn(client, result) == "02"  # and once only


@pytest.mark.django_db
def test_staff_refund_goes_through_vnpays_refund_api(client, vnpay_settings, admin_user):
    order, pay_url = _vnpay_order(client)
    result = _at_vnpay(_to_vnpay(client, pay_url))
    assert _ipn(client, result) == "00"
    source = order.sources.get()

    payment_services.refund(order=order, source_id=source.pk, amount=Decimal(100000), by=admin_user)
    payment_services.refund(order=order, source_id=source.pk, amount=Decimal(200000), by=admin_user)
    refunds = [r for r in vnpay_record(vnpay_settings)["refunds"]
               if r["txn_ref"] == result["vnp_TxnRef"]]  # fmt: skip
    assert [(r["amount"], r["type"]) for r in refunds] == [(100000, "03"), (200000, "03")]
    source.refresh_from_db()
    assert source.amount_refunded == Decimal(300000)
    assert _status(order) == "Refunded"


@pytest.mark.django_db
def test_an_unpaid_vnpay_order_is_released_after_a_while(client, vnpay_settings):
    order, pay_url = _vnpay_order(client)
    _at_vnpay(_to_vnpay(client, pay_url))  # paid at VNPay, but its IPN never comes
    line = order.lines.get()
    assert line.stockrecord.num_allocated == 2
    Order.objects.filter(pk=order.pk).update(date_placed=order.date_placed - timedelta(hours=1))
    call_command("release_unpaid_card_orders", "--minutes", "30", stdout=StringIO())
    assert _status(order) == "Cancelled"
    line.stockrecord.refresh_from_db()
    assert line.stockrecord.num_allocated == 0
