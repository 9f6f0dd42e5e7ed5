"""The producer lists, in the selling setup, the communes it also delivers to (issue 24,
item 2): today's communes of the province, ticked under their former district; the checkout
then offers local delivery to a buyer there."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.models import ModelLogEntry

from places.models import AdministrativeUnit
from places.selectors import unit_on
from producers import services
from producers.models import distance_km
from tests.checkout.helpers import basket_add, make_seller
from tests.factories.producers import home_commune

pytestmark = pytest.mark.django_db

# The seller's own setup as make_seller leaves it, posted back unchanged (no bank change,
# so no password is asked).
SETUP = {
    "bank_bin": "970436",
    "bank_account_number": "0011001234567",
    "bank_account_name": "LO THI MAI",
    "offers_local_delivery": "on",
    "offers_national_post": "on",
}


def _seller_with_login(client):
    ban_pho = home_commune("Bản Phố", district="Bắc Hà")
    producer, product = make_seller(name="Hộ Bản Phố", commune=ban_pho, pickup=False)
    user = get_user_model().objects.create_user(email="pho@example.com", password="x")
    producer.partner.users.add(user)
    client.force_login(user)
    # A neighbour of another commune, not within any distance (no km set): only a listing
    # puts it in the zone.
    here = (ban_pho.latitude, ban_pho.longitude)
    near = min(
        AdministrativeUnit.objects.current()
        .filter(parent=ban_pho.parent, level="commune")
        .exclude(pk=ban_pho.pk)
        .exclude(latitude__isnull=True),
        key=lambda u: distance_km(here, (u.latitude, u.longitude)),
    )
    return producer, product, near


def _delivery_offered(client, commune) -> bool:
    address = {
        "first_name": "Lan",
        "phone_number": "0987654321",
        "line1": "Thôn 2",
        "province": "15",
        "commune": commune.code,
    }
    response = client.post(reverse("checkout:shipping-address"), address)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get(reverse("checkout:shipping-method")).content.decode()
    return 'value="district-delivery"' in page


def test_a_producer_lists_a_neighbouring_commune_and_a_buyer_there_gets_local_delivery(
    client, admin_units
):
    producer, product, near = _seller_with_login(client)
    page = client.get(reverse("portal:selling_setup")).content.decode()
    # Ticks grouped by former district, in <details> (no script), the home district's first.
    assert "Bắc Hà (cũ)" in page and near.full_name in page
    assert f'name="local_delivery_communes" value="{near.pk}"' in page

    response = client.post(
        reverse("portal:selling_setup"), {**SETUP, "local_delivery_communes": [str(near.pk)]}
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(producer.local_delivery_communes.all()) == [near]
    entry = ModelLogEntry.objects.filter(action="producers.selling_setup_edit").latest("pk")
    assert entry.data["changed"]["local_delivery_communes"] == [[], [near.code]]
    # Shown ticked (and its group open) when the producer comes back.
    page = client.get(reverse("portal:selling_setup")).content.decode()
    assert f'value="{near.pk}" id="id_local_delivery_communes_' in page
    assert "checked" in page.split(f'value="{near.pk}"')[1].split(">")[0]

    client.logout()
    basket_add(client, product, 1)
    client.post(reverse("checkout:index"), {"username": "lan@example.com", "options": "anonymous"})
    assert _delivery_offered(client, near)

    # Unticked again: the buyer there no longer gets it.
    producer.local_delivery_communes.clear()
    assert not _delivery_offered(client, near)


def test_a_commune_outside_the_province_is_refused_and_nothing_is_saved(client, admin_units):
    producer, _product, near = _seller_with_login(client)
    hanoi = unit_on("01", level=AdministrativeUnit.Level.PROVINCE)
    hoan_kiem = hanoi.children.filter(level="commune").order_by("code").first()
    response = client.post(
        reverse("portal:selling_setup"),
        {
            **SETUP,
            "offers_national_post": "",
            "local_delivery_communes": [str(near.pk), str(hoan_kiem.pk)],
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["local_delivery_communes"]
    assert errors == ["Chỉ chọn các xã, phường hiện nay của Tỉnh Lào Cai."]
    producer.refresh_from_db()
    assert producer.offers_national_post and not producer.local_delivery_communes.exists()


def test_the_service_refuses_a_commune_of_another_province_or_of_the_old_map(admin_units):
    producer, _product = make_seller(name="Hộ Tả Phìn", commune=home_commune("Bản Phố"))
    hanoi = unit_on("01", level=AdministrativeUnit.Level.PROVINCE)
    hoan_kiem = hanoi.children.filter(level="commune").order_by("code").first()
    ended = AdministrativeUnit.objects.filter(level="commune", valid_until__isnull=False).first()
    for commune in (hoan_kiem, ended):
        with pytest.raises(ValidationError) as refused:
            services.producer_selling_setup_update(
                producer=producer, local_delivery_communes=[commune], offers_pickup=False
            )
        assert refused.value.error_dict["local_delivery_communes"][0].code == (
            "commune_not_in_province"
        )
    producer.refresh_from_db()
    assert producer.offers_pickup and not producer.local_delivery_communes.exists()


def test_saving_the_selling_setup_says_it_was_saved(client, admin_units):
    _seller_with_login(client)
    response = client.post(reverse("portal:selling_setup"), SETUP, follow=True)
    assert response.redirect_chain, response.content.decode()[:2000]
    assert "Đã lưu cách nhận tiền và giao hàng." in response.content.decode()
