"""The product class every deploy needs: a shipped, stock-tracked local specialty."""

from django.db import migrations

SLUG = "dac-san"


def create_product_class(apps, schema_editor):
    ProductClass = apps.get_model("catalogue", "ProductClass")
    ProductClass.objects.get_or_create(
        slug=SLUG,
        defaults={"name": "Đặc sản", "requires_shipping": True, "track_stock": True},
    )


def remove_product_class(apps, schema_editor):
    apps.get_model("catalogue", "ProductClass").objects.filter(slug=SLUG, products=None).delete()


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0033_product_origin_district")]
    operations = [migrations.RunPython(create_product_class, remove_product_class)]
