"""Union staff (the provincial staff group of mentoring, migration 0002 there) follow up the
messages that could not be sent: the group may view the messages, and nothing more (the
admin's policy lets nobody edit them anyway). By the group's name: this app sits below
mentoring and imports nothing of it."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

STAFF = "Provincial staff (mentoring)"


def grant_view_to_staff(apps, schema_editor):
    # Django creates permissions only after all migrations: create this app's now.
    app_config = apps.get_app_config("notifications")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    # get_or_create: mentoring's migration that makes the group may run after this one.
    staff, _ = Group.objects.get_or_create(name=STAFF)
    staff.permissions.add(
        Permission.objects.get(content_type__app_label="notifications", codename="view_message")
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    staff = Group.objects.filter(name=STAFF).first()
    if staff is not None:
        staff.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="notifications", codename="view_message"
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_messages"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant_view_to_staff, revoke)]
