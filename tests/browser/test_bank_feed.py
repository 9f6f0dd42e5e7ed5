"""A buyer pays a two-producer order by VietQR and the bank's feed (its local stand-in,
manage.py bank_feed_pay, posting to the live site over HTTP) confirms both transfers: the
order's page turns paid by itself, with nobody pressing "received"."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from marketplace.order.models import Order
from marketplace.order.selectors import order_status_path
from tests.browser.helpers import fill
from tests.checkout.helpers import ADDRESS, make_seller

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_buyer_pays_by_vietqr_and_the_bank_feed_confirms_both_groups(journey, live_server):
    _honey_producer, honey = make_seller(name="HTX Mật ong Bắc Hà", price=150000)
    _tea_producer, tea = make_seller(name="Chè Shan tuyết Tả Phìn", price=90000)
    page = journey.page
    for product in (honey, tea):
        journey.goto(product.get_absolute_url())
        page.get_by_role("button", name="Thêm vào giỏ hàng", exact=True).click()
        page.wait_for_load_state("load")
    journey.goto("/shop/checkout/")
    page.locator("[name=username]").fill("lan@example.com")
    page.locator("[name=options][value=anonymous]").check()
    page.locator("main form [type=submit]").first.click()
    page.wait_for_load_state("load")
    fill(page, {k: v for k, v in ADDRESS.items() if k != "commune"})
    page.locator("main .cp-commune-search").fill("hoan kiem")
    expect(page.locator("main [name=commune]")).to_have_value(ADDRESS["commune"])
    page.locator("main form [type=submit]").last.click()
    page.wait_for_load_state("load")
    for group in page.locator("main fieldset").all():
        group.locator("input[type=radio][value=pickup]").check()
    page.locator("main form [type=submit]").last.click()
    page.wait_for_load_state("load")
    page.locator("main input[name=method][value=bank-transfer]").check()
    page.locator("main form [type=submit]").last.click()
    page.wait_for_load_state("load")
    page.locator("#place-order").click()
    page.wait_for_load_state("load")
    order = Order.objects.get()

    journey.goto(order_status_path(order))
    expect(page.locator(".cp-transfer")).to_have_count(2)
    journey.check("order awaiting two transfers")
    webhook = live_server.url + reverse("bank-feed-webhook")
    # The buyer's banking app dropped the space of the first reference and lowered its case.
    call_command("bank_feed_pay", f"cp{order.number}1", "--url", webhook)
    call_command("bank_feed_pay", f"CP{order.number} 2", "--url", webhook)

    # The page looks again by itself (static/js/order_status.js) and shows it paid.
    expect(page.locator(".cp-status").first).to_have_text("Đã thanh toán", timeout=20_000)
    received = page.locator("#payments-received")
    expect(received).to_contain_text("Đã trả vào tài khoản của HTX Mật ong Bắc Hà")
    expect(received).to_contain_text("ngân hàng xác nhận lúc")
    journey.check("order paid by the bank feed")
    journey.finish()
