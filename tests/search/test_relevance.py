"""The relevance set runs on SQLite and on PostgreSQL (CI runs the suite on both)."""

import pytest
from django.db import connection
from django.http import QueryDict

from marketplace.search.selectors import search_page
from tests.search.relevance_cases import CASES, TRIGRAM_CASES


def _titles(query: str) -> list[str]:
    params = QueryDict(mutable=True)
    params["q"] = query
    documents = search_page(params=params).documents.select_related("product")
    return [d.product.title for d in documents]


def test_the_relevance_set_has_at_least_fifty_queries():
    assert len(CASES) >= 50


@pytest.mark.django_db
@pytest.mark.parametrize(("query", "first", "absent"), CASES, ids=[c[0] for c in CASES])
def test_query_finds_the_expected_product_first(catalogue, query, first, absent):
    titles = _titles(query)
    assert titles, f"nothing found for {query!r}"
    assert titles[0] == first, titles[:5]
    assert not set(absent) & set(titles)


@pytest.mark.django_db
@pytest.mark.parametrize(("query", "first"), TRIGRAM_CASES, ids=[c[0] for c in TRIGRAM_CASES])
def test_typos_find_the_product_on_postgresql(catalogue, query, first):
    if connection.vendor != "postgresql":
        pytest.skip("trigram similarity needs PostgreSQL's pg_trgm")
    assert _titles(query)[:1] == [first]


@pytest.mark.django_db
def test_spellings_of_one_query_give_the_same_results(catalogue):
    import unicodedata

    spellings = ["mat ong", "mật ong", "MẬT ONG", unicodedata.normalize("NFD", "mật ong")]
    results = [_titles(s) for s in spellings]
    # The three honeys first; the honey cooperative's other products after them.
    assert {t for t in results[0][:3]} == {t for t in results[0] if t.startswith("Mật ong")}
    assert len(results[0]) == 6
    assert all(r == results[0] for r in results)


@pytest.mark.django_db
def test_exact_diacritics_rank_the_goat_before_the_cricket(catalogue):
    assert _titles("con dê")[:2] == ["Thịt con dê núi hun khói", "Con dế rang lá chanh"]
    assert _titles("con dế")[:2] == ["Con dế rang lá chanh", "Thịt con dê núi hun khói"]
