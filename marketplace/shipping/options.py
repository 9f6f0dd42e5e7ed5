"""Shipping per producer: each producer's lines of a basket travel as one group, by an option
that producer offers, priced from the rates staff keep in the dashboard (Shipping charges).

- pickup at the producer's place: free;
- local delivery by the producer: a flat fee (Oscar's order-and-item charges method, its code
  still `district-delivery` as stored rates and orders hold it), offered only when the
  address's commune is in the producer's zone (Producer.delivers_locally_to: its commune, the
  communes it names, or a distance; names no longer match across the map of 2025);
- national post: by weight bands (Oscar's weight-based method with code `national-post`), or
  by the cheaper bands of `national-post-in-province` when the address is in the site's own
  province (CHOPHIEN_HOME_PROVINCE_CODE, where the producers are) and staff keep such bands.
"""

import dataclasses
from decimal import Decimal

from django.conf import settings
from django.db.models import prefetch_related_objects
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

OrderAndItemCharges = get_model("shipping", "OrderAndItemCharges")
WeightBased = get_model("shipping", "WeightBased")

PICKUP = "pickup"
# The stored code keeps its first name: rates and orders in databases hold it.
LOCAL_DELIVERY = "district-delivery"
NATIONAL_POST = "national-post"
# The weight bands of a parcel that stays in the province; the option is still the post.
POST_IN_PROVINCE_RATES = "national-post-in-province"

OPTION_NAMES = {
    PICKUP: _("Pick up at the producer's place"),
    LOCAL_DELIVERY: _("Home delivery within the producer's area"),
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
        self.local = OrderAndItemCharges.objects.filter(code=LOCAL_DELIVERY).first()
        posts = {
            method.code: method
            for method in WeightBased.objects.filter(
                code__in=(NATIONAL_POST, POST_IN_PROVINCE_RATES)
            ).prefetch_related("bands")
        }
        self.post = posts.get(NATIONAL_POST)
        self.post_in_province = posts.get(POST_IN_PROVINCE_RATES)

    def post_charge(self, weight_grams: int, *, within_province: bool = False) -> Decimal | None:
        """The post's charge for a parcel of `weight_grams`: by the in-province bands when
        the parcel stays in the province and staff keep such bands, else the national ones."""
        bands = []
        if within_province and self.post_in_province is not None:
            bands = sorted(self.post_in_province.bands.all(), key=lambda band: band.upper_limit)
        if not bands and self.post is not None:
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


def in_home_province(commune) -> bool:
    """Whether an address's commune is in the site's own province, where its producers are
    (their communes are chosen from it): a parcel that stays in the province."""
    if commune is None:
        return False
    return commune.parent.code == settings.CHOPHIEN_HOME_PROVINCE_CODE


def producer_group_options(
    group: ProducerGroup, *, shipping_commune, rates: ShippingRates
) -> list[ShippingOption]:
    """The options open to one producer's lines for an address in `shipping_commune` (a
    commune-level unit in force, or None when the address names none we know: then no local
    delivery)."""
    producer = group.producer
    if producer is None:
        return []
    options = []
    if producer.offers_pickup:
        options.append(ShippingOption(PICKUP, Decimal(0)))
    if (
        producer.offers_local_delivery
        and producer.delivers_locally_to(shipping_commune)
        and rates.local is not None
    ):
        options.append(ShippingOption(LOCAL_DELIVERY, rates.local.price_per_order))
    post_charge = rates.post_charge(
        group.weight_grams, within_province=in_home_province(shipping_commune)
    )
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
