"""What a link shows when it is pasted in a Zalo or Facebook chat: the Open Graph tags of
product, producer, trace and campaign pages, a product's JSON-LD, and the share links."""

import io
import json

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from PIL import Image

from marketplace.services import product_image_add
from tests.factories.marketplace import make_product
from tests.factories.producers import make_producer

pytestmark = pytest.mark.django_db

REQUIRED = ["og:type", "og:title", "og:description", "og:url", "og:image", "og:site_name"]


def _jpeg(size=(2400, 1800)) -> bytes:
    # Noise compresses badly: the worst case for the size of the chat thumbnail.
    data = io.BytesIO()
    Image.effect_noise(size, 90).convert("RGB").save(data, format="JPEG", quality=95)
    return data.getvalue()


def _og(response) -> dict:
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    tags = {tag["property"]: tag["content"] for tag in soup.select("meta[property]")}
    tags.update({tag["name"]: tag["content"] for tag in soup.select("meta[name^='twitter:']")})
    tags["canonical"] = soup.select_one("link[rel=canonical]")["href"]
    return tags


def _json_ld(response) -> list:
    soup = BeautifulSoup(response.content, "html.parser")
    return [json.loads(tag.string) for tag in soup.select("script[type='application/ld+json']")]


@pytest.fixture
def honey():
    producer = make_producer(name="HTX Mật ong Bắc Hà")
    product = make_product(partner=producer.partner, title="Mật ong bạc hà", price=150000)
    product_image_add(product=product, filename="honey.jpg", content=_jpeg())
    return producer, product


def test_product_page_has_every_open_graph_property_with_whole_addresses(client, honey):
    producer, product = honey
    tags = _og(client.get(product.get_absolute_url()))
    for prop in REQUIRED + ["product:price:amount", "product:price:currency"]:
        assert tags.get(prop), prop
    url = f"http://testserver{product.get_absolute_url()}"
    assert tags["og:url"] == tags["canonical"] == url
    assert tags["og:type"] == "product"
    assert tags["og:title"] == "Mật ong bạc hà"
    assert tags["og:description"].startswith("150.000\xa0₫ · ")
    assert "HTX Mật ong Bắc Hà" in tags["og:description"]
    assert (tags["product:price:amount"], tags["product:price:currency"]) == ("150000", "VND")
    assert tags["og:image"].startswith("http://testserver/")
    assert (tags["og:image:width"], tags["og:image:height"]) == ("1200", "630")
    assert tags["twitter:card"] == "summary_large_image"
    assert tags["twitter:image"] == tags["og:image"]


def test_product_og_image_exists_and_is_small_enough_for_chats(client, honey):
    """The thumbnail is written to the media storage nginx serves (docs/deploy.md); the
    browser journey (tests/browser/test_offline.py) fetches it over HTTP."""
    _, product = honey
    image_url = _og(client.get(product.get_absolute_url()))["og:image"]
    name = image_url.removeprefix(f"http://testserver{settings.MEDIA_URL}")
    assert default_storage.exists(name)
    assert default_storage.size(name) <= 300 * 1024
    with default_storage.open(name) as stored:
        assert Image.open(stored).size == (1200, 630)


def test_product_without_photo_shares_the_site_icon(client):
    product = make_product(title="Chè Shan tuyết")
    tags = _og(client.get(product.get_absolute_url()))
    assert tags["og:image"] == "http://testserver/static/img/icons/icon-512.png"
    assert finders.find("img/icons/icon-512.png")


def test_product_json_ld_has_the_offer(client, honey):
    producer, product = honey
    (data,) = _json_ld(client.get(product.get_absolute_url()))
    assert data["@type"] == "Product"
    assert data["name"] == "Mật ong bạc hà"
    assert data["brand"]["name"] == "HTX Mật ong Bắc Hà"
    offer = data["offers"]
    assert (offer["price"], offer["priceCurrency"]) == ("150000", "VND")
    assert offer["availability"] == "https://schema.org/InStock"
    assert offer["url"] == f"http://testserver{product.get_absolute_url()}"
    assert data["image"][0].startswith("http://testserver/")


