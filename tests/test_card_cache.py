"""Product cards cached per product (marketplace/templatetags/card_cache.py): a listing rendered
without the full-page cache (a signed-in visitor, a basket) reuses each card's HTML, yet a
price or stock change shows on the next render and each visitor gets their own CSRF token."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from marketplace import services
from tests.factories.marketplace import make_category, make_product
from tests.factories.producers import make_producer

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.CHOPHIEN_PAGE_CACHE = False  # every render goes through the view and its cards


@pytest.fixture
def product():
    producer = make_producer(name="Hợp tác xã Chè Shan Tuyết")
    return make_product(
        title="Chè Shan Tuyết Bản Khoang", partner=producer.partner, category=make_category()
    )


def _catalogue(client) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("catalogue:index"))
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_cached_cards_spare_the_queries_of_the_cards(client, product, settings):
    make_product(title="Mật ong bạc hà", partner=product.stockrecords.get().partner)
    settings.CHOPHIEN_CARD_CACHE = False
    _catalogue(client)  # the first visit's one-off work (session, thumbnails...)
    _, uncached_cards = _catalogue(client)
    settings.CHOPHIEN_CARD_CACHE = True
    _catalogue(client)  # stores the cards
    html, cached_cards = _catalogue(client)
    # The cards' products and prefetching (options, stock records, partners, images...)
    # are not read: only the page's product ids.
    assert cached_cards < uncached_cards, (uncached_cards, cached_cards)
    assert "Chè Shan Tuyết Bản Khoang" in html and "Mật ong bạc hà" in html


def test_a_price_change_shows_on_the_next_render(client, product):
    _catalogue(client)
    assert "150.000" in _catalogue(client)[0]  # now from the cached card
    stockrecord = product.stockrecords.get()
    stockrecord.price = Decimal(99000)
    stockrecord.save()
    html = _catalogue(client)[0]
    assert "99.000" in html and "150.000" not in html


def test_a_stock_change_shows_on_the_next_render(client, product):
    basket_add = reverse("basket:add", kwargs={"pk": product.pk})
    _catalogue(client)
    assert basket_add in _catalogue(client)[0]  # cached, with its add-to-basket form
    stockrecord = product.stockrecords.get()
    services.product_upsert(
        partner=stockrecord.partner,
        sku=stockrecord.partner_sku,
        title=product.title,
        description="",
        category=product.get_categories().first(),
        price=Decimal(150000),
        num_in_stock=0,
        origin_district="Bắc Hà",
    )
    assert basket_add not in _catalogue(client)[0]  # sold out: no form any more


def test_each_visitor_gets_their_own_csrf_token_in_a_cached_card(product):
    first = Client(enforce_csrf_checks=True)
    first.get(reverse("catalogue:index"))  # stores the card
    other = Client(enforce_csrf_checks=True)
    basket_add = reverse("basket:add", kwargs={"pk": product.pk})
    html = other.get(reverse("catalogue:index")).content.decode()
    card_form = html.split(f'action="{basket_add}"')[1]  # the token in the card's own form
    token = card_form.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    assert "\x00" not in html
    assert token not in first.get(reverse("catalogue:index")).content.decode()
    added = other.post(
        basket_add,
        {"quantity": 1, "csrfmiddlewaretoken": token},
    )
    assert added.status_code == 302


def test_the_listing_count_is_kept_until_the_catalogue_changes(client, product):
    def count_and_queries():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("catalogue:index"))
        counted = any("COUNT(" in q["sql"].upper() for q in queries.captured_queries)
        return response.context["paginator"].count, counted

    assert count_and_queries() == (1, True)
    assert count_and_queries() == (1, False)  # kept under the page cache's version
    make_product(title="Mật ong bạc hà", partner=product.stockrecords.get().partner)
    assert count_and_queries() == (2, True)  # a new product sets a new version
