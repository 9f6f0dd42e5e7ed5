"""The search page, its facets, the suggestions and how documents follow the catalogue."""

import json

import pytest
from django.urls import reverse

from marketplace.search.selectors import search_suggestions
from tests.search.catalogue import listed_titles


@pytest.mark.django_db
def test_search_lives_at_slash_search_and_the_old_address_redirects(client):
    assert reverse("search:search") == "/search/"
    response = client.get("/shop/search/", {"q": "mật ong"})
    assert response.status_code == 302
    assert response["Location"] == "/search/?q=m%E1%BA%ADt+ong"


@pytest.mark.django_db
def test_products_come_first_then_pages(client, catalogue):
    html = client.get("/search/", {"q": "mat ong bac ha"}).content.decode()
    assert html.index("Mật ong hoa bạc hà – chai 500ml") < html.index(
        "Câu chuyện Hợp tác xã Mật ong Bắc Hà"
    )


@pytest.mark.django_db
def test_facets_count_and_combine_through_get_parameters(client, catalogue):
    district = catalogue["producers"]["giang-a-pao"].district_name
    response = client.get("/search/", {"q": "thit"})
    facets = {f.name: f for f in response.context["search"].facets}
    districts = {v.value: v.count for v in facets["district"].values}
    assert districts[district] == 4  # dê, trâu, lạp xưởng (thịt lợn), dế (category Thịt…)
    # Following a facet link narrows the results and keeps the query in the URL.
    link = next(v.url for v in facets["ocop"].values if v.value == "4")
    narrowed = client.get("/search/" + link)
    assert listed_titles(narrowed) == ["Thịt trâu gác bếp"]
    both = client.get("/search/", {"q": "thit", "district": district, "in_stock": "1"})
    assert set(listed_titles(both)) == {
        "Thịt con dê núi hun khói",
        "Thịt trâu gác bếp",
        "Lạp xưởng gác bếp",
        "Con dế rang lá chanh",
    }
    priced = client.get("/search/", {"q": "thit", "price": "500-"})
    # Hạt dổi rừng: "chấm thịt nướng" in its description.
    assert set(listed_titles(priced)) == {"Thịt trâu gác bếp", "Hạt dổi rừng"}


@pytest.mark.django_db
def test_a_facet_counts_the_other_choices_of_its_own_kind(client, catalogue):
    """Within one facet the counts ignore its own choice, so a second district can be added."""
    response = client.get("/search/", {"district": "Bắc Hà"})
    districts = {
        v.value: v
        for v in next(f for f in response.context["search"].facets if f.name == "district").values
    }
    assert districts["Bắc Hà"].chosen and not districts["Sa Pa"].chosen
    assert districts["Sa Pa"].count == 4
    assert "district=B%E1%BA%AFc+H%C3%A0" in districts["Sa Pa"].url
    assert "district=Sa+Pa" in districts["Sa Pa"].url


@pytest.mark.django_db
def test_malformed_facet_values_are_ignored(client, catalogue):
    response = client.get("/search/", {"q": "mat ong", "category": "x", "ocop": "9", "price": "?"})
    assert response.status_code == 200
    assert len(response.context["products"]) == 6


@pytest.mark.parametrize("card_cache", [True, False], ids=["cards-cached", "cards-rendered"])
@pytest.mark.django_db
def test_search_page_queries_do_not_grow_with_the_results(
    client,
    catalogue,
    django_assert_max_num_queries,
    django_assert_num_queries,
    settings,
    card_cache,
):
    # With the card cache, each search is visited once first: its cards are then cached, and
    # the page reads only their ids. Without it, every card's product is read (one query for
    # them all, and one per thing the cards read).
    settings.CHOPHIEN_CARD_CACHE = card_cache
    client.get("/search/", {"q": "che"})  # warm caches (site root paths, content types)
    client.get("/search/", {"q": "tam that"})
    client.get("/search/", {"q": "thit"})
    with django_assert_max_num_queries(40) as few:
        one = client.get("/search/", {"q": "tam that"})
    with django_assert_num_queries(len(few.captured_queries)):
        many = client.get("/search/", {"q": "thit"})
    assert len(one.context["products"]) == 1 and len(many.context["products"]) == 6


