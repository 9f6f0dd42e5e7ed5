"""core.audit: the audit entry Wagtail's log() writes, in one query instead of two."""

import pytest
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry, Page, PageLogEntry

from core.audit import log_without_revalidation

pytestmark = pytest.mark.django_db

FIELDS = (
    "content_type_id",
    "label",
    "action",
    "data",
    "user_id",
    "object_id",
    "uuid",
    "revision_id",
    "content_changed",
    "deleted",
)


def test_the_entry_is_the_one_wagtails_log_writes_in_one_query(
    django_user_model, django_assert_num_queries
):
    member = django_user_model.objects.create_user(email="hoa@example.com", password="x")
    staff = django_user_model.objects.create_user(email="staff@example.com", password="x")
    wagtails = log(instance=member, action="wagtail.edit", user=staff, data={"field": "phone"})
    with django_assert_num_queries(1):  # the INSERT; Wagtail's also reads the content type back
        ours = log_without_revalidation(member, "wagtail.edit", user=staff, data={"field": "phone"})
    assert isinstance(ours, ModelLogEntry)
    assert {f: getattr(ours, f) for f in FIELDS} == {f: getattr(wagtails, f) for f in FIELDS}
    stored = ModelLogEntry.objects.get(pk=ours.pk)
    assert {f: getattr(stored, f) for f in FIELDS} == {f: getattr(wagtails, f) for f in FIELDS}


def test_an_action_nobody_registered_is_refused_and_nothing_is_written(django_user_model):
    member = django_user_model.objects.create_user(email="hoa@example.com", password="x")
    before = ModelLogEntry.objects.count()
    with pytest.raises(ValueError, match="payment.typo"):
        log_without_revalidation(member, "payment.typo")
    assert ModelLogEntry.objects.count() == before


def test_a_page_is_logged_where_wagtail_logs_pages():
    root = Page.objects.get(depth=1)
    entry = log_without_revalidation(root, "wagtail.edit")
    assert isinstance(entry, PageLogEntry)
    assert entry.page_id == root.pk
