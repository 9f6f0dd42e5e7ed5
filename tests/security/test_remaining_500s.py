"""Requests that used to answer 500 (issue 21, item 15): each now gets a page or a redirect
that says what happened. (The signed but malformed webhook and the 3-D Secure page of a
cancelled order: tests/checkout/test_card_payments.py.)"""

import pytest
from django.urls import reverse

from accounts.models import User
from mentoring.models import Member
from tests.mentoring.test_admin_scope import World, _member_form
from tests.mentoring.test_admin_scope import as_mentor as as_mentor  # noqa: F401  (fixture)

SAVED_LINES = {
    "saved-TOTAL_FORMS": "1",
    "saved-INITIAL_FORMS": "1",
    "saved-MIN_NUM_FORMS": "0",
    "saved-MAX_NUM_FORMS": "1000",
    "saved-0-id": "1",
    "saved-0-move_to_basket": "on",
}


@pytest.mark.django_db
def test_posting_saved_lines_without_a_saved_basket_finds_nothing_to_move(client):
    client.force_login(User.objects.create_user(email="mua@example.com", password="x" * 12))
    for data in ({}, SAVED_LINES):
        response = client.post(reverse("basket:saved"), data)
        assert response.status_code in (200, 302), data
    assert not client.get(reverse("basket:summary")).context["basket"].num_lines


@pytest.fixture
def world(db):
    return World()


@pytest.mark.django_db
@pytest.mark.parametrize("tampered", ["on", "1 OR 1=1", "[]", "-1"])
def test_a_tampered_producer_on_the_member_form_is_a_form_error(as_mentor, world, tampered):  # noqa: F811
    url = reverse("mentoring_members:edit", args=[world.mai.pk])
    data = _member_form(
        world,
        world.tree["y_ty"],
        member_number=world.mai.member_number,
        full_name="Đã sửa",
        producer=tampered,
    )
    response = as_mentor.post(url, data)
    assert response.status_code == 200
    assert "producer" in response.context["form"].errors
    world.mai.refresh_from_db()
    assert world.mai.full_name != "Đã sửa" and world.mai.producer_id is None
    assert Member.objects.count() == 2
