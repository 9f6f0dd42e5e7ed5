"""The matches of a search as the paginator reads them: counted up to a cap, and ranked by
relevance in a few queries whatever their number."""

from django.db import connection
from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL

from marketplace.search.backends.matching import ParsedQuery, in_title

# Matches are counted exactly up to this many; beyond it the page says "more than 1,000
# results" and pages up to it (42 pages of 24), and a search's ranking and facets are
# computed over a capped candidate set (RankedResults, DatabaseEngine.product_facets).
RESULT_CAP = 1000

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
