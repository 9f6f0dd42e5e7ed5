"""What the basket, checkout and the staff's order page do with script, under the site's real
Content-Security-Policy (each was dead while Oscar's inline start-up script was refused):
removing a line, a voucher, guest checkout's password box, the dashboard's order page."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from oscar.apps.offer.models import Benefit, Range
from oscar.test.factories import VoucherFactory, create_offer
from playwright.sync_api import expect

from accounts.models import User
from marketplace.order.models import Order
from tests.browser.helpers import sign_in
from tests.checkout.helpers import basket_add, checkout_to_preview, make_seller, place_order

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

HONEY = "Mật ong hoa bạc hà – chai 500ml"
TEA = "Chè Shan tuyết cổ thụ – gói 200g"


def _products():
    _honey_producer, honey = make_seller(name="HTX Mật ong Bắc Hà", price=150000)
    honey.title = HONEY
    honey.save()
    _tea_producer, tea = make_seller(name="Chè Shan tuyết Tả Phìn", district="Sa Pa", price=90000)
    tea.title = TEA
    tea.save()
    return honey, tea


def _add(journey, product):
    journey.goto(product.get_absolute_url())
    journey.page.get_by_role("button", name="Thêm vào giỏ hàng", exact=True).click()
    journey.page.wait_for_load_state("load")


def test_buyer_removes_a_line_from_the_basket(journey):
    honey, tea = _products()
    page = journey.page
    _add(journey, honey)
    _add(journey, tea)
    journey.goto("/shop/basket/")
    main = page.locator("main")
    expect(main).to_contain_text(HONEY)
    expect(main).to_contain_text(TEA)
    journey.check("basket with two lines")
    page.get_by_role("link", name="Xóa", exact=True).first.click()
    expect(main).not_to_contain_text(HONEY)
    expect(main).to_contain_text(TEA)
    journey.check("basket after removing a line")
    page.reload()
    expect(main).not_to_contain_text(HONEY)  # removed on the server, not only on the screen
    journey.finish()


def test_buyer_applies_a_voucher_in_the_basket(journey):
    honey, _tea = _products()
    # Staff made the voucher (Oscar's own factories, as the dashboard's form would).
    everything, _ = Range.objects.get_or_create(
        name="Toàn bộ sản phẩm", defaults={"includes_all_products": True}
    )
    benefit = Benefit.objects.create(range=everything, type=Benefit.PERCENTAGE, value=10)
    voucher = VoucherFactory(name="Tết 2027", code="TET2027")
    voucher.offers.add(create_offer(name="Giảm 10% dịp Tết", offer_type="Voucher",
                                    product_range=everything, benefit=benefit))  # fmt: skip
    page = journey.page
    _add(journey, honey)
    journey.goto("/shop/basket/")
    journey.check("basket before the voucher")
    code = page.locator("#id_code")
    expect(code).to_be_hidden()
    page.locator("#voucher_form_link a").click()
    expect(code).to_be_visible()
    journey.check("voucher form open")
    code.fill("tet2027")
    page.locator("#voucher_form [type=submit]").click()
    page.wait_for_load_state("load")
    main = page.locator("main")
    expect(main).to_contain_text("TET2027")
    expect(main).to_contain_text("135.000")  # 150.000 ₫ less 10 %
    journey.check("basket with the voucher")
    journey.finish()


def test_guest_checkout_hides_the_password_box(journey):
    honey, _tea = _products()
    page = journey.page
    _add(journey, honey)
    journey.goto("/shop/checkout/")
    password = page.locator("main [name=password]")
    guest = page.locator("main [name=options][value=anonymous]")
    expect(guest).to_be_checked()
    expect(password).to_be_hidden()
    journey.check("checkout: who, as a guest")
    page.locator("main [name=options][value=existing]").check()
    expect(password).to_be_visible()
    expect(password).to_be_enabled()
    journey.check("checkout: who, with an account")
    guest.check()
    expect(password).to_be_hidden()
    page.locator("main [name=username]").fill("lan@example.com")
    page.locator("main form [type=submit]").first.click()
    expect(page).to_have_url(journey.base_url + "/shop/checkout/shipping-address/")
    journey.finish()


def test_staff_work_with_an_order_in_the_dashboard(journey):
    honey, tea = _products()
    buyer = Client()
    basket_add(buyer, honey, 2)
    basket_add(buyer, tea, 1)
    producers = [product.stockrecords.get().partner.producer for product in (honey, tea)]
    checkout_to_preview(buyer, options=dict.fromkeys(producers, "pickup"))
    place_order(buyer)
    order = Order.objects.get()
    staff = User.objects.create_user(email="staff@example.com", password="x" * 12, is_staff=True)
    staff.groups.add(Group.objects.get(name="All Oscar Dashboard Permissions"))
    sign_in(journey.context, journey.base_url, staff)
    page = journey.page
    journey.goto("/dashboard/orders/")
    journey.check("dashboard: orders", admin=True)
    page.get_by_role("link", name=order.number, exact=True).first.click()
    expect(page.locator("h1")).to_contain_text(order.number)
    journey.check("dashboard: the order", admin=True)
    # The lines table's "select all" box, which Oscar's initTable() was meant to add.
    lines = page.locator("#order_lines_form input[name=selected_line]")
    expect(lines).to_have_count(2)
    page.get_by_role("checkbox", name="Chọn tất cả các dòng").check()
    for line in lines.all():
        expect(line).to_be_checked()
    # The page's tabs (Oscar's start-up script) work: "Payment" shows its panel.
    page.locator(".nav-tabs a[href='#payment']").click()
    expect(page.locator("#payment")).to_be_visible()
    journey.check("dashboard: the order's payment tab", admin=True)
    journey.finish()
