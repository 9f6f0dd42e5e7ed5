"""Cancel card orders whose payment never came, so their held units go back on sale.

Run it every few minutes from cron (or the task scheduler):
    python manage.py release_unpaid_card_orders --minutes 30
A card payment that still succeeds afterwards is refunded automatically by the webhook.
"""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone
from oscar.core.loading import get_model

from marketplace.payment.services import AWAITING_PAYMENT, order_unpaid_cancel

Order = get_model("order", "Order")


class Command(BaseCommand):
    help = "Cancel card orders left unpaid for longer than --minutes, returning their stock."

    def add_arguments(self, parser):
        parser.add_argument("--minutes", type=int, default=30)

    def handle(self, *args, minutes, **options):
        cutoff = timezone.now() - datetime.timedelta(minutes=minutes)
        stale = Order.objects.filter(
            payment_method="card", status=AWAITING_PAYMENT, date_placed__lt=cutoff
        )
        released = 0
        for order in stale:
            order_unpaid_cancel(order=order)
            if order.basket_id:
                order.basket.thaw()  # the buyer finds their basket as it was
            released += 1
        self.stdout.write(f"{released} unpaid card orders cancelled.")
