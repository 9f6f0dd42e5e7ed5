"""Sign in, sign up and reset a password with a one-time code sent to the phone (issue 26 item 1).

Codes are 6 digits, valid 5 minutes, used once, kept hashed; asks are limited per number and per
client address; a wrong code counts toward django-axes' lock-out like a wrong password; the
pages say the same whether the number has an account."""

import datetime
import re
from unittest import mock

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.hashers import is_password_usable
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import otp
from accounts.models import PhoneCode, User
from accounts.password_handover import (
    password_set_by_other_hold_until,
    password_set_by_other_record,
)
from tests.support.people import sign_in_with_password
from tests.support.phone_codes import code_sent_to, codes_forget, phones_sent_to

pytestmark = pytest.mark.django_db
PHONE = "+84912345678"
PASSWORD = "mat-ong-bac-ha-2026"
NEW_PASSWORD = "che-shan-tuyet-2027"


@pytest.fixture(autouse=True)
def empty_outbox():
    codes_forget()
    yield
    codes_forget()


@pytest.fixture
def owner():
    return User.objects.create_user(
        email="pao@example.com", phone="0912 345 678", password=PASSWORD, first_name="Páo"
    )


@pytest.fixture
def ask(django_capture_on_commit_callbacks):
    """Ask for a code from `client` (the sending task runs after the commit, as in a request)."""

    def _ask(client, phone, purpose="sign_in", **extra):
        url = reverse(f"accounts_code:{purpose}")
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, {"phone": phone, **extra})

    return _ask


def _sent_code(phone=PHONE) -> str:
    return code_sent_to(phone)


def _type(client, code):
    return client.post(reverse("accounts_code:verify"), {"code": code})


def _signed_in_as(client, user) -> bool:
    return client.session.get("_auth_user_id") == str(user.pk)


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 10**6:06d}"


# --- Signing in ---


def test_a_producer_signs_in_with_the_code_sent_to_their_phone(owner, ask):
    client = Client()
    response = ask(client, "0912 345 678", next="/producer/")
    assert response.status_code == 302
    assert response.url == reverse("accounts_code:verify")
    code = _sent_code()
    assert len(code) == 6 and code.isdigit()

    response = _type(client, code)

    assert response.status_code == 302 and response.url == "/producer/"
    assert _signed_in_as(client, owner)


@pytest.mark.parametrize("typed", ["0912 345 678", "+84912345678", "84-912-345-678"])
def test_every_common_spelling_of_the_number_reaches_the_same_account(owner, ask, typed):
    client = Client()
    ask(client, typed)
    assert PhoneCode.objects.get().phone == PHONE
    _type(client, _sent_code())
    assert _signed_in_as(client, owner)


def test_a_number_that_is_not_one_is_refused_with_a_message_in_vietnamese(ask):
    response = ask(Client(HTTP_ACCEPT_LANGUAGE="vi"), "12345")
    assert response.status_code == 200
    assert "Số điện thoại không hợp lệ" in response.content.decode()
    assert not PhoneCode.objects.exists()


def test_a_number_from_another_country_is_accepted_when_it_parses(ask):
    client = Client()
    response = ask(client, "+33 6 12 34 56 78", purpose="sign_up")
    assert response.status_code == 302
    assert PhoneCode.objects.get().phone == "+33612345678"
    _type(client, _sent_code("+33612345678"))
    assert User.objects.filter(phone="+33612345678").exists()


def test_the_code_is_stored_only_as_a_keyed_hash(owner, ask):
    ask(Client(), PHONE)
    code = _sent_code()
    row = PhoneCode.objects.get()
    assert row.code_hash and code not in row.code_hash
    assert row.code_hash == otp._code_hash(row=row, code=code)


def test_a_code_works_once(owner, ask):
    first = Client()
    ask(first, PHONE)
    code = _sent_code()
    assert _type(first, code).status_code == 302
    # Someone who saw the code over the owner's shoulder, in a second browser.
    second = Client()
    session = second.session
    session["accounts.phone_code"] = {"phone": PHONE, "purpose": "sign_in", "next": ""}
    session.save()
    response = _type(second, code)
    assert response.status_code == 200
    assert not _signed_in_as(second, owner)


