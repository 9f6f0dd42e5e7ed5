from django.db import migrations, models


def mark_drafts(apps, schema_editor):
    """Imports a mentor made for a member's draft shop (for_member set) are drafts' imports."""
    ProductImport = apps.get_model("producers", "ProductImport")
    ProductImport.objects.filter(for_member__isnull=False).update(for_draft=True)


class Migration(migrations.Migration):
    dependencies = [
        ("producers", "0008_producer_pickup_place"),
    ]

    operations = [
        migrations.AddField(
            model_name="productimport",
            name="for_draft",
            field=models.BooleanField(default=False),
        ),
        # Reversed, the field is dropped again: nothing to undo.
        migrations.RunPython(mark_drafts, migrations.RunPython.noop),
    ]
