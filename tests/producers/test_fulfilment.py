"""A producer sees and ships only its own lines of an order; the buyer is told."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from producers import selectors
from tests.factories.marketplace import make_product
from tests.factories.orders import make_order
from tests.factories.producers import make_producer

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_producers_order():
    honey = make_producer(name="Hộ mật ong")
    tea = make_producer(name="HTX chè")
    honey_jar = make_product(partner=honey.partner, title="Mật ong – chai 500ml", price=250000)
    tea_pack = make_product(partner=tea.partner, title="Chè búp – gói 200g", price=180000)
    order = make_order(items=[(honey_jar, 2), (tea_pack, 1)])
    return honey, tea, order


def _login(client, producer, email):
    user = User.objects.create_user(email=email, password="x")
    producer.partner.users.add(user)
    client.force_login(user)
    return user


def test_order_page_shows_only_my_lines_and_the_delivery_details(client, two_producers_order):
    honey, _tea, order = two_producers_order
    _login(client, honey, "honey@example.com")
    html = client.get(reverse("portal:order", kwargs={"number": order.number})).content.decode()
    assert "Mật ong – chai 500ml" in html
    assert "Chè búp" not in html and "180.000" not in html
    assert "+84987654321" in html and "12 Hàng Bạc" in html
    assert "lan@example.com" not in html  # only what is needed to ship


def test_dispatching_my_lines_records_tracking_and_tells_the_buyer(
    client, two_producers_order, django_capture_on_commit_callbacks
):
    honey, _tea, order = two_producers_order
    _login(client, honey, "honey@example.com")
    line = order.lines.get(partner=honey.partner)
    url = reverse("portal:order", kwargs={"number": order.number})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"action": "dispatch", "lines": [line.pk], "tracking_number": "VNP123456"}
        )
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.status == "Dispatched"
    assert order.shipping_events.get().notes == "VNP123456"
    assert mail.outbox[0].to == ["lan@example.com"]
    assert order.lines.exclude(pk=line.pk).get().status == "Pending"
    line.stockrecord.refresh_from_db()
    assert line.stockrecord.num_allocated == 0  # the sent units left the stock for good
    assert line.stockrecord.num_in_stock == 8


def test_cancelling_my_line_returns_the_stock(client, two_producers_order):
    honey, _tea, order = two_producers_order
    _login(client, honey, "honey@example.com")
    line = order.lines.get(partner=honey.partner)
    allocated = line.stockrecord.num_allocated
    url = reverse("portal:order", kwargs={"number": order.number})
    client.post(url, {"action": "cancel", "lines": [line.pk]})
    line.refresh_from_db()
    line.stockrecord.refresh_from_db()
    assert line.status == "Cancelled"
    assert line.stockrecord.num_allocated == allocated - 2


def test_another_producers_line_cannot_be_touched(client, two_producers_order):
    honey, tea, order = two_producers_order
    _login(client, honey, "honey@example.com")
    tea_line = order.lines.get(partner=tea.partner)
    url = reverse("portal:order", kwargs={"number": order.number})
    response = client.post(url, {"action": "dispatch", "lines": [tea_line.pk]})
    assert response.status_code == 200  # not one of my choices: the form refuses it
    tea_line.refresh_from_db()
    assert tea_line.status == "Pending"


def test_an_order_without_my_lines_is_not_found(client, two_producers_order):
    _honey, _tea, order = two_producers_order
    stranger = make_producer(name="Hộ khác")
    _login(client, stranger, "other@example.com")
    assert client.get(reverse("portal:order", kwargs={"number": order.number})).status_code == 404
    assert str(order.number) not in client.get(reverse("portal:orders")).content.decode()


def test_producers_have_no_way_into_the_oscar_dashboards_orders(client, two_producers_order):
    honey, _tea, order = two_producers_order
    _login(client, honey, "honey@example.com")
    for url in ("/dashboard/orders/", f"/dashboard/orders/{order.number}/"):
        assert client.get(url).status_code in (302, 403)


def test_sales_summary_counts_my_lines_this_month(two_producers_order):
    honey, _tea, order = two_producers_order
    this_month, last_month = selectors.producer_sales_summary(producer=honey)
    assert this_month.orders == 1
    # Not paid yet: awaiting payment, not revenue (tests/producers/test_payment_state.py).
    assert (this_month.awaiting.orders, this_month.awaiting.amount) == (1, 500000)
    assert this_month.revenue == 0
    assert this_month.best_sellers == [{"title": "Mật ong – chai 500ml", "quantity": 2}]
    assert last_month.orders == 0


def test_sales_summary_puts_an_older_order_in_last_month(two_producers_order):
    honey, _tea, order = two_producers_order
    placed = timezone.localtime(order.date_placed)
    order.date_placed = placed.replace(day=1) - datetime.timedelta(days=3)
    order.save()
    this_month, last_month = selectors.producer_sales_summary(producer=honey)
    assert (this_month.orders, last_month.orders) == (0, 1)
