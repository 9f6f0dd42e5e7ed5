"""Reads of a placed order that the checkout, payment and the producers' pages share: its
lines under the producer who ships them, and the address of its status page."""

import base64
import dataclasses
from decimal import Decimal

from django.urls import reverse
from django.utils.crypto import salted_hmac

from marketplace.order.statuses import LineStatus
from marketplace.shipping.options import PICKUP


@dataclasses.dataclass
class OrderProducerGroup:
    group: object  # order.ShippingGroup
    lines: list  # all of them, cancelled ones too (the buyer sees what was cancelled)
    subtotal: Decimal  # the lines not cancelled

    @property
    def shipping(self) -> Decimal:
        """The producer's shipping is owed while it still has something to send."""
        if any(line.status != LineStatus.CANCELLED for line in self.lines):
            return self.group.charge
        return Decimal(0)

    @property
    def total(self) -> Decimal:
        return self.subtotal + self.shipping

    @property
    def is_pickup(self) -> bool:
        """The buyer collects these goods from the producer: nothing goes to their address."""
        return self.group.method_code == PICKUP


def order_producer_groups(order) -> list[OrderProducerGroup]:
    """An order's lines under the producer who ships them, with what that producer is owed:
    the lines not cancelled and its shipping."""
    lines = list(order.lines.select_related("product", "stockrecord").order_by("pk"))
    groups = []
    for group in order.shipping_groups.select_related("partner__producer"):
        own = [line for line in lines if line.partner_id == group.partner_id]
        subtotal = sum(
            (line.line_price_incl_tax for line in own if line.status != LineStatus.CANCELLED),
            Decimal(0),
        )
        groups.append(OrderProducerGroup(group=group, lines=own, subtotal=subtotal))
    return groups


def groups_ship_to_address(groups: list) -> bool:
    """Whether any producer sends goods to the buyer's address (not all picked up)."""
    return any(not item.is_pickup for item in groups)


def order_short_token(number: str) -> str:
    """12 characters (72 bits) signing an order number for the link sent by SMS: the signed
    status link is 100 characters, too long for one SMS."""
    digest = salted_hmac("marketplace.order.short-link", str(number)).digest()
    return base64.urlsafe_b64encode(digest[:9]).decode()


def order_short_path(order) -> str:
    """The order's short link (redirects to its status page): /o/<number>/<token>/."""
    return reverse(
        "order-short", kwargs={"number": order.number, "token": order_short_token(order.number)}
    )


def order_status_path(order) -> str:
    """The order's page for whoever holds this signed link (no account needed)."""
    return reverse(
        "checkout:order-status",
        kwargs={"order_number": order.number, "hash": order.verification_hash()},
    )
