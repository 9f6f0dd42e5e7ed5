"""Staff moderate producers: each step is allowed only from the right status, and recorded."""

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from wagtail.models import ModelLogEntry

from accounts.models import User
from producers import services
from producers.models import Producer
from tests.factories.producers import make_producer

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator():
    user = User.objects.create_user(email="staff@example.com", password="x", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="change_producer"))
    return User.objects.get(pk=user.pk)  # fresh, so the permission cache is empty


@pytest.fixture
def producer_user():
    return User.objects.create_user(email="pao@example.com", password="x")


@pytest.fixture
def submitted(producer_user):
    producer = make_producer(status=Producer.Status.DRAFT)
    producer.partner.users.add(producer_user)
    return services.producer_submit(producer=producer, by=producer_user)


def test_submitting_a_draft_puts_it_in_the_review_queue(submitted):
    assert submitted.status == Producer.Status.SUBMITTED


def test_approval_is_recorded_with_who_did_it(submitted, moderator):
    services.producer_approve(producer=submitted, by=moderator)
    submitted.refresh_from_db()
    assert submitted.status == Producer.Status.APPROVED
    entry = ModelLogEntry.objects.for_instance(submitted).get(action="producers.approve")
    assert entry.user_id == moderator.pk


def test_requesting_changes_needs_a_reason(submitted, moderator):
    with pytest.raises(ValidationError) as error:
        services.producer_request_changes(producer=submitted, by=moderator, reason="  ")
    assert error.value.code == "reason_required"
    submitted.refresh_from_db()
    assert submitted.status == Producer.Status.SUBMITTED


def test_requested_changes_reach_the_producer_by_email_with_the_reason(
    submitted, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.producer_request_changes(
            producer=submitted, by=moderator, reason="Thêm ảnh nơi sản xuất."
        )
    assert submitted.status == Producer.Status.CHANGES_REQUESTED
    assert submitted.status_reason == "Thêm ảnh nơi sản xuất."
    assert mail.outbox[0].to == ["pao@example.com"]
    assert "Thêm ảnh nơi sản xuất." in mail.outbox[0].body
    assert "Cần sửa" in mail.outbox[0].subject


def test_a_producer_cannot_approve_itself(submitted, producer_user):
    with pytest.raises(PermissionDenied):
        services.producer_approve(producer=submitted, by=producer_user)


def test_a_draft_cannot_be_approved_without_being_submitted(moderator):
    draft = make_producer(status=Producer.Status.DRAFT)
    with pytest.raises(ValidationError) as error:
        services.producer_approve(producer=draft, by=moderator)
    assert error.value.code == "invalid_transition"


def test_suspending_an_approved_producer_hides_its_page(client, moderator):
    producer = make_producer(status=Producer.Status.APPROVED)
    services.producer_suspend(producer=producer, by=moderator, reason="Hàng giả nhãn OCOP.")
    assert client.get(producer.get_absolute_url()).status_code == 404


def test_producer_resubmits_after_fixing_what_staff_asked(client, submitted, moderator):
    services.producer_request_changes(producer=submitted, by=moderator, reason="Thêm ảnh.")
    client.force_login(submitted.partner.users.get())
    assert "Gửi để duyệt" in client.get(reverse("portal:home")).content.decode()
    assert client.post(reverse("portal:submit")).status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Producer.Status.SUBMITTED
