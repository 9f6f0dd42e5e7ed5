from django.utils.translation import gettext_lazy as _
from oscar.apps.partner.abstract_models import AbstractStockRecord

from marketplace.money import WholeDongField


class StockRecord(AbstractStockRecord):
    """A producer's offer of a product: price in whole đồng and stock on hand."""

    price = WholeDongField(_("Price"), blank=True, null=True)


from oscar.apps.partner.models import *  # noqa: E402, F403
