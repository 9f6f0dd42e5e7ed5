"""What makes cached public pages stale: receivers that bump the page cache version."""

from django.apps import apps
from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished

from .services import page_cache_bump

# Models whose rows public pages show. Stock allocated by an order is an UPDATE without
# signals: marketplace.order.utils.OrderCreator bumps the version itself.
WATCHED_MODELS = [
    "catalogue.Product",
    "catalogue.ProductImage",
    "catalogue.ProductCategory",
    "catalogue.Category",
    "partner.StockRecord",
    "partner.Partner",
    "producers.Producer",
    "producers.ProducerPhoto",
    # The public page's "seller identified" badge; approving one puts products on sale.
    "producers.SellerIdentity",
    "cms.NavigationSettings",
    "cms.FooterSettings",
    "wagtailcore.Page",
    "wagtailimages.Image",
]


# Wagtail creates a site's settings row, empty, the first time a page reads it: nothing shown
# changes then.
CREATED_EMPTY = {"cms.NavigationSettings", "cms.FooterSettings"}


def _bump(sender, **kwargs):
    if kwargs.get("created") and sender._meta.label in CREATED_EMPTY:
        return
    page_cache_bump()


for label in WATCHED_MODELS:
    try:
        model = apps.get_model(label)
    except LookupError:
        continue
    post_save.connect(_bump, sender=model, dispatch_uid=f"pagecache-save-{label}")
    post_delete.connect(_bump, sender=model, dispatch_uid=f"pagecache-delete-{label}")

# Publishing saves the live page through its specific class, which post_save on Page does not
# see: Wagtail's own signals cover every page type.
page_published.connect(_bump, dispatch_uid="pagecache-published")
page_unpublished.connect(_bump, dispatch_uid="pagecache-unpublished")
