from places.models import AdministrativeUnit, UnitSuccession
from places.old_names import OldNameReader
from producers import identification, services
from producers.models import Producer
from tests.factories.marketplace import make_partner


def home_commune(name: str, *, district: str = "") -> AdministrativeUnit:
    """Today's commune of the site's province for a commune (and district) named in the old
    map ("Tả Phìn", "Bắc Hà") or the new ("Hợp Thành"). Needs the `admin_units` fixture."""
    reader = OldNameReader(
        unit_model=AdministrativeUnit, succession_model=UnitSuccession, province_code="15"
    )
    commune = reader.read(district=district, commune=name).commune
    assert commune is not None, f"no commune {name!r} ({district}) in today's Lào Cai"
    return commune


def make_producer(
    *,
    name: str = "Hợp tác xã Chè Shan Tuyết Tả Phìn",
    district: str = "Bắc Hà",
    commune: str | AdministrativeUnit = "Tả Phìn",
    status: str = Producer.Status.APPROVED,
    story: str = "Chúng tôi là nhóm thanh niên người Dao đỏ trồng chè cổ thụ.",
    contact_phone: str = "0900000099",
    identified: bool = True,
) -> Producer:
    """An approved producer. Given a unit (`home_commune(...)`, with the `admin_units`
    fixture), that is its commune; given text, it is a row as typed before the units existed
    (commune not known yet), so tests that do not read places need not load the map."""
    unit = commune if isinstance(commune, AdministrativeUnit) else None
    producer = services.producer_upsert(
        partner=make_partner(name=name),
        kind=Producer.Kind.COOPERATIVE,
        commune=unit,
        story=story,
        contact_phone=contact_phone,
        status=status,
    )
    if unit is None:
        Producer.objects.filter(pk=producer.pk).update(
            commune_as_typed=str(commune), district_as_typed=district
        )
        producer.commune_as_typed, producer.district_as_typed = str(commune), district
    if identified:
        identify(producer)
    return producer


# Invented numbers that pass producers.citizen_ids (Lào Cai, born 1995) and the MST check digit.
TEST_CITIZEN_ID = "010095000123"
TEST_TAX_CODE = "0101243150"


def identify(producer: Producer):
    """The seller identification approved (producers.identification), as staff would."""
    return identification.identity_record_checked(
        producer=producer,
        by=None,
        full_name="Lý Thị Dung",
        citizen_id=TEST_CITIZEN_ID,
        vneid_level2=True,
        registration_number="HTX-0001",
        tax_code=TEST_TAX_CODE,
    )
