"""The shop's producer directory and producer pages show approved producers only."""

import pytest
from django.urls import reverse

from producers import selectors, services
from producers.models import Producer
from tests.factories.marketplace import make_product
from tests.factories.producers import home_commune, make_producer

pytestmark = pytest.mark.django_db


def test_directory_lists_approved_producers_only(client):
    make_producer(name="Hộ Giàng A Páo")
    make_producer(name="Hộ chưa duyệt", status=Producer.Status.SUBMITTED)
    response = client.get(reverse("producers:directory"))
    names = [producer.name for producer in response.context["producers"]]
    assert names == ["Hộ Giàng A Páo"]


def test_directory_filters_by_district(client, admin_units):
    make_producer(name="Hộ ở Bắc Hà", commune=home_commune("Bản Phố", district="Bắc Hà"))
    make_producer(name="Hộ ở Si Ma Cai", commune=home_commune("Bản Mế", district="Si Ma Cai"))
    response = client.get(reverse("producers:directory"), {"district": "Si Ma Cai"})
    assert [p.name for p in response.context["producers"]] == ["Hộ ở Si Ma Cai"]
    assert [d.name for d in response.context["districts"]] == ["Bắc Hà", "Si Ma Cai"]


def test_directory_counts_each_producers_public_products(client):
    producer = make_producer()
    make_product(partner=producer.partner)
    make_product(partner=producer.partner)
    response = client.get(reverse("producers:directory"))
    assert response.context["producers"][0].product_count == 2


def test_directory_query_count_does_not_grow_with_producers(
    client, django_assert_max_num_queries, settings
):
    settings.CHOPHIEN_PAGE_CACHE = False  # what the page costs to build, not to serve cached
    make_producer(name="Hộ thứ nhất")
    client.get(reverse("producers:directory"))  # the first visit creates the menu settings
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("producers:directory"))
    for number in range(10):
        make_product(partner=make_producer(name=f"Hộ số {number}").partner)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("producers:directory"))


def test_producer_page_shows_story_and_live_products_but_not_the_phone(client):
    producer = make_producer(contact_phone="0900000123")
    make_product(partner=producer.partner, title="Chè búp Tả Phìn – gói 200g", price=180000)
    html = client.get(producer.get_absolute_url()).content.decode()
    assert "người Dao đỏ trồng chè cổ thụ" in html
    assert "Chè búp Tả Phìn – gói 200g" in html
    assert "180.000\xa0₫" in html
    assert "0900000123" not in html


@pytest.mark.parametrize(
    "status",
    [
        Producer.Status.DRAFT,
        Producer.Status.SUBMITTED,
        Producer.Status.CHANGES_REQUESTED,
        Producer.Status.SUSPENDED,
    ],
)
def test_producer_page_is_not_found_until_approved(client, status):
    producer = make_producer(status=status)
    assert client.get(producer.get_absolute_url()).status_code == 404


def test_product_page_links_to_its_approved_producer(client):
    producer = make_producer()
    product = make_product(partner=producer.partner)
    html = client.get(product.get_absolute_url()).content.decode()
    assert f'href="{producer.get_absolute_url()}"' in html


def test_producer_slug_is_readable_ascii_and_unique():
    first = make_producer(name="Hộ kinh doanh Đặng Thị Mai")
    second = make_producer(name="Hộ kinh doanh Đặng Thị Mai")
    assert first.slug == "ho-kinh-doanh-dang-thi-mai"
    assert second.slug == "ho-kinh-doanh-dang-thi-mai-2"


def test_the_public_product_selector_leaves_out_what_is_not_on_sale():
    """Two functions read a producer's products: the selector (what the public may see) and the
    services' one the moderation writes use (everything). Their names say which is which."""
    producer = make_producer()
    on_sale = make_product(title="Chè Shan Tuyết – gói 200g", partner=producer.partner)
    hidden = make_product(title="Chè chưa duyệt – gói 200g", partner=producer.partner)
    hidden.is_public = False
    hidden.save()
    make_product(title="Mật ong của người khác", partner=make_producer(name="Hộ khác").partner)

    assert list(selectors.producer_products(producer=producer)) == [on_sale]
    everything = services.producer_products_including_unpublished(producer=producer)
    assert set(everything) == {on_sale, hidden}