def test_a_code_stops_working_after_five_minutes(owner, ask):
    client = Client()
    ask(client, PHONE)
    code = _sent_code()
    later = timezone.now() + datetime.timedelta(minutes=5, seconds=1)
    with mock.patch("accounts.otp.timezone.now", return_value=later):
        response = _type(client, code)
    assert response.status_code == 200
    assert "Mã này không đúng hoặc đã hết hiệu lực" in response.content.decode()
    assert not _signed_in_as(client, owner)


def test_a_code_still_works_just_before_five_minutes(owner, ask):
    client = Client()
    ask(client, PHONE)
    code = _sent_code()
    later = timezone.now() + datetime.timedelta(minutes=4, seconds=50)
    with mock.patch("accounts.otp.timezone.now", return_value=later):
        assert _type(client, code).status_code == 302
    assert _signed_in_as(client, owner)


def test_only_the_latest_code_works(owner, ask):
    client = Client()
    ask(client, PHONE)
    first = _sent_code()
    ask(client, PHONE)
    second = _sent_code()
    if first != second:
        assert _type(client, first).status_code == 200
    assert _type(client, second).status_code == 302


# --- Saying nothing about who has an account ---


def _page(client) -> str:
    """The code page, without what differs on every response (CSRF token, CSP nonce)."""
    page = client.get(reverse("accounts_code:verify")).content.decode()
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "csrf", page)
    return re.sub(r'nonce="[^"]+"', "nonce", page)


def test_an_unknown_number_gets_the_same_answer_and_no_message(owner, ask):
    known, unknown = Client(), Client()
    known_answer = ask(known, PHONE)
    unknown_answer = ask(unknown, "0987 654 321")
    assert (known_answer.status_code, known_answer.url) == (
        unknown_answer.status_code,
        unknown_answer.url,
    )
    page_known = _page(known).replace("+84912345678", "N")
    page_unknown = _page(unknown).replace("+84987654321", "N")
    assert page_known == page_unknown
    assert phones_sent_to() == [PHONE]
    # The ask is counted all the same: limits cannot tell the two apart either.
    assert PhoneCode.objects.filter(phone="+84987654321").count() == 1


def test_a_reset_for_an_unknown_number_sends_nothing(ask):
    response = ask(Client(), "0987 654 321", purpose="reset")
    assert response.status_code == 302
    assert phones_sent_to() == []


def test_a_guess_for_an_unknown_number_is_refused_like_a_wrong_code(ask):
    client = Client()
    ask(client, "0987 654 321")
    response = _type(client, "123456")
    assert response.status_code == 200
    assert not User.objects.filter(phone="+84987654321").exists()


# --- Limits on asking ---


def test_a_number_gets_at_most_three_codes_in_fifteen_minutes(owner, ask):
    client = Client()
    for _ in range(3):
        assert ask(client, PHONE).status_code == 302
    refused = ask(Client(REMOTE_ADDR="198.51.100.2"), PHONE)  # from anywhere
    assert refused.status_code == 200
    assert "Too many codes" in refused.content.decode() or "quá nhiều" in (refused.content.decode())
    assert len(phones_sent_to()) == 3
    later = timezone.now() + datetime.timedelta(minutes=15, seconds=1)
    with mock.patch("accounts.otp.timezone.now", return_value=later):
        assert otp.phone_code_request(phone=PHONE, purpose="sign_in", ip_address=None)


def test_an_address_gets_at_most_ten_codes_an_hour(ask):
    client = Client(REMOTE_ADDR="203.0.113.5")
    for n in range(10):
        assert ask(client, f"0912 000 0{n:02d}", purpose="sign_up").status_code == 302
    refused = ask(client, "0912 000 099", purpose="sign_up")
    assert refused.status_code == 200
    assert "Hãy thử lại sau một giờ" in refused.content.decode()
    assert len(phones_sent_to()) == 10
    # Another address is not concerned.
    assert ask(Client(REMOTE_ADDR="203.0.113.6"), "0912 000 099", purpose="sign_up").url


