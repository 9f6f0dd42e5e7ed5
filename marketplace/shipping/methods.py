import dataclasses
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _
from oscar.apps.shipping.methods import *  # noqa: F403  Oscar's Free, NoShippingRequired, …
from oscar.apps.shipping.methods import Base, TaxInclusiveOfferDiscount
from oscar.core import prices
from oscar.core.utils import get_default_currency


class ByProducer(Base):
    """Oscar sees one shipping method per order; behind it each producer group has its own
    option. `choices` is a list of (ProducerGroup, ShippingOption)."""

    code = "by-producer"
    name = _("Shipping by each producer")

    def __init__(self, choices):
        self.choices = choices

    def calculate(self, basket):
        total = sum((option.charge for _group, option in self.choices), Decimal(0))
        return prices.Price(currency=basket.currency, excl_tax=total, incl_tax=total)


class ByProducerOfferDiscount(TaxInclusiveOfferDiscount):
    """ByProducer with a shipping offer applied (Oscar wraps the method; see
    marketplace.shipping.repository). The offer's discount on the whole shipping charge, in
    whole đồng, is shared among the producer groups in proportion to what each charges, so
    each producer is owed its discounted part and the parts add up to the order's shipping.
    """

    def __init__(self, method: ByProducer, offer):
        super().__init__(method, offer)
        self.choices = _discounted_choices(method.choices, offer)

    def calculate(self, basket):
        total = sum((option.charge for _group, option in self.choices), Decimal(0))
        return prices.Price(currency=basket.currency, excl_tax=total, incl_tax=total)

    def discount(self, basket):
        return self.method.calculate(basket).incl_tax - self.calculate(basket).incl_tax


def _discounted_choices(choices: list, offer) -> list:
    charges = [option.charge for _group, option in choices]
    full = sum(charges, Decimal(0))
    if not full:
        return list(choices)
    discount = offer.shipping_discount(full, get_default_currency())
    discount = discount.quantize(Decimal(1), ROUND_HALF_UP)
    discount = min(max(discount, Decimal(0)), full)
    # Largest remainder: each group's share rounded down, the đồng left over go to the groups
    # whose shares lost most to the rounding (never more than a group charges).
    exact = [discount * charge / full for charge in charges]
    shares = [share.to_integral_value(rounding=ROUND_FLOOR) for share in exact]
    left = int(discount - sum(shares, Decimal(0)))
    by_remainder = sorted(range(len(shares)), key=lambda i: exact[i] - shares[i], reverse=True)
    for index in by_remainder[:left]:
        shares[index] += 1
    return [
        (group, dataclasses.replace(option, charge=option.charge - share))
        for (group, option), share in zip(choices, shares, strict=True)
    ]
