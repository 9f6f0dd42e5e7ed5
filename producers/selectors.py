"""Reads about producers for the shop's public pages."""

from django.db.models import Count, Prefetch, Q, QuerySet

from marketplace.catalogue.models import Product
from marketplace.search.selectors import product_browse_list
from producers.models import Producer, ProducerPhoto


def producer_directory(*, district: str = "") -> QuerySet:
    """Approved producers, optionally in one district, with their public product counts."""
    producers = (
        Producer.objects.approved()
        .select_related("partner")
        .prefetch_related(Prefetch("photos", queryset=ProducerPhoto.objects.all()))
        .annotate(
            product_count=Count(
                "partner__stockrecords__product",
                filter=Q(partner__stockrecords__product__is_public=True)
                & Q(
                    partner__stockrecords__product__structure__in=[
                        Product.STANDALONE,
                        Product.PARENT,
                    ]
                ),
                distinct=True,
            )
        )
        .order_by("partner__name")
    )
    if district:
        producers = producers.filter(district=district)
    return producers


def producer_district_list() -> list[str]:
    """The districts that have at least one approved producer, for the directory's filter."""
    return list(
        Producer.objects.approved()
        .order_by("district")
        .values_list("district", flat=True)
        .distinct()
    )


def producer_products(*, producer: Producer) -> QuerySet:
    """The producer's public products, live from Oscar (prices come from stock records)."""
    return product_browse_list().filter(stockrecords__partner_id=producer.partner_id)
