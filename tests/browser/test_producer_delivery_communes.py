"""Issue 24: a producer ticks, on a phone and with no script needed, a neighbouring commune
it delivers to, found under its former district."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import expect

from places.models import AdministrativeUnit
from producers.models import Producer
from tests.browser.helpers import sign_in
from tests.factories.producers import home_commune, make_producer

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_producer_ticks_a_neighbouring_commune_it_delivers_to(journey, admin_units):
    ban_pho = home_commune("Bản Phố", district="Bắc Hà")
    producer = make_producer(name="Hộ Bản Phố", commune=ban_pho)
    Producer.objects.filter(pk=producer.pk).update(offers_local_delivery=True)
    user = get_user_model().objects.create_user(email="pho@example.com", password="x")
    producer.partner.users.add(user)
    sign_in(journey.context, journey.base_url, user)
    neighbour = (
        AdministrativeUnit.objects.current()
        .filter(parent=ban_pho.parent, level="commune")
        .exclude(pk=ban_pho.pk)
        .order_by("name")
        .first()
    )

    page = journey.page
    journey.goto(reverse("portal:selling_setup"))
    # Each former district folds away; the producer opens theirs and ticks a neighbour.
    group = page.locator("main details", has=page.get_by_label(neighbour.full_name, exact=True))
    expect(group.locator("summary")).to_contain_text("(cũ)")
    group.locator("summary").click()
    page.get_by_label(neighbour.full_name, exact=True).check()
    journey.check("selling setup: communes by former district")
    page.locator("main form [type=submit]").last.click()
    page.wait_for_url(journey.base_url + reverse("portal:home"), wait_until="load")

    assert list(producer.local_delivery_communes.all()) == [neighbour]
    journey.goto(reverse("portal:selling_setup"))
    expect(page.get_by_label(neighbour.full_name, exact=True)).to_be_checked()
    journey.check("selling setup: the ticked commune's group open again")
    journey.finish()
