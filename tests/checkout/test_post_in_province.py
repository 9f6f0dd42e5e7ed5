"""The post's charge reads the address's province: a parcel that stays in the site's province
(the merged Lào Cai, where the producers are) goes by the in-province weight bands staff keep,
one to Hà Nội by the national bands; without in-province bands, the national ones apply."""

from decimal import Decimal

import pytest
from oscar.core.loading import get_model

from marketplace.order.models import Order
from tests.checkout.helpers import (
    ADDRESS,
    basket_add,
    checkout_to_preview,
    make_seller,
    place_order,
)

pytestmark = pytest.mark.django_db

WeightBased = get_model("shipping", "WeightBased")

# Xã Tú Lệ, today's Lào Cai (the former Văn Chấn, Yên Bái): a buyer in the producer's province.
IN_LAO_CAI = {**ADDRESS, "province": "15", "commune": "04630", "line1": "Bản Lốc"}


def _post_charge_of_an_order(client, address) -> Decimal:
    honey, product = make_seller(name="HTX Mật ong Bắc Hà", weight_grams=800)
    basket_add(client, product, 1)
    checkout_to_preview(client, options={honey: "national-post"}, address=address)
    place_order(client)
    return Order.objects.get().shipping_incl_tax


def test_a_parcel_within_the_province_goes_by_the_in_province_bands(client, admin_units):
    assert _post_charge_of_an_order(client, IN_LAO_CAI) == Decimal(22000)  # up to 1 kg


def test_a_parcel_to_another_province_goes_by_the_national_bands(client, admin_units):
    assert _post_charge_of_an_order(client, ADDRESS) == Decimal(32000)  # up to 1 kg, Hà Nội


def test_without_in_province_bands_the_national_ones_apply(client, admin_units):
    WeightBased.objects.get(code="national-post-in-province").bands.all().delete()
    assert _post_charge_of_an_order(client, IN_LAO_CAI) == Decimal(32000)
