"""Forms that send mail or store what anonymous visitors type are throttled per client address
and per target, in the cache every app process shares; a password reset answers the same way,
in the same time, whether the address has an account (issue 21 item 11)."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from tests.factories.cms import make_site_pages
from tests.factories.marketplace import make_product

pytestmark = pytest.mark.django_db
RESETS = [("password-reset", "shop"), ("wagtailadmin_password_reset", "cms")]


@pytest.fixture
def lan():
    return User.objects.create_user(email="lan@example.com", password="x" * 12, is_staff=True)


@pytest.mark.parametrize(("url_name", "_admin"), RESETS)
def test_a_reset_request_looks_no_account_up_and_answers_the_same(
    lan, url_name, _admin, django_capture_on_commit_callbacks
):
    """The request only counts and enqueues; the lookup and the mail happen in the task, so a
    known and an unknown address take the same path (and time)."""
    answers = []
    Client().post(reverse(url_name), {"email": "warm-up@example.com"})  # the Site, cached
    for email in ["lan@example.com", "ai@example.com"]:
        sent = len(mail.outbox)
        with django_capture_on_commit_callbacks() as callbacks:
            with CaptureQueriesContext(connection) as queries:
                response = Client(REMOTE_ADDR="198.51.100.7").post(
                    reverse(url_name), {"email": email}
                )
        assert not [q for q in queries if '"accounts_user"' in q["sql"]]
        assert len(callbacks) == 1 and len(mail.outbox) == sent
        answers.append((response.status_code, response["Location"], len(queries)))
        for callback in callbacks:  # the task: mails the account, if there is one
            callback()
    assert answers[0] == answers[1]
    assert [message.to for message in mail.outbox] == [["lan@example.com"]]


@pytest.mark.parametrize(("url_name", "_admin"), RESETS)
def test_one_address_gets_three_reset_mails_an_hour(
    lan, url_name, _admin, django_capture_on_commit_callbacks
):
    for number in range(5):  # from five different clients
        client = Client(REMOTE_ADDR=f"198.51.100.{number + 1}")
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse(url_name), {"email": "LAN@example.com"})
        assert response.status_code == 302  # the same answer, throttled or not
    assert len(mail.outbox) == 3


def test_one_client_asks_twenty_resets_an_hour(django_capture_on_commit_callbacks):
    client = Client(REMOTE_ADDR="203.0.113.9")
    enqueued = 0
    for number in range(25):
        with django_capture_on_commit_callbacks() as callbacks:
            response = client.post(reverse("password-reset"), {"email": f"u{number}@example.com"})
        assert response.status_code == 302
        enqueued += len(callbacks)
    assert enqueued == 20
    # Counted in the shared cache (Redis in production), not in one process's memory.
    assert cache.get("throttle:password-reset:ip:203.0.113.9") == 25


def test_anonymous_stock_alerts_from_one_client_are_limited():
    product = make_product(num_in_stock=0)
    url = reverse("customer:alert-create", kwargs={"pk": product.pk})
    client = Client(REMOTE_ADDR="203.0.113.9")
    for number in range(5):
        response = client.post(url, {"email": f"victim{number}@example.com"})
        assert response.status_code == 302
    assert len(mail.outbox) == 5
    response = client.post(url, {"email": "victim9@example.com"})
    assert response.status_code == 200
    assert "Quá nhiều yêu cầu" in response.content.decode()
    assert len(mail.outbox) == 5
    # Another client is not concerned.
    response = Client(REMOTE_ADDR="198.51.100.7").post(url, {"email": "lan@example.com"})
    assert response.status_code == 302 and len(mail.outbox) == 6


def test_the_sell_form_takes_five_posts_an_hour_from_one_client():
    form = make_site_pages()["form"]
    submissions = form.get_submission_class().objects.filter(page=form)
    client = Client(REMOTE_ADDR="203.0.113.9")
    for number in range(5):
        response = client.post(
            form.url, {"ho_va_ten": "Dính", "so_dien_thoai": f"09000001{number}"}
        )
        assert "cms-thanks" in response.content.decode()
    response = client.post(form.url, {"ho_va_ten": "Dính", "so_dien_thoai": "0900000999"})
    page = response.content.decode()
    assert "Quá nhiều yêu cầu" in page and "0900000999" in page  # nothing typed is lost
    assert submissions.count() == 5 and len(mail.outbox) == 5
    other = Client(REMOTE_ADDR="198.51.100.7")
    response = other.post(form.url, {"ho_va_ten": "Mai", "so_dien_thoai": "0900000222"})
    assert "cms-thanks" in response.content.decode()


def test_the_onboarding_team_gets_sixty_mails_an_hour_and_every_submission_is_kept():
    form = make_site_pages()["form"]
    for number in range(62):
        client = Client(REMOTE_ADDR=f"10.1.{number // 200}.{number % 200 + 1}")
        client.post(form.url, {"ho_va_ten": "Dính", "so_dien_thoai": f"0900{number:06d}"})
    assert form.get_submission_class().objects.filter(page=form).count() == 62
    assert len(mail.outbox) == 60
