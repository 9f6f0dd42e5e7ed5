"""A signed-in buyer's address form starts from their saved or last address."""

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from accounts.models import User
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


def test_the_default_saved_address_fills_the_form(client, buyer, product):
    UserAddress.objects.create(
        user=buyer, first_name="Cũ", line1="1 Phố Cũ", line2="Phường Cũ", line3="Ba Đình",
        line4="Hà Nội", phone_number="+84987000000", country_id="VN",
    )  # fmt: skip
    UserAddress.objects.create(
        user=buyer, is_default_for_shipping=True, country_id="VN", phone_number="+84987654321",
        **{key: value for key, value in ADDRESS.items() if key != "phone_number"},
    )  # fmt: skip
    basket_add(client, product[1])
    form = _address_form(client)
    assert form.initial["line1"] == "12 Hàng Bạc"
    assert form.initial["line3"] == "Hoàn Kiếm"
    page = client.get(reverse("checkout:shipping-address")).content.decode()
    assert 'value="12 Hàng Bạc"' in page and 'value="Nguyễn Thị Lan"' in page


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
    assert form.initial["line2"] == "Phường Hàng Bạc"
    assert str(form.initial["phone_number"]) == "+84987654321"


def test_what_the_buyer_typed_in_this_checkout_comes_first(client, buyer, product):
    UserAddress.objects.create(
        user=buyer, is_default_for_shipping=True, country_id="VN", phone_number="+84987654321",
        **{key: value for key, value in ADDRESS.items() if key != "phone_number"},
    )  # fmt: skip
    basket_add(client, product[1])
    client.post(reverse("checkout:shipping-address"), {**ADDRESS, "line1": "99 Phố Mới"})
    assert _address_form(client).initial["line1"] == "99 Phố Mới"


def test_a_guest_starts_from_an_empty_form(client, product):
    basket_add(client, product[1])
    client.post(reverse("checkout:index"), {"username": "lan@example.com", "options": "anonymous"})
    assert _address_form(client).initial == {}
