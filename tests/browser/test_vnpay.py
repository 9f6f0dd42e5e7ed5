"""A buyer on a 360 px phone pays by VNPay: the site's page sends her to VNPay's (the local
stand-in, another origin), she presses "Thanh toán", VNPay calls the site's IPN and brings
her back, and her order's page says it is paid, by VNPay to Chợ Phiên."""

import pytest
from playwright.sync_api import expect

from marketplace.order.models import Order
from tests.browser.helpers import fill
from tests.checkout.helpers import ADDRESS, make_seller

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.mark.parametrize("size", ["phone"])
def test_buyer_pays_by_vnpay(journey, vnpay, size):
    _producer, honey = make_seller(name="HTX Mật ong Bắc Hà", price=150000)
    page = journey.page
    journey.goto(honey.get_absolute_url())
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
    page.wait_for_url("**/checkout/shipping-method/", wait_until="load")
    page.locator("main input[type=radio][value=pickup]").check()
    page.locator("main form [type=submit]").last.click()
    page.wait_for_url("**/checkout/payment-method/", wait_until="load")
    page.locator("main input[name=method][value=vnpay]").check()
    journey.check("way to pay: VNPay offered")
    page.locator("main form [type=submit]").last.click()
    page.wait_for_url("**/checkout/preview/", wait_until="load")
    page.locator("#place-order").click()
    page.wait_for_url("**/vnpay/", wait_until="load")
    order = Order.objects.get()
    journey.check("pay with VNPay")

    page.get_by_role("button", name="Sang VNPay để thanh toán").click()
    page.wait_for_url(f"{vnpay}/paymentv2/vpcpay.html?**", wait_until="load")
    expect(page.locator("#amount")).to_have_text("150.000\u00a0₫")
    page.get_by_role("button", name="Thanh toán", exact=True).click()

    page.wait_for_url("**/shop/checkout/order/**", wait_until="load")
    expect(page.get_by_role("heading", level=1)).to_contain_text(order.number)
    expect(page.locator(".cp-status")).to_have_text("Đã thanh toán")
    expect(page.locator("main")).to_contain_text("Đã thanh toán qua VNPay cho Chợ Phiên.")
    journey.check("order paid by VNPay")
    assert Order.objects.get(pk=order.pk).status == "Paid"
    journey.finish()
