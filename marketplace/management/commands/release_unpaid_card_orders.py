"""Cancel card and VNPay orders whose payment never came, so their held units go back on sale.

Run it every few minutes from cron (or the task scheduler):
    python manage.py release_unpaid_card_orders --minutes 30
A payment that still succeeds afterwards is refunded automatically by the webhook (or VNPay's
IPN). The name stays for the cron lines that already call it.
The lines go back into the buyer's open basket (a new one: the order's basket is never
reopened, its id is the order number). An order that cannot be released (a payment is
going through, Stripe cannot be reached) is logged and left for the next run.
"""

import datetime
import logging

from django.core.management.base import BaseCommand
from django.utils import timezone
from oscar.core.loading import get_model

from marketplace.checkout.services import order_basket_reopen
from marketplace.order.statuses import OrderStatus
from marketplace.payment.card_services import order_unpaid_cancel
from marketplace.payment.methods import online_method_codes

Order = get_model("order", "Order")
logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Cancel card and VNPay orders left unpaid for longer than --minutes, returning their stock."
    )

    def add_arguments(self, parser):
        parser.add_argument("--minutes", type=int, default=30)

    def handle(self, *args, minutes, **options):
        cutoff = timezone.now() - datetime.timedelta(minutes=minutes)
        stale = Order.objects.filter(
            payment_method__in=online_method_codes(),
            status=OrderStatus.AWAITING_PAYMENT,
            date_placed__lt=cutoff,
        )
        released = failed = 0
        for order in stale.order_by("pk"):
            try:
                order_unpaid_cancel(order=order)
                order_basket_reopen(order=order)  # the buyer finds their products again
            except Exception:
                logger.exception("Order %s: could not release the unpaid card order", order.number)
                failed += 1
                continue
            released += 1
        self.stdout.write(f"{released} unpaid card orders cancelled, {failed} failed.")
