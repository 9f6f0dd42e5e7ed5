"""Checkout's address in today's two tiers: province, then commune or ward, then street; an
address written the old way is offered converted and used only once the buyer accepts it."""

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from accounts.models import User
from marketplace.checkout.utils import CheckoutSessionData
from tests.checkout.helpers import (
    ADDRESS,
    basket_add,
    checkout_to_preview,
    make_seller,
    place_order,
)

pytestmark = pytest.mark.django_db
Order = get_model("order", "Order")
UserAddress = get_model("address", "UserAddress")
OLD_TEXT = "12 Lê Lợi, xã Tả Phời, TP Lào Cai, tỉnh Lào Cai"


@pytest.fixture
def guest(client):
    _producer, product = make_seller(name="HTX Mật ong Bắc Hà")
    basket_add(client, product)
    client.post(reverse("checkout:index"), {"username": "lan@example.com", "options": "anonymous"})
    return client


def _session_address(client) -> dict:
    return client.session.get("checkout_data", {}).get("shipping", {}).get("new_address_fields", {})


def test_the_address_form_asks_province_commune_and_street_and_no_district(guest):
    form = guest.get(reverse("checkout:shipping-address")).context["form"]
    assert list(form.fields) == [
        "first_name", "phone_number", "province", "commune", "line1", "notes",
    ]  # fmt: skip


def test_the_order_stores_the_commune_and_prints_its_names(guest):
    response = guest.post(reverse("checkout:shipping-address"), ADDRESS)
    assert response.status_code == 302
    producer_group = guest.get(reverse("checkout:shipping-method")).context["form"].groups[0]
    guest.post(
        reverse("checkout:shipping-method"), {f"group_{producer_group.partner.pk}": "pickup"}
    )
    guest.post(reverse("checkout:payment-method"), {"method": "cod"})
    assert place_order(guest).status_code == 302
    address = Order.objects.get().shipping_address
    assert address.commune.code == "00070"
    assert (address.line1, address.line2, address.line3, address.line4) == (
        "12 Hàng Bạc", "", "Phường Hoàn Kiếm", "Thành phố Hà Nội",
    )  # fmt: skip
    assert address.summary.endswith("12 Hàng Bạc, Phường Hoàn Kiếm, Thành phố Hà Nội, Việt Nam")


def test_a_commune_not_in_its_province_is_refused_and_nothing_is_lost(guest):
    response = guest.post(
        reverse("checkout:shipping-address"),
        {**ADDRESS, "province": "15"},  # Lào Cai
    )
    assert response.status_code == 200
    assert response.context["form"].errors["commune"] == [
        "Phường Hoàn Kiếm không thuộc Tỉnh Lào Cai. Hãy chọn một xã, phường của Tỉnh Lào Cai."
    ]
    assert 'value="12 Hàng Bạc"' in response.content.decode()
    assert _session_address(guest) == {}


def test_without_javascript_the_province_is_picked_first_then_its_communes_are_listed(guest):
    typed = {"first_name": "Lan", "phone_number": "0987654321", "province": "15",
             "province_pick": "1"}  # fmt: skip
    response = guest.post(reverse("checkout:shipping-address"), typed)
    assert response.status_code == 200
    page = response.content.decode()
    assert '<option value="02680">Xã Hợp Thành</option>' in page
    assert 'value="Lan"' in page
    # Only the commune list was asked for: no field is reported missing.
    assert not response.context["form"].errors
    assert "Trường này là bắt buộc" not in page and "vài lỗi" not in page
    assert '<option value="15" selected>' in page
    assert _session_address(guest) == {}


