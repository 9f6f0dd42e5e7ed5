"""A line cancelled after the order was placed lowers what the buyer owes its producer: the
producer's payment, the VietQR, the order's total; money already paid for it goes back."""

from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User
from marketplace.order.models import Order
from marketplace.order.selectors import order_status_path
from marketplace.payment import services as payment_services
from marketplace.payment import stripe_gateway
from marketplace.payment.vietqr_blocks import order_transfer_blocks
from marketplace.vietqr import vietqr_parse
from tests.checkout.helpers import (
    basket_add,
    card_paid_on_localstripe,
    checkout_to_preview,
    make_seller,
    place_order,
)
from tests.factories.marketplace import make_product

pytestmark = pytest.mark.django_db


def _producer_login(client, producer, email):
    user = User.objects.create_user(email=email, password="a-long-password-1")
    producer.partner.users.add(user)
    client.force_login(user)
    return user


@pytest.fixture
def sellers():
    honey, jar = make_seller(name="HTX Mật ong Bắc Hà", price=150000, weight_grams=700)
    comb = make_product(partner=honey.partner, title="Sáp ong – hộp 200g", price=100000)
    comb.weight_grams = 300
    comb.save(update_fields=["weight_grams"])
    tea, tea_pack = make_seller(name="HTX Chè Tả Phìn", district="Thị xã Sa Pa", price=90000)
    return honey, jar, comb, tea, tea_pack


def _order(client, sellers, method="bank-transfer"):
    honey, jar, comb, tea, tea_pack = sellers
    for product in (jar, comb, tea_pack):
        basket_add(client, product, 1)
    checkout_to_preview(client, method=method, options={honey: "national-post", tea: "pickup"})
    assert place_order(client).status_code == 302
    order = Order.objects.get()
    # Honey: 150.000 + 100.000 + post for 1 kg (32.000); tea: 90.000, picked up.
    assert order.total_incl_tax == Decimal(372000)
    return order


def _owed(order):
    return {source.partner_id: source.amount_allocated for source in order.sources.all()}


def _cancel_in_portal(client, order, lines):
    url = reverse("portal:order", kwargs={"number": order.number})
    response = client.post(url, {"action": "cancel", "lines": [line.pk for line in lines]})
    assert response.status_code == 302, response.content.decode()[:2000]


def test_cancelling_a_line_lowers_the_producers_transfer_and_the_total(
    client, sellers, django_capture_on_commit_callbacks
):
    honey, jar, comb, tea, _tea_pack = sellers
    order = _order(client, sellers)
    buyer_page = order_status_path(order)
    _producer_login(client, honey, "mai@example.com")
    comb_line = order.lines.get(product=comb)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _cancel_in_portal(client, order, [comb_line])

    order.refresh_from_db()
    assert order.total_incl_tax == Decimal(272000)
    assert _owed(order) == {honey.partner_id: Decimal(182000), tea.partner_id: Decimal(90000)}
    honey_block = order_transfer_blocks(order)[0]
    assert honey_block.amount == 182000
    assert vietqr_parse(honey_block.payload)["54"] == "182000"
    comb_line.stockrecord.refresh_from_db()
    assert comb_line.stockrecord.num_allocated == 0
    # The buyer is told what they pay now; their order page shows it.
    (to_buyer,) = mail.outbox
    assert "Sáp ong" in to_buyer.body and "272.000" in to_buyer.body
    client.logout()
    page = client.get(buyer_page).content.decode()
    assert "182.000" in page and "272.000" in page
    assert "372.000" not in page

    # The honey producer cancels the rest: its post is no longer owed either.
    _producer_login(client, honey, "mai2@example.com")
    _cancel_in_portal(client, order, [order.lines.get(product=jar)])
    order.refresh_from_db()
    assert order.total_incl_tax == Decimal(90000) and order.shipping_incl_tax == 0
    assert _owed(order) == {honey.partner_id: Decimal(0), tea.partner_id: Decimal(90000)}
    assert [block.amount for block in order_transfer_blocks(order)] == [90000]
    assert order.status == "Awaiting payment"

    # Nothing is left once the tea is cancelled too: the unpaid order is cancelled.
    client.logout()
    _producer_login(client, tea, "chi@example.com")
    _cancel_in_portal(client, order, [order.lines.get(partner=tea.partner)])
    order.refresh_from_db()
    assert order.status == "Cancelled"
    assert order.total_incl_tax == 0
    assert order.status_changes.get().new_status == "Cancelled"


def test_what_was_left_to_pay_may_already_be_paid(client, sellers):
    honey, jar, comb, tea, _tea_pack = sellers
    order = _order(client, sellers, method="cod")
    tea_source = order.sources.get(partner=tea.partner)
    payment_services.source_received_confirm(source_id=tea_source.pk, by=None)
    payment_services.order_lines_cancel(
        order=order, line_ids=[order.lines.get(product=jar).pk, order.lines.get(product=comb).pk],
        by=None, partner=honey.partner,
    )  # fmt: skip
    order.refresh_from_db()
    assert order.status == "Paid"  # the tea, all that is left, was paid


