"""Key storefront pages cost the same number of SQL queries with few or many items, within the
budgets of the performance issue (catalogue ≤ 15, product ≤ 20, basket ≤ 15)."""

import pytest
from django.urls import reverse

from tests.factories.marketplace import make_category, make_product
from tests.factories.producers import make_producer

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    """What a page costs to build: the full-page cache (pagecache) would serve the second
    visit with no query at all."""
    settings.CHOPHIEN_PAGE_CACHE = False


def _catalogue(size: int, category):
    producers = [make_producer(name=f"Hợp tác xã số {n}") for n in range(3)]
    return [
        make_product(
            title=f"Mật ong rừng số {n}",
            partner=producers[n % 3].partner,
            category=category,
        )
        for n in range(size)
    ]


def _count(client, django_assert_max_num_queries, url, limit) -> int:
    client.get(url)  # the first visit creates the session and its basket
    with django_assert_max_num_queries(limit) as captured:
        response = client.get(url)
        assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("card_cache", [True, False], ids=["cards-cached", "cards-rendered"])
@pytest.mark.parametrize("page", ["catalogue", "category"])
def test_listing_pages_cost_the_same_with_4_or_48_products(
    client, django_assert_max_num_queries, settings, page, card_cache
):
    # Without the card cache (development's default) every card is rendered: the products
    # the listing gave as ids are read once, with what the cards read prefetched.
    settings.CHOPHIEN_CARD_CACHE = card_cache
    counts = []
    for size in (4, 48):
        category = make_category(name=f"Mật ong {size}", slug=f"mat-ong-{size}")
        _catalogue(size, category)
        url = reverse("catalogue:index") if page == "catalogue" else category.get_absolute_url()
        counts.append(_count(client, django_assert_max_num_queries, url, 15))
    assert counts[0] == counts[1], counts


def test_a_product_page_costs_the_same_with_1_or_4_recently_viewed_products(
    client, django_assert_max_num_queries
):
    products = _catalogue(6, make_category())
    counts = []
    for seen in (1, 4):
        client.cookies.clear()
        for product in products[1 : 1 + seen]:
            client.get(product.get_absolute_url())  # fills the "recently viewed" strip
        url = products[0].get_absolute_url()
        counts.append(_count(client, django_assert_max_num_queries, url, 20))
    assert counts[0] == counts[1], counts


def test_the_basket_costs_the_same_with_1_or_30_lines(client, django_assert_max_num_queries):
    """Each line's product, class, stock record, partner and producer come with the lines
    (marketplace.basket.models.Basket.all_lines); the offers and the shipping rates are read
    once per request."""
    category = make_category()
    products = _catalogue(30, category)
    counts = []
    for lines in (1, 30):
        client.cookies.clear()
        for product in products[:lines]:
            response = client.post(
                reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1}
            )
            assert response.status_code == 302
        url = reverse("basket:summary")
        counts.append(_count(client, django_assert_max_num_queries, url, 15))
    assert counts[0] == counts[1], counts


def test_the_producer_portal_home_costs_the_same_with_1_or_40_products_and_orders(
    client, django_assert_max_num_queries
):
    from accounts.models import User
    from tests.factories.orders import make_order

    counts = []
    for size in (1, 40):
        producer = make_producer(name=f"Hợp tác xã {size}")
        category = make_category()
        products = [
            make_product(title=f"Chè số {n}", partner=producer.partner, category=category)
            for n in range(size)
        ]
        for product in products:
            make_order(items=[(product, 1)])
        user = User.objects.create_user(email=f"portal{size}@example.com", password="x" * 12)
        producer.partner.users.add(user)
        client.force_login(user)
        counts.append(_count(client, django_assert_max_num_queries, reverse("portal:home"), 15))
    assert counts[0] == counts[1], counts


def test_the_mentor_dashboard_costs_the_same_with_5_or_200_mentees(
    client, django_assert_max_num_queries
):
    """A mentor of the province opens the dashboard; its counts come from the cache or the
    stored counts of the nightly recompute (as for every visitor but the first)."""
    from accounts.models import User
    from mentoring import services as mentoring_services
    from mentoring.models import OrgUnitRole
    from tests.mentoring.test_dashboard import _build, _url

    counts = []
    for members, districts, communes in ((5, 1, 1), (200, 3, 3)):
        province = _build(members=members, districts=districts, communes_each=communes)
        mentor = User.objects.create_user(email=f"mentor{members}@example.com", password="x" * 12)
        mentoring_services.org_unit_role_grant(
            role=OrgUnitRole.objects.create(user=mentor, org_unit=province)
        )
        client.force_login(User.objects.get(pk=mentor.pk))
        counts.append(
            _count(client, django_assert_max_num_queries, _url("index", unit=province.pk), 20)
        )
    assert counts[0] == counts[1], counts
