"""Documents follow the catalogue after each commit (kept apart from the shared catalogue,
whose outer transaction would hold the on-commit callbacks)."""

import pytest

from marketplace.search.models import PageSearchDocument, ProductSearchDocument
from places.selectors import former_district_of
from tests.factories.marketplace import make_product
from tests.search.catalogue import listed_titles


@pytest.mark.django_db
def test_saving_a_product_refreshes_its_document_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        product = make_product(title="Chè Shan Tuyết", price=100000, num_in_stock=0)
        # Nothing is written while the transaction is open: the save does not wait on it.
        assert not ProductSearchDocument.objects.filter(product=product).exists()
    # Product, stock record and category: one refresh (beside the page cache's one bump).
    callbacks = [c for c in callbacks if c.__module__ != "pagecache.services"]
    assert len(callbacks) == 1
    callbacks[0]()
    document = ProductSearchDocument.objects.get(product=product)
    assert document.title_folded == " che shan tuyet "
    assert (document.price, document.in_stock) == (100000, False)

    with django_capture_on_commit_callbacks(execute=True):
        record = product.stockrecords.get()
        record.num_in_stock = 5
        record.save()
        product.title = "Trà Shan Tuyết"
        product.save()
    document.refresh_from_db()
    assert document.in_stock and document.title_folded == " tra shan tuyet "


@pytest.mark.django_db
def test_unpublishing_a_page_removes_it_from_search(django_capture_on_commit_callbacks):
    from wagtail.models import Page

    root = Page.objects.get(depth=1).get_children().first()
    with django_capture_on_commit_callbacks(execute=True):
        page = root.add_child(instance=Page(title="Phiên chợ Bắc Hà"))
        page.save_revision().publish()
    assert PageSearchDocument.objects.get(page=page).title_folded == " phien cho bac ha "
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    assert not PageSearchDocument.objects.filter(page=page).exists()


@pytest.mark.django_db
def test_saving_a_producer_refreshes_its_products_documents(
    django_capture_on_commit_callbacks, admin_units
):
    """A document holds its producer's former district (the facet: buyers still choose "Bắc
    Hà") and today's commune: saving the producer rebuilds its products' documents.
    Connected in producers' app config, since the search, below producers, does not import
    them."""
    from tests.factories.producers import home_commune, make_producer

    with django_capture_on_commit_callbacks(execute=True):
        producer = make_producer(commune=home_commune("Bản Phố", district="Bắc Hà"))
        product = make_product(title="Chè Shan Tuyết", partner=producer.partner, origin_district="")
    document = ProductSearchDocument.objects.get(product=product)
    assert (document.district, document.commune) == ("Bắc Hà", producer.commune.full_name)
    with django_capture_on_commit_callbacks(execute=True):
        producer.commune = home_commune("Tả Van", district="Sa Pa")
        producer.former_district = former_district_of(producer.commune)
        producer.save()
    document = ProductSearchDocument.objects.get(product=product)
    assert document.district == "Sa Pa" and " sa pa " in document.text_folded
    assert document.commune == producer.commune.full_name != ""


@pytest.mark.django_db
def test_a_product_is_found_by_its_producers_former_district_and_todays_commune(
    client, django_capture_on_commit_callbacks, admin_units
):
    """Buyers still say "Văn Chấn"; the map of 2025 says "xã Tú Lệ": both find the rice of a
    producer of today's Tú Lệ, and the district facet names the former district."""
    from tests.factories.producers import home_commune, make_producer

    with django_capture_on_commit_callbacks(execute=True):
        producer = make_producer(
            name="Hộ Lò Thị Nhung", commune=home_commune("Tú Lệ", district="Văn Chấn")
        )
        make_product(title="Gạo nếp – túi 2kg", partner=producer.partner, origin_district="")
    for words in ("Văn Chấn", "van chan", "Tú Lệ"):
        response = client.get("/search/", {"q": words})
        assert listed_titles(response) == ["Gạo nếp – túi 2kg"], words
    document = ProductSearchDocument.objects.get(product__title="Gạo nếp – túi 2kg")
    assert document.district == "Văn Chấn"