def test_a_transfer_received_before_the_cancel_becomes_a_refund_the_producer_records(
    client, sellers
):
    honey, _jar, comb, tea, _tea_pack = sellers
    order = _order(client, sellers)
    honey_source = order.sources.get(partner=honey.partner)
    payment_services.source_received_confirm(source_id=honey_source.pk, by=None)
    _producer_login(client, honey, "mai@example.com")
    _cancel_in_portal(client, order, [order.lines.get(product=comb)])

    honey_source.refresh_from_db()
    assert honey_source.amount_allocated == Decimal(182000)
    assert honey_source.refund_due == Decimal(100000)
    assert "100.000" in order.notes.get().message
    portal_page = client.get(reverse("portal:order", kwargs={"number": order.number}))
    assert "hãy hoàn lại 100.000" in portal_page.content.decode()

    staff = User.objects.create_user(email="staff@example.com", password="x" * 12, is_staff=True)
    staff_client = client.__class__()
    staff_client.force_login(staff)
    payments_page = staff_client.get(
        reverse("payments:order", kwargs={"order_number": order.number})
    )
    assert "Cần hoàn tiền" in payments_page.content.decode()

    response = client.post(reverse("portal:refund_given", kwargs={"number": order.number}))
    assert response.status_code == 302
    honey_source.refresh_from_db()
    assert honey_source.amount_refunded == Decimal(100000) and honey_source.refund_due == 0
    assert order.payment_events.get(event_type__name="Refunded").amount == Decimal(100000)
    # The tea producer has nothing to give back and cannot record anything for the honey.
    tea_source = order.sources.get(partner=tea.partner)
    with pytest.raises(payment_services.PermissionDenied):
        payment_services.source_refund_due_record(
            source_id=honey_source.pk, by=None, partner=tea.partner
        )
    assert tea_source.amount_refunded == 0


def test_a_paid_order_with_every_line_cancelled_is_refunded_once_the_money_is_back(client, sellers):
    honey, jar, comb, tea, tea_pack = sellers
    order = _order(client, sellers, method="cod")
    for source in order.sources.all():
        payment_services.source_received_confirm(source_id=source.pk, by=None)
    order.refresh_from_db()
    assert order.status == "Paid"
    payment_services.order_lines_cancel(
        order=order, line_ids=order.lines.values_list("pk", flat=True), by=None
    )
    order.refresh_from_db()
    assert order.status == "Paid"  # the producers still hold the money
    due = {source.partner_id: source.refund_due for source in order.sources.all()}
    assert due == {honey.partner_id: Decimal(282000), tea.partner_id: Decimal(90000)}
    for source in order.sources.all():
        payment_services.source_refund_due_record(source_id=source.pk, by=None)
    order.refresh_from_db()
    assert order.status == "Refunded"


def test_only_waiting_lines_of_ones_own_can_be_cancelled(client, sellers):
    honey, jar, _comb, tea, _tea_pack = sellers
    order = _order(client, sellers)
    tea_line = order.lines.get(partner=tea.partner)
    with pytest.raises(payment_services.PermissionDenied):
        payment_services.order_lines_cancel(
            order=order, line_ids=[tea_line.pk], by=None, partner=honey.partner
        )
    from producers.fulfilment import order_lines_dispatch

    jar_line = order.lines.get(product=jar)
    order_lines_dispatch(producer=honey, lines=[jar_line], by=None)
    with pytest.raises(payment_services.ValidationError):
        payment_services.order_lines_cancel(order=order, line_ids=[jar_line.pk], by=None)
    assert _owed(order)[honey.partner_id] == Decimal(282000)


def test_a_line_cancelled_on_a_card_order_is_refunded_to_the_card(
    client, sellers, stripe, settings
):
    honey, _jar, comb, tea, _tea_pack = sellers
    order = _order(client, sellers, method="card")
    card_paid_on_localstripe(client, order, settings)
    _producer_login(client, honey, "mai@example.com")
    _cancel_in_portal(client, order, [order.lines.get(product=comb)])

    order.refresh_from_db()
    source = order.sources.get()
    assert order.total_incl_tax == Decimal(272000)
    assert source.amount_allocated == Decimal(272000)
    assert source.amount_refunded == Decimal(100000) and source.refund_due == 0
    refund = order.payment_events.get(event_type__name="Refunded")
    assert refund.amount == Decimal(100000) and refund.reference.startswith("re_")
    # localstripe has the refund, against this order's payment.
    stripe_refund = stripe_gateway.client().v1.refunds.retrieve(refund.reference)
    assert stripe_refund.amount == 100000 and stripe_refund.payment_intent == source.reference
    assert order.status == "Paid"

    # The tea producer cannot supply either, then the honey: everything is back on the card.
    client.logout()
    _producer_login(client, tea, "chi@example.com")
    _cancel_in_portal(client, order, [order.lines.get(partner=tea.partner)])
    payment_services.order_lines_cancel(
        order=order, line_ids=order.lines.filter(status="Pending").values_list("pk", flat=True),
        by=None,
    )  # fmt: skip
    order.refresh_from_db()
    source.refresh_from_db()
    assert source.amount_refunded == Decimal(372000)
    assert order.status == "Refunded"


def test_when_the_card_refund_fails_nothing_is_cancelled(client, sellers, stripe, settings):
    honey, _jar, comb, _tea, _tea_pack = sellers
    order = _order(client, sellers, method="card")
    card_paid_on_localstripe(client, order, settings)
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"  # Stripe cannot be reached
    comb_line = order.lines.get(product=comb)
    with pytest.raises(payment_services.ValidationError):
        payment_services.order_lines_cancel(
            order=order, line_ids=[comb_line.pk], by=None, partner=honey.partner
        )
    comb_line.refresh_from_db()
    order.refresh_from_db()
    assert comb_line.status == "Pending"
    assert order.total_incl_tax == Decimal(372000)
    assert order.sources.get().amount_refunded == 0
