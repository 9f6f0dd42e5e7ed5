import dataclasses
from decimal import Decimal

from django.urls import reverse

from marketplace.shipping.options import PICKUP

CANCELLED = "Cancelled"


@dataclasses.dataclass
class OrderProducerGroup:
    group: object  # order.ShippingGroup
    lines: list  # all of them, cancelled ones too (the buyer sees what was cancelled)
    subtotal: Decimal  # the lines not cancelled

    @property
    def shipping(self) -> Decimal:
        """The producer's shipping is owed while it still has something to send."""
        if any(line.status != CANCELLED for line in self.lines):
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
            (line.line_price_incl_tax for line in own if line.status != CANCELLED), Decimal(0)
        )
        groups.append(OrderProducerGroup(group=group, lines=own, subtotal=subtotal))
    return groups


def groups_ship_to_address(groups: list) -> bool:
    """Whether any producer sends goods to the buyer's address (not all picked up)."""
    return any(not item.is_pickup for item in groups)


# What the checkout's address form asks for (checkout.forms.ShippingAddressForm).
ADDRESS_FORM_FIELDS = ("first_name", "phone_number", "line1", "line2", "line3", "line4")


def buyer_address_initial(*, user) -> dict:
    """The address a signed-in buyer starts checkout from: their default shipping address,
    else the one their latest order went to, else the address they saved last. {} for
    anyone else, or a buyer with none."""
    if not user.is_authenticated:
        return {}
    saved = user.addresses.order_by("-is_default_for_shipping", "-date_created")
    address = saved.filter(is_default_for_shipping=True).first()
    if address is None:
        latest = (
            user.orders.filter(shipping_address__isnull=False)
            .select_related("shipping_address")
            .order_by("-date_placed")
            .first()
        )
        address = latest.shipping_address if latest is not None else saved.first()
    if address is None:
        return {}
    return {name: getattr(address, name) for name in ADDRESS_FORM_FIELDS}


def order_status_path(order) -> str:
    """The order's page for whoever holds this signed link (no account needed)."""
    return reverse(
        "checkout:order-status",
        kwargs={"order_number": order.number, "hash": order.verification_hash()},
    )


def order_transfers_for_buyer(order) -> list:
    """The order's bank transfer blocks, each with the address of its QR code as a PNG (the
    buyer saves it to their phone's photos and opens it in their banking app: nobody can scan
    their own screen)."""
    from marketplace.payment.vietqr_blocks import order_transfer_blocks

    hash_ = order.verification_hash()
    return [
        dataclasses.replace(
            block,
            png_url=reverse(
                "checkout:transfer-qr",
                kwargs={"order_number": order.number, "hash": hash_, "source_id": block.source_id},
            ),
        )
        for block in order_transfer_blocks(order)
    ]
