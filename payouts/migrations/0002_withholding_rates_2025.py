"""The rates of Decree 117/2025/NĐ-CP for goods sold by households and individuals through a
platform with a payment function, in force from 1 July 2025: VAT 1 %, PIT 0.5 %. Staff change
them in the Wagtail admin (a new row with its date) when the law changes."""

import datetime
from decimal import Decimal

from django.db import migrations


def add_rates(apps, schema_editor):
    WithholdingRate = apps.get_model("payouts", "WithholdingRate")
    WithholdingRate.objects.get_or_create(
        kind="goods",
        effective_from=datetime.date(2025, 7, 1),
        defaults={
            "vat_percent": Decimal("1.00"),
            "pit_percent": Decimal("0.50"),
            "legal_basis": "Nghị định 117/2025/NĐ-CP",
        },
    )


class Migration(migrations.Migration):
    dependencies = [("payouts", "0001_initial")]

    operations = [migrations.RunPython(add_rates, migrations.RunPython.noop)]
