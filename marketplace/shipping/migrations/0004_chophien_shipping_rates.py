"""The starting shipping rates, which staff change in the dashboard (Shipping charges)."""

from decimal import Decimal

from django.db import migrations

# (upper limit in kg, charge in đồng): Vietnam Post's parcel rates, rounded, late 2026.
POST_BANDS = [("0.5", 25000), ("1", 32000), ("2", 40000), ("5", 65000), ("10", 95000)]


def create_rates(apps, schema_editor):
    OrderAndItemCharges = apps.get_model("shipping", "OrderAndItemCharges")
    WeightBased = apps.get_model("shipping", "WeightBased")
    WeightBand = apps.get_model("shipping", "WeightBand")
    OrderAndItemCharges.objects.get_or_create(
        code="district-delivery",
        defaults={
            "name": "Giao trong huyện",
            "description": "Người bán tự giao trong huyện của mình.",
            "price_per_order": Decimal(20000),
            "price_per_item": Decimal(0),
        },
    )
    post, created = WeightBased.objects.get_or_create(
        code="national-post",
        defaults={
            "name": "Bưu điện toàn quốc",
            "description": "Gửi qua bưu điện, tính theo cân nặng.",
            "default_weight": Decimal("0.5"),
        },
    )
    if created:
        for upper_limit, charge in POST_BANDS:
            WeightBand.objects.create(
                method=post, upper_limit=Decimal(upper_limit), charge=Decimal(charge)
            )


class Migration(migrations.Migration):
    dependencies = [("shipping", "0003_auto_20181115_1953")]

    operations = [migrations.RunPython(create_rates, migrations.RunPython.noop)]
