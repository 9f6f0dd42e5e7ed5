from decimal import Decimal

from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _
from oscar.apps.shipping import abstract_models

from marketplace.money import WholeDongField


class OrderAndItemCharges(abstract_models.AbstractOrderAndItemCharges):
    """A flat shipping rate (district delivery): its amounts in whole đồng, typed the way
    staff write them ("20.000")."""

    price_per_order = WholeDongField(_("Price per order"), default=Decimal(0))
    price_per_item = WholeDongField(_("Price per item"), default=Decimal(0))
    free_shipping_threshold = WholeDongField(_("Free Shipping"), blank=True, null=True)


class WeightBand(abstract_models.AbstractWeightBand):
    """A band of the national post's rates: its charge in whole đồng, read as staff type it
    in the dashboard ("35.000"), never 35 đồng."""

    charge = WholeDongField(_("Charge"), validators=[MinValueValidator(Decimal(0))])


from oscar.apps.shipping.models import *  # noqa: E402, F403
