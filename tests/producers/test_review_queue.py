"""Staff review producers in the Wagtail admin; nobody else can."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.models import User
from producers.models import Producer
from tests.factories.producers import make_producer

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator_client(client):
    user = User.objects.create_user(email="staff@example.com", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name="Producer moderators"))
    client.force_login(user)
    return client


@pytest.fixture
def submitted():
    return make_producer(status=Producer.Status.SUBMITTED)


def test_review_queue_lists_submitted_producers(moderator_client, submitted):
    make_producer(name="Hộ đã duyệt", status=Producer.Status.APPROVED)
    response = moderator_client.get(reverse("producers_admin:index"), {"status": "submitted"})
    assert response.status_code == 200
    html = response.content.decode()
    assert submitted.name in html
    assert "Hộ đã duyệt" not in html


def test_moderator_approves_from_the_review_form(moderator_client, submitted):
    url = reverse("producers_admin:review", kwargs={"pk": submitted.pk})
    assert moderator_client.get(url).status_code == 200
    response = moderator_client.post(url, {"decision": "approve"})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Producer.Status.APPROVED


def test_requesting_changes_without_a_reason_is_refused_in_vietnamese(moderator_client, submitted):
    url = reverse("producers_admin:review", kwargs={"pk": submitted.pk})
    response = moderator_client.post(url, {"decision": "request_changes", "reason": ""})
    assert response.status_code == 200
    assert "Hãy ghi lý do" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == Producer.Status.SUBMITTED


@pytest.mark.parametrize("url_name", ["producers_admin:index", "producers_admin:review"])
def test_a_producer_cannot_open_the_review_pages(client, submitted, url_name):
    user = User.objects.create_user(email="pao@example.com", password="x")
    submitted.partner.users.add(user)
    client.force_login(user)
    kwargs = {"pk": submitted.pk} if url_name.endswith("review") else {}
    response = client.get(reverse(url_name, kwargs=kwargs))
    assert response.status_code in (302, 403)
    assert client.post(
        reverse("producers_admin:review", kwargs={"pk": submitted.pk}), {"decision": "approve"}
    ).status_code in (302, 403)
    submitted.refresh_from_db()
    assert submitted.status == Producer.Status.SUBMITTED
