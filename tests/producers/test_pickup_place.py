"""A producer who lets buyers pick up says where and when (the checkout shows it)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import User
from producers import services
from tests.factories.producers import make_producer

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in_producer(client):
    producer = make_producer(name="HTX Mật ong Bắc Hà")
    user = User.objects.create_user(email="mai@example.com", password="x")
    producer.partner.users.add(user)
    client.force_login(user)
    return producer


def test_the_portal_asks_for_the_pickup_place_and_hours(client, signed_in_producer):
    page = client.get(reverse("portal:selling_setup")).content.decode()
    assert 'name="pickup_address"' in page and 'name="pickup_hours"' in page
    response = client.post(
        reverse("portal:selling_setup"),
        {
            "offers_pickup": "on",
            "pickup_address": "Nhà văn hoá thôn Tả Phời",
            "pickup_hours": "7:00–17:00, thứ Hai đến thứ Bảy",
        },
    )
    assert response.status_code == 302
    signed_in_producer.refresh_from_db()
    assert signed_in_producer.pickup_address == "Nhà văn hoá thôn Tả Phời"
    assert signed_in_producer.pickup_hours == "7:00–17:00, thứ Hai đến thứ Bảy"


def test_pickup_without_a_place_is_refused_in_vietnamese(client, signed_in_producer):
    response = client.post(reverse("portal:selling_setup"), {"offers_pickup": "on"})
    assert response.status_code == 200
    assert "Hãy ghi nơi người mua đến lấy hàng" in response.content.decode()
    signed_in_producer.refresh_from_db()
    assert not signed_in_producer.offers_pickup


def test_the_service_refuses_pickup_without_a_place_too(signed_in_producer):
    with pytest.raises(ValidationError) as error:
        services.producer_selling_setup_update(producer=signed_in_producer, offers_pickup=True)
    assert "pickup_address" in error.value.message_dict
    signed_in_producer.refresh_from_db()
    assert not signed_in_producer.offers_pickup
