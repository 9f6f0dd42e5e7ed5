"""Search over the search documents with the database alone (SQLite and PostgreSQL): the
portable engine. PostgreSQL's additions are in postgres.py; the query's words and shared
conditions in matching.py, the facets in facets.py, the paged results in results.py."""

from django.db.models import Count, F, FloatField, IntegerField, Q, QuerySet, Value
from django.db.models.expressions import RawSQL

from marketplace.search.backends import results
from marketplace.search.backends.facets import (
    FACET_FIELDS,
    FACET_KEYS,
    FACETS,
    browse_facets_cached,
    facet_rows,
    facets_from_rows,
)
from marketplace.search.backends.matching import ParsedQuery, in_title, points_sql
from marketplace.search.models import PageSearchDocument, ProductSearchDocument
from marketplace.search.query import PRICE_BANDS, SearchFilters, ocop_valid_q


class DatabaseEngine:
    """LIKE on the folded text: every typed word must start a word of the product's text."""

    name = "database"

    def match_filter(self, q: ParsedQuery, prefix: str = "") -> Q:
        condition = Q()
        for word in q.folded_words:
            condition &= Q(**{f"{prefix}text_folded__contains": f" {word}"})
        return condition

    def score_conditions(self, q: ParsedQuery) -> list[tuple[str, str, str, int]]:
        """Exact diacritics first (an exactly typed "con dê" beats "con dế"), then the phrase
        in the title, then single words in the title, then anywhere."""
        return [
            ("title_exact", "contains", f" {q.exact} ", 100),
            ("text_exact", "contains", f" {q.exact} ", 40),
            ("title_folded", "contains", f" {q.folded} ", 30),
            ("title_folded", "startswith", f" {q.folded}", 10),
            *[("title_exact", "contains", f" {w} ", 6) for w in q.exact_words],
            *[("text_exact", "contains", f" {w} ", 2) for w in q.exact_words],
            *[("title_folded", "contains", f" {w}", 5) for w in q.folded_words],
        ]

    def score_sql(self, q: ParsedQuery, model) -> tuple[str, list]:
        """The full score as SQL and its parameters (engines add to it)."""
        return points_sql(model, self.score_conditions(q))

    def score(self, q: ParsedQuery, model=ProductSearchDocument):
        sql, params = self.score_sql(q, model)
        return RawSQL(sql, params, output_field=FloatField())

    def products(self, q: ParsedQuery) -> QuerySet:
        """Listed product documents matching the query, with a `score` (0 without a query)."""
        documents = ProductSearchDocument.objects.listed()
        if not q:
            return documents.annotate(score=Value(0, output_field=FloatField()))
        return documents.filter(self.match_filter(q)).annotate(score=self.score(q))

    def matches(self, q: ParsedQuery) -> QuerySet:
        """Listed product documents matching the query (all of them without one), unscored."""
        documents = ProductSearchDocument.objects.listed()
        return documents.filter(self.match_filter(q)) if q else documents

    def title_score(self, q: ParsedQuery):
        """The part of `score` read from the title alone: cheap enough to compute on every
        match of a broad query (the title is a quarter of the text), so it picks the
        shortlist that the full score then ranks."""
        conditions = [c for c in self.score_conditions(q) if c[0].startswith("title_")]
        sql, params = points_sql(ProductSearchDocument, conditions)
        return RawSQL(sql, params, output_field=IntegerField())

    def prepare(self, q: ParsedQuery) -> ParsedQuery:
        """Hook for engines that look something up once per search (PostgreSQL: which words
        need typo matching)."""
        return q

    def product_search(self, *, query: str, filters: SearchFilters, sort: str):
        q = self.prepare(ParsedQuery(query))
        return self.product_results(q, filters, sort), self.product_facets(q, filters)

    def product_results(self, q: ParsedQuery, filters: SearchFilters, sort: str):
        """The matches in the order asked for: a RankedResults by relevance, a CappedResults
        otherwise (both lazy; counted up to RESULT_CAP). Nothing for a too short query."""
        if q.too_short:
            return results.CappedResults(ProductSearchDocument.objects.none())
        if q and sort == "relevance":
            return results.RankedResults(
                engine=self,
                q=q,
                documents=filters.apply(self.matches(q)),
                # The text starts with the title: a title holding every typed word is a
                # match, found through the short title's index alone.
                titled=filters.apply(ProductSearchDocument.objects.listed().filter(in_title(q))),
            )
        # Sorted by date or price: no score, which would be computed for every match.
        return results.CappedResults(
            filters.apply(self.matches(q)).order_by(*self.ordering(q, sort))
        )

    def product_facets(self, q: ParsedQuery, filters: SearchFilters, *, cached: bool = True):
        """The seven facets (one query; browsing with no words: usually none, from the cache).

        With words typed, the facets count the first RESULT_CAP + 1 matches the database
        finds (any order: no ranking is needed to count), so a broad query ("hop 1kg":
        16,676 matches) reads 1,001 rows, not all of them. When the matches are more than
        the cap, those counts describe a sample, so they are not shown: each value's count
        is None and the page lists the values alone (a value present only beyond the cap is
        missing; choosing any value narrows the search, usually below the cap, and exact
        counts return). Browsing with no words counts everything (cached)."""
        if q.too_short:
            return {name: [] for name in FACETS}
        matched = self.matches(q)
        if q:
            # Matched again outside the subquery, the planner would read every match. The
            # cap is read from results.py at each search (the tests lower it there).
            first = ProductSearchDocument.objects.filter(
                pk__in=matched.values("pk")[: results.RESULT_CAP + 1]
            )
            return self.facets(first, filters, cap=results.RESULT_CAP)
        if not cached:
            return self.facets(matched, filters)
        return browse_facets_cached(filters, lambda: self.facets(matched, filters))

    def facets(
        self, matched: QuerySet, filters: SearchFilters, *, cap: int | None = None
    ) -> dict[str, list[tuple]]:
        """All seven facets from one scan of the matches: each row is grouped by its seven facet
        values and counted once per facet whose other choices it passes (a facet's counts
        ignore its own choice, so a second value can be added). SQLite groups by the seven
        values together and adds up here (a district's catalogue: a few hundred groups);
        PostgreSQL groups by each one separately in one pass (GROUPING SETS)."""
        counters = {f"n_{name}": Count("pk", filter=Q(**{f"keep_{name}": True})) for name in FACETS}
        counters["n_rows"] = Count("pk")
        rows = facet_rows(matched, filters).values(*FACET_KEYS).annotate(**counters)
        return facets_from_rows(list(rows), cap=cap)

    def ordering(self, q: ParsedQuery, sort: str) -> list:
        orders = {
            "newest": ["-date_created", "-product_id"],
            "price-asc": [F("price").asc(nulls_last=True), "product_id"],
            "price-desc": [F("price").desc(nulls_last=True), "product_id"],
        }
        if sort in orders:
            return orders[sort]
        if not q:
            return orders["newest"]
        return ["-score", "title_folded", "product_id"]

    def facet(self, documents: QuerySet, name: str) -> list[tuple]:
        """(value, count) pairs for one facet, most common first (one query). The naive
        count, one facet at a time: the tests hold `facets` to it."""
        if name == "price":
            counts = documents.aggregate(
                **{key: Count("pk", filter=Q(**band.lookups)) for key, band in PRICE_BANDS.items()}
            )
            return [(key, counts[key]) for key in PRICE_BANDS if counts[key]]
        if name == "in_stock":
            count = documents.filter(in_stock=True).count()
            return [("1", count)] if count else []
        if name == "ocop":
            documents = documents.filter(ocop_valid_q()).values_list("ocop_stars")
            rows = documents.annotate(n=Count("pk")).order_by("-ocop_stars")
            return [(str(stars), n) for stars, n in rows]
        field = FACET_FIELDS[name]
        rows = (
            documents.exclude(**{f"{field}__isnull": True})
            .exclude(**{field: ""} if name in ("district", "commune") else {})
            .values_list(field)
            .annotate(n=Count("pk"))
            .order_by("-n", field)
        )
        return list(rows)

    def pages(self, q: ParsedQuery, limit: int) -> list[int]:
        """Ids of live, public pages matching the query, best first."""
        if not q:
            return []
        documents = (
            PageSearchDocument.objects.filter(self.match_filter(q))
            .annotate(score=self.score(q, PageSearchDocument))
            .order_by("-score", "title_folded")
        )
        return list(documents.values_list("page_id", flat=True)[:limit])

    def suggest(self, q: ParsedQuery, limit: int) -> list[tuple[int, str, str]]:
        """(pk, title, slug) of listed products whose title words start with the typed
        words, best first: one small query."""
        condition = Q()
        for word in q.folded_words:
            condition &= Q(title_folded__contains=f" {word}")
        documents = (
            ProductSearchDocument.objects.listed()
            .filter(condition)
            .annotate(score=self.score(q))
            .order_by("-score", "title_folded")
        )
        return list(documents.values_list("product_id", "product__title", "product__slug")[:limit])
