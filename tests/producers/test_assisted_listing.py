"""Mentor-assisted listing: a mentor drafts a shop for a union member of their units; nothing is
reviewed or sold until the member confirms from their own account; every step is in the audit
trail with the actor and the member acted for."""

import re
from urllib.parse import quote

import pytest
from django.contrib.auth.models import Group
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from wagtail.models import ModelLogEntry

from accounts.models import User
from marketplace.catalogue.models import Product
from mentoring.models import Member, MemberAccount, OrgUnitRole
from mentoring.reporting.follow_up import follow_up_queue
from producers import assisted, listing, services
from producers.admin_views import reviewable_products
from producers.models import Producer
from tests.factories.marketplace import make_category, make_partner, make_product
from tests.factories.mentoring import make_lao_cai, make_member
from tests.factories.producers import home_commune, identify, make_producer
from tests.support.images import jpeg_upload

pytestmark = pytest.mark.django_db

SHOP_NAME = "Hộ kinh doanh Lý Thị Mai"


def shop_profile(**changes) -> dict:
    """The member's shop profile as the mentor fills it in. Its commune is a unit of today's
    map, Y Tý of the former Bát Xát, so the units must be loaded (`admin_units`). A function,
    not a module-wide dict set by a fixture: a module importing it would otherwise get the
    commune only if a test of this one happened to run first in the same worker."""
    return {
        "name": SHOP_NAME,
        "kind": "household",
        "commune": str(home_commune("Y Tý", district="Bát Xát").pk),
        "story": "Tôi trồng chè Shan Tuyết cổ thụ trên đỉnh Y Tý.",
        **changes,
    }


@pytest.fixture(autouse=True)
def _units(admin_units):
    """Every test here fills in a shop profile, whose commune is one of today's units."""


ACCOUNT = {
    "phone": "0912 000 111",
    "last_name": "Lý Thị",
    "first_name": "Mai",
    "email": "",
    "password": "che-shan-tuyet-2026",
}


def _product_form(category):
    return {
        "photo": jpeg_upload("che.jpg"),
        "title": "Chè Shan Tuyết Y Tý – túi 200g",
        "category": category.pk,
        "price": "180000",
        "num_in_stock": "30",
        "description": "Chè búp hái tay, sao chảo gang.",
    }


def _user(email, group=None, **fields):
    user = User.objects.create_user(email=email, password="x" * 12, **fields)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


class World:
    def __init__(self):
        self.tree = make_lao_cai()
        self.mai = make_member(unit=self.tree["y_ty"], name="Lý Thị Mai")
        self.sung = make_member(unit=self.tree["ta_phin"], name="Giàng A Sùng")
        self.mentor = _user("mentor@example.com", "Mentors")
        OrgUnitRole.objects.create(user=self.mentor, org_unit=self.tree["bat_xat"])
        self.mai.mentor = self.mentor
        self.mai.save()
        self.category = make_category()

    def mentor_client(self):
        client = Client()
        client.force_login(self.mentor)
        return client

    def draft_through_admin(self):
        client = self.mentor_client()
        response = client.post(
            reverse("mentoring_members:shop_profile", args=[self.mai.pk]), shop_profile()
        )
        assert response.status_code == 302, response.content.decode()[:3000]
        response = client.post(
            reverse("mentoring_members:shop_product", args=[self.mai.pk]),
            _product_form(self.category),
        )
        assert response.status_code == 302, response.content.decode()[:3000]
        self.mai.refresh_from_db()
        return self.mai.producer


@pytest.fixture
def world():
    return World()


def _confirm_path(client, member) -> str:
    page = client.get(reverse("mentoring_members:shop", args=[member.pk])).content.decode()
    match = re.search(r"https?://[^\s<\"]+/producer/confirm/[^\s<\"]+/", page)
    assert match, page
    return match.group(0).split("testserver", 1)[1]


