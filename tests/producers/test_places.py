"""Producers' places are administrative units of today's map (issue 24, item 2): the commune
in force in the site's province, the former district kept for history and search, rows typed
before the units existed linked by the data migration or when the units are loaded, and the
local delivery zone."""

import datetime
import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import User
from marketplace.shipping.options import (
    LOCAL_DELIVERY,
    PICKUP,
    ProducerGroup,
    ShippingRates,
    producer_group_options,
)
from places.models import AdministrativeUnit, UnitSuccession
from places.selectors import unit_on
from places.services import admin_units_load
from producers import services
from producers.models import Producer
from producers.placing import producers_link_places
from tests.factories.marketplace import make_partner
from tests.factories.producers import home_commune, make_producer

pytestmark = pytest.mark.django_db


def _hanoi_commune():
    hanoi = unit_on("01", level=AdministrativeUnit.Level.PROVINCE)
    return hanoi.children.filter(level=AdministrativeUnit.Level.COMMUNE).order_by("code").first()


# --- signing up from the former Yên Bái --------------------------------------------------


def test_a_producer_of_the_former_yen_bai_signs_up_with_their_commune(client, admin_units):
    tu_le = home_commune("Tú Lệ", district="Văn Chấn")
    user = User.objects.create_user(phone="+84912000333", password="x")
    client.force_login(user)
    page = client.get(reverse("portal:profile"))
    assert "Xã Tú Lệ" in page.content.decode()
    assert "Huyện Văn Chấn" in page.content.decode()  # the group it is listed under

    response = client.post(
        reverse("portal:profile"),
        {
            "name": "Hộ Lò Văn Thắng – gạo nếp Tú Lệ",
            "kind": "household",
            "commune": str(tu_le.pk),
            "story": "Gạo nếp Tú Lệ trên ruộng bậc thang.",
        },
    )

    assert response.status_code == 302
    producer = Producer.objects.get(partner__users=user)
    assert producer.commune == tu_le
    assert producer.commune.parent.code == "15"  # today's Lào Cai
    assert producer.former_district.name == "Văn Chấn"
    assert producer.former_district.parent.name == "Yên Bái"


def test_the_profile_form_refuses_a_commune_of_another_province(client, admin_units):
    user = User.objects.create_user(phone="+84912000334", password="x")
    client.force_login(user)
    response = client.post(
        reverse("portal:profile"),
        {
            "name": "Hộ ở Hà Nội",
            "kind": "household",
            "commune": str(_hanoi_commune().pk),
            "story": "…",
        },
    )
    assert response.status_code == 200
    assert "commune" in response.context["form"].errors
    assert not Producer.objects.filter(partner__users=user).exists()


def test_the_service_refuses_a_commune_outside_the_province_or_ended(admin_units):
    partner = make_partner(name="Hộ thử")
    ended = unit_on("02680", on=datetime.date(2025, 6, 30))  # xã Tả Phời, ended 30 June 2025
    for commune in (_hanoi_commune(), ended):
        if commune is None:
            continue
        with pytest.raises(ValidationError) as error:
            services.producer_upsert(partner=partner, kind="household", commune=commune)
        assert "commune" in error.value.message_dict


# --- rows typed before the units: the migration and the load link them ---------------------


def _typed(name, *, district, commune):
    producer = make_producer(name=name, district=district, commune=commune)
    return producer


