"""The onboarding funnel is worked out from producer, product and order records, with the day
each step was reached, and stored with the rules' version; nobody types it in."""

import datetime

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from marketplace.order.statuses import OrderStatus
from marketplace.payment import services as payment_services
from mentoring.models import FunnelStage, MemberStage, Topic, TriState
from mentoring.reporting import funnel
from producers import listing
from producers import services as producer_services
from tests.factories.mentoring import make_member
from tests.mentoring.sellers import (
    backdate_approval,
    backdate_product,
    make_moderator,
    make_seller_for,
    moment,
    place_order,
    specialty_member,
    train,
)

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture(autouse=True)
def _nothing_cached_between_tests():
    cache.clear()


@pytest.fixture
def moderator():
    return make_moderator()


def _stored(member) -> dict:
    return dict(MemberStage.objects.filter(member=member).values_list("stage", "reached_on"))


def test_each_stage_comes_from_the_records_with_the_day_it_was_reached(tree, moderator):
    member = specialty_member(unit=tree["y_ty"], recorded_on=D(2025, 1, 10))
    train(member, on=D(2024, 12, 1), topic=Topic.SAFE_INTERNET)  # not e-commerce
    train(member, on=D(2025, 2, 1))
    train(member, on=D(2025, 2, 20))
    product = make_seller_for(member, moderator=moderator)
    backdate_approval(member.producer, on=D(2025, 3, 1))
    # Sent with the profile: approved with it, so not on sale before the profile's approval.
    backdate_product(product, on=D(2025, 2, 25))
    place_order(product, on=D(2025, 5, 5))
    place_order(product, on=D(2025, 5, 20))

    funnel.funnel_recompute(day=D(2025, 6, 1))

    assert _stored(member) == {
        FunnelStage.SPECIALTY: D(2025, 1, 10),
        FunnelStage.TRAINED: D(2025, 2, 1),
        FunnelStage.PROFILE_APPROVED: D(2025, 3, 1),
        FunnelStage.PRODUCT_LIVE: D(2025, 3, 1),
        FunnelStage.FIRST_ORDER: D(2025, 5, 5),
        FunnelStage.ACTIVE: D(2025, 5, 20),
    }
    assert set(MemberStage.objects.values_list("rules_version", flat=True)) == {1}


def test_a_product_approved_on_its_own_is_live_from_its_approval(tree, moderator):
    member = specialty_member(unit=tree["y_ty"])
    first = make_seller_for(member, moderator=moderator)
    backdate_approval(member.producer, on=D(2025, 3, 1))
    # The first product is sent back; a second one is approved later on its own.
    listing.product_request_changes(product=first, by=moderator, reason="Ảnh bị mờ")
    second = listing.producer_product_add(
        producer=member.producer,
        title="Mật ong bạc hà",
        category=first.categories.first(),
        price=120000,
        num_in_stock=5,
    )
    listing.product_approve(product=second, by=moderator)
    backdate_product(second, on=D(2025, 4, 12))

    funnel.funnel_recompute()

    stages = _stored(member)
    assert stages[FunnelStage.PRODUCT_LIVE] == D(2025, 4, 12)
    assert FunnelStage.FIRST_ORDER not in stages


def test_a_member_without_a_specialty_answer_yes_gets_no_specialty_stage(tree):
    unknown = make_member(unit=tree["y_ty"])
    no = make_member(unit=tree["y_ty"], has_specialty_product=TriState.NO)
    yes = specialty_member(unit=tree["y_ty"])
    funnel.funnel_recompute()
    assert _stored(unknown) == {} and _stored(no) == {}
    # No date recorded: the day the member was added to the list.
    assert _stored(yes) == {FunnelStage.SPECIALTY: yes.created_at.astimezone().date()}


def test_orders_awaiting_payment_or_refunded_are_not_sales(tree, moderator):
    member = specialty_member(unit=tree["y_ty"])
    product = make_seller_for(member, moderator=moderator)
    place_order(product, paid=False)
    refunded = place_order(product)
    payment_services.refund(
        order=refunded,
        source_id=refunded.sources.get().pk,
        amount=refunded.sources.get().amount_debited,
        by=moderator,
    )
    refunded.refresh_from_db()
    assert refunded.status == OrderStatus.REFUNDED

    funnel.funnel_recompute()

    stages = _stored(member)
    assert FunnelStage.PRODUCT_LIVE in stages
    assert FunnelStage.FIRST_ORDER not in stages and FunnelStage.ACTIVE not in stages


