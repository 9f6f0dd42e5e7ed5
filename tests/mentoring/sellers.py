"""Members who sell, built through the project's own services: a producer registered by its
user, a product sent with the profile, staff approval, and orders placed through checkout and
paid by cash on delivery (the producer confirming the money arrived)."""

import datetime
import itertools
from decimal import Decimal

from django.contrib.auth.models import Permission
from django.utils import timezone
from wagtail.models import ModelLogEntry

from accounts.models import User
from marketplace.basket.models import Basket
from marketplace.catalogue.models import Product
from marketplace.checkout.services import basket_checkout
from marketplace.order.models import Order, PaymentEvent
from marketplace.partner.strategy import Selector
from marketplace.payment import services as payment_services
from mentoring.models import Attendance, Member, Topic, TrainingSession, TriState
from producers import listing
from producers import services as producer_services
from producers.models import Producer
from tests.checkout.helpers import ADDRESS
from tests.factories.marketplace import make_category
from tests.factories.mentoring import make_member
from tests.factories.producers import identify

_sequence = itertools.count(1)


def make_moderator() -> User:
    user = User.objects.create_user(
        email=f"staff{next(_sequence)}@example.com", password="x", is_staff=True
    )
    user.user_permissions.add(Permission.objects.get(codename="change_producer"))
    return User.objects.get(pk=user.pk)  # fresh, so the permission cache is empty


def moment(day: datetime.date) -> datetime.datetime:
    """Noon on `day`, local time (a record "made on" that day)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def specialty_member(*, unit, recorded_on=None, **fields) -> Member:
    return make_member(
        unit=unit,
        has_specialty_product=TriState.YES,
        specialty_recorded_on=recorded_on,
        **fields,
    )


def train(member: Member, *, on: datetime.date, topic=Topic.ECOMMERCE, unit=None):
    session = TrainingSession.objects.create(
        topic=topic, title=f"Tập huấn {topic}", held_on=on, org_unit=unit or member.org_unit
    )
    Attendance.objects.create(session=session, member=member)
    return session


def make_seller_for(member: Member, *, moderator: User, approve: bool = True):
    """The member registers a producer with one product and sends it for review; staff approve
    it (the product goes on sale with the profile). Returns the product."""
    number = next(_sequence)
    user = User.objects.create_user(email=f"seller{number}@example.com", password="x")
    producer = producer_services.producer_register(
        user=user,
        name=f"Hộ kinh doanh {member.full_name} {number}",
        kind=Producer.Kind.HOUSEHOLD,
        commune=None,  # the shop's place is not what these tests read
        story="Chè và mật ong của gia đình.",
    )
    producer = producer_services.producer_selling_setup_update(
        producer=producer,
        by=user,
        password="x",  # the account's own, typed again for the bank account
        bank_bin="970436",
        bank_account_number="0011001234567",
        bank_account_name="LO THI MAI",
        offers_pickup=True,
        offers_local_delivery=True,
        offers_national_post=True,
        pickup_address="Nhà văn hoá thôn Y Tý",
    )
    product = listing.producer_product_add(
        producer=producer,
        title=f"Chè Shan Tuyết {number}",
        category=make_category(),
        price=Decimal(150000),
        num_in_stock=50,
        weight_grams=500,
    )
    producer_services.producer_submit(producer=producer, by=user)
    identify(producer)  # a seller is identified before selling (producers.identification)
    if approve:
        producer_services.producer_approve(producer=producer, by=moderator)
    Member.objects.filter(pk=member.pk).update(producer=producer)
    member.refresh_from_db()
    return Product.objects.get(pk=product.pk)


def place_order(product: Product, *, paid: bool = True, on: datetime.date | None = None):
    """A buyer orders one unit by cash on delivery; the producer confirms the cash arrived
    (`paid`). `on` backdates the order and its payment to that day."""
    basket = Basket.objects.create()
    basket.strategy = Selector().strategy()
    basket.add_product(product, 1)
    order = basket_checkout(
        basket=basket, address=ADDRESS, payment_method_code="cod", guest_email="lan@example.com"
    )
    if paid:
        for source in order.sources.all():
            payment_services.source_received_confirm(source_id=source.pk, by=None)
    if on is not None:
        Order.objects.filter(pk=order.pk).update(date_placed=moment(on))
        PaymentEvent.objects.filter(order=order).update(date_created=moment(on))
    order.refresh_from_db()
    return order


def backdate_approval(producer: Producer, *, on: datetime.date, action="producers.approve"):
    ModelLogEntry.objects.for_instance(producer).filter(action=action).update(timestamp=moment(on))


def backdate_product(product: Product, *, on: datetime.date):
    Product.objects.filter(pk=product.pk).update(date_updated=moment(on))
    ModelLogEntry.objects.for_instance(product).filter(action="producers.product_approve").update(
        timestamp=moment(on)
    )
