"""The shop lists, finds and sells products with no search server (the embedded default)."""

import pytest
from django.urls import reverse

from tests.factories.marketplace import make_category, make_partner, make_product
from tests.search.catalogue import listed_titles

pytestmark = pytest.mark.django_db


def test_catalogue_lists_public_products_with_dong_prices(client):
    make_product(title="Chè Shan Tuyết Y Tý – gói 200g", price=180000)
    make_product(title="Thảo quả khô Bát Xát – túi 500g", price=95000)
    response = client.get(reverse("catalogue:index"))
    html = response.content.decode()
    assert "Chè Shan Tuyết Y Tý – gói 200g" in html
    assert "Thảo quả khô Bát Xát – túi 500g" in html
    assert "180.000\xa0₫" in html
    assert response.context["paginator"].count == 2


def test_catalogue_hides_products_that_are_not_public(client):
    hidden = make_product(title="Sản phẩm chưa duyệt")
    hidden.is_public = False
    hidden.save()
    response = client.get(reverse("catalogue:index"))
    assert "Sản phẩm chưa duyệt" not in response.content.decode()


def test_category_page_lists_only_that_categorys_products(client):
    tea = make_category(name="Chè Shan Tuyết")
    make_product(title="Chè búp Tả Phìn", category=tea)
    make_product(title="Mật ong rừng Mường Khương")
    response = client.get(tea.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Chè búp Tả Phìn" in html
    assert "Mật ong rừng Mường Khương" not in html


def test_catalogue_sorts_by_price(client):
    make_product(title="Rẻ", price=50000)
    make_product(title="Đắt", price=500000)
    response = client.get(reverse("catalogue:index"), {"sort_by": "price-desc"})
    assert [p.title for p in response.context["products"]] == ["Đắt", "Rẻ"]


def test_search_finds_products_by_title_and_by_producer(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the search documents' refresh
        partner = make_partner(name="Hợp tác xã Nấm Bảo Yên")
        make_product(title="Nấm hương rừng – túi 300g", partner=partner)
        make_product(title="Mận tam hoa – hộp 2kg")
    by_title = client.get(reverse("search:search"), {"q": "nấm hương"})
    assert listed_titles(by_title) == ["Nấm hương rừng – túi 300g"]
    by_producer = client.get(reverse("search:search"), {"q": "Bảo Yên"})
    assert listed_titles(by_producer) == ["Nấm hương rừng – túi 300g"]


def test_product_page_shows_the_producer_and_district_of_origin(client):
    partner = make_partner(name="Hộ kinh doanh Giàng A Páo")
    product = make_product(partner=partner, origin_district="Si Ma Cai", price=120000)
    html = client.get(product.get_absolute_url()).content.decode()
    assert "Hộ kinh doanh Giàng A Páo" in html
    assert "Si Ma Cai" in html
    assert "120.000\xa0₫" in html


def test_product_can_be_added_to_the_basket(client):
    product = make_product(price=150000)
    response = client.post(
        reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 2}, follow=True
    )
    assert response.status_code == 200
    basket = client.get(reverse("basket:summary")).context["basket"]
    assert basket.num_items == 2
    assert basket.total_incl_tax == 300000


def test_the_header_counts_the_items_in_the_basket(client, settings):
    settings.CHOPHIEN_PAGE_CACHE = False
    empty = '<span class="cp-count cp-count--empty" aria-label="0 sản phẩm">0</span>'
    assert empty in client.get(reverse("catalogue:index")).content.decode()
    product = make_product(price=150000)
    client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 3})
    html = client.get(reverse("catalogue:index")).content.decode()
    assert '<span class="cp-count" aria-label="3 sản phẩm">3</span>' in html


def test_shop_front_lists_categories_with_counts(client):
    honey = make_category(name="Mật ong rừng")
    make_product(category=honey)
    make_product(category=honey)
    response = client.get("/shop/")
    counts = {c.name: c.product_count for c in response.context["categories"]}
    assert counts["Mật ong rừng"] == 2
