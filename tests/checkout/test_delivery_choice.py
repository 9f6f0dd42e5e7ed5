"""The buyer chooses how each producer's goods reach them (nothing is chosen for them), and a
buyer who picks up is told where and when: at checkout, on the order's page and in the email."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from marketplace.order.models import Order
from producers.models import Producer
from tests.checkout.helpers import ADDRESS, basket_add, make_seller, place_order

pytestmark = pytest.mark.django_db

PLACE = "Nhà văn hoá thôn Tả Phời, xã Hợp Thành"
HOURS = "7:00–17:00, thứ Hai đến thứ Bảy"


@pytest.fixture
def honey():
    return make_seller(name="HTX Mật ong Bắc Hà", price=150000)


@pytest.fixture
def honey_with_place(honey):
    producer, product = honey
    Producer.objects.filter(pk=producer.pk).update(pickup_address=PLACE, pickup_hours=HOURS)
    producer.refresh_from_db()
    return producer, product


def _to_shipping_step(client, product, *, contact="lan@example.com"):
    basket_add(client, product, 1)
    client.post(reverse("checkout:index"), {"username": contact, "options": "anonymous"})
    response = client.post(reverse("checkout:shipping-address"), ADDRESS)
    assert response.url == reverse("checkout:shipping-method")


def _choose(client, producer, code, method="cod"):
    response = client.post(
        reverse("checkout:shipping-method"), {f"group_{producer.partner_id}": code}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    client.post(reverse("checkout:payment-method"), {"method": method})


def test_no_delivery_option_is_chosen_for_the_buyer(client, honey):
    producer, product = honey
    _to_shipping_step(client, product)
    page = client.get(reverse("checkout:shipping-method")).content.decode()
    radios = re.findall(r'<input type="radio"[^>]*>', page)
    assert len(radios) == 2  # pickup and the post (district delivery is not open to Hà Nội)
    assert not [radio for radio in radios if "checked" in radio]


def test_continuing_without_a_choice_is_refused_in_vietnamese(client, honey):
    producer, product = honey
    _to_shipping_step(client, product)
    response = client.post(reverse("checkout:shipping-method"), {})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Hãy chọn cách nhận hàng của HTX Mật ong Bắc Hà." in page
    # Nothing was chosen behind the buyer's back: the payment step is still closed.
    assert client.get(reverse("checkout:payment-method")).status_code == 302
    assert client.get(reverse("checkout:preview")).status_code == 302


def test_a_producer_added_after_choosing_must_be_chosen_for_too(client, honey):
    producer, product = honey
    _to_shipping_step(client, product)
    _choose(client, producer, "national-post")
    tea, tea_product = make_seller(name="HTX Chè Tả Phìn", district="Sa Pa", price=90000)
    basket_add(client, tea_product, 1)
    response = client.get(reverse("checkout:preview"))
    assert response.status_code == 302
    assert response.url == reverse("checkout:shipping-method")
    # The buyer's earlier choice for the honey is kept.
    page = client.get(response.url).content.decode()
    assert f'name="group_{producer.partner_id}" value="national-post" checked' in page


def test_pickup_shows_the_place_and_hours_at_checkout(client, honey_with_place):
    producer, product = honey_with_place
    _to_shipping_step(client, product)
    page = client.get(reverse("checkout:shipping-method")).content.decode()
    assert PLACE in page and HOURS in page
    _choose(client, producer, "pickup")
    preview = client.get(reverse("checkout:preview")).content.decode()
    assert PLACE in preview and HOURS in preview
    assert "Giao tới" not in preview  # nothing is delivered


def test_a_pickup_order_says_where_to_collect_and_not_deliver_to(
    client, honey_with_place, django_capture_on_commit_callbacks
):
    producer, product = honey_with_place
    _to_shipping_step(client, product)
    _choose(client, producer, "pickup")
    with django_capture_on_commit_callbacks(execute=True):
        place_order(client)
    order = Order.objects.get()
    status_url = reverse(
        "checkout:order-status",
        kwargs={"order_number": order.number, "hash": order.verification_hash()},
    )
    page = client.get(status_url).content.decode()
    assert PLACE in page and HOURS in page
    assert "Giao tới" not in page
    thank_you = client.get(reverse("checkout:thank-you")).content.decode()
    assert PLACE in thank_you
    to_buyer = mail.outbox[0]
    assert to_buyer.to == ["lan@example.com"]
    assert PLACE in to_buyer.body and HOURS in to_buyer.body


def test_a_delivered_order_still_says_where_it_goes(client, honey_with_place):
    producer, product = honey_with_place
    _to_shipping_step(client, product)
    _choose(client, producer, "national-post")
    place_order(client)
    order = Order.objects.get()
    status_url = reverse(
        "checkout:order-status",
        kwargs={"order_number": order.number, "hash": order.verification_hash()},
    )
    page = client.get(status_url).content.decode()
    assert "Giao tới" in page
    assert PLACE not in page


def test_pickup_without_a_place_given_falls_back_to_the_commune_and_district(client):
    producer, product = make_seller(name="Hộ Lò Văn Sáng", district="Bắc Hà")
    _to_shipping_step(client, product)
    page = client.get(reverse("checkout:shipping-method")).content.decode()
    assert "Tả Phìn, Bắc Hà" in page
