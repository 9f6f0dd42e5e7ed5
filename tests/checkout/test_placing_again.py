"""Placing an order exactly once per basket, in whole đồng; a basket that goes back to the
buyer is a new basket (its id is the next order number); orders from before the payment
method was recorded still show."""

from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import User
from marketplace.basket.models import Basket
from marketplace.checkout import services as checkout_services
from marketplace.checkout import views as checkout_views
from marketplace.checkout.services import OrderAlreadyPlaced, basket_checkout
from marketplace.order.models import Order
from marketplace.partner.strategy import Selector
from marketplace.payment.models import Source, Transaction
from marketplace.payment.vietqr_blocks import order_transfer_blocks
from tests.checkout.helpers import (
    ADDRESS,
    basket_add,
    checkout_to_preview,
    make_seller,
    place_order,
)

pytestmark = pytest.mark.django_db


def _basket(product, quantity=1, owner=None):
    basket = Basket.objects.create(owner=owner)
    basket.strategy = Selector().strategy()
    basket.add_product(product, quantity)
    return basket


def test_placing_the_same_basket_twice_is_refused_not_a_second_order():
    _producer, product = make_seller(name="HTX Mật ong Bắc Hà")
    basket = _basket(product)
    stale = Basket.objects.get(pk=basket.pk)  # what a second click's request still holds
    stale.strategy = Selector().strategy()
    order = basket_checkout(basket=basket, address=ADDRESS, payment_method_code="cod",
                            guest_email="lan@example.com")  # fmt: skip
    with pytest.raises(OrderAlreadyPlaced) as placed:
        basket_checkout(basket=stale, address=ADDRESS, payment_method_code="cod",
                        guest_email="lan@example.com")  # fmt: skip
    assert placed.value.order == order
    assert Order.objects.count() == 1
    assert product.stockrecords.get().num_allocated == 1


def test_a_double_click_on_place_order_leads_to_the_order_not_an_error(client, monkeypatch):
    producer, product = make_seller(name="HTX Mật ong Bắc Hà")
    basket_add(client, product, 2)
    checkout_to_preview(client, method="card", options={producer: "pickup"})
    real_order_place = checkout_views.order_place

    def first_click_wins(**kwargs):
        # The first click's request places the basket while this one is on its way.
        first = Basket.objects.get(pk=kwargs["basket"].pk)
        first.strategy = Selector().strategy()
        real_order_place(**{**kwargs, "basket": first})
        return real_order_place(**kwargs)

    monkeypatch.setattr(checkout_views, "order_place", first_click_wins)
    response = place_order(client)
    order = Order.objects.get()
    assert response.status_code == 302
    assert response.url == reverse(
        "checkout:order-status",
        kwargs={"order_number": order.number, "hash": order.verification_hash()},
    )
    page = client.get(response.url).content.decode()
    assert "Đơn hàng này đã được đặt rồi." in page
    assert product.stockrecords.get().num_allocated == 2  # held once


def test_a_line_sold_out_at_the_locked_check_is_named_and_nothing_is_placed(client, monkeypatch):
    """Oscar's own check passes, then someone buys the last units just before the lock."""
    honey, honey_product = make_seller(name="HTX Mật ong Bắc Hà", stock=3)
    tea, tea_product = make_seller(name="HTX Chè Tả Phìn", district="Thị xã Sa Pa")
    basket_add(client, honey_product, 2)
    basket_add(client, tea_product, 1)
    checkout_to_preview(client, method="card", options={honey: "pickup", tea: "pickup"})
    real_lock = checkout_services.basket_stock_lock

    def another_buyer_first(basket):
        honey_product.stockrecords.get().allocate(2)
        real_lock(basket)

    monkeypatch.setattr(checkout_services, "basket_stock_lock", another_buyer_first)
    response = place_order(client)
    assert response.status_code == 200  # the preview again, with the reason
    page = response.content.decode()
    assert "Rất tiếc" in page and honey_product.get_title() in page
    assert tea_product.get_title() not in page.split("Rất tiếc")[1][:300]
    assert Order.objects.count() == 0
    assert not Source.objects.exists() and not Transaction.objects.exists()  # nothing charged
    basket = Basket.objects.get()
    assert basket.status == Basket.OPEN and basket.num_items == 3


def _fractional_post_rates():
    from marketplace.shipping.models import WeightBand

    # Staff typed rates with decimals: 500 g → 25.000,5 ₫; 1 kg → 32.000,5 ₫.
    WeightBand.objects.filter(upper_limit=Decimal("0.5")).update(charge=Decimal("25000.50"))
    WeightBand.objects.filter(upper_limit=Decimal("1")).update(charge=Decimal("32000.50"))


