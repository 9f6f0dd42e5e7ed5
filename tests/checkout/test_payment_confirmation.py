"""Who may confirm money arrived or refund it: the producer for their own part, staff for any."""

from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import User
from marketplace.order.models import Order
from tests.checkout.helpers import basket_add, checkout_to_preview, make_seller, place_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def bank_order(client):
    honey, honey_product = make_seller(name="HTX Mật ong Bắc Hà")
    tea, tea_product = make_seller(name="HTX Chè Tả Phìn", price=90000)
    basket_add(client, honey_product, 1)
    basket_add(client, tea_product, 1)
    checkout_to_preview(client, options={honey: "pickup", tea: "pickup"})
    place_order(client)
    client.logout()
    return Order.objects.get(), honey, tea


def _producer_user(producer, email):
    user = User.objects.create_user(email=email, password="a-long-password-1")
    producer.partner.users.add(user)
    return user


def test_a_producer_confirms_only_their_own_part_in_the_portal(client, bank_order):
    order, honey, tea = bank_order
    client.force_login(_producer_user(honey, "mai@example.com"))
    page = client.get(reverse("portal:order", kwargs={"number": order.number}))
    assert "150.000" in page.content.decode()

    response = client.post(reverse("portal:payment_received", kwargs={"number": order.number}))
    assert response.status_code == 302
    received = {source.partner_id: source.amount_debited for source in order.sources.all()}
    assert received == {honey.partner_id: Decimal(150000), tea.partner_id: Decimal(0)}
    order.refresh_from_db()
    assert order.status == "Awaiting payment"


def test_a_producer_cannot_reach_an_order_without_their_lines(client, bank_order):
    order, _honey, _tea = bank_order
    stranger, _product = make_seller(name="Hộ Lò Văn Sáng")
    client.force_login(_producer_user(stranger, "sang@example.com"))
    url = reverse("portal:payment_received", kwargs={"number": order.number})
    assert client.post(url).status_code == 404
    assert all(source.amount_debited == 0 for source in order.sources.all())


def test_staff_confirm_and_refund_on_the_payments_page(client, bank_order):
    order, honey, tea = bank_order
    staff = User.objects.create_user(email="staff@example.com", password="x" * 12, is_staff=True)
    client.force_login(staff)
    url = reverse("payments:order", kwargs={"order_number": order.number})
    assert client.get(url).status_code == 200
    for source in order.sources.all():
        client.post(url, {"confirm": source.pk})
    order.refresh_from_db()
    assert order.status == "Paid"

    tea_source = order.sources.get(partner=tea.partner)
    too_much = client.post(
        url,
        {"refund": tea_source.pk, f"refund-{tea_source.pk}-source": tea_source.pk,
         f"refund-{tea_source.pk}-amount": "90001"},
        follow=True,
    )  # fmt: skip
    assert "90.000" in too_much.content.decode()  # the most that can be refunded
    client.post(
        url,
        {"refund": tea_source.pk, f"refund-{tea_source.pk}-source": tea_source.pk,
         f"refund-{tea_source.pk}-amount": "40000"},
    )  # fmt: skip
    tea_source.refresh_from_db()
    assert tea_source.amount_refunded == Decimal(40000)


def test_buyers_and_producers_cannot_open_the_payments_page(client, bank_order):
    order, honey, _tea = bank_order
    client.force_login(_producer_user(honey, "mai@example.com"))
    url = reverse("payments:order", kwargs={"order_number": order.number})
    response = client.get(url)
    assert response.status_code == 302 and "login" in response.url
    source = order.sources.first()
    client.post(url, {"confirm": source.pk})
    source.refresh_from_db()
    assert source.amount_debited == 0
