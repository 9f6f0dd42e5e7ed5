"""Saved addresses written before the two-tier map: their commune of today, to confirm.

Every address without a commune is flagged for the buyer to confirm and keeps its old text;
where the old commune can be read (vietnamadminunits' parser) and the units are loaded, its
successor of today is filled in (the primary one for a divided commune). With no units loaded
(a fresh database) nothing is converted: the buyer's next checkout converts on the fly
(marketplace.checkout.selectors.address_initial). Historical models only."""

from django.db import migrations

BEFORE_REFORM_2025 = "2025-06-30"


def _old_text(address):
    parts = (address.line2, address.line3, address.line4, address.state)
    return ", ".join(part.strip() for part in parts if part and part.strip())


def convert_saved_addresses(apps, schema_editor):
    UserAddress = apps.get_model("address", "UserAddress")
    AdministrativeUnit = apps.get_model("places", "AdministrativeUnit")
    UnitSuccession = apps.get_model("places", "UnitSuccession")
    addresses = UserAddress.objects.filter(commune__isnull=True)
    if not addresses.exists():
        return
    units_loaded = AdministrativeUnit.objects.exists()
    if units_loaded:
        from vietnamadminunits import ParseMode, parse_address
    for address in addresses.iterator():
        text = _old_text(address)
        address.place_to_confirm = True
        address.address_as_typed = ", ".join(p for p in (address.line1, text) if p)[:400]
        successor = None
        if units_loaded and text:
            parsed = parse_address(text, mode=ParseMode.LEGACY, level=3)
            if parsed.ward_code:
                succession = (
                    UnitSuccession.objects.filter(
                        predecessor__level="commune",
                        predecessor__code=parsed.ward_code,
                        predecessor__valid_until=BEFORE_REFORM_2025,
                    )
                    .select_related("successor__parent")
                    .order_by("-is_primary", "successor__code")
                    .first()
                )
                successor = succession.successor if succession else None
        if successor is not None:
            address.commune = successor
            address.line2, address.state = "", ""
            address.line3 = successor.full_name
            address.line4 = successor.parent.full_name
        address.save()


class Migration(migrations.Migration):
    dependencies = [
        ("address", "0008_useraddress_commune"),
        ("places", "0002_unit_code_index"),
    ]

    operations = [migrations.RunPython(convert_saved_addresses, migrations.RunPython.noop)]
