from django.db import migrations


def link(apps, schema_editor):
    """Existing producers get the units their typed commune and district name. On a fresh
    database the units are not loaded yet: nothing happens here, and load_admin_units links
    them (places.signals.units_loaded). Rows that cannot be read keep commune empty and are
    listed for staff; none is dropped."""
    from producers.placing import producers_link_places

    producers_link_places(
        producer_model=apps.get_model("producers", "Producer"),
        unit_model=apps.get_model("places", "AdministrativeUnit"),
        succession_model=apps.get_model("places", "UnitSuccession"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("producers", "0013_producer_places_as_units"),
    ]

    operations = [migrations.RunPython(link, migrations.RunPython.noop)]
