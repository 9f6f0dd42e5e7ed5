"""Reads about producers: the shop's public pages and the producer's own portal."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.text import fold
from legal.models import BUYER_KINDS, SELLER_KINDS
from marketplace.catalogue.models import Product
from marketplace.order.models import Line, Order, ShippingGroup
from marketplace.order.statuses import LineStatus, OrderStatus
from marketplace.partner.models import StockRecord
from marketplace.payment.methods import online_method_codes, payment_method_or_none
from marketplace.payment.models import Source
from marketplace.search.selectors import product_browse_list
from places.models import AdministrativeUnit
from producers.models import Producer, ProducerPhoto, SellerIdentity


def producers_public() -> QuerySet:
    """The producers the public may see (`Producer.objects.approved()`): every listing,
    sitemap, chooser and report of producers starts here."""
    return Producer.objects.approved()


def products_public(*, products: QuerySet | None = None) -> QuerySet:
    """The products the public may see, or those among `products`: the product's own rule
    (`Product.objects.shown_to_public()`: on sale, approved by staff, not a variant) and its
    producer's (sold by a producer of `producers_public()`). The shop's own listings, which may
    not import producers, use the product's rule alone: producers' services keep `is_public`
    off for the products of a producer the public may not see."""
    products = Product.objects.all() if products is None else products
    return products.shown_to_public().filter(
        Exists(
            StockRecord.objects.filter(
                product=OuterRef("pk"), partner__producer__in=producers_public()
            )
        )
    )


def producer_directory(
    *, district: AdministrativeUnit | None = None, commune: AdministrativeUnit | None = None
) -> QuerySet:
    """Approved producers, optionally of one former district (before 1 July 2025: buyers
    still choose "Bắc Hà") or of one of today's communes, with their public product counts."""
    producers = (
        producers_public()
        .select_related("partner", "commune", "former_district")
        .prefetch_related(Prefetch("photos", queryset=ProducerPhoto.objects.all()))
        .annotate(
            product_count=Count(
                "partner__stockrecords__product",
                filter=Q(partner__stockrecords__product__in=Product.objects.shown_to_public()),
                distinct=True,
            )
        )
        .order_by("partner__name")
    )
    if district is not None:
        producers = producers.filter(former_district=district)
    if commune is not None:
        producers = producers.filter(commune=commune)
    return producers


def producer_names(*, ids: list, public_ids: list) -> dict[int, str]:
    """The names of the producers `ids` (the search's facet values: the search documents hold
    them), except those among `public_ids` (ids typed in a URL) the public may not see: a
    practice shop's or an unapproved producer's name must not leak. One query. The search
    reaches it through CHOPHIEN_SEARCH_PRODUCER_NAMES: it sits below producers."""
    return dict(
        (
            Producer.objects.filter(pk__in=ids).exclude(pk__in=public_ids)
            | producers_public().filter(pk__in=public_ids)
        ).values_list("pk", "partner__name")
    )


def producer_district_list() -> list[AdministrativeUnit]:
    """The former districts (before 1 July 2025) that have at least one approved producer,
    by name, for the directory's filter. One query."""
    return list(
        AdministrativeUnit.objects.filter(
            pk__in=producers_public().values("former_district")
        ).order_by("name_folded")
    )


def producer_district_find(text: str) -> AdministrativeUnit | None:
    """The directory's ?district=: a former district with producers, by its code ("083") or
    by its name as a buyer types it ("Bắc Hà", "bac ha", "Huyện Bắc Hà")."""
    text = (text or "").strip()
    if not text:
        return None
    key = fold(text)
    for unit in producer_district_list():
        if text == unit.code or key in (unit.name_folded, fold(unit.full_name)):
            return unit
    return None


def producer_products(*, producer: Producer) -> QuerySet:
    """The producer's public products, live from Oscar (prices come from stock records); none
    while the producer is not public."""
    return products_public(
        products=product_browse_list().filter(stockrecords__partner_id=producer.partner_id)
    )


def producer_for_user(*, user) -> Producer | None:
    """The producer this account runs, if any (an account runs one producer in practice).
    Never a sandbox shop (a training's practice shop): see sandbox_producer_for_user."""
    if not user.is_authenticated:
        return None
    return (
        Producer.objects.real()
        .select_related("partner", "identity")  # the readiness checklist reads the identity
        .filter(partner__users=user)
        .order_by("pk")
        .first()
    )


