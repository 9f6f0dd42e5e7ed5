"""Which Wagtail pages the public may see: the one rule every page listing, search document
and search result uses (it sits in core because the shop's search indexes pages too and may
not import cms)."""

from wagtail.models import Locale, Page
from wagtail.query import PageQuerySet


def pages_public(*, pages=None, locale: Locale | None = None) -> PageQuerySet:
    """The pages among `pages` (a page manager or queryset; every page if None) the public may
    see: published (`live()`), behind no privacy restriction (`public()`), not the tree's
    root; in `locale` when given (a listing shows its own language's pages)."""
    pages = Page.objects.all() if pages is None else pages
    pages = pages.live().public().filter(depth__gt=1)
    return pages if locale is None else pages.filter(locale=locale)