def test_fractional_shipping_rates_are_rounded_to_whole_dong_at_placement(client):
    _fractional_post_rates()
    honey, honey_product = make_seller(name="HTX Mật ong Bắc Hà", price=150000, weight_grams=700)
    tea, tea_product = make_seller(name="HTX Chè Tả Phìn", district="Thị xã Sa Pa",
                                   price=90000, weight_grams=400)  # fmt: skip
    basket_add(client, honey_product, 1)
    basket_add(client, tea_product, 1)
    checkout_to_preview(client, options={honey: "national-post", tea: "national-post"})
    assert place_order(client).status_code == 302
    order = Order.objects.get()

    charges = {group.partner_id: group.charge for group in order.shipping_groups.all()}
    assert charges == {honey.partner_id: Decimal(32001), tea.partner_id: Decimal(25001)}
    # The order's shipping is what the producers charge, and everything is whole đồng.
    assert order.shipping_incl_tax == Decimal(57002) == order.shipping_excl_tax
    assert order.total_incl_tax == Decimal(150000 + 90000 + 57002) == order.total_excl_tax
    amounts = [source.amount_allocated for source in order.sources.order_by("pk")]
    assert amounts == [Decimal(182001), Decimal(115001)]
    assert sum(amounts) == order.total_incl_tax
    assert [block.amount for block in order_transfer_blocks(order)] == [182001, 115001]


def test_a_card_order_with_a_fractional_rate_is_charged_in_whole_dong(client, stripe):
    from marketplace.payment import stripe_gateway

    _fractional_post_rates()
    honey, honey_product = make_seller(name="HTX Mật ong Bắc Hà", price=150000, weight_grams=400)
    basket_add(client, honey_product, 1)
    checkout_to_preview(client, method="card", options={honey: "national-post"})
    assert place_order(client).status_code == 302
    order = Order.objects.get()
    assert order.total_incl_tax == Decimal(175001)
    intent = stripe_gateway.intent_create(source=order.sources.get())
    assert intent.amount == 175001


def test_released_order_lines_go_to_a_new_basket_of_the_owner_and_check_out_again(stripe):
    import datetime

    from django.core.management import call_command
    from django.utils import timezone

    buyer = User.objects.create_user(email="lan@example.com", password="x" * 12)
    _producer, product = make_seller(name="HTX Mật ong Bắc Hà")
    basket = _basket(product, 2, owner=buyer)
    first = basket_checkout(basket=basket, address=ADDRESS, payment_method_code="card", user=buyer)
    Order.objects.filter(pk=first.pk).update(
        date_placed=timezone.now() - datetime.timedelta(minutes=31)
    )
    call_command("release_unpaid_card_orders", "--minutes", "30", verbosity=0)

    old = Basket.objects.get(pk=first.basket_id)
    assert old.status == Basket.MERGED  # never open again: its id is the first order's number
    reopened = Basket.open.get(owner=buyer)
    assert reopened.pk != old.pk
    assert [(line.product, line.quantity) for line in reopened.lines.all()] == [(product, 2)]
    reopened.strategy = Selector().strategy()
    second = basket_checkout(
        basket=reopened, address=ADDRESS, payment_method_code="card", user=buyer
    )
    assert second.number != first.number
    assert product.stockrecords.get().num_allocated == 2


def test_orders_from_before_the_payment_method_was_recorded_still_show(client):
    honey, honey_product = make_seller(name="HTX Mật ong Bắc Hà")
    basket_add(client, honey_product, 1)
    checkout_to_preview(client, method="cod", options={honey: "pickup"})
    place_order(client)
    order = Order.objects.get()
    Order.objects.filter(pk=order.pk).update(payment_method="")

    status_url = reverse(
        "checkout:order-status",
        kwargs={"order_number": order.number, "hash": order.verification_hash()},
    )
    page = client.get(status_url)
    assert page.status_code == 200
    assert "Cách thanh toán: —" in page.content.decode()

    staff = User.objects.create_user(email="staff@example.com", password="x", is_staff=True)
    client.force_login(staff)
    url = reverse("payments:order", kwargs={"order_number": order.number})
    page = client.get(url)
    assert page.status_code == 200
    assert "Cách thanh toán: —" in page.content.decode()
    source = order.sources.get()
    response = client.post(url, {"confirm": source.pk}, follow=True)
    assert response.status_code == 200
    assert "Chúng tôi không biết đơn này được thanh toán bằng cách nào" in (
        response.content.decode()
    )
    source.refresh_from_db()
    assert source.amount_debited == 0
