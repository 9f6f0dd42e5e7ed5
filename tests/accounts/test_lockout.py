"""Nobody can keep somebody else's account locked out (issue 21 item 5).

django-axes counts wrong passwords per (account, client address): a refused try during the wait
does not restart it; behind the proxy each client has its own address, read from the header
only the proxy writes; the e-mail and the phone of one account are one count; an address that
fails on many accounts waits too; and the owner gets in by a reset link while a lock-out holds,
which also clears it."""

import datetime
import os
import re
import subprocess
import sys

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.support.people import sign_in_with_password
from tests.test_deploy import BASE_DIR, _example_environment

pytestmark = pytest.mark.django_db
PASSWORD = "mat-ong-bac-ha-2026"
NEW_PASSWORD = "che-shan-tuyet-2027"


@pytest.fixture
def owner():
    return User.objects.create_user(
        email="pao@example.com", phone="0912 345 678", password=PASSWORD
    )


def _signed_in(client, user) -> bool:
    return client.session.get("_auth_user_id") == str(user.pk)


def _lock(client, identifier="0912345678"):
    for _ in range(4):
        assert sign_in_with_password(client, identifier, "not-the-password").status_code == 200
    assert sign_in_with_password(client, identifier, "not-the-password").status_code == 429


def _wait(minutes):
    """Move every failure `minutes` into the past, as if the clock had run."""
    for attempt in AccessAttempt.objects.all():
        attempt.attempt_time -= datetime.timedelta(minutes=minutes)
        attempt.save(update_fields=["attempt_time"])


def test_a_try_during_the_wait_does_not_restart_it(owner):
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    _lock(attacker)
    _wait(10)
    # The right password (or a wrong one) ten minutes in: still refused, and not counted.
    assert sign_in_with_password(attacker, "0912345678", PASSWORD).status_code == 429
    assert sign_in_with_password(attacker, "0912345678", "not-the-password").status_code == 429
    _wait(6)  # sixteen minutes after the fifth failure: the wait is over
    assert sign_in_with_password(attacker, "0912345678", PASSWORD).status_code == 302
    assert _signed_in(attacker, owner)


def test_the_email_and_the_phone_of_an_account_are_one_count(owner):
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    for identifier in ["pao@example.com", "0912345678", "PAO@example.com", "+84912345678"]:
        assert sign_in_with_password(attacker, identifier, "not-the-password").status_code == 200
    assert sign_in_with_password(attacker, "pao@example.com", "not-the-password").status_code == 429
    assert sign_in_with_password(attacker, "0912 345 678", PASSWORD).status_code == 429
    assert set(AccessAttempt.objects.values_list("username", flat=True)) == {f"account:{owner.pk}"}


def _through_proxy(client_address):
    """A browser at `client_address` reaching the app through nginx at 10.0.0.2, which appends
    the address it saw to whatever X-Forwarded-For the browser sent."""
    return lambda sent="": Client(
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR=f"{sent}, {client_address}" if sent else client_address,
    )


def test_behind_the_proxy_each_client_is_counted_at_its_own_address(owner, settings):
    settings.CHOPHIEN_TRUSTED_PROXY_COUNT = 1
    attacker = _through_proxy("203.0.113.9")
    # Forging the header changes nothing: the proxy's own entry is the one read.
    for forged in ["1.1.1.1", "198.51.100.7", "8.8.8.8", "", "not-an-address"]:
        sign_in_with_password(attacker(forged), "0912345678", "not-the-password")
    assert sign_in_with_password(attacker("9.9.9.9"), "0912345678", PASSWORD).status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.9"}
    # The owner, through the same proxy from home, signs in.
    home = _through_proxy("198.51.100.7")()
    assert sign_in_with_password(home, "0912 345 678", PASSWORD).status_code == 302
    assert _signed_in(home, owner)


