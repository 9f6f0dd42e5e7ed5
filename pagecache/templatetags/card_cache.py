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

import datetime

from django import template
from django.conf import settings
from django.core.cache import cache
from django.db.models import prefetch_related_objects
from django.template.loader import select_template
from django.utils import translation
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from marketplace.search.selectors import PRODUCT_CARD_PREFETCH
from pagecache.services import page_cache_version

register = template.Library()

CSRF_MARKER = "\x00card-csrf\x00"


def card_cache_enabled() -> bool:
    return getattr(settings, "CHOPHIEN_CARD_CACHE", True)


def _card_key(product, version: str) -> str:
    day = datetime.date.today().isoformat()
    return f"card:{version}:{translation.get_language()}:{day}:{product.pk}"


def _render_card(flat_context: dict, product) -> str:
    """Oscar's render_product: the template for this UPC or class, else the generic card."""
    names = [
        f"oscar/catalogue/partials/product/upc-{product.upc}.html",
        f"oscar/catalogue/partials/product/class-{product.get_product_class().slug}.html",
        "oscar/catalogue/partials/product.html",
    ]
    return select_template(names).render({**flat_context, "product": product})


@register.simple_tag(takes_context=True)
def product_cards(context, products) -> str:
    """The `<li>` of each product's card, in order."""
    products = [product for product in products if product]
    flat = context.flatten()
    cacheable = [p for p in products if p.is_public] if card_cache_enabled() else []
    version = page_cache_version() if cacheable else ""
    keys = {p.pk: _card_key(p, version) for p in cacheable}
    stored = cache.get_many(list(keys.values())) if keys else {}
    # What the cards to render read, for all of them at once (nothing when the list was
    # prefetched already, or when every card is cached).
    to_render = [p for p in products if stored.get(keys.get(p.pk)) is None]
    if to_render:
        prefetch_related_objects(to_render, *PRODUCT_CARD_PREFETCH)
    fresh = {}
    cards = []
    for product in products:
        key = keys.get(product.pk)
        html = stored.get(key) if key else None
        if html is None:
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
