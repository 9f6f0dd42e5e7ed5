"""Producer moderators also review seller identifications and open their documents."""

from django.db import migrations

from marketplace.permissions import create_all_permissions


def grant(apps, schema_editor):
    create_all_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Producer moderators").first()
    if group is None:
        return
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="producers",
            codename__in=["view_selleridentity", "change_selleridentity"],
        )
    )


class Migration(migrations.Migration):
    dependencies = [("producers", "0017_seller_identity")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
