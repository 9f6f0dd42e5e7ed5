"""Members' personal data: a mentor sets a new password for a member who has only a phone; an
export of members is logged with who made it; staff anonymise a member on request and the
figures stay as they were."""

import datetime
from urllib.parse import quote

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import Group
from django.test import Client, RequestFactory
from django.urls import reverse
from wagtail.models import ModelLogEntry

from accounts.models import User
from mentoring import selectors
from mentoring.models import Attendance, Member, OrgUnitRole, Topic, TrainingSession
from tests.factories.mentoring import make_lao_cai, make_member

pytestmark = pytest.mark.django_db


class World:
    def __init__(self):
        self.tree = make_lao_cai()
        self.mai = make_member(unit=self.tree["y_ty"], name="Lý Thị Mai", phone="0912 000 222")
        self.sung = make_member(unit=self.tree["ta_phin"], name="Giàng A Sùng", phone="0912000333")
        self.mentor = _user("mentor@example.com", "Mentors")
        OrgUnitRole.objects.create(user=self.mentor, org_unit=self.tree["bat_xat"])
        self.staff = _user("staff@example.com", "Provincial staff (mentoring)")
        self.mai_account = User.objects.create_user(phone="0912000222", password="cu-" * 5)
        self.sung_account = User.objects.create_user(phone="0912000333", password="cu-" * 5)

    def client(self, user):
        client = Client()
        client.force_login(user)
        return client


def _user(email, group):
    user = User.objects.create_user(email=email, password="x" * 12)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def world():
    return World()


