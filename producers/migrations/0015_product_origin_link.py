from django.db import migrations


def link(apps, schema_editor):
    """Existing products get their origin as a unit: the commune their origin text names,
    else their producer's (linked by 0014). Before the units are loaded (a fresh database)
    nothing happens here; load_admin_units links them (places.signals.units_loaded)."""
    from producers.placing import products_link_origin

    products_link_origin(
        product_model=apps.get_model("catalogue", "Product"),
        producer_model=apps.get_model("producers", "Producer"),
        unit_model=apps.get_model("places", "AdministrativeUnit"),
        succession_model=apps.get_model("places", "UnitSuccession"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0038_product_origin_unit"),
        ("producers", "0014_producer_places_link"),
    ]

    operations = [migrations.RunPython(link, migrations.RunPython.noop)]
