"""A person's rights over their data (issue 28, item 4): the download holds their own records
and nobody else's, a deletion request is theirs only and keeps every KPI figure, a member's
first sign-in shows what the union holds once."""

import datetime
import io
import json
import types

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry

from accounts.models import User
from legal.models import Consent
from legal.services import consent_record
from marketplace.address.models import UserAddress
from marketplace.order.models import Order
from mentoring.models import Member
from mentoring.reporting import kpi
from notifications.models import Message
from privacy import selectors, services
from privacy.models import DeletionRequest
from tests.factories.marketplace import make_product
from tests.factories.mentoring import link_account, make_lao_cai, make_member
from tests.factories.orders import make_order
from tests.support.people import sign_in_with_password

pytestmark = pytest.mark.django_db


class World:
    def __init__(self):
        self.tree = make_lao_cai()
        self.staff = User.objects.create_user(email="staff@example.com", password="x" * 12)
        self.staff.groups.add(Group.objects.get(name="Provincial staff (mentoring)"))
        self.lan = self.person("0912000111", "lan@example.com", "Lý Thị Lan", "11 Ngõ Huyện")
        self.hoa = self.person("0912000222", "hoa@example.com", "Giàng Thị Hoa", "22 Hàng Gai")

    def person(self, phone, email, name, street):
        user = User.objects.create_user(email=email, phone=f"+84{phone[1:]}", password="cu-" * 5)
        UserAddress.objects.create(
            user=user, first_name=name, line1=street, line4="Hà Nội", country_id="VN"
        )
        order = make_order(items=[(make_product(), 1)], user=user, email=email)
        order.refresh_from_db()  # its number as stored (text)
        member = make_member(unit=self.tree["y_ty"], name=name, phone=phone)
        link_account(member=member, user=user)
        Message.objects.create(to=user.phone, channel="sms", template="order_placed", body=name)
        return types.SimpleNamespace(
            user=user, order=order, member=member, street=street, name=name
        )

    def client(self, user):
        client = Client()
        client.force_login(user)
        return client


@pytest.fixture
def world():
    return World()


def _download(world, person, fmt):
    response = world.client(person.user).get(reverse("privacy:my_data"), {"format": fmt})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    return response.content


def test_the_download_holds_the_persons_records_and_nobody_elses(world):
    lan, hoa = world.lan, world.hoa
    data = json.loads(_download(world, lan, "json"))["sections"]
    assert data["account"]["rows"][0]["email"] == "lan@example.com"
    assert [row["line1"] for row in data["addresses"]["rows"]] == [lan.street]
    [order] = data["orders"]["rows"]
    assert order["number"] == lan.order.number and order["lines"] and order["payments"] == []
    [member] = data["member"]["rows"]
    assert member["member_number"] == lan.member.member_number
    assert member["ethnicity"] == "Dao"  # their own: sensitive fields included
    assert [row["text"] for row in data["messages"]["rows"]] == [lan.name]
    everything = json.dumps(data, ensure_ascii=False)
    for other in (hoa.name, hoa.street, hoa.order.number, hoa.member.member_number, "hoa@"):
        assert other not in everything

    workbook = load_workbook(io.BytesIO(_download(world, lan, "xlsx")), read_only=True)
    cells = " ".join(
        str(cell)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
    )
    assert lan.order.number in cells and lan.member.member_number in cells
    assert hoa.order.number not in cells and hoa.street not in cells


def test_the_download_holds_ones_consents_and_the_sections_are_the_settings(world, settings):
    """Sections are named by CHOPHIEN_PRIVACY_SECTIONS; the consents section holds what the
    person agreed to (legal): a marketing consent given then withdrawn, and nobody else's."""
    consent_record(user=world.lan.user, purpose=Consent.Purpose.MARKETING, granted=True)
    consent_record(user=world.lan.user, purpose=Consent.Purpose.MARKETING, granted=False)
    consent_record(user=world.hoa.user, purpose=Consent.Purpose.MARKETING, granted=True)
    sections = {section.key: section for section in selectors.personal_data_of(world.lan.user)}
    marketing = [row for row in sections["consents"].rows if row["kind"] == "consent"]
    assert sorted(row["granted"] for row in marketing) == [False, True]  # both kept
    held = json.loads(_download(world, world.lan, "json"))["sections"]["consents"]["rows"]
    assert sorted(row["granted"] for row in held if row["kind"] == "consent") == [False, True]
    settings.CHOPHIEN_PRIVACY_SECTIONS = ["privacy.sections.account"]
    assert [s.key for s in selectors.personal_data_of(world.lan.user)] == ["account"]


