from django.db.models import F
from django.db.models.functions import Coalesce
from oscar.apps.order import utils
from oscar.apps.order.utils import *  # noqa: F403  the rest of Oscar's order helpers
from oscar.core.loading import get_model

from pagecache.services import page_cache_bump

StockRecord = get_model("partner", "StockRecord")


class OrderCreator(utils.OrderCreator):
    def update_stock_records(self, line):
        """One UPDATE per line. The units were checked under a row lock just before (see
        marketplace.checkout.services); Oscar's version re-reads the product, its class and
        the stock record per line, and fires the stock-alert signals, which none of our
        producers use (no low-stock thresholds are set)."""
        if line.stockrecord_id is None:
            return
        StockRecord.objects.filter(pk=line.stockrecord_id).update(
            num_allocated=Coalesce(F("num_allocated"), 0) + line.quantity
        )
        page_cache_bump()  # an UPDATE sends no signal: the units left show on public pages
