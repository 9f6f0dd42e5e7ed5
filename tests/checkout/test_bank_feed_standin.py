"""The bank feed's stand-in (manage.py bank_feed_pay) over real HTTP: it posts each provider's
payload to the live site's webhook, which authenticates it and pays the order."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from marketplace.management.commands.bank_feed_pay import feed_post
from marketplace.order.models import Order
from marketplace.order.statuses import OrderStatus
from marketplace.payment.models import BankTransaction
from tests.checkout.helpers import basket_add, checkout_to_preview, make_seller, place_order

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_the_stand_in_pays_an_order_over_http_as_each_provider(client, live_server, settings):
    honey, honey_product = make_seller(name="HTX Mật ong Bắc Hà")
    tea, tea_product = make_seller(name="HTX Chè Tả Phìn", price=90000)
    basket_add(client, honey_product, 1)
    basket_add(client, tea_product, 1)
    checkout_to_preview(client, options={honey: "pickup", tea: "pickup"})
    place_order(client)
    order = Order.objects.get()
    url = live_server.url + reverse("bank-feed-webhook")

    settings.CHOPHIEN_BANK_FEED_PROVIDER = "casso"  # the live server reads the same settings
    call_command("bank_feed_pay", f"cp{order.number}1", "--url", url)
    settings.CHOPHIEN_BANK_FEED_PROVIDER = "sepay"
    call_command("bank_feed_pay", f"CP{order.number} 2", "--url", url)

    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    rows = BankTransaction.objects.order_by("pk")
    assert [(row.provider, row.state) for row in rows] == [
        ("casso", "matched"),
        ("sepay", "matched"),
    ]

    # A payload keyed with anything but the site's key is refused over HTTP, and recorded nowhere.
    forged = feed_post(
        url=url,
        provider="sepay",
        secret="forged",
        payload={"id": 1, "transferType": "in", "transferAmount": 1, "content": "CP1 1"},
    )
    assert forged.status_code == 401
    assert BankTransaction.objects.count() == 2
    with pytest.raises(CommandError, match="No single payment"):
        call_command("bank_feed_pay", "CP1 1", "--url", url)
    # A payment already paid is not "paid" again with 0 đồng: the command says so, sends nothing.
    with pytest.raises(CommandError, match="already paid"):
        call_command("bank_feed_pay", f"CP{order.number} 1", "--url", url)
    assert BankTransaction.objects.count() == 2
