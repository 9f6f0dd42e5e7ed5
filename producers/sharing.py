"""What a shared link shows in a chat (Zalo, Facebook, Messenger): the Open Graph and Twitter
card properties of product, producer and trace pages, and a product's schema.org JSON-LD.

Each builder returns one small dict that templates/includes/og_meta.html renders, the same
include the CMS pages use (templates/includes/cms_meta.html). Chat apps fetch the page with no
cookies and read only absolute addresses, so every URL here has scheme and host; the image is a
JPEG thumbnail at the size chats show (1200x630), far under the 300 KB they accept."""

import json

from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from oscar.core.thumbnails import get_thumbnailer
from oscar.templatetags.currency_filters import currency

OG_IMAGE_SIZE = "1200x630"
# The icon of the home-screen app (config.pwa): what a page without a photo shows.
FALLBACK_IMAGE = "img/icons/icon-512.png"
# json_script's escapes (django.utils.html): inside <script>, "<", ">" and "&" written as
# \u003C... keep "</script>" in a product's title from closing the element.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def _absolute(request, url: str) -> str:
    return request.build_absolute_uri(url) if request is not None else url


def _photo(request, image_file) -> dict:
    """og:image for a stored photo: cropped to the chats' 1200x630 as a JPEG (sorl caches it)."""
    thumbnail = get_thumbnailer().generate_thumbnail(
        image_file, size=OG_IMAGE_SIZE, crop="center", quality=75, format="JPEG"
    )
    return {
        "url": _absolute(request, thumbnail.url),
        "width": thumbnail.width,
        "height": thumbnail.height,
    }


def _fallback_image(request) -> dict:
    return {"url": _absolute(request, static(FALLBACK_IMAGE)), "width": 512, "height": 512}


def _summary(text: str, words: int = 30) -> str:
    """The first words of a producer's text as the page shows it: tags stripped, as the
    product page's `striptags` does, so a chat preview never carries markup."""
    return Truncator(" ".join(strip_tags(text or "").split())).words(words)


def product_photo_file(product):
    """The product's first stored photo, or None (Oscar's "missing image" is not a photo)."""
    image = product.primary_image()
    if getattr(image, "is_missing", False) or not getattr(image, "pk", None):
        return None
    return image.original


def product_share(*, request, product, session, url: str) -> dict:
    """Open Graph for a product page; `session` is its purchase info (price, availability)
    and `url` its absolute canonical address. The price leads the description, as the chat
    preview shows only its first line."""
    stockrecord = session.stockrecord
    producer_name = stockrecord.partner.name if stockrecord is not None else ""
    price = None
    if session.price.exists:
        price = session.price.incl_tax if session.price.is_tax_known else session.price.excl_tax
    lead = []
    if price is not None:
        lead.append(currency(price, session.price.currency))
    if producer_name:
        lead.append(_("from %(producer)s") % {"producer": producer_name})
    description = " · ".join(lead)
    if summary := _summary(product.description):
        description = f"{description}. {summary}" if description else summary
    photo = product_photo_file(product)
    og = {
        "type": "product",
        "title": product.get_title(),
        "description": description,
        "url": url,
        "image": _photo(request, photo) if photo else _fallback_image(request),
        "image_alt": product.get_title(),
        "price": None,
    }
    if price is not None:
        og["price"] = {"amount": f"{price:.0f}", "currency": session.price.currency}
    og["json_ld"] = _product_json_ld(product=product, session=session, og=og,
                                     producer_name=producer_name, price=price)  # fmt: skip
    return og


def _product_json_ld(*, product, session, og, producer_name, price) -> SafeString:
    """schema.org Product with its Offer, for search engines' product results."""
    data = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product.get_title(),
        "description": _summary(product.description, 60),
        "image": [og["image"]["url"]],
        "url": og["url"],
        "sku": session.stockrecord.partner_sku if session.stockrecord else None,
    }
    if producer_name:
        data["brand"] = {"@type": "Brand", "name": producer_name}
    if price is not None:
        available = session.availability.is_available_to_buy
        data["offers"] = {
            "@type": "Offer",
            "price": f"{price:.0f}",
            "priceCurrency": session.price.currency,
            "availability": "https://schema.org/InStock"
            if available
            else "https://schema.org/OutOfStock",
            "url": og["url"],
            "seller": {"@type": "Organization", "name": producer_name},
        }
    data = {key: value for key, value in data.items() if value not in (None, "")}
    text = json.dumps(data, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


def producer_share(*, request, producer, url: str) -> dict:
    photo = producer.photos.all()[:1]
    photo = photo[0].image if photo else None
    place = producer.place_name
    description = _summary(producer.story) or _("Producer in %(place)s, Lào Cai") % {"place": place}
    return {
        "type": "profile",
        "title": producer.name,
        "description": description,
        "url": url,
        "image": _photo(request, photo) if photo else _fallback_image(request),
        "image_alt": producer.name,
    }


def lot_share(*, request, lot) -> dict:
    """A lot's trace page, as its QR label is shared: the product, who made it, when."""
    url = _absolute(request, reverse("trace", kwargs={"code": lot.code}))
    product, producer = lot.product, lot.producer
    photo = product_photo_file(product)
    return {
        "type": "website",
        "title": _("Origin of %(product)s") % {"product": product.get_title()},
        "description": _("Made by %(producer)s · lot %(lot)s, %(date)s")
        % {
            "producer": producer.name,
            "lot": lot.lot_number,
            "date": lot.produced_on.strftime("%d/%m/%Y"),
        },
        "url": url,
        "image": _photo(request, photo) if photo else _fallback_image(request),
        "image_alt": product.get_title(),
    }
