"""The site's top URLs answer in Vietnamese by default and in English after switching."""

import pytest
from django.urls import reverse

from tests.factories.marketplace import make_product

TOP_URLS = ["/", "/shop/", "/shop/catalogue/", "/cms-admin/login/", "/dashboard/login/"]

pytestmark = pytest.mark.django_db


@pytest.fixture
def product():
    return make_product(title="Mật ong bạc hà Bắc Hà – chai 500ml", price=150000)


@pytest.mark.parametrize("url", [*TOP_URLS, "product"])
def test_top_url_answers_in_vietnamese_by_default(client, product, url):
    url = product.get_absolute_url() if url == "product" else url
    response = client.get(url)
    assert response.status_code == 200
    assert '<html lang="vi"' in response.content.decode()


@pytest.mark.parametrize("url", [*TOP_URLS, "product"])
def test_top_url_answers_in_english_after_switching(client, product, url):
    url = product.get_absolute_url() if url == "product" else url
    switched = client.post(reverse("set_language"), {"language": "en", "next": url})
    assert switched.status_code == 302
    response = client.get(url)
    assert response.status_code == 200
    assert '<html lang="en"' in response.content.decode()


def test_dashboard_is_served_at_the_top_level_only(client):
    assert reverse("dashboard:index") == "/dashboard/"
    assert client.get("/shop/dashboard/").status_code == 404


def test_wagtail_home_page_is_the_site_root(client):
    from cms.models import HomePage

    response = client.get("/")
    assert response.context["page"].specific_class is HomePage


def test_vietnamese_even_when_the_browser_asks_for_english(client):
    response = client.get("/shop/catalogue/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="vi"' in response.content.decode()
