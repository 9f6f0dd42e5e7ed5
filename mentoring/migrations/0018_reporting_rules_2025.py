"""The reporting levels as data: the district-level unions reported (two digital-skills
activities a year each) until the districts ended on 30 June 2025; from 1 July 2025 the
commune and ward unions under the province (grassroots) do, with the same two. The province
edits these in the admin (Mentoring → Reporting levels): the provincial staff group gets
the permissions on them (mentors none)."""

import datetime

from django.db import migrations

from marketplace.permissions import create_all_permissions

STAFF = "Provincial staff (mentoring)"  # migration 0002

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


def grant_to_staff(apps, schema_editor):
    create_all_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    staff = Group.objects.filter(name=STAFF).first()
    if staff is not None:
        staff.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="mentoring", codename__endswith="_reportingrule"
            )
        )


def remove_rules(apps, schema_editor):
    ReportingRule = apps.get_model("mentoring", "ReportingRule")
    for kind, valid_from, *_rest in RULES:
        ReportingRule.objects.filter(kind=kind, valid_from=valid_from).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("mentoring", "0017_reporting_levels"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(add_rules, remove_rules),
        migrations.RunPython(grant_to_staff, migrations.RunPython.noop),
    ]
