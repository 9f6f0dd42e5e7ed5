"""The buyer: home → search "mat ong" → product → products of two producers in the basket →
checkout with the test card → paid once Stripe's webhook arrives → the order's status page;
and a declined card."""

import pytest
from playwright.sync_api import expect

from marketplace.order.models import Order
from tests.browser.helpers import fill
from tests.checkout.conftest import wait_for
from tests.checkout.helpers import ADDRESS, make_seller

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _two_producers():
    honey_producer, honey = make_seller(name="HTX Mật ong Bắc Hà", price=150000)
    honey.title = "Mật ong hoa bạc hà – chai 500ml"
    honey.save()
    tea_producer, tea = make_seller(name="Chè Shan tuyết Tả Phìn", district="Sa Pa", price=90000)
    tea.title = "Chè Shan tuyết cổ thụ – gói 200g"
    tea.save()
    return honey, tea


def _search(journey, words, title):
    """Through the search box in the page header, typed without accents as on many phones:
    the product must be among the results."""
    page = journey.page
    form = page.get_by_role("search")
    assert form.get_attribute("action") == "/search/"
    box = form.get_by_label("Tìm sản phẩm")  # a combobox: it offers suggestions
    box.fill(words)
    box.press("Enter")
    page.wait_for_load_state("load")
    expect(page.get_by_role("link", name=title).first).to_be_visible()


def _add_to_basket(journey):
    page = journey.page
    page.get_by_role("button", name="Thêm vào giỏ hàng", exact=True).click()
    page.wait_for_load_state("load")


def _basket_with_two_producers(journey, honey, tea):
    page = journey.page
    journey.goto("/")
    journey.check("home")
    _search(journey, "mat ong", honey.title)
    journey.check("search results")
    page.get_by_role("link", name=honey.title).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(honey.title)
    journey.check("product")
    _add_to_basket(journey)
    journey.check("first product added")
    journey.goto(tea.get_absolute_url())
    _add_to_basket(journey)
    journey.goto("/shop/basket/")
    expect(page.locator("main")).to_contain_text(honey.title)
    expect(page.locator("main")).to_contain_text(tea.title)
    journey.check("basket")


def _checkout_to_card_page(journey):
    page = journey.page
    journey.goto("/shop/checkout/")
    journey.check("checkout: who")
    page.locator("[name=username]").fill("lan@example.com")
    page.locator("[name=options][value=anonymous]").check()
    page.locator("main form [type=submit]").first.click()
    journey.check("checkout: address")
    # Province, then the commune narrowed as one types (our script): one match left is chosen.
    fill(page, {k: v for k, v in ADDRESS.items() if k != "commune"})
    page.locator("main .cp-commune-search").fill("hoan kiem")
    expect(page.locator("main [name=commune]")).to_have_value(ADDRESS["commune"])
    page.locator("main form [type=submit]").last.click()
    journey.check("checkout: delivery")
    for group in page.locator("main fieldset").all():
        group.locator("input[type=radio][value=pickup]").check()
    page.locator("main form [type=submit]").last.click()
    journey.check("checkout: way to pay")
    page.locator("main input[name=method][value=card]").check()
    page.locator("main form [type=submit]").last.click()
    journey.check("checkout: preview")
    page.locator("#place-order").click()
    expect(page.locator("main")).to_contain_text("4242 4242 4242 4242")
    journey.check("card payment")
    return Order.objects.get()


def test_buyer_pays_by_card(journey, stripe_with_webhooks):
    honey, tea = _two_producers()
    page = journey.page
    _basket_with_two_producers(journey, honey, tea)
    order = _checkout_to_card_page(journey)
    assert order.lines.count() == 2
    page.locator("main input[name=card][value=visa]").check()
    page.get_by_role("button", name="Thanh toán", exact=True).click()
    # Back on the order's page, which reloads itself until the webhook marks the order paid.
    expect(page.get_by_role("heading", level=1)).to_contain_text(order.number)
    journey.check("order awaiting the card company")
    assert wait_for(lambda: Order.objects.get(pk=order.pk).status == "Paid")
    expect(page.locator(".cp-status")).to_have_text("Đã thanh toán", timeout=15_000)
    journey.check("order paid")
    journey.finish()


def test_buyer_card_declined(journey, stripe_with_webhooks):
    honey, tea = _two_producers()
    page = journey.page
    _basket_with_two_producers(journey, honey, tea)
    order = _checkout_to_card_page(journey)
    page.locator("main input[name=card][value=declined]").check()
    page.get_by_role("button", name="Thanh toán", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("Thẻ của bạn bị từ chối")
    journey.check("card declined")
    order.refresh_from_db()
    assert order.status == "Awaiting payment"
    journey.finish()


def test_buyer_in_hanoi_pastes_an_old_address_accepts_the_new_one_and_pays(
    journey, stripe_with_webhooks
):
    """The address she has always written, with its district, is read and offered in today's
    two tiers; she checks it and goes on, and her order goes to the new one."""
    honey, _tea = _two_producers()
    page = journey.page
    journey.goto(honey.get_absolute_url())
    _add_to_basket(journey)
    journey.goto("/shop/checkout/")
    page.locator("[name=username]").fill("lan@example.com")
    page.locator("[name=options][value=anonymous]").check()
    page.locator("main form [type=submit]").first.click()
    page.wait_for_load_state("load")
    fill(page, {"first_name": "Nguyễn Thị Lan", "phone_number": "0987 654 321"})
    page.get_by_text("Có địa chỉ ghi theo kiểu cũ (có quận, huyện)?").click()
    page.locator("main [name=old_address]").fill(
        "12 Hàng Bạc, phường Hàng Bạc, quận Hoàn Kiếm, Hà Nội"
    )
    page.get_by_role("button", name="Chuyển sang địa chỉ mới").click()
    expect(page.locator("#cp-converted")).to_contain_text(
        "12 Hàng Bạc, Phường Hoàn Kiếm, Thành phố Hà Nội"
    )
    expect(page.locator("main [name=commune]")).to_have_value("00070")
    expect(page.locator("main [name=first_name]")).to_have_value("Nguyễn Thị Lan")
    journey.check("checkout: old address converted")
    page.get_by_role("button", name="Tiếp tục", exact=True).click()
    page.wait_for_url("**/checkout/shipping-method/", wait_until="load")
    page.locator("main input[type=radio][value=national-post]").check()
    page.locator("main form [type=submit]").last.click()
    page.wait_for_load_state("load")
    page.locator("main input[name=method][value=card]").check()
    page.locator("main form [type=submit]").last.click()
    page.wait_for_load_state("load")
    expect(page.locator("main")).to_contain_text("Phường Hoàn Kiếm")
    page.locator("#place-order").click()
    expect(page.locator("main")).to_contain_text("4242 4242 4242 4242")
    order = Order.objects.get()
    page.locator("main input[name=card][value=visa]").check()
    page.get_by_role("button", name="Thanh toán", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(order.number)
    assert wait_for(lambda: Order.objects.get(pk=order.pk).status == "Paid")
    address = Order.objects.get(pk=order.pk).shipping_address
    assert address.commune.code == "00070" and address.line1 == "12 Hàng Bạc"
    assert (address.line3, address.line4) == ("Phường Hoàn Kiếm", "Thành phố Hà Nội")
    journey.check("order paid")
    journey.finish()
