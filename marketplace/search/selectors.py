"""Product listings read straight from the database, so the shop works with no search server.

Oscar 4.2 lists its catalogue through haystack, and haystack's simple backend lists nothing
there. The search issue replaces `product_search` with a diacritic-folding search behind the
same signature.
"""

from django.db.models import Count, Min, Q, QuerySet

from marketplace.catalogue.models import Category, Product

SORT_ORDERS = {
    "newest": ("-date_created", "-pk"),
    "price-asc": ("min_price", "title"),
    "price-desc": ("-min_price", "title"),
    "title-asc": ("title", "pk"),
}
DEFAULT_SORT = "newest"


def product_browse_list(*, category: Category | None = None, sort: str = DEFAULT_SORT) -> QuerySet:
    """Public products, optionally within a category and its subcategories, in a stable order."""
    products = (
        Product.objects.browsable()
        .base_queryset()
        .select_related("ocop_certificate")  # the OCOP badge on every card
        .prefetch_related("stockrecords__partner")
        .annotate(min_price=Min("stockrecords__price"))
    )
    if category is not None:
        products = products.filter(categories__in=category.get_descendants_and_self()).distinct()
    return products.order_by(*SORT_ORDERS.get(sort, SORT_ORDERS[DEFAULT_SORT]))


def product_search(*, query: str, sort: str = DEFAULT_SORT) -> QuerySet:
    """Products whose title, description, producer or district contain every word typed."""
    products = product_browse_list(sort=sort)
    for word in query.split():
        products = products.filter(
            Q(title__icontains=word)
            | Q(description__icontains=word)
            | Q(origin_district__icontains=word)
            | Q(stockrecords__partner__name__icontains=word)
        )
    return products.distinct()


def category_list_with_counts() -> QuerySet:
    """Public top-level categories with how many public products each holds (one query)."""
    return (
        Category.objects.filter(depth=1, is_public=True)
        .annotate(
            product_count=Count(
                "product",
                filter=Q(product__is_public=True)
                & Q(product__structure__in=[Product.STANDALONE, Product.PARENT]),
                distinct=True,
            )
        )
        .order_by("path")
    )
