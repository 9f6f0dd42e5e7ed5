"""What the public may see is decided once per kind (issue 23, item 3): products
(`Product.objects.shown_to_public()`, and with their producer's rule `products_public()`),
producers (`producers_public()`) and pages (`core.pages.pages_public`). Every place that shows
them to the public, listing, search, sitemap, CMS chooser, page block, report, leaves out the
same hidden cases. (A training's practice shop is covered place by place in
tests/practice/test_practice_hidden.py.)"""

import pytest
from django.test import RequestFactory
from django.urls import reverse
from wagtail.models import PageViewRestriction

from accounts.models import User
from cms.models import HomeFeaturedProducer, NewsIndexPage, NewsPage
from cms.selectors import live_products, producers_near
from cms.sitemaps import ProductSitemap
from marketplace.catalogue.models import Product
from marketplace.search.indexing import search_documents_rebuild
from marketplace.search.models import PageSearchDocument, ProductSearchDocument
from marketplace.search.selectors import category_list_with_counts, product_browse_list
from producers import services as producer_services
from producers.models import Producer
from producers.selectors import (
    producer_directory,
    producer_district_list,
    producer_products,
    products_public,
)
from tests.factories.cms import add_page, home_page
from tests.factories.marketplace import make_category, make_product
from tests.factories.producers import home_commune, make_producer

pytestmark = pytest.mark.django_db

WORD = "Thảo quả"  # in every product's title, so that a search finds them all


@pytest.fixture
def shop(admin_units):
    category = make_category(name="Gia vị")
    farm = make_producer(name="Hợp tác xã Thảo quả Sa Pa", commune=home_commune("Tả Van"))
    shown = make_product(title=f"{WORD} khô – gói 500g", partner=farm.partner, category=category)

    unpublished = make_product(title=f"{WORD} tươi", partner=farm.partner, category=category)
    unpublished.is_public = False
    unpublished.save()

    # On sale but not checked by staff: the services never leave such a product on sale; the
    # public's rule must hide it all the same.
    awaiting = make_product(title=f"{WORD} xay", partner=farm.partner, category=category)
    awaiting.moderation = Product.Moderation.SUBMITTED
    awaiting.save()

    # A producer staff suspended: its service takes the products off sale.
    suspended = make_producer(name="Hộ Thảo quả Bát Xát", commune=home_commune("Y Tý"))
    suspended_product = make_product(
        title=f"{WORD} Bát Xát", partner=suspended.partner, category=category
    )
    staff = User.objects.create_superuser(email="duyet@example.com", password="x" * 12)
    producer_services.producer_suspend(producer=suspended, by=staff, reason="Hồ sơ sai.")

    # A producer not approved yet whose product is (wrongly) on sale: only the producer's rule
    # hides it, in every place that knows producers.
    unapproved = make_producer(
        name="Hộ Thảo quả Mường Khương",
        commune=home_commune("Pha Long", district="Mường Khương"),
        status=Producer.Status.SUBMITTED,
    )
    unapproved_product = make_product(
        title=f"{WORD} Mường Khương", partner=unapproved.partner, category=category
    )
    search_documents_rebuild()  # the on-commit refresh does not run inside a test
    return {
        "category": category,
        "farm": farm,
        "shown": shown,
        "hidden": [unpublished, awaiting, suspended_product],
        "unapproved": unapproved,
        "unapproved_product": unapproved_product,
        "producers": [farm, suspended, unapproved],
    }


def _editor_client(client):
    editor = User.objects.create_superuser(email="bientap@example.com", password="x" * 12)
    client.force_login(editor)
    return client


def _titles_in(html: str, products) -> set[str]:
    return {p.title for p in products if p.title in html}


def _all_products():
    return list(Product.objects.all())


# Each place answers: which of the shop's products does it show the public?
def _listing(client, shop):
    return {p.title for p in product_browse_list()}


def _category_page(client, shop):
    html = client.get(shop["category"].get_absolute_url()).content.decode()
    return _titles_in(html, _all_products())


def _search_documents(client, shop):
    ids = ProductSearchDocument.objects.listed().values_list("product_id", flat=True)
    return {p.title for p in Product.objects.filter(pk__in=ids)}


def _search_page(client, shop):
    html = client.get(reverse("search:search"), {"q": WORD}).content.decode()
    return _titles_in(html, _all_products())


def _sitemap(client, shop):
    return {
        p.title for p in Product.objects.filter(pk__in=[p.pk for p in ProductSitemap().items()])
    }


