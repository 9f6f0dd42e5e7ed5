from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from oscar.apps.shipping.methods import *  # noqa: F403  Oscar's Free, NoShippingRequired, …
from oscar.apps.shipping.methods import Base
from oscar.core import prices


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
