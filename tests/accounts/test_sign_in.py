"""People sign in with an email or a phone number; at least one of them is required."""

import pytest
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import User
from tests.support.people import sign_in_with_password

pytestmark = pytest.mark.django_db
PASSWORD = "mat-ong-bac-ha-2026"


@pytest.fixture
def producer():
    return User.objects.create_user(phone="0912 345 678", password=PASSWORD, first_name="Páo")


def test_phone_is_stored_in_international_form(producer):
    assert producer.phone == "+84912345678"
    assert producer.email is None


@pytest.mark.parametrize("typed", ["0912345678", "0912 345 678", "+84 912 345 678", "0912.345.678"])
def test_sign_in_with_the_phone_number_however_it_is_typed(producer, typed):
    assert authenticate(username=typed, password=PASSWORD) == producer


def test_sign_in_with_email_ignores_case():
    user = User.objects.create_user(email="lan@example.com", password=PASSWORD)
    assert authenticate(username="LAN@example.com", password=PASSWORD) == user


def test_wrong_password_or_unknown_number_does_not_sign_in(producer):
    assert authenticate(username="0912345678", password="wrong-password") is None
    assert authenticate(username="0987654321", password=PASSWORD) is None
    assert authenticate(username="not a number", password=PASSWORD) is None


def test_user_needs_an_email_or_a_phone():
    with pytest.raises(ValidationError):
        User.objects.create_user(password=PASSWORD)


def test_two_users_without_email_do_not_collide():
    User.objects.create_user(phone="0912000001", password=PASSWORD)
    User.objects.create_user(phone="0912000002", password=PASSWORD)
    assert User.objects.filter(email__isnull=True).count() == 2


def test_the_same_phone_cannot_be_used_twice(producer):
    with pytest.raises(ValidationError):
        User.objects.create_user(phone="+84912345678", password=PASSWORD)


def test_shop_login_form_accepts_a_phone_number(client, producer):
    response = sign_in_with_password(client, "0912 345 678", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(producer.pk)


def test_wagtail_admin_login_accepts_a_phone_number(client):
    staff = User.objects.create_superuser(phone="0988111222", password=PASSWORD)
    response = client.post(
        reverse("wagtailadmin_login"), {"username": "0988 111 222", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(staff.pk)


def test_dashboard_login_accepts_an_email(client):
    staff = User.objects.create_user(email="staff@example.com", password=PASSWORD, is_staff=True)
    response = client.post(
        reverse("dashboard:login"), {"username": "staff@example.com", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(staff.pk)
