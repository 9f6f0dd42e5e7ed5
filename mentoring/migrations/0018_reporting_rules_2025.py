"""The reporting levels as data: the district-level unions reported (two digital-skills
activities a year each) until the districts ended on 30 June 2025; from 1 July 2025 the
commune and ward unions under the province (grassroots) do, with the same two. The province
edits these in the admin (Mentoring → Reporting levels)."""

import datetime

from django.db import migrations

RULES = [
    ("district", datetime.date(2000, 1, 1), datetime.date(2025, 6, 30), True, 2),
    ("grassroots", datetime.date(2025, 7, 1), None, True, 2),
]


def add_rules(apps, schema_editor):
    ReportingRule = apps.get_model("mentoring", "ReportingRule")
    for kind, valid_from, valid_until, must_report, activities in RULES:
        ReportingRule.objects.get_or_create(
            kind=kind,
            valid_from=valid_from,
            defaults={
                "valid_until": valid_until,
                "must_report": must_report,
                "activities_per_year": activities,
            },
        )


def remove_rules(apps, schema_editor):
    ReportingRule = apps.get_model("mentoring", "ReportingRule")
    for kind, valid_from, *_rest in RULES:
        ReportingRule.objects.filter(kind=kind, valid_from=valid_from).delete()


class Migration(migrations.Migration):
    dependencies = [("mentoring", "0017_reporting_levels")]

    operations = [migrations.RunPython(add_rules, remove_rules)]
