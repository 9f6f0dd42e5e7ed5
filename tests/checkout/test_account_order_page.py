"""The order's page in the buyer's account (marketplace.customer.views.OrderDetailView): what
the signed link's page shows, in Vietnamese and phone-sized, plus the street and phone of the
delivery, which the signed link leaves out in case it is passed on."""

import pytest
from django.urls import reverse

from accounts.models import User
from marketplace.order.models import Order
from marketplace.order.selectors import order_status_path
from tests.checkout.helpers import basket_add, checkout_to_preview, make_seller, place_order

pytestmark = pytest.mark.django_db


def test_the_buyers_own_page_shows_the_delivery_street_and_phone_the_link_leaves_out(client):
    honey, honey_product = make_seller(name="HTX Mật ong Bắc Hà")
    basket_add(client, honey_product, 1)
    checkout_to_preview(client, options={honey: "national-post"})
    place_order(client)
    order = Order.objects.get()
    buyer = User.objects.create_user(email="lan@example.com", password="x" * 12)
    Order.objects.filter(pk=order.pk).update(user=buyer)

    shared = client.get(order_status_path(order)).content.decode()
    client.force_login(buyer)
    own = client.get(reverse("customer:order", kwargs={"order_number": order.number}))

    assert own.status_code == 200
    page = own.content.decode()
    for shown in ("Nguyễn Thị Lan", "HTX Mật ong Bắc Hà", "<strong>Chờ thanh toán</strong>"):
        assert shown in page and shown in shared
    assert "12 Hàng Bạc" in page and "+84987654321" in page
    assert "12 Hàng Bạc" not in shared and "+84987654321" not in shared
    # Still waiting for the money: the transfer details are there, and no "buy again" yet.
    assert f"CP{order.number} 1" in page
    assert "Mua lại các sản phẩm này" not in page
