"""A signed-in buyer's address form starts from their saved or last address."""

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from accounts.models import User
from marketplace.address.services import address_place_fill
from places.selectors import unit_on
from tests.checkout.helpers import ADDRESS, basket_add, make_seller, place_order

pytestmark = pytest.mark.django_db
UserAddress = get_model("address", "UserAddress")
PASSWORD = "mat-ong-bac-ha-2026"


@pytest.fixture
def product():
    return make_seller(name="HTX Mật ong Bắc Hà")


@pytest.fixture
def buyer(client):
    user = User.objects.create_user(phone="0912345678", password=PASSWORD)
    client.force_login(user)
    return user


def _address_form(client):
    response = client.get(reverse("checkout:shipping-address"))
    assert response.status_code == 200
    return response.context["form"]


def _saved(buyer, **fields):
    """A saved address in the two-tier form (Phường Hoàn Kiếm, Hà Nội unless `commune`)."""
    commune = unit_on(fields.pop("commune", ADDRESS["commune"]))
    fields = {"first_name": "Nguyễn Thị Lan", "line1": "12 Hàng Bạc", **fields}
    address = UserAddress(user=buyer, country_id="VN", phone_number="+84987654321", **fields)
    address_place_fill(address, commune=commune)
    address.save()
    return address


def test_the_default_saved_address_fills_the_form(client, buyer, product):
    _saved(buyer, first_name="Cũ", line1="1 Phố Cũ", commune="00004")  # Phường Ba Đình
    _saved(buyer, is_default_for_shipping=True)
    basket_add(client, product[1])
    form = _address_form(client)
    assert form.initial["line1"] == "12 Hàng Bạc"
    assert form.initial["commune"].code == "00070"
    assert form.initial["province"] == "01"
    page = client.get(reverse("checkout:shipping-address")).content.decode()
    assert 'value="12 Hàng Bạc"' in page and 'value="Nguyễn Thị Lan"' in page
    assert '<option value="00070" selected>Phường Hoàn Kiếm</option>' in page
    assert '<option value="01" selected>Thành phố Hà Nội</option>' in page


def test_the_last_orders_address_fills_the_form_when_none_is_saved(client, buyer, product):
    producer, jar = product
    basket_add(client, jar)
    client.post(reverse("checkout:shipping-address"), ADDRESS)
    client.post(reverse("checkout:shipping-method"), {f"group_{producer.partner_id}": "pickup"})
    client.post(reverse("checkout:payment-method"), {"method": "cod"})
    assert place_order(client).status_code == 302

    basket_add(client, jar)
    form = _address_form(client)
    assert form.initial["first_name"] == "Nguyễn Thị Lan"
    assert form.initial["commune"].full_name == "Phường Hoàn Kiếm"
    assert str(form.initial["phone_number"]) == "+84987654321"


def test_what_the_buyer_typed_in_this_checkout_comes_first(client, buyer, product):
    _saved(buyer, is_default_for_shipping=True)
    basket_add(client, product[1])
    typed = {**ADDRESS, "line1": "99 Phố Mới", "notes": "Gọi trước khi giao"}
    client.post(reverse("checkout:shipping-address"), typed)
    initial = _address_form(client).initial
    assert (initial["line1"], initial["notes"]) == ("99 Phố Mới", "Gọi trước khi giao")
    assert initial["commune"].code == ADDRESS["commune"]


def test_a_guest_starts_from_an_empty_form(client, product):
    basket_add(client, product[1])
    client.post(reverse("checkout:index"), {"username": "lan@example.com", "options": "anonymous"})
    assert _address_form(client).initial == {}


def test_an_address_saved_before_the_two_tier_map_is_offered_converted(client, buyer, product):
    UserAddress.objects.create(
        user=buyer, is_default_for_shipping=True, country_id="VN", phone_number="+84987654321",
        first_name="Nguyễn Thị Lan", line1="12 Hàng Bạc", line2="Phường Hàng Bạc",
        line3="Quận Hoàn Kiếm", line4="Hà Nội",
    )  # fmt: skip
    basket_add(client, product[1])
    response = client.get(reverse("checkout:shipping-address"))
    form = response.context["form"]
    assert form.initial["commune"].full_name == "Phường Hoàn Kiếm"
    assert form.initial["line1"] == "12 Hàng Bạc"
    assert response.context["place_converted"]
    assert "trước ngày 1/7/2025" in response.content.decode()
