"""The fast paths of search (issue 7's benchmark): the ranked shortlist, the facets from one
scan, the cached browse facets and the typo check. Each is held to the slow, obvious answer."""

import pytest
from django.db import connection
from django.http import QueryDict

from marketplace.search.backends import get_engine
from marketplace.search.backends.facets import FACETS
from marketplace.search.backends.matching import ParsedQuery
from marketplace.search.backends.results import RankedResults
from marketplace.search.query import SearchFilters
from marketplace.search.selectors import search_page
from tests.search.relevance_cases import CASES


def _naive_ranking(engine, q: ParsedQuery, filters: SearchFilters) -> list[int]:
    """Every match scored by the full score: what the page did before the shortlist."""
    documents = filters.apply(engine.products(q)).order_by(*engine.ordering(q, "relevance"))
    return list(documents.values_list("product_id", flat=True))


def _ranked(query: str, size: int, params: str = "") -> tuple[RankedResults, list[int]]:
    engine = get_engine()
    q = engine.prepare(ParsedQuery(query))
    filters = SearchFilters.from_querydict(QueryDict(params))
    results = RankedResults(
        engine=engine, q=q, documents=filters.apply(engine.matches(q)), size=size
    )
    return results, _naive_ranking(engine, q, filters)


@pytest.mark.django_db
@pytest.mark.parametrize("query", sorted({c[0] for c in CASES})[:25])
def test_a_shortlist_as_long_as_the_matches_gives_the_full_ranking(catalogue, query):
    results, naive = _ranked(query, size=100)
    assert [d.product_id for d in results] == naive
    assert results.count() == len(naive)


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 2, 3, 5])
def test_a_short_shortlist_lists_every_match_once_and_counts_them_all(catalogue, size):
    results, naive = _ranked("mat ong", size=size)
    assert len(naive) > size  # the case the shortlist exists for
    listed = [d.product_id for d in results]
    assert sorted(listed) == sorted(naive)
    assert results.count() == len(naive)
    # Pages cut across the end of the shortlist give the same order as listing everything.
    paged = [d.product_id for start in range(0, len(naive), 2) for d in results[start : start + 2]]
    assert paged == listed


@pytest.mark.django_db
def test_the_shortlist_holds_the_best_titles_ranked_by_the_full_score(catalogue):
    engine = get_engine()
    q = engine.prepare(ParsedQuery("mat ong"))
    results, naive = _ranked("mat ong", size=3)
    by_title = list(
        engine.matches(q)
        .annotate(title_score=engine.title_score(q))
        .order_by("-title_score", "title_folded", "product_id")
        .values_list("product_id", flat=True)
    )
    head = [d.product_id for d in results[0:3]]
    assert set(head) == set(by_title[:3])
    assert head == [i for i in naive if i in set(head)]  # in the full score's order
    assert [d.product_id for d in results[3:]] == by_title[3:]  # then the title's order


@pytest.mark.django_db
def test_the_search_page_lists_the_shortlist_then_the_rest(catalogue, settings, monkeypatch):
    monkeypatch.setattr("marketplace.search.backends.results.SHORTLIST_SIZE", 2)
    params = QueryDict("q=mat+ong")
    documents = search_page(params=params).documents
    assert documents.count() == 6
    titles = [d.product.title for d in documents.select_related("product")]
    assert titles[0] == "Mật ong hoa bạc hà – chai 500ml"  # the relevance set's first
    assert len(set(titles)) == 6


FACET_PARAMS = [
    "q=thit",
    "q=mat+ong",
    "q=thit&district=Si+Ma+Cai&in_stock=1",
    "q=thit&price=500-&ocop=4",
    "district=B%E1%BA%AFc+H%C3%A0",
    "price=0-100&price=200-500&in_stock=1",
    "",
]


@pytest.mark.django_db
@pytest.mark.parametrize("params", FACET_PARAMS)
def test_facets_from_one_scan_equal_counting_each_facet_alone(catalogue, params):
    engine = get_engine()
    data = QueryDict(params)
    q = engine.prepare(ParsedQuery(data.get("q", "")))
    filters = SearchFilters.from_querydict(data)
    matched = engine.matches(q)
    naive = {name: engine.facet(filters.apply(matched, without=name), name) for name in FACETS}
    assert any(naive.values())
    assert engine.product_facets(q, filters, cached=False) == naive