def _chooser(client, shop):
    html = _editor_client(client).get(reverse("product_chooser:choose")).json()["html"]
    return _titles_in(html, _all_products())


def _page_block(client, shop):
    return {p.title for p in live_products(product_ids=[p.pk for p in _all_products()])}


def _producer_page(client, shop):
    return {
        p.title for producer in Producer.objects.all() for p in producer_products(producer=producer)
    }


def _products_public(client, shop):
    return {p.title for p in products_public()}


SHOP_PLACES = [_listing, _category_page, _search_documents, _search_page]
PRODUCER_AWARE_PLACES = [_sitemap, _chooser, _page_block, _producer_page, _products_public]


@pytest.mark.parametrize("place", SHOP_PLACES + PRODUCER_AWARE_PLACES)
def test_every_place_leaves_out_unpublished_unreviewed_and_suspended_products(client, shop, place):
    shown = place(client, shop)
    assert shop["shown"].title in shown
    for product in shop["hidden"]:
        assert product.title not in shown, product.title


@pytest.mark.parametrize("place", PRODUCER_AWARE_PLACES)
def test_places_that_know_producers_leave_out_an_unapproved_producers_products(client, shop, place):
    shown = place(client, shop)
    assert shop["shown"].title in shown
    assert shop["unapproved_product"].title not in shown


# Producers: which of the shop's producers does each place show?
def _directory(client, shop):
    return {p.pk for p in producer_directory()}


def _districts(client, shop):
    districts = producer_district_list()
    return {p.pk for p in Producer.objects.filter(former_district__in=districts)}


def _nearby(client, shop):
    return {
        p.pk
        for district in {p.former_district for p in shop["producers"]}
        for p in producers_near(area=district)
    }


def _producer_chooser(client, shop):
    html = _editor_client(client).get(reverse("producer_chooser:choose")).json()["html"]
    return {p.pk for p in shop["producers"] if p.partner.name in html}


def _producer_detail(client, shop):
    return {
        p.pk
        for p in shop["producers"]
        if client.get(reverse("producers:detail", args=[p.slug])).status_code == 200
    }


def _home_featured(client, shop):
    home = home_page()
    for producer in shop["producers"]:
        HomeFeaturedProducer.objects.create(page=home, producer=producer)
    context = home.get_context(RequestFactory().get("/"))
    return {p.pk for p in context["featured_producers"]}


@pytest.mark.parametrize(
    "place", [_directory, _districts, _nearby, _producer_chooser, _producer_detail, _home_featured]
)
def test_every_place_leaves_out_suspended_and_unapproved_producers(client, shop, place):
    assert place(client, shop) == {shop["farm"].pk}


def test_the_category_menu_counts_what_the_listing_shows(shop):
    counts = {c.pk: c.product_count for c in category_list_with_counts()}
    listed = product_browse_list(category=shop["category"])
    assert counts[shop["category"].pk] == listed.count() == 2  # shown, unapproved_product


def test_the_directory_counts_only_the_products_the_public_may_see(shop):
    (farm,) = producer_directory()
    assert farm.product_count == 1


# Pages: the unpublished and the private ones stay out of every listing and search.
@pytest.fixture
def news():
    index = add_page(home_page(), NewsIndexPage(title="Tin tức"))
    shown = add_page(index, NewsPage(title="Mùa thảo quả mới"))
    draft = add_page(index, NewsPage(title="Thảo quả bản nháp"), publish=False)
    private = add_page(index, NewsPage(title="Thảo quả nội bộ"))
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="bimat"
    )
    search_documents_rebuild()
    return {"index": index, "shown": shown, "hidden": [draft, private]}


def _news_index(client, news):
    return client.get(news["index"].url).content.decode()


def _home_latest_news(client, news):
    return " ".join(p.title for p in home_page().latest_news(limit=10))


def _page_documents(client, news):
    ids = PageSearchDocument.objects.values_list("page_id", flat=True)
    return " ".join(NewsPage.objects.filter(pk__in=ids).values_list("title", flat=True))


def _page_search(client, news):
    return client.get(reverse("search:search"), {"q": "thảo quả"}).content.decode()


@pytest.mark.parametrize("place", [_news_index, _home_latest_news, _page_documents, _page_search])
def test_every_place_leaves_out_unpublished_and_private_pages(client, news, place):
    shown = place(client, news)
    assert news["shown"].title in shown
    for page in news["hidden"]:
        assert page.title not in shown, page.title
