"""The seven facets of a search, counted from one scan of the matches, and the cached facets
of browsing with no words typed."""

import hashlib

from django.core.cache import cache
from django.db.models import (
    BooleanField,
    Case,
    ExpressionWrapper,
    F,
    IntegerField,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.utils import timezone

from marketplace.search.query import PRICE_BANDS, SearchFilters, ocop_valid_q
from pagecache.services import page_cache_version

FACETS = ["category", "district", "commune", "producer", "ocop", "price", "in_stock"]
FACET_FIELDS = {
    "category": "category_id",
    "district": "district",
    "commune": "commune",
    "producer": "producer_id",
}
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
    for name in ("category", "district", "commune", "producer"):
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