# --- Wrong codes and the lock-out ---


def test_five_wrong_codes_lock_the_number_out_from_that_address(owner, ask):
    client = Client(REMOTE_ADDR="203.0.113.9")
    ask(client, PHONE)
    code = _sent_code()
    for _ in range(4):
        assert _type(client, _wrong(code)).status_code == 200
    assert _type(client, _wrong(code)).status_code == 429
    # Locked: even the right code waits.
    assert _type(client, code).status_code == 429
    assert not _signed_in_as(client, owner)
    assert AccessAttempt.objects.get().username == f"account:{owner.pk}"


def test_wrong_codes_and_wrong_passwords_share_one_count(owner, ask):
    client = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(3):
        sign_in_with_password(client, "pao@example.com", "no")
    ask(client, PHONE)
    code = _sent_code()
    assert _type(client, _wrong(code)).status_code == 200
    assert _type(client, _wrong(code)).status_code == 429


def test_a_code_dies_after_five_wrong_tries_from_any_addresses(owner, ask):
    ask(Client(), PHONE)
    code = _sent_code()
    for n in range(5):
        guesser = Client(REMOTE_ADDR=f"198.51.100.{n + 10}")
        session = guesser.session
        session["accounts.phone_code"] = {"phone": PHONE, "purpose": "sign_in", "next": ""}
        session.save()
        assert _type(guesser, _wrong(code)).status_code == 200
    lucky = Client(REMOTE_ADDR="198.51.100.99")
    session = lucky.session
    session["accounts.phone_code"] = {"phone": PHONE, "purpose": "sign_in", "next": ""}
    session.save()
    assert _type(lucky, code).status_code == 200
    assert not _signed_in_as(lucky, owner)


def test_a_code_that_is_not_six_digits_is_refused_without_counting(owner, ask):
    client = Client()
    ask(client, PHONE)
    response = _type(client, "12ab")
    assert response.status_code == 200
    assert not AccessAttempt.objects.exists()


def test_a_next_address_on_another_site_is_ignored(owner, ask):
    client = Client()
    ask(client, PHONE, next="https://evil.example/")
    response = _type(client, _sent_code())
    assert response.url == reverse("customer:summary")


# --- Signing up ---


def test_sign_up_by_code_makes_the_account_only_once_the_code_checks(ask):
    client = Client()
    ask(client, "0913 222 333", purpose="sign_up", last_name="Giàng A", first_name="Páo")
    assert not User.objects.filter(phone="+84913222333").exists()
    _type(client, _sent_code("+84913222333"))
    user = User.objects.get(phone="+84913222333")
    assert (user.last_name, user.first_name) == ("Giàng A", "Páo")
    assert not is_password_usable(user.password)  # signs in by code, or sets one later
    assert _signed_in_as(client, user)


def test_sign_up_to_a_number_with_an_account_signs_its_owner_in_to_it(owner, ask):
    client = Client()
    assert ask(client, "0912 345 678", purpose="sign_up").status_code == 302
    _type(client, _sent_code())
    assert User.objects.filter(phone=PHONE).count() == 1
    assert _signed_in_as(client, owner)


def test_a_switched_off_account_is_not_signed_in_nor_made_again(owner, ask):
    owner.is_active = False
    owner.save()
    client = Client()
    ask(client, PHONE, purpose="sign_up")
    response = _type(client, _sent_code())
    assert response.status_code == 200
    assert User.objects.filter(phone=PHONE).count() == 1
    assert not _signed_in_as(client, owner)


def test_existing_accounts_still_sign_in_with_their_password(owner):
    client = Client()
    response = sign_in_with_password(client, "0912 345 678", PASSWORD)
    assert response.status_code == 302 and _signed_in_as(client, owner)


def test_the_sign_in_page_offers_a_code(owner):
    page = Client().get(reverse("customer:login") + "?next=/producer/").content.decode()
    assert reverse("accounts_code:sign_in") + "?next=/producer/" in page
    assert reverse("accounts_code:sign_up") in page
    assert reverse("accounts_code:reset") in page


