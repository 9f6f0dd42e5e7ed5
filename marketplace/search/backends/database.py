"""Search over the search documents with the database alone (SQLite and PostgreSQL)."""

import hashlib

from django.core.cache import cache
from django.db import connection
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
from django.db.models.expressions import RawSQL
from django.utils import timezone

from core.text import fold
from marketplace.search import text as vi
from marketplace.search.models import PageSearchDocument, ProductSearchDocument, SearchWord
from marketplace.search.query import MAX_WORDS, PRICE_BANDS, SearchFilters, ocop_valid_q
from pagecache.services import page_cache_version

# A query needs one word at least this long to be searched (see ParsedQuery.too_short).
MIN_WORD_LENGTH = 2

# Matches are counted exactly up to this many; beyond it the page says "more than 1,000
# results" and pages up to it (42 pages of 24), and a search's ranking and facets are
# computed over a capped candidate set (RankedResults, DatabaseEngine.product_facets).
RESULT_CAP = 1000


class ParsedQuery:
    """The typed words in both stored forms."""

    def __init__(self, query: str):
        self.folded_words = fold(query).split()[:MAX_WORDS]
        self.exact_words = vi.exact(query).split()[:MAX_WORDS]
        self.folded = " ".join(self.folded_words)
        self.exact = " ".join(self.exact_words)
        # PostgreSQL's typo matching, set by PostgresEngine.prepare: the typed words that start
        # no word of any listed product, and the known words near each. None: not looked up,
        # every long enough word is compared with the whole text (the pages' search).
        self.fuzzy_words: list[str] | None = None
        self.neighbours: dict[str, list[str]] = {}

    def __bool__(self):
        return bool(self.folded_words)

    @property
    def too_short(self) -> bool:
        """Only one-letter words ("m", "a b"): they start a word of half the catalogue and
        no index serves them, so nothing is searched and the page asks for more letters."""
        return bool(self.folded_words) and max(map(len, self.folded_words)) < MIN_WORD_LENGTH


def in_title(q: ParsedQuery) -> Q:
    """Every typed word starts a word of the title."""
    condition = Q()
    for word in q.folded_words:
        condition &= Q(title_folded__contains=f" {word}")
    return condition


def _points_sql(model, conditions: list[tuple[str, str, str, int]]) -> tuple[str, list]:
    """The SQL sum of points for `conditions` (column, "contains" or "startswith", the text,
    points) on `model`'s table, with the database's own LIKE (its operator and escaping, as
    Django's lookups write them) and its parameters. Written as SQL once per search: built as
    Django expressions (a CASE per condition, a dozen per query), the scores cost more CPU to
    compile than the ranking took in the database."""
    table = connection.ops.quote_name(model._meta.db_table)
    terms, params = [], []
    for column, lookup, text, points in conditions:
        pattern = connection.ops.prep_for_like_query(text)
        params.append(f"%{pattern}%" if lookup == "contains" else f"{pattern}%")
        condition = f"{table}.{connection.ops.quote_name(column)} {connection.operators[lookup]}"
        terms.append(f"CASE WHEN {condition} THEN {int(points)} ELSE 0 END")
    return "(" + " + ".join(terms) + ")", params


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
        return _points_sql(model, self.score_conditions(q))

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
        sql, params = _points_sql(ProductSearchDocument, conditions)
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
            return CappedResults(ProductSearchDocument.objects.none())
        if q and sort == "relevance":
            return RankedResults(
                engine=self,
                q=q,
                documents=filters.apply(self.matches(q)),
                # The text starts with the title: a title holding every typed word is a
                # match, found through the short title's index alone.
                titled=filters.apply(ProductSearchDocument.objects.listed().filter(in_title(q))),
            )
        # Sorted by date or price: no score, which would be computed for every match.
        return CappedResults(filters.apply(self.matches(q)).order_by(*self.ordering(q, sort)))

    def product_facets(self, q: ParsedQuery, filters: SearchFilters, *, cached: bool = True):
        """The six facets (one query; browsing with no words: usually none, from the cache).

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
            # Matched again outside the subquery, the planner would read every match.
            first = ProductSearchDocument.objects.filter(
                pk__in=matched.values("pk")[: RESULT_CAP + 1]
            )
            return self.facets(first, filters, cap=RESULT_CAP)
        if not cached:
            return self.facets(matched, filters)
        return browse_facets_cached(filters, lambda: self.facets(matched, filters))

    def facets(
        self, matched: QuerySet, filters: SearchFilters, *, cap: int | None = None
    ) -> dict[str, list[tuple]]:
        """All six facets from one scan of the matches: each row is grouped by its six facet
        values and counted once per facet whose other choices it passes (a facet's counts
        ignore its own choice, so a second value can be added). SQLite groups by the six
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


