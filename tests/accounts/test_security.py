"""Passwords, sign-in throttling and security headers (issue 11)."""

import re

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from accounts.models import User
from producers.forms import AccountForm
from tests.factories.marketplace import make_product
from tests.support.people import sign_in_with_password

pytestmark = pytest.mark.django_db
PASSWORD = "mat-ong-bac-ha-2026"


def _account(password: str, phone="0912 345 678") -> AccountForm:
    return AccountForm(
        data={
            "phone": phone,
            "last_name": "Giàng A",
            "first_name": "Páo",
            "email": "",
            "password": password,
        }
    )


def test_a_password_needs_twelve_characters_and_may_be_long():
    short = _account("ongmat-2026")  # 11 characters
    assert not short.is_valid()
    assert "12" in " ".join(short.errors["password"])
    assert _account("mật ong rừng bắc hà " * 4).is_valid()  # 80 characters


def test_a_common_password_is_refused():
    form = _account("password1234")
    assert not form.is_valid()
    assert "password" in form.errors


def test_wrong_passwords_pause_that_address_for_that_account_only():
    user = User.objects.create_user(phone="0912 345 678", password=PASSWORD)
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    spellings = ["0912345678", "0912 345 678", "+84912345678", "0912.345.678"]
    for typed in spellings:  # however the number is typed, it is one account
        response = sign_in_with_password(attacker, typed, "not-the-password")
        assert response.status_code == 200  # the form again, with its error
    fifth = sign_in_with_password(attacker, "0912345678", "not-the-password")
    assert fifth.status_code == 429
    # The next try is refused even with the right password, in Vietnamese.
    response = sign_in_with_password(attacker, "0912345678", PASSWORD)
    assert response.status_code == 429
    assert "Nhập sai mật khẩu quá nhiều lần" in response.content.decode()
    assert "_auth_user_id" not in attacker.session
    # The counter is in the database, so every app process sees it.
    assert AccessAttempt.objects.filter(username=f"account:{user.pk}").exists()

    # The producer, from their own phone's address, signs in as usual.
    owner = Client(REMOTE_ADDR="198.51.100.7")
    response = sign_in_with_password(owner, "0912 345 678", PASSWORD)
    assert response.status_code == 302
    assert int(owner.session["_auth_user_id"]) == user.pk
    # And the attacker's address may still try other accounts (a shared carrier address).
    other = User.objects.create_user(email="lan@example.com", password=PASSWORD)
    assert sign_in_with_password(attacker, "LAN@example.com", PASSWORD).status_code == 302
    assert int(attacker.session["_auth_user_id"]) == other.pk


def test_password_reset_says_the_same_for_known_and_unknown_emails(client):
    User.objects.create_user(email="lan@example.com", password=PASSWORD)
    known = client.post(reverse("password-reset"), {"email": "lan@example.com"}, follow=True)
    unknown = client.post(reverse("password-reset"), {"email": "ai@example.com"}, follow=True)
    assert known.redirect_chain == unknown.redirect_chain
    # What differs per response anyway: the CSRF token and the CSP nonce.
    strip = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"|nonce="[^"]+"')
    assert strip.sub("", known.content.decode()) == strip.sub("", unknown.content.decode())


def _policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part for part in (p.strip() for p in header.split(";")) if part}


@pytest.mark.parametrize("url", ["/", "/shop/", "/shop/catalogue/", "/producer/join/account/"])
def test_public_pages_allow_only_their_own_scripts(client, url):
    make_product()
    response = client.get(url, follow=True)
    policy = _policy(response)
    assert policy["script-src"] == "script-src 'self'"
    assert policy["frame-ancestors"] == "frame-ancestors 'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    # No inline script that the policy would block (JSON data blocks are not run).
    html = response.content.decode()
    inline = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")", html)
    assert inline == []