def test_the_data_migration_links_known_names_and_keeps_the_others_for_staff(admin_units):
    known = _typed("Hộ Bản Phố", district="Bắc Hà", commune="Bản Phố")
    yen_bai = _typed("Hộ Tú Lệ", district="Huyện Văn Chấn", commune="xã Tú Lệ")
    town = _typed("Hộ Sa Pa", district="Thị xã Sa Pa", commune="")
    unknown = _typed("Hộ lạ", district="Huyện Không Có", commune="Xã Không Có")
    blank = _typed("Hộ trống", district="", commune="")

    migration = importlib.import_module("producers.migrations.0014_producer_places_link")
    migration.link(apps, None)

    for producer in (known, yen_bai, town, unknown, blank):
        producer.refresh_from_db()
    assert known.commune == home_commune("Bản Phố", district="Bắc Hà")
    assert known.former_district.name == "Bắc Hà"
    assert known.district_as_typed == "Bắc Hà"  # the text stays for history
    assert yen_bai.commune.full_name == "Xã Tú Lệ"
    assert yen_bai.former_district.name == "Văn Chấn"
    # A district without a commune: the district is kept, the commune is for staff to set.
    assert town.commune is None and town.former_district.name == "Sa Pa"
    assert unknown.commune is None and unknown.former_district is None
    assert blank.commune is None
    # Nobody dropped, nobody taken off sale; the staff list shows the ones to set.
    assert Producer.objects.approved().filter(pk=unknown.pk).exists()
    not_known = set(Producer.objects.filter(commune__isnull=True).values_list("pk", flat=True))
    assert {town.pk, unknown.pk, blank.pk} <= not_known


def test_the_data_migration_does_nothing_before_the_units_are_loaded(db):
    producer = make_producer(name="Hộ Bản Phố", district="Bắc Hà", commune="Bản Phố")
    linked, not_linked = producers_link_places(
        producer_model=Producer,
        # The units table of a fresh database, where migrations run before load_admin_units.
        unit_model=type("Units", (), {"objects": AdministrativeUnit.objects.none()}),
        succession_model=UnitSuccession,
    )
    producer.refresh_from_db()
    assert (linked, not_linked) == ([], 0)
    assert producer.commune is None and producer.district_as_typed == "Bắc Hà"


def test_loading_the_units_links_producers_typed_before(admin_units):
    producer = make_producer(name="Hộ Bản Phố", district="Bắc Hà", commune="Bản Phố")
    assert producer.commune is None

    admin_units_load()  # a fresh site: migrate, then load_admin_units

    producer.refresh_from_db()
    assert producer.commune == home_commune("Bản Phố", district="Bắc Hà")


def test_staff_list_the_producers_whose_commune_is_not_known(admin_client, admin_units):
    make_producer(name="Hộ có xã", commune=home_commune("Tú Lệ", district="Văn Chấn"))
    make_producer(name="Hộ chưa rõ xã", district="Huyện Không Có", commune="Xã Không Có")
    response = admin_client.get(reverse("producers_admin:index"), {"place_not_known": "true"})
    page = response.content.decode()
    assert "Hộ chưa rõ xã" in page
    assert "Hộ có xã" not in page


# --- the directory ------------------------------------------------------------------------


def test_the_directory_filters_by_former_district_by_name_or_code(client, admin_units):
    make_producer(name="Hộ ở Bắc Hà", commune=home_commune("Bản Phố", district="Bắc Hà"))
    make_producer(name="Hộ ở Văn Chấn", commune=home_commune("Tú Lệ", district="Văn Chấn"))
    response = client.get(reverse("producers:directory"), {"district": "Văn Chấn"})
    assert [p.name for p in response.context["producers"]] == ["Hộ ở Văn Chấn"]
    assert [d.name for d in response.context["districts"]] == ["Bắc Hà", "Văn Chấn"]
    code = response.context["district"].code
    response = client.get(reverse("producers:directory"), {"district": code})
    assert [p.name for p in response.context["producers"]] == ["Hộ ở Văn Chấn"]
    assert "Xã Tú Lệ (Văn Chấn cũ)" in response.content.decode()


# --- the local delivery zone --------------------------------------------------------------


class _Rates:
    local = type("Charge", (), {"price_per_order": Decimal(20000)})()

    def post_charge(self, weight_grams, *, within_province=False):
        return None


def _group(producer):
    return ProducerGroup(partner=producer.partner, lines=[])