@pytest.mark.django_db
def test_facets_are_one_query(catalogue, django_assert_num_queries):
    engine = get_engine()
    filters = SearchFilters.from_querydict(QueryDict("district=Sa+Pa&in_stock=1&price=0-100"))
    q = engine.prepare(ParsedQuery("mat ong"))
    with django_assert_num_queries(1):
        engine.product_facets(q, filters)


@pytest.mark.django_db
def test_browse_facets_are_cached_until_a_product_changes(catalogue, django_assert_num_queries):
    engine = get_engine()
    filters = SearchFilters()
    first = engine.product_facets(ParsedQuery(""), filters)
    with django_assert_num_queries(0):
        assert engine.product_facets(ParsedQuery(""), filters) == first
    product = catalogue["products"]["Mật ong rừng nguyên chất"]
    product.is_public = False
    product.save()  # bumps the page cache version (pagecache.signals)
    from marketplace.search.indexing import product_documents_refresh

    product_documents_refresh(product_ids=[product.pk])
    with django_assert_num_queries(1):
        again = engine.product_facets(ParsedQuery(""), filters)
    assert sum(n for _, n in again["category"]) == sum(n for _, n in first["category"]) - 1


@pytest.mark.django_db
def test_typo_matching_only_for_words_found_nowhere_as_typed(catalogue):
    if connection.vendor != "postgresql":
        pytest.skip("typo matching is PostgreSQL's pg_trgm")
    engine = get_engine()
    typo = engine.prepare(ParsedQuery("thao quar"))
    assert typo.fuzzy_words == ["quar"] and "qua" in typo.neighbours["quar"]
    assert engine.prepare(ParsedQuery("nam huong")).fuzzy_words == []
    assert engine.prepare(ParsedQuery("shan tuyeet")).neighbours == {"tuyeet": ["tuyet"]}


@pytest.mark.django_db
def test_refreshing_documents_adds_their_words_to_the_vocabulary(catalogue):
    if connection.vendor != "postgresql":
        pytest.skip("only PostgreSQL looks typos up in the vocabulary")
    from marketplace.search.indexing import product_documents_refresh
    from marketplace.search.models import SearchWord

    product = catalogue["products"]["Mộc nhĩ đen"]
    product.title = "Mộc nhĩ đen Sín Chéng 2026"
    product.save()
    product_documents_refresh(product_ids=[product.pk])
    assert SearchWord.objects.filter(word__in=["sin", "cheng"]).count() == 2
    assert not SearchWord.objects.filter(word="2026").exists()  # numbers are left out
    q = get_engine().prepare(ParsedQuery("moc chengg"))
    assert q.neighbours == {"chengg": ["cheng"]}


@pytest.mark.django_db
def test_sorting_by_price_computes_no_score(catalogue):
    params = QueryDict("q=mat+ong&sort=price-asc")
    documents = search_page(params=params).documents
    assert "score" not in str(documents.documents.query).lower()
    prices = [d.price for d in documents]
    assert len(prices) == 6 and prices == sorted(prices)


@pytest.mark.parametrize(
    "query_string",
    ["q=mật+ong", "q=che&producer=3&page=4", "district=Bắc+Hà&q=x&producer=3&producer=9",
     "page=2", "", "ocop=4&sort=price&q=a%26b"],
)  # fmt: skip
def test_facet_toggle_urls_are_those_of_querydict(query_string):
    """The toggle URLs, built once per facet, equal the plain QueryDict way (copy, set the
    value list, drop the page, urlencode) for every facet value."""
    from django.http import QueryDict

    from marketplace.search.selectors import _ToggleUrls

    params = QueryDict(query_string)
    toggle = _ToggleUrls(params)
    for name in ("producer", "district", "ocop", "in_stock"):
        for value in ("3", "9", "Bắc Hà", "Sa Pa & Bát Xát"):
            expected = params.copy()
            expected.pop("page", None)
            values = expected.getlist(name)
            values.remove(value) if value in values else values.append(value)
            expected.setlist(name, values)
            assert toggle.url(name, value) == "?" + expected.urlencode()
