"""A buyer registers with a phone number alone (the email is optional), checks out and comes
back to the order from their account."""

import pytest
from django.contrib.auth import get_user
from django.core import mail
from django.urls import reverse

from accounts.models import User
from marketplace.order.models import Order
from tests.checkout.helpers import ADDRESS, basket_add, make_seller, place_order
from tests.support.people import sign_in_with_password

pytestmark = pytest.mark.django_db
PASSWORD = "mat-ong-bac-ha-2026"


def _register(client, **data):
    return client.post(
        reverse("customer:register"), {"password1": PASSWORD, "password2": PASSWORD, **data}
    )


@pytest.mark.parametrize("typed", ["0912 345 678", "+84912345678", "0912.345.678"])
def test_a_phone_number_alone_is_enough_to_register(client, typed):
    response = _register(client, phone=typed)
    assert response.status_code == 302, response.content.decode()[:3000]
    user = User.objects.get()
    assert user.phone == "+84912345678"
    assert user.email is None
    assert get_user(client) == user  # signed in at once
    assert mail.outbox == []  # no welcome email to send anywhere


def test_the_combined_sign_in_page_registers_by_phone_too(client):
    page = client.get(reverse("customer:login")).content.decode()
    assert 'name="registration-phone"' in page
    response = client.post(
        reverse("customer:login"),
        {
            "registration-phone": "0912 345 678",
            "registration-password1": PASSWORD,
            "registration-password2": PASSWORD,
            "registration_submit": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert User.objects.get().phone == "+84912345678"


def test_an_email_still_works_and_gets_the_welcome_email(client):
    response = _register(client, email="lan@example.com")
    assert response.status_code == 302
    assert User.objects.get().email == "lan@example.com"
    assert [message.to for message in mail.outbox] == [["lan@example.com"]]


def test_a_phone_already_used_is_refused_in_vietnamese(client):
    User.objects.create_user(phone="0912345678", password=PASSWORD)
    response = _register(client, phone="+84 912 345 678")
    assert response.status_code == 200
    assert "Đã có tài khoản với số điện thoại này" in response.content.decode()
    assert User.objects.count() == 1


def test_a_wrong_number_and_no_contact_at_all_are_refused_in_vietnamese(client):
    page = _register(client, phone="12345").content.decode()
    assert "Số điện thoại không hợp lệ. Hãy nhập như 0912 345 678." in page
    page = _register(client).content.decode()
    assert "Hãy nhập số điện thoại hoặc email" in page
    assert User.objects.count() == 0


def test_a_phone_only_buyer_checks_out_and_finds_the_order_in_their_account(client):
    producer, product = make_seller(name="HTX Mật ong Bắc Hà")
    _register(client, phone="0912 345 678")
    basket_add(client, product, 1)
    response = client.get(reverse("checkout:index"))
    assert response.status_code == 302  # signed in: straight to the address
    assert client.post(reverse("checkout:shipping-address"), ADDRESS).status_code == 302
    client.post(reverse("checkout:shipping-method"), {f"group_{producer.partner_id}": "pickup"})
    client.post(reverse("checkout:payment-method"), {"method": "cod"})
    assert place_order(client).status_code == 302
    order = Order.objects.get()
    assert order.user.phone == "+84912345678"
    client.logout()

    sign_in_with_password(client, "0912345678", PASSWORD)
    history = client.get(reverse("customer:order-list")).content.decode()
    assert order.number in history
    detail = client.get(reverse("customer:order", kwargs={"order_number": order.number}))
    assert detail.status_code == 200


def test_a_phone_only_account_saves_its_name_without_an_email(client):
    _register(client, phone="0912 345 678")
    response = client.post(
        reverse("customer:profile-update"), {"first_name": "Lan", "last_name": "Nguyễn Thị"}
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    user = User.objects.get()
    assert (user.first_name, user.email) == ("Lan", None)