def test_a_mentor_drafts_a_shop_that_stays_hidden_until_the_member_confirms(world):
    producer = world.draft_through_admin()

    assert producer.status == Producer.Status.DRAFT
    assert producer.drafted_by == world.mentor
    assert not producer.partner.users.exists()  # nobody runs it yet
    product = Product.objects.get(stockrecords__partner=producer.partner)
    assert product.moderation == Product.Moderation.DRAFTED
    assert not product.is_public
    assert product.images.count() == 1
    # Staff can neither see it in their review queue nor act on it.
    assert not reviewable_products().filter(pk=product.pk).exists()
    moderator = _user("mod@example.com", "Producer moderators", is_staff=True)
    with pytest.raises(ValidationError) as refused:
        listing.product_approve(product=product, by=moderator)
    assert refused.value.code == "awaiting_producer"
    with pytest.raises(ValidationError):
        services.producer_approve(producer=producer, by=moderator)
    assert Client().get(product.get_absolute_url()).status_code == 404

    # The follow-up queue lists the member as waiting for confirmation.
    queue = follow_up_queue(mentor=world.mentor)
    assert [row.member for row in queue.drafts_awaiting] == [world.mai]
    client = world.mentor_client()
    follow_up = reverse("mentoring_dashboard:follow_up")
    page = client.get(follow_up).content.decode()
    assert reverse("mentoring_members:shop", args=[world.mai.pk]) in page
    export = client.get(follow_up, {"section": "drafts", "export": "csv"})
    assert world.mai.member_number in export.content.decode("utf-8-sig")


def test_the_member_confirms_with_a_new_account_and_the_audit_trail_names_both(world):
    producer = world.draft_through_admin()
    path = _confirm_path(world.mentor_client(), world.mai)

    member_phone = Client()
    page = member_phone.get(path)
    assert page.status_code == 200
    assert "Hộ kinh doanh Lý Thị Mai" in page.content.decode()
    # Not signed in: the page offers to create an account or sign in and come back here.
    html = page.content.decode()
    assert f'href="{reverse("portal:account")}"' in html
    assert f'href="{reverse("customer:login")}?next={quote(path)}"' in html
    # No account yet: the wizard's account step leads back to the draft, not to a blank profile.
    response = member_phone.post(reverse("portal:account"), ACCOUNT)
    assert response.status_code == 302 and response["Location"] == path
    response = member_phone.post(path)
    assert response.status_code == 302 and response["Location"] == reverse("portal:home")

    producer.refresh_from_db()
    member_user = User.objects.get(phone="+84912000111")
    assert list(producer.partner.users.all()) == [member_user]
    assert producer.status == Producer.Status.SUBMITTED
    assert producer.draft_confirmed_at is not None
    product = Product.objects.get(stockrecords__partner=producer.partner)
    assert product.moderation == Product.Moderation.SUBMITTED
    assert reviewable_products().filter(pk=product.pk).exists()

    entries = {
        entry.action: entry
        for entry in ModelLogEntry.objects.filter(action__startswith="producers.")
    }
    drafted = entries["producers.draft_for_member"]
    assert drafted.user == world.mentor
    assert drafted.data["on_behalf_of_member"] == world.mai.member_number
    assert entries["producers.product_draft_for_member"].user == world.mentor
    confirmed = entries["producers.draft_confirmed"]
    assert confirmed.user == member_user
    assert confirmed.data["drafted_by"] == world.mentor.pk
    assert entries["producers.submit"].user == member_user
    assert world.mai.member_number in drafted.formatter.format_message(drafted)

    # Staff approve: the product goes on sale once the member is identified
    # (producers.identification); the link is spent; the mentor can draft no more.
    moderator = _user("mod@example.com", "Producer moderators", is_staff=True)
    services.producer_approve(producer=producer, by=moderator)
    product.refresh_from_db()
    assert not product.is_public
    identify(producer)
    product.refresh_from_db()
    assert product.is_public
    assert member_phone.get(path).status_code == 404
    assert follow_up_queue(mentor=world.mentor).drafts_awaiting == []
    response = world.mentor_client().post(
        reverse("mentoring_members:shop_profile", args=[world.mai.pk]),
        shop_profile(name="Đổi tên"),
    )
    assert response.status_code == 200
    assert "đã tự quản lý hồ sơ nhà sản xuất" in response.content.decode()
    producer.refresh_from_db()
    assert producer.name == SHOP_NAME


def test_the_mentor_cannot_confirm_with_their_own_account(world):
    producer = world.draft_through_admin()
    client = world.mentor_client()
    response = client.post(_confirm_path(client, world.mai))
    assert response.status_code == 200
    assert "không thể xác nhận thay đoàn viên" in response.content.decode()
    producer.refresh_from_db()
    assert producer.awaiting_member_confirmation
    assert producer.status == Producer.Status.DRAFT


