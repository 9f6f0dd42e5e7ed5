"""A producer sees what has been paid: the portal's order list and sales figures keep paid,
awaiting payment and cancelled apart, with their amounts."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import User
from marketplace.basket.models import Basket
from marketplace.checkout.services import basket_checkout
from marketplace.partner.strategy import Selector
from marketplace.payment import services as payment_services
from producers import fulfilment, selectors
from tests.checkout.helpers import ADDRESS, make_seller

pytestmark = pytest.mark.django_db


def _order(product, quantity, method):
    basket = Basket.objects.create()
    basket.strategy = Selector().strategy()
    basket.add_product(product, quantity)
    return basket_checkout(basket=basket, address=ADDRESS, payment_method_code=method,
                           guest_email="lan@example.com")  # fmt: skip


@pytest.fixture
def three_orders():
    """Pickup (free), 150.000 ₫ a jar: one paid (transfer received), one awaiting its
    transfer, one cash-on-delivery order the producer cannot supply."""
    honey, jar = make_seller(name="HTX Mật ong Bắc Hà", price=150000)
    paid = _order(jar, 1, "bank-transfer")
    payment_services.source_received_confirm(
        source_id=paid.sources.get().pk, by=None, partner=honey.partner
    )
    awaiting = _order(jar, 2, "bank-transfer")
    cancelled = _order(jar, 3, "cod")
    fulfilment.order_lines_cancel(producer=honey, lines=list(cancelled.lines.all()), by=None)
    return honey, paid, awaiting, cancelled


def test_the_sales_summary_counts_only_paid_orders_as_revenue(three_orders):
    honey, paid, awaiting, cancelled = three_orders
    this_month, _last_month = selectors.producer_sales_summary(producer=honey)
    assert (this_month.paid.orders, this_month.paid.amount) == (1, Decimal(150000))
    assert (this_month.awaiting.orders, this_month.awaiting.amount) == (1, Decimal(300000))
    assert (this_month.cancelled.orders, this_month.cancelled.amount) == (1, Decimal(450000))
    assert this_month.revenue == Decimal(150000)
    assert this_month.orders == 2  # the cancelled one does not stand
    assert this_month.best_sellers[0]["quantity"] == 3  # 1 paid + 2 awaiting, not the 3 cancelled


def test_the_portal_home_shows_paid_awaiting_and_cancelled_apart(client, three_orders):
    honey, *_orders = three_orders
    user = User.objects.create_user(email="mai@example.com", password="x")
    honey.partner.users.add(user)
    client.force_login(user)
    page = client.get(reverse("portal:home")).content.decode()
    rows = dict(re.findall(r'cp-sales__row--(\w+)">.*?<dd>(.*?)</dd>', page, re.S)[:3])
    assert "150.000" in rows["paid"]
    assert "300.000" in rows["awaiting"]
    assert "450.000" in rows["cancelled"]


def test_the_order_list_shows_each_orders_amount_and_payment_state(client, three_orders):
    honey, paid, awaiting, cancelled = three_orders
    user = User.objects.create_user(email="mai@example.com", password="x")
    honey.partner.users.add(user)
    client.force_login(user)
    page = client.get(reverse("portal:orders")).content.decode()
    items = {
        number: item
        for item in re.findall(r"<li>.*?</li>", page, re.S)
        for number in [paid.number, awaiting.number, cancelled.number]
        if f"{number}</strong>" in item
    }
    assert "Đã thanh toán" in items[paid.number] and "150.000" in items[paid.number]
    assert "Chờ thanh toán" in items[awaiting.number] and "300.000" in items[awaiting.number]
    assert "Đã hủy" in items[cancelled.number] and "450.000" in items[cancelled.number]
    assert "Chuyển khoản" in items[awaiting.number]  # how the buyer pays
