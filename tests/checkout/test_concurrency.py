"""Buyers racing for the last units: row locks on PostgreSQL keep every unit sold once."""

import threading

import pytest
from django.db import connection, connections

from marketplace.basket.models import Basket
from marketplace.checkout.services import LinesSoldOut, basket_checkout
from marketplace.order.models import Order
from marketplace.partner.strategy import Selector
from marketplace.payment.models import Transaction
from tests.checkout.helpers import make_seller

ADDRESS = {
    "first_name": "Người mua",
    "phone_number": "+84987654321",
    "line1": "12 Hàng Bạc",
    "line2": "Phường Hàng Bạc",
    "line3": "Hoàn Kiếm",
    "line4": "Hà Nội",
}


def race(*, product, buyers: int) -> tuple[list, list]:
    """`buyers` threads, each with its own basket and connection, place an order at once."""
    baskets = []
    for _ in range(buyers):
        basket = Basket.objects.create()
        basket.strategy = Selector().strategy()
        basket.add_product(product, 1)
        baskets.append(basket)
    start = threading.Barrier(buyers)
    placed, refused = [], []

    def buy(basket):
        try:
            start.wait()
            placed.append(
                basket_checkout(
                    basket=basket,
                    address=ADDRESS,
                    payment_method_code="card",
                    guest_email="mua@example.com",
                )
            )
        except LinesSoldOut as sold_out:
            refused.append(sold_out)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=buy, args=(basket,)) for basket in baskets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return placed, refused


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_buyers_racing_for_the_last_units_get_exactly_those_units():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (SQLite runs one writer at a time)")
    stock, buyers = 3, 12
    _producer, product = make_seller(name="HTX Mận Bắc Hà", stock=stock, post=False)

    placed, refused = race(product=product, buyers=buyers)

    assert len(placed) == stock
    assert len(refused) == buyers - stock
    assert Order.objects.count() == stock
    record = product.stockrecords.get()
    assert record.num_allocated == stock  # never more than was in stock
    assert record.net_stock_level == 0
    # The losers were told which line, and no card payment was ever started for them.
    assert all(product.get_title() in str(error.message) for error in refused)
    assert not Transaction.objects.exists()
    assert Basket.objects.filter(status=Basket.OPEN).count() == buyers - stock
