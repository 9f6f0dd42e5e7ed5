"""Reads for the CMS pages: live commerce data the pages point at, and editorial listings.

Pages keep ids of products and producers, never their prices or stock; everything shown to a
buyer comes through these functions at render time.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from wagtail.images import get_image_model

from marketplace.catalogue.models import Product
from marketplace.search.selectors import product_browse_list
from mentoring.reporting.dashboard import province_selling_headline
from places.selectors import area_communes
from producers.models import Producer, ProducerPhoto, distance_km
from producers.selectors import producer_products, producers_public, products_public


@dataclass(frozen=True)
class TargetProgress:
    """How far the province is toward its target (e.g. 10% of members selling online)."""

    label: str
    achieved: int
    total: int
    target_percent: int
    # The complete measure's parts, each member once, and the day it was counted: the public
    # is told what the figure covers and how old it is (issue 27).
    on_chophien: int = 0
    elsewhere_only: int = 0
    counted_on: datetime.date | None = None

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
    """The union pages' progress block toward the 10% target, from the mentoring dashboard's
    province figure (stored counts, refreshed nightly): the complete measure (paid orders on
    Chợ Phiên and the shops elsewhere a mentor verified, each member once) with the day it
    was counted. None hides the block."""
    headline = province_selling_headline()
    if headline is None:
        return None
    figure = headline.figure
    return TargetProgress(
        label=str(figure.label),
        achieved=figure.numerator,
        total=figure.denominator,
        target_percent=int(figure.target or 0),
        on_chophien=headline.parts["here"],
        elsewhere_only=headline.parts["elsewhere_only"],
        counted_on=headline.counted_on,
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


# How far "nearby" reaches from a destination's pin when producers are found by distance.
NEARBY_KM = 20


def producers_near(
    *,
    area=None,
    point: tuple[float, float] | None = None,
    km: float = NEARBY_KM,
    exclude_ids: Iterable[int] = (),
    limit: int = 6,
) -> QuerySet | list:
    """Approved producers near a place, with their photos, for a destination or section page:
    those in the communes of `area` (a former district's area: "Bắc Hà" as people still say,
    or one of today's communes), or else those whose place lies within `km` of `point` (the
    destination's pin), nearest first. Names are not compared: the map of 2025 changed them."""
    producers = (
        producers_public()
        .exclude(pk__in=list(exclude_ids))
        .select_related("partner", "commune", "former_district")
        .prefetch_related(Prefetch("photos", queryset=ProducerPhoto.objects.all()))
    )
    if area is not None:
        return producers.filter(
            Q(commune__in=area_communes(area)) | Q(former_district=area)
        ).order_by("partner__name")[:limit]
    if point is None:
        return Producer.objects.none()
    near = []
    for producer in producers.filter(commune__isnull=False):
        here = producer.coordinates
        if here is not None and (distance := distance_km(point, here)) <= km:
            near.append((distance, producer.name, producer))
    return [producer for _d, _n, producer in sorted(near, key=lambda item: item[:2])[:limit]]


def with_listing_images(pages: QuerySet, *fields: str) -> QuerySet:
    """Pages with their listing image and that image's renditions prefetched, so a listing
    costs the same number of queries for 6 items or 60 (renditions exist after a first view)."""
    images = get_image_model().objects.prefetch_renditions()
    return pages.prefetch_related(*(Prefetch(field, queryset=images) for field in fields))