def test_a_suspended_producer_leaves_the_profile_and_product_stages_but_keeps_its_sales(
    tree, moderator
):
    member = specialty_member(unit=tree["y_ty"])
    product = make_seller_for(member, moderator=moderator)
    place_order(product, on=D(2025, 5, 5))
    producer_services.producer_suspend(
        producer=member.producer, by=moderator, reason="Giấy tờ hết hạn"
    )
    funnel.funnel_recompute(day=D(2025, 6, 1))
    assert set(_stored(member)) == {
        FunnelStage.SPECIALTY,
        FunnelStage.FIRST_ORDER,
        FunnelStage.ACTIVE,
    }


def test_a_profile_not_yet_approved_reaches_no_seller_stage(tree, moderator):
    member = specialty_member(unit=tree["y_ty"])
    make_seller_for(member, moderator=moderator, approve=False)
    funnel.funnel_recompute()
    assert set(_stored(member)) == {FunnelStage.SPECIALTY}


def test_active_means_a_paid_order_in_the_last_90_days(tree, moderator):
    member = specialty_member(unit=tree["y_ty"])
    product = make_seller_for(member, moderator=moderator)
    place_order(product, on=D(2025, 5, 5))

    last_day = D(2025, 5, 5) + datetime.timedelta(days=89)
    funnel.funnel_recompute(day=last_day)
    assert _stored(member)[FunnelStage.ACTIVE] == D(2025, 5, 5)
    # The dashboard asks the same rule for any report day.
    assert list(funnel.active_members(last_day)) == [member]
    assert not funnel.active_members(D(2025, 5, 4)).exists()

    funnel.funnel_recompute(day=last_day + datetime.timedelta(days=1))
    stages = _stored(member)
    assert FunnelStage.ACTIVE not in stages
    assert stages[FunnelStage.FIRST_ORDER] == D(2025, 5, 5)  # reached once, kept
    assert not funnel.active_members(last_day + datetime.timedelta(days=1)).exists()


def test_an_order_paid_without_a_payment_event_counts_from_the_day_it_was_placed(tree, moderator):
    from marketplace.order.models import PaymentEvent

    member = specialty_member(unit=tree["y_ty"])
    order = place_order(make_seller_for(member, moderator=moderator), on=D(2025, 5, 5))
    PaymentEvent.objects.filter(order=order).delete()
    funnel.funnel_recompute(day=D(2025, 6, 1))
    assert _stored(member)[FunnelStage.FIRST_ORDER] == D(2025, 5, 5)
    assert _stored(member)[FunnelStage.ACTIVE] == D(2025, 5, 5)
    assert list(funnel.active_members(D(2025, 6, 1))) == [member]


def test_a_multi_producer_order_is_paid_when_the_last_part_arrives(tree, moderator):
    """The order is paid once every producer confirmed: its date is the last confirmation."""
    from marketplace.basket.models import Basket
    from marketplace.checkout.services import basket_checkout
    from marketplace.order.models import PaymentEvent
    from marketplace.partner.strategy import Selector
    from tests.checkout.helpers import ADDRESS

    mai = specialty_member(unit=tree["y_ty"], name="Lý Thị Mai")
    sung = specialty_member(unit=tree["y_ty"], name="Giàng A Sùng")
    products = [make_seller_for(m, moderator=moderator) for m in (mai, sung)]
    basket = Basket.objects.create()
    basket.strategy = Selector().strategy()
    for product in products:
        basket.add_product(product, 1)
    order = basket_checkout(
        basket=basket, address=ADDRESS, payment_method_code="cod", guest_email="a@b.vn"
    )
    first, second = order.sources.order_by("pk")
    payment_services.source_received_confirm(source_id=first.pk, by=None)
    PaymentEvent.objects.filter(order=order).update(date_created=moment(D(2025, 5, 1)))
    payment_services.source_received_confirm(source_id=second.pk, by=None)
    PaymentEvent.objects.filter(order=order, date_created__gt=moment(D(2025, 5, 1))).update(
        date_created=moment(D(2025, 5, 9))
    )

    funnel.funnel_recompute(day=D(2025, 6, 1))

    assert _stored(mai)[FunnelStage.FIRST_ORDER] == D(2025, 5, 9)
    assert _stored(sung)[FunnelStage.FIRST_ORDER] == D(2025, 5, 9)


