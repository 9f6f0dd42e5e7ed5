"""Sections and destinations named their district as text before places were units: link
them to the former district's unit (data migration, then load_admin_units on a fresh
database). Pages whose text names no district keep area empty for editors to set."""

from django.conf import settings

from places.old_names import OldNameReader


def pages_link_places(*, page_models, unit_model, succession_model, revision_model) -> int:
    """Set `area` on every section and destination whose district text names a former
    district, and in its latest revision too (the editor opens the page from it: without
    the area there, the next publish would clear it)."""
    reader = OldNameReader(
        unit_model=unit_model,
        succession_model=succession_model,
        province_code=settings.CHOPHIEN_HOME_PROVINCE_CODE,
    )
    if not reader.loaded:
        return 0
    linked = 0
    for model in page_models:
        for page in model.objects.filter(area__isnull=True).exclude(district_as_typed=""):
            district = reader.read(district=page.district_as_typed).former_district
            if district is not None:
                model.objects.filter(pk=page.pk).update(area=district)
                revision = revision_model.objects.filter(pk=page.latest_revision_id).first()
                if revision is not None:
                    revision.content = {**revision.content, "area": district.pk}
                    revision.save(update_fields=["content"])
                linked += 1
    return linked


def on_units_loaded(sender, **kwargs):
    from wagtail.models import Revision

    from cms.models import DestinationPage, SectionPage
    from places.models import AdministrativeUnit, UnitSuccession

    pages_link_places(
        page_models=[SectionPage, DestinationPage],
        unit_model=AdministrativeUnit,
        succession_model=UnitSuccession,
        revision_model=Revision,
    )
