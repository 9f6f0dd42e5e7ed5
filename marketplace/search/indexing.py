"""Keeping the search documents in step with the catalogue and the CMS.

Decision: a save never waits on the index. Signal handlers only note which products (or
pages) changed; once the transaction commits, one django-tasks task rebuilds their documents
in a few bulk queries (a product saved with its stock record and category in one transaction
is rebuilt once). With django-tasks' default immediate backend the task runs right after the
commit; a deployment that wants it off the request entirely points TASKS at a worker backend.
If the refresh fails the sale or edit still stands, and `rebuild_search_documents` repairs
the index. Signals are the house style's allowed use: a decoupled side effect.
"""

import threading
from collections.abc import Iterable

from django.db import connection, transaction
from django.utils.html import strip_tags
from django_tasks import task

from core.pages import pages_public
from core.text import fold
from marketplace.search import text as vi
from marketplace.search.models import PageSearchDocument, ProductSearchDocument, SearchWord
from pagecache.services import page_cache_bump

_pending = threading.local()


def _join(parts: Iterable[str]) -> str:
    return " ".join(p for p in parts if p)


def _document_for(product, *, roots: dict[str, object]) -> ProductSearchDocument:
    records = list(product.stockrecords.all())
    partner = records[0].partner if records else None
    producer = getattr(partner, "producer", None) if partner else None
    categories = list(product.categories.all())
    root = roots.get(categories[0].path[: categories[0].steplen]) if categories else None
    # The facet is the former district (before 1 July 2025) buyers still choose ("Bắc Hà");
    # the text also holds today's commune, so "Tú Lệ" and "Văn Chấn" both find it. The
    # producer's places are units read duck-typed: the search does not import producers.
    former = producer.district_name if producer else ""
    district = former or product.origin_district
    commune = producer.commune if producer and producer.commune_id else None
    certificate = getattr(product, "ocop_certificate", None)
    title = product.title or ""
    text = _join(
        [
            title,
            *(c.name for c in categories),
            root.name if root else "",
            partner.name if partner else "",
            district,
            product.origin_district,
            product.origin_commune,
            commune.full_name if commune else "",
            product.origin.full_name if product.origin_id else "",
            producer.commune_as_typed if producer else "",
            strip_tags(product.description or ""),
        ]
    )
    prices = [r.price for r in records if r.price is not None]
    return ProductSearchDocument(
        product_id=product.pk,
        # A practice product is never public; the producer check keeps it out regardless.
        is_listed=product.is_shown_to_public and not (producer is not None and producer.is_sandbox),
        title_folded=vi.padded(fold(title)),
        title_exact=vi.padded(vi.exact(title)),
        text_folded=vi.padded(fold(text)),
        text_exact=vi.padded(vi.exact(text)),
        category=root,
        producer=producer,
        district=district,
        commune=commune.full_name if commune else "",
        ocop_stars=certificate.stars if certificate else None,
        ocop_valid_from=certificate.issued_on if certificate else None,
        ocop_valid_until=certificate.expires_on if certificate else None,
        price=min(prices) if prices else None,
        in_stock=any((r.num_in_stock or 0) - (r.num_allocated or 0) > 0 for r in records),
        date_created=product.date_created,
    )


DOCUMENT_FIELDS = [f.name for f in ProductSearchDocument._meta.concrete_fields if not f.primary_key]


def product_documents_refresh(*, product_ids: Iterable[int]) -> int:
    """Rebuild the documents of these products (deleting those of products now gone).
    Five queries whatever the number of products (six on PostgreSQL: the vocabulary).
    Returns how many were written."""
    from marketplace.catalogue.models import Category, Product

    ids = set(product_ids)
    if not ids:
        return 0
    products = list(
        Product.objects.filter(pk__in=ids)
        .select_related("ocop_certificate", "origin")
        .prefetch_related(
            "categories",
            "stockrecords__partner__producer__commune",
            "stockrecords__partner__producer__former_district",
        )
    )
    prefixes = {c.path[: c.steplen] for p in products for c in p.categories.all()}
    roots = {c.path: c for c in Category.objects.filter(depth=1, path__in=prefixes)}
    documents = [_document_for(p, roots=roots) for p in products]
    ProductSearchDocument.objects.bulk_create(
        documents,
        update_conflicts=True,
        unique_fields=["product"],
        update_fields=DOCUMENT_FIELDS,
    )
    if connection.vendor == "postgresql":  # only PostgreSQL matches typos (backends.postgres)
        words = {
            w
            for d in documents
            if d.is_listed
            for w in d.text_folded.split()
            if not w.isdigit() and len(w) <= 100
        }
        SearchWord.objects.bulk_create(
            [SearchWord(word=w) for w in sorted(words)], ignore_conflicts=True
        )
    gone = ids - {p.pk for p in products}
    if gone:
        ProductSearchDocument.objects.filter(product_id__in=gone).delete()
    # The cached browse facets (backends.facets.browse_facets_cached) are keyed by the page
    # cache version; the documents may be rebuilt after the change's own bump (a background
    # task), so bump again once they are.
    page_cache_bump()
    return len(documents)


def _page_text(page) -> tuple[str, str]:
    """The page's title and the rest of its searchable text, read through the page type's
    Wagtail `search_fields` (the same definition Wagtail's own search backends use)."""
    from modelsearch.index import SearchField

    body = []
    for field in page.get_search_fields():
        if not isinstance(field, SearchField) or field.field_name == "title":
            continue
        value = field.get_value(page)
        if isinstance(value, list | tuple):
            value = " ".join(str(v) for v in value)
        body.append(strip_tags(str(value or "")))
    return page.title, _join(body)