def test_recompute_keeps_unchanged_rows_and_replaces_changed_ones(tree, moderator):
    member = specialty_member(unit=tree["y_ty"], recorded_on=D(2025, 1, 10))
    product = make_seller_for(member, moderator=moderator)
    funnel.funnel_recompute()
    before = dict(MemberStage.objects.filter(member=member).values_list("stage", "pk"))

    result = funnel.funnel_recompute()
    assert (result.created, result.deleted) == (0, 0)
    assert dict(MemberStage.objects.filter(member=member).values_list("stage", "pk")) == before

    listing.product_request_changes(product=product, by=moderator, reason="Giá chưa đúng")
    member.specialty_recorded_on = D(2025, 1, 3)
    member.save()
    result = funnel.funnel_recompute()
    assert (result.created, result.deleted) == (1, 2)  # specialty re-dated, product off sale
    assert _stored(member)[FunnelStage.SPECIALTY] == D(2025, 1, 3)
    assert FunnelStage.PRODUCT_LIVE not in _stored(member)


def test_new_rules_rewrite_every_row_with_their_version(tree, moderator, monkeypatch):
    member = specialty_member(unit=tree["y_ty"])
    make_seller_for(member, moderator=moderator)
    funnel.funnel_recompute()
    monkeypatch.setattr(funnel, "FUNNEL_RULES_VERSION", 2)
    result = funnel.funnel_recompute()
    assert result.created == result.deleted == 3
    assert set(MemberStage.objects.values_list("rules_version", flat=True)) == {2}


def test_recomputing_some_members_leaves_the_others_rows(tree, moderator):
    mai = specialty_member(unit=tree["y_ty"])
    sung = specialty_member(unit=tree["ta_phin"])
    funnel.funnel_recompute()
    sung.has_specialty_product = TriState.NO
    sung.save()
    mai.has_specialty_product = TriState.NO
    mai.save()
    funnel.funnel_recompute([mai])
    assert _stored(mai) == {}
    assert set(_stored(sung)) == {FunnelStage.SPECIALTY}  # not recomputed yet


def _recompute_queries():
    MemberStage.objects.all().delete()
    with CaptureQueriesContext(connection) as queries:
        funnel.funnel_recompute()
    return [query["sql"] for query in queries]


def test_recompute_reads_the_same_number_of_queries_for_3_or_12_sellers(tree, moderator):
    def seller(index):
        member = specialty_member(unit=tree["y_ty"], name=f"Người bán {index}")
        train(member, on=D(2025, 2, 1))
        place_order(make_seller_for(member, moderator=moderator))

    for index in range(3):
        seller(index)
    _recompute_queries()  # content types are looked up once per process, then cached
    few = _recompute_queries()
    for index in range(3, 12):
        seller(index)
    for _ in range(20):
        make_member(unit=tree["ta_phin"])
    many = _recompute_queries()

    assert MemberStage.objects.filter(stage=FunnelStage.ACTIVE).count() == 12
    assert len(few) == len(many) <= 12, many


def test_the_command_recomputes_everyone_or_one_units_subtree(tree):
    mai = specialty_member(unit=tree["y_ty"])
    sung = specialty_member(unit=tree["ta_phin"])
    call_command("funnel_recompute", "--unit", tree["bat_xat"].code, "--quiet")
    assert set(_stored(mai)) == {FunnelStage.SPECIALTY} and _stored(sung) == {}
    call_command("funnel_recompute", "--quiet")
    assert set(_stored(sung)) == {FunnelStage.SPECIALTY}


def test_the_rules_are_one_text_with_their_version_shown_translated():
    assert "rules version 1" in funnel.__doc__
    with translation.override("en"):
        paragraphs = funnel.rules_paragraphs()
    assert paragraphs[0] == funnel.__doc__.split("\n\n")[0]
    assert "90 days" in paragraphs[6]
