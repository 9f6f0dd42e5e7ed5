"""The shop's profile page for an account made by a phone code (no e-mail, no password):
no "None" for the e-mail, the labels capitalised, and no "change password" it cannot use."""

import pytest
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db


def test_a_phone_account_sees_no_none_and_is_offered_to_set_a_password(client):
    user = User.objects.create_user(phone="0987654321")
    assert not user.has_usable_password()
    client.force_login(user)
    page = client.get(reverse("customer:profile-view")).content.decode()
    assert "None" not in page
    assert "Chưa có" in page
    assert "<th>Số điện thoại</th>" in page
    assert reverse("customer:change-password") not in page
    assert reverse("accounts_code:reset") in page and "Đặt mật khẩu" in page


def test_an_account_with_a_password_can_still_change_it(client):
    user = User.objects.create_user(email="lan@example.com", password="x" * 12)
    client.force_login(user)
    page = client.get(reverse("customer:profile-view")).content.decode()
    assert "lan@example.com" in page
    assert reverse("customer:change-password") in page
    assert reverse("accounts_code:reset") not in page
