"""{% product_cards products %}: a grid's product cards, each cached as HTML per product.

Rendering a card (Oscar's card template: the strategy's price and availability, thumbnails,
the OCOP badge, URLs) is most of an uncached listing's cost, and a card looks the same to
every visitor. So each public product's card is stored under the page cache version
(pagecache.services: any change to a product, its price or stock, a photo or a producer sets
a new one), the language and the day (an OCOP certificate expires at midnight), and a grid
reads all its cards in one cache round trip.

What is per visitor stays out of the stored HTML: the add-to-basket form's CSRF token is
stored as a marker and replaced by this visitor's token; a product that is not public (a
practice product, whose availability depends on who looks) is never cached.
"""

from django import template
from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet, prefetch_related_objects
from django.template.loader import select_template
from django.utils import timezone, translation
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from marketplace.search.selectors import PRODUCT_CARD_PREFETCH
from pagecache.services import page_cache_version

register = template.Library()

CSRF_MARKER = "\x00card-csrf\x00"


def card_cache_enabled() -> bool:
    return settings.CHOPHIEN_CARD_CACHE


def _card_key(product, version: str) -> str:
    day = timezone.localdate().isoformat()  # the day ocop_valid_q reads
    return f"card:{version}:{translation.get_language()}:{day}:{product.pk}"


def _render_card(flat_context: dict, product) -> str:
    """Oscar's render_product: the template for this UPC or class, else the generic card."""
    names = [
        f"oscar/catalogue/partials/product/upc-{product.upc}.html",
        f"oscar/catalogue/partials/product/class-{product.get_product_class().slug}.html",
        "oscar/catalogue/partials/product.html",
    ]
    return select_template(names).render({**flat_context, "product": product})


class _CardRef:
    """A product of a list not read yet: its id and whether it is public (one small query
    for the whole list); the product itself is read only if its card is not cached."""

    def __init__(self, pk: int, is_public: bool):
        self.pk, self.is_public = pk, is_public


def _unread_queryset(products) -> bool:
    return isinstance(products, QuerySet) and products._result_cache is None


def _read_products(queryset: QuerySet, pks: list[int]) -> dict:
    """The products of `queryset` among `pks`, with its joins and annotations (its slice
    dropped: the ids already come from that slice)."""
    unsliced = queryset._chain()
    unsliced.query.clear_limits()
    return {product.pk: product for product in unsliced.filter(pk__in=pks)}


@register.simple_tag(takes_context=True)
def product_cards(context, products) -> str:
    """The `<li>` of each product's card, in order. Given a queryset not read yet (a
    listing's page), it reads only the ids first: building two dozen products with their
    annotations costs more than the cached cards they would be used for."""
    if card_cache_enabled() and _unread_queryset(products):
        queryset = products
        products = [_CardRef(pk, public) for pk, public in queryset.values_list("pk", "is_public")]
    else:
        queryset = None
        products = [product for product in products if product]
    flat = context.flatten()
    cacheable = [p for p in products if p.is_public] if card_cache_enabled() else []
    version = page_cache_version() if cacheable else ""
    keys = {p.pk: _card_key(p, version) for p in cacheable}
    stored = cache.get_many(list(keys.values())) if keys else {}
    to_render = [p for p in products if stored.get(keys.get(p.pk)) is None]
    if to_render and queryset is not None:
        read = _read_products(queryset, [p.pk for p in to_render])
        products = [read.get(p.pk, p) for p in products]
        to_render = [read[p.pk] for p in to_render if p.pk in read]
    # What the cards to render read, for all of them at once (nothing when the list was
    # prefetched already, or when every card is cached).
    if to_render:
        prefetch_related_objects(to_render, *PRODUCT_CARD_PREFETCH)
    fresh = {}
    cards = []
    for product in products:
        key = keys.get(product.pk)
        html = stored.get(key) if key else None
        if html is None:
            if isinstance(product, _CardRef):
                continue  # gone between the two reads (unpublished meanwhile)
            if key:
                html = _render_card({**flat, "csrf_token": CSRF_MARKER}, product)
                fresh[key] = html
            else:
                html = _render_card(flat, product)
        if CSRF_MARKER in html:  # reading the token sets the CSRF cookie: only when needed
            html = html.replace(CSRF_MARKER, str(flat.get("csrf_token") or ""))
        cards.append(html)
    if fresh:
        cache.set_many(fresh, timeout=settings.CHOPHIEN_PAGE_CACHE_SECONDS)
    return format_html_join("\n", "<li>{}</li>", ((mark_safe(card),) for card in cards))
