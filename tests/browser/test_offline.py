"""The site on a phone with a bad signal (issue 26): a product page shared in a chat carries
its Open Graph tags and a reachable image; the service worker installs and takes the page
over; offline, the product page opens from the phone's store with the "Bạn đang ngoại tuyến"
note, and a checkout page is never served from it (the offline page instead)."""

import time

import pytest
from playwright.sync_api import expect

from marketplace.catalogue.models import Product
from tests.checkout.helpers import make_seller

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

REQUIRED = ["og:type", "og:title", "og:description", "og:url", "og:image"]


def _wait_until(page, expression, timeout=10):
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"never true: {expression}"
        time.sleep(0.2)


@pytest.mark.parametrize("size", ["phone"])
def test_product_page_is_shared_installed_and_opens_offline(journey):
    _, honey = make_seller(name="HTX Mật ong Bắc Hà", price=150000)
    title = honey.title
    page = journey.page

    journey.goto(honey.get_absolute_url())
    og = page.evaluate(
        "Object.fromEntries([...document.querySelectorAll('meta[property]')]"
        ".map(m => [m.getAttribute('property'), m.content]))"
    )
    for prop in REQUIRED + ["product:price:amount", "product:price:currency"]:
        assert og.get(prop), prop
    assert og["og:url"] == journey.base_url + honey.get_absolute_url()
    assert og["og:description"].startswith("150.000\xa0₫")
    image = journey.context.request.get(og["og:image"])
    assert image.status == 200 and image.headers["content-type"].startswith("image/")
    assert len(image.body()) <= 300 * 1024
    expect(page.get_by_role("button", name="Sao chép liên kết")).to_be_visible()
    journey.check("product online")

    # Installed: the manifest is read and the worker controls the page (clients.claim()).
    manifest = page.evaluate(
        "fetch(document.querySelector('link[rel=manifest]').href).then(r => r.json())"
    )
    assert manifest["name"] == "Chợ Phiên"
    _wait_until(page, "navigator.serviceWorker.controller !== null")
    assert page.evaluate("navigator.serviceWorker.controller.scriptURL").endswith("/sw.js")

    # Opened again (through the worker now): the worker keeps it.
    page.reload()
    _wait_until(
        page, "caches.match(location.href, {ignoreVary: true}).then(found => Boolean(found))"
    )
    expect(page.locator("#cp-offline")).to_be_hidden()

    # A basket and the checkout's first page, opened online.
    page.get_by_role("button", name="Thêm vào giỏ hàng", exact=True).click()
    page.wait_for_load_state("load")
    journey.goto("/shop/checkout/")
    expect(page.locator("input[name=username]")).to_be_visible()

    # The product changes meanwhile: what shows offline must be the phone's copy.
    Product.objects.filter(pk=honey.pk).update(title="Đổi tên khi điện thoại mất mạng")

    journey.context.set_offline(True)
    journey.goto(honey.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.locator("#cp-offline")).to_be_visible()
    expect(page.locator("#cp-offline")).to_contain_text("Bạn đang ngoại tuyến")
    # The copy kept is the page as first opened, not the one saying "added to your basket".
    expect(page.locator(".cp-msg")).to_have_count(0)
    journey.check("product offline")

    journey.goto("/shop/checkout/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bạn đang ngoại tuyến")
    expect(page.locator("input[name=username]")).to_have_count(0)
    journey.check("checkout offline")
    journey.context.set_offline(False)
    journey.finish()
