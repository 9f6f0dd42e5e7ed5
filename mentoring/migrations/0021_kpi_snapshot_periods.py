"""Indicator reports for months, halves and years beside quarters: a period kind, its number
in the year (the old `quarter`, renamed) and its first day. Today's rows stay as they are:
quarterly reports whose first day is their quarter's."""

import datetime

import django.core.validators
from django.db import migrations, models


def quarters_start(apps, schema_editor):
    KpiSnapshot = apps.get_model("mentoring", "KpiSnapshot")
    # order_by(): the model state still orders by "quarter", renamed above.
    rows = KpiSnapshot.objects.filter(starts_on__isnull=True).order_by().only("year", "number")
    for snapshot in rows:
        snapshot.starts_on = datetime.date(snapshot.year, 3 * snapshot.number - 2, 1)
        snapshot.save(update_fields=["starts_on"])


class Migration(migrations.Migration):
    dependencies = [
        ("mentoring", "0020_member_answers_data"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="kpisnapshot", name="one_kpi_snapshot_per_unit_quarter"
        ),
        migrations.RemoveConstraint(model_name="kpisnapshot", name="kpi_quarter_1_to_4"),
        migrations.RenameField(model_name="kpisnapshot", old_name="quarter", new_name="number"),
        migrations.AlterField(
            model_name="kpisnapshot",
            name="number",
            field=models.PositiveSmallIntegerField(
                validators=[
                    django.core.validators.MinValueValidator(1),
                    django.core.validators.MaxValueValidator(12),
                ],
                verbose_name="number in the year",
            ),
        ),
        migrations.AddField(
            model_name="kpisnapshot",
            name="period",
            field=models.CharField(
                choices=[
                    ("month", "Monthly"),
                    ("quarter", "Quarterly"),
                    ("half", "Six-month"),
                    ("year", "Annual"),
                ],
                default="quarter",
                max_length=10,
                verbose_name="period",
            ),
        ),
        migrations.AddField(
            model_name="kpisnapshot",
            name="starts_on",
            field=models.DateField(null=True, verbose_name="first day"),
        ),
        migrations.RunPython(quarters_start, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="kpisnapshot",
            name="starts_on",
            field=models.DateField(verbose_name="first day"),
        ),
        migrations.AddField(
            model_name="kpisnapshot",
            name="previous",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AlterModelOptions(
            name="kpisnapshot",
            options={
                "ordering": ["-day", "period"],
                "permissions": [
                    ("approve_kpisnapshot", "Can approve or send back a period's indicators")
                ],
                "verbose_name": "indicator report",
                "verbose_name_plural": "indicator reports",
            },
        ),
        migrations.AlterField(
            model_name="reportingrule",
            name="must_report",
            field=models.BooleanField(
                default=True,
                help_text=(
                    "Its unions prepare and submit the indicator reports (monthly, quarterly, "
                    "six-month and annual)."
                ),
                verbose_name="submits the indicator reports",
            ),
        ),
        migrations.AddConstraint(
            model_name="kpisnapshot",
            constraint=models.UniqueConstraint(
                fields=("org_unit", "period", "year", "number"),
                name="one_kpi_snapshot_per_unit_period",
            ),
        ),
        migrations.AddConstraint(
            model_name="kpisnapshot",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("number__gte", 1), ("number__lte", 12), ("period", "month")),
                    models.Q(("number__gte", 1), ("number__lte", 4), ("period", "quarter")),
                    models.Q(("number__gte", 1), ("number__lte", 2), ("period", "half")),
                    models.Q(("number", 1), ("period", "year")),
                    _connector="OR",
                ),
                name="kpi_period_number_in_its_year",
            ),
        ),
        migrations.AddConstraint(
            model_name="kpisnapshot",
            constraint=models.CheckConstraint(
                condition=models.Q(("day__gte", models.F("starts_on"))),
                name="kpi_period_ends_after_it_starts",
            ),
        ),
    ]