def test_a_deletion_request_is_for_ones_own_account_only(world):
    lan = world.client(world.lan.user)
    # No field names anyone: a posted user id is ignored, the request is the signed-in one's.
    response = lan.post(reverse("privacy:deletion_request"), {"user": world.hoa.user.pk})
    assert response.status_code == 302
    assert list(DeletionRequest.objects.values_list("user", flat=True)) == [world.lan.user.pk]
    lan.post(reverse("privacy:deletion_request"))  # asking twice makes one request
    assert DeletionRequest.objects.count() == 1
    assert Client().post(reverse("privacy:deletion_request")).status_code == 302  # to sign in
    assert DeletionRequest.objects.count() == 1
    page = lan.get(reverse("privacy:my_data")).content.decode()
    assert "data-deletion-waiting" in page
    profile = lan.get(reverse("customer:profile-view")).content.decode()
    assert reverse("privacy:my_data") in profile  # the account page leads there
    # Oscar's own "delete profile" (which deleted the account at once, orders and member
    # record untouched) leads to the same request and deletes nothing.
    assert reverse("customer:profile-delete") not in profile
    deleting = lan.post(reverse("customer:profile-delete"), {"password": "cu-" * 5})
    assert deleting.status_code == 302 and deleting["Location"] == reverse("privacy:my_data")
    assert User.objects.filter(pk=world.lan.user.pk, is_active=True).exists()


def test_staff_carry_out_a_deletion_and_the_kpi_figures_stay(
    world, django_capture_on_commit_callbacks
):
    today = datetime.date.today()
    province = world.tree["province"].pk

    def figures():
        return kpi.figures_counted(unit_id=province, year=today.year, day=today)

    before = figures()
    request = services.deletion_request_create(user=world.lan.user)
    # Staff see it with its age; a buyer cannot open the staff screen.
    listing = world.client(world.staff).get(reverse("privacy_admin:index"))
    assert f'data-deletion-request="{request.pk}"' in listing.content.decode()
    assert world.client(world.hoa.user).get(reverse("privacy_admin:index")).status_code in (
        302,
        403,
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = world.client(world.staff).post(
            reverse("privacy_admin:handle", args=[request.pk])
        )
    assert response.status_code == 302

    user = User.objects.get(pk=world.lan.user.pk)
    assert not user.is_active and not user.has_usable_password()
    assert user.phone is None and user.first_name == "" and "lan" not in user.email
    assert not UserAddress.objects.filter(user=user).exists()
    order = Order.objects.select_related("shipping_address").get(pk=world.lan.order.pk)
    assert order.user is None and order.guest_email == ""  # kept for accounting, no one named
    assert order.shipping_address.line1 == "" and order.shipping_address.phone_number == ""
    assert order.total_incl_tax == world.lan.order.total_incl_tax and order.lines.count() == 1
    member = Member.objects.get(pk=world.lan.member.pk)
    assert member.anonymised_at is not None and member.ethnicity == member.sensitive_basis == ""
    assert not Message.objects.filter(body=world.lan.name).exists()
    assert figures() == before
    # Hoa is untouched.
    assert Member.objects.get(pk=world.hoa.member.pk).full_name == world.hoa.name
    assert Order.objects.get(pk=world.hoa.order.pk).user_id == world.hoa.user.pk
    # Audited, and Lan is told by her channel (SMS to the phone she had).
    request.refresh_from_db()
    assert request.status == DeletionRequest.Status.DONE and request.summary["orders"] == 1
    assert ModelLogEntry.objects.filter(action="privacy.deletion_done", user=world.staff).exists()
    assert Message.objects.filter(template="privacy_deletion_done", to="+84912000111").exists()


def _sign_in(client, user):
    return sign_in_with_password(client, user.email, "cu-" * 5)


def test_a_members_first_sign_in_shows_what_the_union_holds_once(world):
    client = Client()
    response = _sign_in(client, world.lan.user)
    assert response.status_code == 302
    assert response.url.startswith(reverse("privacy:member_notice"))
    notice = client.get(response.url)
    page = notice.content.decode()
    assert "data-member-notice" in page and world.lan.member.member_number in page
    assert "Dao" in page and reverse("privacy:my_data") in page
    next_url = notice.context["next_url"]
    assert not next_url.startswith(reverse("privacy:member_notice"))
    assert client.get(reverse("customer:profile-view")).status_code == 200  # shown: not again
    # The next sign-in: not again.
    again = Client()
    assert reverse("privacy:member_notice") not in _sign_in(again, world.lan.user).url
    # A buyer who is no member never sees it.
    buyer = Client()
    User.objects.create_user(email="buyer@example.com", password="cu-" * 5)
    response = sign_in_with_password(buyer, "buyer@example.com", "cu-" * 5)
    assert reverse("privacy:member_notice") not in response.url
