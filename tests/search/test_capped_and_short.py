"""Broad searches (issue 7): matches counted exactly up to a cap, "more than N" beyond it,
paging limited to the cap and facet counts hidden when they would describe a sample; and
one-letter queries, which are not searched ("type more")."""

import pytest
from django.utils import translation

from marketplace.search.backends import get_engine
from marketplace.search.backends.matching import ParsedQuery
from marketplace.search.query import SearchFilters
from marketplace.search.views.search import grouped
from tests.search.catalogue import listed_titles

CAP = "marketplace.search.backends.results.RESULT_CAP"


@pytest.fixture
def cap_of_five(monkeypatch):
    monkeypatch.setattr(CAP, 5)


def _facet_counts(response) -> dict[str, list]:
    return {f.name: [v.count for v in f.values] for f in response.context["search"].facets}


@pytest.mark.django_db
def test_more_matches_than_the_cap_say_more_than_and_page_up_to_it(
    client, catalogue, cap_of_five, monkeypatch
):
    monkeypatch.setattr("marketplace.search.views.search.RESULTS_PER_PAGE", 2)
    response = client.get("/search/", {"q": "mat ong"})  # six matches
    html = response.content.decode()
    assert "Hơn 5 kết quả" in html
    assert response.context["paginator"].count == 5
    assert response.context["paginator"].num_pages == 3
    # Every page up to the cap lists different products; none lies beyond it.
    listed = [
        p.pk
        for page in (1, 2, 3)
        for p in client.get("/search/", {"q": "mat ong", "page": page}).context["products"]
    ]
    assert len(listed) == len(set(listed)) == 5  # the paginator stops at the cap
    assert client.get("/search/", {"q": "mat ong", "page": 9}).context["page_obj"].number == 3
    # Facet values are still offered, but their counts (of a sample) are not shown.
    counts = _facet_counts(response)
    assert counts["category"] and all(n is None for ns in counts.values() for n in ns)
    assert 'class="cp-facet__count"' not in html


def test_the_cap_is_written_the_vietnamese_way():
    with translation.override("vi"):
        assert grouped(1000) == "1.000"
    with translation.override("en"):
        assert grouped(1000) == "1,000"


@pytest.mark.django_db
def test_other_sorts_are_capped_too(client, catalogue, cap_of_five):
    response = client.get("/search/", {"q": "mat ong", "sort": "price-asc"})
    assert "Hơn 5 kết quả" in response.content.decode()
    assert response.context["paginator"].count == 5


@pytest.mark.django_db
def test_at_most_the_cap_counts_exactly(client, catalogue, monkeypatch):
    monkeypatch.setattr(CAP, 6)
    response = client.get("/search/", {"q": "mat ong"})
    html = response.content.decode()
    assert "Hơn" not in html and "6 sản phẩm" in html
    assert response.context["paginator"].count == 6
    counts = _facet_counts(response)
    assert sum(counts["category"]) == 6  # each product in one category


@pytest.mark.django_db
def test_capped_ranking_keeps_title_matches_first(catalogue, monkeypatch):
    """Over the cap, the candidates hold the title matches before any other match, so the
    best titled products still lead."""
    monkeypatch.setattr(CAP, 2)
    engine = get_engine()
    q = engine.prepare(ParsedQuery("mat ong"))
    results = engine.product_results(q, SearchFilters(), "relevance")
    assert results.capped and results.count() == 2
    titles = [d.product.title for d in results.select_related("product")[0:2]]
    assert all("Mật ong" in t for t in titles)


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["m", "M", "ă", "a b"])
def test_one_letter_queries_ask_for_more(client, catalogue, query):
    response = client.get("/search/", {"q": query})
    html = response.content.decode()
    assert response.context["search"].too_short
    assert "Gõ thêm để tìm" in html
    assert list(response.context["products"]) == []
    assert response.context["search"].facets == [] and response.context["search"].pages == []


@pytest.mark.django_db
def test_a_one_letter_word_beside_a_longer_one_is_searched(client, catalogue):
    response = client.get("/search/", {"q": "mat o"})
    assert not response.context["search"].too_short
    assert set(listed_titles(response)) >= {"Mật ong rừng nguyên chất"}
    assert "Gõ thêm để tìm" not in response.content.decode()


@pytest.mark.django_db
def test_two_letters_are_searched(client, catalogue):
    response = client.get("/search/", {"q": "ga"})
    assert not response.context["search"].too_short
    assert "Gõ thêm để tìm" not in response.content.decode()


@pytest.mark.django_db
def test_a_chosen_value_outside_a_capped_sample_is_listed_without_a_count(
    client, catalogue, cap_of_five
):
    """Facets counted over a sample show no count; a chosen category the sample missed is
    listed (to be removed) without one too, not with a 0 that the sample cannot know."""
    from marketplace.catalogue.models import Category

    tea = Category.objects.get(name="Chè và trà")
    response = client.get("/search/", {"q": "mat ong", "category": str(tea.pk)})
    category = next(f for f in response.context["search"].facets if f.name == "category")
    assert [(v.label, v.count) for v in category.values if v.chosen] == [("Chè và trà", None)]
