"""The group of staff who review producers (provincial and district staff join it)."""

from django.db import migrations

from marketplace.permissions import create_all_permissions

GROUP = "Producer moderators"
# No add_producer: producers are created by signing up (the wizard), never by staff from nothing.
CODENAMES = ["view_producer", "change_producer", "view_producerphoto"]


def create_group(apps, schema_editor):
    create_all_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="producers", codename__in=CODENAMES),
        # Wagtail admin access, so moderators can open the review queue.
        *Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin"),
    )


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("producers", "0001_producer"),
        ("wagtailadmin", "0005_editingsession_is_editing"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(create_group, remove_group)]
