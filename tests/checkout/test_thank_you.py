"""After placing: a way back to the shop, the VietQR code saved as an image (nobody can scan
their own screen), and the account number and message copied with one tap, or selected as
text without JavaScript."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from core.qr import qr_png
from marketplace.order.models import Order
from marketplace.payment.vietqr_blocks import order_transfer_blocks
from tests.checkout.helpers import basket_add, checkout_to_preview, make_seller, place_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def bank_transfer_order(client):
    honey, jar = make_seller(name="HTX Mật ong Bắc Hà")
    tea, pack = make_seller(name="HTX Chè Tả Phìn", district="Sa Pa", price=90000)
    basket_add(client, jar)
    basket_add(client, pack)
    checkout_to_preview(client, options={honey: "pickup", tea: "pickup"})
    place_order(client)
    return Order.objects.get()


def test_the_thank_you_page_leads_back_to_the_shop(client, bank_transfer_order):
    page = client.get(reverse("checkout:thank-you")).content.decode()
    link = re.search(r'<a [^>]*href="([^"]+)"[^>]*>Tiếp tục mua sắm</a>', page)
    assert link and link.group(1) == reverse("catalogue:index")


def test_each_vietqr_code_can_be_saved_as_a_png(client, bank_transfer_order):
    order = bank_transfer_order
    page = client.get(reverse("checkout:thank-you")).content.decode()
    downloads = re.findall(r'<a [^>]*href="([^"]+\.png)"[^>]*download="[^"]+\.png"', page)
    assert len(downloads) == 2
    blocks = order_transfer_blocks(order)
    for url, block in zip(downloads, blocks, strict=True):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/png"
        assert response["Content-Disposition"].startswith("attachment;")
        assert response.content == qr_png(block.payload)  # the same code as on the screen
    # The order's page offers the same.
    status = client.get(
        reverse(
            "checkout:order-status",
            kwargs={"order_number": order.number, "hash": order.verification_hash()},
        )
    ).content.decode()
    assert downloads[0] in status


def test_the_png_needs_the_orders_signed_link_and_one_of_its_transfers(client, bank_transfer_order):
    order = bank_transfer_order
    source = order.sources.first()
    url = reverse(
        "checkout:transfer-qr",
        kwargs={"order_number": order.number, "hash": "x:forged", "source_id": source.pk},
    )
    assert client.get(url).status_code == 404
    url = reverse(
        "checkout:transfer-qr",
        kwargs={
            "order_number": order.number,
            "hash": order.verification_hash(),
            "source_id": source.pk + 1000,
        },
    )
    assert client.get(url).status_code == 404


def test_account_number_and_message_have_a_copy_button_and_stay_selectable_text(
    client, bank_transfer_order
):
    order = bank_transfer_order
    page = client.get(reverse("checkout:thank-you")).content.decode()
    for target, value in (
        ("transfer-account-1", "0011001234567"),
        ("transfer-message-1", f"CP{order.number} 1"),
    ):
        assert re.search(rf'id="{target}">{re.escape(value)}<', page)
        button = re.search(rf'<button [^>]*data-copy-target="{target}"[^>]*>', page).group(0)
        assert 'type="button"' in button
        assert " hidden" in button  # shown by the script: without it, no dead button
    # The behaviour is a static file (the CSP allows scripts from 'self' only).
    assert re.search(r'<script src="[^"]*/js/copy(\.[0-9a-f]+)?\.js"></script>', page)
    assert finders.find("js/copy.js")


def test_a_cash_order_has_no_qr_to_save_but_still_leads_back_to_the_shop(client):
    honey, jar = make_seller(name="HTX Mật ong Bắc Hà")
    basket_add(client, jar)
    checkout_to_preview(client, method="cod", options={honey: "pickup"})
    place_order(client)
    page = client.get(reverse("checkout:thank-you")).content.decode()
    assert "download=" not in page and "copy.js" not in page
    assert "Tiếp tục mua sắm" in page
