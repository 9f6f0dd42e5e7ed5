"""PostgreSQL's engine: the portable engine's LIKE matching served by trigram indexes, typo
matching through word similarity and the vocabulary, and the facets in one GROUPING SETS pass."""

from django.db import connection
from django.db.models import BooleanField, F, FloatField, Func, Q, QuerySet, TextField, Value

from marketplace.search.backends.database import DatabaseEngine
from marketplace.search.backends.facets import FACET_KEYS, FACETS, facet_rows, facets_from_rows
from marketplace.search.backends.matching import ParsedQuery
from marketplace.search.models import ProductSearchDocument, SearchWord
from marketplace.search.query import SearchFilters


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
        products = Product.objects.shown_to_public().annotate(folded=folded)
        for word in q.folded_words:
            # A word's start: at the beginning of the title or after a space.
            products = products.filter(Q(folded__startswith=word) | Q(folded__contains=f" {word}"))
        products = products.annotate(rank=WordSimilarity(Value(q.folded), F("folded"))).order_by(
            "-rank", "title"
        )
        return list(products.values_list("pk", "title", "slug")[:limit])