def test_without_a_trusted_proxy_the_header_is_ignored(owner, settings):
    settings.CHOPHIEN_TRUSTED_PROXY_COUNT = 0  # `make run`: nobody in front
    for forged in ["1.1.1.1", "2.2.2.2", "3.3.3.3", "4.4.4.4", "5.5.5.5"]:
        attacker = Client(REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR=forged)
        sign_in_with_password(attacker, "0912345678", "not-the-password")
    attacker = Client(REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="6.6.6.6")
    assert sign_in_with_password(attacker, "0912345678", PASSWORD).status_code == 429


def test_an_address_failing_on_many_accounts_waits_too(owner, settings):
    settings.CHOPHIEN_SIGN_IN_FAILURES_PER_ADDRESS = 12
    sprayer = Client(REMOTE_ADDR="203.0.113.9")
    for number in range(12):  # a few guesses at each of many accounts, under the account limit
        response = sign_in_with_password(sprayer, f"09120000{number:02d}", "123456789012")
        assert response.status_code in (200, 429)
    assert sign_in_with_password(sprayer, "0912 345 678", PASSWORD).status_code == 429
    assert not _signed_in(sprayer, owner)
    # Another address is not concerned.
    elsewhere = Client(REMOTE_ADDR="198.51.100.7")
    assert sign_in_with_password(elsewhere, "0912 345 678", PASSWORD).status_code == 302


def _reset_link(body: str) -> str:
    return re.search(r"https?://[^/\s]+(/\S+/)", body).group(1)


def test_the_owner_resets_the_password_during_a_lockout_and_the_lockout_ends(
    owner, django_capture_on_commit_callbacks
):
    home = Client(REMOTE_ADDR="203.0.113.9")  # the attacker's address is also the owner's
    _lock(home)
    with django_capture_on_commit_callbacks(execute=True):
        response = home.post(reverse("password-reset"), {"email": "pao@example.com"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["pao@example.com"]
    link = home.get(_reset_link(mail.outbox[0].body), follow=True)
    response = home.post(
        link.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    assert sign_in_with_password(home, "0912345678", NEW_PASSWORD).status_code == 302
    assert _signed_in(home, owner)


def test_the_cms_reset_also_ends_the_lockout(owner, django_capture_on_commit_callbacks):
    owner.is_staff = True
    owner.save()
    home = Client(REMOTE_ADDR="203.0.113.9")
    _lock(home)
    with django_capture_on_commit_callbacks(execute=True):
        response = home.post(reverse("wagtailadmin_password_reset"), {"email": "pao@example.com"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = home.get(_reset_link(mail.outbox[0].body), follow=True)
    response = home.post(
        link.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()


@pytest.mark.parametrize("module", ["config.settings.production", "config.settings.topology"])
def test_production_and_the_topology_read_the_client_from_their_one_proxy(module, tmp_path):
    """Both run behind one nginx that appends the client's address (docs/deploy.md,
    scripts/topology.sh): the settings trust exactly that one proxy."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CHOPHIEN_"))}
    env.update(_example_environment())
    env.pop("CHOPHIEN_TRUSTED_PROXY_COUNT", None)  # the settings' own default
    env.update(
        DJANGO_SETTINGS_MODULE=module,
        DJANGO_SECRET_KEY="a-long-random-production-secret-" + "x7Qp2Lm9" * 6,
        DATABASE_URL=f"sqlite:///{tmp_path / 'prod.sqlite3'}",
    )
    code = (
        "from django.conf import settings as s; "
        "print(s.CHOPHIEN_TRUSTED_PROXY_COUNT, s.AXES_CLIENT_IP_CALLABLE)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=BASE_DIR, env=env, capture_output=True, text=True
    )
    assert result.stdout.split() == ["1", "accounts.throttling.client_ip"], result.stderr
    topology = (BASE_DIR / "scripts" / "topology.sh").read_text()
    assert "export CHOPHIEN_TRUSTED_PROXY_COUNT=1" in topology
    assert r"proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;" in topology
    assert (
        "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;"
        in (BASE_DIR / "docs" / "deploy.md").read_text()
    )