def test_sold_out_product_json_ld_says_out_of_stock(client):
    product = make_product(num_in_stock=0)
    (data,) = _json_ld(client.get(product.get_absolute_url()))
    assert data["offers"]["availability"] == "https://schema.org/OutOfStock"


def test_hostile_title_cannot_break_out_of_the_json_ld(client):
    hostile = "</script><script>alert(1)</script>"
    product = make_product(title=hostile, description=f"{hostile} & <b>")
    response = client.get(product.get_absolute_url())
    html = response.content.decode()
    head = html.split("</head>")[0]
    assert "<script>alert(1)" not in html
    soup = BeautifulSoup(response.content, "html.parser")
    # Every script element in the head is ours: the title opened none.
    for script in soup.head.find_all("script"):
        assert script.get("src") or script.get("type") == "application/ld+json", script
    (data,) = _json_ld(response)
    assert data["name"] == hostile
    assert "\\u003C/script\\u003E" in head


def test_product_page_offers_share_links_without_third_party_script(client, honey):
    _, product = honey
    soup = BeautifulSoup(client.get(product.get_absolute_url()).content, "html.parser")
    share = soup.select_one(".cp-share")
    url = f"http://testserver{product.get_absolute_url()}"
    assert share["data-share-url"] == url
    facebook = share.find("a", string="Facebook")["href"]
    assert facebook.startswith(
        "https://www.facebook.com/sharer/sharer.php?u=http%3A%2F%2Ftestserver"
    )
    assert share.select_one("[data-copy-target=share-url]").get_text() == "Sao chép liên kết"
    assert share.select_one(".cp-share__native").get_text() == "Chia sẻ"
    assert soup.select_one("#share-url").get_text() == url
    for script in soup.find_all("script", src=True):
        assert script["src"].startswith("/static/"), script


def test_producer_page_has_open_graph_tags_and_share_links(client, honey):
    producer, _ = honey
    response = client.get(producer.get_absolute_url())
    tags = _og(response)
    for prop in REQUIRED:
        assert tags.get(prop), prop
    assert tags["og:title"] == "HTX Mật ong Bắc Hà"
    assert tags["og:url"] == f"http://testserver{producer.get_absolute_url()}"
    assert BeautifulSoup(response.content, "html.parser").select_one(".cp-share")


def test_trace_page_has_open_graph_tags(client, honey):
    from accounts.models import User
    from producers import trace

    producer, product = honey
    user = User.objects.create_user(email="pao@example.com", password="x" * 12)
    producer.partner.users.add(user)
    lot = trace.lot_save(
        producer=producer, by=user, product=product, lot_number="MO-2026-01",
        produced_on="2026-03-12", quantity="50 chai", inputs="", ocop_number="",
        vietgap_number="", organic_number="", provincial_url="",
    )  # fmt: skip
    tags = _og(client.get(f"/t/{lot.code}/"))
    for prop in REQUIRED:
        assert tags.get(prop), prop
    assert tags["og:url"] == f"http://testserver/t/{lot.code}/"
    assert "HTX Mật ong Bắc Hà" in tags["og:description"]
    assert tags["og:image"].startswith("http://testserver/")


def test_campaign_page_has_open_graph_tags(client):
    from tests.factories.cms import make_site_pages

    campaign = make_site_pages()["campaign"]
    tags = _og(client.get(campaign.url))
    for prop in REQUIRED:
        assert tags.get(prop), prop
    assert tags["og:title"] == "Mùa mận Bắc Hà"
    assert tags["og:url"] == f"http://testserver{campaign.url}"
    assert tags["og:image"].startswith("http://testserver/")
    # Wagtail never enlarges: the factory's 64x40 photo keeps its size, and a small card.
    assert tags["twitter:card"] == "summary"
