"""Staff's order dashboard: an order's status follows its money, so no form sets it directly;
a line cancelled there goes through the same service as in the producer portal."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.models import User
from marketplace.order.models import Order
from marketplace.payment.methods import payment_method_get
from tests.checkout.helpers import basket_add, checkout_to_preview, make_seller, place_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def bank_order(client):
    honey, honey_product = make_seller(name="HTX Mật ong Bắc Hà")
    tea, tea_product = make_seller(name="HTX Chè Tả Phìn", price=90000)
    basket_add(client, honey_product, 2)
    basket_add(client, tea_product, 1)
    checkout_to_preview(client, options={honey: "pickup", tea: "pickup"})
    place_order(client)
    client.logout()
    return Order.objects.get(), honey, tea


@pytest.fixture
def staff_client(client, bank_order):  # signed in once the buyer has placed the order
    staff = User.objects.create_user(email="staff@example.com", password="x" * 12, is_staff=True)
    staff.groups.add(Group.objects.get(name="All Oscar Dashboard Permissions"))
    client.force_login(staff)
    return client


def _unchanged(order):
    order.refresh_from_db()
    assert order.status == "Awaiting payment"
    assert not order.status_changes.exists()
    assert not order.payment_events.exists()
    assert all(source.amount_debited == 0 for source in order.sources.all())


def test_staff_cannot_set_an_order_paid_from_the_order_page(staff_client, bank_order):
    order, _honey, _tea = bank_order
    url = reverse("dashboard:order-detail", kwargs={"number": order.number})
    page = staff_client.get(url).content.decode()
    assert 'name="new_status"' not in page.split('id="order_status_form"')[1]
    assert reverse("payments:order", kwargs={"order_number": order.number}) in page

    for status in ("Paid", "Cancelled"):
        response = staff_client.post(
            url, {"order_action": "change_order_status", "new_status": status}, follow=True
        )
        assert response.status_code == 200
        assert "trang thanh toán" in response.content.decode()  # the way to do it instead
        _unchanged(order)


def test_staff_cannot_set_orders_paid_in_bulk_or_record_payment_events(staff_client, bank_order):
    order, _honey, _tea = bank_order
    staff_client.post(
        reverse("dashboard:order-list"),
        {"action": "change_order_statuses", "new_status": "Paid", "selected_order": [order.pk]},
    )
    url = reverse("dashboard:order-detail", kwargs={"number": order.number})
    staff_client.post(
        url,
        {"order_action": "create_order_payment_event", "payment_event_type": "paid",
         "amount": "390000"},
    )  # fmt: skip
    line = order.lines.first()
    staff_client.post(
        url,
        {"line_action": "create_payment_event", "selected_line": [line.pk],
         f"selected_line_qty_{line.pk}": "1", "payment_event_type": "paid", "amount": "1"},
    )  # fmt: skip
    _unchanged(order)


def test_a_line_cancelled_by_staff_lowers_what_the_buyer_owes(staff_client, bank_order):
    order, honey, tea = bank_order
    tea_line = order.lines.get(partner=tea.partner)
    url = reverse("dashboard:order-detail", kwargs={"number": order.number})
    response = staff_client.post(
        url,
        {"line_action": "change_line_statuses", "selected_line": [tea_line.pk],
         f"selected_line_qty_{tea_line.pk}": "1", "new_status": "Cancelled"},
    )  # fmt: skip
    assert response.status_code == 302
    tea_line.refresh_from_db()
    assert tea_line.status == "Cancelled"
    tea_line.stockrecord.refresh_from_db()
    assert tea_line.stockrecord.num_allocated == 0
    owed = {source.partner_id: source.amount_allocated for source in order.sources.all()}
    assert owed == {honey.partner_id: Decimal(300000), tea.partner_id: Decimal(0)}
    order.refresh_from_db()
    assert order.total_incl_tax == Decimal(300000)

    # Back to waiting is no move at all.
    staff_client.post(
        url,
        {"line_action": "change_line_statuses", "selected_line": [tea_line.pk],
         f"selected_line_qty_{tea_line.pk}": "1", "new_status": "Pending"},
    )  # fmt: skip
    tea_line.refresh_from_db()
    assert tea_line.status == "Cancelled"


def test_a_line_sent_by_staff_leaves_the_stock_as_in_the_portal(staff_client, bank_order):
    order, honey, _tea = bank_order
    honey_line = order.lines.get(partner=honey.partner)
    url = reverse("dashboard:order-detail", kwargs={"number": order.number})
    staff_client.post(
        url,
        {"line_action": "change_line_statuses", "selected_line": [honey_line.pk],
         f"selected_line_qty_{honey_line.pk}": "2", "new_status": "Dispatched"},
    )  # fmt: skip
    honey_line.refresh_from_db()
    assert honey_line.status == "Dispatched"
    honey_line.stockrecord.refresh_from_db()
    assert honey_line.stockrecord.num_allocated == 0
    assert honey_line.stockrecord.num_in_stock == 8


def test_the_order_page_names_the_way_the_buyer_chose_to_pay(staff_client, bank_order):
    order, _honey, _tea = bank_order
    method = payment_method_get(order.payment_method)
    url = reverse("dashboard:order-detail", kwargs={"number": order.number})
    page = staff_client.get(url).content.decode()
    assert f"Cách thanh toán: {method.name}" in " ".join(page.split())
