"""Oscar's recently-viewed products (a cookie of product ids), read with everything a product
card shows prefetched, so the strip costs the same few queries for one product or ten."""

from django.db.models import Exists, OuterRef, Prefetch
from oscar.apps.customer.history import CustomerHistoryManager as CoreCustomerHistoryManager

from marketplace.catalogue.models import Option, Product
from marketplace.partner.models import StockRecord


def product_cards(ids):
    """Public products by id, with what oscar/catalogue/partials/product.html reads."""
    return (
        Product.objects.shown_to_public()
        .filter(pk__in=ids)
        .select_related("product_class", "ocop_certificate")
        .annotate(  # what Product.has_options reads instead of a query per card
            has_product_class_options=Exists(
                Option.objects.filter(productclass=OuterRef("product_class"))
            ),
            has_product_options=Exists(Option.objects.filter(product=OuterRef("pk"))),
        )
        .prefetch_related(
            "images",
            Prefetch("stockrecords", queryset=StockRecord.objects.select_related("partner")),
        )
    )


class CustomerHistoryManager(CoreCustomerHistoryManager):
    @classmethod
    def get(cls, request):
        ids = cls.extract(request)
        products = {product.pk: product for product in product_cards(ids)}
        return [products[pk] for pk in reversed(ids) if pk in products]
