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
    products = products_link_origin(
        product_model=Product,
        producer_model=Producer,
        unit_model=AdministrativeUnit,
        succession_model=UnitSuccession,
    )
    if linked:  # update() sends no post_save: the search documents name the place
        products += Product.objects.filter(
            stockrecords__partner__producer__pk__in=linked
        ).values_list("pk", flat=True)
    if products:
        schedule_refresh(product_ids=list(set(products)))


def products_link_origin(*, product_model, producer_model, unit_model, succession_model):
    """Give every product without an `origin` unit one: the commune its origin text names
    (origin_commune, origin_district, in the map of before 1 July 2025 or today's), else its
    producer's commune. Returns the pks linked; nothing before the units are loaded."""
    reader = OldNameReader(
        unit_model=unit_model,
        succession_model=succession_model,
        province_code=settings.CHOPHIEN_HOME_PROVINCE_CODE,
    )
    if not reader.loaded:
        return []
    communes = dict(
        producer_model.objects.filter(commune__isnull=False).values_list("partner_id", "commune_id")
    )
    linked = []
    products = product_model.objects.filter(origin__isnull=True).values(
        "pk", "origin_commune", "origin_district", "stockrecords__partner_id"
    )
    for row in products:
        origin_id = None
        if row["origin_commune"]:
            placed = reader.read(district=row["origin_district"], commune=row["origin_commune"])
            origin_id = placed.commune.pk if placed.commune is not None else None
        origin_id = origin_id or communes.get(row["stockrecords__partner_id"])
        if origin_id is not None and row["pk"] not in linked:
            product_model.objects.filter(pk=row["pk"]).update(origin_id=origin_id)
            linked.append(row["pk"])
    return linked
