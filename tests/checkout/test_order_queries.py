"""Placing an order costs a fixed number of reads; only the per-line writes grow with lines."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from marketplace.basket.models import Basket
from marketplace.checkout.services import basket_checkout
from marketplace.partner.strategy import Selector
from tests.checkout.helpers import ADDRESS, make_seller
from tests.factories.marketplace import make_product

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE")


def _queries_to_place(products) -> list[str]:
    basket = Basket.objects.create()
    basket.strategy = Selector().strategy()
    for product in products:
        basket.add_product(product, 1)
    basket = Basket.objects.get(pk=basket.pk)  # as checkout finds it: nothing cached
    basket.strategy = Selector().strategy()
    with CaptureQueriesContext(connection) as queries:
        basket_checkout(
            basket=basket, address=ADDRESS, payment_method_code="cod", guest_email="a@b.vn"
        )
    return [query["sql"] for query in queries]


def _reads(sqls):
    return [sql for sql in sqls if not sql.lstrip().upper().startswith(WRITES)]


def _writes(sqls):
    return [sql for sql in sqls if sql.lstrip().upper().startswith(WRITES)]


def test_queries_to_place_an_order_grow_only_by_the_per_line_writes():
    honey, first = make_seller(name="HTX Mật ong Bắc Hà")
    _tea, tea = make_seller(name="HTX Chè Tả Phìn")
    others = [make_product(partner=honey.partner) for _ in range(9)]
    # Each product bought once before, so Oscar's analytics counts update rather than insert.
    for product in [first, tea, *others]:
        _queries_to_place([product])

    two_lines = _queries_to_place([first, tea])
    eleven_lines = _queries_to_place([first, tea, *others])

    # 23: one is the basket's row lock (a basket is placed once); two are the address's
    # commune (with its province) and the area the producers deliver locally to.
    assert len(_reads(two_lines)) == len(_reads(eleven_lines)) <= 23
    # Per line: the order line, its price, the stock allocation, Oscar's purchase count.
    assert len(_writes(eleven_lines)) - len(_writes(two_lines)) == 9 * 4
    assert len(two_lines) <= 40