def page_documents_refresh(*, page_ids: Iterable[int]) -> int:
    """Rebuild the documents of these pages: live, public pages get one, others lose theirs."""
    from wagtail.models import Page

    ids = set(page_ids)
    if not ids:
        return 0
    pages = [p.specific for p in pages_public(pages=Page.objects.filter(pk__in=ids))]
    documents = []
    for page in pages:
        title, body = _page_text(page)
        documents.append(
            PageSearchDocument(
                page_id=page.pk,
                title_folded=vi.padded(fold(title)),
                title_exact=vi.padded(vi.exact(title)),
                text_folded=vi.padded(fold(_join([title, body]))),
                text_exact=vi.padded(vi.exact(_join([title, body]))),
            )
        )
    PageSearchDocument.objects.bulk_create(
        documents,
        update_conflicts=True,
        unique_fields=["page"],
        update_fields=["title_folded", "title_exact", "text_folded", "text_exact"],
    )
    PageSearchDocument.objects.filter(page_id__in=ids - {p.pk for p in pages}).delete()
    return len(documents)


def search_documents_rebuild(*, batch_size: int = 2000) -> tuple[int, int]:
    """Every product's and page's document, in batches (after a bulk import or a restore)."""
    from wagtail.models import Page

    from marketplace.catalogue.models import Product

    product_ids = list(Product.objects.order_by("pk").values_list("pk", flat=True))
    products = 0
    for start in range(0, len(product_ids), batch_size):
        products += product_documents_refresh(product_ids=product_ids[start : start + batch_size])
    ProductSearchDocument.objects.exclude(product_id__in=Product.objects.all()).delete()
    page_ids = list(Page.objects.values_list("pk", flat=True))
    PageSearchDocument.objects.exclude(page_id__in=page_ids).delete()
    pages = page_documents_refresh(page_ids=page_ids)
    return products, pages


@task()
def refresh_search_documents(*, product_ids: list[int], page_ids: list[int]) -> None:
    product_documents_refresh(product_ids=product_ids)
    page_documents_refresh(page_ids=page_ids)


def _flush() -> None:
    products, pages = _pending.products, _pending.pages
    _pending.products, _pending.pages, _pending.callback = set(), set(), None
    if products or pages:
        refresh_search_documents.enqueue(product_ids=sorted(products), page_ids=sorted(pages))


def schedule_refresh(*, product_ids: Iterable[int] = (), page_ids: Iterable[int] = ()) -> None:
    """Note changed products/pages; their documents are rebuilt once the transaction commits."""
    # One flush per transaction. A rolled-back transaction drops its callbacks without running
    # them, so check that this transaction's flush is really still waiting.
    connection = transaction.get_connection()
    callback = getattr(_pending, "callback", None)
    waiting = (
        callback is not None
        and connection.in_atomic_block
        and any(entry[1] is callback for entry in connection.run_on_commit)
    )
    if not waiting:

        def callback():
            if _pending.callback is callback:
                _flush()

        _pending.products, _pending.pages, _pending.callback = set(), set(), callback
    _pending.products.update(i for i in product_ids if i)
    _pending.pages.update(i for i in page_ids if i)
    if not waiting:
        transaction.on_commit(callback)  # outside a transaction this runs at once


# Signal receivers (connected in SearchConfig.ready). Rows saved raw (loaddata, a test
# database's reload) are skipped: their related rows may not exist yet, and
# `rebuild_search_documents` rebuilds everything after such a load.


def _raw(kwargs) -> bool:
    return bool(kwargs.get("raw"))


def on_product_change(sender, instance, **kwargs):
    if _raw(kwargs):
        return
    schedule_refresh(product_ids=[instance.pk, instance.parent_id])


def on_product_part_change(sender, instance, **kwargs):
    """A stock record, OCOP certificate or category link changed: its product's document."""
    if _raw(kwargs):
        return
    schedule_refresh(product_ids=[instance.product_id])


def on_categories_change(sender, instance, action, pk_set=None, reverse=False, **kwargs):
    if not action.startswith("post_"):
        return
    from marketplace.catalogue.models import Product

    if reverse:  # category.product_set.add(...): pk_set holds products
        ids = pk_set or Product.objects.filter(categories=instance).values_list("pk", flat=True)
        schedule_refresh(product_ids=list(ids))
    else:
        schedule_refresh(product_ids=[instance.pk])


def on_category_change(sender, instance, **kwargs):
    if _raw(kwargs):
        return
    from marketplace.catalogue.models import Product

    if instance.pk:
        ids = Product.objects.filter(categories__path__startswith=instance.path).values_list(
            "pk", flat=True
        )
        schedule_refresh(product_ids=list(ids))


def on_partner_change(sender, instance, **kwargs):
    if _raw(kwargs):
        return
    from marketplace.catalogue.models import Product

    ids = Product.objects.filter(stockrecords__partner_id=instance.pk).values_list("pk", flat=True)
    schedule_refresh(product_ids=list(ids))


def on_producer_change(sender, instance, **kwargs):
    if _raw(kwargs):
        return
    from marketplace.catalogue.models import Product

    ids = Product.objects.filter(stockrecords__partner_id=instance.partner_id)
    schedule_refresh(product_ids=list(ids.values_list("pk", flat=True)))


def on_page_tree_change(sender, instance, **kwargs):
    """Publishing, moving or privacy changes can reach descendants (`core.pages.pages_public`)."""
    if _raw(kwargs):
        return
    from wagtail.models import Page

    schedule_refresh(
        page_ids=list(
            Page.objects.descendant_of(instance, inclusive=True).values_list("pk", flat=True)
        )
    )


def on_restriction_change(sender, instance, **kwargs):
    if _raw(kwargs):
        return
    on_page_tree_change(sender, instance.page, **kwargs)
