"""Shipping offers (free or cheaper shipping) from Oscar's offers dashboard at checkout: the
discount is shared among the producer groups, so each producer is owed its discounted part."""

from decimal import Decimal

import pytest
from django.urls import reverse
from oscar.apps.offer.models import Benefit, Condition, ConditionalOffer, Range

from marketplace.order.models import Order
from marketplace.shipping.methods import ByProducer, ByProducerOfferDiscount
from marketplace.shipping.options import ProducerGroup, ShippingOption
from tests.checkout.helpers import basket_add, checkout_to_preview, make_seller, place_order

pytestmark = pytest.mark.django_db


def make_shipping_offer(benefit_type, value, name="Giảm phí vận chuyển"):
    everything = Range.objects.create(name="Mọi sản phẩm", includes_all_products=True)
    condition = Condition.objects.create(range=everything, type=Condition.COUNT, value=1)
    benefit = Benefit.objects.create(type=benefit_type, value=Decimal(value))
    return ConditionalOffer.objects.create(
        name=name, offer_type=ConditionalOffer.SITE, condition=condition, benefit=benefit
    )


def test_a_percentage_shipping_offer_is_placed_with_each_producers_discounted_shipping(client):
    offer = make_shipping_offer(Benefit.SHIPPING_PERCENTAGE, 15)
    honey, honey_product = make_seller(name="HTX Mật ong Bắc Hà", weight_grams=700)
    tea, tea_product = make_seller(name="HTX Chè Tả Phìn", district="Thị xã Sa Pa", price=90000)
    basket_add(client, honey_product, 2)
    basket_add(client, tea_product, 1)
    checkout_to_preview(client, options={honey: "national-post", tea: "national-post"})

    # Post: 1.4 kg of honey 40.000, 0.5 kg of tea 25.000; 15% off the 65.000 is 9.750.
    preview = client.get(reverse("checkout:preview"))
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "34.000" in page and "21.250" in page and "55.250" in page
    assert "Giảm phí vận chuyển" in page  # the offer is named

    response = place_order(client)
    assert response.status_code == 302, response.content.decode()[:2000]
    order = Order.objects.get()
    assert order.shipping_incl_tax == Decimal(55250)
    assert order.total_incl_tax == Decimal(300000 + 90000 + 55250)
    charges = {group.partner_id: group.charge for group in order.shipping_groups.all()}
    assert charges == {honey.partner_id: Decimal(34000), tea.partner_id: Decimal(21250)}
    owed = {source.partner_id: source.amount_allocated for source in order.sources.all()}
    assert owed == {honey.partner_id: Decimal(334000), tea.partner_id: Decimal(111250)}
    assert sum(owed.values()) == order.total_incl_tax
    discount = order.discounts.get()
    assert discount.offer_id == offer.pk and discount.amount == Decimal(9750)


def test_free_shipping_offer_places_an_order_with_nothing_to_pay_for_shipping(client):
    make_shipping_offer(Benefit.SHIPPING_PERCENTAGE, 100, name="Miễn phí vận chuyển")
    honey, honey_product = make_seller(name="HTX Mật ong Bắc Hà", weight_grams=700)
    basket_add(client, honey_product, 1)
    checkout_to_preview(client, method="cod", options={honey: "national-post"})
    assert place_order(client).status_code == 302
    order = Order.objects.get()
    assert order.shipping_incl_tax == 0
    assert order.shipping_groups.get().charge == 0
    assert order.sources.get().amount_allocated == Decimal(150000)


def test_a_fixed_discount_is_shared_in_whole_dong_that_add_up():
    offer = make_shipping_offer(Benefit.SHIPPING_ABSOLUTE, 10000)
    choices = [
        (ProducerGroup(partner=None, lines=[]), ShippingOption("national-post", Decimal(25000)))
        for _ in range(3)
    ]
    method = ByProducerOfferDiscount(ByProducer(choices), offer)
    charges = [option.charge for _group, option in method.choices]
    # 10.000 over three equal charges: 3.333,33 each, the last đồng to one of them.
    assert sorted(charges) == [Decimal(21666), Decimal(21667), Decimal(21667)]
    assert sum(charges) == Decimal(65000)
    assert all(charge == charge.to_integral_value() for charge in charges)
