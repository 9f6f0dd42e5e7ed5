"""A buyer on their phone reports a broken jar with a photo, and sees the complaint upheld once
staff decide it (a service call here: the admin screen has its own tests)."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from accounts.models import User
from complaints import services
from complaints.models import Complaint
from marketplace.basket.models import Basket
from marketplace.checkout.services import basket_checkout
from marketplace.order.selectors import order_status_path
from marketplace.partner.strategy import Selector
from marketplace.payment import services as payment_services
from tests.browser.helpers import fill, jpeg, sign_in
from tests.payouts.helpers import BUYER_ADDRESS, sellers

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.mark.parametrize("size", ["phone"])
def test_a_buyer_complains_with_a_photo_and_sees_it_resolved(journey, admin_units, tmp_path):
    honey, jar, _tea, _pack = sellers()
    buyer = User.objects.create_user(email="lan@example.com", password="a-long-password-1")
    basket = Basket.objects.create(owner=buyer)
    basket.strategy = Selector().strategy(user=buyer)
    basket.add_product(jar, 1)
    order = basket_checkout(
        basket=basket,
        address=BUYER_ADDRESS,
        payment_method_code="bank-transfer",
        user=buyer,
        options={jar.stockrecords.get().partner_id: "pickup"},
    )
    # The producer confirms the transfer: the refund will be theirs to give back.
    for source in order.sources.all():
        payment_services.source_received_confirm(source_id=source.pk, by=None)

    page = journey.page
    journey.goto(order_status_path(order))
    page.locator("[data-complaints] a").last.click()
    page.wait_for_url("**/complaints/order/**", wait_until="load")
    journey.check("buyer: report a problem")
    line = order.lines.get()
    fill(
        page,
        {
            "target": f"line-{line.pk}",
            "reason": "damaged",
            "description": "Lọ mật ong bị vỡ khi nhận hàng.",
            "photo_1": str(jpeg(tmp_path / "IMG_2024.jpg")),
        },
    )
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/complaints/order/**?opened=*", wait_until="load")
    expect(page.locator("[data-complaint-opened]")).to_be_visible()
    expect(page.locator("[data-complaint]")).to_contain_text("Đang mở")
    journey.check("buyer: complaint sent")
    complaint = Complaint.objects.get()
    assert complaint.photos.count() == 1

    # The producer answers from their portal on their own phone.
    keeper = User.objects.create_user(email="mai@example.com", password="a-long-password-1")
    honey.partner.users.add(keeper)
    producer_context = journey.new_context()
    sign_in(producer_context, journey.base_url, keeper)
    producer_page = journey.goto("/producer/complaints/", producer_context.new_page())
    journey.check("producer: complaints", producer_page)
    producer_page.locator("main .cp-mylist a").first.click()
    producer_page.wait_for_url("**/producer/complaints/*/", wait_until="load")
    journey.check("producer: one complaint", producer_page)
    producer_page.locator("main [name=answer]").fill("Xin lỗi chị, em sẽ hoàn tiền.")
    producer_page.locator("main button[type=submit]").click()
    producer_page.wait_for_load_state("load")
    expect(producer_page.locator("[data-answer-state]")).to_contain_text("Xin lỗi chị")

    staff = User.objects.create_superuser(email="cskh@example.com", password="x" * 12)
    services.complaint_refund(complaint=complaint, amount=Decimal(150000), by=staff)

    page.reload(wait_until="load")
    expect(page.locator("[data-complaint]")).to_contain_text("150.000")
    expect(page.locator("[data-complaint]")).to_contain_text("Đã hoàn tiền")
    journey.check("buyer: complaint upheld")
    journey.finish()
