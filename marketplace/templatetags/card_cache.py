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
from django.utils.safestring import mark_safe

from marketplace.search.selectors import PRODUCT_CARD_PREFETCH, ProductRef, card_products
from pagecache.services import page_cache_version

register = template.Library()

CSRF_MARKER = "\x00card-csrf\x00"


def card_cache_enabled() -> bool:
    return settings.CHOPHIEN_CARD_CACHE


def _card_key_prefix(version: str) -> str:
    """What every card's key starts with; the product's id follows."""
    day = timezone.localdate().isoformat()  # the day ocop_valid_q reads
    return f"card:{version}:{translation.get_language()}:{day}:"


def _render_card(flat_context: dict, product) -> str:
    """Oscar's render_product: the template for this UPC or class, else the generic card."""
    names = [
        f"oscar/catalogue/partials/product/upc-{product.upc}.html",
        f"oscar/catalogue/partials/product/class-{product.get_product_class().slug}.html",
        "oscar/catalogue/partials/product.html",
    ]
    return select_template(names).render({**flat_context, "product": product})


def _unread_queryset(products) -> bool:
    return isinstance(products, QuerySet) and products._result_cache is None


def _read_products(pks: list[int]) -> dict:
    """The products among `pks` as a card reads them (`card_products`): the listing's own
    queryset gave their ids and order, and may be a light one (the catalogue's)."""
    return {product.pk: product for product in card_products().filter(pk__in=pks)}


@register.simple_tag(takes_context=True)
def product_cards(context, products) -> str:
    """The `<li>` of each product's card, in order. Given a queryset not read yet (a
    listing's page), it reads only the ids first: building two dozen products with their
    annotations costs more than the cached cards they would be used for. Products given as
    ProductRef (ids, as search results are) are read only if their card is not cached."""
    if _unread_queryset(products):
        ids = products.values_list("pk", "is_public")
        products = [ProductRef(pk, public) for pk, public in ids]
    else:
        products = [product for product in products if product]
    cacheable = [p for p in products if p.is_public] if card_cache_enabled() else []
    version = page_cache_version() if cacheable else ""
    prefix = _card_key_prefix(version) if cacheable else ""
    keys = {p.pk: f"{prefix}{p.pk}" for p in cacheable}
    stored = cache.get_many(list(keys.values())) if keys else {}
    to_render = [p for p in products if stored.get(keys.get(p.pk)) is None]
    unread = [p.pk for p in to_render if isinstance(p, ProductRef)]
    if unread:
        read = _read_products(unread)
        products = [read.get(p.pk, p) if isinstance(p, ProductRef) else p for p in products]
        # A ref that was not read is gone meanwhile (unpublished): nothing to render for it.
        to_render = [
            read[p.pk] if isinstance(p, ProductRef) else p
            for p in to_render
            if not isinstance(p, ProductRef) or p.pk in read
        ]
    # What the cards to render read, for all of them at once (nothing when the list was
    # prefetched already, or when every card is cached).
    if to_render:
        prefetch_related_objects(to_render, *PRODUCT_CARD_PREFETCH)
    # The whole context, flattened, only when a card is rendered (it costs as much as
    # reading the cached cards); the visitor's token read once, and only if a card has a form.
    flat = context.flatten() if to_render else {}
    csrf_token = None
    fresh = {}
    cards = []
    for product in products:
        key = keys.get(product.pk)
        html = stored.get(key) if key else None
        if html is None:
            if isinstance(product, ProductRef):
                continue  # gone between the two reads (unpublished meanwhile)
            if key:
                html = _render_card({**flat, "csrf_token": CSRF_MARKER}, product)
                fresh[key] = html
            else:
                html = _render_card(flat, product)
        if CSRF_MARKER in html:  # reading the token sets the CSRF cookie: only when needed
            if csrf_token is None:
                csrf_token = str(context.get("csrf_token") or "")
            html = html.replace(CSRF_MARKER, csrf_token)
        cards.append(html)
    if fresh:
        cache.set_many(fresh, timeout=settings.CHOPHIEN_PAGE_CACHE_SECONDS)
    # The cards are rendered templates (escaped there), so they are joined as they are.
    return mark_safe("".join(f"<li>{card}</li>\n" for card in cards))
