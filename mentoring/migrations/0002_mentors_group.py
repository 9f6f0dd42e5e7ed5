"""The two groups of the mentoring screens.

Mentors see only their units' subtree (an OrgUnitRole says which units; see
mentoring.selectors); the group gives them the model permissions the admin screens check.
They do not delete members: a roster entry ends with a transfer or a later import, and its
history stays. Provincial staff get every mentoring permission and see every unit.
"""

from django.db import migrations

from marketplace.permissions import create_all_permissions

MENTORS = "Mentors"
STAFF = "Provincial staff (mentoring)"
MENTOR_CODENAMES = [
    *(f"{action}_member" for action in ("add", "change", "view")),
    *(f"{action}_{model}" for model in ("trainingsession", "activity", "team")
      for action in ("add", "change", "view", "delete")),
    *(f"{action}_attendance" for action in ("add", "change", "view", "delete")),
    "add_rosterimport",
    "view_rosterimport",
]


def create_groups(apps, schema_editor):
    create_all_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    admin_access = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    mentors, _ = Group.objects.get_or_create(name=MENTORS)
    mentors.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="mentoring", codename__in=MENTOR_CODENAMES
        ),
        *admin_access,
    )
    staff, _ = Group.objects.get_or_create(name=STAFF)
    staff.permissions.add(
        *Permission.objects.filter(content_type__app_label="mentoring"), *admin_access
    )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[MENTORS, STAFF]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("mentoring", "0001_initial"),
        ("wagtailadmin", "0005_editingsession_is_editing"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(create_groups, remove_groups)]
