"""Sections and destinations cover an area of today's map (issue 24): the producers nearby
are those of the area's communes, or within a distance of the destination's pin; pages whose
district was text are linked by the data migration."""

import importlib

import pytest
from django.apps import apps

from cms.models import DestinationPage, SectionPage
from cms.selectors import producers_near
from places.models import AdministrativeUnit
from tests.factories.cms import make_site_pages
from tests.factories.producers import home_commune, make_producer

pytestmark = pytest.mark.django_db


def _former(name):
    return AdministrativeUnit.objects.get(level="district", name=name, valid_until__isnull=False)


def test_producers_near_a_former_district_are_those_of_its_communes_today(admin_units):
    bac_ha = make_producer(name="Hộ Bản Phố", commune=home_commune("Bản Phố", district="Bắc Hà"))
    make_producer(name="Hộ Tú Lệ", commune=home_commune("Tú Lệ", district="Văn Chấn"))
    make_producer(name="Hộ chưa rõ xã", district="Bắc Hà", commune="Xã Không Có")

    assert list(producers_near(area=_former("Bắc Hà"))) == [bac_ha]
    assert [p.name for p in producers_near(area=_former("Văn Chấn"))] == ["Hộ Tú Lệ"]
    assert list(producers_near(area=bac_ha.commune)) == [bac_ha]


def test_a_destination_without_an_area_shows_the_producers_within_reach_of_its_pin(admin_units):
    ban_pho = home_commune("Bản Phố", district="Bắc Hà")
    near = make_producer(name="Hộ Bản Phố", commune=ban_pho)
    make_producer(name="Hộ Tú Lệ", commune=home_commune("Tú Lệ", district="Văn Chấn"))
    pin = (ban_pho.latitude + 0.01, ban_pho.longitude)  # about a kilometre north

    assert producers_near(point=pin, km=20) == [near]
    assert producers_near(point=(21.03, 105.85), km=20) == []  # Hà Nội: nobody


def test_the_data_migration_gives_pages_the_former_district_their_text_names(admin_units):
    pages = make_site_pages()
    section, destination = pages["section"], pages["destination"]  # "Bắc Hà", as typed
    SectionPage.objects.filter(pk=section.pk).update(area=None)
    DestinationPage.objects.filter(pk=destination.pk).update(area=None)
    odd = SectionPage.objects.get(pk=section.pk)
    odd.save_revision()

    migration = importlib.import_module("cms.migrations.0007_places_link")
    migration.link(apps, None)

    section = SectionPage.objects.get(pk=section.pk)
    assert section.area == _former("Bắc Hà")
    assert section.area_label == "Bắc Hà"
    assert DestinationPage.objects.get(pk=destination.pk).area == _former("Bắc Hà")
    # The editor opens the page from its latest revision: the area is there too.
    assert section.get_latest_revision_as_object().area == _former("Bắc Hà")


def test_the_destination_page_lists_the_producers_of_its_area(client, admin_units):
    producer = make_producer(name="Hộ Bản Phố", commune=home_commune("Bản Phố", district="Bắc Hà"))
    pages = make_site_pages()
    DestinationPage.objects.filter(pk=pages["destination"].pk).update(area=_former("Bắc Hà"))
    response = client.get(pages["destination"].url)
    assert "Hộ Bản Phố" in response.content.decode()
    assert list(response.context["producers"]) == [producer]
