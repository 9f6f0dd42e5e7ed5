import oscar.apps.search.apps as apps
from django.db.backends.signals import connection_created
from django.db.models.signals import m2m_changed, post_delete, post_save


def _sqlite_fold_function(sender, connection, **kwargs):
    """chophien_fold(text) on SQLite too: PostgreSQL gets it from migration 0002 (lower and
    unaccent), SQLite from core.text.fold, so a query can fold a column on either database
    (the admin's member search finds "Nguyễn" typed "nguyen")."""
    if connection.vendor == "sqlite":
        from core.text import fold

        connection.connection.create_function(
            "chophien_fold", 1, lambda text: None if text is None else fold(text),
            deterministic=True,
        )  # fmt: skip


class SearchConfig(apps.SearchConfig):
    name = "marketplace.search"

    def ready(self):
        super().ready()
        connection_created.connect(_sqlite_fold_function, dispatch_uid="chophien-fold")
        from wagtail.models import PageViewRestriction
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from marketplace.catalogue.models import Category, OcopCertificate, Product
        from marketplace.partner.models import Partner, StockRecord
        from marketplace.search import indexing

        # Search documents follow every change that shows in them (see indexing.py); a
        # producer's change is connected by producers' own app (producers/apps.py).
        uid = "search-documents"
        post_save.connect(indexing.on_product_change, sender=Product, dispatch_uid=uid)
        for model in (StockRecord, OcopCertificate, Product.categories.through):
            post_save.connect(indexing.on_product_part_change, sender=model, dispatch_uid=uid)
            post_delete.connect(indexing.on_product_part_change, sender=model, dispatch_uid=uid)
        m2m_changed.connect(
            indexing.on_categories_change, sender=Product.categories.through, dispatch_uid=uid
        )
        post_save.connect(indexing.on_category_change, sender=Category, dispatch_uid=uid)
        post_save.connect(indexing.on_partner_change, sender=Partner, dispatch_uid=uid)
        page_published.connect(indexing.on_page_tree_change, dispatch_uid=uid)
        page_unpublished.connect(indexing.on_page_tree_change, dispatch_uid=uid)
        post_page_move.connect(indexing.on_page_tree_change, dispatch_uid=uid)
        for model in (PageViewRestriction,):
            post_save.connect(indexing.on_restriction_change, sender=model, dispatch_uid=uid)
            post_delete.connect(indexing.on_restriction_change, sender=model, dispatch_uid=uid)

    def get_urls(self):
        from django.urls import path

        from marketplace.search.views.search import suggest

        urls = [
            path("", self.search_view.as_view(), name="search"),
            path("suggest/", suggest, name="suggest"),
        ]
        return self.post_process_urls(urls)
