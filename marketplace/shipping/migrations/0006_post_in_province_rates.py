"""The post's weight bands for a parcel that stays in the site's province (since the two-tier
map the address names its province, so the checkout can tell). Starting values only, below the
national ones: staff set them from their post office's current table in the dashboard
(Shipping charges); a method without bands falls back to the national bands."""

from decimal import Decimal

from django.db import migrations

POST_IN_PROVINCE_BANDS = [("0.5", 18000), ("1", 22000), ("2", 28000), ("5", 45000), ("10", 70000)]


def create_rates(apps, schema_editor):
    WeightBased = apps.get_model("shipping", "WeightBased")
    WeightBand = apps.get_model("shipping", "WeightBand")
    post, created = WeightBased.objects.get_or_create(
        code="national-post-in-province",
        defaults={
            "name": "Bưu điện trong tỉnh",
            "description": "Gửi qua bưu điện đến một địa chỉ trong tỉnh, tính theo cân nặng.",
            "default_weight": Decimal("0.5"),
        },
    )
    if created:
        for upper_limit, charge in POST_IN_PROVINCE_BANDS:
            WeightBand.objects.create(
                method=post, upper_limit=Decimal(upper_limit), charge=Decimal(charge)
            )


class Migration(migrations.Migration):
    dependencies = [("shipping", "0005_whole_dong_rates")]

    operations = [migrations.RunPython(create_rates, migrations.RunPython.noop)]