def test_local_delivery_covers_the_commune_the_listed_communes_and_a_distance(admin_units):
    ban_pho = home_commune("Bản Phố", district="Bắc Hà")
    producer = make_producer(name="Hộ Bản Phố", commune=ban_pho)
    producer.offers_local_delivery = True
    producer.save()
    neighbours = list(
        AdministrativeUnit.objects.filter(parent=ban_pho.parent, level="commune")
        .exclude(pk=ban_pho.pk)
        .exclude(latitude__isnull=True)
    )
    from producers.models import distance_km

    here = (ban_pho.latitude, ban_pho.longitude)
    near = min(neighbours, key=lambda u: distance_km(here, (u.latitude, u.longitude)))
    far = max(neighbours, key=lambda u: distance_km(here, (u.latitude, u.longitude)))

    assert producer.delivers_locally_to(ban_pho)
    assert not producer.delivers_locally_to(near)
    assert not producer.delivers_locally_to(None)
    assert not producer.delivers_locally_to(_hanoi_commune())

    producer.local_delivery_communes.add(near)
    assert producer.delivers_locally_to(near)
    assert not producer.delivers_locally_to(far)

    producer.local_delivery_km = int(distance_km(here, (far.latitude, far.longitude))) + 1
    assert producer.delivers_locally_to(far)


def test_the_shipping_options_offer_local_delivery_only_in_the_zone(admin_units):
    ban_pho = home_commune("Bản Phố", district="Bắc Hà")
    producer = make_producer(name="Hộ Bản Phố", commune=ban_pho)
    Producer.objects.filter(pk=producer.pk).update(offers_local_delivery=True, offers_pickup=True)
    producer.refresh_from_db()

    inside = producer_group_options(_group(producer), shipping_commune=ban_pho, rates=_Rates())
    outside = producer_group_options(
        _group(producer), shipping_commune=_hanoi_commune(), rates=_Rates()
    )
    unknown = producer_group_options(_group(producer), shipping_commune=None, rates=_Rates())

    assert [o.code for o in inside] == [PICKUP, LOCAL_DELIVERY]
    assert inside[1].charge == 20000
    assert [o.code for o in outside] == [PICKUP]
    assert [o.code for o in unknown] == [PICKUP]
    assert LOCAL_DELIVERY == "district-delivery"  # the code stored in rates and orders
    assert ShippingRates().local is not None  # the migration's rate, read under its new name


def test_a_products_origin_is_its_producers_commune_or_the_commune_its_text_names(admin_units):
    from marketplace.catalogue.models import Product
    from tests.factories.marketplace import make_product

    tu_le = home_commune("Tú Lệ", district="Văn Chấn")
    producer = make_producer(name="Hộ Tú Lệ", commune=tu_le)
    typed = make_producer(name="Hộ chưa rõ xã", district="Huyện Không Có", commune="Xã Không Có")
    plain = make_product(title="Gạo nếp – 2kg", partner=producer.partner, origin_district="")
    named = make_product(title="Chè – 200g", partner=producer.partner, origin_district="Văn Chấn")
    Product.objects.filter(pk=named.pk).update(origin_commune="Suối Giàng")
    unknown = make_product(title="Mật – 1 lít", partner=typed.partner, origin_district="")

    migration = importlib.import_module("producers.migrations.0015_product_origin_link")
    migration.link(apps, None)

    assert Product.objects.get(pk=plain.pk).origin == tu_le
    assert Product.objects.get(pk=named.pk).origin == home_commune(
        "Suối Giàng", district="Văn Chấn"
    )
    assert Product.objects.get(pk=unknown.pk).origin is None  # kept, on sale, for staff


def test_a_product_listed_in_the_portal_takes_the_producers_commune(admin_units):
    from producers import listing
    from tests.factories.marketplace import make_category

    tu_le = home_commune("Tú Lệ", district="Văn Chấn")
    producer = make_producer(name="Hộ Tú Lệ", commune=tu_le)
    product = listing.producer_product_add(
        producer=producer,
        title="Gạo nếp Tú Lệ – túi 2kg",
        category=make_category(),
        price=Decimal(120000),
        num_in_stock=10,
    )
    assert product.origin == tu_le
    assert product.origin_district == "Văn Chấn"
