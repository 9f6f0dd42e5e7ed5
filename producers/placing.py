"""Producers' places as administrative units: linking the rows typed before the units existed.

Used by the data migration (with its historical models) and, on a fresh database where the
migrations run before `load_admin_units`, by the places app's `units_loaded` signal (connected
in ProducersConfig.ready). Safe to repeat: only producers without a commune are looked at,
and a text that cannot be read leaves the row as it is (listed for staff, still selling)."""

from django.conf import settings

from places.old_names import OldNameReader


def producers_link_places(*, producer_model, unit_model, succession_model, province_code=None):
    """Give every producer without a commune the units its typed text names. Returns the
    pks of the producers linked and the number left without a commune; does nothing before
    the units are loaded."""
    reader = OldNameReader(
        unit_model=unit_model,
        succession_model=succession_model,
        province_code=province_code or settings.CHOPHIEN_HOME_PROVINCE_CODE,
    )
    if not reader.loaded:
        return [], 0
    linked, not_linked = [], 0
    unlinked = producer_model.objects.filter(commune__isnull=True).exclude(
        commune_as_typed="", district_as_typed=""
    )
    for producer in unlinked.only("pk", "commune_as_typed", "district_as_typed"):
        placed = reader.read(district=producer.district_as_typed, commune=producer.commune_as_typed)
        if placed.commune is None and placed.former_district is None:
            not_linked += 1
            continue
        producer_model.objects.filter(pk=producer.pk).update(
            commune=placed.commune, former_district=placed.former_district
        )
        if placed.commune is None:
            not_linked += 1
        else:
            linked.append(producer.pk)
    return linked, not_linked


def on_units_loaded(sender, **kwargs):
    from marketplace.catalogue.models import Product
    from marketplace.search.indexing import schedule_refresh
    from places.models import AdministrativeUnit, UnitSuccession
    from producers.models import Producer

    linked, _not_linked = producers_link_places(
        producer_model=Producer, unit_model=AdministrativeUnit, succession_model=UnitSuccession
    )
    if linked:  # update() sends no post_save: the search documents name the place
        products = Product.objects.filter(stockrecords__partner__producer__pk__in=linked)
        schedule_refresh(product_ids=list(products.values_list("pk", flat=True)))
