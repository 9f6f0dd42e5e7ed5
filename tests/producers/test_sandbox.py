"""A sandbox shop (Producer.is_sandbox) is all producers know of the practice shops of
trainings (issue 23): no column or migration of producers points into mentoring, and sending a
lines is told through the shop's signal (marketplace.order.signals.lines_dispatched) that
mentoring receives, not a call into it."""

import pytest
from django.apps import apps
from django.db.migrations.loader import MigrationLoader
from wagtail.models import ModelLogEntry

from accounts.models import User
from marketplace.order.signals import lines_dispatched
from producers import fulfilment
from producers.models import Producer
from tests.factories.marketplace import make_product
from tests.factories.orders import make_order
from tests.factories.producers import make_producer

pytestmark = pytest.mark.django_db

# The last producers migration written while Producer still had foreign keys into mentoring:
# every later one must not name mentoring (the ordering sits on mentoring's side, run_before).
LAST_WITH_MENTORING = "0008_producer_pickup_place"


def test_the_producer_points_nowhere_into_mentoring():
    into_mentoring = [
        field.name
        for field in Producer._meta.get_fields()
        if field.concrete
        and field.is_relation
        and field.related_model._meta.app_label == "mentoring"
    ]
    assert into_mentoring == []
    assert Producer._meta.get_field("is_sandbox").default is False


def test_producers_migrations_after_the_practice_fks_never_name_mentoring():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    later = [
        migration
        for (app, name), migration in loader.disk_migrations.items()
        if app == "producers" and name > LAST_WITH_MENTORING
    ]
    assert later, "the sandbox flag's migration is in producers"
    for migration in later:
        assert all(app != "mentoring" for app, _name in migration.dependencies), migration.name
        assert all(app != "mentoring" for app, _name in migration.run_before), migration.name
    # The copy into mentoring's seat table runs before producers drops its columns.
    seat = apps.get_model("mentoring", "PracticeSeat")
    assert seat._meta.get_field("producer").related_model is Producer


@pytest.fixture
def heard():
    calls = []

    def receiver(sender, **kwargs):
        calls.append((sender, kwargs))

    lines_dispatched.connect(receiver, dispatch_uid="tests.sandbox.heard")
    yield calls
    lines_dispatched.disconnect(dispatch_uid="tests.sandbox.heard")


def _dispatch(producer):
    product = make_product(partner=producer.partner, title="Mật ong – chai 500ml", price=250000)
    order = make_order(items=[(product, 1)])
    user = User.objects.create_user(email=f"{producer.pk}@example.com", password="x" * 12)
    fulfilment.order_lines_dispatch(producer=producer, lines=order.lines.all(), by=user)
    return order, user


def test_a_sandbox_shop_sending_its_lines_sends_the_shops_signal(heard):
    shop = make_producer(name="Thực hành · Mai")
    Producer.objects.filter(pk=shop.pk).update(is_sandbox=True)
    shop.refresh_from_db()
    order, user = _dispatch(shop)
    assert len(heard) == 1
    _sender, kwargs = heard[0]
    assert kwargs["partner"] == shop.partner and kwargs["order"] == order and kwargs["by"] == user
    assert [line.pk for line in kwargs["lines"]] == [line.pk for line in order.lines.all()]


def test_a_real_shop_sending_its_lines_is_heard_and_records_no_practice(heard):
    _dispatch(make_producer(name="Hộ mật ong"))
    assert len(heard) == 1  # the shop's signal is for every dispatch
    assert not ModelLogEntry.objects.filter(action="mentoring.practical_passed").exists()
