"""Issue 24: a young producer of the former Yên Bái (now part of Lào Cai) signs up with the
commune of today's map, chosen from the plain select grouped by former district, on a phone."""

import pytest
from playwright.sync_api import expect

from producers.models import Producer
from tests.browser.helpers import fill

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_producer_of_the_former_yen_bai_signs_up_with_their_commune(journey, admin_units):
    page = journey.page
    journey.goto("/producer/")
    fill(page, {"phone": "0912 678 901", "last_name": "Lò Thị", "first_name": "Nhung",
                "password": "nep-tu-le-2026"})  # fmt: skip
    page.locator("main form [type=submit]").last.click()
    expect(page).to_have_url(journey.base_url + "/producer/join/profile/")

    commune = page.locator("main [name=commune]")
    # Listed under the district people still name, in the province of today.
    group = commune.locator("optgroup", has=page.locator("option", has_text="Xã Tú Lệ"))
    expect(group).to_have_attribute("label", "Huyện Văn Chấn (cũ)")
    journey.check("wizard: profile, communes of today's Lào Cai")
    fill(page, {"name": "Hộ kinh doanh Lò Thị Nhung", "kind": "household",
                "story": "Tôi cấy nếp Tú Lệ dưới chân đèo Khau Phạ."})  # fmt: skip
    commune.select_option(label="Xã Tú Lệ")
    page.locator("main form [type=submit]").last.click()
    page.wait_for_url(journey.base_url + "/producer/join/product/", wait_until="load")
    journey.check("wizard: first product")

    producer = Producer.objects.select_related("commune__parent", "former_district__parent").get(
        partner__name="Hộ kinh doanh Lò Thị Nhung"
    )
    assert producer.commune.full_name == "Xã Tú Lệ"
    assert producer.commune.parent.code == "15"  # Lào Cai since 1 July 2025
    assert producer.former_district.name == "Văn Chấn"
    assert producer.former_district.parent.name == "Yên Bái"
