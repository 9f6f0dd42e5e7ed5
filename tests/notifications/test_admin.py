"""Staff see every message sent (to, channel, template, status, error) in the Wagtail admin;
the numbers and texts are personal: nobody else sees them, and nobody edits the record."""

import pytest
from django.contrib.auth.models import Group, Permission

from accounts.models import User
from notifications.models import Message, MessageStatus

pytestmark = pytest.mark.django_db

LIST = "/cms-admin/messages/"


@pytest.fixture
def failed_message():
    return Message.objects.create(
        to="+84912345678",
        channel="sms",
        template="order_placed",
        params={"number": "100001"},
        body="Cho Phien: da nhan don 100001",
        status=MessageStatus.FAILED,
        attempts=5,
        error="HTTP 503",
    )


def _editor(*, can_view_messages: bool) -> User:
    """A Wagtail admin user (an editor), with or without the messages' view permission."""
    user = User.objects.create_user(email="editor@example.com", password="a-long-password-1")
    group = Group.objects.create(name="Editors of this test")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    if can_view_messages:
        group.permissions.add(Permission.objects.get(codename="view_message"))
    user.groups.add(group)
    return user


def test_staff_see_a_failed_message_with_its_error(client, failed_message):
    client.force_login(_editor(can_view_messages=True))

    page = client.get(LIST)

    assert page.status_code == 200
    text = page.content.decode()
    assert "+84912345678" in text and "HTTP 503" in text and "Không gửi được" in text
    detail = client.get(f"{LIST}inspect/{failed_message.pk}/")
    assert detail.status_code == 200
    assert "Cho Phien: da nhan don 100001" in detail.content.decode()


def test_an_editor_without_the_permission_sees_no_message(client, failed_message):
    client.force_login(_editor(can_view_messages=False))

    for url in (LIST, f"{LIST}inspect/{failed_message.pk}/"):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert "+84912345678" not in response.content.decode()


def test_a_buyer_cannot_reach_the_list(client, failed_message):
    client.force_login(User.objects.create_user(phone="0987654321", password="x" * 12))

    response = client.get(LIST)

    assert response.status_code == 302
    assert "/login/" in response.url


def test_nobody_edits_or_deletes_the_record(client, failed_message):
    admin = User.objects.create_superuser(email="admin@example.com", password="x" * 12)
    client.force_login(admin)

    for url in (
        f"{LIST}new/",
        f"{LIST}edit/{failed_message.pk}/",
        f"{LIST}delete/{failed_message.pk}/",
    ):
        assert client.get(url).status_code in (302, 403, 404), url
    assert client.post(f"{LIST}delete/{failed_message.pk}/").status_code in (302, 403, 404)
    assert Message.objects.filter(pk=failed_message.pk).exists()


def test_the_list_names_each_template_in_vietnamese(client, failed_message):
    client.force_login(_editor(can_view_messages=True))
    cells = client.get(LIST).content.decode().split("<tbody")[-1].split("</tbody>")[0]
    assert "Đã đặt hàng" in cells
    assert "order_placed" not in cells


def test_the_provincial_staff_group_may_see_the_messages(client, failed_message):
    # Union staff follow up failed messages: their group is given the view permission
    # (notifications migration 0002), and nothing more on messages.
    staff = Group.objects.get(name="Provincial staff (mentoring)")
    codenames = set(
        staff.permissions.filter(content_type__app_label="notifications").values_list(
            "codename", flat=True
        )
    )
    assert codenames == {"view_message"}
    user = User.objects.create_user(email="staff@example.com", password="a-long-password-1")
    user.groups.add(staff)
    client.force_login(user)
    assert "HTTP 503" in client.get(LIST).content.decode()
