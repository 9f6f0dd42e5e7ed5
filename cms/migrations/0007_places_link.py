from django.db import migrations


def link(apps, schema_editor):
    """Sections and destinations get the former district their district name names. Before
    the units are loaded (a fresh database) nothing happens: load_admin_units links them
    (places.signals.units_loaded, connected in CmsConfig.ready)."""
    from cms.placing import pages_link_places

    pages_link_places(
        page_models=[apps.get_model("cms", "SectionPage"), apps.get_model("cms", "DestinationPage")],
        unit_model=apps.get_model("places", "AdministrativeUnit"),
        succession_model=apps.get_model("places", "UnitSuccession"),
        revision_model=apps.get_model("wagtailcore", "Revision"),
    )


class Migration(migrations.Migration):
    dependencies = [("cms", "0006_places_as_units"), ("wagtailcore", "0098_apitoken")]

    operations = [migrations.RunPython(link, migrations.RunPython.noop)]
