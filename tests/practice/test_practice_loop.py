"""The practice loop with real records: the mentor opens the practice shop, trainees get their
practice producers, one lists a product, a fellow trainee buys it with the test card through
localstripe, the seller sends it, and the attendance records "practical passed"."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from accounts.models import User
from marketplace.catalogue.models import Product
from mentoring import services
from mentoring.models import Attendance
from producers.models import Producer
from tests.practice.world import World, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return World()


def test_opening_gives_each_attendee_a_hidden_approved_practice_producer(world):
    session = world.open_practice()
    shops = Producer.objects.filter(practice_seat__session=session)
    assert {shop.practice_seat.member for shop in shops} == {world.mai, world.pao}  # not Vàng
    for shop in shops:
        assert shop.status == Producer.Status.APPROVED and shop.is_sandbox
        assert shop.offers_pickup  # handed over at the training
    assert not Producer.objects.approved().filter(practice_seat__session=session).exists()
    # Mai's own account runs her practice shop too; Páo has none yet: a join link.
    assert list(world.mai_shop.partner.users.all()) == [world.mai_user]
    assert not world.pao_shop.partner.users.exists()
    # The member's own producer stays theirs: the practice shop is not Member.producer.
    world.mai.refresh_from_db()
    assert world.mai.producer_id != world.mai_shop.pk
    entry = ModelLogEntry.objects.get(action="mentoring.practice_open")
    assert entry.object_id == str(world.training.pk) and entry.user_id == world.mentor.pk
    assert set(entry.data["members"]) == {world.mai.member_number, world.pao.member_number}


def test_opening_again_adds_only_members_marked_present_since(world):
    world.open_practice()
    Attendance.objects.create(session=world.training, member=world.vang)
    world.open_practice()
    assert Producer.objects.filter(practice_seat__session=world.session).count() == 3
    assert ModelLogEntry.objects.filter(action="mentoring.practice_open").count() == 2


def test_the_mentor_screen_shows_the_join_link_of_trainees_without_an_account(world):
    world.open_practice()
    html = (
        client_for(world.mentor)
        .get(reverse("mentoring_trainings:practice", args=[world.training.pk]))
        .content.decode()
    )
    assert "Sùng A Páo" in html and "Lý Thị Mai" in html
    assert html.count("/producer/practice/join/") == 1  # Páo's; Mai already has her account


def test_the_whole_loop_marks_the_sellers_attendance_practical_passed(world, stripe):
    world.open_practice()
    world.pao_joins()
    assert world.pao_shop.partner.users.get() == world.pao_user
    product = world.mai_lists_a_product()
    # Listed without staff review, and never public.
    assert product.moderation == Product.Moderation.PRACTICE and not product.is_public
    home = world.mai_client.get(reverse("portal:home")).content.decode()
    assert "data-practice-banner" in home and product.title in home

    practice_page = world.pao_client.get(reverse("portal:practice", args=[world.session.pk]))
    assert practice_page.status_code == 200
    assert product.title in practice_page.content.decode()

    order = world.pao_buys_with_the_test_card()
    # Card only: the other ways to pay were closed, with the reason.
    reasons = dict(
        (method.code, reason) for method, reason in world.payment_page.context["method_choices"]
    )
    assert reasons["card"] is None
    assert reasons["cod"] and reasons["bank-transfer"]
    assert order.is_practice and order.payment_method == "card" and order.status == "Paid"
    assert order.sources.get().reference.startswith("pi_")  # a localstripe PaymentIntent

    attendance = Attendance.objects.get(session=world.training, member=world.mai)
    assert attendance.practical_passed_on is None  # not before she sends it
    assert order.number in world.mai_client.get(reverse("portal:orders")).content.decode()
    world.mai_sends_it()

    attendance.refresh_from_db()
    assert attendance.practical_passed_on == timezone.localdate()
    assert (
        Attendance.objects.get(session=world.training, member=world.pao).practical_passed_on is None
    )
    entry = ModelLogEntry.objects.get(action="mentoring.practical_passed")
    assert entry.data == {"member": world.mai.member_number, "order": order.number}


def test_the_mentoring_side_shows_the_practical_passed(world, stripe):
    world.whole_loop()
    mentor = client_for(world.mentor)
    attendance = mentor.get(reverse("mentoring_trainings:attendance", args=[world.training.pk]))
    html = attendance.content.decode()
    today = timezone.localdate().strftime("%d/%m/%Y")
    assert f'data-practical="{world.mai.pk}">✓ {today}' in html
    assert f'data-practical="{world.pao.pk}">—' in html
    page = mentor.get(reverse("mentoring_trainings:practice", args=[world.training.pk]))
    assert page.content.decode().count("✓") == 1


def test_the_seller_cannot_buy_her_own_practice_product(world):
    world.open_practice()
    world.pao_joins()
    product = world.mai_lists_a_product()
    world.mai_client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
    basket = world.mai_client.get(reverse("basket:summary")).context["basket"]
    assert basket.num_items == 0


def test_a_practice_basket_cannot_be_paid_with_a_live_card_gateway(world, settings):
    world.open_practice()
    world.pao_joins()
    product = world.mai_lists_a_product()
    settings.STRIPE_SECRET_KEY, settings.STRIPE_API_BASE = "sk_live_real", ""
    world.pao_client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
    basket = world.pao_client.get(reverse("basket:summary")).context["basket"]
    assert basket.num_items == 0  # real money never pays for practice


def test_anonymising_a_member_renames_their_practice_shop(world):
    world.open_practice()
    staff = User.objects.create_user(email="staff@example.com", password="x" * 12)
    staff.groups.add(Group.objects.get(name="Provincial staff (mentoring)"))
    services.member_anonymise(member=world.mai, by=User.objects.get(pk=staff.pk))
    shop = Producer.objects.select_related("partner").get(pk=world.mai_shop.pk)
    assert "Mai" not in shop.name and "mai" not in shop.slug
    assert shop.name == f"Thực hành · #{world.mai.pk}"


def test_a_spreadsheet_import_into_the_practice_shop_stays_practice(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.trace.test_product_import import ROW, _sheet

    world.open_practice()
    client = client_for(world.mai_user)
    client.post(reverse("portal:practice_enter", args=[world.mai_shop.pk]))
    row = {**ROW, "category": world.category.name, "photo": ""}
    response = client.post(
        reverse("portal:product_import"),
        {"sheet": SimpleUploadedFile("san-pham.xlsx", _sheet(row))},
    )
    assert response.status_code == 302, response.content[:2000]
    page = client.get(response["Location"]).content.decode()
    # The page says what really happens: no staff review, never on sale.
    assert "data-practice-import" in page
    client.post(response["Location"])
    product = Product.objects.get(stockrecords__partner=world.mai_shop.partner)
    assert (product.moderation, product.is_public) == (Product.Moderation.PRACTICE, False)
    # Her real shop got nothing from the import.
    assert not Product.objects.filter(
        stockrecords__partner=world.mai.producer.partner, title=ROW["title"]
    ).exists()