FACETS = ["category", "district", "producer", "ocop", "price", "in_stock"]
FACET_FIELDS = {"category": "category_id", "district": "district", "producer": "producer_id"}
# The value each document gives each facet (None: it counts in none of that facet's values).
FACET_KEY = {**FACET_FIELDS, "ocop": "f_ocop", "price": "f_price", "in_stock": "f_stock"}
FACET_KEYS = list(FACET_KEY.values())
FACET_FLAGS = [f"keep_{name}" for name in FACETS]


def facet_rows(matched: QuerySet, filters: SearchFilters) -> QuerySet:
    """The matches with their facet values (`f_…`) and, per facet, whether they pass every
    chosen filter but that facet's own (`keep_…`; `keep_all`: every chosen filter)."""

    def passes(conditions: list[Q]):
        if not conditions:
            return Value(True, output_field=BooleanField())
        condition = Q()
        for c in conditions:
            condition &= c
        return ExpressionWrapper(condition, output_field=BooleanField())

    bands = [When(Q(**band.lookups), then=Value(key)) for key, band in PRICE_BANDS.items()]
    return matched.annotate(
        f_ocop=Case(When(ocop_valid_q(), then=F("ocop_stars")), output_field=IntegerField()),
        f_price=Case(*bands, output_field=TextField()),
        f_stock=Case(When(in_stock=True, then=Value("1")), output_field=TextField()),
        keep_all=passes(filters.conditions()),
        **{f"keep_{name}": passes(filters.conditions(without=name)) for name in FACETS},
    )


def facets_from_rows(rows: list[dict], *, cap: int | None = None) -> dict[str, list[tuple]]:
    """(value, count) pairs per facet from grouped rows (each row adds its count to the
    facets whose value it holds), in the order each facet is shown. When the rows counted
    are more than `cap` (the matches were cut at cap + 1), every count is None."""
    counts = {name: {} for name in FACETS}
    for row in rows:
        for name in FACETS:
            value, n = row[FACET_KEY[name]], row[f"n_{name}"]
            if n and value not in (None, ""):
                counts[name][value] = counts[name].get(value, 0) + n
    facets = {}
    for name in ("category", "district", "producer"):
        facets[name] = sorted(counts[name].items(), key=lambda item: (-item[1], item[0]))
    facets["ocop"] = sorted(((str(s), n) for s, n in counts["ocop"].items()), reverse=True)
    facets["price"] = [(key, counts["price"][key]) for key in PRICE_BANDS if key in counts["price"]]
    facets["in_stock"] = list(counts["in_stock"].items())
    # Every row is in the in-stock grouping (PostgreSQL's other sets count them again).
    counted = sum(row["n_rows"] for row in rows if not row.get("g_stock"))
    if cap is not None and counted > cap:
        facets = {name: [(value, None) for value, _ in pairs] for name, pairs in facets.items()}
    return facets


BROWSE_FACETS_SECONDS = 600


def browse_facets_cached(filters: SearchFilters, count) -> dict[str, list[tuple]]:
    """Facets of browsing with no words typed: the same for every visitor, so they are cached
    under the page cache's version, which every change to a product, its stock, producer or
    category (and every refresh of the search documents) replaces; the day is in the key
    because an OCOP certificate's validity follows the calendar."""
    raw = f"{page_cache_version()}:{timezone.localdate().isoformat()}:{filters!r}"
    key = "search:browse-facets:" + hashlib.sha256(raw.encode()).hexdigest()
    facets = cache.get(key)
    if facets is None:
        facets = count()
        cache.set(key, facets, BROWSE_FACETS_SECONDS)
    return facets


# The first pages of a relevance search are ranked by the full score; this many matches,
# the best by the title's score, are ranked that way (five pages of 24).
SHORTLIST_SIZE = 120


class CappedResults:
    """A queryset of results for Django's Paginator, counted up to RESULT_CAP: the count
    reads at most RESULT_CAP + 1 rows (`capped` tells the page there are more), and the
    paginator offers pages up to the cap."""

    def __init__(self, documents: QuerySet, cap: int = 0):
        self.documents, self.cap = documents, cap or RESULT_CAP
        self._found: int | None = None

    def select_related(self, *fields) -> "CappedResults":
        return CappedResults(self.documents.select_related(*fields), cap=self.cap)

    def _count_found(self) -> int:
        if self._found is None:
            self._found = self.documents.values("pk")[: self.cap + 1].count()
        return self._found

    @property
    def capped(self) -> bool:
        return self._count_found() > self.cap

    def count(self) -> int:
        return min(self._count_found(), self.cap)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key):
        return self.documents[key]

    def __iter__(self):
        return iter(self.documents[: self.cap])


