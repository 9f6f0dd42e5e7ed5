"""Producer moderators also review producers' products (the "Products to review" queue)."""

from django.db import migrations

from marketplace.permissions import create_all_permissions


def grant(apps, schema_editor):
    create_all_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.get(name="Producer moderators")
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="catalogue", codename__in=["view_product", "change_product"]
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("producers", "0002_producer_moderators_group"),
        ("catalogue", "0035_product_listing_fields_and_ocop"),
    ]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
