"""Việt Nam as the shop's shipping country: checkout needs at least one, and every deploy
ships within Vietnam."""

from django.db import migrations


def add_vietnam(apps, schema_editor):
    Country = apps.get_model("address", "Country")
    Country.objects.update_or_create(
        iso_3166_1_a2="VN",
        defaults={
            "iso_3166_1_a3": "VNM",
            "iso_3166_1_numeric": "704",
            "printable_name": "Việt Nam",
            "name": "Cộng hoà Xã hội Chủ nghĩa Việt Nam",
            "display_order": 1,
            "is_shipping_country": True,
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("marketplace", "0001_fill_oscar_dashboard_group"),
        ("address", "0006_auto_20181115_1953"),
    ]
    operations = [migrations.RunPython(add_vietnam, migrations.RunPython.noop)]
