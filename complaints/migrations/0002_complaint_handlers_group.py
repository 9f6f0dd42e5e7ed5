"""The group of staff who decide buyers' complaints (refund or reject, complaints.admin_views):
provincial or operator staff join it. Without it only superusers could decide."""

from django.db import migrations

from marketplace.permissions import create_all_permissions

GROUP = "Complaint handlers"
CODENAMES = ["decide_complaint", "view_complaint"]


def create_group(apps, schema_editor):
    create_all_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="complaints", codename__in=CODENAMES),
        # Wagtail admin access: the complaints screen is there.
        *Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin"),
    )


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0001_complaints"),
        ("wagtailadmin", "0005_editingsession_is_editing"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(create_group, remove_group)]