def sandbox_producer_for_user(*, user, producer_id: int) -> Producer | None:
    """The sandbox shop `producer_id` (a training's practice shop), if this account runs it:
    the portal works on it instead of the account's own producer while the person is in it."""
    if not user.is_authenticated:
        return None
    return (
        Producer.objects.filter(is_sandbox=True, partner__users=user)
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
    profile_complete = bool(producer.story and producer.commune_id)
    has_product_on_sale = any(
        product.is_public and any(r.num_in_stock for r in product.stockrecords.all())
        for product in products
    )
    items = [
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
    if not producer.is_sandbox:  # a practice shop never sells: nobody to identify
        items.insert(2, _identity_readiness(producer))
    return items


def producer_identified_on(*, producer: Producer):
    """The day the seller was identified, for the public page's badge, or None. Only the date
    leaves here: the public page never gets hold of the numbers (one query)."""
    decided_at = (
        SellerIdentity.objects.approved()
        .filter(producer=producer)
        .values_list("decided_at", flat=True)
        .first()
    )
    return timezone.localdate(decided_at) if decided_at else None


def _identity_readiness(producer: Producer) -> ReadinessItem:
    """The seller identification step (producers.identification): nothing goes on sale
    before it is approved. Reads producer.identity (producer_for_user selects it)."""
    identity = getattr(producer, "identity", None)
    status = identity.status if identity else None
    label = {
        SellerIdentity.Status.APPROVED: _("Your identity is confirmed"),
        SellerIdentity.Status.SUBMITTED: _("Your identity is confirmed (sent, waiting for staff)"),
        SellerIdentity.Status.REFUSED: _("Your identity is confirmed (refused: see why)"),
    }.get(status, _("Your identity is confirmed"))
    return ReadinessItem(
        label, status == SellerIdentity.Status.APPROVED, reverse("portal:identity")
    )


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
        # A card (or VNPay) order reaches its producers once the payment is confirmed.
        .exclude(payment_method__in=online_method_codes(), status=OrderStatus.AWAITING_PAYMENT)
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


# What a producer's part of an order stands at, for the portal's order list and sales.
PART_PAID, PART_AWAITING, PART_CANCELLED = "paid", "awaiting", "cancelled"
PART_LABELS = {
    PART_PAID: _("Paid"),
    PART_AWAITING: _("Awaiting payment"),
    PART_CANCELLED: _("Cancelled"),
}


@dataclass(frozen=True)
class ProducerOrderPart:
    """The producer's own part of an order: whether its money has arrived, and how much.

    `amount` is what the buyer pays this producer (its lines not cancelled and its shipping),
    or, for a cancelled part, what it would have been."""

    state: str
    amount: Decimal
    payment_method: str  # the way to pay's name, "" if unknown

    @property
    def label(self) -> str:
        return str(PART_LABELS[self.state])


def producer_order_part(*, order: Order) -> ProducerOrderPart:
    """The producer's part of an order from producer_order_list (its producer_lines,
    producer_sources and producer_groups; no query of its own)."""
    sources = order.producer_sources
    return _order_part(
        order=order,
        lines=order.producer_lines,
        shipping=sum((group.charge for group in order.producer_groups), Decimal(0)),
        received=bool(sources)
        and all(source.amount_debited >= source.amount_allocated for source in sources),
    )


def _order_part(*, order, lines, shipping: Decimal, received: bool) -> ProducerOrderPart:
    """Paid when the whole order is paid (a card pays the platform for everyone) or when this
    producer confirmed their own transfer or cash (`received`); cancelled when the order was
    cancelled or refunded, or every one of the producer's lines was."""
    live = [line for line in lines if line.status != LineStatus.CANCELLED]
    method = payment_method_or_none(order.payment_method)
    method_name = str(method.name) if method is not None else ""
    if order.status in (OrderStatus.CANCELLED, OrderStatus.REFUNDED) or not live:
        amount = sum((line.line_price_incl_tax for line in lines), shipping)
        return ProducerOrderPart(PART_CANCELLED, amount, method_name)
    amount = sum((line.line_price_incl_tax for line in live), shipping)
    paid = order.status == OrderStatus.PAID or received
    return ProducerOrderPart(PART_PAID if paid else PART_AWAITING, amount, method_name)


@dataclass(frozen=True)
class SalesFigure:
    orders: int
    amount: Decimal


@dataclass(frozen=True)
class SalesPeriod:
    """One month of a producer's orders, paid, awaiting payment and cancelled apart: only
    what has been paid is revenue."""

    label: str
    paid: SalesFigure
    awaiting: SalesFigure
    cancelled: SalesFigure
    best_sellers: list

    @property
    def orders(self) -> int:
        """Orders that stand (paid or awaiting payment)."""
        return self.paid.orders + self.awaiting.orders

    @property
    def revenue(self) -> Decimal:
        return self.paid.amount

    @property
    def figures(self) -> list[tuple[str, str, SalesFigure]]:
        """(state, label, figure) in the order the portal shows them."""
        return [
            (PART_PAID, str(PART_LABELS[PART_PAID]), self.paid),
            (PART_AWAITING, str(PART_LABELS[PART_AWAITING]), self.awaiting),
            (PART_CANCELLED, str(PART_LABELS[PART_CANCELLED]), self.cancelled),
        ]


def producer_sales_summary(*, producer: Producer, today: datetime.date | None = None) -> list:
    """This month and last month: the producer's parts of orders, paid, awaiting payment and
    cancelled apart, with their amounts, and the best sellers among the lines that stand.

    Two queries whatever the number of orders (a producer has tens to hundreds of orders a
    month, not millions), classified as the order list classifies them."""
    today = today or timezone.localdate()
    this_month = today.replace(day=1)
    last_month = (this_month - datetime.timedelta(days=1)).replace(day=1)
    partner_id = producer.partner_id
    own_sources = Source.objects.filter(order=OuterRef("pk"), partner_id=partner_id)
    orders = (
        Order.objects.filter(
            lines__partner_id=partner_id,
            date_placed__date__gte=last_month,
            is_practice=False,  # a training's practice purchases are not sales
        )
        # As in the order list: a card order reaches its producers once it is paid.
        .exclude(payment_method__in=online_method_codes(), status=OrderStatus.AWAITING_PAYMENT)
        .distinct()
        .annotate(
            producer_shipping=Subquery(
                ShippingGroup.objects.filter(order=OuterRef("pk"), partner_id=partner_id).values(
                    "charge"
                )[:1]
            ),
            producer_has_sources=Exists(own_sources),
            producer_owes=Exists(own_sources.filter(amount_debited__lt=F("amount_allocated"))),
        )
        .prefetch_related(
            Prefetch(
                "lines",
                queryset=Line.objects.filter(partner_id=partner_id).order_by("pk"),
                to_attr="producer_lines",
            )
        )
    )
    periods = {"this": [], "last": []}
    for order in orders:
        key = "this" if timezone.localdate(order.date_placed) >= this_month else "last"
        part = _order_part(
            order=order,
            lines=order.producer_lines,
            shipping=order.producer_shipping or Decimal(0),
            received=order.producer_has_sources and not order.producer_owes,
        )
        periods[key].append((order, part))
    summary = []
    for key, label in (("this", _("This month")), ("last", _("Last month"))):
        figures = {}
        for state in (PART_PAID, PART_AWAITING, PART_CANCELLED):
            parts = [part for _order, part in periods[key] if part.state == state]
            figures[state] = SalesFigure(
                len(parts), sum((part.amount for part in parts), Decimal(0))
            )
        sold: dict[str, int] = {}
        for order, part in periods[key]:
            if part.state == PART_CANCELLED:
                continue
            for line in order.producer_lines:
                if line.status != LineStatus.CANCELLED:
                    sold[line.title] = sold.get(line.title, 0) + line.quantity
        best = sorted(sold.items(), key=lambda item: (-item[1], item[0]))[:5]
        summary.append(
            SalesPeriod(
                label,
                figures[PART_PAID],
                figures[PART_AWAITING],
                figures[PART_CANCELLED],
                [{"title": title, "quantity": quantity} for title, quantity in best],
            )
        )
    return summary


def legal_kinds_for(user) -> tuple[str, ...]:
    """What a person accepts after signing in (legal.gate, CHOPHIEN_LEGAL_KINDS_FOR_USER): a
    buyer's terms and privacy notice, and for a producer's account the seller's commitments
    and the operating rules too, so a new version of those is asked at their next sign-in."""
    if Producer.objects.filter(partner__users=user).exists():
        return (*BUYER_KINDS, *SELLER_KINDS)
    return tuple(BUYER_KINDS)
