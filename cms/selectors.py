"""Reads for the CMS pages: live commerce data the pages point at, and editorial listings.

Pages keep ids of products and producers, never their prices or stock; everything shown to a
buyer comes through these functions at render time.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from wagtail.images import get_image_model

from marketplace.catalogue.models import Product
from marketplace.search.selectors import product_browse_list
from mentoring.reporting.dashboard import province_selling_online
from producers.models import Producer, ProducerPhoto
from producers.selectors import producer_products, producers_public, products_public


@dataclass(frozen=True)
class TargetProgress:
    """How far the province is toward its target (e.g. 10% of members selling online)."""

    label: str
    achieved: int
    total: int
    target_percent: int

    @property
    def percent(self) -> float:
        return round(100 * self.achieved / self.total, 1) if self.total else 0.0

    @property
    def share_of_target(self) -> int:
        """How much of the target is reached, 0-100, for the progress bar."""
        if not self.target_percent:
            return 0
        return min(100, round(100 * self.percent / self.target_percent))


def target_progress() -> TargetProgress | None:
    """The home page's progress block toward the 10% target, from the mentoring dashboard's
    province figure (stored counts, refreshed nightly); None hides the block."""
    figure = province_selling_online()
    if figure is None:
        return None
    return TargetProgress(
        label=str(figure.label),
        achieved=figure.numerator,
        total=figure.denominator,
        target_percent=int(figure.target or 0),
    )


def live_products(*, product_ids: Iterable[int]) -> list[Product]:
    """The products among `product_ids` that are on sale now, in the order given (one listing
    query plus its prefetches). Products taken off sale since the editor chose them drop out."""
    ids = [pk for pk in product_ids if pk]
    if not ids:
        return []
    by_id = {
        product.pk: product
        for product in products_public(products=product_browse_list().filter(pk__in=ids))
    }
    return [by_id[pk] for pk in dict.fromkeys(ids) if pk in by_id]


def story_products(*, producer: Producer | None) -> QuerySet | list:
    """A producer story's products: the producer's public products, live from Oscar. None for
    a producer the public may not see (suspended producers disappear from the shop)."""
    if producer is None:
        return []
    return producer_products(producer=producer)


def producers_near(*, district: str, exclude_ids: Iterable[int] = (), limit: int = 6) -> QuerySet:
    """Approved producers in a district, with their photos, for a destination page."""
    if not district:
        return Producer.objects.none()
    return (
        producers_public()
        .filter(district=district)
        .exclude(pk__in=list(exclude_ids))
        .select_related("partner")
        .prefetch_related(Prefetch("photos", queryset=ProducerPhoto.objects.all()))
        .order_by("partner__name")[:limit]
    )


def with_listing_images(pages: QuerySet, *fields: str) -> QuerySet:
    """Pages with their listing image and that image's renditions prefetched, so a listing
    costs the same number of queries for 6 items or 60 (renditions exist after a first view)."""
    images = get_image_model().objects.prefetch_renditions()
    return pages.prefetch_related(*(Prefetch(field, queryset=images) for field in fields))
