"""The search page, its facets, the suggestions and how documents follow the catalogue."""

import json

import pytest
from django.urls import reverse

from marketplace.search.selectors import search_suggestions


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
    district = catalogue["producers"]["giang-a-pao"].district
    response = client.get("/search/", {"q": "thit"})
    facets = {f.name: f for f in response.context["search"].facets}
    districts = {v.label: v.count for v in facets["district"].values}
    assert districts[district] == 4  # dê, trâu, lạp xưởng (thịt lợn), dế (category Thịt…)
    # Following a facet link narrows the results and keeps the query in the URL.
    link = next(v.url for v in facets["ocop"].values if v.value == "4")
    narrowed = client.get("/search/" + link)
    assert [p.title for p in narrowed.context["products"]] == ["Thịt trâu gác bếp"]
    both = client.get("/search/", {"q": "thit", "district": district, "in_stock": "1"})
    assert {p.title for p in both.context["products"]} == {
        "Thịt con dê núi hun khói",
        "Thịt trâu gác bếp",
        "Lạp xưởng gác bếp",
        "Con dế rang lá chanh",
    }
    priced = client.get("/search/", {"q": "thit", "price": "500-"})
    # Hạt dổi rừng: "chấm thịt nướng" in its description.
    assert {p.title for p in priced.context["products"]} == {"Thịt trâu gác bếp", "Hạt dổi rừng"}


@pytest.mark.django_db
def test_a_facet_counts_the_other_choices_of_its_own_kind(client, catalogue):
    """Within one facet the counts ignore its own choice, so a second district can be added."""
    response = client.get("/search/", {"district": "Bắc Hà"})
    districts = {
        v.label: v
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


@pytest.mark.django_db
def test_search_page_queries_do_not_grow_with_the_results(
    client, catalogue, django_assert_max_num_queries, django_assert_num_queries
):
    client.get("/search/", {"q": "che"})  # warm caches (site root paths, content types)
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
