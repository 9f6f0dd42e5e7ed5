import dataclasses
from decimal import Decimal

from django.urls import reverse


@dataclasses.dataclass
class OrderProducerGroup:
    group: object  # order.ShippingGroup
    lines: list
    subtotal: Decimal

    @property
    def total(self) -> Decimal:
        return self.subtotal + self.group.charge


def order_producer_groups(order) -> list[OrderProducerGroup]:
    """An order's lines under the producer who ships them, with that producer's shipping."""
    lines = list(order.lines.select_related("product", "stockrecord").order_by("pk"))
    groups = []
    for group in order.shipping_groups.select_related("partner"):
        own = [line for line in lines if line.partner_id == group.partner_id]
        subtotal = sum((line.line_price_incl_tax for line in own), Decimal(0))
        groups.append(OrderProducerGroup(group=group, lines=own, subtotal=subtotal))
    return groups


def order_status_path(order) -> str:
    """The order's page for whoever holds this signed link (no account needed)."""
    return reverse(
        "checkout:order-status",
        kwargs={"order_number": order.number, "hash": order.verification_hash()},
    )
