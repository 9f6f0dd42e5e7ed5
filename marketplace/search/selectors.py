"""Product listings and search read straight from the database, so the shop works with no
search server.

Oscar 4.2 lists its catalogue through haystack, and haystack's simple backend lists nothing
there. Search reads the search documents (marketplace/search/models.py) through the engine
chosen in marketplace/search/backends.
"""

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.http import QueryDict
from django.urls import reverse
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from wagtail.models import Page

from marketplace.catalogue.models import Category, Product, ProductCategory
from marketplace.partner.models import StockRecord
from marketplace.search.backends import get_engine
from marketplace.search.backends.matching import ParsedQuery
from marketplace.search.query import (
    MAX_QUERY_LENGTH,
    PRICE_BANDS,
    SORTS,
    Facet,
    FacetValue,
    SearchFilters,
)

SORT_ORDERS = {
    "newest": ("-date_created", "-pk"),
    "price-asc": ("min_price", "title"),
    "price-desc": ("-min_price", "title"),
    "title-asc": ("title", "pk"),
}
DEFAULT_SORT = "newest"


# What a product card reads (Oscar's base_queryset's prefetching, plus each stock record's
# partner: the producer's name): one query each for a whole list.
PRODUCT_CARD_PREFETCH = (
    "children",
    "product_options",
    "product_class__options",
    "stockrecords__partner",
    "images",
)


@dataclass(frozen=True)
class ProductRef:
    """A product of a list, not read yet: its id and whether it is public. A grid of product
    cards ({% product_cards %}) reads the product only if its card is not cached."""

    pk: int
    is_public: bool


def card_products(products: QuerySet | None = None) -> QuerySet:
    """`products` (all products by default) as a product card reads them, with what each
    card would otherwise query for: the product class and whether it has options (Oscar's
    base_queryset), the OCOP certificate. Prefetch PRODUCT_CARD_PREFETCH for the products
    whose card is rendered."""
    products = Product.objects.all() if products is None else products
    return (
        products.base_queryset()
        .select_related("ocop_certificate")  # the OCOP badge on every card
        .prefetch_related(None)
    )


def product_browse_list(
    *, category: Category | None = None, sort: str = DEFAULT_SORT, prefetch: bool = True
) -> QuerySet:
    """Public products, optionally within a category and its subcategories, in a stable order.

    With prefetch=False, only the products, for a list shown only as a grid of product
    cards: the grid's tag ({% product_cards %}) reads the page's ids alone, then the
    products whose card is not cached, as cards read them (`card_products`). Building the
    card queryset's annotations for the ids and the count alone cost more than a page of
    cached cards."""
    products = Product.objects.shown_to_public()
    if prefetch:
        products = card_products(products).prefetch_related(*PRODUCT_CARD_PREFETCH)
    if sort in ("price-asc", "price-desc"):
        # A subquery, not MIN() over a join: no GROUP BY over every product to show 24.
        products = products.annotate(
            min_price=Subquery(
                StockRecord.objects.filter(product=OuterRef("pk"))
                .order_by("price")
                .values("price")[:1]
            )
        )
    if category is not None:
        # A semi-join, not a join and DISTINCT over every product of the category.
        products = products.filter(
            pk__in=ProductCategory.objects.filter(
                category__in=category.get_descendants_and_self()
            ).values("product_id")
        )
    return products.order_by(*SORT_ORDERS.get(sort, SORT_ORDERS[DEFAULT_SORT]))


def category_list_with_counts() -> QuerySet:
    """Public top-level categories with how many public products each holds (one query)."""
    return (
        Category.objects.filter(depth=1, is_public=True)
        .annotate(
            product_count=Count(
                "product",
                filter=Q(product__in=Product.objects.shown_to_public()),
                distinct=True,
            )
        )
        .order_by("path")
    )


# Search (issue 7): one query over products and pages, with facets. The engine behind it is
# chosen in marketplace/search/backends; everything here is the same for all of them.


@dataclass
class SearchPage:
    """One search: the matching product documents (lazy, ordered; paginate them), the facets
    with counts and toggle URLs, and the matching pages."""

    query: str
    filters: SearchFilters
    sort: str
    documents: Any
    facets: list[Facet]
    pages: list
    too_short: bool = False  # only one-letter words: nothing searched, "type more" shown


class _ToggleUrls:
    """The URL that adds or removes one facet value, for every value on the page: the other
    parameters are encoded once per facet, not once per value (a facet can list hundreds of
    producers). The same URLs as QueryDict.urlencode, parameters in the same order."""

    def __init__(self, params: QueryDict):
        self.params = params
        self._segments = {
            name: [urlencode([(name, value)]) for value in values]
            for name, values in params.lists()
            if name != "page"  # a new filter starts again at the first page
        }

    def url(self, name: str, value: str) -> str:
        values = self.params.getlist(name)
        if value in values:
            values.remove(value)
        else:
            values.append(value)
        mine = [urlencode([(name, v)]) for v in values]
        parts = []
        for key, segments in self._segments.items():
            parts += mine if key == name else segments
        if name not in self._segments:
            parts += mine
        return "?" + "&".join(parts)


# A facet lists its most common values first and this many of them (plus any chosen); a link
# lists them all (?more=<facet>). A broad search's producer facet has hundreds of values: a
# phone would scroll past them all to reach the products, and building and rendering them
# was most of the search page's time.
FACET_VALUES_SHOWN = 10
FACET_MORE_PARAM = "more"


