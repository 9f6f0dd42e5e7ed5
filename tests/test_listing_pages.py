"""What a buyer's listing pages give search engines and phones: a whole canonical address,
headings that do not skip a level, and product thumbnails in WebP at the sizes shown."""

import re

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from marketplace.search.indexing import search_documents_rebuild
from tests.factories.cms import make_site_pages
from tests.factories.marketplace import make_category, make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return Client(HTTP_ACCEPT_LANGUAGE="vi")


@pytest.fixture
def honey():
    category = make_category(name="Mật ong", slug="mat-ong")
    products = [make_product(category=category) for _ in range(3)]
    search_documents_rebuild()
    return category, products


def _soup(client, url) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def test_the_home_pages_canonical_address_is_whole(client):
    pages = make_site_pages()
    for page in (pages["home"], pages["news"]):
        soup = _soup(client, page.url)
        canonical = soup.select_one("link[rel=canonical]")["href"]
        assert canonical == f"http://testserver{page.url}"
        assert soup.select_one("meta[property='og:url']")["content"] == canonical


@pytest.mark.parametrize("url", ["/shop/catalogue/", "category", "/search/?q=mật+ong"])
def test_listing_headings_do_not_skip_a_level(client, honey, url):
    category, _products = honey
    url = category.get_absolute_url() if url == "category" else url
    soup = _soup(client, url)
    main = soup.select_one("main")
    levels = [int(h.name[1]) for h in main.find_all(re.compile(r"^h[1-6]$"))]
    assert levels and levels[0] == 1 and 3 in levels, levels  # cards are h3
    jumps = [(a, b) for a, b in zip(levels, levels[1:], strict=False) if b > a + 1]
    assert jumps == [], levels


def test_product_cards_offer_webp_thumbnails_down_to_the_phones_size(client, honey):
    soup = _soup(client, "/shop/catalogue/")
    images = soup.select(".cp-card__media img")
    assert images
    for img in images:
        candidates = dict(
            reversed(part.strip().split()) for part in img["srcset"].split(",")
        )  # {"200w": url, ...}
        assert "200w" in candidates, img["srcset"]  # a ~160 px card on a 360 px phone
        assert all(url.endswith(".webp") for url in candidates.values()), img["srcset"]
        assert img["src"].endswith(".webp")
