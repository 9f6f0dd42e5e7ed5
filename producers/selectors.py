"""Reads about producers: the shop's public pages and the producer's own portal."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.catalogue.models import Product
from marketplace.order.models import Line, Order, ShippingGroup
from marketplace.payment.models import Source
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


def producer_for_user(*, user) -> Producer | None:
    """The producer this account runs, if any (an account runs one producer in practice).
    Never a training's practice shop: see practice_producer_for_user."""
    if not user.is_authenticated:
        return None
    return (
        Producer.objects.real()
        .select_related("partner")
        .filter(partner__users=user)
        .order_by("pk")
        .first()
    )


def practice_producer_for_user(*, user, producer_id: int) -> Producer | None:
    """The practice shop (mentoring.practice) `producer_id`, if this account runs it: the
    portal works on it instead of the account's own producer while the trainee is in it."""
    if not user.is_authenticated:
        return None
    return (
        Producer.objects.filter(practice_session__isnull=False, partner__users=user)
        .select_related("partner")
        .filter(pk=producer_id)
        .first()
    )


def producer_product_list(*, producer: Producer) -> QuerySet:
    """All of the producer's products, on sale or not, for the producer's own portal."""
    return (
        Product.objects.filter(stockrecords__partner_id=producer.partner_id)
        .prefetch_related("stockrecords", "images")
        .order_by("-date_created")
    )


@dataclass(frozen=True)
class ReadinessItem:
    """One line of "why can't I sell yet?": what is needed, whether it is done, where to fix it."""

    label: str
    done: bool
    fix_url: str


def producer_readiness(*, producer: Producer, products: list[Product]) -> list[ReadinessItem]:
    """The checklist on the portal home, from the producer and its products already loaded
    by producer_product_list (no query of its own)."""
    profile_complete = bool(producer.story and producer.commune and producer.district)
    has_product_on_sale = any(
        product.is_public and any(r.num_in_stock for r in product.stockrecords.all())
        for product in products
    )
    return [
        ReadinessItem(
            _("Your profile is complete"), profile_complete, reverse("portal:profile_edit")
        ),
        ReadinessItem(
            _("Staff have approved your profile"),
            producer.status == Producer.Status.APPROVED,
            reverse("portal:home") + "#status",
        ),
        ReadinessItem(
            _("At least one approved product in stock"),
            has_product_on_sale,
            reverse("portal:product_add"),
        ),
        ReadinessItem(
            _("A way to receive money"),
            producer.has_bank_account,
            reverse("portal:selling_setup"),
        ),
        ReadinessItem(
            _("Shipping options chosen"), producer.offers_shipping, reverse("portal:selling_setup")
        ),
    ]


def producer_product_initial(*, product: Product) -> dict:
    """The product as the portal's edit form shows it (reads its stock record and OCOP)."""
    record = product.stockrecords.all()[0]
    certificate = getattr(product, "ocop_certificate", None)
    return {
        "title": product.title,
        "category": product.categories.first(),
        "price": record.price,
        "num_in_stock": record.num_in_stock,
        "description": product.description,
        "unit": product.unit,
        "weight_grams": product.weight_grams,
        "origin_commune": product.origin_commune,
        "harvest_season": product.harvest_season,
        "stars": certificate.stars if certificate else None,
        "number": certificate.number if certificate else "",
        "issued_on": certificate.issued_on if certificate else None,
        "expires_on": certificate.expires_on if certificate else None,
    }


def product_ocop_stars(*, product: Product) -> int | None:
    """The OCOP stars to show as a badge today, or None: an expired rating shows nothing."""
    certificate = getattr(product, "ocop_certificate", None)
    return certificate.stars if certificate and certificate.is_valid_on() else None


def producer_order_list(*, producer: Producer) -> QuerySet:
    """Orders with at least one line of the producer's, newest first, each carrying only the
    producer's own lines (as `producer_lines`) and the shipping address."""
    own_lines = Line.objects.filter(partner_id=producer.partner_id).order_by("pk")
    own_sources = Source.objects.filter(partner_id=producer.partner_id).order_by("pk")
    own_groups = ShippingGroup.objects.filter(partner_id=producer.partner_id)
    return (
        Order.objects.filter(lines__partner_id=producer.partner_id)
        # A card order reaches its producers once the card payment is confirmed.
        .exclude(payment_method="card", status="Awaiting payment")
        .distinct()
        .select_related("shipping_address")
        .prefetch_related(
            Prefetch("lines", queryset=own_lines, to_attr="producer_lines"),
            Prefetch("sources", queryset=own_sources, to_attr="producer_sources"),
            Prefetch("shipping_groups", queryset=own_groups, to_attr="producer_groups"),
        )
        .order_by("-date_placed")
    )


def producer_order_detail(*, producer: Producer, number: str) -> Order:
    """One order as the producer may see it (raises Order.DoesNotExist for anyone else's)."""
    return producer_order_list(producer=producer).get(number=number)


@dataclass(frozen=True)
class SalesPeriod:
    label: str
    orders: int
    revenue: Decimal
    best_sellers: list


def producer_sales_summary(*, producer: Producer, today: datetime.date | None = None) -> list:
    """This month and last month: orders, revenue and best sellers, from the producer's own
    lines that were not cancelled."""
    today = today or timezone.localdate()
    this_month = today.replace(day=1)
    last_month = (this_month - datetime.timedelta(days=1)).replace(day=1)
    lines = Line.objects.filter(
        partner_id=producer.partner_id,
        order__date_placed__date__gte=last_month,
        order__is_practice=False,  # a training's practice purchases are not sales
    ).exclude(status="Cancelled")
    in_period = {
        "this": Q(order__date_placed__date__gte=this_month),
        "last": Q(order__date_placed__date__lt=this_month),
    }
    # Both periods' totals in one query, and both periods' best sellers in one more (the
    # quantities per title of each period; a producer sells tens of titles, not thousands).
    totals = lines.aggregate(
        **{
            f"{key}_orders": Count("order", distinct=True, filter=q) for key, q in in_period.items()
        },
        **{f"{key}_revenue": Sum("line_price_incl_tax", filter=q) for key, q in in_period.items()},
    )
    per_title = list(
        lines.values("title").annotate(
            **{key: Sum("quantity", filter=q) for key, q in in_period.items()}
        )
    )
    summary = []
    for key, label in (("this", _("This month")), ("last", _("Last month"))):
        sold = [row for row in per_title if row[key]]
        sold.sort(key=lambda row: (-row[key], row["title"]))
        summary.append(
            SalesPeriod(
                label,
                totals[f"{key}_orders"],
                totals[f"{key}_revenue"] or Decimal(0),
                [{"title": row["title"], "quantity": row[key]} for row in sold[:5]],
            )
        )
    return summary