# --- Resetting the password, and taking back an account a mentor set a password for ---


def test_a_reset_by_code_sets_a_new_password_and_ends_a_lockout(owner, ask):
    client = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(5):
        sign_in_with_password(client, PHONE, "no")
    assert AccessAttempt.objects.exists()
    other = Client(REMOTE_ADDR="203.0.113.10")  # the owner's phone on another network
    ask(other, PHONE, purpose="reset")
    response = _type(other, _sent_code())
    assert response.url == reverse("accounts_code:password")
    response = other.post(
        response.url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.check_password(NEW_PASSWORD)
    assert not AccessAttempt.objects.exists()
    assert _signed_in_as(other, owner)


def test_the_new_password_page_needs_a_checked_code(owner):
    client = Client()
    response = client.get(reverse("accounts_code:password"))
    assert response.url == reverse("accounts_code:reset")


def test_a_member_takes_back_an_account_whose_password_a_mentor_set(owner, ask):
    mentor = User.objects.create_user(email="mentor@example.com", password="x-y-z-1-2-3")
    owner.set_password("mentor-knows-this")
    owner.save()
    password_set_by_other_record(account=owner, by=mentor)
    assert password_set_by_other_hold_until(account=owner) is not None

    client = Client()
    ask(client, "0912 345 678", purpose="reset")
    response = _type(client, _sent_code())
    client.post(response.url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    owner.refresh_from_db()
    assert not owner.check_password("mentor-knows-this")
    assert password_set_by_other_hold_until(account=owner) is None
    # A later password set by a helper holds again.
    password_set_by_other_record(account=owner, by=mentor)
    assert password_set_by_other_hold_until(account=owner) is not None


def test_the_code_pages_speak_vietnamese(owner, ask):
    client = Client()
    page = client.get(reverse("accounts_code:sign_in")).content.decode()
    assert "Đăng nhập bằng mã" in page and "Gửi mã cho tôi" in page
    ask(client, PHONE)
    page = client.get(reverse("accounts_code:verify")).content.decode()
    assert "Nhập mã" in page and "Mã dùng được một lần, trong 5 phút" in page
    wrong = _type(client, _wrong(_sent_code())).content.decode()
    assert "Mã này không đúng hoặc đã hết hiệu lực" in wrong


def test_the_record_of_a_code_keeps_no_code_and_is_not_retried(owner, ask):
    """Staff read the messages list: a code in it would sign them in as the owner."""
    from notifications.models import Message, MessageStatus

    ask(Client(), PHONE)
    code = _sent_code()
    record = Message.objects.get(template="sign_in_code")
    assert code not in record.body and code not in str(record.params)
    assert record.params["code"] == "••••••" and record.status == MessageStatus.SENT
    assert "••••••" in record.body


def test_a_new_producer_signs_up_by_code_from_the_portal_and_goes_on_to_their_profile(ask):
    client = Client()
    wizard = client.get("/producer/", follow=True).content.decode()
    assert reverse("accounts_code:sign_up") + "?next=/producer/" in wizard
    ask(client, "0913 444 555", purpose="sign_up", next="/producer/")
    response = _type(client, _sent_code("+84913444555"))
    assert response.url == "/producer/"
    assert client.get("/producer/").url == reverse("portal:profile")


def test_old_asks_are_deleted_once_no_limit_counts_them(owner, ask):
    from django.core.management import call_command

    from accounts.models import PhoneCodeThrottle

    ask(Client(REMOTE_ADDR="203.0.113.30"), PHONE)
    old = PhoneCode.objects.get()
    PhoneCode.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=25)
    )
    ask(Client(REMOTE_ADDR="203.0.113.31"), "0987 654 321")
    call_command("delete_old_phone_codes", "--hours", "24")
    assert list(PhoneCode.objects.values_list("phone", flat=True)) == ["+84987654321"]
    assert set(PhoneCodeThrottle.objects.values_list("key", flat=True)) == {
        "phone:+84987654321",
        "ip:203.0.113.31",
    }
    with pytest.raises(ValueError):
        otp.phone_codes_forget(older_than=datetime.timedelta(minutes=30))
