import dataclasses

from django.urls import reverse

from marketplace.payment.vietqr_blocks import order_transfer_blocks

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


def order_transfers_for_buyer(order) -> list:
    """The order's bank transfer blocks, each with the address of its QR code as a PNG (the
    buyer saves it to their phone's photos and opens it in their banking app: nobody can scan
    their own screen)."""
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