def _mai_links_her_account(world):
    """The mentor's sign-in help page shows a link; Mai opens it signed in to her own account
    and confirms she is Mai."""
    page = world.client(world.mentor).get(
        reverse("mentoring_members:accounts", args=[world.mai.pk])
    )
    link = page.context["link"]
    assert link in page.content.decode()
    mai = world.client(world.mai_account)
    assert "Lý Thị Mai" in mai.get(link).content.decode()
    response = mai.post(link, {"i_am_the_member": "1"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert "data-member-linked" in mai.get(link).content.decode()


def test_a_member_without_an_account_makes_one_and_comes_back_to_the_link(world):
    """Opened before having an account: the portal's account step leads back to the link
    (CHOPHIEN_PORTAL_PENDING_LINKS), as it does for a drafted shop."""
    link = (
        world.client(world.mentor)
        .get(reverse("mentoring_members:accounts", args=[world.mai.pk]))
        .context["link"]
    )
    path = link.split("testserver", 1)[1]
    phone = Client()
    assert phone.get(path).status_code == 200
    account = {
        "phone": "0912 000 444",
        "last_name": "Lý Thị",
        "first_name": "Mai",
        "email": "",
        "password": "che-shan-tuyet-2026",
    }
    response = phone.post(reverse("portal:account"), account)
    assert response.status_code == 302 and response["Location"] == path
    response = phone.post(path, {"i_am_the_member": "1"})
    assert response.status_code == 302
    assert [a.phone for a in selectors.member_accounts(world.mai)] == ["+84912000444"]


def test_confirming_a_link_after_being_signed_out_leads_to_the_sign_in_and_back(world):
    """The member's session ran out between opening the link and pressing the button: sign
    in, then back to the link (it was a server error: the view reversed a URL name the site
    does not have)."""
    link = (
        world.client(world.mentor)
        .get(reverse("mentoring_members:accounts", args=[world.mai.pk]))
        .context["link"]
    )
    path = link.split("testserver", 1)[1]
    response = Client().post(path, {"i_am_the_member": "1"})
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('customer:login')}?next={quote(path)}"
    assert not list(selectors.member_accounts(world.mai))


def test_a_mentor_sets_a_new_password_for_a_phone_only_member(world):
    _mai_links_her_account(world)
    client = world.client(world.mentor)
    url = reverse("mentoring_members:accounts", args=[world.mai.pk])
    page = client.get(url).content.decode()
    assert "+84912000222" in page
    response = client.post(url, {"account": world.mai_account.pk})
    password = response.context["new_password"]
    assert len(password) >= 12
    assert password in response.content.decode()
    request = RequestFactory().post("/")
    assert authenticate(request, username="0912 000 222", password=password) == world.mai_account
    entry = ModelLogEntry.objects.get(action="mentoring.member_password_reset")
    assert entry.user == world.mentor and entry.object_id == str(world.mai.pk)
    assert entry.data == {"account": world.mai_account.pk}
    assert password not in str(entry.data)


def test_the_phone_on_the_roster_links_no_account(world):
    """Mai's roster phone is her account's number, but she has not linked it: nothing to
    reset, only the link for her to open."""
    client = world.client(world.mentor)
    url = reverse("mentoring_members:accounts", args=[world.mai.pk])
    page = client.get(url)
    assert list(page.context["accounts"]) == [] and "data-member-link" in page.content.decode()
    assert "+84912000222" not in page.content.decode()
    assert client.post(url, {"account": world.mai_account.pk}).status_code == 404
    assert authenticate(RequestFactory().post("/"), username="0912000222", password="cu-" * 5)


def test_the_mentor_cannot_confirm_the_link_with_their_own_account(world):
    link = (
        world.client(world.mentor)
        .get(reverse("mentoring_members:accounts", args=[world.mai.pk]))
        .context["link"]
    )
    response = world.client(world.mentor).post(link, {"i_am_the_member": "1"})
    assert response.status_code == 200 and response.context["errors"]
    assert not selectors.member_accounts(world.mai).exists()


def test_no_reset_for_another_units_member_a_stranger_or_a_staff_account(world):
    _mai_links_her_account(world)
    client = world.client(world.mentor)
    # Sùng is in Sa Pa: not found, and his account is untouched.
    url = reverse("mentoring_members:accounts", args=[world.sung.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"account": world.sung_account.pk}).status_code == 404
    # Another person's account through Mai's page: not one of hers.
    url = reverse("mentoring_members:accounts", args=[world.mai.pk])
    assert client.post(url, {"account": world.sung_account.pk}).status_code == 404
    # A staff account that happens to share her phone is never offered.
    world.mai_account.is_staff = True
    world.mai_account.save()
    assert world.mai_account.pk not in selectors.member_accounts(world.mai).values_list(
        "pk", flat=True
    )
    assert client.post(url, {"account": world.mai_account.pk}).status_code == 404
    assert not ModelLogEntry.objects.filter(action="mentoring.member_password_reset").exists()


def test_an_export_of_members_is_logged_with_who_made_it(world):
    client = world.client(world.mentor)
    response = client.get(reverse("mentoring_members:index"), {"export": "csv"})
    assert response.status_code == 200
    assert "Lý Thị Mai" in b"".join(response.streaming_content).decode("utf-8-sig")
    entry = ModelLogEntry.objects.get(action="mentoring.personal_data_export")
    assert entry.user == world.mentor
    assert entry.data["what"] == "members" and entry.data["format"] == "csv"
    assert "xuất" in entry.formatter.format_message(entry).lower()


def test_staff_anonymise_a_member_and_the_counts_stay(world):
    _mai_links_her_account(world)
    session = TrainingSession.objects.create(
        topic=Topic.ECOMMERCE,
        title="Bán hàng",
        held_on=datetime.date.today() - datetime.timedelta(days=2),
        org_unit=world.tree["bat_xat"],
    )
    Attendance.objects.create(session=session, member=world.mai)
    units = [unit.pk for unit in world.tree.values()]

    def counts():
        members = selectors.members_in_units_on(units, datetime.date.today())
        return members.count(), members.filter(trainings=session).count()

    before = counts()

    assert world.client(world.mentor).post(
        reverse("mentoring_members:anonymise", args=[world.mai.pk])
    ).status_code in (302, 403)
    world.mai.refresh_from_db()
    assert world.mai.full_name == "Lý Thị Mai"  # mentors cannot

    response = world.client(world.staff).post(
        reverse("mentoring_members:anonymise", args=[world.mai.pk])
    )
    assert response.status_code == 302
    mai = Member.objects.get(pk=world.mai.pk)
    assert mai.anonymised_at is not None
    assert mai.full_name == "(ẩn danh)" and mai.member_number == f"AN-{mai.pk}"
    assert mai.phone == "" and mai.ethnicity == "" and not mai.consent_to_contact
    assert mai.org_unit == world.tree["y_ty"] and mai.birth_year == 2000
    assert Attendance.objects.filter(member=mai).exists()
    assert counts() == before == (2, 1)
    assert not selectors.member_accounts(mai).exists()  # which account was hers goes too
    assert ModelLogEntry.objects.filter(
        action="mentoring.member_anonymise", user=world.staff
    ).exists()


def test_a_password_the_mentor_set_holds_the_members_bank_changes_back(world, settings):
    """The mentor knows the password they hand over: signed in with it, the member's shop (or
    the mentor posing as the member) cannot send the buyers' money to another account until
    the hold has passed (issue 21 item 1, found in review)."""
    from django.core.exceptions import ValidationError

    from producers import services as producer_services
    from tests.factories.producers import make_producer

    _mai_links_her_account(world)
    shop = make_producer()
    shop.partner.users.add(world.mai_account)
    response = world.client(world.mentor).post(
        reverse("mentoring_members:accounts", args=[world.mai.pk]),
        {"account": world.mai_account.pk},
    )
    password = response.context["new_password"]
    account = User.objects.get(pk=world.mai_account.pk)  # with the password the mentor set
    bank = {"bank_bin": "970436", "bank_account_number": "1111222233", "bank_account_name": "X"}
    with pytest.raises(ValidationError) as held:
        producer_services.producer_selling_setup_update(
            producer=shop, by=account, password=password, **bank
        )
    assert held.value.error_dict["current_password"][0].code == "bank_change_held"
    assert not type(shop).objects.get(pk=shop.pk).bank_account_number
    # Once the hold has passed, her password is hers to prove.
    ModelLogEntry.objects.filter(action="accounts.password_set_by_other").update(
        timestamp=datetime.datetime.now(datetime.UTC)
        - datetime.timedelta(days=settings.CHOPHIEN_PASSWORD_HANDOVER_HOLD_DAYS + 1)
    )
    producer_services.producer_selling_setup_update(
        producer=shop, by=account, password=password, **bank
    )
    assert type(shop).objects.get(pk=shop.pk).bank_account_number == "1111222233"
