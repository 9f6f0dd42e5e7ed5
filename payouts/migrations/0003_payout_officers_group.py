"""The group of staff who run payouts: make and pay batches, download the bank file and the
monthly withholding report, and keep the withholding rates up to date."""

from django.db import migrations

from marketplace.permissions import create_all_permissions

GROUP = "Payout officers"
CODENAMES = [
    "manage_payouts",
    "view_payoutbatch",
    "view_withholdingrate",
    "add_withholdingrate",
    "change_withholdingrate",
]


def create_group(apps, schema_editor):
    create_all_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="payouts", codename__in=CODENAMES),
        # Wagtail admin access: the payout screens are there.
        *Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin"),
    )


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("payouts", "0002_withholding_rates_2025"),
        ("wagtailadmin", "0005_editingsession_is_editing"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(create_group, remove_group)]
