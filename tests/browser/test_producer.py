"""The producer: the sign-up wizard with a photo of the first product → staff approve in the
moderation queue → the product is in the catalogue → an order arrives → the producer marks it
sent."""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from accounts.models import User
from marketplace.order.statuses import LineStatus
from producers.models import Producer
from tests.browser.helpers import fill, jpeg, sign_in
from tests.factories.marketplace import make_category
from tests.factories.orders import make_order
from tests.factories.producers import home_commune, identify

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TITLE = "Mật ong rừng Si Ma Cai – chai 500ml"


def test_producer_lists_a_product_and_sends_an_order(journey, tmp_path, admin_units):
    category = make_category(name="Mật ong rừng")
    page = journey.page
    journey.goto("/producer/")
    journey.check("wizard: account")
    fill(page, {"phone": "0912 345 678", "last_name": "Giàng A", "first_name": "Páo",
                "password": "mat-ong-rung-2026"})  # fmt: skip
    page.locator("main form [type=submit]").last.click()
    expect(page).to_have_url(journey.base_url + "/producer/join/profile/")
    journey.check("wizard: profile")
    fill(page, {"name": "Hộ kinh doanh Giàng A Páo", "kind": "household",
                "commune": home_commune("Bản Mế", district="Si Ma Cai").pk,
                "story": "Tôi nuôi ong lấy mật trên núi đá Si Ma Cai."})  # fmt: skip
    page.locator("main form [type=submit]").last.click()
    expect(page).to_have_url(journey.base_url + "/producer/join/product/")
    journey.check("wizard: first product")
    fill(page, {"photo": jpeg(tmp_path / "mat-ong.jpg"), "title": TITLE,
                "category": category.pk, "price": "250000", "num_in_stock": "20",
                "description": "Mật ong hoa rừng, lọc thủ công."})  # fmt: skip
    page.locator("main form [type=submit]").last.click()
    expect(page).to_have_url(journey.base_url + "/producer/home/")
    journey.check("portal: waiting for review")
    producer = Producer.objects.get(partner__name="Hộ kinh doanh Giàng A Páo")
    assert producer.status == Producer.Status.SUBMITTED
    product = producer.partner.stockrecords.get().product
    assert product.images.count() == 1

    # Staff, in their own browser, approve the producer from the moderation queue.
    staff = User.objects.create_user(email="staff@example.com", password="x", is_staff=True)
    staff.groups.add(Group.objects.get(name="Producer moderators"))
    staff_context = journey.new_context()
    sign_in(staff_context, journey.base_url, staff)
    admin = staff_context.new_page()
    admin.goto(journey.base_url + "/cms-admin/producers/?status=submitted")
    journey.check("staff: producers to review", admin, admin=True)
    admin.get_by_role("link", name="Xem xét").first.click()
    journey.check("staff: review producer", admin, admin=True)
    fill(admin, {"decision": "approve"}, scope="form")
    admin.locator("main form [type=submit]").last.click()
    expect(admin.locator("body")).to_contain_text("Đã lưu quyết định")
    journey.check("staff: approved", admin, admin=True)
    staff_context.close()
    producer.refresh_from_db()
    assert producer.status == Producer.Status.APPROVED
    # Nothing goes on sale before the seller is identified (its own journey:
    # test_seller_identification.py); staff approve the identification here.
    identify(producer)

    journey.goto("/shop/catalogue/")
    expect(page.get_by_role("link", name=TITLE).first).to_be_visible()
    journey.check("catalogue lists the product")

    order = make_order(items=[(product, 2)])
    journey.goto("/producer/orders/")
    journey.check("portal: orders")
    page.get_by_role("link", name=str(order.number)).first.click()
    journey.check("portal: the order")
    page.locator("main [name=lines]").first.check()
    tracking = page.locator("main [name=tracking_number]")
    if tracking.count():
        tracking.fill("VNP123456")
    page.get_by_role("button", name="Đánh dấu đã gửi").click()
    page.wait_for_load_state("load")
    journey.check("portal: order sent")
    assert order.lines.get().status == LineStatus.DISPATCHED
    journey.finish()
