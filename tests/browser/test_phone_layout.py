"""On a 360 px phone: the product page's price and "Add to basket" are on the first screen (the
photo alone fills most of it); the catalogue's sort choice and product titles are not cut off."""

import pytest

from tests.checkout.helpers import make_seller

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_price_and_add_to_basket_are_on_a_phones_first_screen(browser, live_server):
    _producer, product = make_seller(name="Hợp tác xã Thổ cẩm Tày Nghĩa Đô", price=1200000)
    product.title = "Vỏ chăn thổ cẩm Tày – cỡ 1,6 × 2 m, dệt tay từ sợi bông nhuộm chàm"
    product.save(update_fields=["title"])
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="vi-VN", is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.goto(live_server.url + product.get_absolute_url())
    price = page.locator(".cp-buybox__price")
    button = page.locator("form.cp-buy [type=submit]")
    for element in (price, button):
        box = element.bounding_box()
        assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 740, box
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360, box
    assert "1.200.000" in price.inner_text()
    button.click()
    page.wait_for_load_state("load")
    assert page.locator(".cp-count").first.inner_text().strip() == "1"
    context.close()


def test_catalogue_sort_choice_and_card_titles_are_whole_on_a_phone(browser, live_server):
    titles = ("Chè Shan Tuyết cổ thụ Y Tý thu hái mùa xuân – gói 100g", "Mật ong – chai 500ml")
    for number, title in enumerate(titles):
        _producer, product = make_seller(name=f"Hợp tác xã số {number}", price=90000 + number)
        product.title = title
        product.save(update_fields=["title"])
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN")
    page = context.new_page()
    page.goto(live_server.url + "/shop/catalogue/?sort_by=price-desc")
    select = page.locator(".cp-sort select")
    assert select.evaluate("s => s.selectedOptions[0].text") == "Giá từ cao đến thấp"
    # The chosen option's text fits the select's box (inner width less the arrow).
    text_width, room = select.evaluate(
        """s => { const c = document.createElement("canvas").getContext("2d");
            c.font = getComputedStyle(s).font;
            const cs = getComputedStyle(s);
            const padding = parseFloat(cs.paddingLeft) + parseFloat(cs.paddingRight);
            return [c.measureText(s.selectedOptions[0].text).width,
                    s.clientWidth - padding - 20]; }"""
    )
    assert text_width <= room, (text_width, room)
    clipped = page.locator(".cp-card__title").evaluate_all(
        "ts => ts.filter(t => t.scrollHeight > t.clientHeight + 1).map(t => t.textContent.trim())"
    )
    assert clipped == []
    context.close()
