from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PageCacheConfig(AppConfig):
    """The full-page cache for anonymous visitors and the version its entries are keyed by."""

    name = "pagecache"
    verbose_name = _("Page cache")

    def ready(self):
        from . import signals  # noqa: F401  connects the invalidation receivers
