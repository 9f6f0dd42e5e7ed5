"""Who takes a practice seat and whose acts count (issue 21, item 8): only the seat member's
own account (one they linked themselves, or link on the join page by confirming who they
are), and "practical passed" only when the seat's member sends what another trainee's own
account bought. Two accounts that took two trainees' seats pass nobody."""

from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from accounts.models import User
from mentoring import practice
from mentoring.models import Attendance, MemberAccount, OrgUnitRole
from producers.models import Producer
from tests.factories.mentoring import link_account
from tests.practice.world import World, client_for, product_form, user_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = World()
    world.open_practice()
    return world


def _join(user, seat, **data):
    link = reverse("portal:practice_join", args=[practice.join_token(seat)])
    return client_for(user).post(link, data)


def _stranger(email="la@example.com") -> User:
    return User.objects.create_user(email=email, password="x" * 12)


def test_a_join_link_alone_takes_no_seat(world):
    """Whoever holds Páo's link (it is on the mentor's screen, maybe projected) does not get
    his seat by pressing the button: the trainee confirms who they are."""
    stranger = _stranger()
    page = _join(stranger, world.pao_shop)
    assert page.status_code == 200 and page.context["errors"]
    assert not world.pao_shop.partner.users.exists()
    assert not MemberAccount.objects.filter(user=stranger).exists()


def test_joining_after_being_signed_out_leads_to_the_sign_in_and_back(world):
    """The join page was opened signed in and the session ran out before the button was
    pressed: the trainee is asked to sign in and comes back to the link (it was a server
    error, the view reversing a URL name the site does not have)."""
    link = reverse("portal:practice_join", args=[practice.join_token(world.pao_shop)])
    response = Client().post(link, {"i_am_the_member": "1"})
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('customer:login')}?next={quote(link)}"
    assert not world.pao_shop.partner.users.exists()


def test_confirming_on_the_join_page_links_the_account_to_the_trainee(world):
    world.pao_joins()
    link = MemberAccount.objects.get(user=world.pao_user)
    assert link.member == world.pao and link.via == MemberAccount.Via.PRACTICE
    assert link.link_by == world.mentor
    entry = ModelLogEntry.objects.get(action="mentoring.member_account_link", user=world.pao_user)
    assert entry.object_id == str(world.pao.pk) and entry.data["via"] == "practice"


def test_a_trainee_whose_account_is_linked_keeps_their_seat_from_anyone_else(world):
    pao_user = _stranger("pao@example.com")
    link_account(member=world.pao, user=pao_user, link_by=world.mentor)
    stranger = _stranger()
    page = _join(stranger, world.pao_shop, i_am_the_member="1")
    assert page.status_code == 200 and page.context["errors"]
    assert not world.pao_shop.partner.users.exists()
    assert _join(pao_user, world.pao_shop).status_code == 302  # no box to tick: his account
    assert list(world.pao_shop.partner.users.all()) == [pao_user]


def test_an_account_of_one_trainee_takes_no_other_trainees_seat(world):
    """Mai's account already runs her seat; Vàng's linked account cannot take Páo's."""
    Attendance.objects.create(session=world.training, member=world.vang)
    world.open_practice()
    vang_user = _stranger("vang@example.com")
    link_account(member=world.vang, user=vang_user, link_by=world.mentor)
    page = _join(vang_user, world.pao_shop, i_am_the_member="1")
    assert page.status_code == 200 and page.context["errors"]
    assert not world.pao_shop.partner.users.exists()


def test_no_mentor_of_the_trainee_takes_their_seat(world):
    """Another mentor of Bát Xát (not the one who opened the shop) cannot say he is Páo."""
    colleague = user_in("Mentors", "mentor2.batxat@example.com")
    OrgUnitRole.objects.create(user=colleague, org_unit=world.tree["y_ty"])
    page = _join(colleague, world.pao_shop, i_am_the_member="1")
    assert page.status_code == 200 and page.context["errors"]
    assert not world.pao_shop.partner.users.exists()
    assert not MemberAccount.objects.filter(member=world.pao).exists()


def test_accounts_holding_seats_without_the_members_link_cannot_buy_from_each_other(world):
    """Two accounts hold Páo's and Vàng's seats as a bare join link gave them before this
    change: one lists a product, the other cannot buy it, so no sale passes anyone."""
    Attendance.objects.create(session=world.training, member=world.vang)
    world.open_practice()
    vang_shop = Producer.objects.get(
        practice_seat__session=world.session, practice_seat__member=world.vang
    )
    seller, buyer = _stranger("x@example.com"), _stranger("y@example.com")
    world.pao_shop.partner.users.add(seller)
    vang_shop.partner.users.add(buyer)
    seller_client = client_for(seller)
    seller_client.post(reverse("portal:practice_enter", args=[world.pao_shop.pk]))
    response = seller_client.post(reverse("portal:product_add"), product_form(world.category))
    assert response.status_code == 302, response.content[:2000]
    product = world.pao_shop.partner.stockrecords.get().product
    buyer_client = client_for(buyer)
    buyer_client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
    assert buyer_client.get(reverse("basket:summary")).context["basket"].num_items == 0


def test_sending_by_an_account_that_is_not_the_seat_members_passes_nobody(world, stripe):
    """Páo (his own account) buys Mai's practice product; an account that also runs Mai's
    practice shop but is not Mai's sends it: Mai did nothing, so nothing is recorded."""
    world.pao_joins()
    world.mai_lists_a_product()
    world.pao_buys_with_the_test_card()
    helper = _stranger("helper@example.com")
    world.mai_shop.partner.users.add(helper)
    world.mai_client = client_for(helper)
    world.mai_client.post(reverse("portal:practice_enter", args=[world.mai_shop.pk]))
    world.mai_sends_it()
    attendance = Attendance.objects.get(session=world.training, member=world.mai)
    assert attendance.practical_passed_on is None
    assert not ModelLogEntry.objects.filter(action="mentoring.practical_passed").exists()


def test_the_seat_members_own_sending_passes(world, stripe):
    world.whole_loop()
    attendance = Attendance.objects.get(session=world.training, member=world.mai)
    assert attendance.practical_passed_on == timezone.localdate()
