"""The commune facet: buyers choose today's commune ("Xã Tú Lệ") beside the former district
("Văn Chấn (cũ)"). Kept apart from the shared catalogue, which is built without the map."""

import pytest
from django.http import QueryDict

from marketplace.search.backends import get_engine
from marketplace.search.backends.facets import FACETS
from marketplace.search.backends.matching import ParsedQuery
from marketplace.search.query import SearchFilters
from tests.factories.marketplace import make_product
from tests.search.catalogue import listed_titles


@pytest.fixture
def shop(admin_units, django_capture_on_commit_callbacks):
    from tests.factories.producers import home_commune, make_producer

    with django_capture_on_commit_callbacks(execute=True):
        tu_le = make_producer(
            name="Hộ Lò Thị Nhung", commune=home_commune("Tú Lệ", district="Văn Chấn")
        )
        cat_thinh_producer = make_producer(
            name="Hộ Hoàng Văn Sáng", commune=home_commune("Cát Thịnh", district="Văn Chấn")
        )
        ta_van = make_producer(
            name="Hộ Giàng A Dơ", commune=home_commune("Tả Van", district="Sa Pa")
        )
        for title, producer in [
            ("Gạo nếp Tú Lệ – túi 2kg", tu_le),
            ("Cốm Tú Lệ", tu_le),
            ("Gạo nếp Cát Thịnh", cat_thinh_producer),
            ("Gạo nếp Tả Van", ta_van),
        ]:
            make_product(title=title, partner=producer.partner, origin_district="", price=50000)
    return {"tu_le": tu_le, "cat_thinh": cat_thinh_producer, "ta_van": ta_van}


def _facet(response, name):
    facet = next((f for f in response.context["search"].facets if f.name == name), None)
    return {v.value: v for v in facet.values} if facet else {}


@pytest.mark.django_db
def test_buyers_choose_todays_commune_beside_the_former_district(client, shop):
    tu_le = shop["tu_le"].commune.full_name
    cat_thinh = shop["cat_thinh"].commune.full_name
    assert tu_le == "Xã Tú Lệ" and cat_thinh != tu_le
    response = client.get("/search/", {"q": "gao nep"})
    communes = _facet(response, "commune")
    assert {name: v.count for name, v in communes.items()} == {
        tu_le: 1,
        cat_thinh: 1,
        shop["ta_van"].commune.full_name: 1,
    }
    districts = _facet(response, "district")
    assert districts["Văn Chấn"].label == "Văn Chấn (cũ)"  # which map each facet speaks of
    html = response.content.decode()
    assert "Xã hoặc phường" in html and "Xã Tú Lệ" in html and "Văn Chấn (cũ)" in html

    # Following the commune's link narrows the results; the commune facet still counts the
    # other communes (a second one can be added), the district facet counts within Tú Lệ.
    narrowed = client.get("/search/" + communes[tu_le].url)
    assert listed_titles(narrowed) == ["Gạo nếp Tú Lệ – túi 2kg"]
    communes = _facet(narrowed, "commune")
    assert communes[tu_le].chosen and communes[cat_thinh].count == 1
    assert {name: v.count for name, v in _facet(narrowed, "district").items()} == {"Văn Chấn": 1}

    browse = client.get("/search/", {"commune": [tu_le, cat_thinh]})
    assert set(listed_titles(browse)) == {
        "Gạo nếp Tú Lệ – túi 2kg",
        "Cốm Tú Lệ",
        "Gạo nếp Cát Thịnh",
    }


@pytest.mark.django_db
@pytest.mark.parametrize("params", ["", "q=gao", "commune=X%C3%A3+T%C3%BA+L%E1%BB%87&q=gao"])
def test_commune_facet_from_one_scan_equals_counting_it_alone(shop, params):
    engine = get_engine()
    data = QueryDict(params)
    q = engine.prepare(ParsedQuery(data.get("q", "")))
    filters = SearchFilters.from_querydict(data)
    matched = engine.matches(q)
    naive = {name: engine.facet(filters.apply(matched, without=name), name) for name in FACETS}
    assert naive["commune"]
    assert engine.product_facets(q, filters, cached=False) == naive


@pytest.mark.django_db
def test_the_commune_facet_costs_no_extra_query(shop, django_assert_num_queries):
    engine = get_engine()
    filters = SearchFilters.from_querydict(QueryDict("commune=X%C3%A3+T%C3%BA+L%E1%BB%87"))
    q = engine.prepare(ParsedQuery("gao nep"))
    with django_assert_num_queries(1):
        facets = engine.product_facets(q, filters)
    assert ("Xã Tú Lệ", 1) in facets["commune"]


@pytest.mark.django_db
def test_the_migration_gives_existing_documents_their_producers_commune(shop):
    """Documents written before the field existed get the commune from the migration, not
    only at the product's next save."""
    import importlib

    from django.apps import apps

    from marketplace.search.models import ProductSearchDocument

    migration = importlib.import_module("marketplace.search.migrations.0004_product_commune")
    ProductSearchDocument.objects.update(commune="")
    migration.fill_communes(apps, None)
    communes = dict(ProductSearchDocument.objects.values_list("product__title", "commune"))
    assert communes["Cốm Tú Lệ"] == "Xã Tú Lệ"
    assert communes["Gạo nếp Tả Van"] == shop["ta_van"].commune.full_name
