"""A typed query in the forms the search documents store, and the LIKE conditions on them
that every database engine shares (the match, the title test, the points of a score)."""

from django.db import connection
from django.db.models import Q

from core.text import fold
from marketplace.search import text as vi
from marketplace.search.query import MAX_WORDS

# A query needs one word at least this long to be searched (see ParsedQuery.too_short).
MIN_WORD_LENGTH = 2


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


def points_sql(model, conditions: list[tuple[str, str, str, int]]) -> tuple[str, list]:
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
