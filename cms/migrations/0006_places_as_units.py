import django.db.models.deletion
from django.db import migrations, models

AREA = dict(
    blank=True,
    help_text="A former district (before 1 July 2025) or one of today's communes.",
    limit_choices_to=models.Q(("level", "district"), ("valid_until__isnull", False))
    | models.Q(("level", "commune"), ("valid_until__isnull", True)),
    null=True,
    on_delete=django.db.models.deletion.PROTECT,
    related_name="+",
    to="places.administrativeunit",
    verbose_name="area",
)


class Migration(migrations.Migration):
    # The district name stays for history (district_as_typed); the area is a unit.
    dependencies = [
        ("cms", "0005_target_progress_block"),
        ("places", "0002_unit_code_index"),
    ]

    operations = [
        migrations.RenameField("sectionpage", "district", "district_as_typed"),
        migrations.RenameField("destinationpage", "district", "district_as_typed"),
        migrations.AlterField(
            model_name="sectionpage",
            name="district_as_typed",
            field=models.CharField(
                blank=True, editable=False, max_length=100, verbose_name="district (as typed)"
            ),
        ),
        migrations.AlterField(
            model_name="destinationpage",
            name="district_as_typed",
            field=models.CharField(
                blank=True, editable=False, max_length=100, verbose_name="district (as typed)"
            ),
        ),
        migrations.AddField("sectionpage", "area", models.ForeignKey(**AREA)),
        migrations.AddField("destinationpage", "area", models.ForeignKey(**AREA)),
    ]
