"""Pages point at live commerce data: the product chooser, product blocks, producer stories
and the sitemap show only what the shop sells now, with the shop's prices."""

import pytest
from django.urls import reverse
from wagtail.models import Page

from cms.models import HomeFeaturedProduct, NewsPage
from producers.models import Producer
from tests.factories.cms import add_page, home_page, make_site_pages
from tests.factories.marketplace import make_product
from tests.factories.producers import make_producer

pytestmark = pytest.mark.django_db


@pytest.fixture
def producer():
    return make_producer(name="Hợp tác xã Mận Tam Hoa Bản Phố")


@pytest.fixture
def live_product(producer):
    return make_product(title="Mận tam hoa – thùng 5kg", partner=producer.partner, price=185000)


@pytest.fixture
def hidden_product(producer):
    product = make_product(title="Mận sấy dẻo – gói thử", partner=producer.partner)
    product.is_public = False
    product.save()
    return product


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(email="editor@example.com", password="x")
    client.force_login(user)
    return client


def test_product_chooser_lists_public_products_only(staff_client, live_product, hidden_product):
    response = staff_client.get(reverse("product_chooser:choose"))
    assert response.status_code == 200
    html = response.json()["html"]
    assert "Mận tam hoa – thùng 5kg" in html
    assert "Mận sấy dẻo" not in html


def test_product_chooser_searches_titles(staff_client, live_product):
    # A producer's product: the chooser offers only what a page shows (products_public).
    tea_farm = make_producer(name="Chè Y Tý")
    other = make_product(title="Chè Shan Tuyết Y Tý – gói 200g", partner=tea_farm.partner)
    response = staff_client.get(reverse("product_chooser:choose_results"), {"q": "Shan Tuyết"})
    html = response.content.decode()
    assert other.title in html
    assert live_product.title not in html


def test_product_chooser_returns_the_chosen_product(staff_client, live_product):
    response = staff_client.get(reverse("product_chooser:chosen", args=[live_product.pk]))
    assert response.status_code == 200
    result = response.json()["result"]
    assert str(result["id"]) == str(live_product.pk)
    assert result["title"] == live_product.title


def test_product_chooser_needs_an_admin_login(client, live_product):
    response = client.get(reverse("product_chooser:choose"))
    assert response.status_code == 302


def test_products_block_shows_live_price_and_drops_products_taken_off_sale(
    client, live_product, hidden_product
):
    pages = make_site_pages()
    article = add_page(
        pages["news_index"],
        NewsPage(
            title="Mận đã chín",
            body=[
                {
                    "type": "products",
                    "value": {
                        "heading": "Mua mận",
                        "products": [live_product.pk, hidden_product.pk],
                    },
                }
            ],
        ),
    )
    html = client.get(article.url).content.decode()
    assert "Mận tam hoa – thùng 5kg" in html
    assert "185.000" in html  # the shop's price, read at render time
    assert "Mận sấy dẻo" not in html

    # A price saved as the shop saves it (its signal also refreshes the cached pages).
    record = live_product.stockrecords.get()
    record.price = 199000
    record.save()
    assert "199.000" in client.get(article.url).content.decode()


def test_producer_story_shows_the_producers_live_products(client, producer, live_product):
    someone_else = make_product(title="Mật ong bạc hà – chai 500ml")
    story = make_site_pages(producer=producer)["story"]
    html = client.get(story.url).content.decode()
    assert live_product.title in html
    assert someone_else.title not in html

    producer.status = Producer.Status.SUSPENDED
    producer.save()
    assert live_product.title not in client.get(story.url).content.decode()


def test_home_page_shows_featured_products_picked_by_editors(client, live_product, hidden_product):
    home = home_page()
    home.featured_products = [
        HomeFeaturedProduct(product=hidden_product),
        HomeFeaturedProduct(product=live_product),
    ]
    home.save_revision().publish()
    html = client.get("/").content.decode()
    assert live_product.title in html
    assert hidden_product.title not in html


def test_sitemap_lists_live_pages_and_live_products(client, producer, live_product, hidden_product):
    pages = make_site_pages()
    draft = add_page(pages["news_index"], NewsPage(title="Bản nháp"), publish=False)
    waiting = make_producer(name="Hộ Giàng A Páo", status=Producer.Status.SUBMITTED)
    waiting_product = make_product(title="Thảo quả khô", partner=waiting.partner)

    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    xml = response.content.decode()
    assert "http://testserver" + live_product.get_absolute_url() in xml
    assert hidden_product.get_absolute_url() not in xml
    assert waiting_product.get_absolute_url() not in xml
    for page in Page.objects.live().descendant_of(home_page(), inclusive=True):
        assert page.full_url in xml
    assert draft.url_path.removeprefix("/home") not in xml


def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_out_of_private_areas(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /cms-admin/" in text
    assert "Disallow: /shop/checkout/" in text