def test_the_address_book_lists_the_picked_provinces_communes_without_errors(client):
    buyer = User.objects.create_user(phone="0912345678", password="mat-ong-bac-ha-2026")
    client.force_login(buyer)
    response = client.post(
        reverse("customer:address-create"),
        {"first_name": "Lan", "province": "15", "province_pick": "1"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert not response.context["form"].errors
    assert "Trường này là bắt buộc" not in page
    assert '<option value="02680">Xã Hợp Thành</option>' in page and 'value="Lan"' in page
    assert not UserAddress.objects.exists()


def test_a_pasted_old_address_is_offered_converted_and_used_once_accepted(guest):
    response = guest.post(
        reverse("checkout:shipping-address"),
        {"first_name": "Lan", "phone_number": "0987654321", "old_address": OLD_TEXT,
         "convert": "1"},
    )  # fmt: skip
    assert response.status_code == 200
    page = response.content.decode()
    assert "12 Lê Lợi, Xã Hợp Thành, Tỉnh Lào Cai" in page
    form = response.context["form"]
    assert not form.is_bound  # offered, not used
    assert form.initial["commune"].code == "02680" and form.initial["province"] == "15"
    assert form.initial["line1"] == "12 Lê Lợi" and form.initial["first_name"] == "Lan"
    assert '<option value="02680" selected>Xã Hợp Thành</option>' in page
    assert _session_address(guest) == {}

    accepted = {"first_name": "Lan", "phone_number": "0987654321", "province": "15",
                "commune": "02680", "line1": "12 Lê Lợi"}  # fmt: skip
    assert guest.post(reverse("checkout:shipping-address"), accepted).status_code == 302
    stored = _session_address(guest)
    assert (stored["line3"], stored["line4"]) == ("Xã Hợp Thành", "Tỉnh Lào Cai")


def test_an_old_address_that_cannot_be_read_is_refused_with_a_message(guest):
    response = guest.post(
        reverse("checkout:shipping-address"),
        {"first_name": "Lan", "old_address": "Thôn 3, huyện Không Có, tỉnh Lào Cai",
         "convert": "1"},
    )  # fmt: skip
    assert response.status_code == 200
    assert response.context["old_form"].errors["old_address"]
    assert 'value="Lan"' in response.content.decode()


def test_an_address_kept_in_the_session_from_before_is_shown_converted_first(guest, client):
    session = client.session
    CheckoutSessionData_fields = {  # what Oscar kept from the three-level form
        "first_name": "Lan", "phone_number": "+84987654321", "line1": "12 Lê Lợi",
        "line2": "Xã Tả Phời", "line3": "Thành phố Lào Cai", "line4": "Lào Cai",
        "country_id": "VN",
    }  # fmt: skip
    session["checkout_data"] = {
        **session.get("checkout_data", {}),
        "shipping": {"new_address_fields": CheckoutSessionData_fields},
    }
    session.save()
    response = client.get(reverse("checkout:shipping-method"))
    assert response.status_code == 302 and response.url == reverse("checkout:shipping-address")
    response = client.get(reverse("checkout:shipping-address"))
    assert response.context["form"].initial["commune"].full_name == "Xã Hợp Thành"
    assert response.context["place_converted"]


def test_a_saved_address_to_confirm_is_checked_before_shipping_to_it(client):
    _producer, product = make_seller(name="HTX Mật ong Bắc Hà")
    buyer = User.objects.create_user(phone="0912345678", password="mat-ong-bac-ha-2026")
    client.force_login(buyer)
    basket_add(client, product)
    address = UserAddress.objects.create(
        user=buyer, country_id="VN", first_name="Lan", phone_number="+84987654321",
        line1="12 Lê Lợi", line2="Xã Tả Phời", line3="TP Lào Cai", line4="Lào Cai",
        place_to_confirm=True,
    )  # fmt: skip
    response = client.post(
        reverse("checkout:shipping-address"), {"action": "ship_to", "address_id": address.pk}
    )
    assert response.url == reverse("checkout:user-address-update", kwargs={"pk": address.pk})
    assert CheckoutSessionData(response.wsgi_request).shipping_user_address_id() is None
    form = client.get(response.url).context["form"]
    assert form.initial["commune"] == "02680"  # converted, for the buyer to check
    saved = client.post(
        response.url,
        {"first_name": "Lan", "phone_number": "0987654321", "province": "15",
         "commune": "02680", "line1": "12 Lê Lợi"},
    )  # fmt: skip
    assert saved.status_code == 302
    address.refresh_from_db()
    assert not address.place_to_confirm and address.commune.code == "02680"
    assert address.line3 == "Xã Hợp Thành"


def test_the_address_book_marks_an_old_address_and_its_edit_confirms_it(client):
    buyer = User.objects.create_user(phone="0912345678", password="mat-ong-bac-ha-2026")
    client.force_login(buyer)
    address = UserAddress.objects.create(
        user=buyer, country_id="VN", first_name="Lan", phone_number="+84987654321",
        line1="12 Hàng Bạc", line2="Phường Hàng Bạc", line3="Quận Hoàn Kiếm",
        line4="Hà Nội", place_to_confirm=True,
    )  # fmt: skip
    page = client.get(reverse("customer:address-list")).content.decode()
    assert "Ghi trước ngày 1/7/2025: hãy kiểm tra theo cách ghi mới" in page
    edit = reverse("customer:address-detail", kwargs={"pk": address.pk})
    form = client.get(edit).context["form"]
    assert (form.initial["province"], form.initial["commune"]) == ("01", "00070")
    typed = {"first_name": "Lan", "phone_number": "0987654321", "line1": "12 Hàng Bạc"}
    refused = client.post(edit, {**typed, "province": "15", "commune": "00070"})
    assert refused.status_code == 200 and "commune" in refused.context["form"].errors
    client.post(edit, {**typed, "province": "01", "commune": "00070"})
    address.refresh_from_db()
    assert not address.place_to_confirm and address.line3 == "Phường Hoàn Kiếm"
    assert "Ghi trước ngày" not in client.get(reverse("customer:address-list")).content.decode()


def test_a_guests_phone_from_the_first_step_is_not_asked_again_and_shows_in_the_preview(client):
    _producer, product = make_seller(name="HTX Mật ong Bắc Hà")
    basket_add(client, product)
    client.post(reverse("checkout:index"), {"username": "0987654321", "options": "anonymous"})
    response = client.get(reverse("checkout:shipping-address"))
    phone = response.context["form"]["phone_number"]
    assert phone.value() and "987654321" in str(phone.value())
    assert "987654321" in str(phone)

    checkout_to_preview(
        client, contact="0987654321", address={**ADDRESS, "phone_number": "0912 000 111"}
    )
    page = client.get(reverse("checkout:preview")).content.decode()
    # The first box beside the order: "Giao tới" (or the contact details for a pick-up).
    address_box = page.split("cp-two-col__side", 1)[1].split("</section>", 1)[0]
    assert "912000111" in address_box
