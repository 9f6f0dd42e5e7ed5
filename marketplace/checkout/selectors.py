import dataclasses

from django.urls import reverse

from marketplace.address.services import address_old_convert, address_old_text
from marketplace.order.models import ShippingAddress
from marketplace.payment.vietqr_blocks import order_transfer_blocks

# What the checkout's address form asks for (checkout.forms.ShippingAddressForm) that an
# address carries as it is; the province and commune come from its commune.
ADDRESS_FORM_FIELDS = ("first_name", "phone_number", "line1")


@dataclasses.dataclass
class AddressInitial:
    """Where the address form starts: `fields` for the form's initial, and whether the place
    was converted from an address of before the two-tier map (the buyer is asked to check
    it before it is used), or could not be read (they choose the commune again)."""

    fields: dict
    converted: bool = False
    unreadable: bool = False


def address_initial(address) -> AddressInitial:
    """The form's start from a saved address, an order's or the session's (any object with
    Oscar's address fields and `commune`). An address of the three-level form is converted
    (places.selectors.convert_old_address): its new commune, its street kept."""
    fields = {name: getattr(address, name, "") for name in ADDRESS_FORM_FIELDS}
    if address.commune_id is not None:
        commune = address.commune
        fields.update(commune=commune, province=commune.parent.code)
        return AddressInitial(fields, converted=bool(getattr(address, "place_to_confirm", False)))
    converted = address_old_convert(address)
    if converted is None:
        return AddressInitial(fields, unreadable=bool(address_old_text(address)))
    fields.update(commune=converted.commune, province=converted.province.code)
    if converted.street and not fields["line1"]:
        fields["line1"] = converted.street
    return AddressInitial(fields, converted=True)


def session_address_initial(fields: dict) -> AddressInitial:
    """The form's start from the address kept in the checkout session (Oscar keeps the
    model's fields: an address typed before the two-tier form has no commune_id)."""
    known = {f.attname for f in ShippingAddress._meta.concrete_fields}
    start = address_initial(ShippingAddress(**{k: v for k, v in fields.items() if k in known}))
    start.fields["notes"] = fields.get("notes", "")  # typed in this checkout: kept
    return start


def buyer_address_initial(*, user) -> AddressInitial:
    """The address a signed-in buyer starts checkout from: their default shipping address,
    else the one their latest order went to, else the address they saved last. Empty for
    anyone else, or a buyer with none."""
    if not user.is_authenticated:
        return AddressInitial({})
    saved = user.addresses.select_related("commune__parent").order_by(
        "-is_default_for_shipping", "-date_created"
    )
    address = saved.filter(is_default_for_shipping=True).first()
    if address is None:
        latest = (
            user.orders.filter(shipping_address__isnull=False)
            .select_related("shipping_address__commune__parent")
            .order_by("-date_placed")
            .first()
        )
        address = latest.shipping_address if latest is not None else saved.first()
    if address is None:
        return AddressInitial({})
    return address_initial(address)


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
