"""Shipping per producer: each producer's lines of a basket travel as one group, by an option
that producer offers, priced from the rates staff keep in the dashboard (Shipping charges).

- pickup at the producer's place: free;
- delivery within the producer's district: a flat fee (Oscar's order-and-item charges method
  with code `district-delivery`), offered only when the address is in that district;
- national post: by weight bands (Oscar's weight-based method with code `national-post`).
"""

import dataclasses
from decimal import Decimal

from anyascii import anyascii
from django.db.models import prefetch_related_objects
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from places.models import UnitSuccession

OrderAndItemCharges = get_model("shipping", "OrderAndItemCharges")
WeightBased = get_model("shipping", "WeightBased")

PICKUP = "pickup"
DISTRICT_DELIVERY = "district-delivery"
NATIONAL_POST = "national-post"

OPTION_NAMES = {
    PICKUP: _("Pick up at the producer's place"),
    DISTRICT_DELIVERY: _("Delivery within the district"),
    NATIONAL_POST: _("National post"),
}


@dataclasses.dataclass(frozen=True)
class ShippingOption:
    code: str
    charge: Decimal

    @property
    def name(self) -> str:
        return str(OPTION_NAMES[self.code])


@dataclasses.dataclass
class ProducerGroup:
    """One producer's lines of a basket."""

    partner: object
    lines: list
    options: list[ShippingOption] = dataclasses.field(default_factory=list)

    @property
    def producer(self):
        return getattr(self.partner, "producer", None)

    @property
    def subtotal(self) -> Decimal:
        return sum((line.line_price_incl_tax for line in self.lines), Decimal(0))

    @property
    def weight_grams(self) -> int:
        return sum((line.product.weight_grams or 0) * line.quantity for line in self.lines)

    def option(self, code: str) -> ShippingOption | None:
        return next((option for option in self.options if option.code == code), None)


def district_key(name: str) -> str:
    """'Huyện Bắc Hà', 'bac ha' and 'Bắc Hà' are the same district."""
    folded = " ".join(anyascii(name or "").lower().replace(".", " ").split())
    for prefix in ("thanh pho ", "thi xa ", "huyen ", "quan ", "tp "):
        if folded.startswith(prefix):
            folded = folded[len(prefix) :]
    return folded


def basket_producer_groups(basket) -> list[ProducerGroup]:
    """The basket's lines grouped by producer, in the order they were added."""
    groups: dict[int, ProducerGroup] = {}
    lines = basket.all_lines()
    # Once for all lines, not per line: each line's producer here, and the product's class and
    # stock record that Oscar's strategy reads again for every line of the basket page (the
    # lines are Oscar's cached ones, so its later reads find these).
    prefetch_related_objects(
        list(lines),
        "stockrecord__partner__producer",
        "product__product_class",
        "product__stockrecords",
    )
    for line in lines:
        partner = line.stockrecord.partner
        groups.setdefault(partner.pk, ProducerGroup(partner=partner, lines=[])).lines.append(line)
    return list(groups.values())


class ShippingRates:
    """The staff-kept rates, read once per checkout step (3 queries)."""

    @classmethod
    def for_request(cls, request) -> "ShippingRates":
        """The rates read once per request: the basket page asks for the shipping methods
        twice (all of them, then the default one)."""
        if request is None:
            return cls()
        if "_chophien_shipping_rates" not in request.__dict__:
            request._chophien_shipping_rates = cls()
        return request._chophien_shipping_rates

    def __init__(self):
        self.district = OrderAndItemCharges.objects.filter(code=DISTRICT_DELIVERY).first()
        self.post = WeightBased.objects.filter(code=NATIONAL_POST).prefetch_related("bands").first()

    def post_charge(self, weight_grams: int) -> Decimal | None:
        if self.post is None:
            return None
        bands = sorted(self.post.bands.all(), key=lambda band: band.upper_limit)
        if not bands:
            return None
        weight = Decimal(weight_grams) / 1000
        top = bands[-1]
        parcels, remainder = divmod(weight, top.upper_limit)
        charge = parcels * top.charge
        if remainder or not parcels:
            charge += next(band.charge for band in bands if remainder <= band.upper_limit)
        return charge


def _former_district_keys(commune) -> set[str]:
    """The districts a commune of today was part of before 1 July 2025 (one query).

    Interim, until the producer's place is a unit (issue 24, item 2): map-shop's
    Producer.delivers_locally_to(commune) replaces this comparison at merge."""
    if commune is None:
        return set()
    if not hasattr(commune, "_former_district_keys"):  # once per commune, not per group
        names = UnitSuccession.objects.filter(successor=commune).values_list(
            "predecessor__parent__name", flat=True
        )
        commune._former_district_keys = {district_key(name) for name in names if name}
    return commune._former_district_keys


def producer_group_options(
    group: ProducerGroup, *, shipping_commune, rates: ShippingRates
) -> list[ShippingOption]:
    """The options open to a producer group for an address in `shipping_commune` (a commune,
    ward or special zone in force today, or None when the address has none yet)."""
    producer = group.producer
    if producer is None:
        return []
    options = []
    if producer.offers_pickup:
        options.append(ShippingOption(PICKUP, Decimal(0)))
    local = district_key(producer.district) in _former_district_keys(shipping_commune)
    if producer.offers_district_delivery and local and rates.district is not None:
        options.append(ShippingOption(DISTRICT_DELIVERY, rates.district.price_per_order))
    post_charge = rates.post_charge(group.weight_grams)
    if producer.offers_national_post and post_charge is not None:
        options.append(ShippingOption(NATIONAL_POST, post_charge))
    return options


def basket_shipping_groups(
    basket, *, shipping_commune, rates: ShippingRates | None = None
) -> list[ProducerGroup]:
    """The producer groups of a basket, each with the options open to it for this address
    (with the rates given, or read now)."""
    rates = rates or ShippingRates()
    groups = basket_producer_groups(basket)
    for group in groups:
        group.options = producer_group_options(
            group, shipping_commune=shipping_commune, rates=rates
        )
    return groups


@dataclasses.dataclass
class ProducerGroupChoice:
    """A basket's producer group with the option the buyer chose for it at checkout, or None
    while they have not (or it is no longer open to their address)."""

    group: ProducerGroup
    option: ShippingOption | None


def basket_group_choices(
    basket, *, shipping_commune, chosen: dict, rates: ShippingRates | None = None
) -> list[ProducerGroupChoice]:
    """The basket's producer groups, each with the option chosen for it (`chosen`: {partner
    id as text: option code}, as the checkout session keeps it)."""
    return [
        ProducerGroupChoice(group, group.option(chosen.get(str(group.partner.pk), "")))
        for group in basket_shipping_groups(basket, shipping_commune=shipping_commune, rates=rates)
    ]