class RankedResults:
    """The matches of a search by relevance, best first, for Django's Paginator (`count()`
    and slices), in three queries per page whatever the number of matches.

    The candidates: the first RESULT_CAP + 1 matches as the database finds them (no
    ordering: a scan that stops early), those whose title holds every typed word first
    (one query of ids on PostgreSQL; the title's index finds them). When the matches are
    no more than the cap, that is all of them and the count is exact; otherwise the count
    says "more than RESULT_CAP" (`capped`) and the ranking below covers the candidates: a
    broad
    query ("hop 1kg": 16,676 matches) is ranked over 1,001 of them, title matches first,
    instead of reading every match (146 ms).

    The full score (`score`: the description's words, word similarity on PostgreSQL) costs
    about 45 µs a row on PostgreSQL. So one query orders the candidates by the title's
    score alone (`title_score`, a few LIKEs on a short column); the best `size` of that
    order (the shortlist) are ranked by the full score, and candidates beyond it follow in
    the title's order. Guaranteed: every candidate is listed exactly once; when a search
    has no more matches than `size` the order is exactly the full score's; and a match
    outside the shortlist never outranks one in it."""

    def __init__(
        self,
        *,
        engine,
        q: ParsedQuery,
        documents: QuerySet,
        titled: QuerySet | None = None,
        size: int = 0,
        cap: int = 0,
    ):
        self.engine, self.q, self.documents = engine, q, documents
        self.titled = documents.filter(in_title(q)) if titled is None else titled
        self.size = size or SHORTLIST_SIZE
        self.cap = cap or RESULT_CAP
        self._candidates: list[int] | None = None
        self._ids: list[int] | None = None
        self._ranked: list | None = None

    def select_related(self, *fields) -> "RankedResults":
        return RankedResults(
            engine=self.engine,
            q=self.q,
            documents=self.documents.select_related(*fields),
            titled=self.titled,
            size=self.size,
            cap=self.cap,
        )

    def _candidate_ids(self) -> list[int]:
        if self._candidates is None:
            titled = self.titled.values_list("pk", flat=True)
            others = self.documents.exclude(in_title(self.q)).values_list("pk", flat=True)
            limit = self.cap + 1
            if connection.features.supports_slicing_ordering_in_compound:
                # One query; PostgreSQL reads the other matches only if the title matches
                # are fewer than the limit (the parts are disjoint, so the count holds).
                ids = list(titled[:limit].union(others[:limit], all=True)[:limit])
            else:  # SQLite: no LIMIT inside a UNION
                ids = list(titled[:limit])
                if len(ids) < limit:
                    ids += list(others[: limit - len(ids)])
            self._candidates = ids
        return self._candidates

    @property
    def capped(self) -> bool:
        return len(self._candidate_ids()) > self.cap

    def _by_pk(self, ids: list[int]) -> QuerySet:
        """The candidates by primary key alone: with the match conditions repeated, the
        planner would scan the text index for every match again."""
        model = self.documents.model
        if connection.vendor == "postgresql":
            # One array parameter instead of a thousand placeholders: Django prepares and
            # psycopg splits each of those, which cost more than the query itself.
            column = f'"{model._meta.db_table}"."{model._meta.pk.column}"'
            in_ids = RawSQL(f"{column} = ANY(%s)", (list(ids),), output_field=BooleanField())
            documents = model._default_manager.filter(in_ids)
        else:
            documents = model._default_manager.filter(pk__in=ids)
        documents.query.select_related = self.documents.query.select_related
        return documents

    def _by_title(self) -> QuerySet:
        return (
            self._by_pk(self._candidate_ids())
            .annotate(title_score=self.engine.title_score(self.q))
            .order_by("-title_score", "title_folded", "product_id")
        )

    def _shortlist(self) -> list[int]:
        if self._ids is None:
            self._ids = list(self._by_title().values_list("product_id", flat=True)[: self.size])
        return self._ids

    def count(self) -> int:
        return min(len(self._candidate_ids()), self.cap)

    def __len__(self) -> int:
        return self.count()

    def _ranked_shortlist(self) -> list:
        if self._ranked is None:
            self._ranked = list(
                self._by_pk(self._shortlist())
                .annotate(score=self.engine.score(self.q))
                .order_by("-score", "title_folded", "product_id")
            )
        return self._ranked

    def __getitem__(self, key):
        if isinstance(key, int):
            return self[key : key + 1][0]
        start, stop = key.start or 0, key.stop
        shortlisted = len(self._shortlist())
        found = []
        if start < shortlisted:
            found += self._ranked_shortlist()[start:stop]
        if (stop is None or stop > shortlisted) and len(self._candidate_ids()) > shortlisted:
            found += list(self._by_title()[max(start, shortlisted) : stop])
        return found

    def __iter__(self):
        return iter(self[0:None])


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
        """Each typed word starts a word of the text, or (four letters or more, found nowhere
        as typed) is within trigram distance of one: "thao quar" finds "thảo quả", "shan
        tuyeet" "Shan Tuyết". After `prepare` the near words are known and matched as whole
        words (index-backed LIKE); without it the typed word is compared with the text."""
        column = F(f"{prefix}text_folded")
        condition = Q()
        for word in q.folded_words:
            word_q = Q(**{f"{prefix}text_folded__contains": f" {word}"})
            if q.fuzzy_words is None and len(word) >= self.MIN_FUZZY_LENGTH:
                word_q |= Q(StrictWordSimilar(column, Value(word)))
            for near in q.neighbours.get(word, []):
                word_q |= Q(**{f"{prefix}text_folded__contains": f" {near} "})
            condition &= word_q
        return condition

    # A typed word's neighbours: known words at least this similar (pg_trgm similarity, the
    # same threshold as the strict word similarity used before), the closest few.
    NEIGHBOUR_SIMILARITY = 0.5
    MAX_NEIGHBOURS = 10

    def prepare(self, q: ParsedQuery) -> ParsedQuery:
        """Typo matching only for the words that start no word of any listed product (one
        query; a second for their neighbours when some are missing). A word found as typed
        needs no neighbours, and comparing a word with thousands of documents' text was most
        of a broad query's cost ("nam huong": 185 ms with it, 15 ms without, 100,000
        products); a missing word's neighbours come from the vocabulary (SearchWord)."""
        long_words = [w for w in q.folded_words if len(w) >= self.MIN_FUZZY_LENGTH]
        q.fuzzy_words, q.neighbours = [], {}
        if not long_words:
            return q
        table = ProductSearchDocument._meta.db_table
        exists = f"EXISTS (SELECT 1 FROM {table} WHERE is_listed AND text_folded LIKE %s)"
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT " + ", ".join([exists] * len(long_words)),
                [f"% {word}%" for word in long_words],
            )
            found = cursor.fetchone()
            q.fuzzy_words = [w for w, there in zip(long_words, found, strict=True) if not there]
            if not q.fuzzy_words:
                return q
            cursor.execute(
                f"""
                SELECT typed, near.word
                FROM unnest(%s::text[]) AS typed
                CROSS JOIN LATERAL (
                    SELECT word FROM {SearchWord._meta.db_table}
                    WHERE word %% typed AND similarity(word, typed) >= %s
                    ORDER BY similarity(word, typed) DESC, word
                    LIMIT %s
                ) AS near
                """,
                [q.fuzzy_words, self.NEIGHBOUR_SIMILARITY, self.MAX_NEIGHBOURS],
            )
            for typed, near in cursor.fetchall():
                q.neighbours.setdefault(typed, []).append(near)
        return q

    def facets(
        self, matched: QuerySet, filters: SearchFilters, *, cap: int | None = None
    ) -> dict[str, list[tuple]]:
        """The same counts as the portable version, grouped by each facet separately in one
        pass over the matches (GROUPING SETS): a few hundred rows back, not one per
        combination of values. A facet with nothing chosen counts the rows that pass every
        filter, so those facets share one counter: each counter is kept for every row in
        every set (six times as many with six), which was half the time over 100,000 rows."""
        chosen = [
            name
            for name in FACETS
            if len(filters.conditions(without=name)) < len(filters.conditions())
        ]
        flags = ["keep_all"] + [f"keep_{name}" for name in chosen]
        inner, params = (
            facet_rows(matched, filters).values(*FACET_KEYS, *flags).query.sql_with_params()
        )
        keys = ", ".join(FACET_KEYS)
        counters = ", ".join(
            ["count(*) AS n_rows", "GROUPING(f_stock) AS g_stock"]
            + ["count(*) FILTER (WHERE keep_all) AS n_all"]
            + [f"count(*) FILTER (WHERE keep_{name}) AS n_{name}" for name in chosen]
        )
        sets = ", ".join(f"({key})" for key in FACET_KEYS)
        sql = f"SELECT {keys}, {counters} FROM ({inner}) AS m GROUP BY GROUPING SETS ({sets})"
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            columns = [c[0] for c in cursor.description]
            rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
        for row in rows:
            for name in FACETS:
                row.setdefault(f"n_{name}", row["n_all"])
        return facets_from_rows(rows, cap=cap)

    def score_sql(self, q: ParsedQuery, model) -> tuple[str, list]:
        """The same points, plus pg_trgm's word similarity of the typed words to the text."""
        sql, params = super().score_sql(q, model)
        table = connection.ops.quote_name(model._meta.db_table)
        return f'({sql} + word_similarity(%s, {table}."text_folded") * 20.0)', [*params, q.folded]

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
