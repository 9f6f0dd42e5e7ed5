"""The menu and footer from the site settings, cached so that every page of the site (shop
pages included) pays no query for them once warm. cms.signals bumps the cache version when a
page is published, moved or deleted, or a setting is saved."""

from django import template
from django.core.cache import cache
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext
from wagtail.models import Locale, Page, Site

register = template.Library()

VERSION_KEY = "cms:chrome:version"


def chrome_version() -> int:
    return cache.get_or_set(VERSION_KEY, 1, None)


def chrome_invalidate() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 1, None)


def _localized_links(pages: list[Page]) -> list[dict]:
    """Titles and URLs of `pages` in the active language (their translation if live), in two
    queries for the whole list."""
    if not pages:
        return []
    try:
        locale = Locale.get_active()
    except Locale.DoesNotExist:
        locale = None
    translated = {}
    if locale is not None:
        translated = {
            page.translation_key: page
            for page in Page.objects.live().filter(
                translation_key__in=[p.translation_key for p in pages], locale=locale
            )
        }
    links = []
    for page in pages:
        shown = translated.get(page.translation_key, page)
        if shown.live:
            links.append({"title": shown.title, "url": shown.get_url()})
    return links


def _chrome(request) -> dict:
    from cms.models import FooterSettings, NavigationSettings

    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return {"menu": [], "footer": None}
    nav = NavigationSettings.for_site(site)
    footer = FooterSettings.for_site(site)
    menu_pages = [link.page for link in nav.links.select_related("page").order_by("sort_order")]
    footer_pages = [
        link.page for link in footer.links.select_related("page").order_by("sort_order")
    ]
    english = translation.get_language() == "en"
    return {
        "menu": _localized_links(menu_pages),
        "footer": {
            "about": (footer.about_en if english else "") or footer.about_vi,
            "links": _localized_links(footer_pages),
            "address": footer.address,
            "phone": footer.phone,
            "email": footer.email,
        },
    }


def _chrome_key(request) -> str:
    host = request.get_host() if request is not None else ""
    return f"cms:chrome:{chrome_version()}:{host}:{translation.get_language()}"


def site_chrome(request) -> dict:
    chrome = cache.get(_chrome_key(request))
    if chrome is None:
        chrome = _chrome(request)
        # Reading the settings the first time creates their rows, which bumps the version:
        # store under the version current now.
        cache.set(_chrome_key(request), chrome, 60 * 60)
    return chrome


@register.simple_tag(takes_context=True)
def cms_menu(context) -> list[dict]:
    return site_chrome(context.get("request"))["menu"]


@register.simple_tag(takes_context=True)
def cms_footer(context) -> dict | None:
    return site_chrome(context.get("request"))["footer"]


@register.simple_tag
def block_products(products) -> list:
    """A product block's products that are still on sale, with live prices (one listing query)."""
    from cms.selectors import live_products

    return live_products(product_ids=[product.pk for product in products if product])


@register.simple_tag(takes_context=True)
def absolute_page_url(context, page) -> str:
    """The page's address with scheme and host, for rel=canonical and og:url: search engines
    and chat apps need it whole. Read from the request (a host ALLOWED_HOSTS accepted), since the
    Site record's root_url says "localhost" on a development machine."""
    request = context.get("request")
    if not hasattr(page, "get_url"):
        # A product or a producer (anything with get_absolute_url): the same, for their pages.
        url = page.get_absolute_url()
        return request.build_absolute_uri(url) if request is not None else url
    url = page.get_url(request=request)
    return request.build_absolute_uri(url) if request is not None else page.full_url


@register.simple_tag(takes_context=True)
def page_share(context, page) -> dict:
    """The Open Graph dict of a CMS page for includes/og_meta.html (the shop's pages build
    theirs in producers.sharing): its SEO title and description, its sharing image at 1200x630."""
    request = context.get("request")
    image = None
    if sharing := page.sharing_image:
        rendition = sharing.get_rendition("fill-1200x630|format-jpeg")
        url = rendition.url
        image = {
            "url": request.build_absolute_uri(url) if request is not None else url,
            "width": rendition.width,
            "height": rendition.height,
        }
    description = (
        page.search_description
        or Truncator(strip_tags(getattr(page, "intro", "") or "")).words(35)
        # The site's own description (oscar/base.html): a chat shows an empty line otherwise.
        or gettext(
            "Shan Tuyet tea, forest honey, black cardamom, plums and brocade, bought straight "
            "from young producers in the highlands of Lao Cai."
        )
    )
    return {
        "type": "article" if getattr(page, "date", None) else "website",
        "title": page.seo_title or page.title,
        "description": description,
        "url": absolute_page_url(context, page),
        "image": image,
    }
