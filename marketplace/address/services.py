"""Addresses in today's two-tier form (province, then commune / ward / special zone, then
street), and the conversion of addresses written before 1 July 2025."""

from django.core.exceptions import ValidationError
from django.db import transaction

from places.models import AdministrativeUnit
from places.selectors import ConvertedAddress, convert_old_address


def address_place_fill(address, *, commune: AdministrativeUnit) -> None:
    """Set the address's commune and the lines Oscar prints (orders, emails, the dashboard):
    line3 the commune's official name, line4 its province's; no district (line2) or state.
    Reads commune.parent: one query unless it was selected with the commune."""
    address.commune = commune
    address.line2 = ""
    address.line3 = commune.full_name
    address.line4 = commune.parent.full_name
    address.state = ""


def address_old_text(address) -> str:
    """An address of the three-level form as one line: street, commune, district, province."""
    parts = (address.line1, address.line2, address.line3, address.line4, address.state)
    return ", ".join(part.strip() for part in parts if part and part.strip())


def address_old_convert(address) -> ConvertedAddress | None:
    """Today's place of an address written the old way (street on line1, commune, district
    and province on lines 2-4), or None when it cannot be read."""
    parts = (address.line2, address.line3, address.line4, address.state)
    text = ", ".join(part.strip() for part in parts if part and part.strip())
    if not text:
        return None
    try:
        return convert_old_address(text)
    except ValidationError:
        return None


@transaction.atomic
def user_address_convert(*, address) -> bool:
    """Convert a saved address of before the two-tier map, if it can be read: its commune of
    today is filled in and it waits for the buyer to confirm it. The old text is kept.
    Returns whether a commune was found; an address that cannot be read is still flagged,
    so the buyer is asked to choose its commune. Idempotent for a converted address."""
    if address.commune_id is not None:
        return True
    converted = address_old_convert(address)
    address.address_as_typed = address.address_as_typed or address_old_text(address)
    address.place_to_confirm = True
    if converted is not None:
        address_place_fill(address, commune=converted.commune)
    address.save()
    return converted is not None


@transaction.atomic
def user_address_confirm(*, address) -> None:
    """The buyer checked the converted address: it is used as it is from now on."""
    if address.commune_id is None:
        raise ValidationError("An address without a commune cannot be confirmed.")
    address.place_to_confirm = False
    address.save(update_fields=["place_to_confirm"])
