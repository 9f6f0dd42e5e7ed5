"""The portal's pages cost the same number of SQL queries with 5 products or 50."""

import pytest
from django.urls import reverse

from accounts.models import User
from tests.factories.marketplace import make_category, make_product
from tests.factories.orders import make_order
from tests.factories.producers import make_producer

pytestmark = pytest.mark.django_db


def _producer_with(count):
    producer = make_producer()
    category = make_category()
    products = [
        make_product(partner=producer.partner, category=category, title=f"Chè số {n}")
        for n in range(count)
    ]
    return producer, products


def _queries(client, django_assert_max_num_queries, url, limit):
    client.get(url)  # the first visit also creates the session's basket
    with django_assert_max_num_queries(limit) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("url_name", ["portal:home", "portal:orders"])
def test_portal_page_queries_do_not_grow_with_products_and_orders(
    client, django_assert_max_num_queries, url_name
):
    counts = []
    for size in (5, 50):
        producer, products = _producer_with(size)
        for product in products[: size // 5]:
            make_order(items=[(product, 1)])
        user = User.objects.create_user(email=f"p{size}@example.com", password="x")
        producer.partner.users.add(user)
        client.force_login(user)
        # The home page also lists the latest lots with their QR scans (one query)
        counts.append(_queries(client, django_assert_max_num_queries, reverse(url_name), 15))
    assert counts[0] == counts[1]