@pytest.mark.django_db
def test_suggestions_are_json_titles_with_links(client, catalogue, django_assert_num_queries):
    with django_assert_num_queries(1):
        search_suggestions(query="MAT ONG r")
    response = client.get(reverse("search:suggest"), {"q": "MAT ONG r"})
    results = json.loads(response.content)["results"]
    assert results[0]["title"] == "Mật ong rừng nguyên chất"
    assert results[0]["url"] == catalogue["products"]["Mật ong rừng nguyên chất"].get_absolute_url()
    assert json.loads(client.get(reverse("search:suggest"), {"q": "m"}).content) == {"results": []}


@pytest.mark.django_db
def test_a_long_facet_shows_its_first_values_and_a_link_to_all(client):
    """Thirteen producers of honey: the producer facet lists the ten with the most products
    (and any chosen one), then "Show all 13", which lists every one, and "Show fewer"."""
    from marketplace.search.indexing import search_documents_rebuild
    from tests.factories.marketplace import make_product
    from tests.factories.producers import make_producer

    producers = [make_producer(name=f"Hợp tác xã Ong số {n:02d}") for n in range(13)]
    for n, producer in enumerate(producers):
        for copy in range(1 + (n < 10)):  # the first ten have two products each
            make_product(title=f"Mật ong Khau Phạ {n}-{copy}", partner=producer.partner)
    search_documents_rebuild()  # the on-commit refresh does not fire inside a test

    def producer_facet(params):
        response = client.get("/search/" + params) if isinstance(params, str) else None
        response = response or client.get("/search/", params)
        facet = next(f for f in response.context["search"].facets if f.name == "producer")
        return facet, response.content.decode()

    facet, html = producer_facet({"q": "khau pha"})
    assert [v.label for v in facet.values] == [f"Hợp tác xã Ong số {n:02d}" for n in range(10)]
    assert facet.total == 13 and "Xem tất cả 13" in html and "Thu gọn" not in html
    assert facet.more_url == "?q=khau+pha&more=producer"
    everything, html = producer_facet(facet.more_url)
    assert len(everything.values) == 13 and "Thu gọn" in html and "Xem tất cả 13" not in html
    assert everything.fewer_url == "?q=khau+pha"
    # A chosen producer beyond the first ten stays listed (marked chosen).
    last = producers[12]
    chosen, _ = producer_facet({"q": "khau pha", "producer": str(last.pk)})
    assert chosen.values[-1].label == "Hợp tác xã Ong số 12" and chosen.values[-1].chosen
    assert len(chosen.values) == 11
    # Three chosen producers with nothing matching: listed with 0, and the three of the
    # thirteen not shown are still behind "Xem tất cả 13".
    others = [make_producer(name=f"Hợp tác xã Chè số {n}") for n in range(3)]
    for other in others:
        make_product(title="Chè Shan Tuyết", partner=other.partner)
    search_documents_rebuild()
    facet, html = producer_facet({"q": "khau pha", "producer": [str(o.pk) for o in others]})
    assert [v.count for v in facet.values] == [2] * 10 + [0, 0, 0]
    assert facet.total == 13 and "Xem tất cả 13" in html


@pytest.mark.django_db
def test_a_chosen_value_with_no_match_stays_listed_to_be_removed(client, catalogue):
    """Nothing of "mật ong" comes from Văn Bàn: the district is still shown, chosen, with 0,
    and its link removes it. A chosen id that names nobody, a hidden category or a producer
    the public may not see is not shown (its name must not leak through a typed URL)."""
    from marketplace.catalogue.models import Category
    from producers.models import Producer
    from tests.factories.marketplace import make_category
    from tests.factories.producers import make_producer

    hidden = make_category(name="Danh mục nội bộ")
    Category.objects.filter(pk=hidden.pk).update(is_public=False)
    pending = make_producer(name="Hộ chờ duyệt Lò Văn Nam", status=Producer.Status.SUBMITTED)
    response = client.get(
        "/search/",
        {
            "q": "mat ong",
            "district": "Văn Bàn",
            "producer": ["999999", str(pending.pk)],
            "category": str(hidden.pk),
        },
    )
    facets = {f.name: f for f in response.context["search"].facets}
    van_ban = next(v for v in facets["district"].values if v.value == "Văn Bàn")
    assert van_ban.chosen and van_ban.count == 0
    assert "district" not in van_ban.url and "q=mat+ong" in van_ban.url
    listed = [v.value for f in facets.values() for v in f.values]
    assert "999999" not in listed and str(pending.pk) not in listed and str(hidden.pk) not in listed
    html = response.content.decode()
    assert 'title="Bỏ bộ lọc này">Văn Bàn' in html
    assert "Lò Văn Nam" not in html and "Danh mục nội bộ" not in html
