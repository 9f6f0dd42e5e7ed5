import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    # The typed text stays for history (renamed *_as_typed); the units come as foreign keys.
    dependencies = [
        ("places", "0002_unit_code_index"),
        ("producers", "0012_remove_producer_practice_fks"),
    ]

    operations = [
        migrations.RenameField("producer", "commune", "commune_as_typed"),
        migrations.RenameField("producer", "district", "district_as_typed"),
        migrations.AlterField(
            model_name="producer",
            name="commune_as_typed",
            field=models.CharField(
                blank=True, editable=False, max_length=100, verbose_name="commune or ward (as typed)"
            ),
        ),
        migrations.AlterField(
            model_name="producer",
            name="district_as_typed",
            field=models.CharField(
                blank=True, editable=False, max_length=100, verbose_name="district (as typed)"
            ),
        ),
        migrations.AddField(
            model_name="producer",
            name="commune",
            field=models.ForeignKey(
                blank=True,
                limit_choices_to={"level": "commune", "valid_until__isnull": True},
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="places.administrativeunit",
                verbose_name="commune or ward",
            ),
        ),
        migrations.AddField(
            model_name="producer",
            name="former_district",
            field=models.ForeignKey(
                blank=True,
                limit_choices_to={"level": "district"},
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="places.administrativeunit",
                verbose_name="former district (before 1 July 2025)",
            ),
        ),
        migrations.RenameField("producer", "offers_district_delivery", "offers_local_delivery"),
        migrations.AlterField(
            model_name="producer",
            name="offers_local_delivery",
            field=models.BooleanField(default=False, verbose_name="I deliver to buyers near me"),
        ),
        migrations.AddField(
            model_name="producer",
            name="local_delivery_communes",
            field=models.ManyToManyField(
                blank=True,
                limit_choices_to={"level": "commune", "valid_until__isnull": True},
                related_name="+",
                to="places.administrativeunit",
                verbose_name="also delivers to these communes",
            ),
        ),
        migrations.AddField(
            model_name="producer",
            name="local_delivery_km",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="Communes whose centre is this close, as the crow flies.",
                null=True,
                verbose_name="delivers within (km)",
            ),
        ),
    ]
