"""Search over the search documents with the database alone (SQLite and PostgreSQL)."""

from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    IntegerField,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)

from marketplace.search import text as vi
from marketplace.search.models import PageSearchDocument, ProductSearchDocument
from marketplace.search.query import MAX_WORDS, PRICE_BANDS, SearchFilters, ocop_valid_q


class ParsedQuery:
    """The typed words in both stored forms."""

    def __init__(self, query: str):
        self.folded_words = vi.fold(query).split()[:MAX_WORDS]
        self.exact_words = vi.exact(query).split()[:MAX_WORDS]
        self.folded = " ".join(self.folded_words)
        self.exact = " ".join(self.exact_words)

    def __bool__(self):
        return bool(self.folded_words)


def _points(condition: Q, points: int):
    return Case(When(condition, then=Value(points)), default=Value(0), output_field=IntegerField())


class DatabaseEngine:
    """LIKE on the folded text: every typed word must start a word of the product's text."""

    name = "database"

    def match_filter(self, q: ParsedQuery, prefix: str = "") -> Q:
        condition = Q()
        for word in q.folded_words:
            condition &= Q(**{f"{prefix}text_folded__contains": f" {word}"})
        return condition

    def score(self, q: ParsedQuery):
        """Exact diacritics first (an exactly typed "con dê" beats "con dế"), then the phrase
        in the title, then single words in the title, then anywhere."""
        parts = [
            _points(Q(title_exact__contains=f" {q.exact} "), 100),
            _points(Q(text_exact__contains=f" {q.exact} "), 40),
            _points(Q(title_folded__contains=f" {q.folded} "), 30),
            _points(Q(title_folded__startswith=f" {q.folded}"), 10),
        ]
        parts += [_points(Q(title_exact__contains=f" {w} "), 6) for w in q.exact_words]
        parts += [_points(Q(text_exact__contains=f" {w} "), 2) for w in q.exact_words]
        parts += [_points(Q(title_folded__contains=f" {w}"), 5) for w in q.folded_words]
        total = parts[0]
        for part in parts[1:]:
            total = total + part
        return total

    def products(self, q: ParsedQuery) -> QuerySet:
        """Listed product documents matching the query, with a `score` (0 without a query)."""
        documents = ProductSearchDocument.objects.listed()
        if not q:
            return documents.annotate(score=Value(0, output_field=FloatField()))
        return documents.filter(self.match_filter(q)).annotate(score=self.score(q))

    def product_search(self, *, query: str, filters: SearchFilters, sort: str):
        q = ParsedQuery(query)
        matched = self.products(q)
        results = filters.apply(matched).order_by(*self.ordering(q, sort))
        facets = {name: self.facet(filters.apply(matched, without=name), name) for name in FACETS}
        return results, facets

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
        """(value, count) pairs for one facet, most common first (one query)."""
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
            .exclude(**{field: ""} if name == "district" else {})
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
            .annotate(score=self.score(q))
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


FACETS = ["category", "district", "producer", "ocop", "price", "in_stock"]
FACET_FIELDS = {"category": "category_id", "district": "district", "producer": "producer_id"}


class StrictWordSimilar(Func):
    """`column %>> 'word'`: pg_trgm's strict word similarity of one typed word to some word
    of the column, above pg_trgm.strict_word_similarity_threshold (0.5). GIN-indexed."""

    arg_joiner = " %%>> "
    template = "%(expressions)s"
    output_field = BooleanField()


class WordSimilarity(Func):
    function = "word_similarity"
    output_field = FloatField()


class PostgresEngine(DatabaseEngine):
    """PostgreSQL: the same LIKE matching, served by trigram GIN indexes, plus word
    similarity so a typo or a cut-off word still finds the product."""

    name = "postgresql"

    # Trigrams of a word shorter than this say too little: "onh" is as close to "ong" as to
    # "anh". Short words must be typed right (their start is enough).
    MIN_FUZZY_LENGTH = 4

    def match_filter(self, q: ParsedQuery, prefix: str = "") -> Q:
        """Each typed word starts a word of the text, or (four letters or more) is within
        trigram distance of one: "thao quar" finds "thảo quả", "shan tuyeet" "Shan Tuyết"."""
        column = F(f"{prefix}text_folded")
        condition = Q()
        for word in q.folded_words:
            word_q = Q(**{f"{prefix}text_folded__contains": f" {word}"})
            if len(word) >= self.MIN_FUZZY_LENGTH:
                word_q |= Q(StrictWordSimilar(column, Value(word)))
            condition &= word_q
        return condition

    def score(self, q: ParsedQuery):
        similarity = WordSimilarity(Value(q.folded), F("text_folded"))
        return ExpressionWrapper(
            super().score(q) + similarity * Value(20.0), output_field=FloatField()
        )

    def suggest(self, q: ParsedQuery, limit: int) -> list[tuple[int, str, str]]:
        """Straight from Oscar's product table, folded by the database through the immutable
        unaccent wrapper and its trigram index (migration 0002): no join on a keystroke."""
        from marketplace.catalogue.models import Product

        folded = Func(F("title"), function="chophien_fold", output_field=TextField())
        products = Product.objects.browsable().annotate(folded=folded)
        for word in q.folded_words:
            # A word's start: at the beginning of the title or after a space.
            products = products.filter(Q(folded__startswith=word) | Q(folded__contains=f" {word}"))
        products = products.annotate(rank=WordSimilarity(Value(q.folded), F("folded"))).order_by(
            "-rank", "title"
        )
        return list(products.values_list("pk", "title", "slug")[:limit])
