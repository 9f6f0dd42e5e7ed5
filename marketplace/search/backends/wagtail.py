"""OpenSearch / Elasticsearch through Wagtail's search framework, for a national catalogue.

Configuration (see README, "Search"):

    CHOPHIEN_SEARCH_ENGINE=wagtail
    WAGTAILSEARCH_URL=https://search.example.vn:9200
    WAGTAILSEARCH_BACKEND=wagtail.search.backends.opensearch2   # or elasticsearch8

then `manage.py wagtail_update_index`. The same search documents are indexed (their
`search_fields` switch on with this engine), with the query folded in Python exactly as for
the database engines, so "mat ong" and "mật ong" still meet. Facet counts come from the
search server's aggregations (`.facet()`), one request per facet, as in the database engines.
"""

from django.db.models import QuerySet

from core.pages import pages_public
from marketplace.search.backends.facets import FACET_FIELDS, FACETS
from marketplace.search.backends.matching import ParsedQuery
from marketplace.search.models import ProductSearchDocument
from marketplace.search.query import PRICE_BANDS, SearchFilters, ocop_valid_q


class WagtailEngine:
    name = "wagtail"

    def _search(self, documents: QuerySet, q: ParsedQuery, order_by_relevance=True):
        if not q:
            return documents
        return documents.search(
            q.folded,
            fields=["title_folded", "text_folded"],
            operator="and",
            order_by_relevance=order_by_relevance,
        )

    def product_search(self, *, query: str, filters: SearchFilters, sort: str):
        q = ParsedQuery(query)
        base = ProductSearchDocument.objects.listed()
        orders = {
            "newest": ["-date_created"],
            "price-asc": ["price"],
            "price-desc": ["-price"],
        }
        ordered = filters.apply(base).order_by(*orders.get(sort, ["-date_created"]))
        results = self._search(ordered, q, order_by_relevance=sort == "relevance")
        facets = {}
        for name in FACETS:
            documents = filters.apply(base, without=name)
            if name == "price":
                facets[name] = [
                    (key, n)
                    for key, band in PRICE_BANDS.items()
                    if (n := self._search(documents.filter(**band.lookups), q).count())
                ]
            elif name == "in_stock":
                n = self._search(documents.filter(in_stock=True), q).count()
                facets[name] = [("1", n)] if n else []
            elif name == "ocop":
                searched = self._search(documents.filter(ocop_valid_q()), q)
                facets[name] = [(str(k), n) for k, n in searched.facet("ocop_stars").items()]
            else:
                searched = self._search(documents, q)
                facet = searched.facet(FACET_FIELDS[name]).items()
                facets[name] = [(k, n) for k, n in facet if k not in (None, "")]
        return results, facets

    def pages(self, q: ParsedQuery, limit: int) -> list[int]:
        if not q:
            return []
        results = pages_public().search(q.folded)
        return [page.pk for page in results[:limit]]

    def suggest(self, q: ParsedQuery, limit: int) -> list[tuple[int, str, str]]:
        results = ProductSearchDocument.objects.listed().autocomplete(
            q.folded, fields=["title_folded"]
        )
        ids = [d.product_id for d in results[:limit]]
        from marketplace.catalogue.models import Product

        rows = {
            p[0]: p for p in Product.objects.filter(pk__in=ids).values_list("pk", "title", "slug")
        }
        return [rows[i] for i in ids if i in rows]