def test_an_account_that_already_runs_a_shop_cannot_take_over_a_draft(world):
    world.draft_through_admin()
    path = _confirm_path(world.mentor_client(), world.mai)
    owner = _user("owner@example.com")
    services.producer_register(user=owner, name="Hộ khác", kind="household", commune=None)
    client = Client()
    client.force_login(owner)
    response = client.post(path)
    assert "đã có một hồ sơ nhà sản xuất" in response.content.decode()
    assert Producer.objects.get(partner__name=SHOP_NAME).awaiting_member_confirmation


def test_a_forged_or_tampered_link_finds_nothing(world):
    producer = world.draft_through_admin()
    token = assisted.confirm_token(producer)
    assert Client().get(reverse("portal:confirm_draft", args=[token[:-2] + "xx"])).status_code == (
        404
    )
    forged = signing.dumps({"producer": producer.pk}, salt="another-salt")
    assert Client().get(reverse("portal:confirm_draft", args=[forged])).status_code == 404


def test_a_mentor_reaches_no_member_outside_their_units(world):
    client = world.mentor_client()
    for name in ("shop", "shop_profile", "shop_product"):
        url = reverse(f"mentoring_members:{name}", args=[world.sung.pk])
        assert client.get(url).status_code == 404, name
    response = client.post(
        reverse("mentoring_members:shop_profile", args=[world.sung.pk]), shop_profile()
    )
    assert response.status_code == 404
    world.sung.refresh_from_db()
    assert world.sung.producer is None
    assert not Producer.objects.exists()


def test_someone_without_the_mentoring_permission_is_refused(world):
    buyer = _user("buyer@example.com")
    client = Client()
    client.force_login(buyer)
    response = client.get(reverse("mentoring_members:shop", args=[world.mai.pk]))
    assert response.status_code in (302, 403)
    assert "/producer/confirm/" not in response.content.decode()


def test_a_product_needs_a_profile_draft_first(world):
    client = world.mentor_client()
    response = client.get(reverse("mentoring_members:shop_product", args=[world.mai.pk]))
    assert response["Location"] == reverse("mentoring_members:shop_profile", args=[world.mai.pk])
    response = client.post(
        reverse("mentoring_members:shop_product", args=[world.mai.pk]),
        _product_form(world.category),
    )
    assert "soạn hồ sơ nhà sản xuất cho đoàn viên trước" in response.content.decode()
    assert not Product.objects.exists()


def test_a_bad_photo_is_refused_and_the_draft_keeps_what_was_typed(world):
    world.draft_through_admin()
    fake = SimpleUploadedFile("anh.jpg", b"not an image at all", content_type="image/jpeg")
    response = world.mentor_client().post(
        reverse("mentoring_members:shop_product", args=[world.mai.pk]),
        {**_product_form(world.category), "photo": fake, "title": "Chè vàng"},
    )
    assert response.status_code == 200
    assert 'value="Chè vàng"' in response.content.decode()
    assert Product.objects.count() == 1  # only the first draft's product


def test_drafts_keep_the_member_link_for_the_funnel(world):
    producer = world.draft_through_admin()
    assert Member.objects.get(producer=producer) == world.mai


def test_the_review_queue_lists_producers_products_but_not_unconfirmed_drafts(world):
    producer = world.draft_through_admin()
    drafted = Product.objects.get(stockrecords__partner=producer.partner)
    own = make_product(title="Mật ong của một hộ khác", partner=make_producer().partner)
    orphan = make_product(title="Sản phẩm không có nhà sản xuất", partner=make_partner(name="X"))
    moderator = _user("mod@example.com", "Producer moderators", is_staff=True)
    client = Client()
    client.force_login(moderator)
    page = client.get(reverse("product_review:index")).content.decode()
    assert own.title in page
    assert drafted.title not in page
    assert orphan.title not in page


def test_taking_over_the_draft_makes_the_account_the_members(world):
    """The hand-over (producers.assisted) runs the union's hook (CHOPHIEN_DRAFT_HANDOVER_HOOKS):
    the account that took Mai's shop becomes Mai's, and the audit entry names her."""
    producer = world.draft_through_admin()
    member_user = _user("mai@example.com")
    client = Client()
    client.force_login(member_user)
    response = client.post(_confirm_path(world.mentor_client(), world.mai))
    assert response.status_code == 302
    link = MemberAccount.objects.get(user=member_user)
    assert (link.member, link.via, link.link_by) == (
        world.mai,
        MemberAccount.Via.DRAFT,
        world.mentor,
    )
    confirmed = ModelLogEntry.objects.get(action="producers.draft_confirmed")
    assert confirmed.data == {"drafted_by": world.mentor.pk, "member": world.mai.member_number}
    assert producer.partner.users.get() == member_user
