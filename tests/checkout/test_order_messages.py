"""What buyers and producers receive by phone about an order, read from the local SMS/Zalo
stand-in (real HTTP from the real backends): per event and role, the buyer's link works, a
producer hears of their own lines only, and a gateway that is down never fails an order."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from marketplace.order.fulfilment import order_lines_dispatch
from marketplace.order.models import Order
from marketplace.payment import services as payment_services
from marketplace.payment import stripe_gateway
from notifications.delivery import messages_due_send
from notifications.models import Message, MessageStatus
from producers.models import Producer
from tests.checkout.helpers import basket_add, checkout_to_preview, make_seller, place_order
from tests.support.phone_gateways import standin_configure, standin_messages

pytestmark = pytest.mark.django_db

BUYER = "0912345678"
HONEY_KEEPER = "0987000111"
HONEY_CONTACT = "0987000222"
TEA_CONTACT = "0987000333"


@pytest.fixture
def sellers():
    honey = make_seller(name="HTX Mật ong Bắc Hà", price=150000)
    tea = make_seller(name="HTX Chè Tả Phìn", district="Thị xã Sa Pa", price=90000)
    Producer.objects.filter(pk=honey[0].pk).update(contact_phone=HONEY_CONTACT)
    Producer.objects.filter(pk=tea[0].pk).update(contact_phone=TEA_CONTACT)
    keeper = User.objects.create_user(phone=HONEY_KEEPER, password="a-long-password-1")
    honey[0].partner.users.add(keeper)
    return honey, tea


def _checkout(client, sellers, *, contact=BUYER, method="cod", honey_quantity=2, tea=True):
    (honey, honey_product), (tea_producer, tea_product) = sellers
    basket_add(client, honey_product, honey_quantity)
    options = {honey: "pickup"}
    if tea:
        basket_add(client, tea_product, 1)
        options[tea_producer] = "pickup"
    checkout_to_preview(client, contact=contact, method=method, options=options)
    return place_order(client)


def _texts(url, phone):
    return [m.get("content") or m.get("template_data") for m in standin_messages(url, phone)]


def test_a_guest_with_only_a_phone_hears_the_order_and_opens_it_from_the_message(
    client, sellers, phone_gateways, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert _checkout(client, sellers).status_code == 302
    order = Order.objects.get()

    (received,) = standin_messages(phone_gateways, BUYER)
    assert received["channel"] == "zalo"  # the OA has this template: Zalo first
    assert received["template_id"] == "300001"
    data = received["template_data"]
    assert data["number"] == order.number
    assert data["total"] == "390.000"
    assert data["url"].startswith("http://127.0.0.1:8000/o/")
    assert len(data["url"]) < 50

    page = client.get(data["url"].removeprefix("http://127.0.0.1:8000"), follow=True)
    assert page.status_code == 200
    assert page.redirect_chain[-1][0] == reverse(
        "checkout:order-status",
        kwargs={"order_number": order.number, "hash": order.verification_hash()},
    )
    assert order.number in page.content.decode()
    forged = data["url"].removeprefix("http://127.0.0.1:8000")[:-5] + "xxxx/"
    assert client.get(forged).status_code == 404


def test_each_producer_hears_of_a_new_order_by_every_number_with_only_their_lines(
    client, sellers, phone_gateways, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _checkout(client, sellers)
    order = Order.objects.get()
    portal = f"http://127.0.0.1:8000/producer/orders/{order.number}/"

    honey_text = f"Cho Phien: co don moi {order.number}, 2 mon, 300.000d. Mo don: {portal}"
    assert _texts(phone_gateways, HONEY_KEEPER) == [honey_text]  # the account's phone
    assert _texts(phone_gateways, HONEY_CONTACT) == [honey_text]  # the shop's contact
    assert _texts(phone_gateways, TEA_CONTACT) == [
        f"Cho Phien: co don moi {order.number}, 1 mon, 90.000d. Mo don: {portal}"
    ]
    assert all(m["channel"] == "sms" for m in standin_messages(phone_gateways, TEA_CONTACT))


def test_the_buyer_hears_when_lines_are_sent_with_the_tracking_number(
    client, sellers, phone_gateways, django_capture_on_commit_callbacks
):
    _checkout(client, sellers)
    order = Order.objects.get()
    honey = sellers[0][0]
    with django_capture_on_commit_callbacks(execute=True):
        order_lines_dispatch(
            partner=honey.partner,
            lines=order.lines.filter(partner=honey.partner),
            by=None,
            tracking_number=" VN123456789VN ",
        )

    (text,) = _texts(phone_gateways, BUYER)
    assert text.startswith(f"Cho Phien: don {order.number} da gui di, ma van don VN123456789VN.")
    assert "/o/" in text
    assert _texts(phone_gateways, TEA_CONTACT) == []  # producers are not told of sending


def test_paid_cancelled_and_refunded_reach_the_buyer(
    client, sellers, phone_gateways, django_capture_on_commit_callbacks
):
    _checkout(client, sellers, method="bank-transfer", tea=False)
    order = Order.objects.get()
    source = order.sources.get()
    with django_capture_on_commit_callbacks(execute=True):
        payment_services.source_received_confirm(source_id=source.pk, by=None)
    (paid,) = standin_messages(phone_gateways, BUYER)
    assert (paid["template_id"], paid["template_data"]["total"]) == ("300002", "300.000")

    with django_capture_on_commit_callbacks(execute=True):
        payment_services.order_lines_cancel(order=order, line_ids=[order.lines.get().pk], by=None)
    with django_capture_on_commit_callbacks(execute=True):
        payment_services.source_refund_due_record(source_id=source.pk, by=None)

    cancelled, refunded = _texts(phone_gateways, BUYER)[1:]
    assert cancelled.startswith(f"Cho Phien: don {order.number} co mon bi huy, con 0d.")
    assert refunded.startswith(f"Cho Phien: da hoan 300.000d cho don {order.number}.")


def test_a_card_payment_tells_the_buyer_and_the_producer_it_is_paid(
    client, sellers, phone_gateways, stripe, settings, django_capture_on_commit_callbacks
):
    from tests.checkout.test_card_payments import _post_event, _succeeded_event

    _checkout(client, sellers, method="card", tea=False)
    order = Order.objects.get()
    assert standin_messages(phone_gateways) == []  # nothing until the card has paid
    intent = stripe_gateway.intent_create(source=order.sources.get(), payment_method="pm_card_visa")
    stripe_gateway.intent_confirm(intent.id)
    with django_capture_on_commit_callbacks(execute=True):
        _post_event(client, settings, _succeeded_event(intent.id, 300000))

    assert [m["template_id"] for m in standin_messages(phone_gateways, BUYER)] == ["300002"]
    (producer_text,) = _texts(phone_gateways, HONEY_CONTACT)
    assert producer_text.startswith(
        f"Cho Phien: don {order.number} da tra tien, 2 mon, 300.000d. Gui hang:"
    )


def test_gateways_down_the_order_is_placed_and_its_messages_wait(
    client, sellers, phone_gateways, django_capture_on_commit_callbacks
):
    standin_configure(phone_gateways, down=["zalo", "sms"])
    with django_capture_on_commit_callbacks(execute=True):
        response = _checkout(client, sellers)

    assert response.status_code == 302
    assert response.url == reverse("checkout:thank-you")
    order = Order.objects.get()
    assert order.lines.count() == 2
    waiting = Message.objects.exclude(channel="email")
    assert waiting.count() == 4  # the buyer, the honey keeper and contact, the tea contact
    assert {m.status for m in waiting} == {MessageStatus.RETRYING}
    assert all(m.attempts == 1 and "503" in m.error for m in waiting)

    # Staff see them failed after their last attempt (the buyer's Zalo, then its SMS).
    for _ in range(12):
        with django_capture_on_commit_callbacks(execute=True):
            messages_due_send(now=timezone.now() + timedelta(days=1))
    buyer = Message.objects.filter(to="+84912345678").order_by("pk")
    assert [(m.channel, m.status, m.attempts) for m in buyer] == [
        ("zalo", MessageStatus.FAILED, 5),
        ("sms", MessageStatus.FAILED, 5),
    ]
    assert set(waiting.values_list("status", flat=True)) == {MessageStatus.FAILED}
    assert Order.objects.get().status == order.status  # the order never noticed


def test_a_buyer_with_an_email_only_gets_the_email_recorded_and_no_phone_message(
    client, sellers, phone_gateways, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _checkout(client, sellers, contact="lan@example.com")

    assert standin_messages(phone_gateways, BUYER) == []
    email = Message.objects.get(to="lan@example.com")
    assert (email.channel, email.template, email.status) == ("email", "order_placed", "sent")