def search_page(*, params: QueryDict, page_limit: int = 5) -> SearchPage:
    """Everything the search page shows for these GET parameters. A fixed number of queries
    (the count, each facet, two label look-ups, the pages) whatever the number of results."""
    engine = get_engine()
    query = " ".join(params.get("q", "").split())[:MAX_QUERY_LENGTH]
    filters = SearchFilters.from_querydict(params)
    sort = params.get("sort", "")
    if sort not in SORTS or (sort == "relevance" and not query):
        sort = "relevance" if query else "newest"
    too_short = ParsedQuery(query).too_short
    documents, raw_facets = engine.product_search(query=query, filters=filters, sort=sort)
    expanded = params.getlist(FACET_MORE_PARAM)
    # Counted over a sample (more matches than RESULT_CAP): no count is shown, not even a 0.
    capped = any(count is None for rows in raw_facets.values() for _, count in rows)
    shown, hidden, missing = {}, {}, {}
    for name, rows in raw_facets.items():
        kept = (
            rows
            if name in expanded
            else [
                (value, count)
                for position, (value, count) in enumerate(rows)
                if position < FACET_VALUES_SHOWN or filters.is_chosen(name, value)
            ]
        )
        hidden[name] = len(rows) - len(kept)
        # A chosen value that nothing matches any more (another word typed, another filter)
        # is still listed, with 0, so the buyer sees what narrows the search and can remove it.
        listed = {str(value) for value, _ in kept}
        missing[name] = [v for v in filters.chosen(name) if str(v) not in listed]
        shown[name] = kept + [(value, None if capped else 0) for value in missing[name]]
    # Names of the values the documents hold, and of chosen ids that match nothing only if
    # the public may see them (a typed ?producer= must not reveal a practice shop's name).
    labels = {
        "category": dict(
            (
                Category.objects.filter(pk__in=[v for v, _ in shown["category"]]).exclude(
                    pk__in=missing["category"]
                )
                | Category.objects.filter(pk__in=missing["category"], is_public=True)
            ).values_list("pk", "name")
        ),
        # Producers are a higher layer: the setting names producers' selector.
        "producer": import_string(settings.CHOPHIEN_SEARCH_PRODUCER_NAMES)(
            ids=[v for v, _ in shown["producer"]],
            public_ids=missing["producer"],
        ),
        # "Văn Chấn (cũ)" beside today's "Xã Tú Lệ": which map each facet speaks of.
        "district": {
            v: _("%(district)s (former district)") % {"district": v} for v, _n in shown["district"]
        },
        "ocop": {str(s): _("%(stars)s stars") % {"stars": s} for s in (3, 4, 5)},
        "price": {key: band.label for key, band in PRICE_BANDS.items()},
        "in_stock": {"1": _("In stock")},
    }
    titles = {
        "category": _("Category"),
        "district": _("Former district"),
        "commune": _("Commune or ward"),
        "producer": _("Producer"),
        "ocop": _("OCOP rating"),
        "price": _("Price"),
        "in_stock": _("Availability"),
    }
    facets = []
    toggle = _ToggleUrls(params)
    for name, rows in shown.items():
        if name in ("category", "producer"):  # a chosen id that names nothing is dropped
            rows = [(v, n) for v, n in rows if v not in missing[name] or v in labels[name]]
        values = [
            FacetValue(
                value=str(value),
                label=str(labels.get(name, {}).get(value, value)),
                count=count,
                chosen=filters.is_chosen(name, value),
                url=toggle.url(name, str(value)),
            )
            for value, count in rows
        ]
        if values:
            total = len(raw_facets[name])
            facets.append(
                Facet(
                    name=name,
                    label=titles[name],
                    values=values,
                    total=total,
                    more_url=toggle.url(FACET_MORE_PARAM, name) if hidden[name] else "",
                    fewer_url=toggle.url(FACET_MORE_PARAM, name)
                    if name in expanded and total > FACET_VALUES_SHOWN
                    else "",
                )
            )
    pages = []
    if query and not too_short and not filters.any and params.get("page", "1") == "1":
        page_ids = engine.pages(ParsedQuery(query), page_limit)
        by_id = {p.pk: p for p in Page.objects.filter(pk__in=page_ids)}
        pages = [by_id[i] for i in page_ids if i in by_id]
    return SearchPage(
        query=query,
        filters=filters,
        sort=sort,
        documents=documents,
        facets=facets,
        pages=pages,
        too_short=too_short,
    )


def search_products_for(*, documents) -> list[ProductRef]:
    """The products behind a page of documents, in the same order, as ProductRefs: one
    small query checks they are still listed, and the grid of product cards reads only
    those whose card is not cached (ordering two dozen ids in SQL, a CASE per id, cost
    Django more to build than the query took)."""
    ids = [d.product_id for d in documents]
    listed = set(Product.objects.shown_to_public().filter(pk__in=ids).values_list("pk", flat=True))
    return [ProductRef(pk=pk, is_public=True) for pk in ids if pk in listed]


def search_suggestions(*, query: str, limit: int = 6) -> list[dict]:
    """Product titles for the search box as the buyer types: one small query."""
    engine = get_engine()
    parsed = ParsedQuery(query[:MAX_QUERY_LENGTH])
    if not parsed or len(parsed.folded) < 2:
        return []
    return [
        {
            "title": title,
            "url": reverse("catalogue:detail", kwargs={"product_slug": slug, "pk": pk}),
        }
        for pk, title, slug in engine.suggest(parsed, limit)
    ]
